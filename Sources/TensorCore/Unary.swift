/// Unary element-wise operations.
import ComplexModule
import RealModule

extension UnaryOp {
    /// Operations that turn integer and bool inputs into the default floating dtype.
    var promotesIntegers: Bool {
        switch self {
        case .exp, .expm1, .log, .log1p, .log2, .log10, .sqrt, .rsqrt, .reciprocal,
             .sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .tanh, .asinh, .acosh, .atanh,
             .sigmoid, .erf:
            return true
        default:
            return false
        }
    }
    var givesBool: Bool { self == .logicalNot || self == .isnan || self == .isinf || self == .isfinite }
}

extension NDArray {
    /// An element-wise unary operation. Floating functions of integer input give the default
    /// floating dtype; `isnan`/`isinf`/`isfinite`/`logicalNot` give bool.
    ///
    ///     >>> torch.tensor([1, 4]).sqrt()
    ///     tensor([1., 2.])
    public func unary(_ op: UnaryOp) throws -> NDArray {
        var input = self
        if op.promotesIntegers && (dtype.isBool || dtype.isInteger) {
            input = try casted(to: DTypeDefaults.floating)
        }
        if op == .square && dtype == .bool { input = try casted(to: .int64) }
        if op == .neg && dtype == .bool {
            throw TensorError(.notImplemented, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        }
        var outType = input.dtype
        if op.givesBool { outType = .bool }
        if op == .abs && input.dtype.isComplex { outType = input.dtype.realCounterpart }
        let out = try NDArray.allocate(shape, dtype: outType, like: input)
        try input.dtype.family(UnaryKernel(op: op, out: out, x: input))
        return out
    }

    /// `x.op_()`: the operation written back into self's storage (self keeps its dtype).
    public func unaryInPlace(_ op: UnaryOp) throws {
        try checkWritable()
        let result = try unary(op)
        try checkInPlaceResult(result)
        try assignElements(from: result)
        storage.version += 1
    }
}

private struct UnaryKernel: FamilyVisitor {
    let op: UnaryOp
    let out: NDArray
    let x: NDArray

    func visitBool() throws {
        switch op {
        case .abs, .floor, .ceil, .round, .trunc: mapUnary(out, x) { (r: UnaryRun<Bool, Bool>) in r.run { (a: Bool) -> Bool in a } }
        case .sign: mapUnary(out, x) { (r: UnaryRun<Bool, Bool>) in r.run { (a: Bool) -> Bool in a } }
        case .bitwiseNot, .logicalNot: mapUnary(out, x) { (r: UnaryRun<Bool, Bool>) in r.run { (a: Bool) -> Bool in !a } }
        case .isnan, .isinf: mapUnary(out, x) { (r: UnaryRun<Bool, Bool>) in r.run { (_: Bool) -> Bool in false } }
        case .isfinite: mapUnary(out, x) { (r: UnaryRun<Bool, Bool>) in r.run { (_: Bool) -> Bool in true } }
        default: throw TensorError.notImplemented(kernelName, .bool)
        }
    }

    var kernelName: String {
        switch op {
        case .relu: return "clamp_min_cpu"
        case .frac: return "frac_cpu"
        case .bitwiseNot: return "bitwise_not_cpu"
        default: return "\(op.rawValue)_cpu"
        }
    }

    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        switch op {
        case .neg: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in 0 &- a } }
        case .abs: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a < 0 ? 0 &- a : a } }
        case .sign: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a > 0 ? 1 : (a < 0 ? 0 &- 1 : 0) } }
        case .square: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a &* a } }
        case .relu: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a < 0 ? 0 : a } }
        case .floor, .ceil, .round, .trunc: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a } }
        case .bitwiseNot: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in ~a } }
        case .logicalNot: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a == 0 } }
        case .isnan, .isinf: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (_: T) -> Bool in false } }
        case .isfinite: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (_: T) -> Bool in true } }
        default: throw TensorError.notImplemented(kernelName, T.dtype)
        }
    }

    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        switch op {
        case .neg: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in -a } }
        case .abs: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in Swift.abs(a) } }
        case .sign: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a > 0 ? 1 : (a < 0 ? -1 : 0) } }
        case .exp:
            if T.self == Float.self {
                // Vectorised: about 4 adds' worth per element rather than a libm call's 16.
                mapUnary(out, x, cost: 4) { (r: UnaryRun<Float, Float>) in r.runExp() }
            } else {
                mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.exp(a) } }
            }
        case .expm1: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.expMinusOne(a) } }
        case .log: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.log(a) } }
        case .log1p: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.log(onePlus: a) } }
        case .log2: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.log2(a) } }
        case .log10: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.log10(a) } }
        case .sqrt: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a.squareRoot() } }
        case .rsqrt: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in 1 / a.squareRoot() } }
        case .square: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a * a } }
        case .reciprocal: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in 1 / a } }
        case .sin: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.sin(a) } }
        case .cos: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.cos(a) } }
        case .tan: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.tan(a) } }
        case .asin: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.asin(a) } }
        case .acos: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.acos(a) } }
        case .atan: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.atan(a) } }
        case .sinh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.sinh(a) } }
        case .cosh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.cosh(a) } }
        case .tanh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.tanh(a) } }
        case .asinh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.asinh(a) } }
        case .acosh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.acosh(a) } }
        case .atanh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.atanh(a) } }
        case .sigmoid: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in 1 / (1 + T.exp(-a)) } }
        case .relu: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a < 0 ? 0 : a } }
        case .erf: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T.cErf(a) } }
        case .floor: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a.rounded(.down) } }
        case .ceil: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a.rounded(.up) } }
        case .round: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a.rounded(.toNearestOrEven) } }
        case .trunc: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a.rounded(.towardZero) } }
        case .frac: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in a - a.rounded(.towardZero) } }
        case .logicalNot: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a == 0 } }
        case .isnan: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.isNaN } }
        case .isinf: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.isInfinite } }
        case .isfinite: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.isFinite } }
        case .bitwiseNot: throw TensorError.notImplemented(kernelName, T.dtype)
        }
    }

    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        func c(_ a: T) -> Complex<Double> { Complex<Double>(a.realPart, a.imagPart) }
        func make(_ z: Complex<Double>) -> T { T(z.real, z.imaginary) }
        switch op {
        case .neg: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in T(-a.realPart, -a.imagPart) } }
        case .abs:
            try out.dtype.family(ComplexAbs(out: out, x: x, source: T.self))
        case .square: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(c(a) * c(a)) } }
        case .reciprocal: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>(1, 0) / c(a)) } }
        case .exp: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.exp(c(a))) } }
        case .log: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.log(c(a))) } }
        case .sqrt: mapUnary(out, x) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.sqrt(c(a))) } }
        case .sin: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.sin(c(a))) } }
        case .cos: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.cos(c(a))) } }
        case .tanh: mapUnary(out, x, cost: 16) { (r: UnaryRun<T, T>) in r.run { (a: T) -> T in make(Complex<Double>.tanh(c(a))) } }
        case .logicalNot: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.realPart == 0 && a.imagPart == 0 } }
        case .isnan: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.realPart.isNaN || a.imagPart.isNaN } }
        case .isinf: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.realPart.isInfinite || a.imagPart.isInfinite } }
        case .isfinite: mapUnary(out, x) { (r: UnaryRun<T, Bool>) in r.run { (a: T) -> Bool in a.realPart.isFinite && a.imagPart.isFinite } }
        default: throw TensorError.notImplemented(kernelName, T.dtype)
        }
    }
}

/// |z| of complex input into the real output dtype.
private struct ComplexAbs<S: ComplexElement>: FamilyVisitor {
    let out: NDArray
    let x: NDArray
    let source: S.Type
    func visitBool() throws {}
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {}
    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        mapUnary(out, x) { (r: UnaryRun<S, T>) in r.run { (a: S) -> T in T(castingReal: Double.hypot(a.realPart, a.imagPart), imag: 0) } }
    }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {}
}
