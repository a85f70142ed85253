/// Joining, splitting, repeating and rearranging arrays (`cat`, `stack`, `split`, `repeat`,
/// `flip`, `roll`, `tril`, `diag`, …).

extension NDArray {
    /// `torch.cat`: joins along an existing dim, promoting dtypes. 1-d empty arrays are skipped,
    /// as PyTorch still allows for legacy code.
    public static func cat(_ arrays: [NDArray], dim: Int) throws -> NDArray {
        guard !arrays.isEmpty else { throw TensorError.value("torch.cat(): expected a non-empty list of Tensors") }
        let dtype = arrays.dropFirst().reduce(arrays[0].dtype) { DType.promote($0, $1.dtype) }
        for (i, a) in arrays.enumerated() where a.rank == 0 {
            throw TensorError.runtime("zero-dimensional tensor (at position \(i)) cannot be concatenated")
        }
        let parts = arrays.enumerated().filter { !($0.element.rank == 1 && $0.element.shape[0] == 0) }
        guard let first = parts.first?.element else {
            return try NDArray(zeros: [0], dtype: dtype)
        }
        let d = try first.normalizedDim(dim)
        var total = 0
        for (i, a) in parts {
            guard a.rank == first.rank else {
                throw TensorError.runtime("Tensors must have same number of dimensions: got \(first.rank) and \(a.rank)")
            }
            for k in 0..<first.rank where k != d && a.shape[k] != first.shape[k] {
                throw TensorError.runtime("Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(a.shape[k]) for tensor number \(i) in the list.")
            }
            total += a.shape[d]
        }
        var outShape = first.shape
        outShape[d] = total
        let out = try NDArray(zeros: outShape, dtype: dtype)
        var start = 0
        for (_, a) in parts {
            try out.narrowed(dim: d, start: start, length: a.shape[d]).assignElements(from: a)
            start += a.shape[d]
        }
        return out
    }

    /// `torch.stack`: joins equal-shaped arrays along a new dim.
    public static func stack(_ arrays: [NDArray], dim: Int) throws -> NDArray {
        guard let first = arrays.first else { throw TensorError.runtime("stack expects a non-empty TensorList") }
        for (i, a) in arrays.enumerated() where a.shape != first.shape {
            throw TensorError.runtime("stack expects each tensor to be equal size, but got \(TensorError.listString(first.shape)) at entry 0 and \(TensorError.listString(a.shape)) at entry \(i)")
        }
        let d = try wrapDim(dim, rank: first.rank + 1)
        return try cat(arrays.map { try $0.unsqueezed(d) }, dim: d)
    }

    /// `split(split_size_or_sections=[...], dim)`: views of the given sizes, which must add up.
    public func split(sizes: [Int], dim: Int) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.runtime("split expects at least a 1-dimensional tensor") }
        let d = try normalizedDim(dim)
        var total = 0
        for s in sizes where s >= 0 { total = total.addingReportingOverflow(s).partialValue }
        guard sizes.allSatisfy({ $0 >= 0 }), total == shape[d] else {
            throw TensorError.runtime("split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(TensorError.listString(sizes))")
        }
        var start = 0
        return try sizes.map { n in
            defer { start += n }
            return try narrowed(dim: d, start: start, length: n)
        }
    }

    /// `split(split_size, dim)`: views of `size` elements each, the last one possibly shorter.
    public func split(every size: Int, dim: Int) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.runtime("split expects at least a 1-dimensional tensor") }
        let d = try normalizedDim(dim)
        guard size > 0 || shape[d] == 0 else {
            throw TensorError.runtime("split_size can only be 0 if dimension size is 0, but got dimension size of \(shape[d])")
        }
        if shape[d] == 0 { return [self] }
        var sizes: [Int] = []
        var left = shape[d]
        while left > 0 { sizes.append(Swift.min(size, left)); left -= size }
        return try split(sizes: sizes, dim: d)
    }

    /// `chunk(chunks, dim)`: up to `chunks` views of `ceil(size / chunks)` elements each.
    public func chunk(_ chunks: Int, dim: Int) throws -> [NDArray] {
        guard chunks > 0 else { throw TensorError.runtime("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        guard rank > 0 else { throw TensorError.runtime("chunk expects at least a 1-dimensional tensor") }
        let d = try normalizedDim(dim)
        let each = shape[d] == 0 ? 0 : (shape[d] - 1) / chunks + 1
        if each == 0 { return try split(sizes: [Int](repeating: 0, count: chunks), dim: d) }
        return try split(every: each, dim: d)
    }

    /// `unbind(dim)`: the slices along `dim`, each without that dim (views).
    public func unbind(dim: Int) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.index("Dimension specified as 0 but tensor has no dimensions") }
        let d = try normalizedDim(dim)
        var newShape = shape, newStrides = strides
        newShape.remove(at: d)
        newStrides.remove(at: d)
        return (0..<shape[d]).map { i in
            viewing(shape: newShape, strides: newStrides, offset: offset + i * strides[d])
        }
    }

    /// `repeat(*repeats)`: tiles the whole array (a copy); repeats may add leading dims.
    public func repeated(_ repeats: [Int]) throws -> NDArray {
        guard repeats.count >= rank else {
            throw TensorError.runtime("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        }
        if let bad = repeats.first(where: { $0 < 0 }) {
            throw TensorError.runtime("Trying to create tensor with negative dimension \(bad): \(TensorError.listString(repeats))")
        }
        let lead = repeats.count - rank
        let padShape = [Int](repeating: 1, count: lead) + shape
        let padStrides = [Int](repeating: 0, count: lead) + strides
        // Interleave (repeat_i, size_i) with stride 0 for the repeat: one broadcast view, one copy.
        var viewShape: [Int] = [], viewStrides: [Int] = []
        for i in 0..<repeats.count {
            viewShape += [repeats[i], padShape[i]]
            viewStrides += [0, padStrides[i]]
        }
        // The allocation checks the total for overflow, so the products below cannot overflow.
        let out = try NDArray(zeros: viewShape, dtype: dtype)
        let outShape = (0..<repeats.count).map { repeats[$0] * padShape[$0] }
        try out.assignElements(from: viewing(shape: viewShape, strides: viewStrides))
        return out.viewing(shape: outShape, strides: NDArray.contiguousStrides(outShape))
    }

    /// `tile(reps)`: `repeat` with reps padded with leading 1s to the rank.
    public func tiled(_ reps: [Int]) throws -> NDArray {
        let padded = reps.count < rank ? [Int](repeating: 1, count: rank - reps.count) + reps : reps
        return try repeated(padded)
    }

    /// `flip(dims)`: reverses the order along each dim (a copy, as in PyTorch).
    public func flipped(_ dims: [Int]) throws -> NDArray {
        var newStrides = strides
        var start = offset
        var seen = Set<Int>()
        for dim in dims {
            let d = try normalizedDim(dim)
            guard seen.insert(d).inserted else { throw TensorError.runtime("dims has duplicates, original flip dims size=\(dims.count), but unique flip dims size=\(seen.count)") }
            if rank == 0 { continue }
            if shape[d] > 0 { start += (shape[d] - 1) * strides[d] }
            newStrides[d] = -strides[d]
        }
        let view = viewing(shape: shape, strides: newStrides, offset: start)
        let out = try NDArray(zeros: shape, dtype: dtype)
        try out.assignElements(from: view)
        return out
    }

    /// `roll(shifts, dims)`: rotates elements along dims; without dims, over the flattened array.
    public func rolled(shifts: [Int], dims: [Int]) throws -> NDArray {
        if dims.isEmpty {
            guard shifts.count == 1 else {
                throw TensorError.runtime("shifts and dimensions must align. shifts: \(shifts.count), dims:0")
            }
            return try reshaped([-1]).rolled(shifts: shifts, dims: [0]).reshaped(shape)
        }
        guard shifts.count == dims.count else {
            throw TensorError.runtime("shifts and dimensions must align. shifts: \(shifts.count), dims:\(dims.count)")
        }
        var result = self
        for (shift, dim) in zip(shifts, dims) {
            let d = try result.existingDim(dim)
            let size = result.shape[d]
            if size == 0 { continue }
            let s = ((shift % size) + size) % size
            if s == 0 { continue }
            let tail = try result.narrowed(dim: d, start: size - s, length: s)
            let head = try result.narrowed(dim: d, start: 0, length: size - s)
            result = try NDArray.cat([tail, head], dim: d)
        }
        return result.storage === storage ? try clone() : result
    }

    /// `tril(diagonal)`: keeps elements on and below the given diagonal of the last two dims.
    public func tril(_ diagonal: Int) throws -> NDArray { try triangle(diagonal, lower: true) }

    /// `triu(diagonal)`: keeps elements on and above the given diagonal of the last two dims.
    public func triu(_ diagonal: Int) throws -> NDArray { try triangle(diagonal, lower: false) }

    private func triangle(_ k: Int, lower: Bool) throws -> NDArray {
        guard rank >= 2 else {
            throw TensorError.runtime("\(lower ? "tril" : "triu"): input tensor must have at least 2 dimensions")
        }
        let rows = shape[rank - 2], cols = shape[rank - 1]
        let mask = try NDArray(zeros: [rows, cols], dtype: .bool)
        let p = mask.storage.pointer.assumingMemoryBound(to: Bool.self)
        for i in 0..<rows {
            for j in 0..<cols { p[i * cols + j] = lower ? (j - i <= k) : (j - i >= k) }
        }
        let zero = try NDArray(zeros: [], dtype: dtype)
        return try NDArray.whereSelect(mask, .array(self), .array(zero))
    }

    /// `torch.diag`: a 1-d array becomes a square matrix with it on diagonal `offset`; a matrix
    /// gives a copy of its diagonal `offset`.
    public func diagEmbedOrExtract(_ diagOffset: Int) throws -> NDArray {
        switch rank {
        case 1:
            guard diagOffset > Int.min / 4 && diagOffset < Int.max / 4 else {
                throw TensorError(.memory, "diag(): offset \(diagOffset) is too large")
            }
            let n = shape[0] + Swift.abs(diagOffset)
            let out = try NDArray(zeros: [n, n], dtype: dtype)
            try out.diagonal(offset: diagOffset, dim1: 0, dim2: 1).assignElements(from: self)
            return out
        case 2:
            return try diagonal(offset: diagOffset, dim1: 0, dim2: 1).clone()
        default:
            throw TensorError.runtime("diag(): Supports 1D or 2D tensors. Got \(rank)D")
        }
    }
}
