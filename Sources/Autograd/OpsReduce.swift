import TensorCore

/// Reductions, normalisations and scans on tensors.
extension Tensor {
    /// `x.sum(dim, keepdim)`, `x.mean()`, `x.prod()`, `x.amax(dim)`, `x.all()`, …
    public func reduce(_ op: ReduceOp, dims: [Int]?, keepdim: Bool, dtype: DType? = nil) throws -> Tensor {
        let out = try data.reduce(op, dims: dims, keepdim: keepdim, dtype: dtype)
        guard Tensor.recording(self), out.dtype.isFloatingPoint || out.dtype.isComplex else { return Tensor(out) }
        let normalized = try dims.map { try normalizedDims($0) }
        switch op {
        case .sum: return try Tensor.make(SumRecord(dims: normalized, keepdim: keepdim), out, inputs: [self])
        case .mean: return try Tensor.make(MeanRecord(dims: normalized, keepdim: keepdim), out, inputs: [self])
        case .prod: return try Tensor.make(ProdRecord(dims: normalized, keepdim: keepdim), out, inputs: [self])
        case .amax, .amin:
            let record = AmaxRecord(isMax: op == .amax, dims: normalized, keepdim: keepdim, all: false)
            return try Tensor.make(record, out, inputs: [self])
        case .all, .any, .countNonzero:
            return Tensor(out)
        }
    }

    /// Dims wrapped to be non-negative, in increasing order (`[]` means all for `sum`).
    func normalizedDims(_ dims: [Int]) throws -> [Int] {
        if dims.isEmpty { return Array(0..<rank) }
        return try dims.map { try data.normalizedDim($0) }.sorted()
    }

    /// `x.max()` / `x.min()` over all elements: MaxBackward1, gradient shared among ties.
    public func extremumAll(max isMax: Bool) throws -> Tensor {
        let out = try data.reduce(isMax ? .amax : .amin, dims: nil, keepdim: false, dtype: nil)
        guard Tensor.recording(self) else { return Tensor(out) }
        return try Tensor.make(AmaxRecord(isMax: isMax, dims: nil, keepdim: false, all: true), out, inputs: [self])
    }

    /// `x.max(dim)`: (values, indices); the gradient goes to the returned index (MaxBackward0).
    public func extremum(max isMax: Bool, dim: Int, keepdim: Bool) throws -> (values: Tensor, indices: Tensor) {
        let r = try data.extremum(max: isMax, dim: dim, keepdim: keepdim)
        let indices = Tensor(r.indices)
        guard Tensor.recording(self) else { return (Tensor(r.values), indices) }
        let d = try data.normalizedDim(dim)
        let idx = keepdim ? r.indices : try r.indices.unsqueezed(d)
        let select: (NDArray) throws -> NDArray = { numbers in
            let picked = try numbers.gather(dim: d, index: idx)
            return keepdim ? picked : try picked.squeezed([d])
        }
        let values = try Tensor.make(SelectionRecord(name: isMax ? "MaxBackward0" : "MinBackward0", select: select),
                                     r.values, inputs: [self])
        return (values, indices)
    }

    /// `x.argmax(dim)`: never differentiable.
    public func argExtremum(max isMax: Bool, dim: Int?, keepdim: Bool) throws -> Tensor {
        Tensor(try data.argExtremum(max: isMax, dim: dim, keepdim: keepdim))
    }

    /// `x.var(dim, correction=1)`.
    public func variance(dims: [Int]?, correction: Double, keepdim: Bool) throws -> Tensor {
        let out = try data.variance(dims: dims, correction: correction, keepdim: keepdim)
        guard Tensor.recording(self) else { return Tensor(out) }
        let normalized = try dims.map { try normalizedDims($0) }
        return try Tensor.make(VarianceRecord(dims: normalized, correction: correction, keepdim: keepdim, std: false),
                               out, inputs: [self])
    }

    /// `x.std(dim, correction=1)`.
    public func standardDeviation(dims: [Int]?, correction: Double, keepdim: Bool) throws -> Tensor {
        let out = try data.standardDeviation(dims: dims, correction: correction, keepdim: keepdim)
        guard Tensor.recording(self) else { return Tensor(out) }
        let normalized = try dims.map { try normalizedDims($0) }
        return try Tensor.make(VarianceRecord(dims: normalized, correction: correction, keepdim: keepdim, std: true),
                               out, inputs: [self])
    }

    /// `torch.linalg.vector_norm(x, p, dim)` and `x.norm()`: LinalgVectorNormBackward0.
    public func vectorNorm(p: Double, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        let out = try data.vectorNorm(p: p, dims: dims, keepdim: keepdim)
        guard Tensor.recording(self) else { return Tensor(out) }
        let normalized = try dims.map { try normalizedDims($0) }
        return try Tensor.make(VectorNormRecord(p: p, dims: normalized, keepdim: keepdim), out, inputs: [self])
    }

    /// `torch.logsumexp(x, dim)`.
    public func logSumExp(dims: [Int], keepdim: Bool) throws -> Tensor {
        let out = try data.logSumExp(dims: dims, keepdim: keepdim)
        guard Tensor.recording(self) else { return Tensor(out) }
        return try Tensor.make(LogSumExpRecord(dims: try normalizedDims(dims), keepdim: keepdim), out, inputs: [self])
    }

    /// `torch.softmax(x, dim)`.
    public func softmax(dim: Int) throws -> Tensor {
        let out = try data.softmax(dim: dim)
        guard Tensor.recording(self) else { return Tensor(out) }
        return try Tensor.make(SoftmaxRecord(dim: try data.normalizedDim(dim)), out, inputs: [self])
    }

    /// `torch.log_softmax(x, dim)`.
    public func logSoftmax(dim: Int) throws -> Tensor {
        let out = try data.logSoftmax(dim: dim)
        guard Tensor.recording(self) else { return Tensor(out) }
        return try Tensor.make(LogSoftmaxRecord(dim: try data.normalizedDim(dim)), out, inputs: [self])
    }

    /// `torch.cumsum(x, dim)` / `torch.cumprod(x, dim)`.
    public func cumulative(_ op: CumulativeOp, dim: Int) throws -> Tensor {
        let out = try data.cumulative(op, dim: dim)
        guard Tensor.recording(self), out.dtype.isFloatingPoint || out.dtype.isComplex else { return Tensor(out) }
        let d = try data.normalizedDim(dim)
        switch op {
        case .sum: return try Tensor.make(CumsumRecord(dim: d), out, inputs: [self])
        case .prod: return try Tensor.make(CumprodRecord(dim: d), out, inputs: [self])
        }
    }

    /// `torch.sort(x, dim)`: values carry SortBackward0, indices never require grad.
    public func sorted(dim: Int, descending: Bool, stable: Bool) throws -> (values: Tensor, indices: Tensor) {
        let r = try data.sorted(dim: dim, descending: descending, stable: stable)
        return (try gatheredResult("SortBackward0", r.values, dim: dim, indices: r.indices), Tensor(r.indices))
    }

    /// `torch.topk(x, k, dim)`: values carry TopkBackward0.
    public func topk(_ k: Int, dim: Int, largest: Bool, sorted: Bool) throws -> (values: Tensor, indices: Tensor) {
        let r = try data.topk(k, dim: dim, largest: largest, sorted: sorted)
        return (try gatheredResult("TopkBackward0", r.values, dim: dim, indices: r.indices), Tensor(r.indices))
    }

    /// Values that are `self.gather(dim, indices)`.
    private func gatheredResult(_ name: String, _ values: NDArray, dim: Int, indices: NDArray) throws -> Tensor {
        guard Tensor.recording(self) else { return Tensor(values) }
        let d = try data.normalizedDim(dim)
        return try Tensor.make(SelectionRecord(name: name, select: { try $0.gather(dim: d, index: indices) }),
                               values, inputs: [self])
    }

    /// `torch.unique`: not differentiable.
    public func unique(sorted: Bool, returnInverse: Bool, returnCounts: Bool, dim: Int?) throws -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        let r = try data.unique(sorted: sorted, returnInverse: returnInverse, returnCounts: returnCounts, dim: dim)
        return (Tensor(r.values), r.inverse.map { Tensor($0) }, r.counts.map { Tensor($0) })
    }

    /// `torch.count_nonzero`: not differentiable.
    public func countNonzero(dims: [Int]?) throws -> Tensor {
        Tensor(try data.countNonzero(dims: dims))
    }

    /// `x.nonzero()`: not differentiable.
    public func nonzero() throws -> Tensor {
        Tensor(try data.nonzero())
    }
}
