import Foundation
import XCTest
import TensorCore
@testable import Frames

/// `.npy`/`.npz` round trips through NumPy itself, and malformed files.
final class NumPyTests: XCTestCase {
    /// Runs a Python program and returns its standard output; skips the test without NumPy.
    private func python(_ program: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw XCTSkip("python3 is not available") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errors, as: UTF8.self)
        if errorText.contains("No module named 'numpy'") { throw XCTSkip("NumPy is not installed") }
        guard process.terminationStatus == 0 else {
            XCTFail("python3 failed: \(errorText)")
            return ""
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func elements(_ a: NDArray) -> String {
        a.scalars.map { s -> String in
            switch s {
            case .bool(let b): return b ? "1" : "0"
            case .int(let i): return String(i)
            case .float(let d): return String(d)
            case .complex(let r, let i): return "\(r)+\(i)j"
            }
        }.joined(separator: " ")
    }

    func testLoadingWhatNumPyWrites() throws {
        let dir = try Fixture.temporaryDirectory()
        let listing = try python("""
            import numpy as np
            from numpy.lib import format as f
            cases = [('bool', '|b1'), ('u1', '|u1'), ('i1', '|i1'), ('i2', '<i2'), ('bi4', '>i4'),
                     ('i8', '<i8'), ('bf4', '>f4'), ('f8', '<f8'), ('bf8', '>f8'), ('u2', '<u2'),
                     ('u4', '>u4'), ('f2', '<f2'), ('c8', '<c8'), ('bc16', '>c16')]
            base = np.array([[0, 1, -2], [3, 4, 5]])
            for name, dt in cases:
                for order in 'CF':
                    for version in [(1, 0), (2, 0), (3, 0)]:
                        a = np.asarray(np.abs(base) if dt[1] in 'ub' else base, dtype=dt, order=order)
                        if dt[1] == 'f': a = a / 4
                        path = '\(dir.path)/%s_%s_%d.npy' % (name, order, version[0])
                        with open(path, 'wb') as fh: f.write_array(fh, a, version=version)
                        flat = ' '.join(('1' if x else '0') if dt[1] == 'b' else (('%r+%rj' % (float(x.real), float(x.imag))) if dt[1] == 'c' else repr(float(x) if dt[1] == 'f' else int(x))) for x in a.ravel(order='C'))
                        print(path + '|' + np.dtype(dt).name + '|' + flat)
            """)
        let lines = listing.split(separator: "\n")
        XCTAssertEqual(lines.count, 14 * 2 * 3)
        for line in lines {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let array = try NumPyFiles.load(path: parts[0])
            XCTAssertEqual(array.shape, [2, 3], parts[0])
            XCTAssertEqual(elements(array), parts[2], parts[0])
        }
        let widened = try NumPyFiles.load(path: dir.appendingPathComponent("u2_C_1.npy").path)
        XCTAssertEqual(widened.dtype, .int32)
        XCTAssertEqual(try NumPyFiles.load(path: dir.appendingPathComponent("f2_F_3.npy").path).dtype, .float32)
        XCTAssertEqual(try NumPyFiles.load(path: dir.appendingPathComponent("bc16_C_2.npy").path).dtype, .complex128)
    }

    func testNumPyReadsWhatTcalcWrites() throws {
        let dir = try Fixture.temporaryDirectory()
        let arrays: [(String, NDArray)] = [
            ("f", try NDArray([0.5, -1.25, 3, 1e300], shape: [2, 2])),
            ("i", try NDArray([Int64.min, 0, 7], shape: [3])),
            ("b", try NDArray([true, false], shape: [2])),
            ("s", try NDArray([Float(2.5)], shape: [])),
            ("e", try NDArray([Int32](), shape: [0, 3])),
            ("t", try NDArray([Int16(1), 2, 3, 4, 5, 6], shape: [2, 3]).viewing(shape: [3, 2], strides: [1, 3])),
        ]
        for (name, array) in arrays {
            let written = try NumPyFiles.save(path: dir.appendingPathComponent(name).path, array: array)
            XCTAssertTrue(written.hasSuffix(".npy"))
            let back = try NumPyFiles.load(path: written)
            XCTAssertEqual(back.shape, array.shape)
            XCTAssertEqual(back.dtype, array.dtype)
            XCTAssertEqual(elements(back), elements(array))
        }
        let printed = try python("""
            import numpy as np
            for n in 'fibset':
                a = np.load('\(dir.path)/' + n + '.npy')
                print(n, a.dtype, a.shape, a.ravel().tolist())
            """)
        XCTAssertEqual(printed, """
            f float64 (2, 2) [0.5, -1.25, 3.0, 1e+300]
            i int64 (3,) [-9223372036854775808, 0, 7]
            b bool (2,) [True, False]
            s float32 () [2.5]
            e int32 (0, 3) []
            t int16 (3, 2) [1, 4, 2, 5, 3, 6]

            """)
    }

    func testArchivesBothWays() throws {
        let dir = try Fixture.temporaryDirectory()
        _ = try python("""
            import numpy as np
            np.savez('\(dir.path)/plain.npz', x=np.arange(6).reshape(2, 3), y=np.array([1.5, 2.5]))
            np.savez_compressed('\(dir.path)/packed.npz', z=np.ones((100,), dtype=np.float32), w=np.array([True]))
            """)
        let plain = try NumPyFiles.loadArchive(path: dir.appendingPathComponent("plain.npz").path)
        XCTAssertEqual(plain.map(\.0), ["x", "y"])
        XCTAssertEqual(plain[0].1.shape, [2, 3])
        XCTAssertEqual(elements(plain[0].1), "0 1 2 3 4 5")
        XCTAssertEqual(elements(plain[1].1), "1.5 2.5")
        let packed = try NumPyFiles.loadArchive(path: dir.appendingPathComponent("packed.npz").path)
        XCTAssertEqual(packed.map(\.0), ["z", "w"])
        XCTAssertEqual(packed[0].1.count, 100)
        XCTAssertEqual(packed[0].1.dtype, .float32)
        XCTAssertTrue(NumPyFiles.isArchive(path: dir.appendingPathComponent("packed.npz").path))

        for compressed in [false, true] {
            let path = try NumPyFiles.savez(path: dir.appendingPathComponent("mine\(compressed)").path, arrays: [
                ("a", try NDArray([1.0, 2.0, 3.0], shape: [3])), ("b", try NDArray([Int64(4), 5], shape: [2])),
            ], compressed: compressed)
            XCTAssertEqual(try NumPyFiles.loadArchive(path: path).map(\.0), ["a", "b"])
            let printed = try python("""
                import numpy as np
                d = np.load('\(path)')
                print(list(d.keys()), d['a'].tolist(), d['b'].dtype)
                """)
            XCTAssertEqual(printed, "['a', 'b'] [1.0, 2.0, 3.0] int64\n")
        }
    }

    func testMalformedFiles() throws {
        func assertLoadFails(_ bytes: [UInt8], _ expected: String, kind: FrameError.Kind = .value,
                             line: UInt = #line) throws {
            let path = try Fixture.write(bytes: bytes, name: "bad.npy")
            XCTAssertFrameError(try NumPyFiles.load(path: path), kind, "'\(path)'" + expected, line: line)
        }
        let good = try NumPyFiles.encode(try NDArray([1.0, 2.0, 3.0], shape: [3]))
        try assertLoadFails(Array("a,b\n1,2\n".utf8),
                            " is not a .npy file: the magic string is not correct; expected b'\\x93NUMPY', got b'a,b\\x0a1,'")
        try assertLoadFails(Array(good.prefix(30)), ": the file ends inside the .npy header")
        try assertLoadFails(Array(good.dropLast(4)),
                            ": Failed to read all data for array. Expected (3,) = 3 elements, could only read 2 elements. (file seems not fully written?)",
                            kind: .eof)
        func withHeader(_ dict: String) -> [UInt8] {
            var h = NPYHeader.magic + [1, 0]
            let text = Array(dict.utf8) + [0x0A]
            h += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
            return h + text + [UInt8](repeating: 0, count: 16)
        }
        try assertLoadFails(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1000000), }"),
                            ": Failed to read all data for array. Expected (1000000000000, 1000000) = 1000000000000000000 elements, could only read 2 elements. (file seems not fully written?)",
                            kind: .eof)
        try assertLoadFails(withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"),
                            ": Object arrays cannot be loaded (dtype '|O'): tcalc loads only numbers and booleans")
        try assertLoadFails(withHeader("{'descr': '<U5', 'fortran_order': False, 'shape': (2,), }"),
                            ": tcalc cannot load arrays of dtype '<U5': only bool, integer, floating-point and complex arrays")
        try assertLoadFails(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)"),
                            ": Cannot parse header: \"{'descr': '<f8', 'fortran_order': False, 'shape': (2,)\\n\"")
        try assertLoadFails(withHeader("{'descr': '<f8', 'shape': (2,), }"),
                            ": Header does not contain the correct keys: ['descr', 'shape']")
        XCTAssertFrameError(try NumPyFiles.load(path: "/nonexistent/x.npy"), .fileNotFound,
                            "[Errno 2] No such file or directory: '/nonexistent/x.npy'")
        let notZip = try Fixture.write("hello", name: "bad.npz")
        XCTAssertThrowsError(try NumPyFiles.loadArchive(path: notZip))
    }

    func testHalfPrecisionConversion() {
        XCTAssertEqual(NumPyFiles.halfToFloat(0x3C00), 1)
        XCTAssertEqual(NumPyFiles.halfToFloat(0xC000), -2)
        XCTAssertEqual(NumPyFiles.halfToFloat(0x0001), Float(sign: .plus, exponent: -24, significand: 1))
        XCTAssertEqual(NumPyFiles.halfToFloat(0x7C00), .infinity)
        XCTAssertTrue(NumPyFiles.halfToFloat(0x7E00).isNaN)
    }
}
