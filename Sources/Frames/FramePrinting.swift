/// pandas' display options that shape `print(df)`; the defaults are pandas' for a script
/// (not a terminal): 60 rows, 20 columns, 80 characters per line.
public struct FrameDisplayOptions: Sendable {
    /// Frames longer than this show only `minRows` rows (`display.max_rows`).
    public var maxRows: Int = 60
    /// Rows shown, half from each end, when truncated (`display.min_rows`).
    public var minRows: Int = 10
    /// Frames wider than this show the first and last halves (`display.max_columns`).
    public var maxColumns: Int = 20
    /// Line width at which wide frames wrap with `\` (`display.width`).
    public var lineWidth: Int = 80

    public init() {}

    /// The options every `description` uses.
    nonisolated(unsafe) public static var current = FrameDisplayOptions()
}

extension DataFrame: CustomStringConvertible {
    /// `print(df)` / `repr(df)`, exactly as pandas prints it.
    public var description: String { render(FrameDisplayOptions.current) }

    /// The text pandas prints for this frame under `options`.
    public func render(_ options: FrameDisplayOptions) -> String {
        if columnNames.isEmpty || rowCount == 0 {
            let cols = "[" + columnNames.joined(separator: ", ") + "]"
            let rows = "[" + index.labels.map(\.description).joined(separator: ", ") + "]"
            return "Empty DataFrame\nColumns: \(cols)\nIndex: \(rows)"
        }
        // Which rows and columns appear: all, or both ends around a `...` separator.
        let truncatedRows = options.maxRows > 0 && rowCount > options.maxRows
        let rowHalf = max(options.minRows, 1) / 2
        var shown = self
        if truncatedRows {
            let tailCount = min(rowHalf, rowCount - rowHalf)
            let positions = Array(0..<rowHalf) + Array((rowCount - tailCount)..<rowCount)
            shown = DataFrame(names: columnNames, values: columnValues.map { $0.gathering(positions) },
                              index: index.slicingPositions(positions))
        }
        let truncatedColumns = options.maxColumns > 0 && columnNames.count > options.maxColumns
        let columnHalf = options.maxColumns / 2
        var columnPositions = Array(columnNames.indices)
        if truncatedColumns {
            columnPositions = Array(0..<columnHalf) + Array((columnNames.count - columnHalf)..<columnNames.count)
        }
        var strcols: [[String]] = [[""] + CellFormatting.indexLabels(shown.index)]
        for k in columnPositions {
            let column = shown.columnValues[k]
            let header = column.dtype.isNumeric ? " " + columnNames[k] : columnNames[k]
            let headerWidth = CellFormatting.width(header)
            let cells = CellFormatting.formatted(column, minimum: headerWidth)
            let width = max(cells.map(CellFormatting.width).max() ?? 0, headerWidth)
            strcols.append([CellFormatting.pad(header, to: width, right: true)] + cells)
        }
        let dotColumn = truncatedColumns ? columnHalf + 1 : -1
        if truncatedColumns {
            strcols.insert([String](repeating: " ...", count: strcols[0].count), at: dotColumn)
        }
        if truncatedRows {
            let at = rowHalf + 1
            for k in strcols.indices {
                let isDotColumn = k == dotColumn
                var width = CellFormatting.width(strcols[k][at])
                let dots = (width > 3 || isDotColumn) ? "..." : ".."
                if isDotColumn { width = 1 }
                let cell = CellFormatting.pad(dots, to: width, right: k != 0)
                strcols[k].insert(cell, at: at)
            }
        }
        var text = wrapped(strcols, lineWidth: options.lineWidth)
        if truncatedRows || truncatedColumns {
            text += "\n\n[\(rowCount) rows x \(columnNames.count) columns]"
        }
        return text
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
        let half = max(options.minRows, 1) / 2
        if truncated {
            let positions = Array(0..<half) + Array((count - half)..<count)
            shown = Series(name: name, values: values.gathering(positions), index: index.slicingPositions(positions))
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

extension FrameIndex {
    /// The labels at `positions` (a RangeIndex stays one when they are evenly spaced).
    func slicingPositions(_ positions: [Int]) -> FrameIndex {
        taking(positions)
    }
}
