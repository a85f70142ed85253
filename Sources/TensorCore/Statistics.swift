/// Reductions composed from the primitive kernels: variance, norms, log-sum-exp, softmax, and
/// cumulative sums and products.

extension NDArray {
    /// `var(dim, correction, keepdim)`: mean squared deviation divided by `N - correction`.
    public func variance(dims: [Int]?, correction: Double, keepdim: Bool) throws -> NDArray {
        guard dtype.isFloatingPoint || dtype.isComplex else {
            throw TensorError(.notImplemented, "std and var only support floating point and complex dtypes")
        }
        let rdims = try reductionDims(dims)
        let n = rdims.reduce(1) { $0 * shape[$1] }
        let mean = try reduce(.mean, dims: rdims, keepdim: true, dtype: nil)
        let diff = try NDArray.binary(.sub, .array(self), .array(mean))
        var squared: NDArray
        if dtype.isComplex {
            let magnitude = try diff.unary(.abs)
            squared = try NDArray.binary(.mul, .array(magnitude), .array(magnitude))
        } else {
            squared = try NDArray.binary(.mul, .array(diff), .array(diff))
        }
        let total = try squared.reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil)
        let divisor = Swift.max(Double(n) - correction, 0)
        return try NDArray.binary(.div, .array(total), .scalar(.float(divisor)))
    }

    /// `std(dim, correction, keepdim)`: the square root of `variance`.
    public func standardDeviation(dims: [Int]?, correction: Double, keepdim: Bool) throws -> NDArray {
        try variance(dims: dims, correction: correction, keepdim: keepdim).unary(.sqrt)
    }

    /// `torch.linalg.vector_norm` / `norm(p)`: `(Σ|x|^p)^(1/p)`, with p = ±inf the max/min of
    /// `|x|` and p = 0 the count of nonzeros. Complex input gives its real dtype.
    public func vectorNorm(p: Double, dims: [Int]?, keepdim: Bool) throws -> NDArray {
        guard dtype.isFloatingPoint || dtype.isComplex else {
            throw TensorError(.notImplemented, "linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(dtype.kernelName)")
        }
        let rdims = try reductionDims(dims)
        let magnitude = try unary(.abs)
        if p == .infinity || p == -.infinity {
            if isEmpty {
                throw TensorError.runtime("linalg.vector_norm cannot compute the \(p > 0 ? "inf" : "-inf") norm on an empty tensor because the operation does not have an identity")
            }
            return try magnitude.reduce(p > 0 ? .amax : .amin, dims: rdims, keepdim: keepdim, dtype: nil)
        }
        if p == 0 {
            let nonzero = try magnitude.reduce(.countNonzero, dims: rdims, keepdim: keepdim, dtype: nil)
            return try nonzero.casted(to: magnitude.dtype)
        }
        if p == 1 { return try magnitude.reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil) }
        if p == 2 {
            let sq = try NDArray.binary(.mul, .array(magnitude), .array(magnitude))
            return try sq.reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil).unary(.sqrt)
        }
        let powered = try NDArray.binary(.pow, .array(magnitude), .scalar(.float(p)))
        let total = try powered.reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil)
        return try NDArray.binary(.pow, .array(total), .scalar(.float(1 / p)))
    }

    /// `logsumexp(dim, keepdim)`: `log(Σ exp(x))` computed stably around the maximum.
    public func logSumExp(dims: [Int], keepdim: Bool) throws -> NDArray {
        let x = (dtype.isBool || dtype.isInteger) ? try casted(to: DTypeDefaults.floating) : self
        let rdims = try x.reductionDims(dims)
        if x.isEmpty {
            let total = try x.unary(.exp).reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil)
            return try total.unary(.log)
        }
        var m = try x.reduce(.amax, dims: rdims, keepdim: true, dtype: nil)
        // An infinite maximum would make x - m NaN; shift by zero there instead.
        let finite = try m.unary(.isfinite)
        m = try NDArray.whereSelect(finite, .array(m), .scalar(.float(0))).casted(to: x.dtype)
        let shifted = try NDArray.binary(.sub, .array(x), .array(m)).unary(.exp)
        let total = try shifted.reduce(.sum, dims: rdims, keepdim: keepdim, dtype: nil).unary(.log)
        let mShaped = keepdim ? m : try m.squeezed(rdims.isEmpty ? nil : rdims)
        return try NDArray.binary(.add, .array(total), .array(mShaped))
    }

    /// `softmax(dim)`: `exp(x - max) / Σ exp(x - max)` along `dim`.
    public func softmax(dim: Int) throws -> NDArray {
        let x = try softmaxInput("softmax")
        let d = try x.normalizedDim(dim)
        // No elements: nothing to normalise (the max below would refuse an empty dim).
        if x.count == 0 { return try NDArray(zeros: x.shape, dtype: x.dtype) }
        let m = try x.reduce(.amax, dims: [d], keepdim: true, dtype: nil)
        let e = try NDArray.binary(.sub, .array(x), .array(m)).unary(.exp)
        let total = try e.reduce(.sum, dims: [d], keepdim: true, dtype: nil)
        return try NDArray.binary(.div, .array(e), .array(total))
    }

    /// `log_softmax(dim)`: `x - max - log Σ exp(x - max)` along `dim`.
    public func logSoftmax(dim: Int) throws -> NDArray {
        let x = try softmaxInput("log_softmax")
        let d = try x.normalizedDim(dim)
        if x.count == 0 { return try NDArray(zeros: x.shape, dtype: x.dtype) }
        let m = try x.reduce(.amax, dims: [d], keepdim: true, dtype: nil)
        let shifted = try NDArray.binary(.sub, .array(x), .array(m))
        let lse = try shifted.unary(.exp).reduce(.sum, dims: [d], keepdim: true, dtype: nil).unary(.log)
        return try NDArray.binary(.sub, .array(shifted), .array(lse))
    }

    private func softmaxInput(_ name: String) throws -> NDArray {
        guard dtype.isFloatingPoint else {
            throw TensorError.notImplemented(rank <= 1 ? "\(name)_lastdim_kernel_impl" : "\(name)_kernel_impl", dtype)
        }
        return self
    }

    /// `cumsum(dim)` / `cumprod(dim)`: running totals along `dim`; bool and integers give int64.
    public func cumulative(_ op: CumulativeOp, dim: Int) throws -> NDArray {
        let work: DType = (dtype.isBool || dtype.isInteger) ? .int64 : dtype
        let d = try normalizedDim(dim)
        let out = try casted(to: work).clone()
        let rows = try RowLayout(out, dim: d)
        try work.family(ScanKernel(op: op, array: out, rows: rows))
        return out
    }
}

/// In-place running sum or product along rows.
private struct ScanKernel: FamilyVisitor {
    let op: CumulativeOp
    let array: NDArray
    let rows: RowLayout

    func run<T: Element>(_ type: T.Type, _ combine: (T, T) -> T) {
        let p = array.storage.pointer.assumingMemoryBound(to: T.self)
        for start in rows.starts {
            var i = 1
            while i < rows.length {
                let at = start + i * rows.stride
                p[at] = combine(p[at - rows.stride], p[at])
                i += 1
            }
        }
    }
    func visitBool() throws {}
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        if op == .sum { run(T.self) { $0 &+ $1 } } else { run(T.self) { $0 &* $1 } }
    }
    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        // PyTorch accumulates float scans in double precision.
        let p = array.storage.pointer.assumingMemoryBound(to: T.self)
        for start in rows.starts {
            var acc: Double = op == .sum ? 0 : 1
            for i in 0..<rows.length {
                let at = start + i * rows.stride
                acc = op == .sum ? acc + p[at].realPart : acc * p[at].realPart
                p[at] = T(castingReal: acc, imag: 0)
            }
        }
    }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        if op == .sum {
            run(T.self) { T($0.realPart + $1.realPart, $0.imagPart + $1.imagPart) }
        } else {
            throw TensorError.notImplemented("cumprod", T.dtype)
        }
    }
}
