/// Creation of new arrays: constants, ranges, identity matrices and nested Python data.
import Foundation

extension NDArray {
    /// An array of `shape` filled with `value` cast to `dtype` (`torch.full`, `zeros`, `ones`).
    public static func full(_ shape: [Int], _ value: Scalar, dtype: DType) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype)
        try out.fillElements(value)
        return out
    }

    /// `torch.arange(start, end, step)`: `ceil((end - start) / step)` values. Integer arguments
    /// give int64, any float argument the default floating dtype.
    ///
    ///     >>> torch.arange(0, 1, 0.25)
    ///     tensor([0.0000, 0.2500, 0.5000, 0.7500])
    public static func arange(start: Scalar, end: Scalar, step: Scalar, dtype: DType?) throws -> NDArray {
        let integral = [start, end, step].allSatisfy { $0.category <= .integer }
        let target = dtype ?? (integral ? .int64 : DTypeDefaults.floating)
        if target.isComplex { throw TensorError.notImplemented("arange_cpu", target) }
        let s = start.doubleValue, e = end.doubleValue, st = step.doubleValue
        guard st != 0 else { throw TensorError.runtime("step must be nonzero") }
        guard s.isFinite && e.isFinite else {
            throw TensorError.runtime("unsupported range: \(s) -> \(e)")
        }
        if (st > 0 && e < s) || (st < 0 && e > s) {
            throw TensorError.runtime("upper bound and larger bound inconsistent with step sign")
        }
        let n: Int
        if integral && (target.isInteger || target.isBool) {
            n = try integerRangeCount(start: start.int64Value, end: end.int64Value, step: step.int64Value)
        } else {
            let countDouble = ((e - s) / st).rounded(.up)
            guard countDouble < Double(Int.max / 16) else {
                throw TensorError.runtime("invalid size, possible overflow?")
            }
            n = max(0, Int(countDouble))
        }
        let out = try NDArray(zeros: [n], dtype: target)
        if integral && (target.isInteger || target.isBool) {
            let s0 = start.int64Value, st0 = step.int64Value
            try out.dtype.numeric(FillLinear(out: out, value: { i in
                Scalar.int(s0 &+ Int64(i) &* st0)
            }))
        } else {
            try out.dtype.numeric(FillLinear(out: out, value: { i in
                Scalar.float(s + Double(i) * st)
            }))
        }
        return out
    }

    /// The length of an integer `arange`, computed in integers as PyTorch does for integral
    /// dtypes, so that `arange(10**18, 10**18 + 3)` has three values and `arange(2**53 + 1,
    /// 2**53 + 4)` three, where a double would round the bounds together.
    static func integerRangeCount(start: Int64, end: Int64, step: Int64) throws -> Int {
        // In 128 bits the span and the rounding cannot overflow for any 64-bit bounds.
        let span = Int128(end) - Int128(start), step = Int128(step)
        var count = span / step
        if span % step != 0 { count += 1 }
        guard count <= Int128(Int.max / 16) else { throw TensorError.runtime("invalid size, possible overflow?") }
        return max(0, Int(count))
    }

    /// `torch.linspace`: `steps` evenly spaced values from `start` to `end` inclusive, computed
    /// symmetrically from both ends as PyTorch does.
    public static func linspace(start: Double, end: Double, steps: Int, dtype: DType) throws -> NDArray {
        guard steps >= 0 else { throw TensorError.runtime("linspace(): number of steps must be non-negative") }
        let out = try NDArray(zeros: [steps], dtype: dtype)
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        let half = steps / 2
        try out.dtype.numeric(FillLinear(out: out, value: { i in
            if i < half { return .float(start + step * Double(i)) }
            return .float(end - step * Double(steps - 1 - i))
        }))
        return out
    }

    /// `torch.logspace`: `base ** linspace(start, end, steps)`.
    public static func logspace(start: Double, end: Double, steps: Int, base: Double, dtype: DType) throws -> NDArray {
        guard steps >= 0 else { throw TensorError.runtime("logspace(): number of steps must be non-negative") }
        let out = try NDArray(zeros: [steps], dtype: dtype)
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        let half = steps / 2
        try out.dtype.numeric(FillLinear(out: out, value: { i in
            let e: Double = i < half ? start + step * Double(i) : end - step * Double(steps - 1 - i)
            return .float(Foundation.pow(base, e))
        }))
        return out
    }

    /// `torch.eye(n, m)`: ones on the main diagonal.
    public static func eye(_ n: Int, _ m: Int?, dtype: DType) throws -> NDArray {
        let cols = m ?? n
        guard n >= 0 else { throw TensorError.runtime("n must be greater or equal to 0, got \(n)") }
        guard cols >= 0 else { throw TensorError.runtime("m must be greater or equal to 0, got \(cols)") }
        let out = try NDArray(zeros: [n, cols], dtype: dtype)
        for i in 0..<min(n, cols) { out.setScalar(.int(1), atStorageOffset: i * cols + i) }
        return out
    }

    /// An array from nested Python data already flattened to row-major scalars. Without a dtype
    /// it is inferred like `torch.tensor`: bool, int64, the default float, or complex.
    public static func fromScalars(_ scalars: [Scalar], shape: [Int], dtype: DType?) throws -> NDArray {
        let n = try checkedCount(shape)
        guard n == scalars.count else {
            throw TensorError.value("expected sequence of length \(n) at dim 0 (got \(scalars.count))")
        }
        var target = dtype
        if target == nil {
            var category: DType.Category = .bool
            for s in scalars where s.category > category { category = s.category }
            switch category {
            case .bool: target = scalars.isEmpty ? DTypeDefaults.floating : .bool
            case .integer: target = .int64
            case .floating: target = DTypeDefaults.floating
            case .complex: target = DTypeDefaults.floating.complexCounterpart
            }
        }
        let out = try NDArray(zeros: shape, dtype: target ?? DTypeDefaults.floating)
        for (i, s) in scalars.enumerated() { out.setScalar(s, atStorageOffset: i) }
        return out
    }

    /// Writes `value` (cast to this dtype) into every element.
    func fillElements(_ value: Scalar) throws {
        try assignElements(from: NDArray(scalar: value, dtype: dtype))
    }
}

/// Writes value(i) into element i of a new contiguous array.
private struct FillLinear: NumericVisitor {
    let out: NDArray
    let value: (Int) -> Scalar
    func visit<T: NumericElement>(_ type: T.Type) throws {
        let p = out.storage.pointer.assumingMemoryBound(to: T.self)
        for i in 0..<out.count { p[i] = T(scalar: value(i)) }
    }
}
