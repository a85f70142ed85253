import Foundation

/// One curve or point cloud of a figure.
public struct PlotSeries {
    public enum Style: String { case line, scatter }
    public var xs: [Double]
    public var ys: [Double]
    public var label: String?
    public var style: Style

    public init(xs: [Double], ys: [Double], label: String? = nil, style: Style = .line) {
        self.xs = xs
        self.ys = ys
        self.label = label
        self.style = style
    }
}

/// What to draw: series plus axis labels, limits, title and size. Rendered as braille text for
/// the terminal (`render`) or as an SVG file (`svg`).
public struct Figure {
    public var series: [PlotSeries] = []
    public var title: String?
    public var xlabel: String?
    public var ylabel: String?
    public var xlim: (Double, Double)?
    public var ylim: (Double, Double)?
    /// Size of the plotting area in characters (the axes and labels come on top).
    public var width = 60
    public var height = 15

    public init() {}

    static let ansiColors = ["\u{1b}[34m", "\u{1b}[31m", "\u{1b}[32m", "\u{1b}[35m", "\u{1b}[33m", "\u{1b}[36m"]
    static let svgColors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"]

    /// Data limits over every finite point, widened when degenerate.
    func limits() throws -> (x: (Double, Double), y: (Double, Double)) {
        var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
        for s in series {
            guard s.xs.count == s.ys.count else {
                throw PlotError("x and y must have the same length, got \(s.xs.count) and \(s.ys.count)")
            }
            for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite {
                xlo = min(xlo, x); xhi = max(xhi, x); ylo = min(ylo, y); yhi = max(yhi, y)
            }
        }
        if !xlo.isFinite { throw PlotError("nothing to plot: no finite points") }
        func widen(_ lo: Double, _ hi: Double, margin: Double) -> (Double, Double) {
            if lo < hi {
                // matplotlib's default: data limits plus a margin on each side.
                let pad = (hi - lo) * margin
                return (lo - pad, hi + pad)
            }
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            return (lo - pad, hi + pad)
        }
        return (xlim ?? widen(xlo, xhi, margin: 0), ylim ?? widen(ylo, yhi, margin: 0.05))
    }

    /// The figure as lines of text: title, y ticks on the left, braille plot area, x axis with
    /// ticks, x label and a legend. Colours are ANSI escapes when `color` is true.
    public func render(color: Bool = false) throws -> String {
        let (xr, yr) = try limits()
        var canvas = BrailleCanvas(columns: width, rows: height)
        func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
            let fx = (x - xr.0) / (xr.1 - xr.0) * Double(canvas.dotWidth - 1)
            let fy = (yr.1 - y) / (yr.1 - yr.0) * Double(canvas.dotHeight - 1)
            return (Int(fx.rounded()), Int(fy.rounded()))
        }
        for (k, s) in series.enumerated() {
            var previous: (x: Int, y: Int)?
            for (x, y) in zip(s.xs, s.ys) {
                guard x.isFinite && y.isFinite else { previous = nil; continue }
                // Clamp far-away points so a segment toward them is still drawn toward the edge.
                let p = dot(min(max(x, xr.0 - (xr.1 - xr.0)), xr.1 + (xr.1 - xr.0)),
                            min(max(y, yr.0 - (yr.1 - yr.0)), yr.1 + (yr.1 - yr.0)))
                if s.style == .line, let q = previous { canvas.line(from: q, to: p, series: k) } else { canvas.set(x: p.x, y: p.y, series: k) }
                previous = p
            }
        }
        let plotLines = canvas.lines(colors: color ? Figure.ansiColors : nil)

        // Y ticks: each tick value goes on the text row nearest to it.
        let yticks = Ticks.nice(low: yr.0, high: yr.1, count: max(3, height / 4 + 1))
        let ylabels = Ticks.labels(yticks)
        var rowLabel = [String?](repeating: nil, count: height)
        for (v, text) in zip(yticks, ylabels) {
            let row = Int(((yr.1 - v) / (yr.1 - yr.0) * Double(height - 1)).rounded())
            if row >= 0 && row < height { rowLabel[row] = text }
        }
        let labelWidth = max(ylabels.map(\.count).max() ?? 1, 1)
        var out: [String] = []
        if let title { out.append(String(repeating: " ", count: labelWidth + 2 + max(0, (width - title.count) / 2)) + title) }
        if let ylabel { out.append(ylabel) }
        for r in 0..<height {
            let label = rowLabel[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            out.append(pad + label + (rowLabel[r] == nil ? " │" : " ┤") + plotLines[r])
        }
        // X axis: a rule with ┬ under each tick, labels centred under their ticks.
        let xticks = Ticks.nice(low: xr.0, high: xr.1, count: max(3, width / 8 + 1))
        let xlabels = Ticks.labels(xticks)
        var rule = Array(repeating: Character("─"), count: width)
        var labelsLine = Array(repeating: Character(" "), count: width + 8)
        var lastEnd = -1
        for (v, text) in zip(xticks, xlabels) {
            let col = Int(((v - xr.0) / (xr.1 - xr.0) * Double(width - 1)).rounded())
            guard col >= 0 && col < width else { continue }
            rule[col] = "┬"
            let start = max(0, col - text.count / 2)
            if start > lastEnd && start + text.count <= labelsLine.count {
                for (i, ch) in text.enumerated() { labelsLine[start + i] = ch }
                lastEnd = start + text.count
            }
        }
        let indent = String(repeating: " ", count: labelWidth + 1)
        out.append(indent + "└" + String(rule))
        out.append(indent + " " + String(labelsLine).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        if let xlabel { out.append(indent + " " + String(repeating: " ", count: max(0, (width - xlabel.count) / 2)) + xlabel) }
        let labelled = series.enumerated().filter { $0.element.label != nil }
        if !labelled.isEmpty {
            let items = labelled.map { (k, s) -> String in
                let mark = s.style == .line ? "──" : "⠶⠶"
                let swatch = color ? Figure.ansiColors[k % Figure.ansiColors.count] + mark + "\u{1b}[0m" : mark
                return swatch + " " + (s.label ?? "")
            }
            out.append(indent + " " + items.joined(separator: "   "))
        }
        return out.joined(separator: "\n")
    }

    /// The figure as a standalone SVG document.
    public func svg(pixelWidth: Double = 640, pixelHeight: Double = 400) throws -> String {
        let (xr, yr) = try limits()
        let left = 60.0, right = 20.0, top = title == nil ? 20.0 : 40.0, bottom = 50.0
        let pw = pixelWidth - left - right, ph = pixelHeight - top - bottom
        func px(_ x: Double) -> Double { left + (x - xr.0) / (xr.1 - xr.0) * pw }
        func py(_ y: Double) -> Double { top + (yr.1 - y) / (yr.1 - yr.0) * ph }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        func n(_ v: Double) -> String { String(format: "%.2f", v) }
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(pixelWidth))\" height=\"\(Int(pixelHeight))\" font-family=\"sans-serif\" font-size=\"12\">")
        parts.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        parts.append("<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(pw))\" height=\"\(n(ph))\" fill=\"none\" stroke=\"black\"/>")
        let xt = Ticks.nice(low: xr.0, high: xr.1, count: 6)
        for (v, text) in zip(xt, Ticks.labels(xt)) {
            parts.append("<line x1=\"\(n(px(v)))\" y1=\"\(n(top + ph))\" x2=\"\(n(px(v)))\" y2=\"\(n(top + ph + 5))\" stroke=\"black\"/>")
            parts.append("<text x=\"\(n(px(v)))\" y=\"\(n(top + ph + 18))\" text-anchor=\"middle\">\(esc(text))</text>")
        }
        let yt = Ticks.nice(low: yr.0, high: yr.1, count: 6)
        for (v, text) in zip(yt, Ticks.labels(yt)) {
            parts.append("<line x1=\"\(n(left - 5))\" y1=\"\(n(py(v)))\" x2=\"\(n(left))\" y2=\"\(n(py(v)))\" stroke=\"black\"/>")
            parts.append("<text x=\"\(n(left - 8))\" y=\"\(n(py(v) + 4))\" text-anchor=\"end\">\(esc(text))</text>")
        }
        for (k, s) in series.enumerated() {
            let color = Figure.svgColors[k % Figure.svgColors.count]
            let points = zip(s.xs, s.ys).filter { $0.0.isFinite && $0.1.isFinite }
            if s.style == .line {
                let list = points.map { "\(n(px($0.0))),\(n(py($0.1)))" }.joined(separator: " ")
                parts.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(list)\"/>")
            } else {
                for p in points { parts.append("<circle cx=\"\(n(px(p.0)))\" cy=\"\(n(py(p.1)))\" r=\"2\" fill=\"\(color)\"/>") }
            }
            if let label = s.label {
                let ly = top + 16 * Double(k + 1)
                parts.append("<line x1=\"\(n(left + pw - 120))\" y1=\"\(n(ly - 4))\" x2=\"\(n(left + pw - 100))\" y2=\"\(n(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>")
                parts.append("<text x=\"\(n(left + pw - 95))\" y=\"\(n(ly))\">\(esc(label))</text>")
            }
        }
        if let title { parts.append("<text x=\"\(n(left + pw / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">\(esc(title))</text>") }
        if let xlabel { parts.append("<text x=\"\(n(left + pw / 2))\" y=\"\(n(pixelHeight - 10))\" text-anchor=\"middle\">\(esc(xlabel))</text>") }
        if let ylabel { parts.append("<text transform=\"translate(15,\(n(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(esc(ylabel))</text>") }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }
}

/// A plotting error (mismatched lengths, nothing finite to draw); the interpreter shows it as a
/// ValueError.
public struct PlotError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
