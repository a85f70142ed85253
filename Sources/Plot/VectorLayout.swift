import Foundation

/// Where text sits relative to its anchor point.
public enum TextAnchor { case start, middle, end }

/// The drawing operations a vector figure needs, in pixels with y down. The SVG writer records
/// them as elements; the rasteriser paints them into pixels for PNG. Both receive the same
/// calls from `VectorLayout`, so the two files show the same drawing.
public protocol VectorSurface {
    mutating func begin(width: Double, height: Double)
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGB?, stroke: RGB?, lineWidth: Double)
    /// A polyline; `points` never holds NaN (the layout splits lines at gaps).
    mutating func polyline(_ points: [(Double, Double)], color: RGB, width: Double, dashes: [Double]?, series: Int)
    mutating func marker(_ marker: Marker, x: Double, y: Double, size: Double, color: RGB)
    mutating func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, vertical: Bool, color: RGB)
    /// Drawing until `endClip` is limited to this rectangle (the axes' plotting area).
    mutating func beginClip(x: Double, y: Double, width: Double, height: Double)
    mutating func endClip()
    /// An image as a grid of coloured cells, filling the rectangle.
    mutating func image(_ cells: [[RGB?]], x: Double, y: Double, width: Double, height: Double)
}

/// Lays a figure out in pixels the way matplotlib does at 100 dpi (subplot parameters left
/// 0.125, right 0.9, bottom 0.11, top 0.88, spacing 0.2; ticks 3.5 pt outward; 10 pt labels,
/// 12 pt titles) and issues the drawing to a surface.
public struct VectorLayout {
    public let figure: Figure
    public let dpi: Double

    public init(figure: Figure, dpi: Double = 100) {
        self.figure = figure
        self.dpi = dpi
    }

    public var pixelWidth: Double { (figure.width * dpi).rounded() }
    public var pixelHeight: Double { (figure.height * dpi).rounded() }
    func points(_ pt: Double) -> Double { pt * dpi / 72 }

    /// Issues the whole figure to `surface`.
    public func draw<S: VectorSurface>(on surface: inout S) {
        let W = pixelWidth, H = pixelHeight
        surface.begin(width: W, height: H)
        surface.rect(x: 0, y: 0, width: W, height: H, fill: .white, stroke: nil, lineWidth: 0)
        let left = 0.125 * W, right = 0.9 * W, top = (1 - 0.88) * H, bottom = (1 - 0.11) * H
        let cols = Double(figure.columns), rows = Double(figure.rows)
        // matplotlib's wspace/hspace are fractions of the average axes width/height.
        let cellW = (right - left) / (cols + 0.2 * (cols - 1))
        let cellH = (bottom - top) / (rows + 0.2 * (rows - 1))
        if let s = figure.suptitle {
            surface.text(s, x: W / 2, y: points(12) * 1.6, size: points(12), anchor: .middle, vertical: false, color: .black)
        }
        var series = 0
        for (i, axes) in figure.axes.enumerated() {
            let r = Double(i / figure.columns), c = Double(i % figure.columns)
            guard Int(r) < figure.rows else { break }
            let x = left + c * cellW * 1.2, y = top + r * cellH * 1.2
            drawAxes(axes, x: x, y: y, width: cellW, height: cellH, on: &surface, series: &series)
        }
    }

    func drawAxes<S: VectorSurface>(_ axes: Axes, x ax: Double, y ay: Double, width aw: Double, height ah: Double,
                                    on surface: inout S, series: inout Int) {
        let (xr, yr) = axes.viewLimits()
        let xmap = AxisMap(low: xr.0, high: xr.1, scale: axes.xscale)
        let ymap = axes.yInverted ? AxisMap(low: yr.1, high: yr.0, scale: axes.yscale) : AxisMap(low: yr.0, high: yr.1, scale: axes.yscale)
        func px(_ v: Double) -> Double? { xmap.fraction(v).map { ax + $0 * aw } }
        func py(_ v: Double) -> Double? { ymap.fraction(v).map { ay + ah - $0 * ah } }
        let font = points(10), tick = points(3.5)
        surface.rect(x: ax, y: ay, width: aw, height: ah, fill: .white, stroke: nil, lineWidth: 0)

        let (xticks, xlabels) = axes.xTicks(low: xr.0, high: xr.1, bins: max(1, Int(aw / (font * 4.5))))
        let yticks = Ticks.ticks(low: yr.0, high: yr.1, scale: axes.yscale, bins: max(1, Int(ah / (font * 2.5))))
        if axes.grid {
            for v in xticks { if let x = px(v) { surface.polyline([(x, ay), (x, ay + ah)], color: .grid, width: points(0.8), dashes: nil, series: -1) } }
            for v in yticks { if let y = py(v) { surface.polyline([(ax, y), (ax + aw, y)], color: .grid, width: points(0.8), dashes: nil, series: -1) } }
        }

        surface.beginClip(x: ax, y: ay, width: aw, height: ah)
        for artist in axes.artists {
            switch artist {
            case .line(let l), .scatter(let l):
                let isScatter: Bool = { if case .scatter = artist { return true }; return false }()
                let width = points(l.lineWidth)
                if !isScatter && l.lineStyle != LineStyle.none {
                    for run in VectorLayout.runs(l, xmap: xmap, ymap: ymap, x: ax, y: ay, width: aw, height: ah) {
                        surface.polyline(run, color: l.color, width: width, dashes: l.lineStyle.svgDashes?.map { $0 * width }, series: series)
                    }
                }
                if let m = isScatter ? (l.marker ?? .circle) : l.marker {
                    var last: (Int, Int)? = nil
                    for (x, y) in zip(l.xs, l.ys) {
                        guard let X = px(x), let Y = py(y) else { continue }
                        let key = (Int(X.rounded()), Int(Y.rounded()))
                        if let k = last, k == key { continue }
                        last = key
                        surface.marker(m, x: X, y: Y, size: points(isScatter ? 6 : 6), color: l.color)
                    }
                }
                series += 1
            case .bars(let b):
                for k in b.lefts.indices {
                    guard let x0 = px(b.lefts[k]), let x1 = px(b.lefts[k] + b.widths[k]),
                          let y0 = py(b.bottoms[k]), let y1 = py(b.bottoms[k] + b.heights[k]) else { continue }
                    surface.rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0), fill: b.color, stroke: nil, lineWidth: 0)
                }
            case .image(let m):
                guard let x0 = px(-0.5), let x1 = px(Double(m.columns) - 0.5), let y0 = py(-0.5), let y1 = py(Double(m.rows) - 0.5) else { continue }
                let cells = (0..<m.rows).map { r in (0..<m.columns).map { c in m.color(row: r, column: c) } }
                // Row 0 is drawn where y = 0 maps: at the top for origin='upper'.
                let rowsTopDown = y0 <= y1 ? cells : cells.reversed()
                surface.image(rowsTopDown, x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0))
            case .reference(let r):
                let width = points(r.lineWidth)
                let dashes = r.lineStyle.svgDashes?.map { $0 * width }
                if r.horizontal, let y = py(r.value) {
                    surface.polyline([(ax, y), (ax + aw, y)], color: r.color, width: width, dashes: dashes, series: series)
                } else if !r.horizontal, let x = px(r.value) {
                    surface.polyline([(x, ay), (x, ay + ah)], color: r.color, width: width, dashes: dashes, series: series)
                }
                series += 1
            case .text(let t):
                if let x = px(t.x), let y = py(t.y) {
                    surface.text(t.text, x: x, y: y, size: font, anchor: .start, vertical: false, color: t.color)
                }
            }
        }
        surface.endClip()

        // Spines, ticks and their labels.
        surface.rect(x: ax, y: ay, width: aw, height: ah, fill: nil, stroke: .black, lineWidth: points(0.8))
        for (v, label) in zip(xticks, xlabels) {
            guard let x = px(v), x >= ax - 0.5, x <= ax + aw + 0.5 else { continue }
            surface.polyline([(x, ay + ah), (x, ay + ah + tick)], color: .black, width: points(0.8), dashes: nil, series: -1)
            surface.text(label, x: x, y: ay + ah + tick + font * 1.1, size: font, anchor: .middle, vertical: false, color: .black)
        }
        var widest = 0.0
        for (v, label) in zip(yticks, Ticks.labels(yticks, scale: axes.yscale)) {
            guard let y = py(v), y >= ay - 0.5, y <= ay + ah + 0.5 else { continue }
            surface.polyline([(ax - tick, y), (ax, y)], color: .black, width: points(0.8), dashes: nil, series: -1)
            surface.text(label, x: ax - tick - points(3.5), y: y + font * 0.35, size: font, anchor: .end, vertical: false, color: .black)
            widest = max(widest, Double(label.count) * font * 0.6)
        }
        if let t = axes.title {
            surface.text(t, x: ax + aw / 2, y: ay - points(6), size: points(12), anchor: .middle, vertical: false, color: .black)
        }
        if let l = axes.xlabel {
            // Below the tick labels, kept inside small figures (Jupyter saves them 'tight').
            let y = min(ay + ah + tick + font * 2.6, pixelHeight - font * 0.3)
            surface.text(l, x: ax + aw / 2, y: y, size: font, anchor: .middle, vertical: false, color: .black)
        }
        if let l = axes.ylabel {
            let x = max(ax - tick - points(3.5) - widest - font * 0.4, font * 1.1)
            surface.text(l, x: x, y: ay + ah / 2, size: font, anchor: .middle, vertical: true, color: .black)
        }
        if axes.legend { drawLegend(axes, x: ax, y: ay, width: aw, height: ah, px: px, py: py, on: &surface) }
    }

    /// The legend box in the corner that covers the fewest data points (matplotlib's 'best').
    func drawLegend<S: VectorSurface>(_ axes: Axes, x ax: Double, y ay: Double, width aw: Double, height ah: Double,
                                      px: (Double) -> Double?, py: (Double) -> Double?, on surface: inout S) {
        let entries = axes.legendEntries()
        guard !entries.isEmpty else { return }
        let font = points(10), pad = points(5), row = font * 1.4, handle = points(20)
        let textWidth = entries.map { Double($0.0.count) * font * 0.6 }.max() ?? 0
        let w = pad * 3 + handle + textWidth, h = pad * 2 + row * Double(entries.count)
        let inset = points(5)
        let corners = [(ax + aw - w - inset, ay + inset), (ax + inset, ay + inset),
                       (ax + inset, ay + ah - h - inset), (ax + aw - w - inset, ay + ah - h - inset)]
        var best = corners[0], bestCount = Int.max
        for (cx, cy) in corners {
            var count = 0
            for artist in axes.artists {
                if case .line(let l) = artist {
                    let stride = max(1, l.xs.count / 2000)
                    for i in Swift.stride(from: 0, to: min(l.xs.count, l.ys.count), by: stride) {
                        if let X = px(l.xs[i]), let Y = py(l.ys[i]), X >= cx, X <= cx + w, Y >= cy, Y <= cy + h { count += 1 }
                    }
                }
                if case .scatter(let l) = artist {
                    for (x, y) in zip(l.xs, l.ys) {
                        if let X = px(x), let Y = py(y), X >= cx, X <= cx + w, Y >= cy, Y <= cy + h { count += 1 }
                    }
                }
            }
            if count < bestCount { best = (cx, cy); bestCount = count }
        }
        let (lx, ly) = best
        surface.rect(x: lx, y: ly, width: w, height: h, fill: .white, stroke: RGB(hex: 0xcccccc), lineWidth: points(0.8))
        for (k, (label, i)) in entries.enumerated() {
            let cy = ly + pad + row * (Double(k) + 0.5)
            switch axes.artists[i] {
            case .line(let l), .scatter(let l):
                let isScatter: Bool = { if case .scatter = axes.artists[i] { return true }; return false }()
                if !isScatter && l.lineStyle != LineStyle.none {
                    let width = points(l.lineWidth)
                    surface.polyline([(lx + pad, cy), (lx + pad + handle, cy)], color: l.color, width: width, dashes: l.lineStyle.svgDashes?.map { $0 * width }, series: -1)
                }
                if let m = isScatter ? (l.marker ?? .circle) : l.marker { surface.marker(m, x: lx + pad + handle / 2, y: cy, size: points(6), color: l.color) }
            case .reference(let r):
                let width = points(r.lineWidth)
                surface.polyline([(lx + pad, cy), (lx + pad + handle, cy)], color: r.color, width: width, dashes: r.lineStyle.svgDashes?.map { $0 * width }, series: -1)
            case .bars(let b):
                surface.rect(x: lx + pad, y: cy - font * 0.35, width: handle, height: font * 0.7, fill: b.color, stroke: nil, lineWidth: 0)
            case .image, .text:
                break
            }
            surface.text(label, x: lx + pad * 2 + handle, y: cy + font * 0.35, size: font, anchor: .start, vertical: false, color: .black)
        }
    }

    /// A line's finite stretches in pixels, split at NaN and infinities, reduced to at most
    /// four points per pixel column (see `PointReduction`).
    static func runs(_ l: Line, xmap: AxisMap, ymap: AxisMap, x: Double, y: Double, width: Double, height: Double) -> [[(Double, Double)]] {
        let px = xmap.pixels(origin: x, length: width, reversed: false, slack: 10)
        let py = ymap.pixels(origin: y, length: height, reversed: true, slack: 10)
        let points = PointReduction.reduce(l.xs, l.ys, x: px, y: py) ?? zip(l.xs, l.ys).map { (vx, vy) in
            guard let fx = xmap.fraction(vx), let fy = ymap.fraction(vy) else { return nil }
            return (x + fx * width, y + height - fy * height)
        }
        var runs: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for p in points {
            if let p {
                current.append(p)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
