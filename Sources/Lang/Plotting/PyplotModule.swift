import Foundation
import Plot

/// `matplotlib`, `matplotlib.pyplot` (also `d2l.plt`), `matplotlib_inline.backend_inline` and
/// the `Figure.*` / `Axes.*` methods. Each pyplot drawing function is the `Axes` method of the
/// same name applied to `gca()`; both go through `AxesDrawing`, and every figure is drawn by the
/// Plot target's renderers.
enum PyplotModule {
    static let rcParams = RcParams()

    static func register(_ r: BuiltinRegistry) {
        PyplotState.installHooks(r)
        let pyplot = r.declareModule("matplotlib.pyplot", doc: "matplotlib's pyplot state machine; figures are drawn in the terminal (see docs/plotting.md).")
        r.declareModule("matplotlib", doc: "matplotlib: rcParams, use(), and the pyplot module.")
        r.declareModule("matplotlib_inline.backend_inline", doc: "Jupyter's inline backend settings; accepted and ignored in the terminal.")
        r.declareModule("IPython.display", doc: "IPython's display helpers that d2l calls; accepted in the terminal.")
        r.setConstant("matplotlib.pyplot.rcParams", .object(rcParams))
        r.setConstant("matplotlib.rcParams", .object(rcParams))
        r.setConstant("d2l.plt", .object(pyplot))
        r.setConstant("d2l.torch.plt", .object(pyplot))

        r.add(["matplotlib_inline.backend_inline.set_matplotlib_formats", "IPython.display.set_matplotlib_formats"],
              "set_matplotlib_formats(*formats, **kwargs)", doc: "Chooses Jupyter's figure formats; a no-op in the terminal.") { _ in .none }
        r.add(["matplotlib.use"], "use(backend, *, force=True)", doc: "Selects a backend; tcalc always draws in the terminal, so this is a no-op.") { _ in .none }
        r.add(["matplotlib.get_backend", "matplotlib.pyplot.get_backend"], "get_backend()", doc: "The backend's name: 'tcalc' (terminal braille).") { _ in .str("tcalc") }
        r.add(["matplotlib.pyplot.ion", "matplotlib.pyplot.ioff", "matplotlib.pyplot.tight_layout", "Figure.tight_layout"],
              "tight_layout(*args, **kwargs)", doc: "Accepted for compatibility (ion, ioff, tight_layout); the terminal layout is automatic.") { _ in .none }

        registerFigures(r)
        registerDrawing(r)
        registerDecorations(r)
    }

    static func state(_ a: BoundArguments) -> PyplotState { PyplotState.of(a.interp) }

    /// The axes a call works on: `self` for `Axes.*`, `gca()` for pyplot's functions. Marks
    /// its figure as drawn on.
    static func target(_ a: BoundArguments, draws: Bool = true) throws -> AxesObject {
        let st = state(a)
        let ax: AxesObject
        if let i = a.builtin.parameters.parameters.firstIndex(where: { $0.name == "self" }) {
            guard case .object(let o as AxesObject) = a.values[i] else {
                throw PyException.typeError("\(a.builtin.name)() needs an Axes, not \(a.values[i].typeName)")
            }
            ax = o
        } else {
            ax = st.currentAxes(a.interp)
        }
        if draws { st.touched(ax.figure) }
        return ax
    }

    static func figureSelf(_ a: BoundArguments) throws -> FigureObject {
        guard case .object(let o as FigureObject) = a["self"] else { throw PyException.typeError("\(a.builtin.name)() needs a Figure, not \(a["self"].typeName)") }
        return o
    }

    static func size(_ v: Value, _ interp: Interpreter) throws -> (Double, Double)? {
        if v.isNone { return nil }
        let p = try PlotData.pair(v, interp, what: "figsize")
        guard let w = p.0, let h = p.1, w > 0, h > 0, w.isFinite, h.isFinite else {
            throw PyException.valueError("figure size must be positive finite not \(try interp.repr(v))")
        }
        return (w, h)
    }

    static func registerFigures(_ r: BuiltinRegistry) {
        r.add(["matplotlib.pyplot.figure"], "figure(num=None, figsize=None, dpi=None, **kwargs)",
              doc: "Makes a new figure (or activates figure num) and returns it; figsize=(w, h) in inches sets its aspect.") { a in
            let st = state(a)
            if let n = try a.optionalInt("num"), let existing = st.figures.first(where: { $0.number == n }) {
                st.current = existing
                return .object(existing)
            }
            let fig = st.newFigure(a.interp, size: try size(a["figsize"], a.interp))
            st.touched(fig)
            return .object(fig)
        }
        r.add(["matplotlib.pyplot.subplots"], "subplots(nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, figsize=None, **kwargs)",
              doc: "A new figure with a grid of axes: returns (fig, ax) for one axes, else (fig, array of Axes), drawn side by side or stacked.") { a in
            let rows = try a.int("nrows"), cols = try a.int("ncols")
            guard rows >= 1, cols >= 1, rows * cols <= 64 else { throw PyException.valueError("Number of rows and columns must be positive integers (at most 64 axes), not \(rows) and \(cols)") }
            let st = state(a)
            let fig = st.newFigure(a.interp, size: try size(a["figsize"], a.interp), rows: rows, columns: cols, withAxes: true)
            fig.currentAxes = fig.figure.axes.first
            st.touched(fig)
            let objects: [Value] = fig.figure.axes.map { .object(fig.object(for: $0)) }
            let squeeze = try a.bool("squeeze")
            let axesValue: Value
            if squeeze && rows * cols == 1 {
                axesValue = objects[0]
            } else if squeeze && (rows == 1 || cols == 1) {
                axesValue = .object(AxesArray(items: objects, shape: [rows * cols]))
            } else {
                axesValue = .object(AxesArray(items: objects, shape: [rows, cols]))
            }
            return .tuple([.object(fig), axesValue])
        }
        r.add(["matplotlib.pyplot.subplot"], "subplot(*args, **kwargs)",
              doc: "The axes at index (from 1) of an nrows × ncols grid on the current figure: subplot(2, 1, 1) or subplot(211); makes it current.") { a in
            var spec = try a.varArgs.map { v -> Int in
                guard let i = try a.interp.asIndex(v) else { throw PyException.typeError("subplot() arguments must be integers") }
                return i
            }
            if spec.isEmpty { spec = [1, 1, 1] }
            if spec.count == 1 {
                let n = spec[0]
                guard n >= 111 && n <= 999 else { throw PyException.valueError("Integer subplot specification must be a three-digit number, not \(n)") }
                spec = [n / 100, (n / 10) % 10, n % 10]
            }
            guard spec.count == 3 else { throw PyException.typeError("subplot() takes 1 or 3 positional arguments but \(spec.count) were given") }
            let (rows, cols, index) = (spec[0], spec[1], spec[2])
            guard rows >= 1, cols >= 1, rows * cols <= 64 else { throw PyException.valueError("Number of rows and columns must be positive integers, not \(rows) and \(cols)") }
            guard index >= 1 && index <= rows * cols else { throw PyException.valueError("num must be an integer with 1 <= num <= \(rows * cols), not \(index)") }
            let st = state(a)
            let fig = st.currentFigure(a.interp)
            if fig.figure.rows != rows || fig.figure.columns != cols || fig.figure.axes.count != rows * cols {
                let old = fig.figure.axes
                fig.figure.rows = rows
                fig.figure.columns = cols
                fig.figure.axes = (0..<(rows * cols)).map { $0 < old.count && old.count == 1 && $0 == 0 && old[0].artists.isEmpty ? old[0] : Axes() }
            }
            let ax = fig.figure.axes[index - 1]
            fig.currentAxes = ax
            st.touched(fig)
            return .object(fig.object(for: ax))
        }
        r.add(["matplotlib.pyplot.gcf"], "gcf()", doc: "The current figure (made when there is none).") { a in
            .object(state(a).currentFigure(a.interp))
        }
        r.add(["matplotlib.pyplot.gca", "Figure.gca"], "gca(self=None)", doc: "The current axes of the current figure (made when there is none).") { a in
            let st = state(a)
            if case .object(let fig as FigureObject) = a["self"] {
                if fig.currentAxes == nil { fig.currentAxes = fig.figure.currentAxes() }
                return .object(fig.object(for: fig.currentAxes!))
            }
            return .object(st.currentAxes(a.interp))
        }
        r.add(["matplotlib.pyplot.sca"], "sca(ax)", doc: "Makes ax the current axes and its figure the current figure.") { a in
            guard case .object(let ax as AxesObject) = a["ax"] else { throw PyException.typeError("sca() needs an Axes, not \(a["ax"].typeName)") }
            let st = state(a)
            ax.figure.currentAxes = ax.axes
            if !st.figures.contains(where: { $0 === ax.figure }) { st.figures.append(ax.figure) }
            st.current = ax.figure
            return .none
        }
        r.add(["matplotlib.pyplot.clf", "Figure.clf", "Figure.clear"], "clf(self=None)", doc: "Clears the current (or this) figure: removes all its axes.") { a in
            let st = state(a)
            let fig: FigureObject
            if case .object(let f as FigureObject) = a["self"] { fig = f } else { fig = st.currentFigure(a.interp) }
            fig.figure.axes = []
            fig.figure.rows = 1
            fig.figure.columns = 1
            fig.figure.suptitle = nil
            fig.currentAxes = nil
            return .none
        }
        r.add(["matplotlib.pyplot.close"], "close(fig=None)", doc: "Closes the current figure, figure fig (a Figure or number), or 'all'; closed figures are not shown.") { a in
            let st = state(a)
            func drop(_ f: FigureObject) {
                st.figures.removeAll { $0 === f }
                st.pending.removeAll { $0 === f }
                if st.current === f { st.current = st.figures.last }
            }
            switch a["fig"] {
            case .none: if let c = st.current { drop(c) }
            case .str("all"):
                st.figures = []
                st.pending = []
                st.current = nil
            case .object(let f as FigureObject): drop(f)
            case let v:
                guard let n = try a.interp.asIndex(v) else { throw PyException.typeError("close(): expected a Figure, a figure number or 'all', got \(v.typeName)") }
                if let f = st.figures.first(where: { $0.number == n }) { drop(f) }
            }
            return .none
        }
        r.add(["matplotlib.pyplot.show", "Figure.show"], "show(self=None, *args, **kwargs)",
              doc: "Draws the figures waiting to be shown in the terminal, then closes pyplot's figures.") { a in
            let st = state(a)
            if case .object(let f as FigureObject) = a["self"] {
                a.interp.output(PyplotState.terminalText(f.figure, a.interp) + "\n")
                st.pending.removeAll { $0 === f }
                return .none
            }
            st.show(a.interp)
            return .none
        }
        r.add(["matplotlib.pyplot.savefig", "Figure.savefig"], "savefig(self=None, fname=None, *, dpi=None, format=None, **kwargs)",
              doc: "Writes the current (or this) figure to fname as SVG or PNG (by extension or format=); the figure then counts as shown.") { a in
            let st = state(a)
            var fname = a["fname"]
            var fig: FigureObject
            if case .object(let f as FigureObject) = a["self"] {
                fig = f
            } else {
                // pyplot's savefig(fname): the first positional lands in `self`.
                if case .str = a["self"] { fname = a["self"] }
                fig = st.currentFigure(a.interp)
            }
            guard case .str(let path) = fname else { throw PyException.typeError("savefig() missing required argument: 'fname' (a file name)") }
            try fig.save(to: path, format: try a.optionalString("format"), dpi: try a.optionalDouble("dpi"), a.interp)
            st.pending.removeAll { $0 === fig }
            return .none
        }
        r.add(["matplotlib.pyplot.suptitle", "Figure.suptitle"], "suptitle(self=None, t=None, **kwargs)", doc: "A title over the whole figure.") { a in
            let st = state(a)
            var fig: FigureObject
            var t = a["t"]
            if case .object(let f as FigureObject) = a["self"] { fig = f } else { t = a["self"]; fig = st.currentFigure(a.interp) }
            let text = try a.interp.str(t)
            fig.figure.suptitle = text
            st.touched(fig)
            return .object(ArtistObject(kind: "Text", text: "Text(0.5, 0.98, \(pyQuote(text)))"))
        }
        r.add(["Figure.add_subplot"], "add_subplot(self, *args, **kwargs)", doc: "Adds an axes (add_subplot(111), add_subplot(2, 1, 1)) and returns it.") { a in
            let fig = try figureSelf(a)
            var spec = try a.varArgs.map { v -> Int in
                guard let i = try a.interp.asIndex(v) else { throw PyException.typeError("add_subplot() arguments must be integers") }
                return i
            }
            if spec.isEmpty { spec = [1, 1, 1] }
            if spec.count == 1 { spec = [spec[0] / 100, (spec[0] / 10) % 10, spec[0] % 10] }
            guard spec.count == 3, spec[0] >= 1, spec[1] >= 1, spec[0] * spec[1] <= 64, spec[2] >= 1, spec[2] <= spec[0] * spec[1] else {
                throw PyException.valueError("add_subplot(): expected (nrows, ncols, index) with 1 <= index <= nrows*ncols")
            }
            if fig.figure.rows != spec[0] || fig.figure.columns != spec[1] || fig.figure.axes.count != spec[0] * spec[1] {
                fig.figure.rows = spec[0]
                fig.figure.columns = spec[1]
                fig.figure.axes = (0..<(spec[0] * spec[1])).map { _ in Axes() }
            }
            let ax = fig.figure.axes[spec[2] - 1]
            fig.currentAxes = ax
            state(a).touched(fig)
            return .object(fig.object(for: ax))
        }
        r.add(["Figure.set_size_inches"], "set_size_inches(self, w, h=None)", doc: "Sets the figure's size in inches (its aspect in the terminal).") { a in
            let fig = try figureSelf(a)
            if a["h"].isNone, let p = try size(a["w"], a.interp) {
                (fig.figure.width, fig.figure.height) = p
            } else {
                fig.figure.width = try PlotData.number(a["w"], a.interp, what: "set_size_inches()")
                fig.figure.height = try PlotData.number(a["h"], a.interp, what: "set_size_inches()")
            }
            return .none
        }
    }
}
