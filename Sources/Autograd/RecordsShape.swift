import TensorCore

// Derivative records of shape operations, selections and copies: all linear, so their forward
// rule is the operation applied to the tangent (PyTorch's auto_linear).

/// Any reshaping view or copy (view, reshape, flatten, squeeze, unsqueeze, …), by PyTorch's name.
struct ReshapeRecord: Derivative {
    let name: String
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try g.reshaped(c.inputShape(0))] }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).reshaped(c.result().shape)
    }
}

/// A permutation of dims (transpose, t, T, permute, movedim); `inverse` undoes it.
struct PermuteRecord: Derivative {
    let name: String
    let inverse: [Int]
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try g.permuted(inverse)] }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        var perm = inverse
        for (d, i) in inverse.enumerated() { perm[i] = d }
        return try (t[0] ?? c.input(0).zerosLike()).permuted(perm)
    }
}

/// `expand`: the engine's un-broadcasting is the whole backward rule.
struct ExpandRecord: Derivative {
    var name: String { "ExpandBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [g] }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).expanded(to: c.result().shape)
    }
}

/// The identity under a name: clone, a dtype conversion (the engine casts gradients back), and
/// composites that print the name of PyTorch's fused kernel (mse_loss → MseLossBackward0).
struct AliasRecord: Derivative {
    let nodeName: String
    var name: String { nodeName }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [g] }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor { try t[0] ?? c.result().zerosLike() }

    static let clone = AliasRecord(nodeName: "CloneBackward0")
    static let toCopy = AliasRecord(nodeName: "ToCopyBackward0")
}

/// An operation whose output elements are input elements (slicing, indexing, gather, sort values,
/// flip, …) or zeros (tril, diag_embed). `select` applied to the input's 1-based element numbers
/// tells, for each output element, which input element it came from (0: none): one rule for every
/// gathering operation.
struct SelectionRecord: Derivative {
    let name: String
    let select: (NDArray) throws -> NDArray
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [try Node.selectionGradient(g, shape: c.inputShape(0), select: select)]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).selecting(name, select)
    }
}

/// `x.flatten()[positions]` with int64 positions (the primitive under the selection rule).
struct TakeFlatRecord: Derivative {
    let name: String
    let positions: NDArray
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let shape = c.inputShape(0)
        return [try Tensor.scatterAddFlat(g, positions: positions, count: shape.reduce(1, *)).reshaped(shape)]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).takeFlat(positions, name: name)
    }
}

/// zeros(count).index_add(0, positions, values.flatten()): the adjoint of takeFlat.
struct ScatterAddFlatRecord: Derivative {
    let positions: NDArray
    var name: String { "IndexAddBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [try g.takeFlat(positions).reshaped(c.inputShape(0))]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try Tensor.scatterAddFlat(t[0] ?? c.input(0).zerosLike(), positions: positions, count: c.result().count)
    }
}

/// `torch.cat(tensors, dim)`.
struct CatRecord: Derivative {
    let dim: Int
    let sizes: [Int]
    var name: String { "CatBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        var start = 0
        var result: [Tensor?] = []
        for size in sizes {
            result.append(try g.narrowed(dim: dim, start: start, length: size))
            start += size
        }
        return result
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try Tensor.cat(try c.tangentsOrZeros(t), dim: dim)
    }
}

/// `torch.stack(tensors, dim)`.
struct StackRecord: Derivative {
    let dim: Int
    var name: String { "StackBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        try (0..<c.inputCount).map { i in try g.narrowed(dim: dim, start: i, length: 1).squeezed([dim]) }
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try Tensor.stack(try c.tangentsOrZeros(t), dim: dim)
    }
}

/// An in-place write into part of a tensor: inputs are [the old whole, the new part's values];
/// `positions` are the flat positions written. PyTorch calls it CopySlices for writes through
/// views, and names the indexing kernel for writes into a whole tensor.
struct CopySlicesRecord: Derivative {
    let positions: NDArray
    var nodeName = "CopySlices"
    /// The value written was a number (fill_, masked_fill_, index_fill_): PyTorch's node has no
    /// input for it.
    var constantValue = false
    var name: String { nodeName }
    var displayedInputs: Int? { constantValue ? 1 : nil }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let count = c.inputShape(0).reduce(1, *)
        let keep = try NDArray.full([count], .int(1), dtype: g.dtype)
        try keep.assign([.array(try positions.reshaped([-1]))], .scalar(.int(0)))
        let gOld = try g.mul(Tensor(try keep.reshaped(c.inputShape(0))))
        return [gOld, try g.takeFlat(positions)]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let shape = c.inputShape(0)
        let count = shape.reduce(1, *)
        let keep = try NDArray.full([count], .int(1), dtype: c.result().dtype)
        try keep.assign([.array(try positions.reshaped([-1]))], .scalar(.int(0)))
        let old = try (t[0] ?? c.input(0).zerosLike()).mul(Tensor(try keep.reshaped(shape)))
        guard let new = t[1] else { return old }
        let placed = try Tensor.scatterAddFlat(new.expanded(to: positions.shape), positions: positions, count: count)
        return try old.add(placed.reshaped(shape))
    }
}

/// A result whose derivative tcalc does not have: backward (and forward mode) through it is an
/// error that says so.
struct NotImplementedRecord: Derivative {
    let name: String
    let what: String
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        throw TensorError(.notImplemented, "the derivative of \(what) is not implemented in tcalc")
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        throw TensorError(.notImplemented, "the derivative of \(what) is not implemented in tcalc")
    }
}

extension Node {
    /// The tangents of a forward context, with zeros where an input has none.
    func tangentsOrZeros(_ t: [Tensor?]) throws -> [Tensor] {
        try t.enumerated().map { i, x in try x ?? input(i).zerosLike() }
    }
}
