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

/// Combiners are structs, never stored closures, so that the specialised loops inline them.
struct IntegerSum<T: IntegerElement>: ReduceCombiner {
    var identity: T { 0 }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { a &+ b }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { a &+ b }
}
struct IntegerProduct<T: IntegerElement>: ReduceCombiner {
    var identity: T { 1 }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { a &* b }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { a &* b }
}
struct IntegerMax<T: IntegerElement>: ReduceCombiner {
    var identity: T { T.min }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { Swift.max(a, b) }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { Swift.max(a, b) }
}
struct IntegerMin<T: IntegerElement>: ReduceCombiner {
    var identity: T { T.max }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { Swift.min(a, b) }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { Swift.min(a, b) }
}
struct FloatProduct<T: FloatElement>: ReduceCombiner {
    var identity: T { 1 }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { a * b }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { a * b }
}
/// NaN wins: once the accumulator is NaN it stays NaN.
struct FloatMax<T: FloatElement>: ReduceCombiner {
    var identity: T { -T.infinity }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { (b.isNaN || b > a) ? b : a }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { (b.isNaN || b > a) ? b : a }
}
struct FloatMin<T: FloatElement>: ReduceCombiner {
    var identity: T { T.infinity }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { (b.isNaN || b < a) ? b : a }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { (b.isNaN || b < a) ? b : a }
}
struct BoolAll: ReduceCombiner {
    var identity: Bool { true }
    @inline(__always) func combine(_ a: Bool, _ b: Bool) -> Bool { a && b }
    @inline(__always) func merge(_ a: Bool, _ b: Bool) -> Bool { a && b }
}
struct BoolAny: ReduceCombiner {
    var identity: Bool { false }
    @inline(__always) func combine(_ a: Bool, _ b: Bool) -> Bool { a || b }
    @inline(__always) func merge(_ a: Bool, _ b: Bool) -> Bool { a || b }
}
struct ComplexSum<T: ComplexElement>: ReduceCombiner {
    var identity: T { T(0, 0) }
    @inline(__always) func combine(_ a: T, _ b: T) -> T { T(a.realPart + b.realPart, a.imagPart + b.imagPart) }
    @inline(__always) func merge(_ a: T, _ b: T) -> T { combine(a, b) }
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

// MARK: Sums over the outer dim of row-major data

/// If `input` reduced into `outView` is a sum of `rows` rows of `cols` contiguous elements into
/// one contiguous row of accumulators, returns that geometry.
func outerReductionGeometry(input: NDArray, outView: NDArray) -> (rows: Int, cols: Int, rowStride: Int)? {
    let layout = StridedLayout(shape: input.shape, strides: [outView.strides, input.strides], key: 1)
    guard layout.shape.count == 2, layout.strides[0] == [0, 1], layout.strides[1][1] == 1 else { return nil }
    return (layout.shape[0], layout.shape[1], layout.strides[1][0])
}

/// Column sums of a row-major block, into double accumulators (`acc` holds the identity).
/// Each core takes a band of rows into its own accumulator row (so every thread streams whole
/// rows, which the prefetchers like), and the bands are added in order at the end.
func outerSum<T: FloatElement>(_ src: UnsafePointer<T>, rows: Int, cols: Int, rowStride: Int, into acc: UnsafeMutablePointer<Double>) {
    if rows * cols < Parallel.threshold || Parallel.cores == 1 || rows < 16 {
        sumRows(src, rows: 0..<rows, cols: cols, rowStride: rowStride, into: acc)
        return
    }
    let bands = Parallel.cores
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: bands * cols)
    defer { partial.deallocate() }
    partial.initialize(repeating: 0, count: bands * cols)
    DispatchQueueHelper.concurrentPerform(bands) { k in
        let lo = rows * k / bands, hi = rows * (k + 1) / bands
        sumRows(src, rows: lo..<hi, cols: cols, rowStride: rowStride, into: partial + k * cols)
    }
    for k in 0..<bands {
        let p = partial + k * cols
        for c in 0..<cols { acc[c] += p[c] }
    }
}

/// Adds rows `rows` of the block into `acc`: eight rows at a time in T into a temporary row (a
/// loop of one element type vectorises at full width), flushed into the doubles every 64 rows.
private func sumRows<T: FloatElement>(_ src: UnsafePointer<T>, rows: Range<Int>, cols: Int, rowStride: Int, into acc: UnsafeMutablePointer<Double>) {
    let block = 4096
    let tmp = UnsafeMutablePointer<T>.allocate(capacity: min(block, max(cols, 1)))
    defer { tmp.deallocate() }
    var c0 = 0
    while c0 < cols {
        let width = min(block, cols - c0)
        var r = rows.lowerBound
        while r + 8 <= rows.upperBound {
            tmp.initialize(repeating: 0, count: width)
            var groups = 0
            while r + 8 <= rows.upperBound && groups < 8 {
                // Row pointers keep index arithmetic free of overflow checks.
                let p0 = src + r * rowStride + c0, p1 = p0 + rowStride, p2 = p1 + rowStride, p3 = p2 + rowStride
                let p4 = p3 + rowStride, p5 = p4 + rowStride, p6 = p5 + rowStride, p7 = p6 + rowStride
                for c in 0..<width {
                    let s0: T = p0[c] + p1[c]
                    let s1: T = p2[c] + p3[c]
                    let s2: T = p4[c] + p5[c]
                    let s3: T = p6[c] + p7[c]
                    tmp[c] += (s0 + s1) + (s2 + s3)
                }
                r += 8
                groups += 1
            }
            let a = acc + c0
            for c in 0..<width { a[c] += tmp[c].realPart }
        }
        while r < rows.upperBound {
            let p = src + r * rowStride + c0
            let a = acc + c0
            for c in 0..<width { a[c] += p[c].realPart }
            r += 1
        }
        c0 += width
    }
}
