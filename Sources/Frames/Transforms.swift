/// Whole-frame transformations that keep one row per row: missing-value handling, casts and
/// one-hot encoding.
extension DataFrame {
    /// `df.isna()`: a bool frame, true where a value is missing.
    public func isna() -> DataFrame {
        mapColumns { c in .bool((0..<c.count).map { c.isMissing(at: $0) }) }
    }

    /// `df.notna()`.
    public func notna() -> DataFrame {
        mapColumns { c in .bool((0..<c.count).map { !c.isMissing(at: $0) }) }
    }

    /// `df.fillna(value)`: every missing value replaced.
    public func fillna(_ value: FrameValue) -> DataFrame {
        mapColumns { $0.filling(with: value) }
    }

    /// `df.fillna(series)`: each column filled with the series' value labelled by the column name
    /// (columns the series does not name are left alone), as `inputs.fillna(inputs.mean())` does.
    public func fillna(_ values: Series) -> DataFrame {
        var out = columnValues
        for (k, name) in columnNames.enumerated() {
            guard let p = values.index.position(of: .string(name)) else { continue }
            out[k] = out[k].filling(with: values.values[p])
        }
        return DataFrame(names: columnNames, values: out, index: index)
    }

    /// `df.dropna(axis=0|1, how='any'|'all')`.
    public func dropna(axis: Int = 0, how: String = "any") throws -> DataFrame {
        guard how == "any" || how == "all" else { throw FrameError.value("invalid how option: \(how)") }
        let requireAll = how == "all"
        switch axis {
        case 0:
            let keep = (0..<rowCount).filter { r in
                let missing = columnValues.filter { $0.isMissing(at: r) }.count
                return requireAll ? (missing < columnValues.count || columnValues.isEmpty) : missing == 0
            }
            return gatheringRows(keep)
        case 1:
            let keep = columnNames.indices.filter { k in
                let missing = (0..<rowCount).filter { columnValues[k].isMissing(at: $0) }.count
                return requireAll ? (missing < rowCount || rowCount == 0) : missing == 0
            }
            return DataFrame(names: keep.map { columnNames[$0] }, values: keep.map { columnValues[$0] }, index: index)
        default:
            throw FrameError.value("No axis named \(axis) for object type DataFrame")
        }
    }

    /// `df.apply(f)`: `f` applied to each column as a Series; the results (one per column, each
    /// as long as the frame) become the new columns, as in d2l's
    /// `features.apply(lambda x: (x - x.mean()) / x.std())`.
    public func applying(_ transform: (Series) throws -> Series) throws -> DataFrame {
        var values: [Column] = []
        for s in allSeries {
            let result = try transform(s)
            guard result.count == rowCount else {
                throw FrameError.value("apply: the function returned \(result.count) values for column \(FrameError.quoted(s.name ?? "")), expected \(rowCount)")
            }
            values.append(result.values)
        }
        return DataFrame(names: columnNames, values: values, index: index)
    }

    /// `df[names] = other`: the columns of `other`, by position, stored under `names`.
    public mutating func setColumns(_ names: [String], from other: DataFrame) throws {
        guard names.count == other.columnNames.count else {
            throw FrameError.value("Columns must be same length as key")
        }
        for (name, column) in zip(names, other.columnValues) { try setColumn(name, column) }
    }

    /// `df.astype(dtype)`: every column cast.
    public func astype(_ dtype: FrameDType) throws -> DataFrame {
        var out: [Column] = []
        for (k, c) in columnValues.enumerated() { out.append(try c.converted(to: dtype, columnName: columnNames[k])) }
        return DataFrame(names: columnNames, values: out, index: index)
    }

    /// `df.astype({'a': dtype, …})`: the named columns cast.
    public func astype(_ dtypes: [(String, FrameDType)]) throws -> DataFrame {
        var out = columnValues
        for (name, dtype) in dtypes {
            let k = try position(ofColumn: name)
            out[k] = try out[k].converted(to: dtype, columnName: name)
        }
        return DataFrame(names: columnNames, values: out, index: index)
    }
}

extension DataFrame {
    /// `pd.concat(frames)`: rows stacked, keeping each frame's labels; the columns are the union in
    /// order of first appearance, NaN where a frame lacks one, typed as one column of all values.
    public static func concatenating(rows frames: [DataFrame]) throws -> DataFrame {
        guard let first = frames.first else { throw FrameError.value("No objects to concatenate") }
        var names = first.columnNames
        for f in frames.dropFirst() { for n in f.columnNames where !names.contains(n) { names.append(n) } }
        var columns: [Column] = []
        for name in names {
            let parts = frames.map { f in f.columnNames.firstIndex(of: name).map { f.columnValues[$0] } }
            var joined: Column? = parts.first ?? nil
            for part in parts.dropFirst() {
                guard let current = joined, let next = part, let both = Column.joining(current, next) else { joined = nil; break }
                joined = both
            }
            if let joined { columns.append(joined); continue }
            var values: [FrameValue] = []
            for (f, part) in zip(frames, parts) {
                if let part { values += part.values } else { values += [FrameValue](repeating: .missing, count: f.rowCount) }
            }
            columns.append(Column.inferring(values))
        }
        let labels = frames.flatMap { $0.index.labels }
        let allDefault = frames.count == 1
        return DataFrame(names: names, values: columns, index: allDefault ? first.index : .labels(labels))
    }

    /// `pd.concat(frames, axis=1)`: columns side by side; the frames must share their row labels.
    public static func concatenating(columns frames: [DataFrame]) throws -> DataFrame {
        guard let first = frames.first else { throw FrameError.value("No objects to concatenate") }
        for f in frames where f.index.labels != first.index.labels {
            throw FrameError.value("tcalc concatenates columns only of frames with the same row labels")
        }
        return DataFrame(names: frames.flatMap(\.columnNames), values: frames.flatMap(\.columnValues), index: first.index)
    }
}

/// `pd.get_dummies`: one-hot encoding with pandas' column names and order.
public enum Dummies {
    /// Encodes `frame`: the columns not encoded come first, then for each encoded column its
    /// categories in sorted order as `{column}{prefixSeparator}{value}`, then `{column}_nan`
    /// when `dummyNA` is set. By default the text columns are encoded; `dtype` defaults to bool.
    ///
    ///     >>> pd.get_dummies(inputs, dummy_na=True).columns
    ///     Index(['NumRooms', 'RoofType_Slate', 'RoofType_nan'], dtype='str')
    public static func encode(_ frame: DataFrame, dummyNA: Bool = false, columns: [String]? = nil,
                              dtype: FrameDType = .bool, prefixSeparator: String = "_") throws -> DataFrame {
        let encoded: [Int]
        if let names = columns {
            encoded = try names.map { try frame.position(ofColumn: $0) }
        } else {
            encoded = frame.columnNames.indices.filter { !frame.columnValues[$0].dtype.isNumeric }
        }
        let kept = frame.columnNames.indices.filter { !encoded.contains($0) }
        var names = kept.map { frame.columnNames[$0] }
        var values = kept.map { frame.columnValues[$0] }
        for k in encoded {
            for (label, column) in try indicators(frame.columnValues[k], dummyNA: dummyNA, dtype: dtype) {
                names.append(frame.columnNames[k] + prefixSeparator + label)
                values.append(column)
            }
        }
        return try DataFrame(columns: Array(zip(names, values)), index: frame.index)
    }

    /// `pd.get_dummies(series)`: columns named by the values alone.
    public static func encode(_ series: Series, dummyNA: Bool = false, dtype: FrameDType = .bool) throws -> DataFrame {
        try DataFrame(columns: indicators(series.values, dummyNA: dummyNA, dtype: dtype), index: series.index)
    }

    /// One indicator column per sorted distinct value (plus `nan`).
    private static func indicators(_ column: Column, dummyNA: Bool, dtype: FrameDType) throws -> [(String, Column)] {
        var categories: [FrameValue] = []
        var seen = Set<FrameValue>()
        for i in 0..<column.count where !column.isMissing(at: i) {
            let v = column[i]
            if seen.insert(v).inserted { categories.append(v) }
        }
        categories.sort(by: categoryOrder)
        var result: [(String, Column)] = []
        for category in categories {
            let flags = (0..<column.count).map { column[$0] == category }
            result.append((category.description, try indicatorColumn(flags, dtype)))
        }
        if dummyNA {
            result.append(("nan", try indicatorColumn((0..<column.count).map { column.isMissing(at: $0) }, dtype)))
        }
        return result
    }

    private static func categoryOrder(_ a: FrameValue, _ b: FrameValue) -> Bool {
        if case .string(let x) = a, case .string(let y) = b { return x < y }
        if let x = a.doubleValue, let y = b.doubleValue { return x < y }
        // Mixed kinds: numbers before text, as a stable tie-break.
        return a.doubleValue != nil
    }

    private static func indicatorColumn(_ flags: [Bool], _ dtype: FrameDType) throws -> Column {
        switch dtype {
        case .bool: return .bool(flags)
        case .int64: return .int64(flags.map { $0 ? 1 : 0 })
        case .float64: return .float64(flags.map { $0 ? 1 : 0 })
        case .str, .object: throw FrameError.value("dtype=object is not a valid dtype for get_dummies")
        }
    }
}
