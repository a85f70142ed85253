/// A character grid where each cell holds 2×4 dots (Unicode braille, U+2800–U+28FF), so a
/// terminal of W×H characters draws at 2W×4H resolution. Each cell remembers the ink (an index
/// into the renderer's colours) that last drew in it, so series can be told apart by colour.
public struct BrailleCanvas {
    public let columns: Int
    public let rows: Int
    /// Dot bits per cell, and the ink that last drew in it (-1: none).
    var bits: [UInt8]
    var ink: [Int]

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        ink = [Int](repeating: -1, count: self.columns * self.rows)
    }

    /// Braille dot bits for a position inside a cell, indexed [x][y] (x in 0...1, y in 0...3, y down).
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (x, y), y counted from the top; dots off the canvas are ignored.
    @inline(__always)
    public mutating func set(x: Int, y: Int, ink: Int = 0) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y >> 2) * columns + (x >> 1)
        bits[cell] |= BrailleCanvas.dotBits[x & 1][y & 3]
        self.ink[cell] = ink
    }

    /// Whether a cell has any dot set.
    public func isInked(column: Int, row: Int) -> Bool { bits[row * columns + column] != 0 }

    /// A straight line between two dots (Bresenham), clipped to the canvas. `pattern` gives
    /// on/off run lengths in dots (nil: solid); `phase` carries the position in the pattern from
    /// one segment to the next so that dashes flow along a polyline.
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), ink: Int = 0,
                              pattern: [Int]? = nil, phase: inout Int) {
        var x0 = a.x, y0 = a.y
        let dx = abs(b.x - x0), dy = -abs(b.y - y0)
        let sx = x0 < b.x ? 1 : -1, sy = y0 < b.y ? 1 : -1
        var err = dx + dy
        let period = pattern?.reduce(0, +) ?? 0
        var steps = 0
        while true {
            if let pattern, period > 0 {
                var p = phase % period
                var on = true
                for run in pattern {
                    if p < run { break }
                    p -= run
                    on.toggle()
                }
                if on { set(x: x0, y: y0, ink: ink) }
                phase += 1
            } else {
                set(x: x0, y: y0, ink: ink)
            }
            if x0 == b.x && y0 == b.y { break }
            steps += 1
            if steps > 4 * (dotWidth + dotHeight) { break }  // far off-canvas segments stay bounded
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    /// A solid line (see `line(from:to:ink:pattern:phase:)`).
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), ink: Int = 0) {
        var phase = 0
        line(from: a, to: b, ink: ink, pattern: nil, phase: &phase)
    }

    /// Fills the dots of a rectangle (inclusive corners, any order); `sparse` leaves every other
    /// dot empty in a checkerboard, so that a second bar series reads differently without colour.
    public mutating func fill(x0: Int, y0: Int, x1: Int, y1: Int, ink: Int, sparse: Bool = false) {
        let xa = max(0, min(x0, x1)), xb = min(dotWidth - 1, max(x0, x1))
        let ya = max(0, min(y0, y1)), yb = min(dotHeight - 1, max(y0, y1))
        guard xa <= xb, ya <= yb else { return }
        for y in ya...yb {
            for x in xa...xb where !sparse || (x + y) % 2 == 0 { set(x: x, y: y, ink: ink) }
        }
    }

    /// The character of one cell.
    public func character(column: Int, row: Int) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits[row * columns + column]))!)
    }

    /// The ink of one cell (-1 when empty).
    public func inkOf(column: Int, row: Int) -> Int { ink[row * columns + column] }

    /// The rows of text, without colour.
    public func lines() -> [String] {
        (0..<rows).map { r in String((0..<columns).map { character(column: $0, row: r) }) }
    }
}

/// A rectangle of terminal cells, each a character with optional foreground and background
/// colours; the terminal renderer composes axes into it and prints it with or without ANSI
/// escapes.
public struct TextGrid {
    public let width: Int
    public let height: Int
    var chars: [Character]
    var foreground: [RGB?]
    var background: [RGB?]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        chars = Array(repeating: " ", count: self.width * self.height)
        foreground = Array(repeating: nil, count: self.width * self.height)
        background = Array(repeating: nil, count: self.width * self.height)
    }

    /// Sets one cell; positions outside are ignored.
    public mutating func put(_ c: Character, row: Int, column: Int, color: RGB? = nil, background bg: RGB? = nil) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        let i = row * width + column
        chars[i] = c
        foreground[i] = color
        if let bg { background[i] = bg }
    }

    /// Writes text from a column, clipped to the grid; returns the column after it.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, color: RGB? = nil) -> Int {
        var c = column
        for ch in text {
            put(ch, row: row, column: c, color: color)
            c += 1
        }
        return c
    }

    /// Writes text centred on a column span.
    public mutating func writeCentered(_ text: String, row: Int, from: Int, width span: Int, color: RGB? = nil) {
        let start = from + max(0, (span - text.count) / 2)
        write(String(text.prefix(max(0, span))), row: row, column: start, color: color)
    }

    /// Copies another grid in at an offset.
    public mutating func paste(_ other: TextGrid, row: Int, column: Int) {
        for r in 0..<other.height {
            for c in 0..<other.width {
                let i = r * other.width + c
                let rr = row + r, cc = column + c
                guard rr >= 0, rr < height, cc >= 0, cc < width else { continue }
                let j = rr * width + cc
                chars[j] = other.chars[i]
                foreground[j] = other.foreground[i]
                background[j] = other.background[i]
            }
        }
    }

    public func character(row: Int, column: Int) -> Character { chars[row * width + column] }

    /// The text, one line per row with trailing blanks removed; with `color`, runs of cells are
    /// wrapped in 256-colour ANSI escapes.
    public func render(color: Bool) -> String {
        var out: [String] = []
        for r in 0..<height {
            var line = ""
            var current: (RGB?, RGB?) = (nil, nil)
            var last = width - 1
            while last >= 0 && chars[r * width + last] == " " && background[r * width + last] == nil { last -= 1 }
            if last >= 0 {
                for c in 0...last {
                    let i = r * width + c
                    if color {
                        let want = (foreground[i], background[i])
                        if want.0 != current.0 || want.1 != current.1 {
                            if current.0 != nil || current.1 != nil { line += "\u{1b}[0m" }
                            if let f = want.0 { line += f.ansiForeground }
                            if let b = want.1 { line += b.ansiBackground }
                            current = want
                        }
                    }
                    line.append(chars[i])
                }
            }
            if color && (current.0 != nil || current.1 != nil) { line += "\u{1b}[0m" }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }
}
