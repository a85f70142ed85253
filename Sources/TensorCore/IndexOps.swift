/// Index-driven operations with PyTorch's names: `index_select`, `gather`, `scatter`,
/// `index_add`, `masked_fill`, `nonzero`, `take`.

extension NDArray {
    /// `nonzero()`: the coordinates of nonzero elements, one row each, shape (n, ndim), int64.
    public func nonzero() throws -> NDArray {
        let truth = try casted(to: .bool).contiguous()
        let p = truth.pointer(as: Bool.self)
        var n = 0
        for i in 0..<truth.count where p[i] { n += 1 }
        let out = try NDArray(zeros: [n, rank], dtype: .int64)
        let q = out.pointer(as: Int64.self)
        var index = [Int](repeating: 0, count: rank)
        var row = 0
        for i in 0..<truth.count {
            if p[i] {
                for d in 0..<rank { q[row * rank + d] = Int64(index[d]) }
                row += 1
            }
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// `index_select(dim, index)`: the slices at the given positions along `dim` (a copy).
    public func indexSelect(dim: Int, index: NDArray) throws -> NDArray {
        guard index.rank <= 1 else { throw TensorError.index("index_select(): Index is supposed to be a vector") }
        guard index.dtype == .int64 || index.dtype == .int32 else {
            throw TensorError.runtime("index_select(): Expected dtype int32 or int64 for index")
        }
        let d = try normalizedDim(dim)
        // PyTorch's index_select takes no negative indices, and a 0-d input exactly one 0.
        let positions = try index.casted(to: .int64).scalars.map { $0.int64Value }
        if rank == 0 && positions.count > 1 {
            throw TensorError.runtime("index_select(): Index to scalar can have only 1 value, got \(positions.count) value(s)")
        }
        let size = rank == 0 ? 1 : shape[d]
        if positions.contains(where: { $0 < 0 || $0 >= Int64(size) }) {
            throw TensorError.index("index out of range in self")
        }
        if rank == 0 { return try subscripted([]).clone() }
        let items = [IndexItem](repeating: .slice(start: nil, stop: nil, step: nil), count: d)
        return try subscripted(items + [.array(index.reshaped([-1]))])
    }

    /// Storage offsets of `self` addressed by `index` along `dim`: for each index element (in
    /// row-major order) its own coordinates, with coordinate `dim` replaced by the index value.
    private func offsetsAlong(dim d: Int, index: NDArray, op: String) throws -> [Int] {
        guard index.dtype == .int64 else { throw TensorError.runtime("\(op)(): Expected dtype int64 for index") }
        guard index.rank == rank || (rank == 0 && index.rank <= 1) else {
            throw TensorError.runtime("Index tensor must have the same number of dimensions as \(op == "gather" ? "input" : "self") tensor")
        }
        for k in 0..<index.rank where k != d && rank > 0 && index.shape[k] > shape[k] {
            throw TensorError.runtime("Size does not match at dimension \(k) expected index \(TensorError.listString(index.shape)) to be smaller than self \(TensorError.listString(shape)) apart from dimension \(d)")
        }
        let idx = try index.contiguous()
        let p = idx.pointer(as: Int64.self)
        let size = rank == 0 ? 1 : shape[d]
        let stride = rank == 0 ? 0 : strides[d]
        var result = [Int](repeating: 0, count: idx.count)
        var coord = [Int](repeating: 0, count: idx.rank)
        for i in 0..<idx.count {
            let v = Int(p[i])
            guard v >= -size && v < size else {
                throw TensorError.index("index \(v) is out of bounds for dimension \(d) with size \(size)")
            }
            var off = offset + (v < 0 ? v + size : v) * stride
            for k in 0..<idx.rank where k != d && rank > 0 { off += coord[k] * strides[k] }
            result[i] = off
            var k = idx.rank - 1
            while k >= 0 {
                coord[k] += 1
                if coord[k] < idx.shape[k] { break }
                coord[k] = 0
                k -= 1
            }
        }
        return result
    }

    /// `gather(dim, index)`: `out[i][j] = self[index[i][j]][j]` for dim 0, and so on.
    public func gather(dim: Int, index: NDArray) throws -> NDArray {
        let d = try normalizedDim(dim)
        let offsets = try offsetsAlong(dim: d, index: index, op: "gather")
        let out = try NDArray(zeros: index.shape, dtype: dtype)
        try dtype.numeric(OffsetGather(out: out, source: self, offsets: offsets))
        return out
    }

    /// `scatter(dim, index, src, reduce=None)`: a copy of self with `self[index[i][j]][j] = src[i][j]`
    /// (dim 0); `reduce` "add" or "multiply" combines instead of replacing.
    public func scatter(dim: Int, index: NDArray, src: Operand, reduce: String?) throws -> NDArray {
        let d = try normalizedDim(dim)
        if let r = reduce, r != "add", r != "multiply" {
            throw TensorError.runtime("reduce argument must be either add or multiply.")
        }
        let out = try clone()
        let offsets = try out.offsetsAlong(dim: d, index: index, op: "scatter")
        var source: NDArray
        switch src {
        case .scalar(let s): source = try NDArray.full(index.shape, s, dtype: dtype)
        case .array(let a):
            guard a.dtype == dtype else {
                throw TensorError.runtime("scatter(): Expected self.dtype to be equal to src.dtype")
            }
            guard a.rank == index.rank else {
                throw TensorError.runtime("Index tensor must have the same number of dimensions as src tensor")
            }
            // Only the leading part of src that the index covers is used.
            var v = a
            for k in 0..<index.rank {
                guard index.shape[k] <= a.shape[k] else {
                    throw TensorError.runtime("Size does not match at dimension \(k) expected index \(TensorError.listString(index.shape)) to be smaller than src \(TensorError.listString(a.shape))")
                }
                v = try v.narrowed(dim: k, start: 0, length: index.shape[k])
            }
            source = try v.contiguous()
        }
        try dtype.family(ScatterKernel(target: out, source: source, offsets: offsets, reduce: reduce))
        return out
    }

    /// `index_add(dim, index, source)`: a copy of self with `source`'s slices added at the
    /// positions `index` gives along `dim` (repeated positions accumulate).
    public func indexAdd(dim: Int, index: NDArray, source: NDArray) throws -> NDArray {
        let d = try normalizedDim(dim)
        guard index.rank <= 1 else { throw TensorError.index("index_add_(): Index is supposed to be a vector") }
        let out = try clone()
        let idx = try index.casted(to: .int64).reshaped([-1]).contiguous()
        let src = rank == 0 ? try source.reshaped([1]) : source
        let target = rank == 0 ? try out.reshaped([1]) : out
        guard src.rank == target.rank, src.shape[d] == idx.count else {
            throw TensorError.runtime("index_add_(): Number of indices (\(idx.count)) should be equal to source.size(dim) (\(src.rank > d ? src.shape[d] : 0))")
        }
        let p = idx.pointer(as: Int64.self)
        let size = target.shape[d]
        for i in 0..<idx.count {
            let v = Int(p[i])
            guard v >= -size && v < size else {
                throw TensorError.index("index out of range in self")
            }
            let slot = try target.narrowed(dim: d, start: v < 0 ? v + size : v, length: 1)
            let add = try src.narrowed(dim: d, start: i, length: 1)
            let sum = try NDArray.binary(.add, .array(slot), .array(add))
            try slot.assignElements(from: sum)
        }
        return out
    }

    /// `masked_fill(mask, value)`: `value` where the bool mask (broadcast to self) holds.
    public func maskedFill(_ mask: NDArray, _ value: Scalar) throws -> NDArray {
        guard mask.dtype == .bool else {
            throw TensorError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.name)")
        }
        let joint = try NDArray.broadcastShapes(shape, mask.shape)
        guard joint == shape else {
            throw TensorError.runtime("The expanded size of the tensor (\(shape.last ?? 1)) must match the existing size (\(mask.shape.last ?? 1)) at non-singleton dimension \(Swift.max(rank - 1, 0)).  Target sizes: \(TensorError.listString(shape)).  Tensor sizes: \(TensorError.listString(mask.shape))")
        }
        let fill = NDArray(scalar: value, dtype: dtype)
        return try NDArray.whereSelect(mask, .array(fill), .array(self)).casted(to: dtype)
    }

    /// `take(index)`: elements of the flattened array at the given positions, shaped like `index`.
    public func take(_ index: NDArray) throws -> NDArray {
        guard index.dtype == .int64 else { throw TensorError.runtime("take(): Expected a long tensor for index, but got \(index.dtype.kernelName)") }
        let flat = try contiguous()
        let idx = try index.contiguous()
        let p = idx.pointer(as: Int64.self)
        let n = count
        var offsets = [Int](repeating: 0, count: idx.count)
        for i in 0..<idx.count {
            let v = Int(p[i])
            guard v >= -n && v < n else {
                throw TensorError.index("out of range: tried to access index \(v) on a tensor of \(n) elements.")
            }
            offsets[i] = flat.offset + (v < 0 ? v + n : v)
        }
        let out = try NDArray(zeros: index.shape, dtype: dtype)
        try dtype.numeric(OffsetGather(out: out, source: flat, offsets: offsets))
        return out
    }
}

/// Writes `source` (contiguous, in index order) at `offsets` of `target`, optionally reducing.
private struct ScatterKernel: FamilyVisitor {
    let target: NDArray
    let source: NDArray
    let offsets: [Int]
    let reduce: String?

    func run<T: Element>(_ type: T.Type, add: (T, T) -> T, multiply: (T, T) -> T) {
        let dst = target.storage.pointer.assumingMemoryBound(to: T.self)
        let src = source.storage.pointer.assumingMemoryBound(to: T.self) + source.offset
        for (i, off) in offsets.enumerated() {
            switch reduce {
            case "add": dst[off] = add(dst[off], src[i])
            case "multiply": dst[off] = multiply(dst[off], src[i])
            default: dst[off] = src[i]
            }
        }
    }
    func visitBool() throws { run(Bool.self, add: { $0 || $1 }, multiply: { $0 && $1 }) }
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws { run(T.self, add: { $0 &+ $1 }, multiply: { $0 &* $1 }) }
    func visitFloat<T: FloatElement>(_ type: T.Type) throws { run(T.self, add: { $0 + $1 }, multiply: { $0 * $1 }) }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        run(T.self, add: { T($0.realPart + $1.realPart, $0.imagPart + $1.imagPart) }, multiply: { a, b in
            let re: Double = a.realPart * b.realPart - a.imagPart * b.imagPart
            let im: Double = a.realPart * b.imagPart + a.imagPart * b.realPart
            return T(re, im)
        })
    }
}
