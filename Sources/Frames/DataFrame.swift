/// A table of named, typed columns sharing one row index: pandas' `DataFrame`.
///
///     >>> data = pd.read_csv('house_tiny.csv')
///     >>> data.shape
///     (4, 3)
public struct DataFrame: Equatable {
    /// Column labels in order.
    public private(set) var columnNames: [String]
    /// Column values, parallel to `columnNames`.
    public private(set) var columnValues: [Column]
    /// Row labels.
    public private(set) var index: FrameIndex

    /// A frame from named columns of equal length; `index` defaults to a RangeIndex.
    public init(columns: [(String, Column)], index: FrameIndex? = nil) throws {
        let n = index?.count ?? columns.first?.1.count ?? 0
        for (name, column) in columns where column.count != n {
            throw FrameError.value("Length of values (\(column.count)) does not match length of index (\(n)) for column \(FrameError.quoted(name))")
        }
        columnNames = columns.map(\.0)
        columnValues = columns.map(\.1)
        self.index = index ?? .default(n)
    }

    /// A frame from series; rows are matched by position and the first series' index is kept.
    public init(series: [Series]) throws {
        try self.init(columns: series.enumerated().map { ($1.name ?? String($0), $1.values) }, index: series.first?.index)
    }

    /// Used by operations that keep the shape valid by construction.
    init(names: [String], values: [Column], index: FrameIndex) {
        columnNames = names
        columnValues = values
        self.index = index
    }

    /// `len(df)`: the number of rows.
    public var rowCount: Int { index.count }

    /// `df.shape`: (rows, columns).
    public var shape: (rows: Int, columns: Int) { (index.count, columnNames.count) }

    /// `df.dtypes` as a Series of dtype names indexed by column.
    public var dtypes: Series {
        Series(name: nil, values: .object(columnValues.map { .opaque($0.dtype.rawValue) }),
               index: .labels(columnNames.map { .string($0) }))
    }

    /// `df.columns` as pandas prints it: `Index(['a', 'b'], dtype='str')`.
    public var columnsRepr: String {
        FrameIndex.labels(columnNames.map { .string($0) }).repr
    }

    /// The position of a column, or pandas' KeyError naming the columns there are.
    public func position(ofColumn name: String) throws -> Int {
        guard let k = columnNames.firstIndex(of: name) else {
            let available = columnNames.map { FrameValue.string($0).repr }.joined(separator: ", ")
            throw FrameError.key("\(FrameError.quoted(name)) (columns are: \(available))")
        }
        return k
    }

    /// `df['col']`.
    public func column(_ name: String) throws -> Series {
        let k = try position(ofColumn: name)
        return Series(name: name, values: columnValues[k], index: index)
    }

    /// `df[['a', 'b']]`: a frame of those columns in the order given.
    public func columns(_ names: [String]) throws -> DataFrame {
        let missing = names.filter { !columnNames.contains($0) }
        if !missing.isEmpty {
            let list = missing.map { FrameValue.string($0).repr }.joined(separator: ", ")
            throw FrameError.key("\"None of [Index([\(list)], dtype='str')] are in the [columns]\"")
        }
        let positions = try names.map { try position(ofColumn: $0) }
        return DataFrame(names: positions.map { columnNames[$0] }, values: positions.map { columnValues[$0] }, index: index)
    }

    /// `df['new'] = series` or a scalar broadcast: replaces or appends a column.
    public mutating func setColumn(_ name: String, _ values: Column) throws {
        guard values.count == rowCount || columnNames.isEmpty else {
            throw FrameError.value("Length of values (\(values.count)) does not match length of index (\(rowCount))")
        }
        if columnNames.isEmpty && rowCount != values.count { index = .default(values.count) }
        if let k = columnNames.firstIndex(of: name) {
            columnValues[k] = values
        } else {
            columnNames.append(name)
            columnValues.append(values)
        }
    }

    /// `df['new'] = scalar`.
    public mutating func setColumn(_ name: String, broadcasting value: FrameValue) throws {
        try setColumn(name, Column.inferring([FrameValue](repeating: value, count: rowCount)))
    }

    /// `del df['col']` / `df.drop(columns=[...])`.
    public func dropping(columns names: [String]) throws -> DataFrame {
        let drop = try Set(names.map { try position(ofColumn: $0) })
        let keep = columnNames.indices.filter { !drop.contains($0) }
        return DataFrame(names: keep.map { columnNames[$0] }, values: keep.map { columnValues[$0] }, index: index)
    }

    /// `df.take(positions)`: the rows at `positions` (negative ones count from the end), in that
    /// order, with their labels.
    public func rows(_ positions: [Int]) throws -> DataFrame {
        let checked = try positions.map { p -> Int in
            let q = p < 0 ? p + rowCount : p
            guard q >= 0 && q < rowCount else { throw FrameError.index("positions are out-of-bounds") }
            return q
        }
        return gatheringRows(checked)
    }

    /// The rows at already validated positions.
    func gatheringRows(_ positions: [Int]) -> DataFrame {
        DataFrame(names: columnNames, values: columnValues.map { $0.gathering(positions) }, index: index.taking(positions))
    }

    /// A positional slice of rows; a RangeIndex stays a RangeIndex.
    func rows(slice: StridedPositions) -> DataFrame {
        let positions = slice.positions
        return DataFrame(names: columnNames, values: columnValues.map { $0.gathering(positions) },
                         index: index.slicing(start: slice.start, count: slice.count, step: slice.step))
    }

    /// `df.head(n)`: the first n rows (all but the last -n for negative n).
    public func head(_ n: Int = 5) -> DataFrame {
        let count = DataFrame.keptCount(n, of: rowCount)
        return rows(slice: StridedPositions(start: 0, count: count, step: 1))
    }

    /// `df.tail(n)`: the last n rows (all but the first -n for negative n).
    public func tail(_ n: Int = 5) -> DataFrame {
        let count = DataFrame.keptCount(n, of: rowCount)
        return rows(slice: StridedPositions(start: rowCount - count, count: count, step: 1))
    }

    /// Rows `head(n)`/`tail(n)` keep: n of them, or all but -n for negative n (no overflow).
    static func keptCount(_ n: Int, of total: Int) -> Int {
        if n >= 0 { return min(n, total) }
        return n <= -total ? 0 : total + n
    }

    /// Column `k` as a Series.
    public func series(at k: Int) -> Series {
        Series(name: columnNames[k], values: columnValues[k], index: index)
    }

    /// Every column as a Series, in order.
    public var allSeries: [Series] { columnNames.indices.map { series(at: $0) } }

    /// A frame with the same labels and new columns computed per column.
    func mapColumns(_ transform: (Column) throws -> Column) rethrows -> DataFrame {
        DataFrame(names: columnNames, values: try columnValues.map(transform), index: index)
    }

    /// Replaces the row labels (same length).
    public func withIndex(_ newIndex: FrameIndex) throws -> DataFrame {
        guard newIndex.count == rowCount else {
            throw FrameError.value("Length mismatch: Expected axis has \(rowCount) elements, new values have \(newIndex.count) elements")
        }
        return DataFrame(names: columnNames, values: columnValues, index: newIndex)
    }

    /// `df.reset_index(drop=True)`: a fresh RangeIndex.
    public func resettingIndex() -> DataFrame {
        DataFrame(names: columnNames, values: columnValues, index: .default(rowCount))
    }

    /// Same labels, columns and values (NaN never equals NaN, as in IEEE arithmetic).
    public static func == (a: DataFrame, b: DataFrame) -> Bool {
        a.columnNames == b.columnNames && a.columnValues == b.columnValues && a.index == b.index
    }
}

/// Positions `start, start + step, …` (count of them), already validated against a length.
struct StridedPositions {
    var start: Int
    var count: Int
    var step: Int
    var positions: [Int] { (0..<count).map { start + $0 * step } }
}
