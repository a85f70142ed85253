import Foundation
import Plot

/// What the drawing calls do to an `Axes`, shared by pyplot's functions (on `gca()`) and the
/// `Axes` methods: matplotlib's argument rules for `plot`, `scatter`, `hist`, `bar`, `imshow`,
/// `axhline`/`axvline` and `text`.
enum AxesDrawing {
    /// Keyword arguments matplotlib's artists take that tcalc accepts without drawing them.
    static let ignoredKeywords: Set<String> = [
        "alpha", "zorder", "markersize", "ms", "markerfacecolor", "mfc", "markeredgecolor", "mec",
        "markeredgewidth", "mew", "drawstyle", "antialiased", "aa", "dashes", "solid_capstyle",
        "dash_capstyle", "clip_on", "scalex", "scaley", "data", "rasterized", "picker", "fillstyle",
        "edgecolor", "edgecolors", "ec", "linewidths", "cmap", "norm", "interpolation", "aspect",
        "extent", "origin", "rwidth", "histtype", "align", "log", "orientation", "fontsize", "size",
        "ha", "va", "horizontalalignment", "verticalalignment", "fontweight", "transform", "s",
    ]

    static func keywords(_ a: BoundArguments) -> [String: Value] {
        var d: [String: Value] = [:]
        for (k, v) in a.varKeywords { d[k] = v }
        return d
    }

    static func checkKeywords(_ kw: [String: Value], known: Set<String>, artist: String) throws {
        for k in kw.keys.sorted() where !known.contains(k) && !ignoredKeywords.contains(k) {
            throw PyException(ExceptionTypes.attributeError, "\(artist).set() got an unexpected keyword argument '\(k)'")
        }
    }

    static func string(_ v: Value?, _ interp: Interpreter) throws -> String? {
        guard let v, !v.isNone else { return nil }
        return try interp.str(v)
    }

    static func color(_ v: Value?, _ interp: Interpreter) throws -> RGB? {
        guard let v, !v.isNone else { return nil }
        if case .str(let s) = v {
            guard let c = RGB.parse(s) else { throw PyException.valueError("\(pyQuote(s)) is not a valid color value.") }
            return c
        }
        let parts = try PlotData.vector(v, interp, what: "color")
        guard parts.count == 3 || parts.count == 4, parts.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw PyException.valueError("\(try interp.repr(v)) is not a valid color value.")
        }
        return RGB(parts[0], parts[1], parts[2])
    }

    static func lineStyle(_ v: Value?, _ interp: Interpreter) throws -> LineStyle? {
        guard let v, !v.isNone else { return nil }
        let s = try interp.str(v)
        guard let style = LineStyle.parse(s) else {
            throw PyException.valueError("\(pyQuote(s)) is not a valid value for ls; supported values are '-', '--', '-.', ':', 'None', ' ', '', 'solid', 'dashed', 'dashdot', 'dotted'")
        }
        return style
    }

    static func marker(_ v: Value?, _ interp: Interpreter) throws -> Marker?? {
        guard let v else { return nil }
        if v.isNone { return .some(nil) }
        let s = try interp.str(v)
        if s == "None" || s == "" || s == " " { return .some(nil) }
        guard let m = Marker.parse(s) else { throw PyException.valueError("Unrecognized marker style \(pyQuote(s))") }
        return .some(m)
    }

    static func format(_ s: String) throws -> FormatString {
        do { return try FormatString(s) } catch let e as PlotError { throw PyException.valueError(e.description) }
    }

    /// `plot(*args, **kwargs)`: `[x], y, [fmt]` groups; a 2-d y draws one line per column.
    static func plot(_ axes: Axes, _ args: [Value], _ kw: [String: Value], _ interp: Interpreter) throws -> [Line] {
        try checkKeywords(kw, known: ["label", "color", "c", "linestyle", "ls", "marker", "linewidth", "lw"], artist: "Line2D")
        var groups: [(Value?, Value, String?)] = []
        var i = 0
        while i < args.count {
            if case .str = args[i] { throw PyException.valueError("plot(): a format string must follow the data it styles") }
            var x: Value? = nil
            let y: Value
            if i + 1 < args.count, !isString(args[i + 1]) {
                x = args[i]
                y = args[i + 1]
                i += 2
            } else {
                y = args[i]
                i += 1
            }
            var fmt: String? = nil
            if i < args.count, case .str(let s) = args[i] { fmt = s; i += 1 }
            groups.append((x, y, fmt))
        }
        let label = try string(kw["label"], interp)
        let kwColor = try color(kw["color"] ?? kw["c"], interp)
        let kwStyle = try lineStyle(kw["linestyle"] ?? kw["ls"], interp)
        let kwMarker = try marker(kw["marker"], interp)
        let width = try (kw["linewidth"] ?? kw["lw"]).map { try PlotData.number($0, interp, what: "linewidth") } ?? 1.5
        var lines: [Line] = []
        for (xv, yv, fmt) in groups {
            let y = try PlotData.array(yv, interp, what: "plot()")
            let ycols = y.columns
            let n = y.rank == 0 ? 1 : y.shape[0]
            var xcols: [[Double]]
            if let xv {
                let x = try PlotData.array(xv, interp, what: "plot()")
                let xn = x.rank == 0 ? 1 : x.shape[0]
                guard xn == n else {
                    throw PyException.valueError("x and y must have same first dimension, but have shapes \(shapeText(x.shape)) and \(shapeText(y.shape))")
                }
                xcols = x.columns
                guard xcols.count == 1 || ycols.count == 1 || xcols.count == ycols.count else {
                    throw PyException.valueError("x has \(xcols.count) columns but y has \(ycols.count) columns")
                }
            } else {
                xcols = [(0..<n).map(Double.init)]
            }
            let f = try fmt.map(format)
            let count = max(xcols.count, ycols.count)
            for k in 0..<count {
                let c = kwColor ?? f?.color ?? axes.nextColor()
                var style = kwStyle ?? f?.lineStyle ?? .solid
                var m: Marker? = f?.marker
                if let km = kwMarker { m = km }
                if kwStyle == nil && f?.lineStyle == nil && m != nil && fmt != nil { style = LineStyle.none }
                let line = Line(xs: xcols[xcols.count == 1 ? 0 : k], ys: ycols[ycols.count == 1 ? 0 : k], color: c,
                                lineStyle: style, marker: m, lineWidth: width, label: label)
                axes.artists.append(.line(line))
                lines.append(line)
            }
        }
        return lines
    }

    static func isString(_ v: Value) -> Bool { if case .str = v { return true }; return false }

    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// `scatter(x, y, s=None, c=None, marker=None, *, label=None, color=None)`.
    static func scatter(_ axes: Axes, _ a: BoundArguments) throws -> Line {
        let kw = keywords(a)
        try checkKeywords(kw, known: ["label", "color"], artist: "PathCollection")
        let xs = try PlotData.vector(a["x"], a.interp, what: "scatter()")
        let ys = try PlotData.vector(a["y"], a.interp, what: "scatter()")
        guard xs.count == ys.count else { throw PyException.valueError("x and y must be the same size") }
        var c: RGB? = try color(kw["color"], a.interp)
        if c == nil, case .str = a["c"] { c = try color(a["c"], a.interp) }
        let m = try marker(a["marker"], a.interp) ?? .circle
        let line = Line(xs: xs, ys: ys, color: c ?? axes.nextColor(), lineStyle: LineStyle.none, marker: m ?? .circle,
                        label: try string(kw["label"], a.interp))
        axes.artists.append(.scatter(line))
        return line
    }

    /// `hist(x, bins=10, range=None, density=False, weights=None, cumulative=False, ...)`:
    /// counts per bin (the last bin closed on the right, as NumPy's histogram), drawn as bars.
    static func hist(_ axes: Axes, _ a: BoundArguments) throws -> Value {
        let kw = keywords(a)
        try checkKeywords(kw, known: ["label", "color"], artist: "Rectangle")
        let interp = a.interp
        let data = try PlotData.vector(a["x"], interp, what: "hist()").filter { !$0.isNaN }
        let weights = a["weights"].isNone ? nil : try PlotData.vector(a["weights"], interp, what: "hist()")
        if let w = weights, w.count != data.count { throw PyException.valueError("weights should have the same shape as x") }
        var edges: [Double]
        if let n = try interp.asIndex(a["bins"]) {
            guard n >= 1 else { throw PyException.valueError("`bins` must be positive, when an integer") }
            var lo: Double, hi: Double
            if a["range"].isNone {
                lo = data.filter(\.isFinite).min() ?? 0
                hi = data.filter(\.isFinite).max() ?? 1
            } else {
                let r = try PlotData.pair(a["range"], interp, what: "hist()")
                lo = r.0 ?? 0
                hi = r.1 ?? 1
                guard lo <= hi else { throw PyException.valueError("max must be larger than min in range parameter.") }
            }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
        } else {
            edges = try PlotData.vector(a["bins"], interp, what: "hist()")
            guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw PyException.valueError("`bins` must increase monotonically, when an array")
            }
        }
        let nb = edges.count - 1
        var counts = [Double](repeating: 0, count: nb)
        let uniform = edges.count > 2 && zip(edges, edges.dropFirst()).allSatisfy { abs(($1 - $0) - (edges[1] - edges[0])) <= 1e-12 * max(1, abs(edges[1] - edges[0])) }
        for (k, v) in data.enumerated() where v >= edges[0] && v <= edges[nb] {
            var b: Int
            if uniform {
                b = min(nb - 1, Int((v - edges[0]) / (edges[nb] - edges[0]) * Double(nb)))
                // Rounding can land a value one bin off its true edges; correct it.
                while b > 0 && v < edges[b] { b -= 1 }
                while b < nb - 1 && v >= edges[b + 1] { b += 1 }
            } else {
                b = nb - 1
                for j in 0..<nb where v < edges[j + 1] { b = j; break }
            }
            counts[b] += weights?[k] ?? 1
        }
        if try a.bool("cumulative") { for j in 1..<max(1, nb) where nb > 1 { counts[j] += counts[j - 1] } }
        if try a.bool("density") {
            let total = counts.reduce(0, +)
            if try a.bool("cumulative") {
                counts = counts.map { total > 0 ? $0 / (counts.last ?? 1) : $0 }
            } else {
                counts = (0..<nb).map { total > 0 ? counts[$0] / total / (edges[$0 + 1] - edges[$0]) : counts[$0] }
            }
        }
        let c = try color(kw["color"], interp) ?? axes.nextColor()
        let widths = (0..<nb).map { edges[$0 + 1] - edges[$0] }
        axes.artists.append(.bars(Bars(lefts: Array(edges.dropLast()), widths: widths, bottoms: Array(repeating: 0, count: nb),
                                       heights: counts, color: c, label: try string(kw["label"], interp))))
        let patches: Value = .object(ArtistObject(kind: "BarContainer", text: "<BarContainer object of \(nb) artists>"))
        return .tuple([try PlotData.makeArray(counts), try PlotData.makeArray(edges), patches])
    }

    /// `bar(x, height, width=0.8, bottom=None, *, align='center', ...)`; string x values are
    /// categories at 0, 1, 2… labelled on the axis.
    static func bar(_ axes: Axes, _ a: BoundArguments) throws -> Value {
        let kw = keywords(a)
        try checkKeywords(kw, known: ["label", "color", "tick_label"], artist: "Rectangle")
        let interp = a.interp
        var xs: [Double]
        var categories: [String]? = nil
        let xItems = (try? interp.iterate(a["x"])) ?? []
        if !xItems.isEmpty && xItems.allSatisfy(isString) {
            categories = try xItems.map { try interp.str($0) }
            xs = (0..<xItems.count).map(Double.init)
        } else {
            xs = try PlotData.vector(a["x"], interp, what: "bar()")
        }
        var heights = try PlotData.vector(a["height"], interp, what: "bar()")
        func broadcast(_ v: [Double], _ name: String) throws -> [Double] {
            if v.count == 1 { return Array(repeating: v[0], count: max(xs.count, heights.count)) }
            return v
        }
        if xs.count == 1 && heights.count > 1 { xs = Array(repeating: xs[0], count: heights.count) }
        heights = try broadcast(heights, "height")
        guard xs.count == heights.count else {
            throw PyException.valueError("shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (\(xs.count),) and arg 1 with shape (\(heights.count),).")
        }
        let widths = try broadcast(try PlotData.vector(a["width"], interp, what: "bar()"), "width")
        let bottoms = a["bottom"].isNone ? Array(repeating: 0.0, count: xs.count) : try broadcast(try PlotData.vector(a["bottom"], interp, what: "bar()"), "bottom")
        guard widths.count == xs.count, bottoms.count == xs.count else { throw PyException.valueError("shape mismatch: objects cannot be broadcast to a single shape.") }
        let edge = (try a.string("align")) == "edge"
        let lefts = zip(xs, widths).map { edge ? $0 : $0 - $1 / 2 }
        let c = try color(kw["color"], interp) ?? axes.nextColor()
        axes.artists.append(.bars(Bars(lefts: lefts, widths: widths, bottoms: bottoms, heights: heights, color: c, label: try string(kw["label"], interp))))
        if let tick = kw["tick_label"] { categories = try interp.iterate(tick).map { try interp.str($0) } }
        if let categories {
            axes.xticks = xs
            axes.xtickLabels = categories
        }
        return .object(ArtistObject(kind: "BarContainer", text: "<BarContainer object of \(xs.count) artists>"))
    }

    /// `imshow(X, cmap=None, *, vmin=None, vmax=None)`: a 2-d array as a heat map.
    static func imshow(_ axes: Axes, _ a: BoundArguments) throws -> Value {
        let interp = a.interp
        let m = try PlotData.array(a["X"], interp, what: "imshow()", maxRank: 3)
        guard m.rank == 2 else {
            throw PyException.typeError("Invalid shape \(shapeText(m.shape)) for image data\(m.rank == 3 ? " (tcalc draws 2-d arrays only, not RGB images)" : "")")
        }
        var cmap = Colormap.viridis
        if !a["cmap"].isNone {
            let name = try interp.str(a["cmap"])
            guard let c = Colormap(rawValue: name) else {
                throw PyException.valueError("\(pyQuote(name)) is not a valid value for cmap; tcalc supports: " + Colormap.allCases.map { pyQuote($0.rawValue) }.joined(separator: ", "))
            }
            cmap = c
        }
        let vmin = try a.optionalDouble("vmin"), vmax = try a.optionalDouble("vmax")
        axes.artists.append(.image(HeatMap(rows: m.shape[0], columns: m.shape[1], values: m.values, vmin: vmin, vmax: vmax, colormap: cmap)))
        return .object(ArtistObject(kind: "AxesImage", text: "AxesImage(shape=(\(m.shape[0]), \(m.shape[1])))"))
    }

    /// `axhline(y=0, ...)` / `axvline(x=0, ...)`: default colour C0, not taken from the cycle.
    static func referenceLine(_ axes: Axes, horizontal: Bool, _ a: BoundArguments) throws -> Value {
        let kw = keywords(a)
        try checkKeywords(kw, known: ["label", "color", "c", "linestyle", "ls", "linewidth", "lw"], artist: "Line2D")
        let v = try PlotData.number(a[horizontal ? "y" : "x"], a.interp, what: horizontal ? "axhline()" : "axvline()")
        let c = try color(kw["color"] ?? kw["c"], a.interp) ?? RGB.cycle[0]
        let style = try lineStyle(kw["linestyle"] ?? kw["ls"], a.interp) ?? .solid
        let width = try (kw["linewidth"] ?? kw["lw"]).map { try PlotData.number($0, a.interp, what: "linewidth") } ?? 1.5
        let label = try string(kw["label"], a.interp)
        axes.artists.append(.reference(ReferenceLine(horizontal: horizontal, value: v, color: c, lineStyle: style, lineWidth: width, label: label)))
        return .object(ArtistObject(kind: "Line2D", text: "Line2D(\(label ?? "_child\(axes.artists.count - 1)"))"))
    }

    /// `text(x, y, s)`.
    static func text(_ axes: Axes, _ a: BoundArguments) throws -> Value {
        let kw = keywords(a)
        try checkKeywords(kw, known: ["color"], artist: "Text")
        let x = try PlotData.number(a["x"], a.interp, what: "text()"), y = try PlotData.number(a["y"], a.interp, what: "text()")
        let s = try a.interp.str(a["s"])
        axes.artists.append(.text(TextLabel(x: x, y: y, text: s, color: try color(kw["color"], a.interp) ?? .black)))
        return .object(ArtistObject(kind: "Text", text: "Text(\(fmt(x)), \(fmt(y)), \(pyQuote(s)))"))
    }

    /// Python's repr of a float the way matplotlib's Text repr shows positions (`0.5`, `0`).
    static func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Line2D objects as `plot` returns them: `Line2D(label)`, or `_childN` when unlabelled.
    static func lineObjects(_ lines: [Line], _ axes: Axes) -> Value {
        let start = axes.artists.count - lines.count
        return .list(PyList(lines.enumerated().map { (k, l) in
            .object(ArtistObject(kind: "Line2D", text: "Line2D(\(l.label ?? "_child\(start + k)"))"))
        }))
    }
}
