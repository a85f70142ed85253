import TensorCore

/// In-place operations (`x += y`, `x.mul_(2)`, `x[i] = v`, `x.zero_()`, `x.copy_(y)`): they write
/// into the existing storage, so the tensor's identity and every view of it see the change.
/// When grad is needed, the history is rewritten: the tensor (or, for a view, its base) becomes
/// the output of a node whose inputs are its previous value and the new operands.
extension Tensor {
    /// `x.add_(y)`, `x *= y`, …
    public func binaryInPlace(_ op: BinaryOp, _ other: TensorOperand) throws {
        let needed = GradMode.isEnabled && (requiresGrad || other.requiresGrad)
        try checkInPlaceAllowed()
        guard needed && Tensor.isDifferentiable(op) else {
            try data.binaryInPlace(op, other.operand)
            // A comparison or bit operation written over a tensor in the graph leaves values with
            // zero derivative: the old history must not keep flowing through them.
            if needed && requiresGrad { try rewriteHistory(positions: try Tensor.elementNumbers(shape, zeroBased: true), values: nil) }
            return
        }
        let old = try previousValue()
        try data.binaryInPlace(op, other.operand)
        let newValue = try Tensor.binary(op, .tensor(old), other)
        try rewriteHistory(wholeValue: newValue)
    }

    /// `x.exp_()`, `x.relu_()`, …
    public func unaryInPlace(_ op: UnaryOp) throws {
        let needed = GradMode.isEnabled && requiresGrad
        try checkInPlaceAllowed()
        guard needed && UnaryRecord.of(op) != nil else {
            try data.unaryInPlace(op)
            if needed { try rewriteHistory(positions: try Tensor.elementNumbers(shape, zeroBased: true), values: nil) }
            return
        }
        let old = try previousValue()
        try data.unaryInPlace(op)
        try rewriteHistory(wholeValue: try old.unary(op))
    }

    /// An in-place operation written as an out-of-place composite (`x.index_add_(…)` as
    /// `index_add(x, …)`): `result`'s values replace this tensor's, and on a tensor that is no
    /// view its history becomes the result's (IndexAddBackward0, as PyTorch names it).
    public func overwrite(withResult result: Tensor) throws {
        try checkInPlaceAllowed()
        try data.copyFrom(result.data)
        guard GradMode.isEnabled && (requiresGrad || result.requiresGrad) else { return }
        try rewriteHistory(wholeValue: result)
    }

    /// `x.fill_(v)` (FillBackward2) / `x.zero_()` (`nodeName` ZeroBackward0).
    public func fill(_ value: Scalar, nodeName: String = "FillBackward2") throws {
        try checkInPlaceAllowed()
        try data.fill(value)
        if GradMode.isEnabled && requiresGrad {
            try rewriteHistory(positions: try Tensor.elementNumbers(shape, zeroBased: true), values: nil,
                               nodeName: nodeName)
        }
    }

    /// `x.copy_(src)` with broadcasting.
    public func copyFrom(_ src: Tensor) throws {
        try checkInPlaceAllowed()
        try data.copyFrom(src.data)
        if GradMode.isEnabled && (requiresGrad || src.requiresGrad) {
            try rewriteHistory(positions: try Tensor.elementNumbers(shape, zeroBased: true), values: src,
                               nodeName: "CopyBackwards")
        }
    }

    /// `x[items] = value`.
    public func assign(_ items: [IndexItem], _ value: TensorOperand) throws {
        try checkInPlaceAllowed()
        let recording = GradMode.isEnabled && (requiresGrad || value.requiresGrad)
        // The flat positions written, computed before the write (advanced indices included).
        let positions = recording ? try Tensor.elementNumbers(shape, zeroBased: true).subscripted(items) : nil
        try data.assign(items, value.operand)
        if let p = positions {
            try rewriteHistory(positions: p, values: value.tensor, nodeName: Tensor.writeNodeName(items, value))
        }
    }

    /// The node PyTorch records for `x[items] = value` on a tensor that is no view (a write
    /// through a view is always CopySlices): basic indices select a view that is copied into
    /// (CopySlices), unless they select everything (fill_ / copy_); advanced indices call
    /// index_put_, or masked_fill_ / index_fill_ for a bool mask or an index list with a number.
    static func writeNodeName(_ items: [IndexItem], _ value: TensorOperand) -> String {
        let isNumber = value.tensor == nil
        var arrays: [NDArray] = []
        var everything = true
        for item in items {
            switch item {
            case .array(let a): arrays.append(a)
            case .slice(nil, nil, nil), .ellipsis: break
            default: everything = false
            }
        }
        if arrays.isEmpty {
            if everything { return isNumber ? "FillBackward2" : "CopyBackwards" }
            return "CopySlices"
        }
        if items.count == 1 && isNumber {
            return arrays[0].dtype == .bool ? "MaskedFillBackward0" : "IndexFillBackward0"
        }
        return "IndexPutBackward0"
    }

    /// PyTorch refuses in-place changes to leaves that require grad (and views of them) while
    /// grad mode is on: their `.grad` would no longer be the gradient of what was used.
    func checkInPlaceAllowed() throws {
        guard GradMode.isEnabled else { return }
        if isLeaf && requiresGrad && viewBase == nil {
            throw TensorError.runtime("a leaf Variable that requires grad is being used in an in-place operation.")
        }
        if let base = viewBase, base.isLeaf, base.requiresGrad {
            throw TensorError.runtime("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
    }

    /// A copy of the current value carrying the current history, taken before an in-place write.
    private func previousValue() throws -> Tensor {
        Tensor(try data.clone(), gradFn: try currentGradFn())
    }

    /// After a whole-tensor in-place operation whose result, as an out-of-place expression of the
    /// previous value, is `wholeValue`.
    private func rewriteHistory(wholeValue: Tensor) throws {
        if viewBase == nil {
            adoptGradFn(wholeValue.gradFn)
            return
        }
        try rewriteHistory(positions: try Tensor.elementNumbers(shape, zeroBased: true), values: wholeValue)
    }

    /// After writing `values` (nil: constants) at flat `positions` of this tensor: the root
    /// (this tensor, or the base it views) becomes CopySlices(previous root, values), and this
    /// tensor, when a view, is re-derived from it.
    private func rewriteHistory(positions: NDArray, values: Tensor?, nodeName: String = "CopySlices") throws {
        let root = viewBase ?? self
        var rootPositions = positions
        if root !== self {
            let mine = try ViewTracking.positions(of: data, in: root.data)
            rootPositions = try mine.reshaped([-1]).take(try positions.reshaped([-1])).reshaped(positions.shape)
        }
        let valueEdgeTensor = try values ?? Tensor(NDArray(zeros: positions.shape, dtype: root.dtype))
        let edges: [Edge] = [
            Edge(target: try root.edgeTarget(), shape: root.shape, dtype: root.dtype),
            try valueEdgeTensor.edge(),
        ]
        // Through a view PyTorch always records CopySlices; on the tensor itself, the kernel's node.
        let name = root === self ? nodeName : "CopySlices"
        let constant = values == nil && name != "IndexPutBackward0"
        let record = CopySlicesRecord(positions: rootPositions, nodeName: name, constantValue: constant)
        let node = Node(record: record, edges: edges, saved: [])
        root.adoptGradFn(node)
        if root !== self {
            adoptGradFn(try ViewTracking.regenerate(self, from: root))
        }
    }

    /// The edge target for this tensor's current history (the previous value, before a write).
    func edgeTarget() throws -> EdgeTarget {
        try edge().target
    }
}

/// Where a view's elements sit inside its base, for in-place writes through views.
enum ViewTracking {
    /// For each element of `view` (in its shape), its flat row-major position in `base`.
    static func positions(of view: NDArray, in base: NDArray) throws -> NDArray {
        if base.strides == NDArray.contiguousStrides(base.shape) {
            // A row-major base: a storage offset is its position.
            let n = base.count
            var result: [Int64] = []
            result.reserveCapacity(view.count)
            for off in view.elementOffsets() {
                let p = off - base.offset
                guard p >= 0 && p < n else {
                    throw TensorError.runtime("internal autograd error: a view reaches outside its base")
                }
                result.append(Int64(p))
            }
            return try NDArray(result, shape: view.shape)
        }
        let baseOffsets = base.elementOffsets()
        var positionOf: [Int: Int] = [:]
        positionOf.reserveCapacity(baseOffsets.count)
        for (i, off) in baseOffsets.enumerated() where positionOf[off] == nil {
            positionOf[off] = i
        }
        var result: [Int64] = []
        result.reserveCapacity(view.count)
        for off in view.elementOffsets() {
            guard let p = positionOf[off] else {
                throw TensorError.runtime("internal autograd error: a view reaches outside its base")
            }
            result.append(Int64(p))
        }
        return try NDArray(result, shape: view.shape)
    }

    /// A fresh history for `view` as a selection of its base's current value (PyTorch
    /// regenerates it as AsStridedBackward0).
    static func regenerate(_ view: Tensor, from base: Tensor) throws -> Node {
        let p = try positions(of: view.data, in: base.data)
        let edge = try base.edge()
        return Node(record: TakeFlatRecord(name: "AsStridedBackward0", positions: p), edges: [edge], saved: [])
    }
}
