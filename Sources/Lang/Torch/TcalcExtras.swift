import Autograd
import Foundation
import Plot
import TensorCore

/// Builtins that are tcalc's own rather than PyTorch's: `plot` (braille plots in the terminal,
/// or SVG files), `timeit`, and a `d2l` module so that the book's `d2l.plot(...)` calls paste
/// and run.
enum TcalcExtras {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("d2l", doc: "The parts of the d2l package tcalc provides: plot.")
        r.declareModule("d2l.torch", doc: "The parts of d2l.torch tcalc provides: plot, set_figsize.")
        r.add(["plot", "d2l.plot", "d2l.torch.plot"],
              "plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, title=None, *, scatter=False, width=60, height=15, file=None, figsize=None, xscale='linear', yscale='linear', fmts=None, axes=None)",
              doc: "Draws Y against X in the terminal with braille dots (or writes an SVG to file=); Y may be a list of curves, as d2l.plot takes.",
              differentiable: .notApplicable) { a in
            var figure = Figure()
            let xs = try numbers(a["X"], a.interp)
            var curves: [[Double]]
            if a["Y"].isNone {
                curves = xs.count == 1 ? xs : [xs.flatMap { $0 }]
                let n = curves[0].count
                let index = (0..<n).map(Double.init)
                figure.series = curves.map { PlotSeries(xs: index, ys: $0) }
            } else {
                curves = try numbers(a["Y"], a.interp)
                let xsets = xs.count == curves.count ? xs : Array(repeating: xs[0], count: curves.count)
                figure.series = zip(xsets, curves).map { PlotSeries(xs: $0, ys: $1) }
            }
            if try a.bool("scatter") { for i in figure.series.indices { figure.series[i].style = .scatter } }
            if !a["legend"].isNone {
                let labels = try a.interp.iterate(a["legend"]).map { try a.interp.str($0) }
                for (i, l) in labels.enumerated() where i < figure.series.count { figure.series[i].label = l }
            }
            figure.xlabel = try a.optionalString("xlabel")
            figure.ylabel = try a.optionalString("ylabel")
            figure.title = try a.optionalString("title")
            figure.xlim = try pair(a["xlim"], a.interp)
            figure.ylim = try pair(a["ylim"], a.interp)
            figure.width = max(10, try a.int("width"))
            figure.height = max(4, try a.int("height"))
            do {
                if let path = try a.optionalString("file") {
                    try figure.svg().write(toFile: path, atomically: true, encoding: .utf8)
                } else {
                    a.interp.output(try figure.render() + "\n")
                }
            } catch let e as PlotError {
                throw PyException.valueError(e.description)
            }
            return .none
        }
        r.add(["d2l.set_figsize", "d2l.torch.set_figsize", "d2l.use_svg_display", "d2l.torch.use_svg_display"],
              "set_figsize(figsize=(3.5, 2.5))", doc: "Accepted for d2l compatibility; the terminal plot's size is plot(width=, height=).",
              differentiable: .notApplicable) { _ in .none }
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

    /// One or more curves from a tensor (1-d: one curve; 2-d: one per row), a list of numbers,
    /// or a list of tensors/lists.
    static func numbers(_ v: Value, _ interp: Interpreter) throws -> [[Double]] {
        if case .object(let t as Tensor) = v {
            let d = try t.data.converted(to: .float64)
            if t.rank <= 1 { return [d.doubles] }
            if t.rank == 2 { return try (0..<t.shape[0]).map { try d.subscripted([.int($0)]).doubles } }
            throw PyException.valueError("plot(): expected 1-d or 2-d data, got shape \(TensorError.shapeString(t.shape))")
        }
        let items = try interp.iterate(v)
        if items.allSatisfy({ if case .object(let o) = $0, o is Tensor { return false }; if case .list = $0 { return false }; if case .tuple = $0 { return false }; return true }) {
            return [try items.map { try number($0, interp) }]
        }
        return try items.flatMap { try numbers($0, interp) }
    }

    static func number(_ v: Value, _ interp: Interpreter) throws -> Double {
        if let d = v.numericDouble { return d }
        if case .object(let o) = v, let d = try o.toFloat(interp) { return d }
        throw PyException.typeError("plot(): expected numbers, got \(v.typeName)")
    }

    static func pair(_ v: Value, _ interp: Interpreter) throws -> (Double, Double)? {
        if v.isNone { return nil }
        let items = try interp.iterate(v)
        guard items.count == 2 else { throw PyException.valueError("plot(): limits must be a (low, high) pair") }
        let lo = try number(items[0], interp), hi = try number(items[1], interp)
        guard lo < hi else { throw PyException.valueError("plot(): limits must satisfy low < high") }
        return (lo, hi)
    }
}
