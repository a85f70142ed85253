import Foundation

/// A colour as red, green and blue in 0...1, the way matplotlib holds colours after parsing
/// `'r'`, `'tab:orange'`, `'C1'`, `'#ff7f0e'` or `'black'`.
public struct RGB: Equatable, Hashable {
    public var r: Double
    public var g: Double
    public var b: Double

    public init(_ r: Double, _ g: Double, _ b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255, Double(hex & 0xff) / 255)
    }

    /// `#rrggbb`, as SVG writes it.
    public var hexString: String {
        func byte(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", byte(r), byte(g), byte(b))
    }

    /// The nearest colour of the 256-colour terminal palette (its 6×6×6 cube or grey ramp).
    public var ansi256: Int {
        func level(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 5).rounded()) }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        // A grey is better matched by the 24-step ramp than by the cube's six greys.
        if abs(r - g) < 0.04 && abs(g - b) < 0.04 {
            let grey = (r + g + b) / 3
            if grey < 0.04 { return 16 }
            if grey > 0.96 { return 231 }
            return 232 + min(23, Int((grey * 255 - 8) / 10))
        }
        return cube
    }

    /// The ANSI escape that draws text in this colour.
    public var ansiForeground: String { "\u{1b}[38;5;\(ansi256)m" }
    /// The ANSI escape that fills cells' background with this colour.
    public var ansiBackground: String { "\u{1b}[48;5;\(ansi256)m" }

    /// matplotlib's default property cycle (`tab10`): the colour of the n-th unstyled series.
    public static let cycle: [RGB] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { RGB(hex: $0) }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(1, 1, 1)
    /// The grid and axis grey (matplotlib's `#b0b0b0` grid lines).
    public static let grid = RGB(hex: 0xb0b0b0)

    /// Named colours: matplotlib's single letters, `tab:` names and the CSS names people type.
    static let named: [String: UInt32] = [
        "b": 0x0000ff, "g": 0x008000, "r": 0xff0000, "c": 0x00bfbf, "m": 0xbf00bf, "y": 0xbfbf00,
        "k": 0x000000, "w": 0xffffff,
        "blue": 0x0000ff, "green": 0x008000, "red": 0xff0000, "cyan": 0x00ffff, "magenta": 0xff00ff,
        "yellow": 0xffff00, "black": 0x000000, "white": 0xffffff, "orange": 0xffa500, "purple": 0x800080,
        "brown": 0xa52a2a, "pink": 0xffc0cb, "gray": 0x808080, "grey": 0x808080, "olive": 0x808000,
        "navy": 0x000080, "teal": 0x008080, "lime": 0x00ff00, "gold": 0xffd700, "violet": 0xee82ee,
        "darkblue": 0x00008b, "darkgreen": 0x006400, "darkred": 0x8b0000, "darkorange": 0xff8c00,
        "lightblue": 0xadd8e6, "lightgreen": 0x90ee90, "lightgray": 0xd3d3d3, "lightgrey": 0xd3d3d3,
        "darkgray": 0xa9a9a9, "darkgrey": 0xa9a9a9, "salmon": 0xfa8072, "crimson": 0xdc143c,
        "indigo": 0x4b0082, "maroon": 0x800000, "steelblue": 0x4682b4, "skyblue": 0x87ceeb,
        "tab:blue": 0x1f77b4, "tab:orange": 0xff7f0e, "tab:green": 0x2ca02c, "tab:red": 0xd62728,
        "tab:purple": 0x9467bd, "tab:brown": 0x8c564b, "tab:pink": 0xe377c2, "tab:gray": 0x7f7f7f,
        "tab:grey": 0x7f7f7f, "tab:olive": 0xbcbd22, "tab:cyan": 0x17becf,
    ]

    /// Parses a colour the way matplotlib does for strings: a name, `C<n>`, `#rgb`/`#rrggbb`, or a
    /// grey level such as `'0.5'`. Nil when the text is not a colour.
    public static func parse(_ text: String) -> RGB? {
        let s = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let hex = named[s] { return RGB(hex: hex) }
        if s.count >= 2, s.hasPrefix("c"), let n = Int(s.dropFirst()), n >= 0 { return cycle[n % cycle.count] }
        if s.hasPrefix("#") {
            let digits = String(s.dropFirst())
            if digits.count == 6 || digits.count == 8, let v = UInt32(digits.prefix(6), radix: 16) { return RGB(hex: v) }
            if digits.count == 3, let v = UInt32(digits, radix: 16) {
                let r = (v >> 8) & 0xf, g = (v >> 4) & 0xf, b = v & 0xf
                return RGB(hex: (r * 17) << 16 | (g * 17) << 8 | b * 17)
            }
            return nil
        }
        if let grey = Double(s), grey >= 0, grey <= 1 { return RGB(grey, grey, grey) }
        return nil
    }
}

/// How a line is stroked (matplotlib's `'-'`, `'--'`, `'-.'`, `':'`, or no line).
public enum LineStyle: String, CaseIterable {
    case solid = "-"
    case dashed = "--"
    case dashDot = "-."
    case dotted = ":"
    case none = ""

    /// The style for matplotlib's spellings: `'-'`, `'solid'`, `'--'`, `'dashed'`, `'None'`…
    public static func parse(_ text: String) -> LineStyle? {
        switch text {
        case "-", "solid": return .solid
        case "--", "dashed": return .dashed
        case "-.", "dashdot": return .dashDot
        case ":", "dotted": return .dotted
        case "", " ", "None", "none": return LineStyle.none
        default: return nil
        }
    }

    /// On/off run lengths in braille dots (nil: solid).
    var dotPattern: [Int]? {
        switch self {
        case .solid, .none: return nil
        case .dashed: return [4, 3]
        case .dashDot: return [4, 2, 1, 2]
        case .dotted: return [1, 2]
        }
    }

    /// SVG `stroke-dasharray` in line widths, as matplotlib scales its dashes.
    var svgDashes: [Double]? {
        switch self {
        case .solid, .none: return nil
        case .dashed: return [3.7, 1.6]
        case .dashDot: return [6.4, 1.6, 1, 1.6]
        case .dotted: return [1, 1.65]
        }
    }

    /// Two characters that stand for the style in a terminal legend.
    var legendSwatch: String {
        switch self {
        case .solid: return "──"
        case .dashed: return "╌╌"
        case .dashDot: return "─·"
        case .dotted: return "┈┈"
        case .none: return "  "
        }
    }
}

/// Point markers: matplotlib's marker characters that tcalc draws.
public enum Marker: Character, CaseIterable {
    case point = "."
    case pixel = ","
    case circle = "o"
    case square = "s"
    case triangleUp = "^"
    case triangleDown = "v"
    case triangleLeft = "<"
    case triangleRight = ">"
    case plus = "+"
    case x = "x"
    case star = "*"
    case diamond = "D"
    case thinDiamond = "d"
    case pentagon = "p"
    case hexagon = "h"

    /// The marker for a `marker=` argument (`'o'`, `'circle'` is not matplotlib's, so no).
    public static func parse(_ text: String) -> Marker? {
        guard text.count == 1, let c = text.first else { return nil }
        return Marker(rawValue: c)
    }

    /// Dot offsets (in braille dots, y down) that draw the marker around its centre.
    var dotOffsets: [(Int, Int)] {
        switch self {
        case .point, .pixel: return [(0, 0)]
        case .circle, .hexagon, .pentagon: return [(0, -1), (-1, 0), (1, 0), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
        case .square: return [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1), (0, 0)]
        case .plus: return [(0, -1), (-1, 0), (0, 0), (1, 0), (0, 1)]
        case .x, .star: return [(-1, -1), (1, -1), (0, 0), (-1, 1), (1, 1)]
        case .diamond, .thinDiamond: return [(0, -1), (-1, 0), (1, 0), (0, 1)]
        case .triangleUp: return [(0, -1), (-1, 1), (0, 1), (1, 1), (0, 0)]
        case .triangleDown: return [(0, 1), (-1, -1), (0, -1), (1, -1), (0, 0)]
        case .triangleLeft: return [(-1, 0), (1, -1), (1, 0), (1, 1), (0, 0)]
        case .triangleRight: return [(1, 0), (-1, -1), (-1, 0), (-1, 1), (0, 0)]
        }
    }

    /// The character that stands for the marker in a terminal legend.
    var legendGlyph: String {
        switch self {
        case .point, .pixel: return "·"
        case .circle, .hexagon, .pentagon: return "o"
        case .square: return "■"
        case .plus: return "+"
        case .x: return "x"
        case .star: return "*"
        case .diamond, .thinDiamond: return "◆"
        case .triangleUp: return "▲"
        case .triangleDown: return "▼"
        case .triangleLeft: return "◀"
        case .triangleRight: return "▶"
        }
    }
}

/// A matplotlib format string (`'r--'`, `'g-.'`, `'o'`, `'-o'`, `'C1:'`) split into its parts.
public struct FormatString: Equatable {
    public var color: RGB?
    public var lineStyle: LineStyle?
    public var marker: Marker?

    /// Parses `fmt` by matplotlib's rules: at most one colour, one line style and one marker, in
    /// any order. A marker without a line style means markers only.
    public init(_ fmt: String) throws {
        if let c = RGB.parse(fmt), !fmt.isEmpty, LineStyle.parse(fmt) == nil, Marker.parse(fmt) == nil,
           fmt.count > 1 || RGB.named[fmt] != nil {
            color = c
            return
        }
        var chars = Array(fmt)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if i + 1 < chars.count, let style = LineStyle.parse(String(chars[i...(i + 1)])), style != LineStyle.none {
                guard lineStyle == nil else { throw PlotError("Illegal format string \"\(fmt)\"; two linestyle symbols") }
                lineStyle = style
                i += 2
                continue
            }
            if c == "-" || c == ":" {
                guard lineStyle == nil else { throw PlotError("Illegal format string \"\(fmt)\"; two linestyle symbols") }
                lineStyle = c == "-" ? .solid : .dotted
            } else if let m = Marker(rawValue: c) {
                guard marker == nil else { throw PlotError("Illegal format string \"\(fmt)\"; two marker symbols") }
                marker = m
            } else if c == "C", i + 1 < chars.count, let digit = chars[i + 1].wholeNumberValue {
                guard color == nil else { throw PlotError("Illegal format string \"\(fmt)\"; two color symbols") }
                color = RGB.cycle[digit]
                i += 1
            } else if let hex = RGB.named[String(c)], String(c).count == 1 {
                guard color == nil else { throw PlotError("Illegal format string \"\(fmt)\"; two color symbols") }
                color = RGB(hex: hex)
            } else {
                throw PlotError("Unrecognized character \(c) in format string '\(fmt)'")
            }
            i += 1
        }
        chars = []
        if marker != nil && lineStyle == nil { lineStyle = LineStyle.none }
    }
}

/// A plotting error (mismatched lengths, a bad format string); the interpreter shows it as a
/// ValueError.
public struct PlotError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
