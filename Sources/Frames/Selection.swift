/// One axis of `df.iloc[rows, cols]`: a position, a Python slice, a list of positions or a mask.
public enum PositionSelector {
    case position(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    case positions([Int])
    case mask([Bool])

    /// `:`: everything.
    public static let all = PositionSelector.slice(start: nil, stop: nil, step: nil)
}

/// One axis of `df.loc[rows, cols]`: a label, a list of labels, an inclusive label slice or a mask.
public enum LabelSelector {
    case label(FrameValue)
    case labels([FrameValue])
    /// pandas' label slices include both ends.
    case slice(start: FrameValue?, stop: FrameValue?)
    case mask([Bool])

    /// `:`: everything.
    public static let all = LabelSelector.slice(start: nil, stop: nil)
}

/// What a selection gives back: a frame, a series (one row or one column), or one cell.
public enum FrameSelection {
    case frame(DataFrame)
    case series(Series)
    case scalar(FrameValue)
}

/// Positions chosen along an axis, and whether the axis collapses (a single position).
private enum Resolved {
    case single(Int)
    case many([Int])
    case strided(StridedPositions)

    var positions: [Int] {
        switch self {
        case .single(let p): return [p]
        case .many(let p): return p
        case .strided(let s): return s.positions
        }
    }
}

extension DataFrame {
    /// `df.iloc[rows, cols]`.
    ///
    ///     >>> inputs, targets = data.iloc[:, 0:2], data.iloc[:, 2]
    public func iloc(_ rows: PositionSelector, _ cols: PositionSelector = .all) throws -> FrameSelection {
        let r = try DataFrame.resolve(rows, length: rowCount, axis: "rows")
        let c = try DataFrame.resolve(cols, length: columnNames.count, axis: "columns")
        return select(r, c)
    }

    /// `df.loc[rows, cols]`.
    ///
    ///     >>> data.loc[data['Price'] > 130000, 'NumRooms']
    public func loc(_ rows: LabelSelector, _ cols: LabelSelector = .all) throws -> FrameSelection {
        let r = try resolveRows(rows)
        let c = try resolveColumns(cols)
        return select(r, c)
    }

    /// `df[mask]`: the rows where a bool series is true.
    public func filtered(by mask: Series) throws -> DataFrame {
        gatheringRows(try mask.maskPositions(length: rowCount))
    }

    private func select(_ r: Resolved, _ c: Resolved) -> FrameSelection {
        switch (r, c) {
        case (.single(let i), .single(let j)):
            return .scalar(columnValues[j][i])
        case (.single(let i), _):
            let cols = c.positions
            let cells = cols.map { columnValues[$0][i] }
            // The row takes the columns' common type, as pandas' `find_common_type` does.
            let values = Column.inferring(cells)
            return .series(Series(name: index.label(at: i).description, values: values,
                                  index: .labels(cols.map { .string(columnNames[$0]) })))
        case (_, .single(let j)):
            return .series(takeRows(r, of: series(at: j)))
        default:
            let cols = c.positions
            let frame = DataFrame(names: cols.map { columnNames[$0] }, values: cols.map { columnValues[$0] }, index: index)
            switch r {
            case .strided(let s): return .frame(frame.rows(slice: s))
            default: return .frame(frame.gatheringRows(r.positions))
            }
        }
    }

    private func takeRows(_ r: Resolved, of s: Series) -> Series {
        switch r {
        case .strided(let st): return s.slicing(st)
        default: return s.taking(r.positions)
        }
    }

    private static func resolve(_ selector: PositionSelector, length: Int, axis: String) throws -> Resolved {
        switch selector {
        case .position(let p):
            let q = p < 0 ? p + length : p
            guard q >= 0 && q < length else { throw FrameError.index("single positional indexer is out-of-bounds") }
            return .single(q)
        case .slice(let start, let stop, let step):
            return .strided(try pythonSlice(start: start, stop: stop, step: step, length: length))
        case .positions(let ps):
            return .many(try ps.map { p in
                let q = p < 0 ? p + length : p
                guard q >= 0 && q < length else { throw FrameError.index("positional indexers are out-of-bounds") }
                return q
            })
        case .mask(let flags):
            guard flags.count == length else {
                throw FrameError.index("Boolean index has wrong length: \(flags.count) instead of \(length)")
            }
            return .many(flags.indices.filter { flags[$0] })
        }
    }

    /// Python's `slice.indices(length)` turned into positions.
    static func pythonSlice(start: Int?, stop: Int?, step: Int?, length: Int) throws -> StridedPositions {
        let st = step ?? 1
        guard st != 0 else { throw FrameError.value("slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var x = v else { return defaultValue }
            if x < 0 { x += length }
            if st > 0 { return min(max(x, 0), length) }
            return min(max(x, -1), length - 1)
        }
        let lo = clamp(start, st > 0 ? 0 : length - 1)
        let hi = clamp(stop, st > 0 ? length : -1)
        // Counted in magnitudes so that steps near Int.max or Int.min cannot overflow.
        let distance = st > 0 ? hi - lo : lo - hi
        let n = distance > 0 ? Int(UInt(distance - 1) / st.magnitude) + 1 : 0
        return StridedPositions(start: lo, count: n, step: st)
    }

    private func resolveRows(_ selector: LabelSelector) throws -> Resolved {
        switch selector {
        case .label(let l):
            guard let p = index.position(of: l) else { throw FrameError.key(l.repr) }
            return .single(p)
        case .labels(let ls):
            let missing = ls.filter { index.position(of: $0) == nil }
            if !missing.isEmpty {
                throw FrameError.key("\"[\(missing.map(\.repr).joined(separator: ", "))] not in index\"")
            }
            return .many(ls.compactMap { index.position(of: $0) })
        case .slice(let start, let stop):
            let lo = try start.map { l -> Int in
                guard let p = index.position(of: l) else { throw FrameError.key(l.repr) }
                return p
            } ?? 0
            let hi = try stop.map { l -> Int in
                guard let p = index.position(of: l) else { throw FrameError.key(l.repr) }
                return p + 1
            } ?? rowCount
            return .strided(StridedPositions(start: lo, count: max(hi - lo, 0), step: 1))
        case .mask(let flags):
            return try DataFrame.resolve(.mask(flags), length: rowCount, axis: "rows")
        }
    }

    private func resolveColumns(_ selector: LabelSelector) throws -> Resolved {
        func name(_ l: FrameValue) throws -> Int {
            guard case .string(let s) = l else { throw FrameError.key(l.repr) }
            guard let p = columnNames.firstIndex(of: s) else { throw FrameError.key(l.repr) }
            return p
        }
        switch selector {
        case .label(let l): return .single(try name(l))
        case .labels(let ls):
            let missing = ls.filter { (try? name($0)) == nil }
            if !missing.isEmpty {
                throw FrameError.key("\"[\(missing.map(\.repr).joined(separator: ", "))] not in index\"")
            }
            return .many(try ls.map(name))
        case .slice(let start, let stop):
            let lo = try start.map(name) ?? 0
            let hi = try stop.map { try name($0) + 1 } ?? columnNames.count
            return .many(Array(lo..<max(hi, lo)))
        case .mask(let flags):
            return try DataFrame.resolve(.mask(flags), length: columnNames.count, axis: "columns")
        }
    }
}

extension Series {
    /// `s.iloc[sel]`: one value or a series.
    public func iloc(_ selector: PositionSelector) throws -> FrameSelection {
        let frame = try DataFrame(columns: [(name ?? "", values)], index: index)
        switch try frame.iloc(selector, .position(0)) {
        case .series(let s): return .series(Series(name: name, values: s.values, index: s.index))
        case let other: return other
        }
    }

    /// `s.loc[sel]`: one value or a series.
    public func loc(_ selector: LabelSelector) throws -> FrameSelection {
        let frame = try DataFrame(columns: [(name ?? "", values)], index: index)
        switch try frame.loc(selector, .label(.string(name ?? ""))) {
        case .series(let s): return .series(Series(name: name, values: s.values, index: s.index))
        case let other: return other
        }
    }
}
