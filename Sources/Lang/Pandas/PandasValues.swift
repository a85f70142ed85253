import Autograd
import Foundation
import Frames
import TensorCore

/// Conversions between interpreter values and Frames' values, and Frames' errors as Python
/// exceptions.
enum PandasConvert {
    static func value(_ v: FrameValue) -> Value {
        switch v {
        case .missing: return .float(.nan)
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        case .string(let s), .opaque(let s): return .str(s)
        }
    }

    static func frameValue(_ v: Value, _ interp: Interpreter) throws -> FrameValue {
        switch v {
        case .none: return .missing
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return d.isNaN ? .missing : .float(d)
        case .str(let s): return .string(s)
        case .object(let t as Tensor) where t.count == 1:
            return try frameValue(TorchConvert.value(try t.item()), interp)
        default:
            throw PyException.typeError("pandas: cannot store a value of type '\(v.typeName)'")
        }
    }

    /// A dtype argument: `float`, `int`, `bool`, `str`, a string such as 'float64', or a torch dtype.
    static func dtype(_ v: Value, function: String) throws -> FrameDType? {
        switch v {
        case .none: return nil
        case .str(let s):
            guard let d = FrameDType(name: s) else { throw PyException.typeError("\(function)(): data type '\(s)' not understood") }
            return d
        case .object(let t as PyType):
            guard let d = FrameDType(name: t.name) else { throw PyException.typeError("\(function)(): data type \(t.name) not understood") }
            return d
        case .object(let d as DTypeObject):
            if d.dtype.isFloatingPoint { return .float64 }
            if d.dtype.isInteger { return .int64 }
            if d.dtype == .bool { return .bool }
            throw PyException.typeError("\(function)(): data type \(d.dtype) not understood")
        default:
            throw PyException.typeError("\(function)(): data type must be a type or a string, not \(v.typeName)")
        }
    }

    /// Runs Frames code, turning its errors into the Python exceptions pandas raises.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as FrameError {
            if e.kind == .key {
                // KeyError shows repr(arg); Frames' message already quotes the key and adds the
                // available columns, so it goes in as text whose repr is itself.
                throw PyException(ExceptionObject(type: ExceptionTypes.keyError, args: [.object(VerbatimText(e.message))]))
            }
            throw PyException(PandasErrors.type(for: e.kind), e.message)
        }
    }

    static func strings(_ v: Value, _ interp: Interpreter) throws -> [String] {
        if case .str(let s) = v { return [s] }
        return try interp.iterate(v).map {
            guard case .str(let s) = $0 else { throw PyException.typeError("expected column names (str), got \($0.typeName)") }
            return s
        }
    }
}

/// The exception classes Frames' errors map to, bound in the builtins scope so that
/// `except FileNotFoundError:` works; pandas' ParserError is a ValueError, as in pandas.
enum PandasErrors {
    // The OSError family is the one open() and os raise (OSErrors.swift).
    static let osError = ExceptionTypes.osError
    static let fileNotFound = ExceptionTypes.fileNotFoundError
    static let permission = ExceptionTypes.permissionError
    static let isADirectory = ExceptionTypes.isADirectoryError
    static let unicodeDecode = ExceptionTypes.unicodeDecodeError
    static let eof = make("EOFError", ExceptionTypes.exception)
    static let parser = make("ParserError", ExceptionTypes.valueError)
    static let emptyData = make("EmptyDataError", ExceptionTypes.valueError)

    static func make(_ name: String, _ base: PyType) -> PyType {
        let t = PyType(name, base: base)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }

    static func type(for kind: FrameError.Kind) -> PyType {
        switch kind {
        case .fileNotFound: return fileNotFound
        case .key: return ExceptionTypes.keyError
        case .value: return ExceptionTypes.valueError
        case .type: return ExceptionTypes.typeError
        case .index: return ExceptionTypes.indexError
        case .parser: return parser
        case .unicode: return unicodeDecode
        case .os: return osError
        case .permission: return permission
        case .isADirectory: return isADirectory
        case .emptyData: return emptyData
        case .eof: return eof
        case .notImplemented: return ExceptionTypes.notImplementedError
        }
    }

    static func register(_ r: BuiltinRegistry) {
        r.setConstant(eof.name, .object(eof))
        r.setConstant("pandas.errors.ParserError", .object(parser))
        r.setConstant("pandas.errors.EmptyDataError", .object(emptyData))
    }
}

/// Text whose repr is the text itself (a KeyError message that is already quoted).
final class VerbatimText: PyObject {
    let text: String
    init(_ text: String) { self.text = text }
    var typeName: String { "str" }
    func repr(_ interp: Interpreter) throws -> String { text }
}
