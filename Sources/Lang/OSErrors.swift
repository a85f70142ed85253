import Foundation

/// Python's OSError family, which the file and `os` layers raise: `FileNotFoundError: [Errno 2]
/// No such file or directory: 'x.csv'`. A failed system call becomes the subclass CPython maps
/// its errno to, carrying `errno`, `strerror`, `filename` (and `filename2` for two-path calls
/// such as `os.rename`), so `except OSError` catches all of them and `e.filename` names the path.
extension ExceptionTypes {
    /// An OSError class whose constructor behaves as CPython's: `OSError(errno, strerror[,
    /// filename[, winerror[, filename2]]])` keeps only the first two as `args`, sets the
    /// attributes, and `OSError(2, 'x')` itself builds the errno's subclass (FileNotFoundError).
    private static func makeOSError(_ name: String, _ base: PyType, qualifiedName: String? = nil) -> PyType {
        let t: PyType = PyType(name, qualifiedName: qualifiedName, base: base)
        t.construct = { args, _ in .object(ExceptionTypes.buildOSError(t, args.positional)) }
        return t
    }

    public static let osError: PyType = makeOSError("OSError", exception)
    public static let fileNotFoundError: PyType = makeOSError("FileNotFoundError", osError)
    public static let fileExistsError: PyType = makeOSError("FileExistsError", osError)
    public static let isADirectoryError: PyType = makeOSError("IsADirectoryError", osError)
    public static let notADirectoryError: PyType = makeOSError("NotADirectoryError", osError)
    public static let permissionError: PyType = makeOSError("PermissionError", osError)
    public static let interruptedError: PyType = makeOSError("InterruptedError", osError)
    public static let timeoutError: PyType = makeOSError("TimeoutError", osError)
    /// `io.UnsupportedOperation` (reading a file opened for writing). CPython's class derives
    /// from both OSError and ValueError; tcalc's single-base types keep OSError.
    public static let unsupportedOperation: PyType = makeOSError("UnsupportedOperation", osError, qualifiedName: "io.UnsupportedOperation")
    /// Decoding a file that is not valid text in its encoding.
    public static let unicodeError: PyType = {
        let t: PyType = PyType("UnicodeError", base: valueError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()
    public static let unicodeDecodeError: PyType = {
        let t: PyType = PyType("UnicodeDecodeError", base: unicodeError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()
    public static let unicodeEncodeError: PyType = {
        let t: PyType = PyType("UnicodeEncodeError", base: unicodeError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()

    /// The classes bound in the builtins scope by name (`IOError` and `EnvironmentError` are
    /// Python 3's aliases of OSError).
    static let osErrorBindings: [(String, PyType)] = [
        ("OSError", osError), ("IOError", osError), ("EnvironmentError", osError),
        ("FileNotFoundError", fileNotFoundError), ("FileExistsError", fileExistsError),
        ("IsADirectoryError", isADirectoryError), ("NotADirectoryError", notADirectoryError),
        ("PermissionError", permissionError), ("InterruptedError", interruptedError),
        ("TimeoutError", timeoutError), ("UnicodeError", unicodeError),
        ("UnicodeDecodeError", unicodeDecodeError), ("UnicodeEncodeError", unicodeEncodeError),
    ]

    /// The subclass CPython raises for an errno (its `errmap`), or OSError itself.
    static func osErrorClass(forErrno code: Int32) -> PyType {
        switch code {
        case ENOENT: return fileNotFoundError
        case EEXIST: return fileExistsError
        case EISDIR: return isADirectoryError
        case ENOTDIR: return notADirectoryError
        case EACCES, EPERM: return permissionError
        case EINTR: return interruptedError
        case ETIMEDOUT: return timeoutError
        default: return osError
        }
    }

    /// An instance from constructor arguments, as CPython's `OSError.__new__`/`__init__` do.
    static func buildOSError(_ requested: PyType, _ args: [Value]) -> ExceptionObject {
        var type: PyType = requested
        if requested === osError, args.count >= 2, case .int(let code) = args[0] {
            type = osErrorClass(forErrno: Int32(truncatingIfNeeded: code))
        }
        guard args.count >= 2 && args.count <= 5 else {
            let e: ExceptionObject = ExceptionObject(type: type, args: args)
            for name in ["errno", "strerror", "filename", "filename2"] { e.nativeAttributes[name] = Value.none }
            return e
        }
        let e: ExceptionObject = ExceptionObject(type: type, args: Array(args[0..<2]))
        e.nativeAttributes["errno"] = args[0]
        e.nativeAttributes["strerror"] = args[1]
        e.nativeAttributes["filename"] = args.count > 2 ? args[2] : Value.none
        e.nativeAttributes["filename2"] = args.count > 4 ? args[4] : Value.none
        return e
    }
}

extension PyException {
    /// The error a failed system call on `path` reports: `[Errno 2] No such file or directory:
    /// 'x.csv'` as the errno's OSError subclass. `code` defaults to the current `errno`.
    public static func os(_ code: Int32 = errno, path: String? = nil, path2: String? = nil) -> PyException {
        let message: String = String(cString: strerror(code))
        var args: [Value] = [.int(Int(code)), .str(message)]
        if let p = path { args.append(.str(p)) }
        if let p2 = path2 {
            if path == nil { args.append(.none) }
            args.append(.none)
            args.append(.str(p2))
        }
        return PyException(ExceptionTypes.buildOSError(ExceptionTypes.osErrorClass(forErrno: code), args))
    }

    /// `io.UnsupportedOperation: not readable`.
    static func unsupported(_ message: String) -> PyException {
        PyException(ExceptionObject(type: ExceptionTypes.unsupportedOperation, args: [.str(message)]))
    }
}

extension ExceptionObject {
    /// `str(e)` for an OSError made with an errno: `[Errno 2] No such file or directory:
    /// 'x.csv'` (with ` -> 'y'` for a second path); nil for every other exception.
    func osErrorText(_ interp: Interpreter) throws -> String? {
        guard type.isSubclass(of: ExceptionTypes.osError), args.count == 2,
              let code = nativeAttributes["errno"], !code.isNone else { return nil }
        var text: String = "[Errno \(try interp.str(code))] \(try interp.str(nativeAttributes["strerror"] ?? .none))"
        if let f = nativeAttributes["filename"], !f.isNone {
            text += ": " + (try interp.repr(f))
            if let f2 = nativeAttributes["filename2"], !f2.isNone { text += " -> " + (try interp.repr(f2)) }
        }
        return text
    }
}
