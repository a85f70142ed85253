import XCTest
import Foundation
import TensorCore
import Autograd

/// Timing, not a test: runs only with TCALC_BENCH=1 (use a release build:
/// `TCALC_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter AutogradBenchmark`).
final class AutogradBenchmarkTests: XCTestCase {
    private func time(_ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return best
    }

    /// Issue 5: forward and backward of `y = sin(y) * 1.0001 + 0.001` 10,000 times on a 0-d
    /// tensor; PyTorch takes about 290 ms.
    func testScalarChainBenchmark() throws {
        guard ProcessInfo.processInfo.environment["TCALC_BENCH"] == "1" else {
            throw XCTSkip("set TCALC_BENCH=1 to run benchmarks")
        }
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            let x = try Tensor(NDArray(scalar: .float(0.5), dtype: .float32), requiresGrad: true)
            var y = x
            for _ in 0..<10_000 {
                let s = try y.unary(.sin)
                let m = try Tensor.binary(.mul, .tensor(s), .scalar(.float(1.0001)))
                y = try Tensor.binary(.add, .tensor(m), .scalar(.float(0.001)))
            }
            try y.backward()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            best = min(best, ms)
        }
        let engineOnly = try time {
            var y = NDArray(scalar: .float(0.5), dtype: .float32)
            for _ in 0..<10_000 {
                let s = try y.unary(.sin)
                let m = try NDArray.binary(.mul, .array(s), .scalar(.float(1.0001)))
                y = try NDArray.binary(.add, .array(m), .scalar(.float(0.001)))
            }
        }
        let forwardOnly = try time {
            let x = try Tensor(NDArray(scalar: .float(0.5), dtype: .float32), requiresGrad: true)
            var y = x
            for _ in 0..<10_000 {
                let s = try y.unary(.sin)
                let m = try Tensor.binary(.mul, .tensor(s), .scalar(.float(1.0001)))
                y = try Tensor.binary(.add, .tensor(m), .scalar(.float(0.001)))
            }
        }
        print("engine only: \(String(format: "%.1f", engineOnly)) ms; forward with graph: \(String(format: "%.1f", forwardOnly)) ms")
        print("autograd scalar chain (10,000 × sin/mul/add, forward + backward): \(String(format: "%.1f", best)) ms; PyTorch ≈ 290 ms; target ≤ 58 ms")
    }
}
