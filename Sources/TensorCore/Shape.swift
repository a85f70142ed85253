/// Shape changes and views: every function here except `reshaped` on incompatible strides
/// returns an array sharing storage with `self`.

extension NDArray {
    /// Wraps a negative dim for this array's rank (a 0-d array accepts -1 and 0).
    ///
    /// Throws "Dimension out of range (expected to be in range of [-2, 1], but got 2)".
    public func normalizedDim(_ dim: Int) throws -> Int {
        try NDArray.wrapDim(dim, rank: rank)
    }

    /// Wraps a dim that must exist: for ops that then read `shape[dim]` (roll, unflatten,
    /// cross, tensordot, …), where a 0-d array has no dim to give. PyTorch's
    /// `maybe_wrap_dim(dim, rank, wrap_scalar=false)`: "IndexError: Dimension specified as 0
    /// but tensor has no dimensions".
    public func existingDim(_ dim: Int) throws -> Int {
        guard rank > 0 else {
            throw TensorError.index("Dimension specified as \(dim) but tensor has no dimensions")
        }
        return try normalizedDim(dim)
    }

    static func wrapDim(_ dim: Int, rank: Int) throws -> Int {
        let r = Swift.max(rank, 1)
        guard dim >= -r && dim < r else {
            throw TensorError.index("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))")
        }
        return dim < 0 ? dim + r : dim
    }

    /// Resolves one -1 in a requested shape against `count` elements.
    func inferShape(_ requested: [Int]) throws -> [Int] {
        var shape = requested
        var inferred: Int? = nil
        var known = 1
        for (i, d) in requested.enumerated() {
            if d == -1 {
                if inferred != nil { throw TensorError.runtime("only one dimension can be inferred") }
                inferred = i
            } else if d < 0 {
                throw TensorError.runtime("invalid shape dimension \(d)")
            } else {
                known = known.multipliedReportingOverflow(by: d).partialValue
            }
        }
        let invalid = TensorError.runtime("shape '\(TensorError.listString(requested))' is invalid for input of size \(count)")
        if let i = inferred {
            if known == 0 && count == 0 {
                throw TensorError.runtime("cannot reshape tensor of 0 elements into shape \(TensorError.listString(requested)) because the unspecified dimension size -1 can be any value and is ambiguous")
            }
            guard known != 0, count % known == 0 else { throw invalid }
            shape[i] = count / known
        } else if known != count {
            throw invalid
        }
        return shape
    }

    /// Strides that let `shape` view this array's elements without copying, if any exist
    /// (PyTorch's `computeStride`).
    func viewStrides(for newShape: [Int]) -> [Int]? {
        if isContiguous { return NDArray.contiguousStrides(newShape) }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        var viewD = newShape.count - 1
        var chunkBaseStride = strides.last ?? 1
        var tensorNumel = 1
        var viewNumel = 1
        for tensorD in stride(from: rank - 1, through: 0, by: -1) {
            tensorNumel *= shape[tensorD]
            if tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBaseStride
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBaseStride = strides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }

    /// `reshape`: a view when the strides allow one, else a contiguous copy. One size may be -1.
    public func reshaped(_ shape: [Int]) throws -> NDArray {
        let target = try inferShape(shape)
        if let s = viewStrides(for: target) { return viewing(shape: target, strides: s) }
        return try clone().viewing(shape: target, strides: NDArray.contiguousStrides(target), offset: 0)
    }

    /// `view`: always a view, or PyTorch's error suggesting `.reshape(...)`.
    public func viewed(_ shape: [Int]) throws -> NDArray {
        let target = try inferShape(shape)
        guard let s = viewStrides(for: target) else {
            throw TensorError.runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        return viewing(shape: target, strides: s)
    }

    /// `flatten(start_dim, end_dim)`: merges the dims in the range (a view when possible).
    public func flattened(startDim: Int, endDim: Int) throws -> NDArray {
        if rank == 0 { return try reshaped([1]) }
        let s = try normalizedDim(startDim), e = try normalizedDim(endDim)
        guard s <= e else { throw TensorError.runtime("flatten() has invalid args: start_dim cannot come after end_dim") }
        if s == e { return self }
        let merged = shape[s...e].reduce(1, *)
        return try reshaped(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// `unflatten(dim, sizes)`: splits one dim into several (one size may be -1).
    public func unflattened(dim: Int, sizes: [Int]) throws -> NDArray {
        let d = try existingDim(dim)
        guard !sizes.isEmpty else { throw TensorError.runtime("unflatten: sizes must be non-empty") }
        var resolved = sizes
        let known = try NDArray.checkedCount(sizes.filter { $0 != -1 })
        if let i = sizes.firstIndex(of: -1) {
            guard known != 0, shape[d] % known == 0 else {
                throw TensorError.runtime("unflatten: Provided sizes \(TensorError.listString(sizes)) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor")
            }
            resolved[i] = shape[d] / known
        }
        guard try NDArray.checkedCount(resolved) == shape[d], resolved.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.runtime("unflatten: Provided sizes \(TensorError.listString(sizes)) don't multiply up to the size of dim \(dim) (\(shape[d])) in the input tensor")
        }
        return try reshaped(Array(shape[..<d]) + resolved + Array(shape[(d + 1)...]))
    }

    /// `squeeze(dims)`: drops size-1 dims (all of them when `dims` is nil; others are kept).
    public func squeezed(_ dims: [Int]?) throws -> NDArray {
        var drop = Set<Int>()
        if let dims = dims {
            for d in dims {
                let n = try normalizedDim(d)
                if rank > 0 && shape[n] == 1 { drop.insert(n) }
            }
        } else {
            for d in 0..<rank where shape[d] == 1 { drop.insert(d) }
        }
        var newShape: [Int] = [], newStrides: [Int] = []
        for d in 0..<rank where !drop.contains(d) {
            newShape.append(shape[d])
            newStrides.append(strides[d])
        }
        return viewing(shape: newShape, strides: newStrides)
    }

    /// `unsqueeze(dim)`: inserts a size-1 dim; `dim` ranges over rank + 1 positions.
    public func unsqueezed(_ dim: Int) throws -> NDArray {
        let d = try NDArray.wrapDim(dim, rank: rank + 1)
        var newShape = shape, newStrides = strides
        let stride = d < rank ? shape[d] * strides[d] : 1
        newShape.insert(1, at: d)
        newStrides.insert(stride, at: d)
        return viewing(shape: newShape, strides: newStrides)
    }

    /// `transpose(d0, d1)`: swaps two dims.
    public func transposed(_ d0: Int, _ d1: Int) throws -> NDArray {
        let a = try normalizedDim(d0), b = try normalizedDim(d1)
        if rank == 0 { return self }
        var newShape = shape, newStrides = strides
        newShape.swapAt(a, b)
        newStrides.swapAt(a, b)
        return viewing(shape: newShape, strides: newStrides)
    }

    /// `permute(dims)`: reorders all dims.
    public func permuted(_ dims: [Int]) throws -> NDArray {
        guard dims.count == rank else {
            throw TensorError.runtime("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        let wrapped = try dims.map { try normalizedDim($0) }
        guard Set(wrapped).count == wrapped.count else {
            throw TensorError.runtime("permute(): duplicate dims are not allowed.")
        }
        return viewing(shape: wrapped.map { shape[$0] }, strides: wrapped.map { strides[$0] })
    }

    /// `movedim(source, destination)`: moves dims to new positions, keeping the others in order.
    public func movedim(_ source: [Int], _ destination: [Int]) throws -> NDArray {
        guard source.count == destination.count else {
            throw TensorError.runtime("movedim: Invalid source or destination dims: source (\(TensorError.listString(source)) dims) should contain the same number of dims as destination (\(TensorError.listString(destination)) dims)")
        }
        let src = try source.map { try normalizedDim($0) }
        let dst = try destination.map { try normalizedDim($0) }
        // A 0-d array accepts dim 0 (or -1) and has nothing to move.
        if rank == 0 { return self }
        guard Set(src).count == src.count else { throw TensorError.runtime("movedim: repeated dim in `source` (\(TensorError.listString(source)))") }
        guard Set(dst).count == dst.count else { throw TensorError.runtime("movedim: repeated dim in `destination` (\(TensorError.listString(destination)))") }
        var order = [Int](repeating: -1, count: rank)
        for (s, d) in zip(src, dst) { order[d] = s }
        var rest = (0..<rank).filter { !src.contains($0) }.makeIterator()
        for i in 0..<rank where order[i] == -1 { order[i] = rest.next() ?? 0 }
        return try permuted(order)
    }

    /// `.T` for up to 2 dims (reverses them); for batches, the last two dims swapped (`.mT`).
    public var matrixTransposed: NDArray {
        get throws {
            if rank <= 2 { return viewing(shape: shape.reversed(), strides: strides.reversed()) }
            return try transposed(-2, -1)
        }
    }

    /// `expand(sizes)`: a broadcast view; -1 keeps a size, new leading dims are allowed.
    public func expanded(to sizes: [Int]) throws -> NDArray {
        guard sizes.count >= rank else {
            throw TensorError.runtime("expand(torch.FloatTensor{\(TensorError.listString(shape))}, size=\(TensorError.listString(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let lead = sizes.count - rank
        var target = sizes
        for (i, s) in sizes.enumerated() where s == -1 {
            guard i >= lead else {
                throw TensorError.runtime("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension \(i)")
            }
            target[i] = shape[i - lead]
        }
        for s in target where s < 0 {
            throw TensorError.runtime("The expanded size of the tensor (\(s)) must match the existing size at non-singleton dimension")
        }
        _ = try NDArray.checkedCount(target)
        return try broadcast(to: target)
    }

    /// `narrow(dim, start, length)`: a view of `length` elements along `dim` from `start`.
    public func narrowed(dim: Int, start: Int, length: Int) throws -> NDArray {
        guard rank > 0 else { throw TensorError.runtime("narrow() cannot be applied to a 0-dim tensor.") }
        let d = try normalizedDim(dim)
        let size = shape[d]
        guard start >= -size && start <= size else {
            throw TensorError.index("start out of range (expected to be in range of [\(-size), \(size)], but got \(start))")
        }
        let s = start < 0 ? start + size : start
        guard length >= 0 else { throw TensorError.runtime("narrow(): length must be non-negative.") }
        guard length <= size - s else {
            throw TensorError.runtime("start (\(s)) + length (\(length)) exceeds dimension size (\(size)).")
        }
        var newShape = shape
        newShape[d] = length
        return viewing(shape: newShape, strides: strides, offset: offset + s * strides[d])
    }

    /// `diagonal(offset, dim1, dim2)`: the diagonal as a view, appended as the last dim.
    public func diagonal(offset diagOffset: Int, dim1: Int, dim2: Int) throws -> NDArray {
        let a = try normalizedDim(dim1), b = try normalizedDim(dim2)
        guard a != b else {
            throw TensorError.runtime("diagonal dimensions cannot be identical \(dim1), \(dim2)")
        }
        var length: Int
        var start = offset
        // Offsets beyond the matrix give an empty diagonal; clamping keeps the arithmetic in range.
        let diagOffset = Swift.min(Swift.max(diagOffset, -shape[a]), shape[b])
        if diagOffset >= 0 {
            length = Swift.max(Swift.min(shape[a], shape[b] - diagOffset), 0)
            if length > 0 { start += diagOffset * strides[b] }
        } else {
            length = Swift.max(Swift.min(shape[a] + diagOffset, shape[b]), 0)
            if length > 0 { start -= diagOffset * strides[a] }
        }
        var newShape: [Int] = [], newStrides: [Int] = []
        for d in 0..<rank where d != a && d != b {
            newShape.append(shape[d])
            newStrides.append(strides[d])
        }
        newShape.append(length)
        newStrides.append(strides[a] + strides[b])
        return viewing(shape: newShape, strides: newStrides, offset: start)
    }
}
