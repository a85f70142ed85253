import Foundation

/// The process-wide settings of `torch.set_printoptions`: how many digits, when to summarize
/// a large tensor with `...`, and how wide a line may grow.
///
///     >>> torch.set_printoptions(precision=2)
///     >>> torch.tensor([1.23456])
///     tensor([1.23])
public struct PrintOptions: Equatable, Sendable {
    /// Digits after the decimal point for floating values (`%.4f`, `%.4e`).
    public var precision: Int = 4
    /// Tensors with more elements than this are summarized. `Int.max` stands for Python's `inf`.
    public var threshold: Int = 1000
    /// Entries kept at each end of a summarized dimension.
    public var edgeitems: Int = 3
    /// The line width that 1-d rows and suffixes wrap at.
    public var linewidth: Int = 80
    /// `nil` chooses scientific notation automatically; `true`/`false` force it on or off.
    public var sciMode: Bool? = nil

    /// PyTorch's defaults unless given.
    public init(precision: Int = 4, threshold: Int = 1000, edgeitems: Int = 3, linewidth: Int = 80,
                sciMode: Bool? = nil) {
        self.precision = precision
        self.threshold = threshold
        self.edgeitems = edgeitems
        self.linewidth = linewidth
        self.sciMode = sciMode
    }

    /// The options every tensor repr uses unless told otherwise. The interpreter is a single
    /// thread, so a plain static is enough (see Package.swift on the language mode).
    nonisolated(unsafe) public static var current = PrintOptions()

    /// Resets precision, threshold, edgeitems and linewidth to one of PyTorch's named profiles:
    /// `"default"`, `"short"` (precision 2, edgeitems 2) or `"full"` (never summarize).
    /// `sciMode` is left alone: `torch.set_printoptions` sets it from its own argument.
    ///
    /// PyTorch silently ignores an unknown profile name; tcalc reports it instead, because a
    /// misspelt profile that does nothing is hard to notice.
    public mutating func apply(profile: String) throws {
        switch profile {
        case "default":
            precision = 4; threshold = 1000; edgeitems = 3; linewidth = 80
        case "short":
            precision = 2; threshold = 1000; edgeitems = 2; linewidth = 80
        case "full":
            precision = 4; threshold = Int.max; edgeitems = 3; linewidth = 80
        default:
            throw TensorError.value("unknown print profile '\(profile)': expected 'default', 'short' or 'full'")
        }
    }
}

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

    private static let powersOfTen: [UInt64] = (0...18).map { (0..<$0).reduce(UInt64(1)) { acc, _ in acc * 10 } }

    /// `%.{precision}f` without printf for the common case where the rounded, scaled value fits
    /// 64 bits: the double is an exact integer times a power of two, so value·10^p is rounded
    /// exactly (ties to even, as glibc does) with a 128-bit product. printf's varargs cost more
    /// than the digits; this keeps large prints fast. Nil when out of range.
    static func exactFixed(_ value: Double, precision p: Int) -> String? {
        guard p >= 0 && p <= 18 else { return nil }
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
        return printf("%.*e", precision, value)
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
