/// Row labels: pandas' `RangeIndex` (what `read_csv` makes, kept by slicing) or a general `Index`
/// of labels (what a selection by list, mask or `dropna` leaves), so that selections keep the
/// labels pandas would print.
public enum FrameIndex: Equatable {
    case range(start: Int, stop: Int, step: Int)
    case labels([FrameValue])

    /// A default index `0..<count`.
    public static func `default`(_ count: Int) -> FrameIndex { .range(start: 0, stop: count, step: 1) }

    public var count: Int {
        switch self {
        case .range(let start, let stop, let step):
            if step > 0 { return stop > start ? (stop - start + step - 1) / step : 0 }
            return start > stop ? (start - stop - step - 1) / (-step) : 0
        case .labels(let l): return l.count
        }
    }

    /// The label at a position (no bounds check).
    public func label(at position: Int) -> FrameValue {
        switch self {
        case .range(let start, _, let step): return .int(Int64(start + position * step))
        case .labels(let l): return l[position]
        }
    }

    /// Every label.
    public var labels: [FrameValue] { (0..<count).map { label(at: $0) } }

    /// The labels at `positions` (a general index, as pandas' `take` gives).
    public func taking(_ positions: [Int]) -> FrameIndex {
        .labels(positions.map { label(at: $0) })
    }

    /// The labels of a positional slice; a RangeIndex stays a RangeIndex.
    public func slicing(start: Int, count n: Int, step: Int) -> FrameIndex {
        switch self {
        case .range(let s, _, let st):
            let first = s + start * st
            return .range(start: first, stop: first + n * st * step, step: st * step)
        case .labels(let l):
            return .labels((0..<n).map { l[start + $0 * step] })
        }
    }

    /// The position of the first row carrying `label`, as `loc` looks labels up.
    public func position(of label: FrameValue) -> Int? {
        switch self {
        case .range(let start, _, let step):
            guard let d = label.doubleValue, case let v = Int(exactly: d), let value = v else { return nil }
            if case .bool = label { return nil }
            let offset = value - start
            guard offset % step == 0 else { return nil }
            let p = offset / step
            return p >= 0 && p < count ? p : nil
        case .labels(let l):
            return l.firstIndex { FrameIndex.sameLabel($0, label) }
        }
    }

    /// pandas compares labels by value: `2` finds `2.0`.
    static func sameLabel(_ a: FrameValue, _ b: FrameValue) -> Bool {
        if case .string(let x) = a { if case .string(let y) = b { return x == y }; return false }
        if case .string = b { return false }
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a.isMissing && b.isMissing
    }

    /// pandas' repr: `RangeIndex(start=0, stop=4, step=1)` or `Index([0, 2], dtype='int64')`.
    public var repr: String {
        switch self {
        case .range(let start, let stop, let step):
            return "RangeIndex(start=\(start), stop=\(stop), step=\(step))"
        case .labels(let l):
            let column = Column.inferring(l)
            let items = l.map { v -> String in
                if case .float(let d) = v, column.dtype == .float64 { return FrameValue.pythonFloatString(d) }
                return v.repr
            }
            return "Index([\(items.joined(separator: ", "))], dtype='\(column.dtype.rawValue)')"
        }
    }
}
