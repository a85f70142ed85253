import XCTest
@testable import TensorCore

/// The contiguous fast path of `+ - * /` must give exactly what the general path gives: dtype,
/// shape, strides and every bit of every element.
final class BinaryFastPathTests: XCTestCase {
    private let dtypes: [DType] = [.uint8, .int8, .int16, .int32, .int64, .float32, .float64]
    private let ops: [BinaryOp] = [.add, .sub, .mul, .div]

    private func sample(_ dtype: DType, _ shape: [Int], seed: Int) throws -> NDArray {
        let n = shape.reduce(1, *)
        let floats: [Double] = [1.5, -2.25, 0, .nan, .infinity, -0.0, 3e38, 1e-40, 7, -7]
        let ints: [Int64] = [1, -2, 0, 127, -128, 255, 100_000, -9, 7, 3]
        let scalars: [Scalar] = (0..<n).map { i in
            dtype.isFloatingPoint ? .float(floats[(i + seed) % floats.count])
                                  : .int(ints[(i + seed) % ints.count])
        }
        return try NDArray(scalars: scalars, shape: shape, dtype: dtype)
    }

    private func assertSame(_ fast: NDArray, _ general: NDArray, _ what: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(fast.dtype, general.dtype, what, file: file, line: line)
        XCTAssertEqual(fast.shape, general.shape, what, file: file, line: line)
        XCTAssertEqual(fast.strides, general.strides, what, file: file, line: line)
        XCTAssertEqual(fast.scalars.map(bits), general.scalars.map(bits), what, file: file, line: line)
    }

    private func bits(_ s: Scalar) -> String {
        switch s {
        case .float(let d): return String(d.bitPattern, radix: 16)
        default: return "\(s)"
        }
    }

    func testMatchesGeneralPath() throws {
        let numbers: [Scalar] = [.int(3), .int(-1000), .float(0.1), .float(-.infinity), .bool(true)]
        for dtype in dtypes {
            for shape in [[], [3], [2, 3], [0], [1, 4, 1]] {
                let x = try sample(dtype, shape, seed: 0)
                let y = try sample(dtype, shape, seed: 3)
                for op in ops {
                    var cases: [(Operand, Operand, String)] = [(.array(x), .array(y), "array-array")]
                    for s in numbers {
                        cases.append((.array(x), .scalar(s), "array-\(s)"))
                        cases.append((.scalar(s), .array(x), "\(s)-array"))
                    }
                    for (a, b, name) in cases {
                        let what = "\(op) \(dtype) \(shape) \(name)"
                        let general = try NDArray.generalBinary(op, a, b)
                        let fast = try NDArray.binary(op, a, b)
                        assertSame(fast, general, what)
                    }
                }
            }
        }
    }

    func testInPlaceMatchesGeneralPath() throws {
        for dtype in dtypes {
            for op in ops where !(op == .div && !dtype.isFloatingPoint) {
                let y = try sample(dtype, [2, 3], seed: 5)
                for other: Operand in [.array(y), .scalar(.int(7)), .scalar(.float(0.5))] {
                    if case .scalar(.float) = other, !dtype.isFloatingPoint { continue }
                    let x = try sample(dtype, [2, 3], seed: 1)
                    let expected = try NDArray.generalBinary(op, .array(x), other)
                    let version = x.storage.version
                    try x.binaryInPlace(op, other)
                    assertSame(x, expected, "\(op)= \(dtype) \(other)")
                    XCTAssertEqual(x.storage.version, version + 1)
                }
                // x op= x reads and writes the same elements.
                let x = try sample(dtype, [4], seed: 2)
                let expected = try NDArray.generalBinary(op, .array(x), .array(x))
                try x.binaryInPlace(op, .array(x))
                assertSame(x, expected, "\(op)= self \(dtype)")
            }
        }
    }

    func testViewsAndBroadcastingTakeTheGeneralPath() throws {
        let m = try sample(.float32, [3, 4], seed: 0)
        let t = try m.matrixTransposed
        let sum = try NDArray.binary(.add, .array(t), .array(t))
        assertSame(sum, try NDArray.generalBinary(.add, .array(t), .array(t)), "transposed")
        let row = try sample(.float32, [4], seed: 1)
        assertSame(try NDArray.binary(.mul, .array(m), .array(row)),
                   try NDArray.generalBinary(.mul, .array(m), .array(row)), "broadcast row")
        let mixed = try NDArray.binary(.add, .array(m), .array(try sample(.float64, [3, 4], seed: 2)))
        XCTAssertEqual(mixed.dtype, .float64)
        XCTAssertEqual(try NDArray.binary(.div, .array(try sample(.int64, [3], seed: 0)), .scalar(.int(2))).dtype, .float32)
    }
}
