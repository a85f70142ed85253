import Autograd
import Foundation
import Frames
import TensorCore

/// A pandas DataFrame as an interpreter object. A class holding the frame, because Python code
/// mutates frames in place (`df['c'] = …`) and every name bound to it sees the change.
final class DataFrameObject: PyObject {
    var frame: DataFrame
    init(_ frame: DataFrame) { self.frame = frame }

    var typeName: String { "DataFrame" }
    func isInstance(of typeName: String) -> Bool { typeName == "DataFrame" || typeName == "pandas.DataFrame" }
    func repr(_ interp: Interpreter) throws -> String { frame.description }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple([.int(frame.shape.rows), .int(frame.shape.columns)])
        case "columns": return .object(IndexObject(labels: frame.columnNames.map { .string($0) }, repr: frame.columnsRepr))
        case "index": return .object(IndexObject(labels: frame.index.labels, repr: frame.index.repr))
        case "dtypes": return .object(SeriesObject(frame.dtypes))
        case "values": return .object(NumPyArray(try PandasConvert.run { try frame.toNDArray() }))
        case "iloc": return .object(Indexer(target: .frame(self), byPosition: true))
        case "loc": return .object(Indexer(target: .frame(self), byPosition: false))
        case "size": return .int(frame.shape.rows * frame.shape.columns)
        case "ndim": return .int(2)
        case "empty": return .bool(frame.shape.rows == 0 || frame.shape.columns == 0)
        case "T": return nil
        default:
            if frame.columnNames.contains(name) { return .object(SeriesObject(try PandasConvert.run { try frame.column(name) })) }
            return nil
        }
    }

    func attributeNames(_ interp: Interpreter) -> [String] {
        ["shape", "columns", "index", "dtypes", "values", "iloc", "loc", "size", "ndim", "empty"] + frame.columnNames
    }

    func length(_ interp: Interpreter) throws -> Int? { frame.rowCount }
    func iterate(_ interp: Interpreter) throws -> [Value]? { frame.columnNames.map { .str($0) } }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .str(let s) = other else { return false }
        return frame.columnNames.contains(s)
    }

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        try PandasConvert.run {
            switch key {
            case .str(let name): return .object(SeriesObject(try frame.column(name)))
            case .list, .tuple: return .object(DataFrameObject(try frame.columns(try PandasConvert.strings(key, interp))))
            case .object(let s as SeriesObject): return .object(DataFrameObject(try frame.filtered(by: s.series)))
            case .object(let sl as PySlice):
                let rows = try Indexer.positionSelector(.object(sl), interp)
                return try Indexer.wrap(try frame.iloc(rows, .all))
            default: throw PyException.keyError(key)
            }
        }
    }

    func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .str(let name) = key else { throw PyException.typeError("DataFrame columns are set by name (a str), not \(key.typeName)") }
        try PandasConvert.run {
            switch value {
            case .object(let s as SeriesObject): try frame.setColumn(name, s.series.values)
            case .object(let t as Tensor):
                try frame.setColumn(name, Column.inferring(try t.data.scalars.map { try PandasConvert.frameValue(TorchConvert.value($0), interp) }))
            case .list, .tuple:
                try frame.setColumn(name, Column.inferring(try interp.iterate(value).map { try PandasConvert.frameValue($0, interp) }))
            default:
                try frame.setColumn(name, broadcasting: try PandasConvert.frameValue(value, interp))
            }
        }
    }
}

/// A pandas Series: one labelled column.
final class SeriesObject: PyObject {
    let series: Series
    init(_ series: Series) { self.series = series }

    var typeName: String { "Series" }
    func isInstance(of typeName: String) -> Bool { typeName == "Series" || typeName == "pandas.Series" }
    func repr(_ interp: Interpreter) throws -> String { series.description }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return series.name.map { .str($0) } ?? Value.none
        case "dtype": return .str(series.dtype.description)
        case "shape": return .tuple([.int(series.count)])
        case "size": return .int(series.count)
        case "index": return .object(IndexObject(labels: series.index.labels, repr: series.index.repr))
        case "values": return .object(NumPyArray(try PandasConvert.run { try series.toNDArray() }))
        case "iloc": return .object(Indexer(target: .series(self), byPosition: true))
        case "loc": return .object(Indexer(target: .series(self), byPosition: false))
        default: return nil
        }
    }

    func attributeNames(_ interp: Interpreter) -> [String] { ["name", "dtype", "shape", "size", "index", "values", "iloc", "loc"] }
    func length(_ interp: Interpreter) throws -> Int? { series.count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { series.values.values.map(PandasConvert.value) }

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        try PandasConvert.run {
            if case .object(let mask as SeriesObject) = key { return .object(SeriesObject(try series.filtered(by: mask.series))) }
            if case .object(let sl as PySlice) = key {
                return try Indexer.wrap(try series.iloc(try Indexer.positionSelector(.object(sl), interp)))
            }
            return PandasConvert.value(try series.value(forLabel: try PandasConvert.frameValue(key, interp)))
        }
    }

    static func op(_ o: BinaryOperator) -> SeriesOperator? {
        switch o {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .trueDivide: return .divide
        case .floorDivide: return .floorDivide
        case .modulo: return .remainder
        case .power: return .power
        case .bitAnd: return .and
        case .bitOr: return .or
        default: return nil
        }
    }

    func apply(_ op: SeriesOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try PandasConvert.run {
            if case .object(let s as SeriesObject) = other {
                return .object(SeriesObject(reflected ? try s.series.applying(op, series) : try series.applying(op, s.series)))
            }
            let scalar = try PandasConvert.frameValue(other, interp)
            return .object(SeriesObject(reflected ? try series.applying(op, reversed: scalar) : try series.applying(op, scalar)))
        }
    }

    func binary(_ o: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let op = SeriesObject.op(o) else { return nil }
        return try apply(op, other, reflected: reflected, interp)
    }

    func compare(_ o: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let op: SeriesOperator
        switch o.swappedIf(reflected) {
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        default: return nil
        }
        return try apply(op, other, reflected: false, interp)
    }

    func unary(_ o: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch o {
        case .invert: return .object(SeriesObject(try PandasConvert.run { try series.inverted() }))
        case .negate: return try apply(.multiply, .int(-1), reflected: false, interp)
        case .plus: return .object(self)
        case .not: return nil
        }
    }

    func truthiness(_ interp: Interpreter) throws -> Bool? {
        throw PyException.valueError("The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().")
    }
}

extension ComparisonOperator {
    /// The comparison as seen from the other operand when `reflected`.
    func swappedIf(_ reflected: Bool) -> ComparisonOperator { reflected ? swapped : self }
}

/// `df.columns` and `df.index`.
final class IndexObject: PyObject {
    let labels: [FrameValue]
    let text: String
    init(labels: [FrameValue], repr: String) { self.labels = labels; self.text = repr }
    var typeName: String { "Index" }
    func repr(_ interp: Interpreter) throws -> String { text }
    func length(_ interp: Interpreter) throws -> Int? { labels.count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { labels.map(PandasConvert.value) }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        try interp.getItem(.list(PyList(labels.map(PandasConvert.value))), key)
    }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        labels.contains(try PandasConvert.frameValue(other, interp))
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "tolist" {
            let items = labels.map(PandasConvert.value)
            return .object(NativeClosure(name: "tolist") { _ in .list(PyList(items)) })
        }
        return nil
    }
}

/// `df.iloc` / `df.loc` (and a Series' own): subscripted with rows, or `[rows, cols]`.
final class Indexer: PyObject {
    enum Target {
        case frame(DataFrameObject)
        case series(SeriesObject)
    }
    let target: Target
    let byPosition: Bool
    init(target: Target, byPosition: Bool) { self.target = target; self.byPosition = byPosition }

    var typeName: String { byPosition ? "_iLocIndexer" : "_LocIndexer" }
    func repr(_ interp: Interpreter) throws -> String { "<pandas.core.indexing.\(typeName) object>" }

    static func wrap(_ s: FrameSelection) throws -> Value {
        switch s {
        case .frame(let f): return .object(DataFrameObject(f))
        case .series(let s): return .object(SeriesObject(s))
        case .scalar(let v): return PandasConvert.value(v)
        }
    }

    /// A boolean Series used as a row mask.
    static func mask(_ series: SeriesObject, _ indexer: String) throws -> [Bool] {
        try series.series.values.values.map {
            if case .bool(let b) = $0 { return b }
            throw PyException.indexError("\(indexer): a boolean mask must hold only booleans")
        }
    }

    /// A non-empty list of Python bools as a mask; nil for anything else (positions, labels).
    static func mask(_ items: [Value]) -> [Bool]? {
        var out: [Bool] = []
        for item in items {
            guard case .bool(let b) = item else { return nil }
            out.append(b)
        }
        return out.isEmpty ? nil : out
    }

    static func positionSelector(_ v: Value, _ interp: Interpreter) throws -> PositionSelector {
        switch v {
        case .object(let s as PySlice):
            func bound(_ b: Value) throws -> Int? { b.isNone ? nil : try interp.asIndex(b) }
            return .slice(start: try bound(s.start), stop: try bound(s.stop), step: try bound(s.step))
        case .object(let m as SeriesObject):
            return .mask(try mask(m, "iloc"))
        case .list, .tuple:
            let items = try interp.iterate(v)
            if let m = mask(items) { return .mask(m) }
            return .positions(try items.map {
                guard let i = try interp.asIndex($0) else { throw PyException.indexError("iloc: positions must be integers, not \($0.typeName)") }
                return i
            })
        default:
            guard let i = try interp.asIndex(v) else {
                throw PyException.indexError(".iloc requires numeric indexers, got \(try interp.repr(v))")
            }
            return .position(i)
        }
    }

    static func labelSelector(_ v: Value, _ interp: Interpreter) throws -> LabelSelector {
        switch v {
        case .object(let s as PySlice):
            return .slice(start: s.start.isNone ? nil : try PandasConvert.frameValue(s.start, interp),
                          stop: s.stop.isNone ? nil : try PandasConvert.frameValue(s.stop, interp))
        case .object(let m as SeriesObject):
            return .mask(try mask(m, "loc"))
        case .list, .tuple:
            let items = try interp.iterate(v)
            if let m = mask(items) { return .mask(m) }
            return .labels(try items.map { try PandasConvert.frameValue($0, interp) })
        default:
            return .label(try PandasConvert.frameValue(v, interp))
        }
    }

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        var rowsKey = key
        var colsKey: Value? = nil
        if case .tuple(let parts) = key, parts.count == 2 { rowsKey = parts[0]; colsKey = parts[1] }
        return try PandasConvert.run {
            switch target {
            case .frame(let f):
                if byPosition {
                    let cols = try colsKey.map { try Indexer.positionSelector($0, interp) } ?? .all
                    return try Indexer.wrap(try f.frame.iloc(try Indexer.positionSelector(rowsKey, interp), cols))
                }
                let cols = try colsKey.map { try Indexer.labelSelector($0, interp) } ?? .all
                return try Indexer.wrap(try f.frame.loc(try Indexer.labelSelector(rowsKey, interp), cols))
            case .series(let s):
                if colsKey != nil { throw PyException.indexError("Too many indexers") }
                if byPosition { return try Indexer.wrap(try s.series.iloc(try Indexer.positionSelector(rowsKey, interp))) }
                return try Indexer.wrap(try s.series.loc(try Indexer.labelSelector(rowsKey, interp)))
            }
        }
    }
}
