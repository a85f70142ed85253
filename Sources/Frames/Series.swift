/// One labelled column: pandas' `Series` (a name, a dtype, values, and row labels).
///
///     >>> data['Price'] > 130000
///     0    False
///     1    False
///     2     True
///     3     True
///     Name: Price, dtype: bool
public struct Series: Equatable {
    /// The series' name (the column it came from), shown in the `Name:` footer.
    public var name: String?
    /// The values, one per row.
    public var values: Column
    /// Row labels, parallel to `values`.
    public var index: FrameIndex

    /// A series; `index` defaults to a RangeIndex.
    public init(name: String?, values: Column, index: FrameIndex? = nil) {
        self.name = name
        self.values = values
        self.index = index ?? .default(values.count)
    }

    /// `len(s)`.
    public var count: Int { values.count }
    /// `s.dtype`.
    public var dtype: FrameDType { values.dtype }

    /// The value at a position (no bounds check).
    public subscript(position: Int) -> FrameValue { values[position] }

    /// `s['label']` / `s.loc[label]`: the value with that row label.
    public func value(forLabel label: FrameValue) throws -> FrameValue {
        guard let p = index.position(of: label) else { throw FrameError.key(label.repr) }
        return values[p]
    }

    /// `s.iloc[i]` with Python's negative positions.
    public func value(atPosition i: Int) throws -> FrameValue {
        let p = i < 0 ? i + count : i
        guard p >= 0 && p < count else { throw FrameError.index("single positional indexer is out-of-bounds") }
        return values[p]
    }

    /// The elements at `positions` with their labels; the positions must be valid (`iloc`
    /// checks user input).
    public func taking(_ positions: [Int]) -> Series {
        Series(name: name, values: values.gathering(positions), index: index.taking(positions))
    }

    func slicing(_ s: StridedPositions) -> Series {
        Series(name: name, values: values.gathering(s.positions),
               index: index.slicing(start: s.start, count: s.count, step: s.step))
    }

    /// `s.head(n)`.
    public func head(_ n: Int = 5) -> Series {
        let k = DataFrame.keptCount(n, of: count)
        return slicing(StridedPositions(start: 0, count: k, step: 1))
    }

    /// `s.tail(n)`.
    public func tail(_ n: Int = 5) -> Series {
        let k = DataFrame.keptCount(n, of: count)
        return slicing(StridedPositions(start: count - k, count: k, step: 1))
    }

    /// `s.isna()`.
    public func isna() -> Series {
        Series(name: name, values: .bool((0..<count).map { values.isMissing(at: $0) }), index: index)
    }

    /// `s.notna()`.
    public func notna() -> Series {
        Series(name: name, values: .bool((0..<count).map { !values.isMissing(at: $0) }), index: index)
    }

    /// `s.fillna(value)`: missing values replaced; an int fill of a float column stays float.
    public func fillna(_ value: FrameValue) -> Series {
        Series(name: name, values: values.filling(with: value), index: index)
    }

    /// `s.dropna()`: the rows that are not missing, with their labels.
    public func dropna() -> Series {
        taking((0..<count).filter { !values.isMissing(at: $0) })
    }

    /// `s.astype(dtype)`.
    public func astype(_ dtype: FrameDType) throws -> Series {
        Series(name: name, values: try values.converted(to: dtype, columnName: name), index: index)
    }

    /// `s[mask]` / `s.loc[mask]`: the rows where a bool series is true.
    public func filtered(by mask: Series) throws -> Series {
        taking(try mask.maskPositions(length: count))
    }

    /// The positions where this bool series is true, checked to be a mask of `length`.
    func maskPositions(length: Int) throws -> [Int] {
        guard case .bool(let flags) = values else {
            throw FrameError.key("a boolean mask must hold only True/False values, not \(dtype.rawValue)")
        }
        guard flags.count == length else {
            throw FrameError.index("Boolean index has wrong length: \(flags.count) instead of \(length)")
        }
        return flags.indices.filter { flags[$0] }
    }

    /// `s.unique()`: the distinct values in order of first appearance (NaN once, if present).
    public func unique() -> [FrameValue] {
        var seen = Set<FrameValue>()
        var sawMissing = false
        var result: [FrameValue] = []
        for i in 0..<count {
            if values.isMissing(at: i) {
                if !sawMissing { sawMissing = true; result.append(values[i]) }
                continue
            }
            if seen.insert(values[i]).inserted { result.append(values[i]) }
        }
        return result
    }

    /// `s.nunique()`: the number of distinct non-missing values.
    public func nunique() -> Int { unique().filter { !$0.isMissing }.count }

    /// `s.value_counts()`: counts of each distinct non-missing value, most frequent first (ties in
    /// order of first appearance), named `count`.
    public func valueCounts() -> Series {
        var order: [FrameValue] = []
        var counts: [FrameValue: Int] = [:]
        for i in 0..<count where !values.isMissing(at: i) {
            let v = values[i]
            if counts[v] == nil { order.append(v) }
            counts[v, default: 0] += 1
        }
        let ranked = order.enumerated().sorted { a, b in
            let ca = counts[a.element] ?? 0, cb = counts[b.element] ?? 0
            return ca != cb ? ca > cb : a.offset < b.offset
        }.map(\.element)
        return Series(name: "count", values: .int64(ranked.map { Int64(counts[$0] ?? 0) }), index: .labels(ranked))
    }

    /// Same name, labels and values (NaN never equals NaN).
    public static func == (a: Series, b: Series) -> Bool {
        a.name == b.name && a.values == b.values && a.index == b.index
    }
}
