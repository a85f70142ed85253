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
