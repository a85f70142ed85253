import Autograd
import Foundation
import Plot
import TensorCore

/// tcalc's own `plot` (one call, drawn at once: data, or a function on an interval) and d2l's
/// `plot`, `set_figsize` and `use_svg_display`. Both are front ends over the Plot target's
/// figure model, drawn by the same renderers as pyplot.
enum TcalcPlot {
    static func register(_ r: BuiltinRegistry) {
        r.add(["plot"],
              "plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, title=None, *, scatter=False, width=None, height=None, file=None, figsize=(5, 2.5), xscale='linear', yscale='linear', fmts=None)",
              doc: "Draws Y against X at once (Y one curve or a list of curves, as d2l's plot), or plot(f, a, b) draws the function f on [a, b]; width=/height= in characters, file='f.svg'|'f.png' writes a file instead.") { a in
            let interp = a.interp
            let fig = Figure(width: 5, height: 2.5)
            if let s = try PyplotModule.size(a["figsize"], interp) { (fig.width, fig.height) = s }
            let ax = fig.currentAxes()
            var xlabel = a["xlabel"]
            if isCallable(a["X"]) {
                guard !a["Y"].isNone, !a["xlabel"].isNone else {
                    throw PyException.typeError("plot(f, a, b): a function needs the interval's two ends")
                }
                let lo = try PlotData.number(a["Y"], interp, what: "plot()"), hi = try PlotData.number(a["xlabel"], interp, what: "plot()")
                guard lo < hi, lo.isFinite, hi.isFinite else { throw PyException.valueError("plot(f, a, b): the interval needs finite a < b, got \(lo) and \(hi)") }
                let (xs, ys) = try sample(a["X"], lo, hi, interp)
                ax.artists.append(.line(Line(xs: xs, ys: ys, color: ax.nextColor())))
                ax.title = try AxesDrawing.string(a["ylabel"], interp)
                xlabel = .none
                if ax.title == nil { ax.title = functionName(a["X"], interp) }
            } else {
                let fmts: [String]? = a["fmts"].isNone ? nil : try interp.iterate(a["fmts"]).map { try interp.str($0) }
                try addCurves(to: ax, X: a["X"], Y: a["Y"], fmts: fmts, scatter: try a.bool("scatter"), interp)
                ax.ylabel = try AxesDrawing.string(a["ylabel"], interp)
            }
            ax.xlabel = try AxesDrawing.string(xlabel, interp)
            if ax.title == nil { ax.title = try AxesDrawing.string(a["title"], interp) }
            if !a["legend"].isNone {
                ax.legendLabels = try interp.iterate(a["legend"]).map { try interp.str($0) }
                ax.legend = !(ax.legendLabels ?? []).isEmpty
            }
            if !a["xlim"].isNone { ax.xlim = try PlotData.pair(a["xlim"], interp, what: "plot()") }
            if !a["ylim"].isNone { ax.ylim = try PlotData.pair(a["ylim"], interp, what: "plot()") }
            ax.xscale = try PyplotModule.scale(a["xscale"], interp)
            ax.yscale = try PyplotModule.scale(a["yscale"], interp)
            if let path = try a.optionalString("file") {
                try FigureObject(fig, number: 0).save(to: path, format: nil, dpi: nil, interp)
                return .none
            }
            var renderer = TerminalRenderer(figure: fig, terminalColumns: interp.terminalColumns() ?? 80, color: interp.colorOutput)
            if let w = try a.optionalInt("width") { renderer.columns = max(20, w) }
            if let h = try a.optionalInt("height") { renderer.rows = max(6, h) }
            interp.output(renderer.render(fig) + "\n")
            return .none
        }

        r.add(["d2l.plot", "d2l.torch.plot"],
              "plot(X, Y=None, xlabel=None, ylabel=None, legend=[], xlim=None, ylim=None, xscale='linear', yscale='linear', fmts=('-', 'm--', 'g-.', 'r:'), figsize=(3.5, 2.5), axes=None)",
              doc: "d2l's plot: clears axes (default gca()) and draws each curve of Y against X with fmts, labels, limits, scales, legend and grid; shown as pyplot figures are.") { a in
            let interp = a.interp
            let st = PyplotState.of(interp)
            if let s = try PyplotModule.size(a["figsize"], interp) {
                try st.rcParams.set(.str("figure.figsize"), .list(PyList([.float(s.0), .float(s.1)])))
            }
            let axObject: AxesObject
            if case .object(let o as AxesObject) = a["axes"] { axObject = o } else { axObject = st.currentAxes(interp) }
            st.touched(axObject.figure)
            let ax = axObject.axes
            ax.clear()
            let fmts = try interp.iterate(a["fmts"]).map { try interp.str($0) }
            try addCurves(to: ax, X: a["X"], Y: a["Y"], fmts: fmts, scatter: false, interp)
            ax.xlabel = try AxesDrawing.string(a["xlabel"], interp)
            ax.ylabel = try AxesDrawing.string(a["ylabel"], interp)
            ax.xscale = try PyplotModule.scale(a["xscale"], interp)
            ax.yscale = try PyplotModule.scale(a["yscale"], interp)
            if !a["xlim"].isNone { ax.xlim = try PlotData.pair(a["xlim"], interp, what: "plot()") }
            if !a["ylim"].isNone { ax.ylim = try PlotData.pair(a["ylim"], interp, what: "plot()") }
            let legend = try interp.iterate(a["legend"]).map { try interp.str($0) }
            if !legend.isEmpty {
                ax.legendLabels = legend
                ax.legend = true
            }
            ax.grid = true
            return .none
        }
        r.add(["d2l.set_figsize", "d2l.torch.set_figsize"], "set_figsize(figsize=(3.5, 2.5))",
              doc: "d2l's set_figsize: sets rcParams['figure.figsize'] for the figures made next.") { a in
            let s = try PyplotModule.size(a["figsize"], a.interp) ?? (3.5, 2.5)
            try PyplotState.of(a.interp).rcParams.set(.str("figure.figsize"), .list(PyList([.float(s.0), .float(s.1)])))
            return .none
        }
        r.add(["d2l.use_svg_display", "d2l.torch.use_svg_display"], "use_svg_display()",
              doc: "d2l's use_svg_display: chooses SVG in Jupyter; a no-op in the terminal.") { _ in .none }
    }

    static func isCallable(_ v: Value) -> Bool {
        switch v {
        case .function: return true
        case .object(let o): return o is BuiltinFunction || (o.typeName.hasSuffix("function") && !(o is Tensor))
        default: return false
        }
    }

    static func functionName(_ v: Value, _ interp: Interpreter) -> String? {
        switch v {
        case .function(let f): return f.name == "<lambda>" ? nil : f.name
        case .object(let b as BuiltinFunction): return b.displayName
        default: return nil
        }
    }

    /// f on [lo, hi] at 400 points: one call on a tensor of all the points when f maps it
    /// elementwise, else one call per point on a 0-d tensor (as `grad(f)` needs).
    static func sample(_ f: Value, _ lo: Double, _ hi: Double, _ interp: Interpreter) throws -> ([Double], [Double]) {
        let n = 400
        let xs = (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
        let input = try NDArray(xs.map(Float.init), shape: [n])
        if let out = try? interp.call(f, [.object(Tensor(input))]),
           let ys = try? PlotData.array(out, interp, what: "plot()"), ys.shape == [n] {
            return (xs, ys.values)
        }
        var ys: [Double] = []
        ys.reserveCapacity(n)
        for x in xs {
            let out = try interp.call(f, [.object(Tensor(NDArray(scalar: .float(x), dtype: .float32)))])
            let y = try PlotData.array(out, interp, what: "plot(f, a, b)")
            guard y.count == 1 else {
                throw PyException.valueError("plot(f, a, b): f must return one number per point, got shape \(AxesDrawing.shapeText(y.shape))")
            }
            ys.append(y.values[0])
        }
        return (xs, ys)
    }

    /// One curve (1-d), or several (a list of them, or the rows of a 2-d array).
    static func curves(_ v: Value, _ interp: Interpreter) throws -> [[Double]] {
        let arr = try PlotData.array(v, interp, what: "plot()")
        if arr.rank <= 1 { return [arr.values] }
        let c = arr.shape[1]
        return (0..<arr.shape[0]).map { r in Array(arr.values[(r * c)..<((r + 1) * c)]) }
    }

    /// d2l's rules: X and Y each one curve or a list of curves; no Y means X holds the curves,
    /// drawn against 0..n-1; one X serves every Y.
    static func addCurves(to ax: Axes, X: Value, Y: Value, fmts: [String]?, scatter: Bool, _ interp: Interpreter) throws {
        var xs = try curves(X, interp)
        var ys: [[Double]]
        if Y.isNone {
            ys = xs
            xs = ys.map { y in (0..<y.count).map(Double.init) }
        } else {
            ys = try curves(Y, interp)
        }
        if xs.count != ys.count { xs = Array(repeating: xs[0], count: ys.count) }
        for (k, (x, y)) in zip(xs, ys).enumerated() {
            if let fmts, fmts.isEmpty || k >= fmts.count { break }
            guard x.count == y.count else {
                throw PyException.valueError("x and y must have same first dimension, but have shapes (\(x.count),) and (\(y.count),)")
            }
            let f = try fmts.map { try AxesDrawing.format($0[k]) }
            let color = f?.color ?? ax.nextColor()
            let line = Line(xs: x, ys: y, color: color, lineStyle: scatter ? LineStyle.none : (f?.lineStyle ?? .solid),
                            marker: scatter ? .circle : f?.marker)
            ax.artists.append(scatter ? .scatter(line) : .line(line))
        }
    }
}
