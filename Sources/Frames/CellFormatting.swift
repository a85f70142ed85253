import Foundation

/// pandas' `format_array` for one column: every cell as text with the leading space pandas
/// reserves for a sign, floats sharing one number of decimals, then padded to a common width.
enum CellFormatting {
    /// pandas' `display.precision`.
    static let precision = 6
    /// pandas' `display.max_colwidth`.
    static let maxColumnWidth = 50

    /// Python's `len`: code points, not grapheme clusters.
    static func width(_ s: String) -> Int { s.unicodeScalars.count }

    /// The cells of `column` formatted and right-justified to a common width (at least `minimum`).
    static func formatted(_ column: Column, minimum: Int = 0) -> [String] {
        fixedWidth(cells(column), minimum: minimum, rightJustified: true)
    }

    /// The cells before padding.
    static func cells(_ column: Column) -> [String] {
        switch column {
        // `f"{x: d}"`: the space stands in for a sign, so negatives have none.
        case .int64(let v): return v.map { $0 < 0 ? String($0) : " " + String($0) }
        case .bool(let v): return v.map { $0 ? " True" : " False" }
        case .float64(let v): return floats(v)
        case .object(let v): return v.map(objectCell)
        }
    }

    /// A cell of an object or str column: floats on their own trimmed, the rest as `str()`.
    static func objectCell(_ v: FrameValue) -> String {
        switch v {
        case .missing: return " NaN"
        case .float(let d):
            if d.isNaN { return " NaN" }
            return trimZerosSingle(fixed(d))
        case .string(let s): return " " + escaped(s)
        default: return " " + v.description
        }
    }

    /// `pprint_thing` with `escape_chars=("\t", "\r", "\n")`.
    static func escaped(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `f"{x: .6f}"`.
    static func fixed(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : " inf" }
        return String(format: "% .\(precision)f", d)
    }

    /// `f"{x: .6e}"`.
    static func scientific(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : " inf" }
        return String(format: "% .\(precision)e", d)
    }

    /// pandas' `FloatArrayFormatter`: six decimals, trailing zeros trimmed while every number
    /// has one, scientific notation when a value would show as zero or a large value makes the
    /// column too wide.
    static func floats(_ values: [Double]) -> [String] {
        var out = trimZeros(values.map(fixed))
        let longest = out.map(width).max() ?? 0
        let tooLong = longest > precision + 6
        var hasLarge = false, hasSmall = false
        let smallLimit: Double = pow(10, -Double(precision))
        for v in values {
            let a = abs(v)
            if a > 1e6 { hasLarge = true }
            if a < smallLimit && a > 0 { hasSmall = true }
        }
        if hasSmall || (tooLong && hasLarge) {
            out = trimZeros(values.map(scientific))
        }
        return out
    }

    /// `_trim_zeros_float`: drop a trailing zero from every plain decimal while all end in one,
    /// then give a bare `2.` its `0` back.
    static func trimZeros(_ strings: [String]) -> [String] {
        var result = strings
        let isDecimal: [Bool] = strings.map(isPlainDecimal)
        guard isDecimal.contains(true) else { return result }
        while true {
            var allEndInZero = true
            for (k, s) in result.enumerated() where isDecimal[k] && !s.hasSuffix("0") {
                allEndInZero = false
                break
            }
            if !allEndInZero { break }
            for k in result.indices where isDecimal[k] { result[k].removeLast() }
        }
        for k in result.indices where isDecimal[k] && result[k].hasSuffix(".") { result[k] += "0" }
        return result
    }

    /// Matches `^\s*[+-]?[0-9]+\.[0-9]*$`.
    private static func isPlainDecimal(_ s: String) -> Bool {
        var bytes = Substring(s).utf8.drop { $0 == 0x20 }
        if let f = bytes.first, f == 0x2B || f == 0x2D { bytes = bytes.dropFirst() }
        let intDigits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !intDigits.isEmpty else { return false }
        bytes = bytes.dropFirst(intDigits.count)
        guard bytes.first == 0x2E else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `_trim_zeros_single_float`.
    static func trimZerosSingle(_ s: String) -> String {
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t += "0" }
        return t
    }

    /// `_make_fixed_width`: pad to the longest (capped at `display.max_colwidth`, with longer
    /// cells cut to end in `...`).
    static func fixedWidth(_ strings: [String], minimum: Int = 0, rightJustified: Bool) -> [String] {
        guard !strings.isEmpty else { return strings }
        var maxLength = max(strings.map(width).max() ?? 0, minimum)
        if maxLength > maxColumnWidth { maxLength = maxColumnWidth }
        return strings.map { s in
            var t = s
            if width(t) > maxLength {
                t = String(String.UnicodeScalarView(t.unicodeScalars.prefix(maxLength - 3))) + "..."
            }
            return pad(t, to: maxLength, right: rightJustified)
        }
    }

    /// Pads with spaces on the left (`right: true`) or the right.
    static func pad(_ s: String, to length: Int, right: Bool) -> String {
        let n = length - width(s)
        guard n > 0 else { return s }
        let spaces = String(repeating: " ", count: n)
        return right ? spaces + s : s + spaces
    }

    /// Python's `str.center`.
    static func center(_ s: String, to length: Int) -> String {
        let margin = length - width(s)
        guard margin > 0 else { return s }
        let left = margin / 2 + (margin & length & 1)
        return String(repeating: " ", count: left) + s + String(repeating: " ", count: margin - left)
    }

    /// Row labels as pandas prints them beside a frame or series: formatted like a column,
    /// left-justified, with the shared leading space removed (`trim_front`).
    static func indexLabels(_ index: FrameIndex) -> [String] {
        let labels: [String]
        switch index {
        case .range(let start, _, let step):
            labels = cells(.int64((0..<index.count).map { Int64(start + $0 * step) }))
        case .labels(let l):
            let column = Column.inferring(l)
            // Left-justified float formatting spells NaN with the sign space too.
            labels = cells(column).map { $0 == "NaN" ? " NaN" : $0 }
        }
        var padded = fixedWidth(labels, rightJustified: false)
        while !padded.isEmpty && padded.allSatisfy({ $0.hasPrefix(" ") }) {
            padded = padded.map { String($0.dropFirst()) }
        }
        return padded
    }

    /// pandas' `adjoin`: columns side by side, every one but the last padded to its width plus
    /// `space`; shorter columns are padded at the top.
    static func adjoin(_ space: Int, _ columns: [[String]]) -> [String] {
        guard let rows = columns.map(\.count).max() else { return [] }
        var widths = columns.dropLast().map { ($0.map(width).max() ?? 0) + space }
        widths.append(columns.last?.map(width).max() ?? 0)
        var lines = [String](repeating: "", count: rows)
        for (k, column) in columns.enumerated() {
            let blank = String(repeating: " ", count: widths[k])
            let top = rows - column.count
            for r in 0..<rows {
                lines[r] += r < top ? blank : pad(column[r - top], to: widths[k], right: false)
            }
        }
        return lines
    }
}
