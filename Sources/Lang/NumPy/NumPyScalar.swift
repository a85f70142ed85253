import BigInt
import Foundation
import TensorCore

/// A NumPy 2 scalar (`np.float64(1.5)`, `np.int64(3)`, `np.True_`): what indexing an array
/// or reducing it gives. It is a strong operand in promotion (unlike a Python number), prints
/// its repr as NumPy 2 does, its str as the plain number, and has the ndarray's methods
/// (`x.item()`, `x.astype(...)`) through a 0-d view of itself.
public final class NumPyScalar: PyObject {
    public let value: Scalar
    public let dtype: DType

    public init(_ value: Scalar, dtype: DType) {
        self.dtype = dtype
        // Store the value as the dtype holds it (a float32 scalar keeps float32's rounding).
        self.value = NDArray(scalar: value, dtype: dtype).scalar(atLinear: 0)
    }

    /// The scalar type's name as NumPy's messages spell it (`numpy.float64`).
    public static func typeName(_ d: DType) -> String { "numpy." + d.name }

    public var typeName: String { NumPyScalar.typeName(dtype) }

    /// The 0-d array with this value (the scalar's operand and method receiver).
    public var array: NDArray { NDArray(scalar: value, dtype: dtype) }

    public func repr(_ interp: Interpreter) throws -> String {
        if case .bool(let b) = value { return b ? "np.True_" : "np.False_" }
        return "np.\(dtype.name)(\(NDArray.numpyScalarText(value, dtype: dtype)))"
    }
    public func str(_ interp: Interpreter) throws -> String { NDArray.numpyScalarText(value, dtype: dtype) }

    public func isInstance(of name: String) -> Bool {
        if name == typeName || name == "numpy.generic" { return true }
        // np.float64 derives from Python's float, np.bool_ does not derive from bool.
        return name == "float" && dtype == .float64 || name == "numpy.number" && dtype != .bool
    }

    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "real", "imag":
            if case .complex(let r, let i) = value { return .object(NumPyScalar(.float(name == "real" ? r : i), dtype: dtype.realCounterpart)) }
            return name == "real" ? .object(self) : .object(NumPyScalar(.int(0), dtype: dtype))
        default:
            // Every ndarray attribute and method, through a 0-d array.
            let view = NumPyArray(array)
            if let v = try view.getAttribute(name, interp) { return v }
            if let b = interp.registry.method("ndarray", name) {
                return .object(BuiltinFunction(b, receiver: .object(self), displayName: name))
            }
            return nil
        }
    }
    public func attributeNames(_ interp: Interpreter) -> [String] {
        NumPyArray.dataAttributes + interp.registry.names(under: "ndarray")
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumPyOps.operator(op, .object(self), other, reflected: reflected, interp)
    }
    public func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        try NumPyArray(array).unary(op, interp)
    }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumPyOps.comparison(op, .object(self), other, reflected: reflected, interp)
    }

    public func truthiness(_ interp: Interpreter) throws -> Bool? { value.boolValue }
    public func toFloat(_ interp: Interpreter) throws -> Double? {
        if case .complex = value { throw PyException.typeError("float() argument must be a string or a real number, not 'complex'") }
        return value.doubleValue
    }
    public func toInt(_ interp: Interpreter) throws -> Value? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(Int(i))
        case .float(let d):
            if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
            if d.isInfinite { throw PyException.overflowError("cannot convert float infinity to integer") }
            return .integer(BigInt(d.rounded(.towardZero)))
        case .complex: throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not 'complex'")
        }
    }
    public func index(_ interp: Interpreter) throws -> Int? {
        if case .int(let i) = value { return Int(i) }
        return nil
    }
    public func hash(_ interp: Interpreter) throws -> Int {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Int(i).hashValue
        case .float(let d): return d.rounded() == d && Swift.abs(d) < 9e18 ? Int(d).hashValue : d.hashValue
        case .complex(let r, let i): return r.hashValue ^ i.hashValue
        }
    }
    /// f-strings and `format()` convert to the Python number first, as NumPy does
    /// (`f'{np.float32(0.1)}'` is `0.10000000149011612`).
    public func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        try interp.format(NumPyConvert.pythonValue(value), spec)
    }
}
