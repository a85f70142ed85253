@_exported import Syntax
import BigInt

/// A Python value. Small and unboxed for the scalar cases the interpreter's hot loops use
/// (`int`, `float`, `bool`, `None`); containers are reference types so that mutation through one
/// name is seen through another, as in Python. Everything else (tensors, dtypes, functions,
/// modules, ranges, exceptions, …) is an `.object`, through the open `PyObject` protocol.
public enum Value {
    case none
    case bool(Bool)
    /// A Python int that fits in 64 bits; results that do not fit become `.bigInt`, never wrap.
    case int(Int)
    case bigInt(BigIntBox)
    case float(Double)
    case str(String)
    case tuple([Value])
    case list(PyList)
    case dict(PyDict)
    /// A user-defined function or lambda (a case of its own so calls skip a dynamic cast).
    case function(PyFunction)
    case object(PyObject)

    /// An int value, demoted to the fast path when it fits in 64 bits.
    public static func integer(_ big: BigInt) -> Value {
        if let small = Int(exactly: big) { return .int(small) }
        return .bigInt(BigIntBox(big))
    }

    public var isNone: Bool { if case .none = self { return true }; return false }
}

/// Arbitrary-precision ints live in a box to keep `Value` two words wide.
public final class BigIntBox {
    public let value: BigInt
    public init(_ value: BigInt) { self.value = value }
}

/// A Python list: a mutable sequence with reference semantics.
public final class PyList {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
}

/// Arguments of a call as written at the call site, after `*`/`**` expansion.
public struct Arguments {
    public var positional: [Value]
    public var keywords: [(name: String, value: Value)]
    public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }
}

extension Value {
    /// Python's type name for messages (`'int'`, `'NoneType'`, `'Tensor'`).
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .str: return "str"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .function: return "function"
        case .object(let o): return o.typeName
        }
    }

    /// The value as a BigInt when it is a Python int or bool.
    public var bigIntValue: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .bigInt(let b): return b.value
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as a Double when it is a Python number (int, bool or float).
    public var numericDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bigInt(let b): return Double(b.value)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }

    /// An object's identity for `id()` and `is`; nil for values without one (ints, floats…).
    var identity: ObjectIdentifier? {
        switch self {
        case .list(let l): return ObjectIdentifier(l)
        case .dict(let d): return ObjectIdentifier(d)
        case .function(let f): return ObjectIdentifier(f)
        case .object(let o): return ObjectIdentifier(o)
        case .bigInt(let b): return ObjectIdentifier(b)
        default: return nil
        }
    }
}

/// A native object living in the interpreter (tensors, dtypes, `torch.Size`, modules, DataFrames,
/// and the interpreter's own ranges, functions and exceptions). Conforming types implement only
/// what they support; the defaults in the extension below make everything else behave like a
/// plain Python object (unsupported operators raise Python's TypeError, unknown attributes
/// AttributeError, and so on).
///
/// Methods declared in the builtin table under `TypeName.method` (for example `Tensor.sum`) are
/// found automatically when `getAttribute` returns nil, so a type only answers its data
/// attributes (`shape`, `dtype`) here.
public protocol PyObject: AnyObject {
    /// The name Python's `type(x).__name__` shows and messages use: `'Tensor'`, `'torch.dtype'`.
    var typeName: String { get }
    func repr(_ interp: Interpreter) throws -> String
    /// `str(x)` and `print(x)`; defaults to `repr`.
    func str(_ interp: Interpreter) throws -> String
    /// An attribute, or nil when there is none (the interpreter then looks for a builtin method
    /// `typeName.name`, and finally raises AttributeError).
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value?
    /// Returns false when the attribute cannot be set (AttributeError).
    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool
    /// `self op other` (or `other op self` when `reflected`); nil means NotImplemented.
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    /// `self op= other` in place; nil falls back to `binary` and rebinding.
    func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value?
    /// `-x`, `+x`, `~x`; nil means unsupported (TypeError). `not` never reaches here.
    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value?
    /// A rich comparison (`<`, `==`, …, never `is`/`in`): `self op other`, or `other op self`
    /// when `reflected` (the left operand declined). nil means NotImplemented; when both sides
    /// decline, `==` and `!=` fall back to identity.
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    /// `self[key]`: keys arrive as Values (ints, `.object(PySlice)`, Ellipsis, None, tuples, lists, objects).
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value
    func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws
    func deleteItem(_ key: Value, _ interp: Interpreter) throws
    /// `len(x)`; nil means "object of type 'X' has no len()".
    func length(_ interp: Interpreter) throws -> Int?
    /// The elements `for` visits; nil means "'X' object is not iterable".
    func iterate(_ interp: Interpreter) throws -> [Value]?
    /// `bool(x)`; nil means True (Python's default for objects).
    func truthiness(_ interp: Interpreter) throws -> Bool?
    /// `x(...)`; nil means "'X' object is not callable".
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value?
    /// `float(x)`; nil → TypeError.
    func toFloat(_ interp: Interpreter) throws -> Double?
    /// `int(x)`; nil → TypeError.
    func toInt(_ interp: Interpreter) throws -> Value?
    /// `operator.index(x)`: the object used where Python needs an exact integer (list indices,
    /// `range` bounds); nil when it is not integer-like.
    func index(_ interp: Interpreter) throws -> Int?
    /// `hash(x)`; the default hashes by identity, as Python objects do.
    func hash(_ interp: Interpreter) throws -> Int
    /// `other in self`; nil falls back to iterating.
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool?
    /// Context managers (`with torch.no_grad():`): `enter` gives the `as` value.
    func enter(_ interp: Interpreter) throws -> Value?
    /// Called when leaving the `with` block, also when it raised (then `error` is set).
    func exit(error: Error?, _ interp: Interpreter) throws
    /// `__exit__`: like `exit`, returning true when the error should be suppressed.
    func exitSuppressing(error: Error?, _ interp: Interpreter) throws -> Bool
    /// `del x.name`; returns false when the object has no deletable attributes (AttributeError).
    func deleteAttribute(_ name: String, _ interp: Interpreter) throws -> Bool
    /// `format(x, spec)` / `f"{x:spec}"`; nil means the default (str for an empty spec, else
    /// TypeError). PyTorch formats 0-d tensors as their Python number.
    func format(_ spec: String, _ interp: Interpreter) throws -> String?
    /// Attribute names for `dir(x)` and tab completion (builtin methods are added automatically).
    func attributeNames(_ interp: Interpreter) -> [String]
    /// `isinstance(x, T)` where T is a type named `typeName`; override to claim base classes
    /// (`torch.Size` claims `tuple`).
    func isInstance(of typeName: String) -> Bool
}

extension PyObject {
    public func str(_ interp: Interpreter) throws -> String { try repr(interp) }
    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }
    public func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? { nil }
    public func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }
    public func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? { nil }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? { nil }
    public func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        throw PyException.typeError("'\(typeName)' object is not subscriptable")
    }
    public func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        throw PyException.typeError("'\(typeName)' object does not support item assignment")
    }
    public func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        throw PyException.typeError("'\(typeName)' object does not support item deletion")
    }
    public func length(_ interp: Interpreter) throws -> Int? { nil }
    public func iterate(_ interp: Interpreter) throws -> [Value]? { nil }
    public func truthiness(_ interp: Interpreter) throws -> Bool? { nil }
    public func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { nil }
    public func toFloat(_ interp: Interpreter) throws -> Double? { nil }
    public func toInt(_ interp: Interpreter) throws -> Value? { nil }
    public func index(_ interp: Interpreter) throws -> Int? { nil }
    public func hash(_ interp: Interpreter) throws -> Int { ObjectIdentifier(self).hashValue }
    public func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? { nil }
    public func enter(_ interp: Interpreter) throws -> Value? { .object(self) }
    public func exit(error: Error?, _ interp: Interpreter) throws {}
    public func exitSuppressing(error: Error?, _ interp: Interpreter) throws -> Bool {
        try exit(error: error, interp)
        return false
    }
    public func deleteAttribute(_ name: String, _ interp: Interpreter) throws -> Bool { false }
    public func format(_ spec: String, _ interp: Interpreter) throws -> String? { nil }
    public func attributeNames(_ interp: Interpreter) -> [String] { [] }
    public func isInstance(of typeName: String) -> Bool { typeName == self.typeName }
}
