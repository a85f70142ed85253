/// pandas' display options that shape `print(df)`; the defaults are what pandas uses in the
/// standard Python interpreter: 60 rows (10 shown when longer), columns fitted to an 80-column
/// terminal by dropping middle ones.
public struct FrameDisplayOptions: Sendable {
    /// Frames longer than this show only `minRows` rows (`display.max_rows`).
    public var maxRows: Int = 60
    /// Rows shown, half from each end, when truncated (`display.min_rows`).
    public var minRows: Int = 10
    /// 0: fit the columns to `terminalWidth` (pandas in a terminal); otherwise show at most this
    /// many columns and wrap wide frames at `lineWidth` with `\` (pandas in a notebook).
    public var maxColumns: Int = 0
    /// Line width for wrapping (`display.width`).
    public var lineWidth: Int = 80
    /// The terminal's width, for fitting columns when `maxColumns` is 0.
    public var terminalWidth: Int = 80

    /// pandas' defaults for a script run in a terminal.
    public init() {}

    /// pandas shows `min(min_rows, max_rows)` rows of a long frame, half from each end; at
    /// least one from each, and never more than a frame longer than `maxRows` has.
    var rowsShownAtEachEnd: Int {
        let shown = minRows > 0 ? min(minRows, maxRows) : maxRows
        return max(shown / 2, 1)
    }

    /// The options every `description` uses.
    nonisolated(unsafe) public static var current = FrameDisplayOptions()
}

extension DataFrame: CustomStringConvertible {
    /// `print(df)` / `repr(df)`, exactly as pandas prints it.
    public var description: String { render(FrameDisplayOptions.current) }

    /// The text pandas prints for this frame under `options`.
    public func render(_ options: FrameDisplayOptions) -> String {
        if columnNames.isEmpty || rowCount == 0 {
            let cols = "[" + columnNames.map(CellFormatting.escaped).joined(separator: ", ") + "]"
            let rows = "[" + index.labels.map(\.description).joined(separator: ", ") + "]"
            return "Empty DataFrame\nColumns: \(cols)\nIndex: \(rows)"
        }
        // Rows: all, or both ends around a `...` row.
        let truncatedRows = options.maxRows > 0 && rowCount > options.maxRows
        let rowHalf = options.rowsShownAtEachEnd
        var shown = self
        if truncatedRows {
            let tailCount = min(rowHalf, rowCount - rowHalf)
            let positions = Array(0..<rowHalf) + Array((rowCount - tailCount)..<rowCount)
            shown = DataFrame(names: columnNames, values: columnValues.map { $0.gathering(positions) },
                              index: index.taking(positions))
        }
        let all = Array(columnNames.indices)
        var text: String
        var truncatedColumns = false
        if options.maxColumns > 0 {
            var positions = all
            if columnNames.count > options.maxColumns {
                truncatedColumns = true
                positions = DataFrame.ends(of: all, keeping: options.maxColumns)
            }
            let strcols = shown.stringColumns(positions, truncatedRows: truncatedRows, rowHalf: rowHalf,
                                              dotColumn: truncatedColumns ? positions.count / 2 + 1 : nil)
            text = wrapped(strcols, lineWidth: options.lineWidth)
        } else {
            var strcols = shown.stringColumns(all, truncatedRows: truncatedRows, rowHalf: rowHalf, dotColumn: nil)
            let fitted = DataFrame.columnsFitting(strcols, width: options.terminalWidth)
            if columnNames.count > fitted {
                // pandas 3 keeps the columns already formatted and puts ` ...` between the ends.
                truncatedColumns = true
                let half = fitted / 2
                let rows = strcols[0].count
                strcols = Array(strcols.prefix(half + 1)) + [[String](repeating: " ...", count: rows)] + Array(strcols.suffix(half))
            }
            text = CellFormatting.adjoin(1, strcols).joined(separator: "\n")
        }
        if truncatedRows || truncatedColumns {
            text += "\n\n[\(rowCount) rows x \(columnNames.count) columns]"
        }
        return text
    }

    /// The first and last `keep / 2` positions.
    private static func ends(of positions: [Int], keeping keep: Int) -> [Int] {
        let half = keep / 2
        return Array(positions.prefix(half)) + Array(positions.suffix(half))
    }

    /// pandas' `_fit_strcols_to_terminal_width`: how many data columns fit, dropping middle
    /// columns (at Python's rounding of the midpoint) until the lines and a ` ...` column fit;
    /// at least two.
    private static func columnsFitting(_ strcols: [[String]], width: Int) -> Int {
        var lengths = strcols.map { $0.map(CellFormatting.width).max() ?? 0 }
        let total = lengths.reduce(0, +) + lengths.count - 1
        var excess = total - width + 1
        if excess <= 0 { return Int.max }
        excess += 5
        while excess > 0 && lengths.count > 1 {
            let half = Double(lengths.count) / 2
            let mid = Int(half.rounded(.toNearestOrEven))
            excess -= lengths[mid] + 1
            lengths.remove(at: mid)
        }
        return max(lengths.count - 1, 2)
    }

    /// The index column and one text column per chosen column (header first), with the `...` row
    /// and the `...` column pandas inserts when truncating.
    private func stringColumns(_ positions: [Int], truncatedRows: Bool, rowHalf: Int, dotColumn: Int?) -> [[String]] {
        var strcols: [[String]] = [[""] + CellFormatting.indexLabels(index)]
        for k in positions {
            let column = columnValues[k]
            let name = CellFormatting.escaped(columnNames[k])
            let header = column.dtype.isNumeric ? " " + name : name
            let headerWidth = CellFormatting.width(header)
            let cells = CellFormatting.formatted(column, minimum: headerWidth)
            let width = max(cells.map(CellFormatting.width).max() ?? 0, headerWidth)
            strcols.append([CellFormatting.pad(header, to: width, right: true)] + cells)
        }
        if let dotColumn {
            strcols.insert([String](repeating: " ...", count: strcols[0].count), at: dotColumn)
        }
        if truncatedRows {
            let at = rowHalf + 1
            for k in strcols.indices {
                let isDotColumn = k == dotColumn
                var width = CellFormatting.width(strcols[k][at])
                let dots = (width > 3 || isDotColumn) ? "..." : ".."
                if isDotColumn { width = 1 }
                strcols[k].insert(CellFormatting.pad(dots, to: width, right: k != 0), at: at)
            }
        }
        return strcols
    }

    /// pandas' `_join_multiline`: columns grouped into blocks that fit the line width, each
    /// block repeating the index and ending its lines with ` \` except the last.
    private func wrapped(_ strcols: [[String]], lineWidth: Int) -> String {
        let indexColumn = strcols[0]
        let data = Array(strcols.dropFirst())
        let available = lineWidth - ((indexColumn.map(CellFormatting.width).max() ?? 0) + 1)
        let widths = data.map { $0.map(CellFormatting.width).max() ?? 0 }
        var bins: [Int] = []
        var current = 0
        for (i, w) in widths.enumerated() {
            current += w + 1
            let wrap = (i == widths.count - 1 ? current + 1 : current + 2) > available && i > 0
            if wrap {
                bins.append(i)
                current = w + 1
            }
        }
        bins.append(widths.count)
        var blocks: [String] = []
        var start = 0
        for (b, end) in bins.enumerated() {
            var row = [indexColumn] + Array(data[start..<end])
            if bins.count > 1 {
                let n = row.last?.count ?? 0
                if b < bins.count - 1 {
                    row.append([" \\"] + [String](repeating: "  ", count: max(n - 1, 0)))
                } else {
                    row.append([String](repeating: " ", count: n))
                }
            }
            blocks.append(CellFormatting.adjoin(1, row).joined(separator: "\n"))
            start = end
        }
        return blocks.joined(separator: "\n\n")
    }
}

extension Series: CustomStringConvertible {
    /// `print(s)` / `repr(s)`, exactly as pandas prints it.
    public var description: String { render(FrameDisplayOptions.current) }

    /// The text pandas prints for this series under `options`.
    public func render(_ options: FrameDisplayOptions) -> String {
        let truncated = options.maxRows > 0 && count > options.maxRows
        var footer: [String] = []
        if let name { footer.append("Name: " + CellFormatting.escaped(name)) }
        if truncated { footer.append("Length: \(count)") }
        footer.append("dtype: \(dtype.rawValue)")
        let footerText = footer.joined(separator: ", ")
        if count == 0 { return "Series([], \(footerText))" }
        var shown = self
        let half = options.rowsShownAtEachEnd
        if truncated {
            let positions = Array(0..<half) + Array((count - half)..<count)
            shown = Series(name: name, values: values.gathering(positions), index: index.taking(positions))
        }
        var labels = CellFormatting.indexLabels(shown.index)
        var cells = CellFormatting.formatted(shown.values)
        if truncated {
            let width = CellFormatting.width(cells[half - 1])
            cells.insert(CellFormatting.center(width > 3 ? "..." : "..", to: width), at: half)
            labels.insert("", at: half)
        }
        return CellFormatting.adjoin(3, [labels, cells]).joined(separator: "\n") + "\n" + footerText
    }
}
