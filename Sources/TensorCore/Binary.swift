/// Binary element-wise operations with broadcasting and PyTorch's type promotion.
import ComplexModule

extension BinaryOp {
    var isComparison: Bool {
        switch self {
        case .eq, .ne, .lt, .le, .gt, .ge: return true
        default: return false
        }
    }
    var isLogical: Bool { self == .logicalAnd || self == .logicalOr || self == .logicalXor }
    var isBitwise: Bool {
        switch self {
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight: return true
        default: return false
        }
    }
    /// PyTorch's CPU kernel name, used in "not implemented for" errors.
    var kernelName: String {
        switch self {
        case .add: return "add_cpu"
        case .sub: return "sub_cpu"
        case .mul: return "mul_cpu"
        case .div: return "div_true_cpu"
        case .floorDiv: return "div_floor_cpu"
        case .remainder: return "remainder_cpu"
        case .pow: return "pow"
        case .atan2: return "atan2_cpu"
        case .maximum: return "maximum_cpu"
        case .minimum: return "minimum_cpu"
        case .eq, .ne, .lt, .le, .gt, .ge: return "\(rawValue)_cpu"
        case .bitAnd: return "bitwise_and_cpu"
        case .bitOr: return "bitwise_or_cpu"
        case .bitXor: return "bitwise_xor_cpu"
        case .logicalAnd: return "logical_and_cpu"
        case .logicalOr: return "logical_or_cpu"
        case .logicalXor: return "logical_xor_cpu"
        case .shiftLeft: return "lshift_cpu"
        case .shiftRight: return "rshift_cpu"
        }
    }
}

extension NDArray {
    /// An element-wise binary operation with broadcasting; Python numbers take part as wrapped
    /// scalars. Comparisons and logical operations give `bool`; true division of integers gives
    /// the default floating dtype.
    ///
    ///     >>> torch.tensor([1, 2]) / 2
    ///     tensor([0.5000, 1.0000])
    public static func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        try checkIntegerPowerExponent(op, a, b)
        if let r = try fastBinary(op, a, b) { return r }
        return try generalBinary(op, a, b)
    }

    /// `binary` without the contiguous fast path (tests compare the two).
    static func generalBinary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        let (compute, output, outShape) = try binaryTypes(op, a, b)
        let x = try operandArray(a, compute).broadcast(to: outShape)
        let y = try operandArray(b, compute).broadcast(to: outShape)
        var like: NDArray? = nil
        if case .array(let arr) = a, arr.shape == outShape { like = arr }
        else if case .array(let arr) = b, arr.shape == outShape { like = arr }
        let out = try allocate(outShape, dtype: output, like: like)
        try compute.family(BinaryKernel(op: op, out: out, x: x, y: y))
        return out
    }

    /// PyTorch refuses an integer tensor raised to a negative Python int (`x ** -1`), but raises
    /// integers to negative tensor exponents element by element (`2 ** torch.arange(-1, -3, -1)`
    /// is `tensor([0, 0])`): the check belongs to the scalar, not to the kernel.
    static func checkIntegerPowerExponent(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws {
        guard op == .pow, case .scalar(.int(let e)) = b, e < 0 else { return }
        let promoted = resultType(a, b)
        if promoted.isInteger {
            throw TensorError.runtime("Integers to negative integer powers are not allowed.")
        }
    }

    /// The dtype an operation computes in, the dtype it returns, and the broadcast shape.
    static func binaryTypes(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> (DType, DType, [Int]) {
        let promoted = resultType(a, b)
        let outShape = try broadcastShapes(a.shape, b.shape)
        var compute = promoted
        var output = promoted
        if op.isComparison {
            output = .bool
        } else if op.isLogical {
            compute = .bool
            output = .bool
        } else if op == .div || op == .atan2 {
            if !promoted.isFloatingPoint && !promoted.isComplex {
                compute = DTypeDefaults.floating
                output = compute
            }
        } else if op == .sub && promoted == .bool {
            throw TensorError.runtime("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
        }
        if op.isBitwise && (promoted.isFloatingPoint || promoted.isComplex) {
            throw TensorError.notImplemented(op.kernelName, promoted)
        }
        return (compute, output, outShape)
    }

    /// The operand as an array of `dtype` (scalars become 0-d arrays; arrays are cast if needed).
    static func operandArray(_ operand: Operand, _ dtype: DType) throws -> NDArray {
        switch operand {
        case .scalar(let s): return NDArray(scalar: s, dtype: dtype)
        case .array(let arr): return try arr.casted(to: dtype)
        }
    }

    /// `self op= other`: computes in the promoted type and writes into self's storage.
    ///
    /// Throws PyTorch's "result type Float can't be cast to the desired output type Long" when
    /// the result would lose its category, and its shape error when broadcasting would grow self.
    public func binaryInPlace(_ op: BinaryOp, _ other: Operand) throws {
        try checkWritable()
        try NDArray.checkIntegerPowerExponent(op, .array(self), other)
        let (compute, output, outShape) = try NDArray.binaryTypes(op, .array(self), other)
        if compute == dtype && output == dtype && outShape == shape {
            // Straight into self's storage unless `other` overlaps it in a different layout
            // (then each written element could be read again later).
            var disjoint = true
            if case .array(let o) = other, o.storage === storage {
                disjoint = o.offset == offset && o.strides == strides && o.shape == shape
            }
            if disjoint {
                if try contiguousArithInPlace(op, other) {
                    storage.version += 1
                    return
                }
                let y = try NDArray.operandArray(other, compute).broadcast(to: shape)
                try compute.family(BinaryKernel(op: op, out: self, x: self, y: y))
                storage.version += 1
                return
            }
        }
        let result = try NDArray.binary(op, .array(self), other)
        try checkInPlaceResult(result)
        try assignElements(from: result)
        storage.version += 1
    }

    /// PyTorch refuses in-place writes into arrays whose elements share memory (`expand`).
    func checkWritable() throws {
        for d in 0..<rank where strides[d] == 0 && shape[d] > 1 {
            throw TensorError.runtime("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        }
    }

    func checkInPlaceResult(_ result: NDArray) throws {
        guard DType.canCast(result.dtype, to: dtype) else {
            throw TensorError.runtime("result type \(result.dtype.kernelName) can't be cast to the desired output type \(dtype.kernelName)")
        }
        guard result.shape == shape else {
            throw TensorError.runtime("output with shape \(TensorError.listString(shape)) doesn't match the broadcast shape \(TensorError.listString(result.shape))")
        }
    }
}

/// Runs one binary operation for the compute dtype's family.
private struct BinaryKernel: FamilyVisitor {
    let op: BinaryOp
    let out: NDArray
    let x: NDArray
    let y: NDArray

    func compare<T: Comparable & Element>(_ type: T.Type) -> Bool {
        switch op {
        case .eq: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a == b } }
        case .ne: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a != b } }
        case .lt: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a < b } }
        case .le: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a <= b } }
        case .gt: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a > b } }
        case .ge: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a >= b } }
        default: return false
        }
        return true
    }

    func visitBool() throws {
        switch op {
        case .eq: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a == b } }
        case .ne: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a != b } }
        case .lt: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in !a && b } }
        case .le: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in !a || b } }
        case .gt: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a && !b } }
        case .ge: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a || !b } }
        case .add, .bitOr, .logicalOr, .maximum: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a || b } }
        case .mul, .bitAnd, .logicalAnd, .minimum: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a && b } }
        case .bitXor, .logicalXor: mapBinary(out, x, y) { (r: BinaryRun<Bool, Bool, Bool>) in r.run { (a: Bool, b: Bool) -> Bool in a != b } }
        default: throw TensorError.notImplemented(op.kernelName, .bool)
        }
    }

    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        if compare(T.self) { return }
        switch op {
        case .add: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &+ b } }
        case .sub: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &- b } }
        case .mul: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &* b } }
        case .maximum: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in Swift.max(a, b) } }
        case .minimum: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in Swift.min(a, b) } }
        case .bitAnd: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a & b } }
        case .bitOr: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a | b } }
        case .bitXor: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a ^ b } }
        case .shiftLeft: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a << b } }
        case .shiftRight: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a >> b } }
        case .floorDiv, .remainder:
            if try y.containsZero(T.self) { throw TensorError.runtime("ZeroDivisionError") }
            if op == .floorDiv {
                mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in integerFloorDivide(a, b) } }
            } else {
                mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in integerModulo(a, b) } }
            }
        case .pow:
            mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in integerPower(a, b) } }
        default: throw TensorError.notImplemented(op.kernelName, T.dtype)
        }
    }

    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        if compare(T.self) { return }
        switch op {
        case .add: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a + b } }
        case .sub: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a - b } }
        case .mul: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a * b } }
        case .div: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a / b } }
        case .floorDiv: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in floatFloorDivide(a, b) } }
        case .remainder: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in floatModulo(a, b) } }
        case .pow: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in T.cPow(a, b) } }
        case .atan2: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in T.atan2(y: a, x: b) } }
        case .maximum: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in (a.isNaN || b.isNaN) ? T.nan : Swift.max(a, b) } }
        case .minimum: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in (a.isNaN || b.isNaN) ? T.nan : Swift.min(a, b) } }
        default: throw TensorError.notImplemented(op.kernelName, T.dtype)
        }
    }

    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        switch op {
        case .eq: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a.realPart == b.realPart && a.imagPart == b.imagPart } }
        case .ne: mapBinary(out, x, y) { (r: BinaryRun<T, T, Bool>) in r.run { (a: T, b: T) -> Bool in a.realPart != b.realPart || a.imagPart != b.imagPart } }
        case .add: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in T(a.realPart + b.realPart, a.imagPart + b.imagPart) } }
        case .sub: mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in T(a.realPart - b.realPart, a.imagPart - b.imagPart) } }
        case .mul:
            mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in
                let re: Double = a.realPart * b.realPart - a.imagPart * b.imagPart
                let im: Double = a.realPart * b.imagPart + a.imagPart * b.realPart
                return T(re, im)
            } }
        case .div:
            mapBinary(out, x, y) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in
                let q = Complex<Double>(a.realPart, a.imagPart) / Complex<Double>(b.realPart, b.imagPart)
                return T(q.real, q.imaginary)
            } }
        default: throw TensorError.notImplemented(op.kernelName, T.dtype)
        }
    }
}

// MARK: Scalar semantics of Python's operators

/// Python's `//`: rounds toward negative infinity. The divisor is known to be nonzero.
@inline(__always)
func integerFloorDivide<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
    if b == 0 { return 0 }
    let (q, overflow) = a.dividedReportingOverflow(by: b)
    if overflow { return q }
    if (a % b != 0) && ((a < 0) != (b < 0)) { return q &- 1 }
    return q
}

/// Python's `%`: the result takes the divisor's sign.
@inline(__always)
func integerModulo<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
    if b == 0 { return 0 }
    let (r, overflow) = a.remainderReportingOverflow(dividingBy: b)
    if overflow { return 0 }
    if r != 0 && ((r < 0) != (b < 0)) { return r &+ b }
    return r
}

/// Exponentiation by squaring with wrapping, as integer `pow` in PyTorch. A negative exponent
/// gives the integer part of the true power: 1 for a base of 1, ±1 for -1, else 0.
@inline(__always)
func integerPower<T: FixedWidthInteger>(_ base: T, _ exponent: T) -> T {
    if exponent < 0 {  // only signed types get here, so 0 - 1 cannot trap
        if base == 1 { return 1 }
        if base == 0 - 1 { return exponent & 1 == 0 ? 1 : 0 - 1 }
        return 0
    }
    var result: T = 1
    var b = base
    var e = exponent
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        e >>= 1
        if e > 0 { b = b &* b }
    }
    return result
}

/// PyTorch's `div_floor` for floats: exact for values that are integers after division.
@inline(__always)
func floatFloorDivide<T: FloatElement>(_ a: T, _ b: T) -> T {
    if b == 0 { return a / b }
    let mod = a.truncatingRemainder(dividingBy: b)
    var div = (a - mod) / b
    if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
    if div != 0 {
        var floorDiv = div.rounded(.down)
        if div - floorDiv > 0.5 { floorDiv += 1 }
        return floorDiv
    }
    return T(signOf: a / b, magnitudeOf: 0)
}

/// Python's float `%`: `fmod` moved into the divisor's sign.
@inline(__always)
func floatModulo<T: FloatElement>(_ a: T, _ b: T) -> T {
    var mod = a.truncatingRemainder(dividingBy: b)
    if mod != 0 && ((b < 0) != (mod < 0)) { mod += b }
    return mod
}

extension NDArray {
    func containsZero<T: IntegerElement>(_ type: T.Type) throws -> Bool {
        var found = false
        let p = storage.pointer.assumingMemoryBound(to: T.self)
        forEachOffset { if p[$0] == 0 { found = true } }
        return found
    }

}
