import Foundation

/// printf-style number formatting. C's `%f`/`%e` are correctly rounded on glibc, exactly as
/// Python's `format`, so the digits agree with PyTorch's; only non-finite values need care
/// (C may print `-nan`, Python never does).
enum NumberText {
    /// Python's `f"{value:.{precision}f}"`.
    static func fixed(_ value: Double, precision: Int) -> String {
        if let special = nonFinite(value) { return special }
        if let fast = exactFixed(value, precision: precision) { return fast }
        return printf("%.*f", precision, value)
    }

    private static let powersOfTen: [UInt64] = (0...19).map { (0..<$0).reduce(UInt64(1)) { acc, _ in acc * 10 } }

    /// `%.{precision}f` without printf for the common case where the rounded, scaled value fits
    /// 64 bits: the double is an exact integer times a power of two, so value·10^p is rounded
    /// exactly (ties to even, as glibc does) with a 128-bit product. printf's varargs cost more
    /// than the digits; this keeps large prints fast. Nil when out of range.
    static func exactFixed(_ value: Double, precision p: Int) -> String? {
        guard p >= 0 && p <= 18 && value.isFinite else { return nil }
        let magnitude = Swift.abs(value)
        let scaleLimit: Double = 9.0e18 / Double(powersOfTen[p])
        guard magnitude < scaleLimit else { return nil }
        let exponentBits = Int(magnitude.exponentBitPattern)
        let fraction = magnitude.significandBitPattern
        let m: UInt64 = exponentBits == 0 ? fraction : fraction | (1 << 52)
        let e: Int = exponentBits == 0 ? -1074 : exponentBits - 1075
        let scale = powersOfTen[p]
        var q: UInt64
        if m == 0 {
            q = 0
        } else if e >= 0 {
            // An integer below 9e18, so the shift and the product cannot overflow.
            q = (m << UInt64(e)) * scale
        } else {
            let (high, low) = m.multipliedFullWidth(by: scale)
            let s = -e
            if s >= 128 {
                q = 0  // the product is below 2^113, under half a unit
            } else {
                q = shiftRight(high, low, s).low
                let rem = lowBits(high, low, s)
                let half = s == 0 ? (UInt64(0), UInt64(0)) : (s - 1 >= 64 ? (UInt64(1) << UInt64(s - 65), UInt64(0)) : (UInt64(0), UInt64(1) << UInt64(s - 1)))
                if rem.high > half.0 || (rem.high == half.0 && rem.low > half.1) {
                    q += 1
                } else if rem.high == half.0 && rem.low == half.1 && s > 0 && q & 1 == 1 {
                    q += 1
                }
            }
        }
        let integerPart = q / scale
        var text = value.sign == .minus ? "-" : ""
        text += String(integerPart)
        if p > 0 {
            let digits = String(q % scale)
            text += "." + String(repeating: "0", count: p - digits.utf8.count) + digits
        }
        return text
    }

    private static func shiftRight(_ high: UInt64, _ low: UInt64, _ s: Int) -> (high: UInt64, low: UInt64) {
        if s == 0 { return (high, low) }
        if s >= 128 { return (0, 0) }
        if s >= 64 { return (0, high >> UInt64(s - 64)) }
        return (high >> UInt64(s), (low >> UInt64(s)) | (high << UInt64(64 - s)))
    }

    /// The low `s` bits of a 128-bit number.
    private static func lowBits(_ high: UInt64, _ low: UInt64, _ s: Int) -> (high: UInt64, low: UInt64) {
        if s >= 128 { return (high, low) }
        if s >= 64 { return (s == 64 ? 0 : high & ((1 << UInt64(s - 64)) - 1), low) }
        return (0, s == 0 ? 0 : low & ((1 << UInt64(s)) - 1))
    }

    /// Python's `f"{value:.{precision}e}"`.
    static func scientific(_ value: Double, precision: Int) -> String {
        if let special = nonFinite(value) { return special }
        if let fast = exactScientific(value, precision: precision) { return fast }
        return printf("%.*e", precision, value)
    }

    /// `%.{precision}e` by the same exact integer method as `exactFixed`: with the decimal
    /// exponent k, the digits are value·10^(p−k) rounded half to even, and k is corrected when
    /// the estimate from log10 was one off or rounding carried into a new digit. Nil outside the
    /// range where every intermediate fits 128 bits (printf takes those).
    static func exactScientific(_ value: Double, precision p: Int) -> String? {
        guard p >= 0 && p <= 17 && value != 0 && value.isFinite else { return nil }
        let magnitude = Swift.abs(value)
        let exponentBits = Int(magnitude.exponentBitPattern)
        let fraction = magnitude.significandBitPattern
        let m: UInt64 = exponentBits == 0 ? fraction : fraction | (1 << 52)
        let e: Int = exponentBits == 0 ? -1074 : exponentBits - 1075
        var k = Int(Foundation.log10(magnitude).rounded(.down))
        let low = powersOfTen[p], high = powersOfTen[p + 1]
        for _ in 0..<3 {
            guard let digits = scaledDigits(m, e, shift: p - k) else { return nil }
            if digits >= high { k += 1; continue }
            if digits < low { k -= 1; continue }
            let text = String(digits)
            let head = text.prefix(1), tail = text.dropFirst()
            let exponent = Swift.abs(k) < 10 ? "0" + String(Swift.abs(k)) : String(Swift.abs(k))
            var out = value.sign == .minus ? "-" : ""
            out += head
            if p > 0 { out += "." + tail }
            return out + "e" + (k < 0 ? "-" : "+") + exponent
        }
        return nil
    }

    /// m·2^e·10^t rounded half to even, when it fits 64 bits and the arithmetic fits 128.
    private static func scaledDigits(_ m: UInt64, _ e: Int, shift t: Int) -> UInt64? {
        if t >= 0 {
            guard t <= 19 else { return nil }
            let (high, low) = m.multipliedFullWidth(by: powersOfTen[t])
            if e >= 0 {
                guard high == 0, e < 64, low.leadingZeroBitCount > e else { return nil }
                return low << UInt64(e)
            }
            return roundedShift(high, low, -e)
        }
        guard -t <= 19 else { return nil }
        let divisor = powersOfTen[-t]
        if e >= 0 {
            guard e <= 75 else { return nil }
            let (high, low) = (e >= 64 ? m << UInt64(e - 64) : (e == 0 ? 0 : m >> UInt64(64 - e)), e >= 64 ? 0 : m << UInt64(e))
            guard high < divisor else { return nil }
            let (q, r) = divisor.dividingFullWidth((high, low))
            return roundHalfEven(q, remainder: r, divisor: divisor)
        }
        guard -e < 64, divisor.leadingZeroBitCount > -e else { return nil }
        let denominator = divisor << UInt64(-e)
        return roundHalfEven(m / denominator, remainder: m % denominator, divisor: denominator)
    }

    private static func roundHalfEven(_ q: UInt64, remainder r: UInt64, divisor d: UInt64) -> UInt64 {
        let rest = d - r  // compare r with d/2 without overflow: r > d - r means above half
        if r > rest || (r == rest && q & 1 == 1) { return q + 1 }
        return q
    }

    /// A 128-bit number shifted right by s, rounded half to even; nil if it exceeds 64 bits.
    private static func roundedShift(_ high: UInt64, _ low: UInt64, _ s: Int) -> UInt64? {
        if s >= 128 { return 0 }
        let q = shiftRight(high, low, s)
        guard q.high == 0 else { return nil }
        let rem = lowBits(high, low, s)
        let half: (UInt64, UInt64) = s == 0 ? (0, 0) : (s - 1 >= 64 ? (UInt64(1) << UInt64(s - 65), 0) : (0, UInt64(1) << UInt64(s - 1)))
        var result = q.low
        if s > 0 && (rem.high > half.0 || (rem.high == half.0 && rem.low > half.1)) {
            result += 1
        } else if s > 0 && rem.high == half.0 && rem.low == half.1 && result & 1 == 1 {
            result += 1
        }
        return result
    }

    /// `nan`, `inf` or `-inf`, as Python spells them; nil for finite values.
    static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    static func printf(_ format: String, _ precision: Int, _ value: Double) -> String {
        // A precision beyond what a double can carry only pads zeros; keep buffers bounded.
        let digits: Int32 = Int32(max(0, min(precision, 1000)))
        // Most numbers fit a small stack buffer; huge ones (1e300 in %f) retry on the heap.
        let quick: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let needed: Int32 = withVaList([digits, value]) { vsnprintf(buffer.baseAddress, 64, format, $0) }
            guard needed >= 0 && needed < 64 else { return nil }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(needed)), as: UTF8.self)
        }
        if let text = quick { return text }
        let capacity = 2048
        var buffer = [CChar](repeating: 0, count: capacity)
        let needed: Int32 = withVaList([digits, value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, capacity, format, args) }
        }
        if needed < 0 { return String(value) }
        let bytes: [UInt8] = buffer.prefix(Swift.min(Int(needed), capacity - 1)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Left-pads `text` with spaces to `width` characters (never truncates).
    static func padded(_ text: String, to width: Int) -> String {
        let n = text.utf8.count
        return n >= width ? text : String(repeating: " ", count: width - n) + text
    }
}
