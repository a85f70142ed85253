/// A character grid where each cell holds 2×4 dots (Unicode braille, U+2800–U+28FF), so a
/// terminal of W×H characters draws at 2W×4H resolution. Each dot remembers which series set it,
/// so several series can be told apart by colour.
public struct BrailleCanvas {
    public let columns: Int
    public let rows: Int
    /// Dot bits per cell, and the series index that last drew in it (-1: none).
    var bits: [UInt8]
    var owner: [Int]

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        owner = [Int](repeating: -1, count: self.columns * self.rows)
    }

    /// Braille dot bit for a position inside a cell (x in 0...1, y in 0...3, y down).
    static func bit(x: Int, y: Int) -> UInt8 {
        let table: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        return table[x][y]
    }

    /// Sets the dot at (x, y), y counted from the top; dots off the canvas are ignored.
    public mutating func set(x: Int, y: Int, series: Int = 0) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= BrailleCanvas.bit(x: x % 2, y: y % 4)
        owner[cell] = series
    }

    /// A straight line between two dots (Bresenham), clipped to the canvas.
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), series: Int = 0) {
        var x0 = a.x, y0 = a.y
        let dx = abs(b.x - x0), dy = -abs(b.y - y0)
        let sx = x0 < b.x ? 1 : -1, sy = y0 < b.y ? 1 : -1
        var err = dx + dy
        var steps = 0
        while true {
            set(x: x0, y: y0, series: series)
            if x0 == b.x && y0 == b.y { break }
            steps += 1
            if steps > 4 * (dotWidth + dotHeight) { break }  // far off-canvas segments stay bounded
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }

    /// The rows of text; with `colors`, each cell is wrapped in its series' ANSI colour.
    public func lines(colors: [String]? = nil) -> [String] {
        var out: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<columns {
                let i = r * columns + c
                let ch = Character(Unicode.Scalar(0x2800 + UInt32(bits[i]))!)
                if let colors, bits[i] != 0, owner[i] >= 0 {
                    line += colors[owner[i] % colors.count] + String(ch) + "\u{1b}[0m"
                } else {
                    line.append(ch)
                }
            }
            out.append(line)
        }
        return out
    }
}
