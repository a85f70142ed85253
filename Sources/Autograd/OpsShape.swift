import TensorCore

/// Shape operations and views. Results that share storage remember their base, so that an
/// in-place write through them updates the base's history (CopySlices).
extension Tensor {
    /// `x.reshape(shape)`: a view (ViewBackward0) when strides allow, else a copy
    /// (UnsafeViewBackward0), as PyTorch names them.
    public func reshaped(_ shape: [Int]) throws -> Tensor {
        let out = try data.reshaped(shape)
        let name = out.storage === data.storage ? "ViewBackward0" : "UnsafeViewBackward0"
        return try viewResult(ReshapeRecord(name: name), out)
    }

    /// `x.view(shape)`.
    public func viewed(_ shape: [Int]) throws -> Tensor {
        try viewResult(ReshapeRecord(name: "ViewBackward0"), try data.viewed(shape))
    }

    /// `x.flatten(start_dim, end_dim)`; returns self when there is nothing to merge, as PyTorch.
    public func flattened(startDim: Int, endDim: Int) throws -> Tensor {
        if rank > 0 {
            let s = try data.normalizedDim(startDim), e = try data.normalizedDim(endDim)
            if s == e { return self }
        }
        let out = try data.flattened(startDim: startDim, endDim: endDim)
        let name = out.storage === data.storage ? "ViewBackward0" : "UnsafeViewBackward0"
        return try viewResult(ReshapeRecord(name: name), out)
    }

    /// `x.unflatten(dim, sizes)`.
    public func unflattened(dim: Int, sizes: [Int]) throws -> Tensor {
        try viewResult(ReshapeRecord(name: "ViewBackward0"), try data.unflattened(dim: dim, sizes: sizes))
    }

    /// `x.squeeze()`, `x.squeeze(d)`, `x.squeeze((d0, d1))`.
    public func squeezed(_ dims: [Int]?) throws -> Tensor {
        let name: String
        switch dims?.count {
        case nil: name = "SqueezeBackward0"
        case 1?: name = "SqueezeBackward1"
        default: name = "SqueezeBackward2"
        }
        return try viewResult(ReshapeRecord(name: name), try data.squeezed(dims))
    }

    /// `x.unsqueeze(d)`.
    public func unsqueezed(_ dim: Int) throws -> Tensor {
        try viewResult(ReshapeRecord(name: "UnsqueezeBackward0"), try data.unsqueezed(dim))
    }

    /// `x.transpose(d0, d1)` / `x.mT`.
    public func transposed(_ d0: Int, _ d1: Int) throws -> Tensor {
        let out = try data.transposed(d0, d1)
        var inverse = Array(0..<rank)
        if rank > 0 {
            let a = try data.normalizedDim(d0), b = try data.normalizedDim(d1)
            inverse.swapAt(a, b)
        }
        return try viewResult(PermuteRecord(name: "TransposeBackward0", inverse: inverse), out)
    }

    /// `x.t()`: TBackward0.
    public func t() throws -> Tensor {
        guard rank <= 2 else {
            throw TensorError.runtime("t() expects a tensor with <= 2 dimensions, but self is \(rank)D")
        }
        let inverse = Array((0..<rank).reversed())
        return try viewResult(PermuteRecord(name: "TBackward0", inverse: inverse), try data.matrixTransposed)
    }

    /// `x.T`: reverses the dims (PermuteBackward0).
    public var matrixTransposed: Tensor {
        get throws {
            let inverse = Array((0..<rank).reversed())
            return try viewResult(PermuteRecord(name: "PermuteBackward0", inverse: inverse), try data.matrixTransposed)
        }
    }

    /// `x.permute(dims)`.
    public func permuted(_ dims: [Int]) throws -> Tensor {
        let out = try data.permuted(dims)
        var inverse = Array(repeating: 0, count: dims.count)
        for (i, d) in dims.enumerated() {
            inverse[try data.normalizedDim(d)] = i
        }
        return try viewResult(PermuteRecord(name: "PermuteBackward0", inverse: inverse), out)
    }

    /// `torch.movedim(x, source, destination)`: a permutation.
    public func movedim(_ source: [Int], _ destination: [Int]) throws -> Tensor {
        let out = try data.movedim(source, destination)
        // perm[i] is the input dim that output dim i came from.
        let perm = try Tensor.movedPermutation(rank: rank, source: source, destination: destination, data: data)
        var inverse = Array(repeating: 0, count: rank)
        for (i, d) in perm.enumerated() { inverse[d] = i }
        return try viewResult(PermuteRecord(name: "PermuteBackward0", inverse: inverse), out)
    }

    /// NumPy's movedim permutation: destinations get their sources, the rest keep their order.
    static func movedPermutation(rank: Int, source: [Int], destination: [Int], data: NDArray) throws -> [Int] {
        guard source.count == destination.count else {
            throw TensorError.runtime("movedim: Invalid source or destination dims: source (\(source) dims) should contain the same number of dims as destination (\(destination) dims)")
        }
        let src = try source.map { try data.normalizedDim($0) }
        let dst = try destination.map { try data.normalizedDim($0) }
        if rank == 0 { return [] }
        var perm = [Int](repeating: -1, count: rank)
        for (s, d) in zip(src, dst) { perm[d] = s }
        var rest = (0..<rank).filter { !src.contains($0) }.makeIterator()
        for i in 0..<rank where perm[i] < 0 { perm[i] = rest.next() ?? 0 }
        return perm
    }

    /// `x.expand(shape)`: the engine's un-broadcasting is the gradient.
    public func expanded(to shape: [Int]) throws -> Tensor {
        try viewResult(ExpandRecord(), try data.expanded(to: shape))
    }

    /// A result whose elements are input elements, found by `select` (also applied to the
    /// input's element numbers in backward).
    func selecting(_ name: String, _ select: @escaping (NDArray) throws -> NDArray) throws -> Tensor {
        try viewResult(SelectionRecord(name: name, select: select), try select(data))
    }

    /// `x.narrow(dim, start, length)`: SliceBackward0.
    public func narrowed(dim: Int, start: Int, length: Int) throws -> Tensor {
        try selecting("SliceBackward0") { try $0.narrowed(dim: dim, start: start, length: length) }
    }

    /// `x.diagonal(offset, dim1, dim2)`.
    public func diagonal(offset: Int, dim1: Int, dim2: Int) throws -> Tensor {
        try selecting("DiagonalBackward0") { try $0.diagonal(offset: offset, dim1: dim1, dim2: dim2) }
    }

    /// `torch.cat(tensors, dim)`.
    public static func cat(_ tensors: [Tensor], dim: Int) throws -> Tensor {
        let out = try NDArray.cat(tensors.map(\.data), dim: dim)
        guard recording(tensors) else { return Tensor(out) }
        // PyTorch skips 1-d empty tensors when concatenating; they get no gradient.
        let kept = tensors.filter { !($0.rank == 1 && $0.count == 0) }
        let d = try out.normalizedDim(dim)
        let sizes = kept.map { $0.rank > d ? $0.shape[d] : 0 }
        return try make(CatRecord(dim: d, sizes: sizes), out, inputs: kept)
    }

    /// `torch.stack(tensors, dim)`.
    public static func stack(_ tensors: [Tensor], dim: Int) throws -> Tensor {
        let out = try NDArray.stack(tensors.map(\.data), dim: dim)
        guard recording(tensors) else { return Tensor(out) }
        return try make(StackRecord(dim: try out.normalizedDim(dim)), out, inputs: tensors)
    }

    /// `x.split([sizes], dim)`: views, each SplitWithSizesBackward0.
    public func split(sizes: [Int], dim: Int) throws -> [Tensor] {
        let parts = try data.split(sizes: sizes, dim: dim)
        return try pieces(parts, name: "SplitWithSizesBackward0") { try $0.split(sizes: sizes, dim: dim) }
    }

    /// `x.chunk(n, dim)`: views, each SplitBackward0.
    public func chunk(_ chunks: Int, dim: Int) throws -> [Tensor] {
        let parts = try data.chunk(chunks, dim: dim)
        return try pieces(parts, name: "SplitBackward0") { try $0.chunk(chunks, dim: dim) }
    }

    /// `x.unbind(dim)`: views, each UnbindBackward0.
    public func unbind(dim: Int) throws -> [Tensor] {
        let parts = try data.unbind(dim: dim)
        return try pieces(parts, name: "UnbindBackward0") { try $0.unbind(dim: dim) }
    }

    private func pieces(_ parts: [NDArray], name: String,
                        _ all: @escaping (NDArray) throws -> [NDArray]) throws -> [Tensor] {
        var result: [Tensor] = []
        for (i, part) in parts.enumerated() {
            let select: (NDArray) throws -> NDArray = { numbers in
                let p = try all(numbers)
                guard i < p.count else { throw TensorError.runtime("\(name): piece \(i) is missing") }
                return p[i]
            }
            result.append(try viewResult(SelectionRecord(name: name, select: select), part))
        }
        return result
    }

    /// `x.repeat(repeats)`.
    public func repeated(_ repeats: [Int]) throws -> Tensor {
        try selecting("RepeatBackward0") { try $0.repeated(repeats) }
    }

    /// `x.tile(reps)`.
    public func tiled(_ reps: [Int]) throws -> Tensor {
        try selecting("RepeatBackward0") { try $0.tiled(reps) }
    }

    /// `x.flip(dims)`.
    public func flipped(_ dims: [Int]) throws -> Tensor {
        try selecting("FlipBackward0") { try $0.flipped(dims) }
    }

    /// `x.roll(shifts, dims)`.
    public func rolled(shifts: [Int], dims: [Int]) throws -> Tensor {
        try selecting("RollBackward0") { try $0.rolled(shifts: shifts, dims: dims) }
    }

    /// `x.tril(k)`: zeros above the diagonal get no gradient.
    public func tril(_ diagonal: Int) throws -> Tensor {
        try selecting("TrilBackward0") { try $0.tril(diagonal) }
    }

    /// `x.triu(k)`.
    public func triu(_ diagonal: Int) throws -> Tensor {
        try selecting("TriuBackward0") { try $0.triu(diagonal) }
    }

    /// `torch.diag(x)`: a 1-d input becomes a diagonal matrix, a 2-d input gives its diagonal.
    public func diagEmbedOrExtract(_ offset: Int) throws -> Tensor {
        let name = rank == 1 ? "DiagEmbedBackward0" : "DiagonalBackward0"
        return try selecting(name) { try $0.diagEmbedOrExtract(offset) }
    }
}
