import Foundation

/// Draws a `Figure` as terminal text: braille dots for lines, markers and bars, coloured cells
/// for images, tick labels, title, axis labels and a legend box inside the axes. With colour
/// each series takes its own colour (matplotlib's cycle in 256-colour ANSI); without colour
/// (pipes, `NO_COLOR`) series that would look alike get distinct dash patterns or markers.
public struct TerminalRenderer {
    /// Width and height of the whole figure in character cells.
    public var columns: Int
    public var rows: Int
    public var color: Bool

    public init(columns: Int, rows: Int, color: Bool) {
        self.columns = max(20, columns)
        self.rows = max(6, rows)
        self.color = color
    }

    /// A renderer sized for `figure` on a terminal `terminalColumns` wide: matplotlib's default
    /// 6.4-inch figure fills 80 columns (up to 120 on a wide terminal), smaller figsizes are
    /// narrower, and the height keeps figsize's aspect (a cell is about twice as tall as wide).
    public init(figure: Figure, terminalColumns: Int = 80, color: Bool = false) {
        let term = max(20, terminalColumns)
        let base = Double(min(max(80, term), 120))
        let wanted = Int((base * figure.width / 6.4).rounded())
        let cols = min(term, max(30, wanted))
        let aspect = figure.height / max(figure.width, 1e-9)
        let rowsWanted = Int((Double(cols) * aspect * 0.5).rounded())
        let minRows = 9 * figure.rows + (figure.suptitle == nil ? 0 : 1)
        self.init(columns: cols, rows: max(minRows, min(rowsWanted, 60 * figure.rows)), color: color)
    }

    /// The figure as text (no trailing newline).
    public func render(_ figure: Figure) -> String {
        var grid = TextGrid(width: columns, height: rows)
        var top = 0
        if let s = figure.suptitle {
            grid.writeCentered(s, row: 0, from: 0, width: columns)
            top = 1
        }
        let gap = 3
        let cellWidth = (columns - gap * (figure.columns - 1)) / figure.columns
        let cellHeight = (rows - top - (figure.rows - 1)) / figure.rows
        for (i, axes) in figure.axes.enumerated() {
            let r = i / figure.columns, c = i % figure.columns
            guard r < figure.rows else { break }
            let block = renderAxes(axes, width: cellWidth, height: cellHeight)
            grid.paste(block, row: top + r * (cellHeight + 1), column: c * (cellWidth + gap))
        }
        return grid.render(color: color)
    }

    /// How a line-like artist is drawn after monochrome disambiguation.
    struct Stroke {
        var lineStyle: LineStyle
        var marker: Marker?
    }

    /// Strokes for the artists: their own styles, except that without colour a series that
    /// would look like an earlier one gets the next unused dash pattern (or marker).
    func strokes(_ axes: Axes) -> [Int: Stroke] {
        var result: [Int: Stroke] = [:]
        var used: Set<String> = []
        let patterns: [LineStyle] = [.solid, .dashed, .dotted, .dashDot]
        let markers: [Marker] = [.circle, .x, .plus, .triangleUp, .square, .diamond]
        for (i, artist) in axes.artists.enumerated() {
            var stroke: Stroke
            switch artist {
            case .line(let l): stroke = Stroke(lineStyle: l.lineStyle, marker: l.marker)
            case .scatter(let l): stroke = Stroke(lineStyle: LineStyle.none, marker: l.marker ?? .circle)
            case .reference(let r): stroke = Stroke(lineStyle: r.lineStyle, marker: nil)
            default: continue
            }
            func key(_ s: Stroke) -> String { s.lineStyle.rawValue + "|" + (s.marker.map { String($0.rawValue) } ?? "") }
            if !color && used.contains(key(stroke)) {
                if stroke.lineStyle == LineStyle.none {
                    if let m = markers.first(where: { !used.contains(key(Stroke(lineStyle: LineStyle.none, marker: $0))) }) { stroke.marker = m }
                } else if let p = patterns.first(where: { !used.contains(key(Stroke(lineStyle: $0, marker: stroke.marker))) }) {
                    stroke.lineStyle = p
                }
            }
            used.insert(key(stroke))
            result[i] = stroke
        }
        return result
    }

    /// One axes in a block of `width` × `height` cells.
    func renderAxes(_ axes: Axes, width: Int, height: Int) -> TextGrid {
        var grid = TextGrid(width: width, height: height)
        let (xr, yr) = axes.viewLimits()
        let xmap = AxisMap(low: xr.0, high: xr.1, scale: axes.xscale)
        let ymap = axes.yInverted ? AxisMap(low: yr.1, high: yr.0, scale: axes.yscale) : AxisMap(low: yr.0, high: yr.1, scale: axes.yscale)
        let strokes = strokes(axes)
        let entries = axes.legend ? axes.legendEntries() : []

        // Rows: [title/ylabel] plot… axis ticklabels [xlabel] [legend below, when it won't fit inside].
        var headerRows = 0
        if axes.title != nil || axes.ylabel != nil { headerRows = 1 }
        if let t = axes.title, let yl = axes.ylabel, yl.count + 2 > (width - t.count) / 2 { headerRows = 2 }
        let footerRows = 2 + (axes.xlabel == nil ? 0 : 1)
        var plotRows = max(2, height - headerRows - footerRows)

        // A label every third row or so; decades on a log axis may sit every other row.
        let yticks = Ticks.ticks(low: yr.0, high: yr.1, scale: axes.yscale, bins: max(1, plotRows / (axes.yscale == .log ? 2 : 3)))
        let ylabels = Ticks.labels(yticks, scale: axes.yscale)
        let left = (ylabels.map(\.count).max() ?? 0) + 1
        let plotCols = max(4, width - left - 2)

        let swatchWidth = 2
        let legendWidth = (entries.map { $0.0.count }.max() ?? 0) + swatchWidth + 3
        let legendInside = !entries.isEmpty && legendWidth + 2 <= plotCols && entries.count + 2 <= plotRows - 1
        if !entries.isEmpty && !legendInside { plotRows = max(2, plotRows - 1) }

        var canvas = BrailleCanvas(columns: plotCols, rows: plotRows)
        func dot(_ x: Double, _ y: Double) -> (x: Int, y: Int)? {
            guard let fx = xmap.fraction(x), let fy = ymap.fraction(y) else { return nil }
            let cx = min(max(fx, -1), 2) * Double(canvas.dotWidth - 1)
            let cy = (1 - min(max(fy, -1), 2)) * Double(canvas.dotHeight - 1)
            return (Int(cx.rounded()), Int(cy.rounded()))
        }
        var palette: [RGB] = [RGB.grid]

        // Images first, straight into the grid's cells; everything else is braille on top.
        let plotTop = headerRows
        for artist in axes.artists {
            if case .image(let m) = artist { drawImage(m, into: &grid, top: plotTop, left: left, cols: plotCols, rows: plotRows, xmap: xmap, ymap: ymap) }
        }
        if axes.grid {
            // Grid lines are dotted in the grid's grey with colour; without colour only their
            // crossings are marked, so that they never read as part of a curve.
            let xt = axes.xTicks(low: xr.0, high: xr.1, bins: max(1, plotCols / 10)).0.compactMap { dot($0, ymap.low)?.x }
            let yt = yticks.compactMap { dot(xmap.low, $0)?.y }
            if color {
                for x in xt {
                    var phase = 0
                    canvas.line(from: (x, 0), to: (x, canvas.dotHeight - 1), ink: 0, pattern: [1, 5], phase: &phase)
                }
                for y in yt {
                    var phase = 0
                    canvas.line(from: (0, y), to: (canvas.dotWidth - 1, y), ink: 0, pattern: [1, 5], phase: &phase)
                }
            } else {
                for x in xt { for y in yt { canvas.set(x: x, y: y, ink: 0) } }
            }
        }
        var barSeries = 0
        for (i, artist) in axes.artists.enumerated() {
            switch artist {
            case .line(let l), .scatter(let l):
                palette.append(l.color)
                let s = strokes[i] ?? Stroke(lineStyle: l.lineStyle, marker: l.marker)
                drawLine(l, stroke: s, ink: palette.count - 1, on: &canvas, xmap: xmap, ymap: ymap)
            case .bars(let b):
                palette.append(b.color)
                for k in b.lefts.indices {
                    guard let p = dot(b.lefts[k], b.bottoms[k]), let q = dot(b.lefts[k] + b.widths[k], b.bottoms[k] + b.heights[k]) else { continue }
                    // Adjacent bars share an edge dot; leave it to the left one so bars stay apart.
                    let right = q.x > p.x + 1 ? q.x - 1 : q.x
                    canvas.fill(x0: p.x, y0: p.y, x1: right, y1: q.y, ink: palette.count - 1, sparse: !color && barSeries % 2 == 1)
                }
                barSeries += 1
            case .reference(let r):
                palette.append(r.color)
                let s = strokes[i] ?? Stroke(lineStyle: r.lineStyle, marker: nil)
                var phase = 0
                if r.horizontal {
                    if let p = dot(xmap.low, r.value) {
                        canvas.line(from: (0, p.y), to: (canvas.dotWidth - 1, p.y), ink: palette.count - 1, pattern: s.lineStyle.dotPattern, phase: &phase)
                    }
                } else if let p = dot(r.value, ymap.low) {
                    canvas.line(from: (p.x, 0), to: (p.x, canvas.dotHeight - 1), ink: palette.count - 1, pattern: s.lineStyle.dotPattern, phase: &phase)
                }
            case .image, .text:
                break
            }
        }
        for r in 0..<plotRows {
            for c in 0..<plotCols where canvas.isInked(column: c, row: r) {
                let ink = canvas.inkOf(column: c, row: r)
                grid.put(canvas.character(column: c, row: r), row: plotTop + r, column: left + c,
                         color: ink >= 0 ? palette[ink] : nil)
            }
        }
        for artist in axes.artists {
            if case .text(let t) = artist, let fx = xmap.fraction(t.x), let fy = ymap.fraction(t.y), (0...1).contains(fx), (0...1).contains(fy) {
                let c = Int((fx * Double(plotCols - 1)).rounded()), r = Int(((1 - fy) * Double(plotRows - 1)).rounded())
                grid.write(t.text, row: plotTop + r, column: left + c, color: t.color == .black ? nil : t.color)
            }
        }

        // Header: title centred over the plot, y label at the left.
        if let t = axes.title { grid.writeCentered(t, row: 0, from: left, width: plotCols) }
        if let yl = axes.ylabel { grid.write(yl, row: headerRows - 1, column: 0) }

        // Y axis with its ticks.
        for r in 0..<plotRows { grid.put("│", row: plotTop + r, column: left - 1) }
        for (v, text) in zip(yticks, ylabels) {
            guard let f = ymap.fraction(v) else { continue }
            let r = Int(((1 - f) * Double(plotRows * 4 - 1)).rounded()) / 4
            guard r >= 0 && r < plotRows else { continue }
            grid.put("┤", row: plotTop + r, column: left - 1)
            grid.write(text, row: plotTop + r, column: left - 1 - text.count)
        }

        // X axis: a rule with ┬ under each tick, labels centred under their ticks; fewer ticks
        // when the labels would touch.
        let axisRow = plotTop + plotRows
        grid.put("└", row: axisRow, column: left - 1)
        for c in 0..<plotCols { grid.put("─", row: axisRow, column: left + c) }
        var bins = max(1, plotCols / 6)
        while true {
            let (xt, xl) = axes.xTicks(low: xr.0, high: xr.1, bins: bins)
            var placed: [(Int, Int, String)] = []
            var fits = true
            var lastEnd = -2
            for (v, text) in zip(xt, xl) {
                guard let f = xmap.fraction(v) else { continue }
                let c = Int((f * Double(plotCols * 2 - 1)).rounded()) / 2
                guard c >= 0 && c < plotCols else { continue }
                let start = max(0, left + c - (text.count - 1) / 2)
                if start <= lastEnd + 2 || start + text.count > width { fits = false; break }
                placed.append((c, start, text))
                lastEnd = start + text.count - 1
            }
            if fits || bins == 1 {
                for (c, start, text) in placed {
                    grid.put("┬", row: axisRow, column: left + c)
                    grid.write(text, row: axisRow + 1, column: start)
                }
                break
            }
            bins -= 1
        }
        var footer = axisRow + 2
        if let xl = axes.xlabel {
            grid.writeCentered(xl, row: footer, from: left, width: plotCols)
            footer += 1
        }

        if !entries.isEmpty {
            let items = entries.map { (label, i) in (label, swatch(axes.artists[i], stroke: strokes[i])) }
            if legendInside {
                placeLegend(items, width: legendWidth, grid: &grid, canvas: canvas, top: plotTop, left: left, cols: plotCols, rows: plotRows)
            } else {
                var c = left
                for (label, sw) in items {
                    c = grid.write(sw.text, row: footer, column: c, color: sw.color)
                    c = grid.write(" " + label + "   ", row: footer, column: c)
                }
            }
        }
        return grid
    }

    /// A legend swatch: two characters in the artist's colour.
    func swatch(_ artist: Artist, stroke: Stroke?) -> (text: String, color: RGB?) {
        switch artist {
        case .line(let l), .scatter(let l):
            let s = stroke ?? Stroke(lineStyle: l.lineStyle, marker: l.marker)
            let text: String
            if let m = s.marker {
                text = s.lineStyle == LineStyle.none ? m.legendGlyph + " " : String(s.lineStyle.legendSwatch.first!) + m.legendGlyph
            } else {
                text = s.lineStyle.legendSwatch
            }
            return (text, color ? l.color : nil)
        case .bars(let b): return ("██", color ? b.color : nil)
        case .reference(let r): return ((stroke?.lineStyle ?? r.lineStyle).legendSwatch, color ? r.color : nil)
        case .image, .text: return ("  ", nil)
        }
    }

    /// Puts the legend box in the corner where it covers the fewest drawn cells (matplotlib's
    /// `loc='best'`, trying corners in its order: upper right, upper left, lower left, lower right).
    func placeLegend(_ items: [(String, (text: String, color: RGB?))], width w: Int, grid: inout TextGrid,
                     canvas: BrailleCanvas, top: Int, left: Int, cols: Int, rows: Int) {
        let h = items.count + 2
        let corners = [(0, cols - w), (0, 0), (rows - h, 0), (rows - h, cols - w)]
        var best = corners[0], bestCount = Int.max
        for (r0, c0) in corners {
            var count = 0
            for r in r0..<(r0 + h) { for c in c0..<(c0 + w) where canvas.isInked(column: c, row: r) { count += 1 } }
            if count < bestCount { best = (r0, c0); bestCount = count }
        }
        let (r0, c0) = (top + best.0, left + best.1)
        for r in 0..<h { for c in 0..<w { grid.put(" ", row: r0 + r, column: c0 + c) } }
        grid.write("┌" + String(repeating: "─", count: w - 2) + "┐", row: r0, column: c0)
        for (k, (label, sw)) in items.enumerated() {
            grid.put("│", row: r0 + 1 + k, column: c0)
            let c = grid.write(sw.text, row: r0 + 1 + k, column: c0 + 1, color: sw.color)
            grid.write(" " + label, row: r0 + 1 + k, column: c)
            grid.put("│", row: r0 + 1 + k, column: c0 + w - 1)
        }
        grid.write("└" + String(repeating: "─", count: w - 2) + "┘", row: r0 + h - 1, column: c0)
    }

    /// A line's points as dots. The line goes through `PointReduction` (M4 per dot column), so
    /// a 10⁷-point series costs one C pass and a few hundred short segments; markers visit
    /// every point but skip those on the dot just marked.
    func drawLine(_ l: Line, stroke: Stroke, ink: Int, on canvas: inout BrailleCanvas, xmap: AxisMap, ymap: AxisMap) {
        let w = Double(canvas.dotWidth - 1), h = Double(canvas.dotHeight - 1)
        if stroke.lineStyle != LineStyle.none {
            let px = xmap.pixels(origin: 0, length: w, reversed: false)
            let py = ymap.pixels(origin: 0, length: h, reversed: true)
            let points = PointReduction.reduce(l.xs, l.ys, x: px, y: py) ?? unreduced(l, xmap: xmap, ymap: ymap, w: w, h: h)
            var previous: (x: Int, y: Int)? = nil
            var phase = 0
            for point in points {
                guard let (fx, fy) = point else { previous = nil; continue }
                let p = (x: Int(fx.rounded()), y: Int(fy.rounded()))
                if let q = previous {
                    if q.x == p.x && q.y == p.y { continue }
                    canvas.line(from: q, to: p, ink: ink, pattern: stroke.lineStyle.dotPattern, phase: &phase)
                } else {
                    canvas.set(x: p.x, y: p.y, ink: ink)
                }
                previous = p
            }
        }
        guard let offsets = stroke.marker?.dotOffsets else { return }
        var lastMarker: (x: Int, y: Int)? = nil
        for (x, y) in zip(l.xs, l.ys) {
            guard let fx = xmap.fraction(x), let fy = ymap.fraction(y), (-0.01...1.01).contains(fx), (-0.01...1.01).contains(fy) else { continue }
            let p = (x: Int((fx * w).rounded()), y: Int(((1 - fy) * h).rounded()))
            if let m = lastMarker, abs(m.x - p.x) <= 1, abs(m.y - p.y) <= 1 { continue }
            for (dx, dy) in offsets { canvas.set(x: p.x + dx, y: p.y + dy, ink: ink) }
            lastMarker = p
        }
    }

    /// Every point in dot coordinates, for series the reduction declines.
    func unreduced(_ l: Line, xmap: AxisMap, ymap: AxisMap, w: Double, h: Double) -> [(Double, Double)?] {
        zip(l.xs, l.ys).map { (x, y) in
            guard let fx = xmap.fraction(x), let fy = ymap.fraction(y) else { return nil }
            return (min(max(fx, -1), 2) * w, (1 - min(max(fy, -1), 2)) * h)
        }
    }

    /// An image as cells: with colour, "▀" with the upper sample as foreground and the lower
    /// as background; without, shades ` ░▒▓█` by value.
    func drawImage(_ m: HeatMap, into grid: inout TextGrid, top: Int, left: Int, cols: Int, rows: Int, xmap: AxisMap, ymap: AxisMap) {
        let (lo, hi) = m.range
        func sample(_ fx: Double, _ fy: Double) -> (RGB, Double)? {
            let x = xmap.value(at: fx), y = ymap.value(at: fy)
            let c = Int((x + 0.5).rounded(.down)), r = Int((y + 0.5).rounded(.down))
            guard c >= 0, c < m.columns, r >= 0, r < m.rows, let rgb = m.color(row: r, column: c) else { return nil }
            let v = m.values[r * m.columns + c]
            return (rgb, hi > lo ? (v - lo) / (hi - lo) : 0.5)
        }
        let shades: [Character] = [" ", "░", "▒", "▓", "█"]
        for r in 0..<rows {
            for c in 0..<cols {
                let fx = (Double(c) + 0.5) / Double(cols)
                let upper = sample(fx, 1 - (Double(r) + 0.25) / Double(rows))
                let lower = sample(fx, 1 - (Double(r) + 0.75) / Double(rows))
                guard upper != nil || lower != nil else { continue }
                if color {
                    grid.put("▀", row: top + r, column: left + c, color: upper?.0 ?? RGB.white, background: lower?.0 ?? RGB.white)
                } else {
                    let t = ((upper?.1 ?? lower!.1) + (lower?.1 ?? upper!.1)) / 2
                    grid.put(shades[min(4, max(0, Int((t * 4).rounded())))], row: top + r, column: left + c)
                }
            }
        }
    }
}

/// Data value ↔ fraction of an axis (0 at `low`, 1 at `high`), linear or logarithmic.
struct AxisMap {
    let low: Double
    let high: Double
    let scale: AxisScale
    let a: Double
    let span: Double

    init(low: Double, high: Double, scale: AxisScale) {
        self.low = low
        self.high = high
        let log = scale == .log && low > 0 && high > 0
        self.scale = log ? .log : .linear
        a = log ? Foundation.log10(low) : low
        let b = log ? Foundation.log10(high) : high
        span = b - a == 0 ? 1 : b - a
    }

    /// Where `v` falls (nil for NaN, infinities, and non-positive values on a log axis).
    @inline(__always)
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        if scale == .log {
            guard v > 0 else { return nil }
            return (Foundation.log10(v) - a) / span
        }
        return (v - a) / span
    }

    /// The value at a fraction of the axis.
    func value(at f: Double) -> Double {
        scale == .log ? pow(10, a + f * span) : a + f * span
    }
}
