import Autograd
import Foundation
import TensorCore

/// Numbers for plotting: a 0-, 1- or 2-d array of doubles, row-major.
public struct PlotArray {
    public var shape: [Int]
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    public var rank: Int { shape.count }
    public var count: Int { values.count }

    /// The columns of a 2-d array (matplotlib draws each column of a 2-d y as one line); a 1-d
    /// or 0-d array is one column.
    public var columns: [[Double]] {
        guard shape.count == 2 else { return [values] }
        let (r, c) = (shape[0], shape[1])
        return (0..<c).map { j in (0..<r).map { values[$0 * c + j] } }
    }
}

/// The one place that turns Python values into numbers for plotting: tensors, ndarrays, lists
/// and tuples (nested for 2-d), ranges, Python and NumPy numbers, 0-d tensors. Other array-likes
/// add a converter to `converters` instead of teaching each plotting call about themselves.
public enum PlotData {
    /// Tried first, in order; a converter returns nil for values it does not know.
    public static var converters: [(Value, Interpreter) throws -> PlotArray?] = []

    /// `v` as an array of at most `maxRank` dimensions; `what` names the argument in errors.
    public static func array(_ v: Value, _ interp: Interpreter, what: String, maxRank: Int = 2) throws -> PlotArray {
        for convert in converters {
            if let a = try convert(v, interp) { return try checked(a, what: what, maxRank: maxRank) }
        }
        if case .object(let t as Tensor) = v { return try checked(numbers(t.data), what: what, maxRank: maxRank) }
        if case .object(let a as NumPyArray) = v { return try checked(numbers(a.array), what: what, maxRank: maxRank) }
        if let x = try scalar(v, interp) { return PlotArray(shape: [], values: [x]) }
        if case .str = v { throw PyException.typeError("\(what): expected numbers, got str") }
        let items: [Value]
        do {
            items = try interp.iterate(v)
        } catch {
            throw PyException.typeError("\(what): expected an array-like of numbers, got \(v.typeName)")
        }
        var rows: [PlotArray] = []
        for item in items { rows.append(try array(item, interp, what: what, maxRank: maxRank - 1)) }
        if rows.allSatisfy({ $0.rank == 0 }) {
            return PlotArray(shape: [rows.count], values: rows.map { $0.values[0] })
        }
        guard let first = rows.first, rows.allSatisfy({ $0.shape == first.shape }) else {
            throw PyException.valueError("\(what): setting an array element with a sequence. The requested array has an inhomogeneous shape")
        }
        return try checked(PlotArray(shape: [rows.count] + first.shape, values: rows.flatMap(\.values)), what: what, maxRank: maxRank)
    }

    /// A tensor's or ndarray's elements as doubles, in one copy.
    static func numbers(_ array: NDArray) throws -> PlotArray {
        if array.dtype.isComplex { throw PyException.typeError("plotting needs real numbers, got \(array.dtype)") }
        let d = array.dtype == .float64 && array.isContiguous ? array : try array.converted(to: .float64)
        let values = Array(UnsafeBufferPointer(start: d.pointer(as: Double.self), count: d.count))
        return PlotArray(shape: array.shape, values: values)
    }

    static func checked(_ a: PlotArray, what: String, maxRank: Int) throws -> PlotArray {
        guard a.rank <= max(maxRank, 0) else {
            throw PyException.valueError("\(what): expected at most \(max(maxRank, 0))-d data, got shape \(TensorError.shapeString(a.shape))")
        }
        return a
    }

    /// A Python number (or an object such as a 0-d tensor that converts to float), else nil.
    public static func scalar(_ v: Value, _ interp: Interpreter) throws -> Double? {
        if let d = v.numericDouble { return d }
        if case .object(let o) = v, !(o is Tensor) || (o as! Tensor).shape.isEmpty {
            if o is PyRange { return nil }
            if let d = try o.toFloat(interp) { return d }
        }
        return nil
    }

    /// A 1-d sequence of numbers (0-d becomes one element; 2-d is refused).
    public static func vector(_ v: Value, _ interp: Interpreter, what: String) throws -> [Double] {
        let a = try array(v, interp, what: what, maxRank: 1)
        return a.values
    }

    /// A number argument, with the function's name in the error.
    public static func number(_ v: Value, _ interp: Interpreter, what: String) throws -> Double {
        if let d = try scalar(v, interp) { return d }
        throw PyException.typeError("\(what): expected a number, got \(v.typeName)")
    }

    /// A `(low, high)` pair, as xlim/ylim take.
    public static func pair(_ v: Value, _ interp: Interpreter, what: String) throws -> (Double?, Double?) {
        let items = try interp.iterate(v)
        guard items.count == 2 else { throw PyException.valueError("\(what): expected a (low, high) pair, got \(items.count) values") }
        return (items[0].isNone ? nil : try number(items[0], interp, what: what),
                items[1].isNone ? nil : try number(items[1], interp, what: what))
    }

    /// A new 1-d float64 ndarray holding `values`: hist's counts and bin edges, as matplotlib
    /// returns them.
    static func makeArray(_ values: [Double]) throws -> Value {
        .object(NumPyArray(try NDArray(values, shape: [values.count])))
    }
}
