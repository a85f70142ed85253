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
