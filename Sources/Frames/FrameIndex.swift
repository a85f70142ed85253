/// Row labels: pandas' `RangeIndex` (what `read_csv` makes, kept by slicing) or a general `Index`
/// of labels (what a selection by list, mask or `dropna` leaves), so that selections keep the
/// labels pandas would print.
public enum FrameIndex: Equatable {
    case range(start: Int, stop: Int, step: Int)
    case labels([FrameValue])

    /// A default index `0..<count`.
    public static func `default`(_ count: Int) -> FrameIndex { .range(start: 0, stop: count, step: 1) }

    /// The number of labels.
    public var count: Int {
        switch self {
        case .range(let start, let stop, let step):
            if step == 0 { return 0 }
            // In magnitudes, so that huge steps and clamped stops cannot overflow.
            let (low, high) = step > 0 ? (start, stop) : (stop, start)
            guard high > low else { return 0 }
            let distance = UInt(bitPattern: high &- low)
            return Int(min((distance - 1) / step.magnitude, UInt(Int.max - 1))) + 1
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

    /// The labels at `positions`. Like pandas 3, a RangeIndex stays one when the chosen labels
    /// are evenly spaced (`[0, 2]` → `RangeIndex(start=0, stop=4, step=2)`).
    public func taking(_ positions: [Int]) -> FrameIndex {
        guard case .range(let start, _, let step) = self else {
            return .labels(positions.map { label(at: $0) })
        }
        let values = positions.map { start + $0 * step }
        guard let first = values.first else { return .range(start: 0, stop: 0, step: 1) }
        guard values.count > 1 else { return .range(start: first, stop: first + 1, step: 1) }
        let spacing = values[1] - values[0]
        var even = spacing != 0
        for k in 1..<values.count where values[k] - values[k - 1] != spacing { even = false; break }
        if even { return .range(start: first, stop: FrameIndex.clampedSum(values[values.count - 1], spacing), step: spacing) }
        return .labels(values.map { .int(Int64($0)) })
    }

    /// The labels of a positional slice (positions already validated); a RangeIndex stays one.
    public func slicing(start: Int, count n: Int, step: Int) -> FrameIndex {
        switch self {
        case .range(let s, _, let st):
            let first = s + start * st
            let newStep = st * step
            guard n > 0 else { return .range(start: first, stop: first, step: newStep) }
            return .range(start: first, stop: FrameIndex.clampedSum(first + (n - 1) * newStep, newStep), step: newStep)
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
            guard step != 0 else { return nil }
            let (offset, overflow) = value.subtractingReportingOverflow(start)
            guard !overflow, offset % step == 0 else { return nil }
            let p = offset / step
            return p >= 0 && p < count ? p : nil
        case .labels(let l):
            return l.firstIndex { FrameIndex.sameLabel($0, label) }
        }
    }

    /// `a + b`, saturating instead of trapping (a RangeIndex's stop may lie past Int.max).
    static func clampedSum(_ a: Int, _ b: Int) -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : s
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
