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

    /// PyTorch's defaults.
    public init() {}

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
        return printf("%.*f", precision, value)
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

    private static func printf(_ format: String, _ precision: Int, _ value: Double) -> String {
        // A precision beyond what a double can carry only pads zeros; keep buffers bounded.
        let digits: Int32 = Int32(max(0, min(precision, 1000)))
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let needed: Int32 = withVaList([digits, value]) { args in
                buffer.withUnsafeMutableBufferPointer { out in
                    vsnprintf(out.baseAddress, capacity, format, args)
                }
            }
            if needed < 0 { return String(value) }
            if Int(needed) < capacity {
                let bytes: [UInt8] = buffer.prefix(Int(needed)).map { UInt8(bitPattern: $0) }
                return String(decoding: bytes, as: UTF8.self)
            }
            capacity = Int(needed) + 1
        }
    }

    /// Left-pads `text` with spaces to `width` characters (never truncates).
    static func padded(_ text: String, to width: Int) -> String {
        let n = text.count
        return n >= width ? text : String(repeating: " ", count: width - n) + text
    }
}
