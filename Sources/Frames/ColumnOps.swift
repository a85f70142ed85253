import Foundation

/// The binary operators a Series supports with a scalar or another Series.
public enum SeriesOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", remainder = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&", or = "|"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

extension Column {
    /// Missing values replaced by `value`; the dtype follows pandas (a number into a float column
    /// stays float64, anything else into it makes the column object).
    public func filling(with value: FrameValue) -> Column {
        switch self {
        case .int64, .bool: return self
        case .float64(let v):
            if value.isMissing { return self }
            if case .string = value {} else if case .bool = value {} else if let d = value.doubleValue {
                return .float64(v.map { $0.isNaN ? d : $0 })
            }
            return .object(v.map { $0.isNaN ? value : .float($0) })
        case .object(let v):
            return .object(v.map { $0.isMissing ? value : $0 })
        }
    }

    /// `astype`: values converted with Python's `float()`, `int()`, `bool()` and `str()` rules.
    public func converted(to target: FrameDType, columnName: String?) throws -> Column {
        if target == dtype && target != .object { return self }
        switch target {
        case .float64:
            if let d = doubles { return .float64(d) }
            return .float64(try values.map { v -> Double in
                if v.isMissing { return .nan }
                if let d = v.doubleValue { return d }
                guard case .string(let s) = v, let d = Column.pythonFloat(s) else {
                    throw FrameError.value("could not convert string to float: \(v.repr)")
                }
                return d
            })
        case .int64:
            return .int64(try values.map { v -> Int64 in
                switch v {
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                case .float(let d):
                    guard d.isFinite else { throw FrameError(.value, "Cannot convert non-finite values (NA or inf) to integer") }
                    guard abs(d) < 9.2e18 else { throw FrameError(.value, "Python int too large to convert to C long") }
                    return Int64(d.rounded(.towardZero))
                case .missing: throw FrameError(.value, "Cannot convert non-finite values (NA or inf) to integer")
                case .opaque:
                    throw FrameError.type("int() argument must be a string or a real number, not \(v.repr)")
                case .string(let s):
                    guard let i = Int64(s.trimmingCharacters(in: .whitespaces)) else {
                        throw FrameError.value("invalid literal for int() with base 10: \(v.repr)")
                    }
                    return i
                }
            })
        case .bool:
            return .bool(values.map { v -> Bool in
                switch v {
                case .missing: return true
                case .bool(let b): return b
                case .int(let i): return i != 0
                case .float(let d): return d != 0
                case .string(let s): return !s.isEmpty
                case .opaque: return true
                }
            })
        case .str:
            return .object(values.map { $0.isMissing ? .missing : .string($0.description) })
        case .object:
            return .object(values.map { $0.isMissing ? .missing : $0 })
        }
    }

    /// Python's `float(str)`: surrounding whitespace, `nan`, `inf`, `infinity` in any case.
    static func pythonFloat(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = Array(t.utf8)
        if let d = bytes.withUnsafeBufferPointer({ CSVFieldParsing.parseDouble($0) }) { return d }
        switch t.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        default: return nil
        }
    }

    /// Elementwise `self op other` (columns of equal length).
    func combined(_ op: SeriesOperator, _ other: Column) throws -> Column {
        let n = count
        if op.isComparison || op == .and || op == .or {
            var out = [Bool](repeating: false, count: n)
            for i in 0..<n { out[i] = try Column.compare(op, self[i], other[i]) }
            return .bool(out)
        }
        let integral = (dtype == .int64 || dtype == .bool) && (other.dtype == .int64 || other.dtype == .bool)
        if integral, case let a = intValues, case let b = other.intValues,
           op == .add || op == .subtract || op == .multiply || op == .power || op == .floorDivide || op == .remainder {
            var out = [Int64](repeating: 0, count: n)
            for i in 0..<n {
                guard let r = try Column.integerArithmetic(op, a[i], b[i]) else {
                    // Division by zero leaves integers: pandas answers in float64.
                    return try converted(to: .float64, columnName: nil).combined(op, other.converted(to: .float64, columnName: nil))
                }
                out[i] = r
            }
            return .int64(out)
        }
        if dtype.isNumeric, other.dtype.isNumeric, let a = doubles, let b = other.doubles {
            var out = [Double](repeating: 0, count: n)
            for i in 0..<n { out[i] = Column.floatArithmetic(op, a[i], b[i]) }
            return .float64(out)
        }
        var out: [FrameValue] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append(try Column.objectArithmetic(op, self[i], other[i])) }
        return Column.inferring(out)
    }

    private var intValues: [Int64] {
        switch self {
        case .int64(let v): return v
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        default: return []
        }
    }

    private static func integerArithmetic(_ op: SeriesOperator, _ a: Int64, _ b: Int64) throws -> Int64? {
        switch op {
        case .add: return a &+ b
        case .subtract: return a &- b
        case .multiply: return a &* b
        case .floorDivide:
            if b == 0 { return nil }
            if b == -1 { return 0 &- a }
            let q = a / b
            return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
        case .remainder:
            if b == 0 { return nil }
            if b == -1 { return 0 }
            let r = a % b
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
        case .power:
            guard b >= 0 else { throw FrameError.value("Integers to negative integer powers are not allowed.") }
            var result: Int64 = 1, base = a, e = b
            while e > 0 {
                if e & 1 == 1 { result = result &* base }
                base = base &* base
                e >>= 1
            }
            return result
        default: return nil
        }
    }

    private static func floatArithmetic(_ op: SeriesOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .floorDivide: return floatDivmod(a, b).quotient
        case .remainder: return floatDivmod(a, b).remainder
        case .power: return pow(a, b)
        default: return .nan
        }
    }

    /// NumPy's `npy_divmod`: Python's floor division and modulo for floats, NaN for infinite
    /// dividends, the IEEE quotient for a zero divisor.
    static func floatDivmod(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
        var mod = fmod(a, b)
        if b == 0 { return (a / b, mod) }
        var div = (a - mod) / b
        if mod != 0 {
            if (b < 0) != (mod < 0) {
                mod += b
                div -= 1
            }
        } else {
            mod = b.sign == .minus ? -0.0 : 0.0
        }
        var quotient: Double
        if div != 0 {
            quotient = div.rounded(.down)
            if div - quotient > 0.5 { quotient += 1 }
        } else {
            quotient = (a / b).sign == .minus ? -0.0 : 0.0
        }
        return (quotient, mod)
    }

    private static func objectArithmetic(_ op: SeriesOperator, _ a: FrameValue, _ b: FrameValue) throws -> FrameValue {
        if a.isMissing || b.isMissing { return .missing }
        if let x = a.doubleValue, let y = b.doubleValue { return .float(floatArithmetic(op, x, y)) }
        if case .string(let s) = a, case .string(let t) = b, op == .add { return .string(s + t) }
        throw FrameError.type("unsupported operand type(s) for \(op.rawValue): '\(pythonTypeName(a))' and '\(pythonTypeName(b))'")
    }

    /// A comparison or logical operator on two cells; NaN compares false (true for `!=`).
    static func compare(_ op: SeriesOperator, _ a: FrameValue, _ b: FrameValue) throws -> Bool {
        if op == .and || op == .or {
            guard case .bool(let x) = a, case .bool(let y) = b else {
                throw FrameError.type("unsupported operand type(s) for \(op.rawValue): '\(pythonTypeName(a))' and '\(pythonTypeName(b))'")
            }
            return op == .and ? (x && y) : (x || y)
        }
        if a.isMissing || b.isMissing { return op == .notEqual }
        if let x = a.doubleValue, let y = b.doubleValue { return ordered(op, x, y) }
        if case .string(let s) = a, case .string(let t) = b { return ordered(op, s, t) }
        // A dtype compares equal to its name (`df.dtypes != 'object'`).
        if op == .equal || op == .notEqual, let s = a.nameForComparison, let t = b.nameForComparison {
            return (s == t) == (op == .equal)
        }
        switch op {
        case .equal: return false
        case .notEqual: return true
        default:
            throw FrameError.type("'\(op.rawValue)' not supported between instances of '\(pythonTypeName(a))' and '\(pythonTypeName(b))'")
        }
    }

    private static func ordered<T: Comparable>(_ op: SeriesOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        default: return false
        }
    }

    static func pythonTypeName(_ v: FrameValue) -> String {
        switch v {
        case .missing, .float: return "float"
        case .int: return "int"
        case .bool: return "bool"
        case .string: return "str"
        case .opaque: return "object"
        }
    }
}

extension Series {
    /// `s op scalar`, e.g. `data['Price'] > 130000` or `s * 2`.
    public func applying(_ op: SeriesOperator, _ scalar: FrameValue) throws -> Series {
        let other = Column.inferring([FrameValue](repeating: scalar, count: count))
        return Series(name: name, values: try values.combined(op, other), index: index)
    }

    /// `scalar op s`, e.g. `1 - s`.
    public func applying(_ op: SeriesOperator, reversed scalar: FrameValue) throws -> Series {
        let other = Column.inferring([FrameValue](repeating: scalar, count: count))
        return Series(name: name, values: try other.combined(op, values), index: index)
    }

    /// `s op t` for series with the same labels (pandas aligns by label; tcalc requires the
    /// labels to agree rather than silently reorder).
    public func applying(_ op: SeriesOperator, _ other: Series) throws -> Series {
        guard index.labels == other.index.labels || (count == other.count && index.count == other.index.count && sameLabels(other)) else {
            throw FrameError.value("Can only compare identically-labeled Series objects")
        }
        let resultName: String? = name == other.name ? name : nil
        return Series(name: resultName, values: try values.combined(op, other.values), index: index)
    }

    private func sameLabels(_ other: Series) -> Bool {
        (0..<index.count).allSatisfy { FrameIndex.sameLabel(index.label(at: $0), other.index.label(at: $0)) }
    }

    /// `~mask` for bool series; `-s` is `applying(.multiply, .int(-1))`.
    public func inverted() throws -> Series {
        guard case .bool(let v) = values else {
            throw FrameError.type("bad operand type for unary ~: '\(dtype.rawValue)'")
        }
        return Series(name: name, values: .bool(v.map { !$0 }), index: index)
    }
}

extension FrameValue {
    /// The text a string or an opaque object (a dtype) compares by.
    fileprivate var nameForComparison: String? {
        switch self {
        case .string(let s), .opaque(let s): return s
        default: return nil
        }
    }
}
