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
            contiguousArith(op, x.dtype, out: out.baseAddress, x: x.baseAddress, y: y.baseAddress,
                            scalar: .int(0), scalarFirst: false, count: out.count)
            return out
        case (.array(let x), .scalar(let s)):
            guard keepsDType(op, x.dtype), scalarKeeps(s, x.dtype), x.isContiguous else { return nil }
            let out = try NDArray(uninitializedLike: x)
            contiguousArith(op, x.dtype, out: out.baseAddress, x: x.baseAddress, y: nil,
                            scalar: s, scalarFirst: false, count: out.count)
            return out
        case (.scalar(let s), .array(let x)):
            guard keepsDType(op, x.dtype), scalarKeeps(s, x.dtype), x.isContiguous else { return nil }
            let out = try NDArray(uninitializedLike: x)
            contiguousArith(op, x.dtype, out: out.baseAddress, x: x.baseAddress, y: nil,
                            scalar: s, scalarFirst: true, count: out.count)
            return out
        case (.scalar, .scalar):
            return nil
        }
    }

    /// Whether `op` on two values of `dtype` gives `dtype` (true division of integers does not;
    /// bool arithmetic has its own rules).
    @inline(__always)
    static func keepsDType(_ op: BinaryOp, _ dtype: DType) -> Bool {
        if dtype.isFloatingPoint { return true }
        return dtype.isInteger && op != .div
    }

    /// Whether a Python number leaves an array of `dtype` at `dtype` under `torch.result_type`
    /// (a wrapped number of a lower or equal category never changes a tensor's dtype).
    @inline(__always)
    static func scalarKeeps(_ s: Scalar, _ dtype: DType) -> Bool {
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
            NDArray.contiguousArith(op, dtype, out: baseAddress, x: baseAddress, y: y.baseAddress,
                                    scalar: .int(0), scalarFirst: false, count: count)
        case .scalar(let s):
            guard NDArray.scalarKeeps(s, dtype) else { return false }
            NDArray.contiguousArith(op, dtype, out: baseAddress, x: baseAddress, y: nil,
                                    scalar: s, scalarFirst: false, count: count)
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

extension NDArray {
    /// `out = x op y` over `count` contiguous elements of `dtype`; `y` nil means the number
    /// `scalar` (on the left when `scalarFirst`). Dispatches on the dtype once, with raw
    /// pointers only, so that no array headers are copied or retained per call.
    static func contiguousArith(_ op: BinaryOp, _ dtype: DType, out: UnsafeMutableRawPointer,
                                x: UnsafeMutableRawPointer, y: UnsafeMutableRawPointer?,
                                scalar: Scalar, scalarFirst: Bool, count: Int) {
        switch dtype {
        case .float32: floatArith(Float.self, op, out, x, y, scalar, scalarFirst, count)
        case .float64: floatArith(Double.self, op, out, x, y, scalar, scalarFirst, count)
        case .int64: integerArith(Int64.self, op, out, x, y, scalar, scalarFirst, count)
        case .int32: integerArith(Int32.self, op, out, x, y, scalar, scalarFirst, count)
        case .int16: integerArith(Int16.self, op, out, x, y, scalar, scalarFirst, count)
        case .int8: integerArith(Int8.self, op, out, x, y, scalar, scalarFirst, count)
        case .uint8: integerArith(UInt8.self, op, out, x, y, scalar, scalarFirst, count)
        case .bool, .complex64, .complex128: preconditionFailure("\(dtype) is not taken by the fast path")
        }
    }

    private static func floatArith<T: FloatElement>(
        _ type: T.Type, _ op: BinaryOp, _ out: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer,
        _ y: UnsafeMutableRawPointer?, _ scalar: Scalar, _ scalarFirst: Bool, _ count: Int
    ) {
        let run = ArithRun<T>(out, x, y, scalar, scalarFirst, count)
        switch op {
        case .add: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a + b } }
        case .sub: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a - b } }
        case .mul: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a * b } }
        case .div: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a / b } }
        default: preconditionFailure("float \(op) is not taken by the fast path")
        }
    }

    private static func integerArith<T: IntegerElement>(
        _ type: T.Type, _ op: BinaryOp, _ out: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer,
        _ y: UnsafeMutableRawPointer?, _ scalar: Scalar, _ scalarFirst: Bool, _ count: Int
    ) {
        let run = ArithRun<T>(out, x, y, scalar, scalarFirst, count)
        switch op {
        case .add: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &+ b } }
        case .sub: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &- b } }
        case .mul: run.apply { (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a &* b } }
        default: preconditionFailure("integer \(op) is not taken by the fast path")
        }
    }
}

/// The typed operands of one fast-path call, split into runs (over the cores when large).
private struct ArithRun<T: NumericElement> {
    let d: UnsafeMutablePointer<T>
    let p: UnsafePointer<T>
    let q: UnsafePointer<T>?
    let value: T
    let scalarFirst: Bool
    let n: Int

    @inline(__always)
    init(_ out: UnsafeMutableRawPointer, _ x: UnsafeMutableRawPointer, _ y: UnsafeMutableRawPointer?,
         _ scalar: Scalar, _ scalarFirst: Bool, _ count: Int) {
        d = out.assumingMemoryBound(to: T.self)
        p = UnsafePointer(x.assumingMemoryBound(to: T.self))
        q = y.map { UnsafePointer($0.assumingMemoryBound(to: T.self)) }
        // The general path converts the number with the same initializer (NDArray(scalar:dtype:)).
        value = y == nil ? T(scalar: scalar) : T(scalar: .int(0))
        self.scalarFirst = scalarFirst
        n = count
    }

    @inline(__always)
    func apply(_ kernel: (BinaryRun<T, T, T>) -> Void) {
        let d = self.d, p = self.p
        if n <= 4096 {
            // Far below any size worth a second core: one run, without Parallel's bookkeeping.
            if let q = q {
                kernel(BinaryRun(d: d, x: p, y: q, n: n, sd: 1, sa: 1, sb: 1))
            } else {
                var v = value
                let numberFirst = self.scalarFirst
                withUnsafePointer(to: &v) { s in
                    if numberFirst {
                        kernel(BinaryRun(d: d, x: s, y: p, n: n, sd: 1, sa: 0, sb: 1))
                    } else {
                        kernel(BinaryRun(d: d, x: p, y: s, n: n, sd: 1, sa: 1, sb: 0))
                    }
                }
            }
            return
        }
        if let q = q {
            Parallel.forRanges(n) { r in
                let lo = r.lowerBound
                kernel(BinaryRun(d: d + lo, x: p + lo, y: q + lo, n: r.count, sd: 1, sa: 1, sb: 1))
            }
            return
        }
        var v = value
        let scalarFirst = self.scalarFirst
        withUnsafePointer(to: &v) { s in
            Parallel.forRanges(n) { r in
                let lo = r.lowerBound
                if scalarFirst {
                    kernel(BinaryRun(d: d + lo, x: s, y: p + lo, n: r.count, sd: 1, sa: 0, sb: 1))
                } else {
                    kernel(BinaryRun(d: d + lo, x: p + lo, y: s, n: r.count, sd: 1, sa: 1, sb: 0))
                }
            }
        }
    }
}
