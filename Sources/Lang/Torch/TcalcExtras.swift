import Autograd
import Foundation
import TensorCore

/// Builtins that are tcalc's own rather than PyTorch's: `timeit`, and the `d2l` module that
/// the book's code imports (its plotting functions live in Lang/Plotting).
enum TcalcExtras {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("d2l", doc: "The parts of the d2l package tcalc provides: plot, plt, set_figsize, use_svg_display.")
        r.declareModule("d2l.torch", doc: "The parts of d2l.torch tcalc provides: plot, plt, set_figsize, use_svg_display.")
        r.add(["timeit"], "timeit(func, number=None, repeat=5)",
              doc: "Calls func() number times per repetition (enough for 0.2 s when None) and returns the best time per call in seconds.",
              differentiable: .notApplicable) { a in
            let repeats = max(1, try a.int("repeat"))
            var number = 1
            if let n = try a.optionalInt("number") {
                number = max(1, n)
            } else {
                // Calibrate as Python's timeit does: 1, 2, 5, 10, … calls until one batch takes 0.2 s.
                let steps = [1, 2, 5]
                var k = 0
                while true {
                    number = steps[k % 3] * Int(pow(10.0, Double(k / 3)))
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<number { _ = try a.interp.call(a["func"], []) }
                    if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 >= 0.2 || number >= 100_000_000 { break }
                    k += 1
                }
            }
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<number { _ = try a.interp.call(a["func"], []) }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = min(best, elapsed / Double(number))
            }
            return .float(best)
        }
    }
}
