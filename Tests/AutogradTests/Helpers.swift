import XCTest
import TensorCore
@testable import Autograd

/// A float tensor from values (row-major) and a shape (1-d when omitted).
func tensor(_ values: [Double], _ shape: [Int]? = nil, dtype: DType = .float32,
            requiresGrad: Bool = false) throws -> Tensor {
    let data = try NDArray.fromScalars(values.map { Scalar.float($0) }, shape: shape ?? [values.count], dtype: dtype)
    return try Tensor(data, requiresGrad: requiresGrad)
}

/// `torch.arange(n, dtype=float32)`.
func arange(_ n: Int, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
    let data = try NDArray.arange(start: .int(0), end: .int(Int64(n)), step: .int(1), dtype: dtype)
    return try Tensor(data, requiresGrad: requiresGrad)
}

func scalarTensor(_ v: Double, dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
    try Tensor(NDArray(scalar: .float(v), dtype: dtype), requiresGrad: requiresGrad)
}

func ones(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) throws -> Tensor {
    try Tensor(NDArray.full(shape, .int(1), dtype: dtype), requiresGrad: requiresGrad)
}

/// The printed form of a tensor, or "None".
func show(_ t: Tensor?) -> String { t?.repr() ?? "None" }

func values(_ t: Tensor?) -> [Double] { t?.data.doubles ?? [] }

func XCTAssertClose(_ a: [Double], _ b: [Double], tol: Double = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "counts differ: \(a) vs \(b)", file: file, line: line)
    for (x, y) in zip(a, b) where !(Swift.abs(x - y) <= tol * Swift.max(1, Swift.abs(y))) {
        XCTFail("\(a) is not close to \(b)", file: file, line: line)
        return
    }
}

func XCTAssertThrowsMessage(_ expression: @autoclosure () throws -> Any, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try expression()
        XCTFail("expected an error: \(message)", file: file, line: line)
    } catch let e as TensorError {
        XCTAssertEqual(e.message, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

// Python operators, for transcripts that read like the d2l session.
func + (a: Tensor, b: Tensor) throws -> Tensor { try Tensor.binary(.add, .tensor(a), .tensor(b)) }
func - (a: Tensor, b: Tensor) throws -> Tensor { try Tensor.binary(.sub, .tensor(a), .tensor(b)) }
func * (a: Tensor, b: Tensor) throws -> Tensor { try Tensor.binary(.mul, .tensor(a), .tensor(b)) }
func / (a: Tensor, b: Tensor) throws -> Tensor { try Tensor.binary(.div, .tensor(a), .tensor(b)) }
func * (a: Double, b: Tensor) throws -> Tensor { try Tensor.binary(.mul, .scalar(.float(a)), .tensor(b)) }
func * (a: Tensor, b: Double) throws -> Tensor { try Tensor.binary(.mul, .tensor(a), .scalar(.float(b))) }
func + (a: Tensor, b: Double) throws -> Tensor { try Tensor.binary(.add, .tensor(a), .scalar(.float(b))) }
func / (a: Double, b: Tensor) throws -> Tensor { try Tensor.binary(.div, .scalar(.float(a)), .tensor(b)) }
func ** (a: Tensor, b: Double) throws -> Tensor { try Tensor.binary(.pow, .tensor(a), .scalar(.float(b))) }
infix operator ** : MultiplicationPrecedence
