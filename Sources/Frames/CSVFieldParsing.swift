import Foundation

/// Turns one CSV field's bytes into a typed value with the rules of pandas' C parser: surrounding
/// spaces are allowed around numbers, ints must fit int64, floats accept `1e5`, `.5`, `5.` and
/// `inf`/`infinity` in any case, bools are `True`/`False`/`true`/`false`/`TRUE`/`FALSE`.
enum CSVFieldParsing {
    /// pandas' `STR_NA_VALUES`: the strings read as NaN unless `keep_default_na=False`.
    static let defaultMissingMarkers: [String] = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// The bytes without leading and trailing spaces or tabs.
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var lo = 0, hi = b.count
        while lo < hi && isSpace(b[lo]) { lo += 1 }
        while hi > lo && isSpace(b[hi - 1]) { hi -= 1 }
        return (lo, hi)
    }

    /// An int64, or nil when the text is not an integer or does not fit.
    @inline(__always)
    static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var (i, end) = trimmed(b)
        guard i < end else { return nil }
        var negative = false
        if b[i] == 0x2D || b[i] == 0x2B { negative = b[i] == 0x2D; i += 1 }
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// Whether the text is an optionally signed run of digits (of any length).
    static func isIntegerText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var (i, end) = trimmed(b)
        if i < end && (b[i] == 0x2D || b[i] == 0x2B) { i += 1 }
        guard i < end else { return false }
        while i < end { if b[i] &- 0x30 >= 10 { return false }; i += 1 }
        return true
    }

    private static let exactPowers: [Double] = (0...22).map { (k: Int) -> Double in
        var p: Double = 1
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// A double, or nil when the text is not a decimal number. Short mantissas take Clinger's
    /// exact fast path; everything else goes through `strtod`, which rounds correctly.
    static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let (lo, end) = trimmed(b)
        var i = lo
        guard i < end else { return nil }
        var negative = false
        if b[i] == 0x2D || b[i] == 0x2B { negative = b[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, exponent = 0
        while i < end, b[i] &- 0x30 < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(b[i] &- 0x30)
                if mantissa != 0 { significant += 1 }
            } else { exponent += 1 }
            digits += 1; i += 1
        }
        if i < end && b[i] == 0x2E {
            i += 1
            while i < end, b[i] &- 0x30 < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b[i] &- 0x30)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                }
                digits += 1; i += 1
            }
        }
        guard digits > 0 else { return parseInfinity(b, lo, end) }
        if i < end && (b[i] == 0x65 || b[i] == 0x45) {
            i += 1
            var expNegative = false
            if i < end && (b[i] == 0x2D || b[i] == 0x2B) { expNegative = b[i] == 0x2D; i += 1 }
            guard i < end else { return nil }
            var e = 0
            while i < end, b[i] &- 0x30 < 10 {
                if e < 100_000 { e = e * 10 + Int(b[i] &- 0x30) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        if mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / exactPowers[-exponent] : v * exactPowers[exponent]
            return negative ? -v : v
        }
        return slowDouble(b, lo, end)
    }

    private static func slowDouble(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
        var text = [CChar](repeating: 0, count: hi - lo + 1)
        for k in lo..<hi { text[k - lo] = CChar(bitPattern: b[k]) }
        return text.withUnsafeBufferPointer { p -> Double? in
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(p.baseAddress!, &endPointer)
            guard let e = endPointer, e - UnsafeMutablePointer(mutating: p.baseAddress!) == hi - lo else { return nil }
            return v
        }
    }

    private static func parseInfinity(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
        guard hi - lo <= 9 else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self).lowercased()
        switch word {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    /// pandas' default true/false spellings.
    static func parseBool(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch b.count {
        case 4:
            if matches(b, "True") || matches(b, "true") || matches(b, "TRUE") { return true }
        case 5:
            if matches(b, "False") || matches(b, "false") || matches(b, "FALSE") { return false }
        default: break
        }
        return nil
    }

    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard b.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<b.count where b[k] != w[k] { return false }
        return true
    }

    /// Checks that `bytes` is UTF-8. Returns nil, or Python's `UnicodeDecodeError` message for
    /// the first bad byte. Pure ASCII (the common case) is scanned eight bytes at a time.
    static func utf8Problem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = base[i]
            if c < 0x80 { i += 1; continue }
            let need: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; highest = 0x9F
            case 0xF0: need = 3; lowest = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; highest = 0x8F
            default: return decodeMessage(c, i, "invalid start byte")
            }
            for k in 1...need {
                guard i + k < n else { return decodeMessage(c, i, "unexpected end of data") }
                let t = base[i + k]
                let lo: UInt8 = k == 1 ? lowest : 0x80
                let hi: UInt8 = k == 1 ? highest : 0xBF
                if t < lo || t > hi { return decodeMessage(c, i, "invalid continuation byte") }
            }
            i += need + 1
        }
        return nil
    }

    private static func decodeMessage(_ byte: UInt8, _ position: Int, _ reason: String) -> String {
        let hex = String(byte, radix: 16)
        return "'utf-8' codec can't decode byte 0x\(hex.count < 2 ? "0" + hex : hex) in position \(position): \(reason)"
    }
}
