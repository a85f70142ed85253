import Foundation

/// Paints the vector drawing into RGB pixels for PNG: lines as round-capped strokes with
/// anti-aliased edges, filled rectangles and markers, text in a 5×7 bitmap font scaled to the
/// font size.
public struct Rasterizer: VectorSurface {
    public private(set) var width = 0
    public private(set) var height = 0
    /// Packed RGB, row by row from the top.
    public private(set) var pixels: [UInt8] = []
    var clip: (x0: Int, y0: Int, x1: Int, y1: Int) = (0, 0, 0, 0)
    var clipStack: [(x0: Int, y0: Int, x1: Int, y1: Int)] = []

    public init() {}

    /// The figure as PNG bytes.
    public static func png(for figure: Figure, dpi: Double = 100) throws -> [UInt8] {
        var r = Rasterizer()
        VectorLayout(figure: figure, dpi: dpi).draw(on: &r)
        return try PNGWriter.encode(width: r.width, height: r.height, rgb: r.pixels)
    }

    public mutating func begin(width w: Double, height h: Double) {
        width = max(1, Int(w.rounded()))
        height = max(1, Int(h.rounded()))
        pixels = [UInt8](repeating: 255, count: width * height * 3)
        clip = (0, 0, width - 1, height - 1)
    }

    /// Blends `color` over a pixel with coverage `a` in 0...1.
    @inline(__always)
    mutating func blend(_ x: Int, _ y: Int, _ color: RGB, _ a: Double) {
        guard x >= clip.x0, x <= clip.x1, y >= clip.y0, y <= clip.y1, a > 0 else { return }
        let i = (y * width + x) * 3
        let k = min(a, 1)
        func mix(_ old: UInt8, _ new: Double) -> UInt8 { UInt8((Double(old) * (1 - k) + new * 255 * k).rounded()) }
        pixels[i] = mix(pixels[i], color.r)
        pixels[i + 1] = mix(pixels[i + 1], color.g)
        pixels[i + 2] = mix(pixels[i + 2], color.b)
    }

    public mutating func rect(x: Double, y: Double, width w: Double, height h: Double, fill: RGB?, stroke: RGB?, lineWidth: Double) {
        if let fill {
            let x0 = Int(x.rounded()), x1 = Int((x + w).rounded()) - 1
            let y0 = Int(y.rounded()), y1 = Int((y + h).rounded()) - 1
            if x0 <= x1 && y0 <= y1 {
                for yy in y0...y1 { for xx in x0...x1 { blend(xx, yy, fill, 1) } }
            }
        }
        if let stroke {
            let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
            polyline(corners, color: stroke, width: lineWidth, dashes: nil, series: -1)
        }
    }

    public mutating func polyline(_ points: [(Double, Double)], color: RGB, width lw: Double, dashes: [Double]?, series: Int) {
        guard points.count >= 1 else { return }
        // Coverage per pixel over the whole polyline, so overlapping segments don't darken.
        var coverage: [Int: Double] = [:]
        let r = max(lw, 1) / 2
        var travelled = 0.0
        let period = dashes?.reduce(0, +) ?? 0
        func on(_ d: Double) -> Bool {
            guard let dashes, period > 0 else { return true }
            var p = d.truncatingRemainder(dividingBy: period)
            for (k, run) in dashes.enumerated() {
                if p < run { return k % 2 == 0 }
                p -= run
            }
            return true
        }
        func stamp(_ cx: Double, _ cy: Double) {
            let x0 = Int((cx - r - 1).rounded(.down)), x1 = Int((cx + r + 1).rounded(.up))
            let y0 = Int((cy - r - 1).rounded(.down)), y1 = Int((cy + r + 1).rounded(.up))
            guard x1 >= clip.x0, x0 <= clip.x1, y1 >= clip.y0, y0 <= clip.y1 else { return }
            for yy in y0...y1 {
                for xx in x0...x1 {
                    let d = ((Double(xx) + 0.5 - cx) * (Double(xx) + 0.5 - cx) + (Double(yy) + 0.5 - cy) * (Double(yy) + 0.5 - cy)).squareRoot()
                    let a = min(1, max(0, r + 0.5 - d))
                    if a > 0 {
                        let key = yy * width + xx
                        if a > coverage[key] ?? 0 { coverage[key] = a }
                    }
                }
            }
        }
        if points.count == 1 { stamp(points[0].0, points[0].1) }
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = b.0 - a.0, dy = b.1 - a.1
            let length = (dx * dx + dy * dy).squareRoot()
            let steps = max(1, Int((length / 0.5).rounded(.up)))
            for s in 0...steps {
                let t = Double(s) / Double(steps)
                if on(travelled + t * length) { stamp(a.0 + t * dx, a.1 + t * dy) }
            }
            travelled += length
        }
        for (key, a) in coverage { blend(key % width, key / width, color, a) }
    }

    public mutating func marker(_ marker: Marker, x: Double, y: Double, size: Double, color: RGB) {
        let r = size / 2
        switch marker {
        case .plus:
            polyline([(x - r, y), (x + r, y)], color: color, width: 1.5, dashes: nil, series: -1)
            polyline([(x, y - r), (x, y + r)], color: color, width: 1.5, dashes: nil, series: -1)
        case .x, .star:
            polyline([(x - r, y - r), (x + r, y + r)], color: color, width: 1.5, dashes: nil, series: -1)
            polyline([(x - r, y + r), (x + r, y - r)], color: color, width: 1.5, dashes: nil, series: -1)
        case .square:
            rect(x: x - r, y: y - r, width: size, height: size, fill: color, stroke: nil, lineWidth: 0)
        case .point, .pixel:
            polyline([(x, y)], color: color, width: r, dashes: nil, series: -1)
        default:
            polyline([(x, y)], color: color, width: size, dashes: nil, series: -1)
        }
    }

    public mutating func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, vertical: Bool, color: RGB) {
        // The glyph cell is 6 font pixels wide (5 + a space); the font is 7 pixels tall at
        // about the cap height, 0.7 of the font size.
        let scale = max(1, Int((size * 0.7 / 7).rounded()))
        let advance = 6 * scale
        let total = text.count * advance - scale
        let shift = anchor == .start ? 0 : anchor == .middle ? total / 2 : total
        for (k, c) in text.enumerated() {
            let (rows, raised) = BitmapFont.glyph(c)
            let lift = raised ? 3 * scale : 0
            for (ry, bits) in rows.enumerated() {
                for rx in 0..<5 where bits & (0x10 >> UInt8(rx)) != 0 {
                    for sy in 0..<scale {
                        for sx in 0..<scale {
                            // Along the text (u) and down the glyph (v), from the baseline's start.
                            let u = k * advance + rx * scale + sx - shift
                            let v = ry * scale + sy - 7 * scale - lift
                            if vertical {
                                blend(Int(x.rounded()) + v, Int(y.rounded()) - u, color, 1)
                            } else {
                                blend(Int(x.rounded()) + u, Int(y.rounded()) + v, color, 1)
                            }
                        }
                    }
                }
            }
        }
    }

    public mutating func beginClip(x: Double, y: Double, width w: Double, height h: Double) {
        clipStack.append(clip)
        clip = (max(clip.x0, Int(x.rounded())), max(clip.y0, Int(y.rounded())),
                min(clip.x1, Int((x + w).rounded()) - 1), min(clip.y1, Int((y + h).rounded()) - 1))
    }

    public mutating func endClip() {
        if let c = clipStack.popLast() { clip = c }
    }

    public mutating func image(_ cells: [[RGB?]], x: Double, y: Double, width w: Double, height h: Double) {
        guard let columns = cells.first?.count, columns > 0 else { return }
        let x0 = Int(x.rounded()), x1 = Int((x + w).rounded()) - 1
        let y0 = Int(y.rounded()), y1 = Int((y + h).rounded()) - 1
        guard x0 <= x1, y0 <= y1 else { return }
        for yy in y0...y1 {
            let r = min(cells.count - 1, Int(Double(yy - y0) / Double(y1 - y0 + 1) * Double(cells.count)))
            for xx in x0...x1 {
                let c = min(columns - 1, Int(Double(xx - x0) / Double(x1 - x0 + 1) * Double(columns)))
                if let color = cells[r][c] { blend(xx, yy, color, 1) }
            }
        }
    }
}
