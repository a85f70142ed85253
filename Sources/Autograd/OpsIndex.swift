import TensorCore

/// Indexing: every gathering operation shares the one selection rule.
extension Tensor {
    /// `x[items]`. Basic indexing gives a view (SelectBackward0 / SliceBackward0 after the last
    /// int or slice, as PyTorch applies them left to right); any array item is advanced
    /// indexing (IndexBackward0).
    public func subscripted(_ items: [IndexItem]) throws -> Tensor {
        let name = Tensor.indexingNodeName(items)
        return try selecting(name) { try $0.subscripted(items) }
    }

    static func indexingNodeName(_ items: [IndexItem]) -> String {
        var name = "AliasBackward0"
        for item in items {
            switch item {
            case .array: return "IndexBackward0"
            case .int: name = "SelectBackward0"
            case .slice: name = "SliceBackward0"
            case .newAxis: name = "UnsqueezeBackward0"
            case .ellipsis: break
            }
        }
        return name
    }

    /// `x.index_select(dim, index)`.
    public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
        let idx = index.data
        return try selecting("IndexSelectBackward0") { try $0.indexSelect(dim: dim, index: idx) }
    }

    /// `x.gather(dim, index)`.
    public func gather(dim: Int, index: Tensor) throws -> Tensor {
        let idx = index.data
        return try selecting("GatherBackward0") { try $0.gather(dim: dim, index: idx) }
    }

    /// `x.take(index)`: the flat elements at `index`.
    public func take(_ index: Tensor) throws -> Tensor {
        let idx = index.data
        return try selecting("TakeBackward0") { try $0.take(idx) }
    }

    /// `x.masked_fill(mask, value)`: filled elements get no gradient.
    public func maskedFill(_ mask: Tensor, _ value: Scalar) throws -> Tensor {
        let m = mask.data
        let out = try data.maskedFill(m, value)
        guard Tensor.recording(self) else { return Tensor(out) }
        let select: (NDArray) throws -> NDArray = { try $0.maskedFill(m, .int(0)) }
        return try Tensor.make(SelectionRecord(name: "MaskedFillBackward0", select: select), out, inputs: [self])
    }

    /// `x.scatter(dim, index, src, reduce=None|"add"|"sum")` out of place. The gradient flows to
    /// `self` where it was not overwritten (all of it when adding) and to `src` from the places
    /// each element went.
    public func scatter(dim: Int, index: Tensor, src: TensorOperand, reduce: String?) throws -> Tensor {
        let idx = index.data
        let out = try data.scatter(dim: dim, index: idx, src: src.operand, reduce: reduce)
        guard Tensor.recording(.tensor(self), src) else { return Tensor(out) }
        let adds = reduce == "add" || reduce == "sum"
        if reduce != nil && !adds {
            throw TensorError(.notImplemented, "the derivative of scatter with reduce='\(reduce ?? "")' is not implemented in tcalc")
        }
        var kept = self
        if !adds {
            kept = try selecting("ScatterBackward0") {
                try $0.scatter(dim: dim, index: idx, src: .scalar(.int(0)), reduce: nil)
            }
        }
        var result = kept
        if case .tensor(let source) = src {
            let d = try data.normalizedDim(dim)
            // The flat output position each src element lands on: the output's element numbers
            // gathered where the index points.
            let positions = try Tensor.elementNumbers(shape, zeroBased: true).gather(dim: d, index: idx)
            let used = try source.data.rank == 0 ? source
                : source.subscripted(idx.shape.map { .slice(start: 0, stop: $0, step: nil) })
            let placed = try Tensor.scatterAddFlat(used, positions: positions, count: count).reshaped(shape)
            result = try Tensor.binary(.add, .tensor(kept), .tensor(placed))
        }
        // The values are the engine's (an overwrite is not a sum when indices repeat); the graph
        // is the composite's.
        let named = try result.named(adds ? "ScatterAddBackward0" : "ScatterBackward0")
        named.setData(out)
        return named
    }

    /// `x.index_add(dim, index, source)` out of place; the gradient flows to both.
    public func indexAdd(dim: Int, index: Tensor, source: Tensor) throws -> Tensor {
        guard Tensor.recording([self, source]) else {
            return Tensor(try data.indexAdd(dim: dim, index: index.data, source: source.data))
        }
        // self + (zeros with source added at index): both parts are differentiable already.
        let zeros = try Tensor.constant(.int(0), shape: shape, dtype: data.dtype)
        let placed = try zeros.placing(source, dim: dim, index: index.data)
        return try Tensor.binary(.add, .tensor(self), .tensor(placed)).named("IndexAddBackward0")
    }

    /// zeros (self) with `source` added along `dim` at `index`: the adjoint of index_select.
    private func placing(_ source: Tensor, dim: Int, index: NDArray) throws -> Tensor {
        // The flat positions each source element lands on, from this shape's element numbers.
        let numbers = try Tensor.elementNumbers(shape, zeroBased: true)
        let positions = try numbers.indexSelect(dim: dim, index: index)
        return try Tensor.scatterAddFlat(source, positions: positions, count: count).reshaped(shape)
    }

    /// `x[items] = value` is `assign` (in OpsInPlace.swift).

    /// The int64 numbers of the elements of `shape` in row-major order, from 1 (or 0).
    static func elementNumbers(_ shape: [Int], zeroBased: Bool) throws -> NDArray {
        let n = try NDArray.checkedCount(shape)
        let start: Int64 = zeroBased ? 0 : 1
        let flat = try NDArray.arange(start: .int(start), end: .int(start + Int64(n)), step: .int(1), dtype: .int64)
        return try flat.reshaped(shape)
    }

    /// `x.flatten()[positions]` with int64 positions: the primitive under the selection rule.
    func takeFlat(_ positions: NDArray, name: String = "TakeBackward0") throws -> Tensor {
        let out = try data.take(positions)
        return try Tensor.maybeMake(TakeFlatRecord(name: name, positions: positions), out, inputs: [self])
    }

    /// zeros(count) with `values` (any shape, flattened) added at flat `positions`.
    static func scatterAddFlat(_ values: Tensor, positions: NDArray, count: Int) throws -> Tensor {
        let zeros = try NDArray(zeros: [count], dtype: values.data.dtype)
        let flatPositions = try positions.reshaped([-1])
        let flatValues = try values.data.reshaped([-1])
        var out = try zeros.indexAdd(dim: 0, index: flatPositions, source: flatValues)
        if flatValues.dtype.isFloatingPoint && flatValues.doubles.contains(where: { $0 == 0 && $0.sign == .minus }) {
            // PyTorch copies a selection's gradient into zeros (select_backward, index_put), so a
            // -0. stays -0.; adding it to +0. would not. Add into -0. instead (the identity of
            // addition) and put +0. back where nothing arrived.
            let negativeZeros = try NDArray.full([count], .float(-0.0), dtype: flatValues.dtype)
            let added = try negativeZeros.indexAdd(dim: 0, index: flatPositions, source: flatValues)
            let ones = try NDArray.full(flatPositions.shape, .int(1), dtype: .int64)
            let hits = try NDArray(zeros: [count], dtype: .int64).indexAdd(dim: 0, index: flatPositions, source: ones)
            let reached = try NDArray.binary(.gt, .array(hits), .scalar(.int(0)))
            out = try NDArray.whereSelect(reached, .array(added), .scalar(.float(0)))
        }
        return try maybeMake(ScatterAddFlatRecord(positions: flatPositions), out, inputs: [values])
    }
}
