/// An exception instance (`ValueError('x')`), also of user classes (`class ShapeError(ValueError)`),
/// which keep their attributes in `__dict__` and may override `__str__`/`__repr__`.
public final class ExceptionObject: TypedObject {
    public let type: PyType
    /// Set at creation from the call's arguments and again by `BaseException.__init__`.
    public var args: [Value]
    /// The exception this one was raised from (`raise X from Y`): `__cause__`.
    public var cause: ExceptionObject?
    /// The exception being handled when this one was raised: `__context__`.
    public var context: ExceptionObject?
    /// `__suppress_context__`: set by `raise ... from` (also `from None`), so that an
    /// uncaught error does not print its context.
    public var suppressContext: Bool = false
    /// Attributes built-in classes keep outside `__dict__`, as CPython's member slots
    /// (OSError's `errno`, `strerror`, `filename`, `filename2`).
    public var nativeAttributes: [String: Value] = [:]
    /// Where the exception was raised, for printing a chain of errors; kept apart from the
    /// `PyException` (which holds this object) so that no reference cycle forms.
    public var raisedAt: RaiseSite?
    /// Attributes a user class sets (`self.expected = expected`), made on first use.
    private(set) lazy var dict: PyDict = PyDict()

    public init(type: PyType, args: [Value]) { self.type = type; self.args = args }
    public convenience init(type: PyType, message: String) { self.init(type: type, args: [.str(message)]) }

    public var pyType: PyType { type }
    public var typeName: String { type.name }
    public func isInstance(of typeName: String) -> Bool { type.hasAncestor(named: typeName) }
    public func repr(_ interp: Interpreter) throws -> String {
        if type.isHeapType, let r = try special("__repr__", interp) { return r }
        return try nativeRepr(interp)
    }
    /// `str(e)`: the message alone, as Python prints after "ValueError: ".
    public func str(_ interp: Interpreter) throws -> String {
        if type.isHeapType, let s = try special("__str__", interp) { return s }
        return try nativeStr(interp)
    }

    /// A user class's own `__str__`/`__repr__` (nil when it inherits the native one).
    private func special(_ name: String, _ interp: Interpreter) throws -> String? {
        guard case .value(let f)? = type.lookup(name, interp.registry) else { return nil }
        let r: Value = try ObjectModel.callFound(.value(f), receiver: .object(self), type: type, [], interp)
        guard case .str(let s) = r else { throw PyException.typeError("\(name) returned non-string (type \(r.typeName))") }
        return s
    }

    func nativeRepr(_ interp: Interpreter) throws -> String {
        if args.count == 1 { return "\(type.name)(\(try interp.repr(args[0])))" }
        return type.name + (try interp.repr(.tuple(args)))
    }

    func nativeStr(_ interp: Interpreter) throws -> String {
        if let text = try osErrorText(interp) { return text }
        if args.isEmpty { return "" }
        if args.count == 1 && type.isSubclass(of: ExceptionTypes.keyError) { return try interp.repr(args[0]) }
        if args.count == 1 { return try interp.str(args[0]) }
        return try interp.repr(.tuple(args))
    }

    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "args" { return .tuple(args) }
        if let v = nativeAttributes[name] { return v }
        if let v = try dict.get(.str(name)) { return v }
        switch name {
        case "__dict__": return .dict(dict)
        case "__class__": return .object(type)
        case "__cause__": return cause.map { .object($0) } ?? Value.none
        case "__context__": return context.map { .object($0) } ?? Value.none
        case "__suppress_context__": return .bool(suppressContext)
        case "__traceback__": return Value.none
        default: break
        }
        if let found = type.lookup(name, interp.registry) {
            return try ObjectModel.bind(found, to: .object(self), type: type, name: name, interp)
        }
        return nil
    }
    public func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "args":
            args = try interp.iterate(value)
        case "__cause__", "__context__":
            var linked: ExceptionObject? = nil
            if case .object(let o) = value, let e = o as? ExceptionObject { linked = e } else if !value.isNone {
                throw PyException.typeError("exception \(name == "__cause__" ? "cause" : "context") must be None or derive from BaseException")
            }
            if name == "__cause__" { cause = linked; suppressContext = true } else { context = linked }
        case "__suppress_context__":
            suppressContext = try interp.truthy(value)
        default:
            if nativeAttributes[name] != nil { nativeAttributes[name] = value } else { try dict.set(.str(name), value) }
        }
        return true
    }
}

/// One line of a traceback: the function and where in it execution was.
public struct TraceEntry {
    public var function: String
    public var file: SourceFile?
    public var range: SourceRange
}

/// The frames an exception passed through, as a persistent list: each unwinding frame adds its
/// line in O(1). (An array was copied on every append, since the error being rethrown still
/// held the old buffer, which made reaching a deep RecursionError quadratic in the depth.)
public struct Traceback {
    final class Node {
        let entry: TraceEntry
        var next: Node?
        init(_ entry: TraceEntry, _ next: Node?) { self.entry = entry; self.next = next }
        deinit {
            // Unlink iteratively: a recursive release of 100,000 nodes would need as many frames.
            var rest: Node? = next
            next = nil
            while rest != nil && isKnownUniquelyReferenced(&rest) {
                let following: Node? = rest?.next
                rest?.next = nil
                rest = following  // frees the node, whose own `next` is already nil
            }
        }
    }
    private var outermost: Node?
    public init() {}
    public var isEmpty: Bool { outermost == nil }
    /// Adds the line of the frame now unwinding (outside the ones already recorded).
    public mutating func append(_ entry: TraceEntry) { outermost = Node(entry, outermost) }
    /// The lines from the outermost frame in, as a traceback prints them.
    public var outermostFirst: [TraceEntry] {
        var out: [TraceEntry] = []
        var node: Node? = outermost
        while let n = node { out.append(n.entry); node = n.next }
        return out
    }
}

/// A raised Python exception travelling up the Swift stack.
public struct PyException: Error {
    public var exception: ExceptionObject
    /// The innermost source range the error was raised at; the interpreter fills it in.
    public var range: SourceRange?
    /// The source the innermost range belongs to.
    public var file: SourceFile?
    /// The place reached in the function currently unwinding (becomes a traceback line).
    var frameRange: SourceRange?
    var frameFile: SourceFile?
    /// Frames the exception passed through, innermost first.
    public var traceback: Traceback = Traceback()
    /// Other spans to underline beside `range` (the operands of a failing operator).
    public var highlights: [SourceRange] = []
    /// Lines printed after the source excerpt ("note: left has shape (2, 3), …").
    public var notes: [String] = []

    public init(_ exception: ExceptionObject, range: SourceRange? = nil) {
        self.exception = exception
        self.range = range
    }
    public init(_ type: PyType, _ message: String) {
        self.init(ExceptionObject(type: type, message: message))
    }

    public static func typeError(_ m: String) -> PyException { PyException(ExceptionTypes.typeError, m) }
    public static func valueError(_ m: String) -> PyException { PyException(ExceptionTypes.valueError, m) }
    public static func indexError(_ m: String) -> PyException { PyException(ExceptionTypes.indexError, m) }
    public static func keyError(_ key: Value) -> PyException {
        PyException(ExceptionObject(type: ExceptionTypes.keyError, args: [key]))
    }
    public static func attributeError(_ m: String) -> PyException { PyException(ExceptionTypes.attributeError, m) }
    public static func nameError(_ m: String) -> PyException { PyException(ExceptionTypes.nameError, m) }
    public static func zeroDivision(_ m: String) -> PyException { PyException(ExceptionTypes.zeroDivisionError, m) }
    public static func runtimeError(_ m: String) -> PyException { PyException(ExceptionTypes.runtimeError, m) }
    public static func overflowError(_ m: String) -> PyException { PyException(ExceptionTypes.overflowError, m) }
    public static func notImplemented(_ m: String) -> PyException { PyException(ExceptionTypes.notImplementedError, m) }
}

/// Python's built-in exception hierarchy (the part users meet).
public enum ExceptionTypes {
    private static func make(_ name: String, _ base: PyType?) -> PyType {
        let t = PyType(name, base: base)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        t.allocate = { type, args, _ in ExceptionObject(type: type, args: args.positional) }
        return t
    }
    public static let baseException = make("BaseException", nil)
    public static let keyboardInterrupt = make("KeyboardInterrupt", baseException)
    public static let systemExit = make("SystemExit", baseException)
    public static let generatorExit = make("GeneratorExit", baseException)
    public static let exception = make("Exception", baseException)
    public static let arithmeticError = make("ArithmeticError", exception)
    public static let zeroDivisionError = make("ZeroDivisionError", arithmeticError)
    public static let overflowError = make("OverflowError", arithmeticError)
    public static let assertionError = make("AssertionError", exception)
    public static let attributeError = make("AttributeError", exception)
    public static let lookupError = make("LookupError", exception)
    public static let indexError = make("IndexError", lookupError)
    public static let keyError = make("KeyError", lookupError)
    public static let nameError = make("NameError", exception)
    public static let unboundLocalError = make("UnboundLocalError", nameError)
    public static let runtimeError = make("RuntimeError", exception)
    public static let notImplementedError = make("NotImplementedError", runtimeError)
    public static let recursionError = make("RecursionError", runtimeError)
    public static let stopIteration = make("StopIteration", exception)
    public static let typeError = make("TypeError", exception)
    public static let valueError = make("ValueError", exception)
    public static let importError = make("ImportError", exception)
    public static let moduleNotFoundError = make("ModuleNotFoundError", importError)
    public static let memoryError = make("MemoryError", exception)
    public static let syntaxError = make("SyntaxError", exception)
    public static let linAlgError: PyType = {
        let t = PyType("LinAlgError", qualifiedName: "torch.linalg.LinAlgError", base: runtimeError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        t.allocate = { type, args, _ in ExceptionObject(type: type, args: args.positional) }
        return t
    }()

    /// Every class by the name user code spells it (the builtins scope binds these).
    public static let all: [PyType] = [
        baseException, keyboardInterrupt, systemExit, generatorExit, exception, arithmeticError, zeroDivisionError,
        overflowError, assertionError, attributeError, lookupError, indexError, keyError, nameError,
        unboundLocalError, runtimeError, notImplementedError, recursionError, stopIteration, typeError,
        valueError, importError, moduleNotFoundError, memoryError, syntaxError,
    ]
}

/// An error ready to show: `FILE:LINE:COL: error: MESSAGE`, the source line, a caret under the
/// failing span, and for errors inside functions a short traceback, innermost last.
///
/// ```
/// <stdin>:2:5: error: NameError: name 'y' is not defined
/// x + y
///     ^
/// ```
public struct Diagnostic: Error, CustomStringConvertible {
    /// The full text to print to stderr (ends with a newline), without colour.
    public var rendered: String { render(color: false) }
    /// `Class: message` (or the class alone when the message is empty).
    public var headline: String = ""
    /// The file name and the failing span; nil when the error has no place.
    public var place: (file: String, range: SourceRange)?
    /// The source line of `place`, and the marker line under it (`^` at the span's start, `~`
    /// under the rest of it and under the other highlighted spans).
    public var sourceLine: String?
    public var markers: String?
    /// Lines printed after the excerpt as `note: …`.
    public var notes: [String] = []
    /// Traceback lines (`  in f at <stdin>:3`), outermost first.
    public var traceback: [String] = []
    /// The earlier errors of a chain (`raise ... from e`, or raised while handling one), printed
    /// before this one as CPython prints them.
    public var chainPreamble: String = ""
    /// The file name printed when there is no place.
    var fileName: String = ""
    /// The Python exception class (`NameError`, `SyntaxError`, `KeyboardInterrupt`).
    public var exceptionClass: String
    /// The message after "Class: ".
    public var message: String

    /// For `exit(n)` / `quit()`: the process exit status the CLI should use (SystemExit is
    /// not an error to print). nil for every other exception.
    public var exitStatus: Int32?

    public var description: String { rendered }

    public init(syntaxError e: SyntaxError, file: SourceFile) {
        exceptionClass = e.className
        message = e.message
        headline = "\(e.className): \(e.message)"
        locate(file: file, range: e.range)
    }

    init(exception e: PyException, fallbackFile: SourceFile, interp: Interpreter, chained: Bool = true) {
        if e.exception.type === ExceptionTypes.systemExit {
            let code: Value = e.exception.args.first ?? .none
            switch code {
            case .none: exitStatus = 0
            case .int(let i): exitStatus = Int32(truncatingIfNeeded: i)
            case .bool(let b): exitStatus = b ? 1 : 0
            default: exitStatus = 1
            }
        }
        let type: String = e.exception.type.qualifiedName
        exceptionClass = type
        let text: String = (try? e.exception.str(interp)) ?? ""
        let shown: String
        if e.exception.type === ExceptionTypes.keyError, e.exception.args.count == 1 {
            shown = (try? interp.repr(e.exception.args[0])) ?? text
        } else {
            shown = text
        }
        message = shown
        headline = shown.isEmpty ? type : "\(type): \(shown)"
        let file: SourceFile = e.file ?? fallbackFile
        fileName = file.name
        if let r = e.range {
            locate(file: file, range: r, highlights: e.highlights)
            notes = e.notes
            if !e.traceback.isEmpty {
                var lines: [String] = []
                if let fr = e.frameRange {
                    lines.append("  in <module> at \((e.frameFile ?? fallbackFile).name):\(fr.start.line)")
                }
                // Identical consecutive frames (recursion) collapse after three, as in Python.
                var previous: String = ""
                var repeats: Int = 0
                func flushRepeats() {
                    if repeats > 3 { lines.append("  [Previous line repeated \(repeats - 3) more times]") }
                }
                for entry in e.traceback.outermostFirst {
                    let line: String = "  in \(entry.function) at \((entry.file ?? fallbackFile).name):\(entry.range.start.line)"
                    if line == previous {
                        repeats += 1
                        if repeats <= 3 { lines.append(line) }
                        continue
                    }
                    flushRepeats()
                    previous = line
                    repeats = 1
                    lines.append(line)
                }
                flushRepeats()
                traceback = lines
            }
        }
        if chained && exitStatus == nil {
            chainPreamble = Diagnostic.chainText(of: e.exception, fallbackFile: fallbackFile, interp: interp)
        }
    }

    /// The text shown for this error; with `color`, `error:` in bold red, `note:` in bold cyan
    /// and the marker line in green (the CLI asks for colour only at a terminal).
    public func render(color: Bool) -> String {
        let red: String = color ? "\u{1b}[1;31m" : "", cyan: String = color ? "\u{1b}[1;36m" : ""
        let green: String = color ? "\u{1b}[32m" : "", reset: String = color ? "\u{1b}[0m" : ""
        guard let (file, range) = place else { return chainPreamble + "\(fileName): \(red)error:\(reset) \(headline)\n" }
        var out: String = chainPreamble + "\(file):\(range.start.line):\(range.start.column): \(red)error:\(reset) \(headline)\n"
        if let line = sourceLine { out += line + "\n" }
        if let m = markers { out += green + m + reset + "\n" }
        for note in notes { out += "\(cyan)note:\(reset) \(note)\n" }
        if !traceback.isEmpty { out += traceback.joined(separator: "\n") + "\n" }
        return out
    }

    /// Fills in the place, the source line and the markers under it.
    mutating func locate(file: SourceFile, range: SourceRange, highlights: [SourceRange] = []) {
        place = (file.name, range)
        fileName = file.name
        guard let line = file.line(range.start.line) else { return }
        sourceLine = line
        markers = Diagnostic.markers(line: line, range: range, highlights: highlights)
    }

    /// The caret layout shared by syntax and run-time errors.
    static func markers(line: String, range: SourceRange, highlights: [SourceRange]) -> String {
        let chars: [Character] = Array(line)
        // One marker per column: `~` under highlighted spans on this line, then `^~~` under the
        // primary range (its first column carries the caret). Tabs are kept so columns line up.
        var marks: [Character] = chars.map { $0 == "\t" ? "\t" : " " }
        func mark(_ r: SourceRange, caret: Bool) {
            guard r.start.line == range.start.line else { return }
            let start: Int = max(0, r.start.column - 1)
            let end: Int = r.end.line == r.start.line ? max(r.end.column - 1, start + 1) : chars.count
            while marks.count < end { marks.append(" ") }
            for i in start..<end { marks[i] = "~" }
            if caret { marks[start] = "^" }
        }
        for h in highlights { mark(h, caret: false) }
        mark(range, caret: true)
        var underline: String = String(marks)
        while underline.last == " " || underline.last == "\t" { underline.removeLast() }
        return underline
    }
}
