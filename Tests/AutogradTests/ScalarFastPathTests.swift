import XCTest
import TensorCore
@testable import Autograd

/// The 0-d fast path must give exactly the engine's results, bit for bit.
final class ScalarFastPathTests: XCTestCase {
    private let samples: [Double] = [0.5, -1.25, 3.0e-8, 7.75, -0.0, 1e30, 0.1, 2.0, .infinity, .nan]

    private func bits(_ a: NDArray) -> [UInt64] {
        switch a.dtype {
        case .float32: return [UInt64(a.pointer(as: Float.self).pointee.bitPattern)]
        default: return [a.pointer(as: Double.self).pointee.bitPattern]
        }
    }

    func testUnaryMatchesEngine() throws {
        for dtype in [DType.float32, .float64] {
            for v in samples {
                let x = NDArray(scalar: .float(v), dtype: dtype)
                for op in UnaryOp.allCases {
                    guard let fast = try ScalarFastPath.unary(op, x) else { continue }
                    let engine = try x.unary(op)
                    if v.isNaN { XCTAssertEqual(engine.scalars[0].doubleValue.isNaN, fast.scalars[0].doubleValue.isNaN); continue }
                    XCTAssertEqual(bits(fast), bits(engine), "\(op) \(dtype) \(v)")
                }
            }
        }
    }

    func testBinaryMatchesEngine() throws {
        let scalars: [Scalar] = [.float(1.0001), .int(3), .float(-0.1), .float(1e-40)]
        for dtype in [DType.float32, .float64] {
            for v in samples where !v.isNaN {
                let x = NDArray(scalar: .float(v), dtype: dtype)
                let y = NDArray(scalar: .float(0.3), dtype: dtype)
                for op in [BinaryOp.add, .sub, .mul, .div, .pow] {
                    var pairs: [(Operand, Operand)] = [(.array(x), .array(y))]
                    for s in scalars { pairs.append((.array(x), .scalar(s))); pairs.append((.scalar(s), .array(x))) }
                    for (a, b) in pairs {
                        guard let fast = try ScalarFastPath.binary(op, a, b) else {
                            XCTAssertEqual(op, .pow, "only pow falls back here")
                            continue
                        }
                        let engine = try NDArray.binary(op, a, b)
                        XCTAssertEqual(fast.dtype, engine.dtype)
                        XCTAssertEqual(bits(fast), bits(engine), "\(op) \(dtype) \(v)")
                    }
                }
            }
        }
        // Mixed dtypes and dimensioned arrays are left to the engine.
        let f32 = NDArray(scalar: .float(1), dtype: .float32)
        let f64 = NDArray(scalar: .float(1), dtype: .float64)
        XCTAssertNil(try ScalarFastPath.binary(.add, .array(f32), .array(f64)))
        XCTAssertNil(try ScalarFastPath.binary(.add, .array(try f32.reshaped([1])), .scalar(.int(1))))
        XCTAssertNil(try ScalarFastPath.binary(.add, .array(f32), .scalar(.bool(true))))
    }
}
