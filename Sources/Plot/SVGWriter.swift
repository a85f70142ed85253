import Foundation

/// Records a vector drawing as a standalone SVG document: one `<path>` per series stretch,
/// ticks and labels as `<text>`, a clip path per axes.
public struct SVGWriter: VectorSurface {
    var parts: [String] = []
    var clips = 0

    public init() {}

    /// The figure as an SVG document.
    public static func document(for figure: Figure) -> String {
        var w = SVGWriter()
        VectorLayout(figure: figure).draw(on: &w)
        return w.document
    }

    public var document: String { parts.joined(separator: "\n") + "\n</svg>\n" }

    static func n(_ v: Double) -> String {
        let s = String(format: "%.2f", v)
        return s.hasSuffix(".00") ? String(s.dropLast(3)) : s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public mutating func begin(width: Double, height: Double) {
        parts.append("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>")
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))pt\" height=\"\(Self.n(height))pt\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" version=\"1.1\" font-family=\"DejaVu Sans, Arial, sans-serif\">")
    }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGB?, stroke: RGB?, lineWidth: Double) {
        var s = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\""
        s += " fill=\"\(fill?.hexString ?? "none")\""
        if let stroke { s += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(Self.n(lineWidth))\"" }
        parts.append(s + "/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], color: RGB, width: Double, dashes: [Double]?, series: Int) {
        guard let first = points.first else { return }
        var d = "M\(Self.n(first.0)) \(Self.n(first.1))"
        for p in points.dropFirst() { d += " L\(Self.n(p.0)) \(Self.n(p.1))" }
        var s = "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color.hexString)\" stroke-width=\"\(Self.n(width))\" stroke-linecap=\"square\""
        if let dashes { s += " stroke-dasharray=\"\(dashes.map(Self.n).joined(separator: ","))\"" }
        if series >= 0 { s += " class=\"series\" data-series=\"\(series)\"" }
        parts.append(s + "/>")
    }

    public mutating func marker(_ marker: Marker, x: Double, y: Double, size: Double, color: RGB) {
        let r = size / 2, c = color.hexString
        switch marker {
        case .point, .pixel:
            parts.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r / 2))\" fill=\"\(c)\"/>")
        case .square:
            parts.append("<rect x=\"\(Self.n(x - r))\" y=\"\(Self.n(y - r))\" width=\"\(Self.n(size))\" height=\"\(Self.n(size))\" fill=\"\(c)\"/>")
        case .plus, .x, .star:
            let d = marker == .plus ? "M\(Self.n(x - r)) \(Self.n(y)) L\(Self.n(x + r)) \(Self.n(y)) M\(Self.n(x)) \(Self.n(y - r)) L\(Self.n(x)) \(Self.n(y + r))"
                : "M\(Self.n(x - r)) \(Self.n(y - r)) L\(Self.n(x + r)) \(Self.n(y + r)) M\(Self.n(x - r)) \(Self.n(y + r)) L\(Self.n(x + r)) \(Self.n(y - r))"
            parts.append("<path d=\"\(d)\" stroke=\"\(c)\" stroke-width=\"1.5\" fill=\"none\"/>")
        case .triangleUp, .triangleDown, .triangleLeft, .triangleRight, .diamond, .thinDiamond:
            let pts: [(Double, Double)]
            switch marker {
            case .triangleUp: pts = [(0, -r), (r, r), (-r, r)]
            case .triangleDown: pts = [(0, r), (r, -r), (-r, -r)]
            case .triangleLeft: pts = [(-r, 0), (r, -r), (r, r)]
            case .triangleRight: pts = [(r, 0), (-r, -r), (-r, r)]
            default: pts = [(0, -r), (r, 0), (0, r), (-r, 0)]
            }
            let list = pts.map { "\(Self.n(x + $0.0)),\(Self.n(y + $0.1))" }.joined(separator: " ")
            parts.append("<polygon points=\"\(list)\" fill=\"\(c)\"/>")
        case .circle, .hexagon, .pentagon:
            parts.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(c)\"/>")
        }
    }

    public mutating func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor, vertical: Bool, color: RGB) {
        let a = anchor == .start ? "start" : anchor == .middle ? "middle" : "end"
        var s = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(a)\" fill=\"\(color.hexString)\""
        if vertical { s += " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" }
        parts.append(s + ">\(Self.escape(text))</text>")
    }

    public mutating func beginClip(x: Double, y: Double, width: Double, height: Double) {
        clips += 1
        parts.append("<clipPath id=\"clip\(clips)\"><rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\"/></clipPath>")
        parts.append("<g clip-path=\"url(#clip\(clips))\">")
    }

    public mutating func endClip() { parts.append("</g>") }

    public mutating func image(_ cells: [[RGB?]], x: Double, y: Double, width: Double, height: Double) {
        guard let columns = cells.first?.count, columns > 0, !cells.isEmpty else { return }
        let cw = width / Double(columns), ch = height / Double(cells.count)
        for (r, row) in cells.enumerated() {
            for (c, color) in row.enumerated() {
                guard let color else { continue }
                // A hair of overlap, so that anti-aliasing shows no seams between cells.
                parts.append("<rect x=\"\(Self.n(x + Double(c) * cw))\" y=\"\(Self.n(y + Double(r) * ch))\" width=\"\(Self.n(cw + 0.3))\" height=\"\(Self.n(ch + 0.3))\" fill=\"\(color.hexString)\"/>")
            }
        }
    }
}
