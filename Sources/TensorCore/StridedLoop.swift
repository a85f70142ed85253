import Foundation

/// The iteration machinery under every element-wise kernel: up to three operands with their own
/// strides over one shape, walked as runs along the innermost dimension. Dimensions that are
/// contiguous with each other in every operand are merged first, so that a transposed or broadcast
/// operand costs no more per element than its geometry requires.
struct StridedLayout {
    var shape: [Int]
    /// strides[k] are operand k's strides (in elements), one per dim of `shape`.
    var strides: [[Int]]

    /// Orders dims by operand `key`'s strides (largest first, so its innermost dim is walked
    /// with unit steps), merges dims and drops size-1 dims; the result has at least one dim.
    init(shape: [Int], strides: [[Int]], key: Int = 0, reorder: Bool = true) {
        var sh: [Int] = []
        var st: [[Int]] = Array(repeating: [], count: strides.count)
        var order = Array(0..<shape.count)
        let keyStrides = strides[key]
        // A stable insertion sort: ranks are small, and equal strides keep their logical order.
        for i in 1..<max(reorder ? order.count : 1, 1) {
            var j = i
            while j > 0 && abs(keyStrides[order[j - 1]]) < abs(keyStrides[order[j]]) {
                order.swapAt(j - 1, j)
                j -= 1
            }
        }
        for d in order where shape[d] != 1 {
            if let last = sh.last {
                // Dim d folds into the previous one when every operand steps over it uniformly.
                var mergeable = true
                for k in 0..<strides.count where st[k].last! != strides[k][d] * shape[d] {
                    mergeable = false
                    break
                }
                if mergeable {
                    sh[sh.count - 1] = last * shape[d]
                    for k in 0..<strides.count { st[k][st[k].count - 1] = strides[k][d] }
                    continue
                }
            }
            sh.append(shape[d])
            for k in 0..<strides.count { st[k].append(strides[k][d]) }
        }
        if sh.isEmpty {
            sh = [1]
            for k in 0..<strides.count { st[k] = [0] }
        }
        self.shape = sh
        self.strides = st
    }

    var count: Int { shape.reduce(1, *) }
    var innerSize: Int { shape[shape.count - 1] }
    func innerStride(_ k: Int) -> Int { strides[k][strides[k].count - 1] }

    /// Calls `body(offsets, runLength)` for each run of the innermost dim that falls in the logical
    /// element range `range`; offsets start at `base` and are in elements.
    @inline(__always)
    func forEachRun(in range: Range<Int>, base: [Int], _ body: ([Int], Int) -> Void) {
        if range.isEmpty { return }
        let nd = shape.count
        let inner = shape[nd - 1]
        var index = [Int](repeating: 0, count: nd)
        var rem = range.lowerBound
        for d in stride(from: nd - 1, through: 0, by: -1) {
            index[d] = rem % shape[d]
            rem /= shape[d]
        }
        var offs = base
        for k in 0..<offs.count {
            for d in 0..<nd { offs[k] += index[d] * strides[k][d] }
        }
        var remaining = range.count
        while remaining > 0 {
            let len = min(inner - index[nd - 1], remaining)
            body(offs, len)
            remaining -= len
            if remaining == 0 { break }
            // Advance to the start of the next run.
            for k in 0..<offs.count { offs[k] += len * strides[k][nd - 1] }
            index[nd - 1] += len
            var d = nd - 1
            while d >= 0 && index[d] >= shape[d] {
                for k in 0..<offs.count { offs[k] -= index[d] * strides[k][d] }
                index[d] = 0
                if d == 0 { break }
                d -= 1
                index[d] += 1
                for k in 0..<offs.count { offs[k] += strides[k][d] }
            }
        }
    }
}

/// Splitting work over the cores.
enum Parallel {
    /// Elements (times cost) below which a kernel runs on one thread. Measured on this machine
    /// (OpsBenchmarkTests.testParallelCrossover): a float add gains nothing from a second core up
    /// to 2^20 elements (it is bound by cache bandwidth), while `exp` (cost 16) gains 2× from
    /// 2^16 elements. Settable so that the benchmark can measure the crossover.
    nonisolated(unsafe) static var threshold = 1 << 20
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` over `0..<count`, in chunks on all cores when `count * cost` is large.
    @inline(__always)
    static func forRanges(_ count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        if count * cost < threshold || cores == 1 {
            body(0..<count)
            return
        }
        let chunks = min(cores * 4, count)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks
            let hi = count * (c + 1) / chunks
            body(lo..<hi)
        }
    }
}
