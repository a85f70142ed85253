import Foundation

/// One cell of a frame, or a Python scalar handed to a frame operation (`fillna(0)`, `s > 3`).
/// `missing` is pandas' NaN in object columns; float columns keep NaN as a `Double`.
public enum FrameValue: Hashable, CustomStringConvertible, Sendable {
    case missing
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// Any other Python object (a dtype, say), shown by its `str()`; it makes a column `object`.
    case opaque(String)

    /// True for NaN in any spelling (pandas' `isna`).
    public var isMissing: Bool {
        switch self {
        case .missing: return true
        case .float(let d): return d.isNaN
        default: return false
        }
    }

    /// The value as a number, or nil for strings and missing values.
    public var doubleValue: Double? {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .missing, .string, .opaque: return nil
        }
    }

    /// Python's `str()`.
    public var description: String {
        switch self {
        case .missing: return "nan"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return FrameValue.pythonFloatString(d)
        case .string(let s), .opaque(let s): return s
        }
    }

    /// Python's `repr()`: strings in single quotes (double quotes when the text holds a single
    /// quote and no double quote), with backslash escapes for control characters.
    public var repr: String {
        guard case .string(let s) = self else { return description }
        let quote: Character = (s.contains("'") && !s.contains("\"")) ? "\"" : "'"
        var out = String(quote)
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default: out.append(ch)
            }
        }
        out.append(quote)
        return out
    }

    /// Python's `repr(float)`: the shortest string that round-trips, `nan`, `inf`, and
    /// scientific notation outside [1e-4, 1e16).
    public static func pythonFloatString(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let magnitude = abs(d)
        if magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4) {
            // Swift prints 1e+16 as "1e+16" already; make sure the mantissa keeps Python's form.
            var s = "\(d)"
            if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                var mantissa = String(s[..<e])
                var exponent = String(s[s.index(after: e)...])
                if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
                let negative = exponent.hasPrefix("-")
                exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
                if exponent.count < 2 { exponent = "0" + exponent }
                s = mantissa + "e" + (negative ? "-" : "+") + exponent
            }
            return s
        }
        var s = "\(d)"
        if s.contains("e") {
            // Swift switches to exponents earlier than Python; fall back to fixed notation.
            s = String(format: "%.17g", d)
            if !s.contains(".") { s += ".0" }
        }
        return s
    }
}

/// The element types a frame column can have, named as pandas 3 names them: text columns are
/// `str` (pandas 3's default string dtype, NaN for missing), other Python objects `object`.
public enum FrameDType: String, CaseIterable, Sendable, CustomStringConvertible {
    case int64, float64, bool, str, object

    /// The name pandas prints (`dtype: int64`).
    public var description: String { rawValue }

    /// Numeric in pandas' sense (`is_numeric_dtype`): bool counts, strings do not.
    public var isNumeric: Bool { self != .object && self != .str }

    /// Parses the spellings `astype` and `to_numpy` accept: `'int64'`, `int`, `float`, `'str'`, ….
    public init?(name: String) {
        switch name {
        case "int64", "int", "int32", "long": self = .int64
        case "float64", "float", "double", "float32": self = .float64
        case "bool", "boolean": self = .bool
        case "str", "string": self = .str
        case "object", "O": self = .object
        default: return nil
        }
    }
}

/// A column's values, stored unboxed for the numeric dtypes.
public enum Column: Equatable {
    case int64([Int64])
    case float64([Double])
    case bool([Bool])
    case object([FrameValue])

    /// The dtype pandas would report for these values.
    public var dtype: FrameDType {
        switch self {
        case .int64: return .int64
        case .float64: return .float64
        case .bool: return .bool
        case .object(let v):
            // pandas 3 keeps text in its `str` dtype; only mixed contents are `object`. With no
            // values to tell, `object` is what read_csv gives a header-only file.
            if v.isEmpty { return .object }
            for x in v {
                switch x {
                case .string, .missing: continue
                case .float(let d) where d.isNaN: continue
                default: return .object
                }
            }
            return .str
        }
    }

    /// The number of rows.
    public var count: Int {
        switch self {
        case .int64(let v): return v.count
        case .float64(let v): return v.count
        case .bool(let v): return v.count
        case .object(let v): return v.count
        }
    }

    /// The cell at a position (no bounds check: callers validate positions first).
    public subscript(position: Int) -> FrameValue {
        switch self {
        case .int64(let v): return .int(v[position])
        case .float64(let v): return .float(v[position])
        case .bool(let v): return .bool(v[position])
        case .object(let v): return v[position]
        }
    }

    /// Whether the cell at `position` is NaN (pandas' `isna`).
    public func isMissing(at position: Int) -> Bool {
        switch self {
        case .int64, .bool: return false
        case .float64(let v): return v[position].isNaN
        case .object(let v): return v[position].isMissing
        }
    }

    /// Every cell, boxed.
    public var values: [FrameValue] { (0..<count).map { self[$0] } }

    /// The cells at `positions`, in that order. The positions must be valid (callers check them:
    /// `iloc` and `DataFrame.rows` throw IndexError first).
    public func gathering(_ positions: [Int]) -> Column {
        switch self {
        case .int64(let v): return .int64(positions.map { v[$0] })
        case .float64(let v): return .float64(positions.map { v[$0] })
        case .bool(let v): return .bool(positions.map { v[$0] })
        case .object(let v): return .object(positions.map { v[$0] })
        }
    }

    /// An empty column of `dtype`.
    public static func empty(_ dtype: FrameDType) -> Column {
        switch dtype {
        case .int64: return .int64([])
        case .float64: return .float64([])
        case .bool: return .bool([])
        case .str, .object: return .object([])
        }
    }

    /// Builds the narrowest column pandas would infer for these values: bool, int64, float64
    /// (numbers with NaN), else object.
    public static func inferring(_ values: [FrameValue]) -> Column {
        var sawBool = false, sawInt = false, sawFloat = false, sawMissing = false, sawOther = false
        for v in values {
            switch v {
            case .bool: sawBool = true
            case .int: sawInt = true
            case .float(let d): if d.isNaN { sawMissing = true } else { sawFloat = true }
            case .missing: sawMissing = true
            case .string, .opaque: sawOther = true
            }
        }
        if sawOther || (sawBool && (sawInt || sawFloat || sawMissing)) { return .object(values) }
        if sawBool { return .bool(values.map { $0 == .bool(true) }) }
        if sawInt && !sawFloat && !sawMissing { return .int64(values.map { if case .int(let i) = $0 { return i }; return 0 }) }
        if sawInt || sawFloat || sawMissing && !values.isEmpty {
            return .float64(values.map { $0.doubleValue ?? .nan })
        }
        return .object(values)
    }

    /// The values as doubles (NaN for missing), or nil when a cell is not a number.
    public var doubles: [Double]? {
        switch self {
        case .int64(let v): return v.map { Double($0) }
        case .float64(let v): return v
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .object(let v):
            var out = [Double]()
            out.reserveCapacity(v.count)
            for x in v {
                if x.isMissing { out.append(.nan); continue }
                guard let d = x.doubleValue else { return nil }
                out.append(d)
            }
            return out
        }
    }

    /// Two parts of one CSV column read separately, joined as one read would have typed them;
    /// nil when one read could not have produced both (text after numbers needs a re-read).
    static func joining(_ a: Column, _ b: Column) -> Column? {
        switch (a, b) {
        case (.int64(let x), .int64(let y)): return .int64(x + y)
        case (.float64(let x), .float64(let y)): return .float64(x + y)
        case (.int64(let x), .float64(let y)): return .float64(x.map { Double($0) } + y)
        case (.float64(let x), .int64(let y)): return .float64(x + y.map { Double($0) })
        case (.bool(let x), .bool(let y)): return .bool(x + y)
        case (.object(let x), .object(let y)):
            let kinds = Set((x + y).lazy.filter { !$0.isMissing }.map { v -> Int in if case .string = v { return 0 }; return 1 })
            return kinds.count <= 1 ? .object(x + y) : nil
        default: return nil
        }
    }
}
