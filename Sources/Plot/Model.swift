import Foundation

/// A polyline with optional markers: what `plot` draws (matplotlib's `Line2D`).
public struct Line {
    public var xs: [Double]
    public var ys: [Double]
    public var color: RGB
    public var lineStyle: LineStyle
    public var marker: Marker?
    public var lineWidth: Double
    public var label: String?

    public init(xs: [Double], ys: [Double], color: RGB, lineStyle: LineStyle = .solid, marker: Marker? = nil,
                lineWidth: Double = 1.5, label: String? = nil) {
        self.xs = xs
        self.ys = ys
        self.color = color
        self.lineStyle = lineStyle
        self.marker = marker
        self.lineWidth = lineWidth
        self.label = label
    }
}

/// Rectangles standing on a baseline: `bar` and `hist` (matplotlib's `BarContainer`).
public struct Bars {
    /// Left edges, widths, bottoms and heights, one per bar.
    public var lefts: [Double]
    public var widths: [Double]
    public var bottoms: [Double]
    public var heights: [Double]
    public var color: RGB
    public var label: String?

    public init(lefts: [Double], widths: [Double], bottoms: [Double], heights: [Double], color: RGB, label: String? = nil) {
        self.lefts = lefts
        self.widths = widths
        self.bottoms = bottoms
        self.heights = heights
        self.color = color
        self.label = label
    }
}

/// A matrix drawn as coloured cells (`imshow`), row 0 at the top as matplotlib's default
/// `origin='upper'`.
public struct HeatMap {
    public var rows: Int
    public var columns: Int
    /// Row-major values; NaN cells stay blank.
    public var values: [Double]
    public var vmin: Double?
    public var vmax: Double?
    public var colormap: Colormap

    public init(rows: Int, columns: Int, values: [Double], vmin: Double? = nil, vmax: Double? = nil, colormap: Colormap = .viridis) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.vmin = vmin
        self.vmax = vmax
        self.colormap = colormap
    }

    /// The value range the colours span: vmin/vmax, else the finite data's.
    public var range: (Double, Double) {
        let finite = values.filter(\.isFinite)
        let lo = vmin ?? finite.min() ?? 0, hi = vmax ?? finite.max() ?? 1
        return (lo, hi)
    }

    /// A cell's colour, nil for NaN.
    public func color(row: Int, column: Int) -> RGB? {
        let v = values[row * columns + column]
        guard !v.isNaN else { return nil }
        let (lo, hi) = range
        let t = hi > lo ? (v - lo) / (hi - lo) : 0.5
        return colormap.color(at: t)
    }
}

/// A horizontal or vertical line across the axes at a data value (`axhline`, `axvline`).
public struct ReferenceLine {
    public var horizontal: Bool
    public var value: Double
    public var color: RGB
    public var lineStyle: LineStyle
    public var lineWidth: Double
    public var label: String?

    public init(horizontal: Bool, value: Double, color: RGB, lineStyle: LineStyle = .solid, lineWidth: Double = 1.5, label: String? = nil) {
        self.horizontal = horizontal
        self.value = value
        self.color = color
        self.lineStyle = lineStyle
        self.lineWidth = lineWidth
        self.label = label
    }
}

/// Text at a data position (`text`).
public struct TextLabel {
    public var x: Double
    public var y: Double
    public var text: String
    public var color: RGB

    public init(x: Double, y: Double, text: String, color: RGB = .black) {
        self.x = x
        self.y = y
        self.text = text
        self.color = color
    }
}

/// One thing drawn in an axes, in drawing order.
public enum Artist {
    case line(Line)
    /// `scatter`: markers without a connecting line.
    case scatter(Line)
    case bars(Bars)
    case image(HeatMap)
    case reference(ReferenceLine)
    case text(TextLabel)

    /// The legend entry's label; matplotlib skips labels starting with `_`.
    var legendLabel: String? {
        let label: String?
        switch self {
        case .line(let l), .scatter(let l): label = l.label
        case .bars(let b): label = b.label
        case .reference(let r): label = r.label
        case .image, .text: label = nil
        }
        guard let l = label, !l.hasPrefix("_") else { return nil }
        return l
    }
}

/// How an axis maps data to position.
public enum AxisScale: String {
    case linear
    case log
}

/// One plotting area with its artists, labels, limits, scales, grid and legend (matplotlib's
/// `Axes`). A class: pyplot's `gca()` and the `Axes` objects of `subplots` share it.
public final class Axes {
    public var artists: [Artist] = []
    public var title: String?
    public var xlabel: String?
    public var ylabel: String?
    /// Explicit limits; a nil side is autoscaled.
    public var xlim: (Double?, Double?) = (nil, nil)
    public var ylim: (Double?, Double?) = (nil, nil)
    public var xscale: AxisScale = .linear
    public var yscale: AxisScale = .linear
    public var grid = false
    /// Whether `legend()` was called.
    public var legend = false
    /// Labels given to `legend([...])`, applied to the artists in order.
    public var legendLabels: [String]?
    /// Where the next unstyled series takes its colour in the cycle.
    public var cycleIndex = 0
    /// Fixed x ticks and their labels (`bar` with categories, `xticks(ticks, labels)`).
    public var xticks: [Double]?
    public var xtickLabels: [String]?

    public init() {}

    /// The next colour of matplotlib's property cycle.
    public func nextColor() -> RGB {
        defer { cycleIndex += 1 }
        return RGB.cycle[cycleIndex % RGB.cycle.count]
    }

    /// Clears the axes (`cla()`): artists, labels, limits, scales and the colour cycle.
    public func clear() {
        artists = []
        title = nil
        xlabel = nil
        ylabel = nil
        xlim = (nil, nil)
        ylim = (nil, nil)
        xscale = .linear
        yscale = .linear
        grid = false
        legend = false
        legendLabels = nil
        cycleIndex = 0
        xticks = nil
        xtickLabels = nil
    }

    /// The legend's entries: (label, index into `artists`) for every labelled artist, or the
    /// `legend([...])` labels given to the artists in order.
    public func legendEntries() -> [(String, Int)] {
        if let labels = legendLabels {
            let drawable = artists.indices.filter { i in
                if case .text = artists[i] { return false }
                if case .image = artists[i] { return false }
                return true
            }
            return zip(labels, drawable).map { ($0, $1) }
        }
        return artists.indices.compactMap { i in artists[i].legendLabel.map { ($0, i) } }
    }

    /// The limits the axes show: explicit limits, else the data's with matplotlib's margins.
    public func viewLimits() -> (x: (Double, Double), y: (Double, Double)) {
        let auto = Autoscale(axes: self)
        return (auto.limits(for: .x), auto.limits(for: .y))
    }

    /// Whether the y axis runs downwards (an image with origin='upper' and no explicit ylim).
    public var yInverted: Bool {
        artists.contains { if case .image = $0 { return true }; return false } && ylim.0 == nil && ylim.1 == nil
    }
}

/// A figure: a grid of axes and a size in inches (matplotlib's `Figure`).
public final class Figure {
    /// `figsize` in inches (matplotlib's default 6.4 × 4.8).
    public var width: Double
    public var height: Double
    public var rows: Int
    public var columns: Int
    /// Row-major, `rows * columns` of them (a figure made by `figure()` starts with none).
    public var axes: [Axes]
    public var suptitle: String?

    public init(width: Double = 6.4, height: Double = 4.8, rows: Int = 1, columns: Int = 1, withAxes: Bool = true) {
        self.width = width
        self.height = height
        self.rows = max(1, rows)
        self.columns = max(1, columns)
        axes = withAxes ? (0..<(self.rows * self.columns)).map { _ in Axes() } : []
    }

    /// The axes drawing goes to when none is named: the last one, made on first use.
    public func currentAxes() -> Axes {
        if let a = axes.last { return a }
        let a = Axes()
        axes = [a]
        rows = 1
        columns = 1
        return a
    }

    /// Whether anything would be drawn.
    public var isEmpty: Bool { axes.allSatisfy { $0.artists.isEmpty && $0.title == nil } }
}
