/// The common case of a binary operation without the general machinery: `+ - * /` on contiguous
/// operands of one dtype (two arrays of the same shape, or an array and a Python number that
/// does not change its dtype). A Python loop over small tensors (`y = y + 1`) spends almost all
/// its time in promotion, broadcasting and strided-run setup otherwise: each of those allocates
/// arrays, and for three elements they cost 20× the arithmetic.
///
/// The result is exactly the general path's: the same dtype rules (only cases where
/// `torch.result_type` is the array's own dtype are taken), the number converted to the element
/// type by the same `init(scalar:)`, the same element operations, and a contiguous result.
extension NDArray {
    @inline(__always)
    static func fastBinary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray? {
        switch op {
        case .add, .sub, .mul, .div: break
        default: return nil
        }
        switch (a, b) {
        case (.array(let x), .array(let y)):
            guard x.dtype == y.dtype, x.shape == y.shape, keepsDType(op, x.dtype),
                  x.isContiguous, y.isContiguous else { return nil }
            let out = try NDArray(uninitializedLike: x)
            try x.dtype.family(ContiguousArith(op: op, out: out, x: x, y: .array(y), scalarFirst: false))
            return out
        case (.array(let x), .scalar(let s)):
            guard keepsDType(op, x.dtype), scalarKeeps(s, x.dtype), x.isContiguous else { return nil }
            let out = try NDArray(uninitializedLike: x)
            try x.dtype.family(ContiguousArith(op: op, out: out, x: x, y: .scalar(s), scalarFirst: false))
            return out
        case (.scalar(let s), .array(let x)):
            guard keepsDType(op, x.dtype), scalarKeeps(s, x.dtype), x.isContiguous else { return nil }
            let out = try NDArray(uninitializedLike: x)
            try x.dtype.family(ContiguousArith(op: op, out: out, x: x, y: .scalar(s), scalarFirst: true))
            return out
        case (.scalar, .scalar):
            return nil
        }
    }

    /// Whether `op` on two values of `dtype` gives `dtype` (true division of integers does not;
    /// bool arithmetic has its own rules).
    @inline(__always)
    private static func keepsDType(_ op: BinaryOp, _ dtype: DType) -> Bool {
        if dtype.isFloatingPoint { return true }
        return dtype.isInteger && op != .div
    }

    /// Whether a Python number leaves an array of `dtype` at `dtype` under `torch.result_type`
    /// (a wrapped number of a lower or equal category never changes a tensor's dtype).
    @inline(__always)
    private static func scalarKeeps(_ s: Scalar, _ dtype: DType) -> Bool {
        switch s {
        case .bool, .int: return true
        case .float: return dtype.isFloatingPoint
        case .complex: return false
        }
    }

    /// `self op= other` by the fast path, when it applies; the caller has checked that the
    /// result keeps self's dtype and shape, and that `other` does not overlap self differently.
    func contiguousArithInPlace(_ op: BinaryOp, _ other: Operand) throws -> Bool {
        switch op {
        case .add, .sub, .mul, .div: break
        default: return false
        }
        guard NDArray.keepsDType(op, dtype), isContiguous else { return false }
        switch other {
        case .array(let y):
            guard y.dtype == dtype, y.shape == shape, y.isContiguous else { return false }
            try dtype.family(ContiguousArith(op: op, out: self, x: self, y: .array(y), scalarFirst: false))
        case .scalar(let s):
            guard NDArray.scalarKeeps(s, dtype) else { return false }
            try dtype.family(ContiguousArith(op: op, out: self, x: self, y: .scalar(s), scalarFirst: false))
        }
        return true
    }

    /// A contiguous array of `x`'s shape and dtype whose elements the caller writes in full.
    init(uninitializedLike x: NDArray) throws {
        let bytes = x.count * x.dtype.itemSize
        self.storage = try Storage(byteCount: bytes, zeroed: false)
        self.dtype = x.dtype
        self.shape = x.shape
        self.strides = x.hasRowMajorStrides ? x.strides : NDArray.contiguousStrides(x.shape)
        self.offset = 0
    }

    /// Whether `strides` are exactly `contiguousStrides(shape)` (checked without allocating).
    var hasRowMajorStrides: Bool {
        var acc = 1
        var i = shape.count - 1
        while i >= 0 {
            if strides[i] != acc { return false }
            acc *= Swift.max(shape[i], 1)
            i -= 1
        }
        return true
    }
}

/// The second operand of `ContiguousArith`.
private enum ArithOperand {
    case array(NDArray)
    case scalar(Scalar)
}

/// `out = x op y` (or `y op x` when `scalarFirst`) over contiguous elements.
private struct ContiguousArith: FamilyVisitor {
    let op: BinaryOp
    let out: NDArray
    let x: NDArray
    let y: ArithOperand
    let scalarFirst: Bool

    func visitBool() throws { preconditionFailure("bool is not taken by the fast path") }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws { preconditionFailure("complex is not taken by the fast path") }

    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        switch op {
        case .add: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &+ b } }
        case .sub: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &- b } }
        case .mul: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &* b } }
        default: preconditionFailure("integer \(op) is not taken by the fast path")
        }
    }

    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        switch op {
        case .add: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a + b } }
        case .sub: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a - b } }
        case .mul: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a * b } }
        case .div: apply(T.self) { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a / b } }
        default: preconditionFailure("float \(op) is not taken by the fast path")
        }
    }

    @inline(__always)
    private func apply<T: NumericElement>(_ type: T.Type, _ kernel: (BinaryRun<T, T, T>) -> Void) {
        let n = out.count
        let d = out.storage.pointer.assumingMemoryBound(to: T.self) + out.offset
        let p = UnsafePointer(x.storage.pointer.assumingMemoryBound(to: T.self) + x.offset)
        switch y {
        case .array(let other):
            let q = UnsafePointer(other.storage.pointer.assumingMemoryBound(to: T.self) + other.offset)
            Parallel.forRanges(n) { r in
                let lo = r.lowerBound
                kernel(BinaryRun(d: d + lo, x: p + lo, y: q + lo, n: r.count, sd: 1, sa: 1, sb: 1))
            }
        case .scalar(let s):
            var v = T(scalar: s)
            withUnsafePointer(to: &v) { q in
                Parallel.forRanges(n) { r in
                    let lo = r.lowerBound
                    if scalarFirst {
                        kernel(BinaryRun(d: d + lo, x: q, y: p + lo, n: r.count, sd: 1, sa: 0, sb: 1))
                    } else {
                        kernel(BinaryRun(d: d + lo, x: p + lo, y: q, n: r.count, sd: 1, sa: 1, sb: 0))
                    }
                }
            }
        }
    }
}
