import Foundation
import Plot

/// A matplotlib `Figure` as a Python object; its methods are `Figure.*` entries in the builtin
/// table (see PyplotModule.swift).
final class FigureObject: PyObject {
    let figure: Figure
    /// pyplot's figure number (`plt.figure(1)`).
    let number: Int
    /// One Python object per Axes, so that `fig.axes[0] is plt.gca()`.
    var axesObjects: [ObjectIdentifier: AxesObject] = [:]
    /// The axes pyplot draws on in this figure (`subplot` and `sca` change it).
    var currentAxes: Axes?

    init(_ figure: Figure, number: Int) {
        self.figure = figure
        self.number = number
    }

    var typeName: String { "Figure" }
    func repr(_ interp: Interpreter) throws -> String {
        let w = Int((figure.width * 100).rounded()), h = Int((figure.height * 100).rounded())
        return "<Figure size \(w)x\(h) with \(figure.axes.count) Axes>"
    }
    func str(_ interp: Interpreter) throws -> String {
        "Figure(\(Int((figure.width * 100).rounded()))x\(Int((figure.height * 100).rounded())))"
    }

    func object(for axes: Axes) -> AxesObject {
        if let o = axesObjects[ObjectIdentifier(axes)] { return o }
        let o = AxesObject(axes, figure: self)
        axesObjects[ObjectIdentifier(axes)] = o
        return o
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "axes": return .list(PyList(figure.axes.map { .object(object(for: $0)) }))
        case "number": return .int(number)
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["axes", "number"] }
}

/// A matplotlib `Axes`; methods are `Axes.*` entries.
final class AxesObject: PyObject {
    let axes: Axes
    unowned let figure: FigureObject

    init(_ axes: Axes, figure: FigureObject) {
        self.axes = axes
        self.figure = figure
    }

    var typeName: String { "Axes" }
    func repr(_ interp: Interpreter) throws -> String {
        var parts: [String] = []
        if let t = axes.title { parts.append("title={'center': \(pyQuote(t))}") }
        if let l = axes.xlabel { parts.append("xlabel=\(pyQuote(l))") }
        if let l = axes.ylabel { parts.append("ylabel=\(pyQuote(l))") }
        return "<Axes: " + parts.joined(separator: ", ") + ">"
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "figure" ? .object(figure) : nil
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["figure"] }
}

/// Python's repr of a string, for the reprs matplotlib prints.
func pyQuote(_ s: String) -> String {
    s.contains("'") && !s.contains("\"") ? "\"\(s)\"" : "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'"
}

/// `subplots`' grid of axes: a 1-d or 2-d object array as NumPy's, indexable by `i`, `[i, j]` or
/// `[i][j]`, iterable, with `shape`, `flat`, `flatten()` and `ravel()`.
final class AxesArray: PyObject {
    let items: [Value]
    let shape: [Int]

    init(items: [Value], shape: [Int]) {
        self.items = items
        self.shape = shape
    }

    var typeName: String { "ndarray" }

    func rows() -> [Value] {
        guard shape.count == 2 else { return items }
        return (0..<shape[0]).map { r in .object(AxesArray(items: Array(items[(r * shape[1])..<((r + 1) * shape[1])]), shape: [shape[1]])) }
    }

    func repr(_ interp: Interpreter) throws -> String {
        func list(_ vs: [Value]) throws -> String { "[" + (try vs.map { try interp.repr($0) }).joined(separator: ", ") + "]" }
        if shape.count == 2 {
            let rowTexts = try (0..<shape[0]).map { r in try list(Array(items[(r * shape[1])..<((r + 1) * shape[1])])) }
            return "array([" + rowTexts.joined(separator: ",\n       ") + "], dtype=object)"
        }
        return "array(" + (try list(items)) + ", dtype=object)"
    }

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        func index(_ v: Value, _ n: Int) throws -> Int {
            guard let i = try interp.asIndex(v) else { throw PyException.typeError("only integers can index an array of Axes") }
            let k = i < 0 ? i + n : i
            guard k >= 0 && k < n else { throw PyException(ExceptionTypes.indexError, "index \(i) is out of bounds for axis 0 with size \(n)") }
            return k
        }
        if case .tuple(let parts) = key {
            guard parts.count == shape.count else { throw PyException(ExceptionTypes.indexError, "too many indices for array: array is \(shape.count)-dimensional, but \(parts.count) were indexed") }
            if shape.count == 2 { return items[try index(parts[0], shape[0]) * shape[1] + (try index(parts[1], shape[1]))] }
            return items[try index(parts[0], shape[0])]
        }
        let all = rows()
        return all[try index(key, all.count)]
    }

    func length(_ interp: Interpreter) throws -> Int? { shape[0] }
    func iterate(_ interp: Interpreter) throws -> [Value]? { rows() }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(shape.map { .int($0) })
        case "ndim": return .int(shape.count)
        case "size": return .int(items.count)
        case "flat": return .list(PyList(items))
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["flat", "ndim", "shape", "size"] }
}

/// What drawing calls return: `Line2D`, `Text`, `Legend`, `BarContainer`, `AxesImage`,
/// `PathCollection`. They print as matplotlib's `str()` shows them, which, unlike the default
/// repr, carries no memory address, so sessions print the same every time.
final class ArtistObject: PyObject {
    let kind: String
    let text: String

    init(kind: String, text: String) {
        self.kind = kind
        self.text = text
    }

    var typeName: String { kind }
    func repr(_ interp: Interpreter) throws -> String { text }
}

/// `plt.rcParams` / `matplotlib.rcParams`: a dict-like of settings, kept per session. Only
/// `figure.figsize` (and `figure.dpi`) change what tcalc draws; other keys are stored and read
/// back so that configuration code runs.
final class RcParams: PyObject {
    var typeName: String { "RcParams" }

    func settings(_ interp: Interpreter) -> PyDict { PyplotState.of(interp).rcParams }

    func repr(_ interp: Interpreter) throws -> String { try interp.repr(.dict(settings(interp))) }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if let v = try settings(interp).get(key) { return v }
        throw PyException(ExceptionTypes.keyError, try interp.repr(key) + " is not a valid rc parameter (see rcParams.keys() for a list of valid parameters)")
    }
    func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        if case .str("figure.figsize") = key {
            let pair = try interp.iterate(value)
            guard pair.count == 2 else { throw PyException.valueError("Key figure.figsize: Expected 2 values, got \(pair.count)") }
            let w = try PlotData.number(pair[0], interp, what: "figure.figsize"), h = try PlotData.number(pair[1], interp, what: "figure.figsize")
            guard w > 0, h > 0, w.isFinite, h.isFinite else { throw PyException.valueError("Key figure.figsize: figure size must be positive finite, not (\(w), \(h))") }
            try settings(interp).set(key, .list(PyList([.float(w), .float(h)])))
            return
        }
        try settings(interp).set(key, value)
    }
    func length(_ interp: Interpreter) throws -> Int? { settings(interp).count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { settings(interp).keys }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? { try settings(interp).contains(other) }
}
