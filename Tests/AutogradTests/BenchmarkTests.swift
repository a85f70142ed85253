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

    /// Issue 5: a 3-layer MLP step on a 256×512 batch (forward, backward, SGD) through autograd,
    /// against the same step with a hand-written backward on NDArrays (NumPy's way).
    func testMLPStepBenchmark() throws {
        guard ProcessInfo.processInfo.environment["TCALC_BENCH"] == "1" else {
            throw XCTSkip("set TCALC_BENCH=1 to run benchmarks")
        }
        let x = try NDArray.randn([256, 512], dtype: .float32)
        let sizes = [(512, 512), (512, 512), (512, 10)]
        let weights = try sizes.map { try NDArray.binary(.mul, .array(try NDArray.randn([$0.0, $0.1], dtype: .float32)), .scalar(.float(0.05))) }
        let biases = try sizes.map { try NDArray(zeros: [$0.1], dtype: .float32) }
        let params = try (weights + biases).map { try Tensor($0.clone(), requiresGrad: true) }
        let input = Tensor(x)
        let autograd = try time {
            var h = input
            for layer in 0..<3 {
                h = try Tensor.binary(.add, .tensor(try Tensor.matmul(h, params[layer])), .tensor(params[3 + layer]))
                if layer < 2 { h = try h.unary(.relu) }
            }
            let loss = try Tensor.binary(.mul, .tensor(h), .tensor(h)).reduce(.mean, dims: nil, keepdim: false)
            try loss.backward()
            try GradMode.with(enabled: false) {
                for p in params {
                    guard let g = p.grad else { continue }
                    try p.binaryInPlace(.sub, .tensor(try Tensor.binary(.mul, .tensor(g), .scalar(.float(0.01)))))
                    try g.fill(.int(0))
                }
            }
        }
        let manual = try time {
            var acts: [NDArray] = [x]
            var pre: [NDArray] = []
            for layer in 0..<3 {
                let z = try NDArray.binary(.add, .array(try NDArray.matmul(acts[layer], weights[layer])), .array(biases[layer]))
                pre.append(z)
                acts.append(layer < 2 ? try z.unary(.relu) : z)
            }
            let out = acts[3]
            var g = try NDArray.binary(.mul, .array(out), .scalar(.float(2.0 / Double(out.count))))
            for layer in stride(from: 2, through: 0, by: -1) {
                if layer < 2 {
                    let mask = try NDArray.binary(.gt, .array(pre[layer]), .scalar(.int(0)))
                    g = try NDArray.whereSelect(mask, .array(g), .scalar(.int(0)))
                }
                let gw = try NDArray.matmul(try acts[layer].matrixTransposed, g)
                let gb = try g.reduce(.sum, dims: [0], keepdim: false, dtype: nil)
                g = try NDArray.matmul(g, try weights[layer].matrixTransposed)
                try weights[layer].binaryInPlace(.sub, .array(try NDArray.binary(.mul, .array(gw), .scalar(.float(0.0)))))
                try biases[layer].binaryInPlace(.sub, .array(try NDArray.binary(.mul, .array(gb), .scalar(.float(0.0)))))
            }
        }
        print("MLP step 256×512 → 512 → 512 → 10: autograd \(String(format: "%.2f", autograd)) ms, hand-written backward \(String(format: "%.2f", manual)) ms, ratio \(String(format: "%.2f", autograd / manual)) (target ≤ 1.3)")
    }
}
