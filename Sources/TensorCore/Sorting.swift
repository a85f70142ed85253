/// Order statistics: `sort`, `topk`, `unique`, and `count_nonzero`.

extension NDArray {
    /// `sort(dim, descending, stable)`: sorted values and the original positions. NaN sorts as
    /// the largest value; equal values keep their order, so every sort here is stable.
    public func sorted(dim: Int, descending: Bool, stable: Bool) throws -> (values: NDArray, indices: NDArray) {
        let d = try normalizedDim(dim)
        let values = try clone()
        let indices = try NDArray(zeros: shape, dtype: .int64)
        let rows = try RowLayout(values, dim: d)
        let idxRows = try RowLayout(indices, dim: d)
        try dtype.family(SortKernel(values: values, indices: indices, rows: rows, indexRows: idxRows, descending: descending))
        return (values, indices)
    }

    /// `topk(k, dim, largest, sorted)`: the k largest (or smallest) values along `dim` with their
    /// indices, in sorted order.
    public func topk(_ k: Int, dim: Int, largest: Bool, sorted: Bool) throws -> (values: NDArray, indices: NDArray) {
        let d = try normalizedDim(dim)
        let size = rank == 0 ? 1 : shape[d]
        guard k >= 0 && k <= size else { throw TensorError.runtime("selected index k out of range") }
        let (v, i) = try self.sorted(dim: d, descending: largest, stable: true)
        if rank == 0 { return (v, i) }
        return (try v.narrowed(dim: d, start: 0, length: k).clone(), try i.narrowed(dim: d, start: 0, length: k).clone())
    }

    /// `torch.unique`: the distinct values (sorted), optionally with the index of each input
    /// element's value (`inverse`, shaped like the input) and the count of each value. With `dim`,
    /// the distinct slices along that dim.
    public func unique(sorted: Bool, returnInverse: Bool, returnCounts: Bool, dim: Int?) throws -> (values: NDArray, inverse: NDArray?, counts: NDArray?) {
        if let dim = dim { return try uniqueSlices(dim: try normalizedDim(dim), returnInverse: returnInverse, returnCounts: returnCounts) }
        let flat = try reshaped([-1])
        let (sortedValues, order) = try flat.sorted(dim: 0, descending: false, stable: true)
        let n = flat.count
        let orderPtr = order.pointer(as: Int64.self)
        // Group boundaries: where a sorted value differs from the one before (NaNs stay apart).
        let differs = n > 1 ? try NDArray.binary(.ne, .array(sortedValues.narrowed(dim: 0, start: 1, length: n - 1)),
                                                 .array(sortedValues.narrowed(dim: 0, start: 0, length: n - 1))) : try NDArray(zeros: [0], dtype: .bool)
        let dp = differs.pointer(as: Bool.self)
        var firsts: [Int] = n > 0 ? [0] : []
        for i in 1..<Swift.max(n, 1) where dp[i - 1] { firsts.append(i) }
        let group = try NDArray(zeros: [n], dtype: .int64)
        let gp = group.pointer(as: Int64.self)
        var g = -1
        var next = 0
        for i in 0..<n {
            if next < firsts.count && firsts[next] == i { g += 1; next += 1 }
            gp[i] = Int64(g)
        }
        let firstIndex = try NDArray([Int64](firsts.map(Int64.init)), shape: [firsts.count])
        let values = try sortedValues.take(firstIndex)
        var inverse: NDArray? = nil
        if returnInverse {
            let inv = try NDArray(zeros: [n], dtype: .int64)
            let ip = inv.pointer(as: Int64.self)
            for i in 0..<n { ip[Int(orderPtr[i])] = gp[i] }
            inverse = try inv.reshaped(shape)
        }
        var counts: NDArray? = nil
        if returnCounts {
            let c = try NDArray(zeros: [firsts.count], dtype: .int64)
            let cp = c.pointer(as: Int64.self)
            for (k, start) in firsts.enumerated() {
                cp[k] = Int64((k + 1 < firsts.count ? firsts[k + 1] : n) - start)
            }
            counts = c
        }
        return (values, inverse, counts)
    }

    /// Distinct slices along `dim`, ordered lexicographically.
    private func uniqueSlices(dim d: Int, returnInverse: Bool, returnCounts: Bool) throws -> (values: NDArray, inverse: NDArray?, counts: NDArray?) {
        let slices = try unbind(dim: d).map { $0.scalars.map(\.doubleValue) }
        let order = slices.indices.sorted { a, b in
            let (x, y) = (slices[a], slices[b])
            for k in 0..<Swift.min(x.count, y.count) where x[k] != y[k] { return x[k] < y[k] }
            return a < b
        }
        var groups: [[Int]] = []
        for i in order {
            if let last = groups.last?.first, slices[last] == slices[i] { groups[groups.count - 1].append(i) } else { groups.append([i]) }
        }
        let pick = try NDArray(groups.map { Int64($0[0]) }, shape: [groups.count])
        let values = try indexSelect(dim: d, index: pick)
        var inverse: NDArray? = nil
        if returnInverse {
            var inv = [Int64](repeating: 0, count: slices.count)
            for (g, members) in groups.enumerated() { for m in members { inv[m] = Int64(g) } }
            inverse = try NDArray(inv, shape: [inv.count])
        }
        let counts: NDArray? = returnCounts ? try NDArray(groups.map { Int64($0.count) }, shape: [groups.count]) : nil
        return (values, inverse, counts)
    }

    /// `count_nonzero(dim)`: the number of nonzero elements over `dims` (nil: all), int64.
    public func countNonzero(dims: [Int]?) throws -> NDArray {
        try reduce(.countNonzero, dims: dims, keepdim: false, dtype: nil)
    }
}

private struct SortKernel: FamilyVisitor {
    let values: NDArray
    let indices: NDArray
    let rows: RowLayout
    let indexRows: RowLayout
    let descending: Bool

    func run<T: Element>(_ type: T.Type, less: (T, T) -> Bool) {
        let vp = values.storage.pointer.assumingMemoryBound(to: T.self)
        let ip = indices.storage.pointer.assumingMemoryBound(to: Int64.self)
        var perm = [Int](repeating: 0, count: rows.length)
        var buffer = [T]()
        buffer.reserveCapacity(rows.length)
        for (r, start) in rows.starts.enumerated() {
            buffer.removeAll(keepingCapacity: true)
            for i in 0..<rows.length { buffer.append(vp[start + i * rows.stride]) }
            for i in 0..<rows.length { perm[i] = i }
            // Ties broken by position: a stable order whatever the sort algorithm.
            if descending {
                perm.sort { a, b in less(buffer[b], buffer[a]) || (!less(buffer[a], buffer[b]) && a < b) }
            } else {
                perm.sort { a, b in less(buffer[a], buffer[b]) || (!less(buffer[b], buffer[a]) && a < b) }
            }
            let istart = indexRows.starts[r]
            for i in 0..<rows.length {
                vp[start + i * rows.stride] = buffer[perm[i]]
                ip[istart + i * indexRows.stride] = Int64(perm[i])
            }
        }
    }

    func visitBool() throws { run(Bool.self) { !$0 && $1 } }
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws { run(T.self) { $0 < $1 } }
    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        run(T.self) { a, b in a.isNaN ? false : (b.isNaN ? true : a < b) }
    }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        throw TensorError.runtime("sort(): does not support complex input")
    }
}
