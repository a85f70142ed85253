import Foundation
import TensorCore

/// Arithmetic on 0-d float tensors without the engine's general machinery (promotion,
/// broadcasting, strided loops), which costs more than the arithmetic itself for one element.
/// Loops written in Python over scalar tensors (d2l's `f(a)`, gradient-descent toys) are made of
/// these, and their backward passes too.
///
/// Only cases whose result the engine defines unambiguously are taken: both operands of the
/// same float dtype (a Python number converted to it, as the engine converts wrapped numbers),
/// and functions that are single libm calls. Everything else returns nil and goes to the
/// engine. `ScalarFastPathTests` checks bitwise agreement with the engine.
enum ScalarFastPath {
    static func unary(_ op: UnaryOp, _ x: NDArray) throws -> NDArray? {
        guard x.rank == 0 else { return nil }
        switch x.dtype {
        case .float32: return try unaryTyped(op, x, Float.self)
        case .float64: return try unaryTyped(op, x, Double.self)
        default: return nil
        }
    }

    static func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray? {
        switch op {
        case .add, .sub, .mul, .div: break
        default: return nil
        }
        // Nested switches rather than one over the tuple (a, b): building the tuple copies both
        // array headers, which costs more than this whole check on the non-0-d path.
        let dtype: DType
        switch a {
        case .array(let x):
            guard x.rank == 0 else { return nil }
            switch b {
            case .array(let y):
                guard y.rank == 0, x.dtype == y.dtype else { return nil }
            case .scalar(let s):
                guard isIntOrFloat(s) else { return nil }
            }
            dtype = x.dtype
        case .scalar(let s):
            guard case .array(let x) = b, x.rank == 0, isIntOrFloat(s) else { return nil }
            dtype = x.dtype
        }
        switch dtype {
        case .float32: return try binaryTyped(op, a, b, Float.self)
        case .float64: return try binaryTyped(op, a, b, Double.self)
        default: return nil
        }
    }

    @inline(__always)
    private static func isIntOrFloat(_ s: Scalar) -> Bool {
        switch s {
        case .float, .int: return true
        default: return false
        }
    }

    @inline(__always)
    private static func value<T: FastScalar>(_ o: Operand, _ type: T.Type) -> T {
        switch o {
        case .array(let x): return x.pointer(as: T.self).pointee
        case .scalar(let s): return T(scalar: s)
        }
    }

    private static func binaryTyped<T: FastScalar>(_ op: BinaryOp, _ a: Operand, _ b: Operand,
                                                   _ type: T.Type) throws -> NDArray {
        let x = value(a, T.self), y = value(b, T.self)
        let r: T
        switch op {
        case .add: r = x + y
        case .sub: r = x - y
        case .mul: r = x * y
        default: r = x / y
        }
        let out = try NDArray(zeros: [], dtype: T.dtype)
        out.pointer(as: T.self).pointee = r
        return out
    }

    private static func unaryTyped<T: FastScalar>(_ op: UnaryOp, _ x: NDArray, _ type: T.Type) throws -> NDArray? {
        let v = x.pointer(as: T.self).pointee
        let r: T
        switch op {
        case .neg: r = -v
        case .sin: r = T.libmSin(v)
        case .cos: r = T.libmCos(v)
        case .exp: r = T.libmExp(v)
        case .log: r = T.libmLog(v)
        case .tanh: r = T.libmTanh(v)
        case .sqrt: r = v.squareRoot()
        default: return nil
        }
        let out = try NDArray(zeros: [], dtype: T.dtype)
        out.pointer(as: T.self).pointee = r
        return out
    }
}

/// The float element types with the libm functions the fast path uses (the same C functions the
/// engine's kernels reach through swift-numerics; float32 `exp` is the engine's own).
protocol FastScalar: BinaryFloatingPoint, Element {
    static func libmSin(_ x: Self) -> Self
    static func libmCos(_ x: Self) -> Self
    static func libmExp(_ x: Self) -> Self
    static func libmLog(_ x: Self) -> Self
    static func libmTanh(_ x: Self) -> Self
}

extension Float: FastScalar {
    static func libmSin(_ x: Float) -> Float { sinf(x) }
    static func libmCos(_ x: Float) -> Float { cosf(x) }
    static func libmExp(_ x: Float) -> Float { EngineMath.exp(x) }
    static func libmLog(_ x: Float) -> Float { logf(x) }
    static func libmTanh(_ x: Float) -> Float { tanhf(x) }
}

extension Double: FastScalar {
    static func libmSin(_ x: Double) -> Double { Foundation.sin(x) }
    static func libmCos(_ x: Double) -> Double { Foundation.cos(x) }
    static func libmExp(_ x: Double) -> Double { Foundation.exp(x) }
    static func libmLog(_ x: Double) -> Double { Foundation.log(x) }
    static func libmTanh(_ x: Double) -> Double { Foundation.tanh(x) }
}
