import Foundation

/// NumPy's floating-point `add.reduce`, whose summation order shows in printed results:
/// a contiguous run is summed pairwise (eight partial sums in blocks of up to 128, halves
/// above that), so `np.full(10, 0.1).sum()` is exactly `1.0`; a reduction over leading axes
/// adds whole rows in turn. Accumulation stays in the element type (float32 sums in float32).

/// NumPy's `pairwise_sum` for one contiguous run.
@inline(__always)
func numpyPairwiseSum<T: BinaryFloatingPoint>(_ a: UnsafePointer<T>, _ n: Int) -> T {
    if n < 8 {
        var res: T = 0
        for i in 0..<n { res += a[i] }
        return res
    }
    if n <= 128 {
        var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3]
        var r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
        var i = 8
        let end = n - n % 8
        while i < end {
            r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
            r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
            i += 8
        }
        var res: T = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += a[i]; i += 1 }
        return res
    }
    var n2 = n / 2
    n2 -= n2 % 8
    return numpyPairwiseSum(a, n2) + numpyPairwiseSum(a + n2, n - n2)
}

private struct NumPySumKernel: DTypeVisitor {
    let input: NDArray
    let out: NDArray
    let outer: Int
    let inner: Int
    let trailing: Bool

    func visit<T: Element>(_ type: T.Type) {
        if T.self == Double.self { run(Double.self) } else if T.self == Float.self { run(Float.self) }
    }

    private func run<F: BinaryFloatingPoint & Element>(_: F.Type) {
        let src = UnsafePointer(input.pointer(as: F.self))
        let dst = out.pointer(as: F.self)
        // Work is split only where NumPy's order is kept: across output elements, or at the
        // pairwise recursion's own top split, so results are bit-identical on any core count.
        if trailing {
            if outer == 1 && inner >= Parallel.threshold && Parallel.cores > 1 {
                var n2 = inner / 2
                n2 -= n2 % 8
                let halves = UnsafeMutablePointer<F>.allocate(capacity: 2)
                defer { halves.deallocate() }
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                    halves[k] = k == 0 ? numpyPairwiseSum(src, n2) : numpyPairwiseSum(src + n2, inner - n2)
                }
                dst[0] = halves[0] + halves[1]
                return
            }
            // One pairwise sum per output element over its contiguous run.
            Parallel.forRanges(outer, cost: max(1, inner)) { range in
                for o in range { dst[o] = numpyPairwiseSum(src + o * inner, inner) }
            }
        } else {
            // Reduced axes lead: add each kept slice (length `inner`) into the output in turn.
            // One pass on one core: splitting the columns over cores made every core stream
            // the whole matrix (measured 3.6x slower on a busy machine, never faster).
            for j in 0..<inner { dst[j] = 0 }
            for r in 0..<outer {
                let row = src + r * inner
                for j in 0..<inner { dst[j] += row[j] }
            }
        }
    }
}

extension NDArray {
    /// `np.sum` of a float32/float64 array over `axes` (nil: all), in NumPy's order.
    public func numpyFloatSum(axes: [Int]?, keepdims: Bool) throws -> NDArray {
        precondition(dtype == .float32 || dtype == .float64, "numpyFloatSum needs a real floating dtype")
        let reduced: [Int] = try Array(Set((axes ?? Array(0..<rank)).map { try normalizedDim($0) })).sorted()
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let keptShape = kept.map { shape[$0] }
        let reducedCount = reduced.reduce(1) { $0 * shape[$1] }
        let keptCount = keptShape.reduce(1, *)
        // The trailing run when the reduced axes come last in the array's own order;
        // otherwise the reduced axes move to the front and rows are added in turn.
        let trailing = reduced == Array((rank - reduced.count)..<rank) && (isContiguous || reduced.count == rank)
        let order = trailing ? kept + reduced : reduced + kept
        let arranged = try permuted(order).contiguous()
        let out = try NDArray(zeros: keptShape, dtype: dtype)
        if reducedCount > 0 && keptCount > 0 {
            let k = NumPySumKernel(input: arranged, out: out,
                                   outer: trailing ? keptCount : reducedCount,
                                   inner: trailing ? reducedCount : keptCount, trailing: trailing)
            dtype.dispatch(k)
        }
        if !keepdims { return out }
        var full = shape
        for d in reduced { full[d] = 1 }
        return try out.reshaped(full)
    }
}
