/// The reduction engine: the input is walked once in its own memory order while each element is
/// combined into its output slot (reduced dims have output stride 0). Runs along a reduced dim
/// collapse into one value first (with SIMD for float sums); work is split over the cores by
/// output slices, or by input chunks with partial results for full reductions.

/// How one reduction combines elements of type `T` into accumulators of type `A` (the output
/// buffer's element type: float sums accumulate in double precision, like PyTorch's cascade sums).
protocol ReduceCombiner {
    associatedtype T: Element
    associatedtype A: Element
    var identity: A { get }
    func combine(_ acc: A, _ x: T) -> A
    func merge(_ a: A, _ b: A) -> A
    /// The reduction of `n` elements starting at `p`, `stride` apart.
    func reduceRun(_ p: UnsafePointer<T>, _ n: Int, _ stride: Int) -> A
}

extension ReduceCombiner {
    @inline(__always)
    func reduceRun(_ p: UnsafePointer<T>, _ n: Int, _ stride: Int) -> A {
        var acc = identity
        for i in 0..<n { acc = combine(acc, p[i * stride]) }
        return acc
    }
}

/// Reduces `input` into `outView`: an accumulator buffer of type `C.A` viewed with the input's
/// shape and stride 0 along the reduced dims, already holding the identity.
func runReduction<C: ReduceCombiner>(_ c: C, input: NDArray, outView: NDArray) {
    let n = input.count
    if n == 0 { return }
    let pin = UnsafePointer(input.storage.pointer.assumingMemoryBound(to: C.T.self))
    let pout = outView.storage.pointer.assumingMemoryBound(to: C.A.self)
    let layout = StridedLayout(shape: input.shape, strides: [outView.strides, input.strides], key: 1)
    let so = layout.innerStride(0), si = layout.innerStride(1)

    func walk(_ l: StridedLayout, _ range: Range<Int>, _ base: [Int], into dst: UnsafeMutablePointer<C.A>?) {
        l.forEachRun(in: range, base: base) { o, len in
            let src = pin + o[1]
            if so == 0 {
                let v = c.reduceRun(src, len, si)
                let slot = dst ?? (pout + o[0])
                slot.pointee = c.merge(slot.pointee, v)
            } else if let d = dst {
                for i in 0..<len { d.pointee = c.combine(d.pointee, src[i * si]) }
            } else {
                let d = pout + o[0]
                if so == 1 && si == 1 {
                    for i in 0..<len { d[i] = c.combine(d[i], src[i]) }
                } else {
                    for i in 0..<len { d[i * so] = c.combine(d[i * so], src[i * si]) }
                }
            }
        }
    }

    let base = [outView.offset, input.offset]
    let outCount = layout.strides[0].enumerated().reduce(1) { acc, e in e.element == 0 ? acc : acc * layout.shape[e.offset] }
    if n < Parallel.threshold || Parallel.cores == 1 {
        walk(layout, 0..<n, base, into: nil)
        return
    }
    if outCount == 1 {
        // Full reduction: per-chunk partials, combined in order.
        let chunks = Parallel.cores * 4
        let partials = UnsafeMutablePointer<C.A>.allocate(capacity: chunks)
        defer { partials.deallocate() }
        partials.initialize(repeating: c.identity, count: chunks)
        DispatchQueueHelper.concurrentPerform(chunks) { k in
            walk(layout, (n * k / chunks)..<(n * (k + 1) / chunks), base, into: partials + k)
        }
        for k in 0..<chunks { pout[outView.offset] = c.merge(pout[outView.offset], partials[k]) }
        return
    }
    // Split along the outermost dim that has its own output slots (no two threads share a slot).
    guard let split = layout.strides[0].firstIndex(where: { $0 != 0 }), layout.shape[split] >= 2 else {
        walk(layout, 0..<n, base, into: nil)
        return
    }
    let size = layout.shape[split]
    let chunks = min(size, Parallel.cores * 4)
    DispatchQueueHelper.concurrentPerform(chunks) { k in
        let lo = size * k / chunks, hi = size * (k + 1) / chunks
        var sub = layout
        sub.shape[split] = hi - lo
        let start = [base[0] + lo * layout.strides[0][split], base[1] + lo * layout.strides[1][split]]
        walk(sub, 0..<sub.count, start, into: nil)
    }
}

import Foundation
enum DispatchQueueHelper {
    @inline(__always)
    static func concurrentPerform(_ n: Int, _ body: (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }
}

// MARK: Combiners

struct SumCombiner<T: Element>: ReduceCombiner {
    let identity: T
    let add: (T, T) -> T
    @inline(__always) func combine(_ a: T, _ b: T) -> T { add(a, b) }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { add(a, b) }
}

/// Float sums in double accumulators: SIMD with several float accumulators over blocks, each
/// block added in double precision.
struct FloatSumCombiner<T: FloatElement>: ReduceCombiner {
    var identity: Double { 0 }
    @inline(__always) func combine(_ a: Double, _ x: T) -> Double { a + x.realPart }
    @inline(__always) func merge(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always)
    func reduceRun(_ p: UnsafePointer<T>, _ n: Int, _ stride: Int) -> Double {
        if stride != 1 {
            var acc: Double = 0
            for i in 0..<n { acc += p[i * stride].realPart }
            return acc
        }
        return simdSum(p, n)
    }
}

@inline(__always)
func simdSum<T: FloatElement>(_ p: UnsafePointer<T>, _ n: Int) -> Double {
    let raw = UnsafeRawPointer(p)
    let width = 16
    let block = 4096
    var total: Double = 0
    var start = 0
    while start < n {
        let end = min(start + block, n)
        var a0 = SIMD16<T>(), a1 = SIMD16<T>(), a2 = SIMD16<T>(), a3 = SIMD16<T>()
        var i = start
        let size = MemoryLayout<T>.stride
        while i + 4 * width <= end {
            a0 += raw.loadUnaligned(fromByteOffset: i * size, as: SIMD16<T>.self)
            a1 += raw.loadUnaligned(fromByteOffset: (i + width) * size, as: SIMD16<T>.self)
            a2 += raw.loadUnaligned(fromByteOffset: (i + 2 * width) * size, as: SIMD16<T>.self)
            a3 += raw.loadUnaligned(fromByteOffset: (i + 3 * width) * size, as: SIMD16<T>.self)
            i += 4 * width
        }
        var s: T = ((a0 + a1) + (a2 + a3)).sum()
        while i < end { s += p[i]; i += 1 }
        total += s.realPart
        start = end
    }
    return total
}
