/// Python subscripts: `x[...]` reads and `x[...] = v` writes. Basic items (ints, slices, `...`,
/// `None`) make a view; any array item turns the subscript into advanced indexing, a gather
/// through the storage offsets it selects.

/// A subscript resolved against an array: the basic part applied as a view, plus the advanced
/// index arrays (int64, already bounds-checked and wrapped) for some of the view's dims.
struct IndexPlan {
    var view: NDArray
    /// View dims indexed by arrays, in subscript order, with their (not yet broadcast) indices.
    var advanced: [(dim: Int, index: NDArray)] = []

    init(_ base: NDArray, _ items: [IndexItem]) throws {
        var consumed = 0
        var ellipses = 0
        for item in items {
            switch item {
            case .int, .slice: consumed += 1
            case .array(let a): consumed += (a.dtype == .bool || a.dtype == .uint8) ? a.rank : 1
            case .ellipsis: ellipses += 1
            case .newAxis: break
            }
        }
        guard ellipses <= 1 else { throw TensorError.index("an index can only have a single ellipsis ('...')") }
        if base.rank == 0 && consumed > 0 {
            throw TensorError.index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        }
        guard consumed <= base.rank else {
            throw TensorError.index("too many indices for tensor of dimension \(base.rank)")
        }
        var shape: [Int] = [], strides: [Int] = []
        var offset = base.offset
        var d = 0
        var pending: [(dim: Int, index: NDArray)] = []
        for item in items {
            switch item {
            case .int(let i):
                let size = base.shape[d]
                guard i >= -size && i < size else {
                    throw TensorError.index("index \(i) is out of bounds for dimension \(d) with size \(size)")
                }
                offset += (i < 0 ? i + size : i) * base.strides[d]
                d += 1
            case .slice(let start, let stop, let step):
                let (s, n, st) = try IndexPlan.resolve(start: start, stop: stop, step: step, size: base.shape[d])
                if n > 0 { offset += s * base.strides[d] }
                shape.append(n)
                // With one element the step never applies (and a huge step would overflow).
                strides.append(n > 1 ? base.strides[d] * st : base.strides[d])
                d += 1
            case .ellipsis:
                for _ in 0..<(base.rank - consumed) {
                    shape.append(base.shape[d])
                    strides.append(base.strides[d])
                    d += 1
                }
            case .newAxis:
                shape.append(1)
                strides.append(0)
            case .array(let a):
                if a.dtype == .bool || a.dtype == .uint8 {
                    if a.rank == 0 {
                        // x[True] adds a dim of size 1; x[False] one of size 0.
                        shape.append(1)
                        strides.append(0)
                        let keep = try a.item().boolValue
                        pending.append((shape.count - 1, try NDArray(zeros: keep ? [1] : [0], dtype: .int64)))
                        continue
                    }
                    for k in 0..<a.rank where a.shape[k] != base.shape[d + k] {
                        throw TensorError.index("The shape of the mask \(TensorError.listString(a.shape)) at index \(k) does not match the shape of the indexed tensor \(TensorError.listString(base.shape)) at index \(d + k)")
                    }
                    let coords = try a.nonzero()
                    for k in 0..<a.rank {
                        shape.append(base.shape[d + k])
                        strides.append(base.strides[d + k])
                        pending.append((shape.count - 1, try coords.narrowed(dim: 1, start: k, length: 1).squeezed([1])))
                    }
                    d += a.rank
                } else if a.dtype.isInteger {
                    shape.append(base.shape[d])
                    strides.append(base.strides[d])
                    pending.append((shape.count - 1, a))
                    d += 1
                } else {
                    throw TensorError.index("tensors used as indices must be long, int, byte or bool tensors")
                }
            }
        }
        // Dims not mentioned are taken whole.
        while d < base.rank {
            shape.append(base.shape[d])
            strides.append(base.strides[d])
            d += 1
        }
        view = base.viewing(shape: shape, strides: strides, offset: offset)
        for (dim, index) in pending {
            advanced.append((dim, try IndexPlan.checked(index, size: shape[dim], dim: dim)))
        }
    }

    /// Python slice semantics (positive steps only, as in PyTorch): (start, length, step).
    static func resolve(start: Int?, stop: Int?, step: Int?, size: Int) throws -> (Int, Int, Int) {
        let st = step ?? 1
        guard st > 0 else {
            if st == 0 { throw TensorError.value("slice step cannot be zero") }
            throw TensorError.value("step must be greater than zero")
        }
        func clampIndex(_ v: Int?, _ fallback: Int) -> Int {
            guard var i = v else { return fallback }
            if i < 0 { i += size }
            return Swift.min(Swift.max(i, 0), size)
        }
        let s = clampIndex(start, 0)
        let e = clampIndex(stop, size)
        let n = e > s ? (e - s - 1) / st + 1 : 0
        return (s, n, st)
    }

    /// The index as contiguous int64 with negatives wrapped, or PyTorch's out-of-bounds error.
    static func checked(_ index: NDArray, size: Int, dim: Int) throws -> NDArray {
        let idx = try index.casted(to: .int64).contiguous()
        let out = try NDArray(zeros: idx.shape, dtype: .int64)
        let src = idx.pointer(as: Int64.self), dst = out.pointer(as: Int64.self)
        for i in 0..<idx.count {
            let v = Int(src[i])
            guard v >= -size && v < size else {
                throw TensorError.index("index \(v) is out of bounds for dimension \(dim) with size \(size)")
            }
            dst[i] = Int64(v < 0 ? v + size : v)
        }
        return out
    }

    var isBasic: Bool { advanced.isEmpty }

    /// The result shape of the advanced part and the storage offset of every result element,
    /// in row-major result order. Adjacent advanced dims keep their place; separated ones go first.
    func gatherOffsets() throws -> (shape: [Int], offsets: [Int]) {
        var bshape: [Int] = []
        for (_, idx) in advanced { bshape = try NDArray.broadcastShapes(bshape, idx.shape) }
        let dims = advanced.map(\.dim)
        let adjacent = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
        let nb = try NDArray.checkedCount(bshape)
        // Base offsets of each broadcast index position.
        var base = [Int](repeating: view.offset, count: nb)
        for (dim, idx) in advanced {
            let b = try idx.broadcast(to: bshape)
            let p = b.storage.pointer.assumingMemoryBound(to: Int64.self)
            let stride = view.strides[dim]
            var i = 0
            b.forEachOffset { off in
                base[i] += Int(p[off]) * stride
                i += 1
            }
        }
        let rest = (0..<view.rank).filter { !dims.contains($0) }
        let outer: [Int] = adjacent ? rest.filter { $0 < dims[0] } : []
        let inner: [Int] = adjacent ? rest.filter { $0 > dims[0] } : rest
        let outerShape = outer.map { view.shape[$0] }, innerShape = inner.map { view.shape[$0] }
        let outerView = view.viewing(shape: outerShape, strides: outer.map { view.strides[$0] }, offset: 0)
        let innerView = view.viewing(shape: innerShape, strides: inner.map { view.strides[$0] }, offset: 0)
        let outerOffsets = outerView.elementOffsets(), innerOffsets = innerView.elementOffsets()
        var offsets: [Int] = []
        offsets.reserveCapacity(outerOffsets.count * nb * innerOffsets.count)
        for o in outerOffsets {
            for b in base {
                for i in innerOffsets { offsets.append(o + b + i) }
            }
        }
        return (outerShape + bshape + innerShape, offsets)
    }
}

extension NDArray {
    /// `x[items]`: a view for basic indexing, a copy for advanced indexing.
    ///
    ///     >>> x = torch.arange(6).reshape(2, 3)
    ///     >>> x[:, [0, 2]]
    ///     tensor([[0, 2],
    ///             [3, 5]])
    public func subscripted(_ items: [IndexItem]) throws -> NDArray {
        if items.count == 1, case .array(let mask) = items[0], mask.dtype == .bool,
           mask.shape == shape, mask.rank > 0 {
            return try maskedSelect(mask)
        }
        if items.count == 1, case .array(let index) = items[0], index.dtype.isInteger, index.dtype != .uint8,
           rank > 0, isContiguous {
            return try gatherRows(index)
        }
        let plan = try IndexPlan(self, items)
        if plan.isBasic { return plan.view }
        let (shape, offsets) = try plan.gatherOffsets()
        let out = try NDArray(zeros: shape, dtype: dtype)
        try dtype.numeric(OffsetGather(out: out, source: self, offsets: offsets))
        return out
    }

    /// `x[items] = value`: writes `value`, broadcast to the indexed shape and cast to this dtype.
    public func assign(_ items: [IndexItem], _ value: Operand) throws {
        if items.count == 1, case .array(let mask) = items[0], mask.dtype == .bool,
           mask.shape == shape, mask.rank > 0 {
            let fill = try NDArray.operandArray(value, dtype)
            if fill.count == 1 {
                // x[mask] = v: one pass over the mask, no index arrays.
                let merged = try NDArray.whereSelect(mask, .array(fill.reshaped([])), .array(self))
                try assignElements(from: merged)
                storage.version += 1
                return
            }
        }
        let plan = try IndexPlan(self, items)
        var source = try NDArray.operandArray(value, dtype)
        if source.storage === storage { source = try source.clone() }
        if plan.isBasic {
            try plan.view.assignElements(from: source)
        } else {
            let (shape, offsets) = try plan.gatherOffsets()
            guard let b = try? source.broadcast(to: shape) else {
                throw TensorError.runtime("shape mismatch: value tensor of shape \(TensorError.listString(source.shape)) cannot be broadcast to indexing result of shape \(TensorError.listString(shape))")
            }
            try dtype.numeric(OffsetScatter(target: self, source: b, offsets: offsets))
        }
        storage.version += 1
    }

    /// `x[index]` on a contiguous array: whole rows copied in index order (embedding lookups,
    /// minibatch selection) without per-element offsets.
    func gatherRows(_ index: NDArray) throws -> NDArray {
        let idx = try IndexPlan.checked(index, size: shape[0], dim: 0)
        let rowShape = Array(shape.dropFirst())
        let rowCount = try NDArray.checkedCount(rowShape)
        let out = try NDArray(zeros: idx.shape + rowShape, dtype: dtype)
        let bytes = rowCount * itemSize
        let p = idx.pointer(as: Int64.self)
        let src = baseAddress, dst = out.baseAddress
        for i in 0..<idx.count {
            (dst + i * bytes).copyMemory(from: src + Int(p[i]) * bytes, byteCount: bytes)
        }
        return out
    }

    /// `x[mask]` with a mask of x's full shape: the selected elements in row-major order.
    func maskedSelect(_ mask: NDArray) throws -> NDArray {
        let m = try mask.contiguous()
        let src = try contiguous()
        // Bools are stored as bytes 0 and 1: summing them counts without a branch per element
        // (with a random mask, mispredicted branches cost more than the memory traffic).
        let bytes = UnsafeRawPointer(m.pointer(as: Bool.self)).assumingMemoryBound(to: UInt8.self)
        var n = 0
        for i in 0..<m.count { n &+= Int(bytes[i]) }
        let out = try NDArray(uninitialized: [n], dtype: dtype)
        try dtype.numeric(MaskCompact(out: out, source: src, mask: m))
        return out
    }
}

/// Copies the elements at `offsets` of `source` into `out` in order (advanced indexing, take).
struct OffsetGather: NumericVisitor {
    let out: NDArray
    let source: NDArray
    let offsets: [Int]
    func visit<T: NumericElement>(_ type: T.Type) throws {
        let dst = out.storage.pointer.assumingMemoryBound(to: T.self)
        let src = source.storage.pointer.assumingMemoryBound(to: T.self)
        for (i, off) in offsets.enumerated() { dst[i] = src[off] }
    }
}

private struct OffsetScatter: NumericVisitor {
    let target: NDArray
    let source: NDArray
    let offsets: [Int]
    func visit<T: NumericElement>(_ type: T.Type) throws {
        let dst = target.storage.pointer.assumingMemoryBound(to: T.self)
        let src = source.storage.pointer.assumingMemoryBound(to: T.self)
        var i = 0
        source.forEachOffset { off in
            dst[offsets[i]] = src[off]
            i += 1
        }
    }
}

private struct MaskCompact: NumericVisitor {
    let out: NDArray
    let source: NDArray
    let mask: NDArray
    func visit<T: NumericElement>(_ type: T.Type) throws {
        let dst = out.storage.pointer.assumingMemoryBound(to: T.self)
        let src = source.pointer(as: T.self)
        let m = UnsafeRawPointer(mask.pointer(as: Bool.self)).assumingMemoryBound(to: UInt8.self)
        // Branch-free compaction: every element is stored at the next free slot, which only
        // advances when the mask is set. Up to the last selected element the slot is always
        // inside the output (a later selected element still needs it), so stop there.
        var last = source.count - 1
        while last >= 0 && m[last] == 0 { last -= 1 }
        var j = 0
        var i = 0
        while i <= last {
            dst[j] = src[i]
            j &+= Int(m[i])
            i += 1
        }
    }
}
