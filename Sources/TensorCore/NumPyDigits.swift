import Foundation

/// NumPy's number text (Dragon4 in `unique` mode, as `np.format_float_positional` and
/// `np.format_float_scientific` produce it): the shortest digits that round-trip at the
/// element's own precision (float32 values round-trip as float32), cut off at `precision`
/// digits after the point, where the exact binary value is then rounded.
public enum NumPyDigits {
    /// The shortest round-trip digits of a value and the decimal exponent of the first digit:
    /// 0.00123 → ("123", -3). Zero gives ("0", 0).
    public static func shortest(_ value: Double, float32: Bool) -> (negative: Bool, digits: [UInt8], exponent: Int) {
        // Swift's `description` is the shortest round-trip form for its own type.
        var text: String = float32 ? Float(value).description : value.description
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var all: [UInt8] = []
        var point = 0
        var seenPoint = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            all.append(c)
            if !seenPoint { point += 1 }
        }
        while all.count > 1 && all[0] == UInt8(ascii: "0") { all.removeFirst(); point -= 1 }
        while all.count > 1 && all[all.count - 1] == UInt8(ascii: "0") { all.removeLast() }
        if all == [UInt8(ascii: "0")] { return (negative, all, 0) }
        return (negative, all, point - 1 + exp)
    }

    /// Positional digits split at the point: `(sign+integer part, fraction)`, with at most
    /// `precision` fraction digits and trailing zeros trimmed (`1.5` → ("1", "5"), `2.0` → ("2", "")).
    public static func positional(_ value: Double, float32: Bool, precision: Int) -> (integer: String, fraction: String) {
        let (negative, digits, exponent) = shortest(value, float32: float32)
        let sign = negative ? "-" : ""
        let fractionCount = max(0, digits.count - 1 - exponent)
        if fractionCount > precision {
            // Cut off: round the exact value, as Dragon4 does at its cutoff.
            let text = NumberText.fixed(value, precision: precision)
            var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 { parts.append("") }
            var frac = parts[1]
            while frac.hasSuffix("0") { frac.removeLast() }
            var int = parts[0]
            if negative && !int.hasPrefix("-") { int = "-" + int }
            return (int, frac)
        }
        let chars = digits.map { Character(UnicodeScalar($0)) }
        if digits == [UInt8(ascii: "0")] { return (sign + "0", "") }
        if exponent < 0 {
            return (sign + "0", String(repeating: "0", count: -exponent - 1) + String(chars))
        }
        if chars.count <= exponent + 1 {
            return (sign + String(chars) + String(repeating: "0", count: exponent + 1 - chars.count), "")
        }
        return (sign + String(chars[0...exponent]), String(chars[(exponent + 1)...]))
    }

    /// Scientific digits: `(sign+leading digit, mantissa fraction, exponent)` with at most
    /// `precision` fraction digits, trailing zeros trimmed.
    public static func scientific(_ value: Double, float32: Bool, precision: Int) -> (integer: String, fraction: String, exponent: Int) {
        let (negative, digits, exponent) = shortest(value, float32: float32)
        let sign = negative ? "-" : ""
        if digits.count - 1 > precision {
            let text = NumberText.scientific(value, precision: precision)
            guard let e = text.firstIndex(of: "e") else { return (text, "", 0) }
            let mantissa = text[..<e]
            let exp = Int(text[text.index(after: e)...]) ?? 0
            let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var frac = parts.count > 1 ? parts[1] : ""
            while frac.hasSuffix("0") { frac.removeLast() }
            return (parts[0], frac, exp)
        }
        let chars = digits.map { Character(UnicodeScalar($0)) }
        return (sign + String(chars[0]), String(chars.dropFirst()), digits == [UInt8(ascii: "0")] ? 0 : exponent)
    }

    /// The exponent as NumPy writes it: a sign and at least `minDigits` digits (`e+05`).
    public static func exponentText(_ e: Int, minDigits: Int) -> String {
        var d = String(abs(e))
        if d.count < minDigits { d = String(repeating: "0", count: minDigits - d.count) + d }
        return "e" + (e < 0 ? "-" : "+") + d
    }

    /// A NumPy float scalar's text (`str(np.float64(x))`, the inside of its repr): Python's
    /// repr rules (positional within [1e-4, 1e16), `.0` on whole numbers) over the shortest
    /// digits of the value's own precision, so `np.float32(0.1)` prints `0.1`.
    public static func scalarText(_ value: Double, float32: Bool) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, exponent) = shortest(value, float32: float32)
        let sign = negative ? "-" : ""
        let chars = digits.map { Character(UnicodeScalar($0)) }
        if digits == [UInt8(ascii: "0")] { return sign + "0.0" }
        if exponent < -4 || exponent >= 16 {
            var mantissa = String(chars[0])
            if chars.count > 1 { mantissa += "." + String(chars.dropFirst()) }
            return sign + mantissa + exponentText(exponent, minDigits: 2)
        }
        if exponent < 0 { return sign + "0." + String(repeating: "0", count: -exponent - 1) + String(chars) }
        if chars.count <= exponent + 1 {
            return sign + String(chars) + String(repeating: "0", count: exponent + 1 - chars.count) + ".0"
        }
        return sign + String(chars[0...exponent]) + "." + String(chars[(exponent + 1)...])
    }
}
