import Foundation
import Plot

/// The drawing and decorating calls, each declared twice from one body: as a pyplot function
/// working on `gca()` (`plt.plot`, `plt.xlabel`) and as an `Axes` method (`ax.plot`,
/// `ax.set_xlabel`).
extension PyplotModule {
    /// Declares `matplotlib.pyplot.<name>(params)` and `Axes.<axesName>(self, params)`.
    static func both(_ r: BuiltinRegistry, _ name: String, axes axesName: String? = nil, _ params: String, doc: String,
                     _ body: @escaping (AxesObject, BoundArguments) throws -> Value) {
        let method = axesName ?? name
        r.add(["matplotlib.pyplot." + name], "\(name)(\(params))", doc: doc) { a in try body(try target(a), a) }
        r.add(["Axes." + method], "\(method)(self\(params.isEmpty ? "" : ", " + params))", doc: doc) { a in try body(try target(a), a) }
    }

    static func registerDrawing(_ r: BuiltinRegistry) {
        both(r, "plot", "*args, **kwargs",
             doc: "Draws y against x (or against 0..n-1) as lines: plot(x, y, 'r--', label='a', color=, linestyle=, marker=, linewidth=); several x, y, fmt groups; a 2-d y draws its columns.") { ax, a in
            let lines = try AxesDrawing.plot(ax.axes, a.varArgs, AxesDrawing.keywords(a), a.interp)
            return AxesDrawing.lineObjects(lines, ax.axes)
        }
        both(r, "scatter", "x, y, s=None, c=None, marker=None, **kwargs", doc: "Draws the points (x, y) as markers (default 'o').") { ax, a in
            _ = try AxesDrawing.scatter(ax.axes, a)
            return .object(ArtistObject(kind: "PathCollection", text: "<matplotlib.collections.PathCollection>"))
        }
        both(r, "hist", "x, bins=10, range=None, density=False, weights=None, cumulative=False, **kwargs",
             doc: "Counts x in bins (an int or the edges) and draws them as bars; returns (counts, edges, patches).") { ax, a in
            try AxesDrawing.hist(ax.axes, a)
        }
        both(r, "bar", "x, height, width=0.8, bottom=None, *, align='center', **kwargs",
             doc: "Draws bars of the given heights at x (numbers, or strings naming categories).") { ax, a in
            try AxesDrawing.bar(ax.axes, a)
        }
        both(r, "imshow", "X, cmap=None, *, vmin=None, vmax=None, **kwargs",
             doc: "Draws a 2-d array as a heat map (row 0 at the top); cmap: viridis, gray, Greys, Blues, Reds, hot.") { ax, a in
            try AxesDrawing.imshow(ax.axes, a)
        }
        both(r, "axhline", "y=0, xmin=0, xmax=1, **kwargs", doc: "A horizontal line across the axes at y (color=, linestyle=, label=).") { ax, a in
            try AxesDrawing.referenceLine(ax.axes, horizontal: true, a)
        }
        both(r, "axvline", "x=0, ymin=0, ymax=1, **kwargs", doc: "A vertical line across the axes at x (color=, linestyle=, label=).") { ax, a in
            try AxesDrawing.referenceLine(ax.axes, horizontal: false, a)
        }
        both(r, "text", "x, y, s, **kwargs", doc: "Writes the text s at the data position (x, y).") { ax, a in
            try AxesDrawing.text(ax.axes, a)
        }
    }

    static func registerDecorations(_ r: BuiltinRegistry) {
        func label(_ v: Value, _ interp: Interpreter) throws -> String? {
            let s = try AxesDrawing.string(v, interp)
            return s?.isEmpty == true ? nil : s
        }
        both(r, "xlabel", axes: "set_xlabel", "xlabel, **kwargs", doc: "Sets the x axis label (None clears it).") { ax, a in
            ax.axes.xlabel = try label(a["xlabel"], a.interp)
            return .object(ArtistObject(kind: "Text", text: "Text(0.5, 0, \(pyQuote(ax.axes.xlabel ?? "")))"))
        }
        both(r, "ylabel", axes: "set_ylabel", "ylabel, **kwargs", doc: "Sets the y axis label (None clears it).") { ax, a in
            ax.axes.ylabel = try label(a["ylabel"], a.interp)
            return .object(ArtistObject(kind: "Text", text: "Text(0, 0.5, \(pyQuote(ax.axes.ylabel ?? "")))"))
        }
        both(r, "title", axes: "set_title", "label, **kwargs", doc: "Sets the axes' title.") { ax, a in
            ax.axes.title = try label(a["label"], a.interp)
            return .object(ArtistObject(kind: "Text", text: "Text(0.5, 1.0, \(pyQuote(ax.axes.title ?? "")))"))
        }
        both(r, "legend", "*args, **kwargs",
             doc: "Shows a legend of the labelled artists, or legend(['a', 'b']) labels them in order; placed where it covers least (loc= is accepted).") { ax, a in
            let args = a.varArgs
            if let first = args.first, !first.isNone {
                ax.axes.legendLabels = try a.interp.iterate(first).map { try a.interp.str($0) }
            }
            ax.axes.legend = true
            if ax.axes.legendEntries().isEmpty {
                a.interp.errorOutput("UserWarning: No artists with labels found to put in legend.  Note that artists whose label start with an underscore are ignored when legend() is called with no argument.\n")
            }
            return .object(ArtistObject(kind: "Legend", text: "Legend"))
        }
        both(r, "grid", "visible=None, which='major', axis='both', **kwargs",
             doc: "Turns grid lines at the ticks on or off; grid() with no arguments toggles them.") { ax, a in
            if a["visible"].isNone {
                ax.axes.grid = a.varKeywords.isEmpty ? !ax.axes.grid : true
            } else {
                ax.axes.grid = try a.interp.truthy(a["visible"])
            }
            return .none
        }
        both(r, "xlim", axes: "set_xlim", "*args, **kwargs",
             doc: "Sets the x limits (xlim(lo, hi), xlim((lo, hi)), left=/right=; None keeps a side automatic) and returns them.") { ax, a in
            try limits(ax.axes, .x, a)
        }
        both(r, "ylim", axes: "set_ylim", "*args, **kwargs",
             doc: "Sets the y limits (ylim(lo, hi), ylim((lo, hi)), bottom=/top=; None keeps a side automatic) and returns them.") { ax, a in
            try limits(ax.axes, .y, a)
        }
        r.add(["Axes.get_xlim"], "get_xlim(self)", doc: "The x limits the axes show.") { a in
            let (x, _) = try target(a, draws: false).axes.viewLimits()
            return .tuple([.float(x.0), .float(x.1)])
        }
        r.add(["Axes.get_ylim"], "get_ylim(self)", doc: "The y limits the axes show.") { a in
            let ax = try target(a, draws: false).axes
            let (_, y) = ax.viewLimits()
            return ax.yInverted ? .tuple([.float(y.1), .float(y.0)]) : .tuple([.float(y.0), .float(y.1)])
        }
        both(r, "xscale", axes: "set_xscale", "value, **kwargs", doc: "The x axis scale: 'linear' or 'log'.") { ax, a in
            ax.axes.xscale = try scale(a["value"], a.interp)
            return .none
        }
        both(r, "yscale", axes: "set_yscale", "value, **kwargs", doc: "The y axis scale: 'linear' or 'log'.") { ax, a in
            ax.axes.yscale = try scale(a["value"], a.interp)
            return .none
        }
        both(r, "xticks", axes: "set_xticks", "ticks=None, labels=None, **kwargs", doc: "Fixes the x ticks (and their labels); xticks() with no arguments changes nothing.") { ax, a in
            if !a["ticks"].isNone {
                ax.axes.xticks = try PlotData.vector(a["ticks"], a.interp, what: "xticks()")
                ax.axes.xtickLabels = a["labels"].isNone ? nil : try a.interp.iterate(a["labels"]).map { try a.interp.str($0) }
                if let l = ax.axes.xtickLabels, l.count != ax.axes.xticks!.count {
                    throw PyException.valueError("The number of FixedLocator locations (\(ax.axes.xticks!.count)), usually from a call to set_ticks, does not match the number of labels (\(l.count)).")
                }
            }
            return .none
        }
        both(r, "cla", "", doc: "Clears the axes: artists, labels, limits, scales, legend, grid and the colour cycle.") { ax, _ in
            ax.axes.clear()
            return .none
        }
        r.add(["Axes.clear"], "clear(self)", doc: "Clears the axes (as cla()).") { a in
            try target(a).axes.clear()
            return .none
        }
        r.add(["Axes.set"], "set(self, **kwargs)", doc: "Sets several properties at once: xlabel, ylabel, title, xlim, ylim, xscale, yscale.") { a in
            let ax = try target(a).axes
            for (k, v) in a.varKeywords {
                switch k {
                case "xlabel": ax.xlabel = try label(v, a.interp)
                case "ylabel": ax.ylabel = try label(v, a.interp)
                case "title": ax.title = try label(v, a.interp)
                case "xlim": ax.xlim = try PlotData.pair(v, a.interp, what: "set()")
                case "ylim": ax.ylim = try PlotData.pair(v, a.interp, what: "set()")
                case "xscale": ax.xscale = try scale(v, a.interp)
                case "yscale": ax.yscale = try scale(v, a.interp)
                default: throw PyException(ExceptionTypes.attributeError, "Axes.set() got an unexpected keyword argument '\(k)'")
                }
            }
            return .none
        }
    }

    static func scale(_ v: Value, _ interp: Interpreter) throws -> AxisScale {
        let s = try interp.str(v)
        if let sc = AxisScale(rawValue: s) { return sc }
        let known = ["asinh", "function", "functionlog", "linear", "log", "logit", "mercator", "symlog"]
        if known.contains(s) { throw PyException.valueError("scale \(pyQuote(s)) is not drawn by tcalc; use 'linear' or 'log'") }
        throw PyException.valueError("\(pyQuote(s)) is not a valid value for scale; supported values are " + known.map(pyQuote).joined(separator: ", "))
    }

    /// `xlim`/`set_xlim` and the y versions: matplotlib's spellings of the two limits.
    static func limits(_ ax: Axes, _ axis: AxisName, _ a: BoundArguments) throws -> Value {
        let interp = a.interp
        var lo: Value = .none, hi: Value = .none
        var given = false
        let args = a.varArgs
        if args.count == 1 {
            if !args[0].isNone {
                let items = try interp.iterate(args[0])
                guard items.count == 2 else { throw PyException.valueError("limits must be a (low, high) pair, got \(items.count) values") }
                (lo, hi) = (items[0], items[1])
                given = true
            }
        } else if args.count == 2 {
            (lo, hi) = (args[0], args[1])
            given = true
        } else if args.count > 2 {
            throw PyException.typeError("\(a.builtin.name)() takes at most 2 positional arguments (\(args.count) given)")
        }
        let names = axis == .x ? ("left", "right", "xmin", "xmax") : ("bottom", "top", "ymin", "ymax")
        for (k, v) in a.varKeywords {
            switch k {
            case names.0, names.2: lo = v; given = true
            case names.1, names.3: hi = v; given = true
            case "emit", "auto": break
            default: throw PyException.typeError("\(a.builtin.name)() got an unexpected keyword argument '\(k)'")
            }
        }
        if given {
            let l = lo.isNone ? nil : try PlotData.number(lo, interp, what: a.builtin.name + "()")
            let h = hi.isNone ? nil : try PlotData.number(hi, interp, what: a.builtin.name + "()")
            for v in [l, h] { if let v, !v.isFinite { throw PyException.valueError("Axis limits cannot be NaN or Inf") } }
            if axis == .x {
                ax.xlim = (l ?? ax.xlim.0, h ?? ax.xlim.1)
            } else {
                ax.ylim = (l ?? ax.ylim.0, h ?? ax.ylim.1)
            }
        }
        let (x, y) = ax.viewLimits()
        let r = axis == .x ? x : (ax.yInverted ? (y.1, y.0) : y)
        return .tuple([.float(r.0), .float(r.1)])
    }
}
