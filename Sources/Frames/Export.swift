import Foundation
import TensorCore

/// Frames leave as tensors (`to_numpy`, `values`) or as CSV text (`to_csv`).
extension DataFrame {
    /// `df.to_numpy(dtype=...)` / `df.values` as a (rows, columns) array. With `dtype` nil the
    /// dtype is the columns' common one: bool, int64, else float64. Text cannot become a number:
    /// the error names the value and the column.
    ///
    ///     >>> X = torch.tensor(inputs.to_numpy(dtype=float))
    public func toNDArray(dtype: FrameDType? = nil) throws -> NDArray {
        let target = try commonDType(dtype)
        let rows = rowCount, cols = columnNames.count
        let out = try NDArray(zeros: [rows, cols], dtype: target.tensorDType)
        for (k, column) in columnValues.enumerated() {
            let converted = try column.converted(to: target, columnName: columnNames[k])
            try write(converted, into: out, column: k, stride: cols)
        }
        return out
    }

    private func commonDType(_ requested: FrameDType?) throws -> FrameDType {
        if let requested {
            guard requested.isNumeric else {
                throw FrameError.value("tcalc arrays hold numbers and booleans, not \(requested.rawValue)")
            }
            for (k, c) in columnValues.enumerated() where !c.dtype.isNumeric {
                // Find the first value that will not convert, for pandas' message plus the column.
                for v in c.values where !v.isMissing && v.doubleValue == nil {
                    if case .string(let s) = v, requested != .bool, Column.pythonFloat(s) == nil {
                        throw FrameError.value("could not convert string to float: \(v.repr) (column \(FrameError.quoted(columnNames[k])))")
                    }
                }
            }
            return requested
        }
        let kinds = Set(columnValues.map(\.dtype))
        if let k = columnValues.firstIndex(where: { !$0.dtype.isNumeric }) {
            throw FrameError.value("column \(FrameError.quoted(columnNames[k])) holds \(columnValues[k].dtype.rawValue) values, which have no tensor dtype: encode it with pd.get_dummies or drop it first")
        }
        if kinds == [.bool] { return .bool }
        if kinds == [.int64] { return .int64 }
        return .float64
    }

    private func write(_ column: Column, into out: NDArray, column k: Int, stride: Int) throws {
        switch column {
        case .float64(let v):
            let p = out.pointer(as: Double.self)
            for (r, x) in v.enumerated() { p[r * stride + k] = x }
        case .int64(let v):
            let p = out.pointer(as: Int64.self)
            for (r, x) in v.enumerated() { p[r * stride + k] = x }
        case .bool(let v):
            let p = out.pointer(as: Bool.self)
            for (r, x) in v.enumerated() { p[r * stride + k] = x }
        case .object:
            throw FrameError.type("object column \(FrameError.quoted(columnNames[k])) cannot be stored in a tensor")
        }
    }

    /// `df.to_csv(path, index=..., sep=...)`: writes the frame as pandas does (NaN as an empty
    /// field, floats as Python's `repr`, fields quoted only when needed).
    public func writeCSV(path: String, index includeIndex: Bool = true, separator: String = ",") throws {
        let text = csvText(index: includeIndex, separator: separator)
        guard let file = fopen(path, "w") else { throw FrameError.os(errno: errno, path: path) }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw FrameError.os(errno: errno, path: path) }
    }

    /// The text `to_csv` writes.
    public func csvText(index includeIndex: Bool = true, separator: String = ",") -> String {
        func field(_ v: FrameValue) -> String {
            if v.isMissing { return "" }
            let s = v.description
            let needsQuotes = s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r")
            return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines: [String] = []
        var header = columnNames.map { field(.string($0)) }
        if includeIndex { header.insert("", at: 0) }
        lines.append(header.joined(separator: separator))
        for r in 0..<rowCount {
            var cells = columnValues.map { field($0[r]) }
            if includeIndex { cells.insert(field(index.label(at: r)), at: 0) }
            lines.append(cells.joined(separator: separator))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Series {
    /// `s.to_numpy(dtype=...)` / `s.values` as a 1-D array.
    public func toNDArray(dtype: FrameDType? = nil) throws -> NDArray {
        let frame = try DataFrame(columns: [(name ?? "0", values)], index: index)
        let matrix = try frame.toNDArray(dtype: dtype)
        return matrix.viewing(shape: [count], strides: [1])
    }
}

extension FrameDType {
    /// The tensor dtype for a numeric frame dtype.
    var tensorDType: DType {
        switch self {
        case .int64: return .int64
        case .bool: return .bool
        default: return .float64
        }
    }
}
