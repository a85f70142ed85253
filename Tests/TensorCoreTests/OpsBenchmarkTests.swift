import XCTest
import Foundation
@testable import TensorCore

/// Timings of the operations with speed targets, printed as best-of-N milliseconds. A
/// benchmark, not a test: it runs only with TCALC_BENCH=1, in a release build
/// (`swift build -c release --build-tests -Xswiftc -enable-testing`).
final class OpsBenchmarkTests: XCTestCase {
    func time(_ label: String, repeats: Int = 7, _ body: () throws -> Void) rethrows {
        if let only = ProcessInfo.processInfo.environment["TCALC_BENCH_ONLY"], !label.contains(only) { return }
        let repeats = ProcessInfo.processInfo.environment["TCALC_BENCH_ONLY"] == nil ? repeats : 200
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            best = min(best, elapsed)
        }
        print(String(format: "BENCH %-28@ %8.3f ms", label as NSString, best))
    }

    func testBenchmarks() throws {
        guard ProcessInfo.processInfo.environment["TCALC_BENCH"] == "1" else {
            throw XCTSkip("set TCALC_BENCH=1 to run benchmarks")
        }
        let n = 10_000_000
        let a = try NDArray.arange(start: .int(0), end: .int(Int64(n)), step: .int(1), dtype: .float32)
        let b = try NDArray.full([n], .float(1.5), dtype: .float32)
        let small = try NDArray.full([2, 3], .float(1.5), dtype: .float32)
        try time("1000x add (2,3) f32") { for _ in 0..<1000 { _ = try NDArray.binary(.add, .array(small), .array(small)) } }
        try time("1000x mul (2,3) by scalar") { for _ in 0..<1000 { _ = try NDArray.binary(.mul, .array(small), .scalar(.float(2))) } }
        try time("1000x sum (2,3) dim 1") { for _ in 0..<1000 { _ = try small.reduce(.sum, dims: [1], keepdim: false, dtype: nil) } }
        try time("1000x small[:, 1]") { for _ in 0..<1000 { _ = try small.subscripted([.slice(start: nil, stop: nil, step: nil), .int(1)]) } }
        try time("add 10M f32") { _ = try NDArray.binary(.add, .array(a), .array(b)) }
        try time("mul 10M f32") { _ = try NDArray.binary(.mul, .array(a), .array(b)) }
        try time("sum 10M f32") { _ = try a.reduce(.sum, dims: nil, keepdim: false, dtype: nil) }
        let m = try a.reshaped([4000, 2500])
        try time("sum axis0 4000x2500") { _ = try m.reduce(.sum, dims: [0], keepdim: false, dtype: nil) }
        try time("sum axis1 4000x2500") { _ = try m.reduce(.sum, dims: [1], keepdim: false, dtype: nil) }
        let t = try m.matrixTransposed
        try time("M.T + M.T") { _ = try NDArray.binary(.add, .array(t), .array(t)) }
        let mask = try NDArray.binary(.gt, .array(NDArray.binary(.remainder, .array(a), .scalar(.int(3)))), .scalar(.int(0)))
        try time("x[mask] 10M") { _ = try a.subscripted([.array(mask)]) }
        try time("exp 10M f32") { _ = try a.unary(.exp) }
        try time("x > 0 10M f32") { _ = try NDArray.binary(.gt, .array(a), .scalar(.int(0))) }
    }

    /// Add and exp timings around the parallel threshold, one thread against all cores.
    func testParallelCrossover() throws {
        guard ProcessInfo.processInfo.environment["TCALC_BENCH"] == "1" else {
            throw XCTSkip("set TCALC_BENCH=1 to run benchmarks")
        }
        let saved = Parallel.threshold
        defer { Parallel.threshold = saved }
        for shift in 12...20 {
            let n = 1 << shift
            let a = try NDArray.arange(start: .int(0), end: .int(Int64(n)), step: .int(1), dtype: .float32)
            for (label, threshold) in [("serial", Int.max / 64), ("parallel", 0)] {
                Parallel.threshold = threshold
                try time("add 2^\(shift) \(label)", repeats: 50) { _ = try NDArray.binary(.add, .array(a), .array(a)) }
                try time("exp 2^\(shift) \(label)", repeats: 50) { _ = try a.unary(.exp) }
            }
        }
    }
}
