import Foundation
import Plot

/// pyplot's state machine for one session: the open figures, the current one, rcParams, and
/// which figures were drawn on since they were last shown.
///
/// When figures appear (docs/plotting.md says it for users):
/// - interactive (the REPL): when an entry that drew on a figure ends, the figure is drawn
///   (once it holds data), and it stays current while the following entries keep drawing on
///   it (each redraws it).
///   The first entry that draws nothing closes pyplot's figures, so the next plot starts a
///   new one, the way a notebook starts a new figure in the next cell.
/// - scripts, pipes, `-e`: on `show()`, and at the end of the run for figures not yet shown.
/// - `show()` draws what is waiting and closes pyplot's figures; `savefig` writes the file and
///   counts as showing that figure.
final class PyplotState {
    var figures: [FigureObject] = []
    var current: FigureObject?
    var nextNumber = 1
    let rcParams = PyDict()
    /// Figures drawn on since they were last shown or saved, in the order first touched.
    var pending: [FigureObject] = []

    init() {
        try! rcParams.set(.str("figure.figsize"), .list(PyList([.float(6.4), .float(4.8)])))
        try! rcParams.set(.str("figure.dpi"), .float(100))
        try! rcParams.set(.str("lines.linewidth"), .float(1.5))
        try! rcParams.set(.str("axes.grid"), .bool(false))
        try! rcParams.set(.str("font.size"), .float(10))
        try! rcParams.set(.str("savefig.format"), .str("png"))
    }

    static let key = "pyplot"

    /// The session's pyplot state, made on first use.
    static func of(_ interp: Interpreter) -> PyplotState {
        if let s = interp.sessionState[key] as? PyplotState { return s }
        let s = PyplotState()
        interp.sessionState[key] = s
        return s
    }

    /// rcParams' figure size.
    func defaultSize(_ interp: Interpreter) -> (Double, Double) {
        if case .list(let l)? = try? rcParams.get(.str("figure.figsize")), l.items.count == 2,
           let w = l.items[0].numericDouble, let h = l.items[1].numericDouble {
            return (w, h)
        }
        return (6.4, 4.8)
    }

    /// A new figure, made current (`figure()`, `subplots()`).
    func newFigure(_ interp: Interpreter, size: (Double, Double)? = nil, rows: Int = 1, columns: Int = 1, withAxes: Bool = false) -> FigureObject {
        let (w, h) = size ?? defaultSize(interp)
        let fig = FigureObject(Figure(width: w, height: h, rows: rows, columns: columns, withAxes: withAxes), number: nextNumber)
        nextNumber += 1
        figures.append(fig)
        current = fig
        return fig
    }

    /// `gcf()`: the current figure, made when there is none.
    func currentFigure(_ interp: Interpreter) -> FigureObject {
        if let c = current { return c }
        return newFigure(interp)
    }

    /// `gca()`: the current figure's current axes, made when there is none.
    func currentAxes(_ interp: Interpreter) -> AxesObject {
        let fig = currentFigure(interp)
        if fig.currentAxes == nil || !fig.figure.axes.contains(where: { $0 === fig.currentAxes }) {
            fig.currentAxes = fig.figure.currentAxes()
        }
        return fig.object(for: fig.currentAxes!)
    }

    /// Records that a figure changed, so that it is shown at the next occasion.
    func touched(_ fig: FigureObject) {
        if !pending.contains(where: { $0 === fig }) { pending.append(fig) }
    }

    /// Draws the figures waiting to be shown, in the order they were first drawn on.
    func showPending(_ interp: Interpreter, skipEmpty: Bool = false) {
        let figs = pending
        pending = []
        for fig in figs where !fig.figure.axes.isEmpty {
            if skipEmpty && fig.figure.axes.allSatisfy({ $0.artists.isEmpty }) { continue }
            interp.output(PyplotState.terminalText(fig.figure, interp) + "\n")
        }
    }

    /// `show()`, or the end of an interactive entry: draw, then close pyplot's figures.
    func show(_ interp: Interpreter, skipEmpty: Bool = false) {
        showPending(interp, skipEmpty: skipEmpty)
        figures = []
        current = nil
    }

    /// The figure as terminal text, sized to the session's terminal and coloured when allowed.
    static func terminalText(_ figure: Figure, _ interp: Interpreter) -> String {
        let renderer = TerminalRenderer(figure: figure, terminalColumns: interp.terminalColumns() ?? 80, color: interp.colorOutput)
        return renderer.render(figure)
    }

    /// Installs the display rule on the registry's entry and session hooks.
    static func installHooks(_ r: BuiltinRegistry) {
        r.entryEndHooks.append { interp in
            guard interp.isInteractive, let s = interp.sessionState[key] as? PyplotState else { return }
            if s.pending.isEmpty {
                s.figures = []
                s.current = nil
            } else {
                // Axes with nothing in them yet (`fig, ax = plt.subplots()`) wait for data.
                s.showPending(interp, skipEmpty: true)
            }
        }
        r.sessionEndHooks.append { interp in
            guard let s = interp.sessionState[key] as? PyplotState else { return }
            // A figure with nothing drawn (a run that failed after cla()) is not worth a frame.
            s.show(interp, skipEmpty: true)
        }
    }
}

extension FigureObject {
    /// Writes the figure to `path` as SVG or PNG, chosen by `format` or the file's extension.
    func save(to path: String, format: String?, dpi: Double?, _ interp: Interpreter) throws {
        let ext = (format ?? (path as NSString).pathExtension).lowercased()
        let data: Data
        do {
            switch ext {
            case "svg":
                data = Data(SVGWriter.document(for: figure).utf8)
            case "png", "":
                data = Data(try Rasterizer.png(for: figure, dpi: dpi ?? 100))
            default:
                throw PyException.valueError("Format '\(ext)' is not supported (supported formats: png, svg)")
            }
        } catch let e as PlotError {
            throw PyException.valueError(e.description)
        }
        let target = ext == "" ? path + ".png" : path
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            var isDir: ObjCBool = false
            let dir = (target as NSString).deletingLastPathComponent
            if !dir.isEmpty && !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
                throw PyException(PandasErrors.fileNotFound, "[Errno 2] No such file or directory: '\(target)'")
            }
            throw PyException(PandasErrors.osError, "cannot write '\(target)'")
        }
    }
}
