import Foundation
import TensorCore
@testable import TorchFiles
import XCTest

/// The checkpoint layer on its own: the pickle machine, the zip records and the tensor
/// rebuilders, without the interpreter.
final class TorchArchiveTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("torchfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testViewsShareOneRecordAndComeBackSharing() throws {
        let base = try NDArray((0..<6).map { Float($0) }, shape: [2, 3])
        let row = base.viewing(shape: [3], strides: [1], offset: 3)
        let column = base.viewing(shape: [2], strides: [3], offset: 1)
        let dict = PickleDict([(.string("a"), .tensor(SavedTensor(base))), (.string("row"), .tensor(SavedTensor(row))),
                               (.string("col"), .tensor(SavedTensor(column, requiresGrad: true)))], ordered: true)
        try TorchArchive.save(.dict(dict), to: path("views.pt"))
        let zip = try ZipRecordReader(path: path("views.pt"))
        XCTAssertEqual(zip.names, ["views/data.pkl", "views/.format_version", "views/.storage_alignment", "views/byteorder",
                                   "views/data/0", "views/version", "views/.data/serialization_id"])
        guard case .dict(let back) = try TorchArchive.load(path: path("views.pt")) else { return XCTFail("not a dict") }
        XCTAssertTrue(back.ordered)
        let tensors = back.entries.compactMap { entry -> SavedTensor? in
            if case .tensor(let t) = entry.value { return t }
            return nil
        }
        XCTAssertEqual(tensors.count, 3)
        XCTAssertTrue(tensors[0].array.storage === tensors[1].array.storage)
        XCTAssertTrue(tensors[0].array.storage === tensors[2].array.storage)
        XCTAssertEqual(tensors[1].array.doubles, [3, 4, 5])
        XCTAssertEqual(tensors[2].array.doubles, [1, 4])
        XCTAssertEqual(tensors[2].array.strides, [3])
        XCTAssertTrue(tensors[2].requiresGrad)
        XCTAssertFalse(tensors[1].requiresGrad)
    }

    func testRecordsStartAt64ByteBoundaries() throws {
        let t = try NDArray([1.5, 2.5], shape: [2])
        try TorchArchive.save(.list(PickleList([.tensor(SavedTensor(t)), .string("x")])), to: path("aligned.pt"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("aligned.pt"))))
        let zip = try ZipRecordReader(path: path("aligned.pt"))
        for name in zip.names {
            let offset = zip.entries[name]!.headerOffset
            let r = ByteReader(Array(bytes[offset..<(offset + 30)]))
            let start = offset + 30 + r.u16(26) + r.u16(28)
            XCTAssertEqual(start % 64, 0, name)
        }
        XCTAssertEqual(try zip.record("aligned/version"), Array("3\n".utf8))
    }

    func testScalarsAndContainersRoundTrip() throws {
        let shared = PickleList([.int(1)])
        let big: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0x40]  // 2**70
        let value = PickleValue.tuple([.none, .bool(true), .int(-1), .int(255), .int(65535), .int(-70000), .int(Int.max),
                                       .int(Int.min), .bigInt(big), .float(-0.25), .string("héllo"), .bytes([0, 200]),
                                       .list(shared), .list(shared), .set([.int(3)]), .size([2, 3]), .device("cpu"),
                                       .dtype("float64")])
        try TorchArchive.save(value, to: path("scalars.pt"))
        guard case .tuple(let items) = try TorchArchive.load(path: path("scalars.pt")) else { return XCTFail("not a tuple") }
        XCTAssertEqual(items.count, 18)
        guard case .int(-1) = items[2], case .int(255) = items[3], case .int(65535) = items[4], case .int(-70000) = items[5],
              case .int(Int.max) = items[6], case .int(Int.min) = items[7], case .bigInt(let b) = items[8],
              case .float(-0.25) = items[9], case .string("héllo") = items[10], case .bytes(let bytes) = items[11],
              case .list(let l1) = items[12], case .list(let l2) = items[13], case .size(let size) = items[15],
              case .device("cpu") = items[16], case .dtype("float64") = items[17] else {
            return XCTFail("unexpected \(items)")
        }
        XCTAssertEqual(b, big)
        XCTAssertEqual(bytes, [0, 200])
        XCTAssertTrue(l1 === l2, "one list saved twice loads as one list")
        XCTAssertEqual(size, [2, 3])
    }

    func testASelfContainingListRoundTrips() throws {
        let l = PickleList([.int(1)])
        l.items.append(.list(l))
        try TorchArchive.save(.list(l), to: path("cycle.pt"))
        guard case .list(let back) = try TorchArchive.load(path: path("cycle.pt")), case .list(let inner) = back.items[1] else {
            return XCTFail("not a list")
        }
        XCTAssertTrue(back === inner)
    }

    /// A pickle that names `os.system` is refused before anything is called.
    func testGlobalsOutsideTheAllowListAreRefused() throws {
        let evil: [UInt8] = [0x80, 2] + Array("cos\nsystem\n".utf8) + [0x58, 2, 0, 0, 0] + Array("ls".utf8) + [0x85, 0x52, 0x2E]
        XCTAssertThrowsError(try PickleReader.load(evil, storage: { _, _ in fatalError() })) { error in
            let e = error as! TorchFileError
            XCTAssertEqual(e.kind, .unpickling)
            XCTAssertTrue(e.message.contains("os.system"), e.message)
        }
        let numpy: [UInt8] = [0x80, 2] + Array("cnumpy.core.multiarray\n_reconstruct\n".utf8) + [0x2E]
        XCTAssertThrowsError(try PickleReader.load(numpy, storage: { _, _ in fatalError() })) { error in
            XCTAssertTrue((error as! TorchFileError).message.contains("Unsupported global: GLOBAL numpy.core.multiarray._reconstruct"))
        }
    }

    func testMalformedPicklesAreErrorsNotCrashes() {
        let cases: [[UInt8]] = [
            [], [0x80, 2], [0x80, 2, 0x58, 0xFF, 0xFF, 0xFF, 0x7F], [0x80, 2, 0x2E], [0x80, 2, 0x74, 0x2E],
            [0x80, 2, 0x68, 9, 0x2E], [0x80, 2, 0x4B, 1, 0x61, 0x2E], [0x80, 2, 0x29, 0x29, 0x52, 0x2E], [0xFF],
            [0x80, 2, 0x4B, 1, 0x51, 0x2E],
        ]
        for bytes in cases {
            XCTAssertThrowsError(try PickleReader.load(bytes, storage: { _, _ in fatalError() }), "\(bytes)")
        }
    }

    /// A tensor whose geometry reaches past its storage is refused, never read out of bounds.
    func testViewsOutsideTheirStorageAreRefused() throws {
        let t = try NDArray([Float](repeating: 1, count: 4), shape: [4])
        try TorchArchive.save(.tensor(SavedTensor(t)), to: path("t.pt"))
        let zip = try ZipRecordReader(path: path("t.pt"))
        var pickle = try zip.record("t/data.pkl")
        // The size tuple (4,) is `K 4 \x85`: make it (5,).
        let at = pickle.indices.first { pickle[$0] == 0x4B && pickle[$0 + 1] == 4 && pickle[$0 + 2] == 0x85 }!
        pickle[at + 1] = 5
        let storage: PickleReader.StorageLoader = { ref, element in
            try TorchArchive.readStorage(zip, "t/data/" + ref.key, element: element, count: ref.count, bigEndian: false)
        }
        XCTAssertThrowsError(try PickleReader.load(pickle, storage: storage)) { error in
            XCTAssertTrue((error as! TorchFileError).message.contains("out of bounds"), "\(error)")
        }
    }

    /// A key set twice keeps its first position and takes its last value, as in Python
    /// (`{'a': 1, 'b': 2, 'a': 3}`), through the hash index and through the scan alike.
    func testRepeatedKeysKeepTheFirstPositionAndTheLastValue() throws {
        func key(_ s: String) -> [UInt8] { [0x58, UInt8(s.utf8.count), 0, 0, 0] + Array(s.utf8) }
        let pickle: [UInt8] = [0x80, 2, 0x7D, 0x28] + key("a") + [0x4B, 1] + key("b") + [0x4B, 2] + key("a") + [0x4B, 3]
            + [0x4B, 7, 0x29, 0x86, 0x4B, 4, 0x4B, 7, 0x29, 0x86, 0x4B, 5, 0x88, 0x4B, 6, 0x75, 0x2E]
        guard case .dict(let d) = try PickleReader.load(pickle, storage: { _, _ in fatalError() }) else { return XCTFail("not a dict") }
        XCTAssertEqual(d.entries.count, 4)
        guard case .string("a") = d.entries[0].key, case .int(3) = d.entries[0].value,
              case .string("b") = d.entries[1].key, case .tuple = d.entries[2].key, case .int(5) = d.entries[2].value,
              case .bool(true) = d.entries[3].key, case .int(6) = d.entries[3].value else {
            return XCTFail("unexpected \(d.entries)")
        }
    }

    /// Lists nested 200,000 deep (two bytes a level) and tuples that double through the memo
    /// 70 times are refused quickly, without recursing once per level or per path.
    func testDeepAndExplodingPicklesAreRefused() throws {
        let depth = 200_000
        let deep: [UInt8] = [0x80, 2] + [UInt8](repeating: 0x5D, count: depth) + [UInt8](repeating: 0x61, count: depth - 1) + [0x2E]
        let tree = try PickleReader.load(deep, storage: { _, _ in fatalError() })
        XCTAssertThrowsError(try tree.checkLimits(budget: 1_000_000)) { error in
            XCTAssertTrue((error as! TorchFileError).message.contains("levels deep"), "\(error)")
        }
        tree.dismantle()
        var bomb: [UInt8] = [0x80, 2, 0x29, 0x71, 0]
        for i in 1..<70 { bomb += [0x68, UInt8(i - 1), 0x68, UInt8(i - 1), 0x86, 0x71, UInt8(i)] }
        bomb.append(0x2E)
        let shared = try PickleReader.load(bomb, storage: { _, _ in fatalError() })
        XCTAssertThrowsError(try shared.checkLimits(budget: 1_000_000)) { error in
            XCTAssertTrue((error as! TorchFileError).message.contains("more objects"), "\(error)")
        }
        shared.dismantle()
        // A truncated deep pickle is an error, and what was built is released without a crash.
        XCTAssertThrowsError(try PickleReader.load(Array(deep.dropLast()), storage: { _, _ in fatalError() }))
    }

    /// Checkpoints with random bytes changed load or fail with an error, never a trap.
    func testCorruptedCheckpointsFailCleanly() throws {
        let net = try NDArray((0..<12).map { Float($0) }, shape: [3, 4])
        let sd = PickleDict([(.string("w"), .tensor(SavedTensor(net))),
                             (.string("row"), .tensor(SavedTensor(net.viewing(shape: [4], strides: [1], offset: 4)))),
                             (.string("meta"), .list(PickleList([.int(1), .string("x"), .tuple([.float(2)])])))], ordered: true)
        try TorchArchive.save(.dict(sd), to: path("good.pt"))
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("good.pt"))))
        var rng = SystemRandomNumberGenerator()
        var failures = 0
        for _ in 0..<300 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path("bad.pt")))
            do { _ = try TorchArchive.load(path: path("bad.pt")) } catch is TorchFileError { failures += 1 }
        }
        XCTAssertGreaterThan(failures, 0)
    }

    func testNotAZipFile() throws {
        try "hello".write(toFile: path("text.pt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TorchArchive.load(path: path("text.pt"))) { error in
            XCTAssertEqual((error as! TorchFileError).kind, .runtime)
        }
        XCTAssertThrowsError(try TorchArchive.load(path: path("missing.pt"))) { error in
            XCTAssertEqual((error as! TorchFileError).kind, .fileNotFound)
        }
    }

    func testHalfAndBFloat16Widen() {
        XCTAssertEqual(TorchArchive.halfToFloat(0x3C00), 1)
        XCTAssertEqual(TorchArchive.halfToFloat(0xC000), -2)
        XCTAssertEqual(TorchArchive.halfToFloat(0x0001), Float(sign: .plus, exponent: -24, significand: 1))
        XCTAssertTrue(TorchArchive.halfToFloat(0x7C00).isInfinite)
    }

    func testCRC32MatchesTheZipPolynomial() {
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        XCTAssertEqual(text.withUnsafeBytes { CRC32.checksum($0) }, 0x414F_A339)
    }
}
