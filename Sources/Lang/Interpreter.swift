import Foundation
import TensorCore

/// One interpreter session: the globals, the builtin table and the output sink. The CLI makes
/// one per process and feeds it scripts, `-e` strings or REPL entries through `run`.
public final class Interpreter {
    /// Set from a SIGINT handler; loops and calls check it and raise KeyboardInterrupt.
    public static var interruptRequested: Bool = false
    /// Longest sequence `*` may build (elements or UTF-8 bytes); beyond it MemoryError, not a
    /// process killed by the kernel.
    nonisolated(unsafe) public static var maxSequenceLength: Int = 1 << 31

    /// The one check before building a sequence of `count` elements or bytes whose size a user
    /// controls (padding, repetition, formatting): past `maxSequenceLength`, MemoryError, never
    /// an abort in Swift's allocator.
    static func checkSequenceLength(_ count: Int) throws {
        if count > maxSequenceLength { throw PyException(ExceptionTypes.memoryError, "") }
    }

    /// Receives stdout text: `print()` output and auto-printed reprs.
    public let output: (String) -> Void
    /// Receives text written to `sys.stderr` (the CLI may redirect it; default: stderr).
    public var errorOutput: (String) -> Void = { text in
        FileHandle.standardError.write(text.data(using: .utf8) ?? Data())
    }
    /// The builtin table this session resolves names against.
    public let registry: BuiltinRegistry
    /// `sys.getrecursionlimit()`.
    public var recursionLimit: Int = 1000
    var callDepth: Int = 0
    let globals: GlobalStore = GlobalStore()
    let moduleFrame: Frame = Frame.make(size: 0, parent: nil)
    /// Names visible everywhere (Python's builtins module plus tcalc's preloaded modules).
    public private(set) var builtinScope: [String: Value] = [:]
    /// Exceptions currently being handled, for a bare `raise`.
    var handling: [PyException] = []
    var reprInProgress: Set<ObjectIdentifier> = []
    /// Types of native objects made on demand for `type(x)`.
    private var dynamicTypes: [String: PyType] = [:]
    /// Whether the session is interactive (the REPL, and transcripts that read like it): then
    /// pyplot shows a figure when the entry that drew it ends, as Jupyter does for a cell.
    /// Scripts, pipes and `-e` run with it false; their figures wait for show() or the end.
    public var isInteractive: Bool = true
    /// The terminal's width in columns, when output goes to a terminal (the CLI sets it; Lang
    /// never asks the terminal itself).
    public var terminalColumns: () -> Int? = { nil }
    /// Whether output may carry ANSI colours (a terminal without NO_COLOR; the CLI decides).
    public var colorOutput: Bool = false
    /// State a family of builtins keeps for this session (pyplot's figures), by key.
    public var sessionState: [String: AnyObject] = [:]
    /// Lines typed by `input()`; the CLI may replace it (the default reads stdin).
    public var readLine: (String) -> String? = { prompt in
        FileHandle.standardOutput.write(prompt.data(using: .utf8) ?? Data())
        return Swift.readLine()
    }

    /// A session writing to `output`, with the standard builtin table.
    public init(output: @escaping (String) -> Void, registry: BuiltinRegistry = BuiltinRegistry.standard) {
        self.output = output
        self.registry = registry
        CustomHashKey.interpreter = self
        rebuildBuiltinScope()
    }

    /// Re-reads the registry's bare names (call after registering more builtins).
    public func rebuildBuiltinScope() {
        var scope: [String: Value] = [:]
        for name in registry.bareNames {
            if let b = registry.builtin(named: name) { scope[name] = .object(BuiltinFunction(b, displayName: name)) }
        }
        for t in ExceptionTypes.all { scope[t.name] = .object(t) }
        for (name, t) in BuiltinTypes.byName { scope[name] = .object(t) }
        for (name, v) in registry.builtinConstants { scope[name] = v }
        for m in registry.preloaded {
            if let module = registry.modules[m], !m.contains(".") { scope[m] = .object(module) }
        }
        builtinScope = scope
    }

    /// Runs a program (a whole script, one `-e` string, or one REPL entry) in this session.
    /// Top-level expression statements whose value is not None print their repr + "\n" and
    /// bind `_`; a statement ending with `;` prints nothing. Variables persist across calls.
    /// Throws a `Diagnostic` describing the first error.
    public func run(_ source: String, filename: String) throws {
        let program: [Stmt]
        do {
            program = try Parser.parseProgram(source)
        } catch let e as SyntaxError {
            throw Diagnostic(syntaxError: e, file: SourceFile(name: filename, text: source))
        }
        try run(parsed: program, source: source, filename: filename)
    }

    /// Runs a program already parsed from `source` (the REPL's completeness check hands it
    /// over, so an entry is parsed once).
    public func run(parsed program: [Stmt], source: String, filename: String) throws {
        let file: SourceFile = SourceFile(name: filename, text: source)
        let code: [StmtCode]
        do {
            let compiler: Compiler = Compiler(interp: self, file: file, scope: Scope(isModule: true, parent: nil))
            code = try program.map { try compiler.compileStatement($0) }
        } catch let e as SyntaxError {
            throw Diagnostic(syntaxError: e, file: file)
        }
        do {
            for statement in code {
                _ = try statement(moduleFrame)
            }
        } catch {
            handling = []
            callDepth = 0
            for hook in registry.entryEndHooks { hook(self) }
            throw Diagnostic(exception: pyException(from: error), fallbackFile: file, interp: self)
        }
        for hook in registry.entryEndHooks { hook(self) }
    }

    /// Called once when the session ends (a script, pipe or `-e` run finishing): pyplot draws
    /// the figures nobody showed.
    public func finishSession() {
        for hook in registry.sessionEndHooks { hook(self) }
    }

    /// Whether a REPL entry is finished (see `Completeness.isComplete`).
    public func isComplete(_ source: String) -> Bool { Completeness.isComplete(source) }

    /// Called by the interactive prompt after each entry has run (whether or not it failed),
    /// for work that belongs at the end of a statement typed at the prompt (showing figures).
    public var afterEntryHooks: [() -> Void] = []

    /// Completions for the word being typed: names in scope, or attributes after a dotted
    /// name (`torch.ar` → `torch.arange`). The dotted part is looked up, never called.
    public func completions(for prefix: String) -> [String] {
        if let dot = prefix.lastIndex(of: ".") {
            let head: String = String(prefix[..<dot])
            let tail: String = String(prefix[prefix.index(after: dot)...])
            guard let base = lookupDotted(head) else { return [] }
            return attributeNames(base).filter { $0.hasPrefix(tail) && !$0.hasPrefix("_") }.map { head + "." + $0 }
        }
        var names: Set<String> = Set(builtinScope.keys)
        for (name, i) in globals.index where globals.values[i] != nil { names.insert(name) }
        names.formUnion(pythonKeywords)
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    private func lookupDotted(_ path: String) -> Value? {
        let parts: [Substring] = path.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        guard var value = globalValue(String(first)) ?? builtinScope[String(first)] else { return nil }
        for part in parts.dropFirst() {
            guard !part.isEmpty, part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            guard let next = try? getAttribute(value, String(part)) else { return nil }
            value = next
        }
        return value
    }

    /// A global variable's value, if bound.
    public func globalValue(_ name: String) -> Value? {
        guard let i = globals.index[name] else { return nil }
        return globals.values[i]
    }

    /// Binds a global variable (for the CLI and tests).
    public func setGlobal(_ name: String, _ value: Value) {
        globals.values[globals.slot(for: name)] = value
    }

    /// Digits after the point for float results shown at the top level (`%precision`); nil
    /// shows Python's repr.
    public var floatDisplayDigits: Int?

    /// Shows a value as a top-level expression statement would (and binds `_`).
    public func display(_ v: Value) throws { try displayResult(v) }

    /// Writes an expression statement's value the way the REPL shows it, and binds `_`.
    func displayResult(_ v: Value) throws {
        if v.isNone { return }
        if let digits = floatDisplayDigits, case .float(let d) = v, d.isFinite {
            output(String(format: "%.\(digits)f", d) + "\n")
            setGlobal("_", v)
            return
        }
        output(try repr(v) + "\n")
        setGlobal("_", v)
    }

    /// Raises KeyboardInterrupt when Ctrl-C was pressed.
    @inline(__always)
    func checkInterrupt() throws {
        if Interpreter.interruptRequested {
            Interpreter.interruptRequested = false
            throw PyException(ExceptionTypes.keyboardInterrupt, "")
        }
    }

    /// Any Swift error as the Python exception the user sees.
    public func pyException(from error: Error) -> PyException {
        if let e = error as? PyException { return e }
        if let t = error as? TensorError {
            let type: PyType
            switch t.kind {
            case .runtime: type = ExceptionTypes.runtimeError
            case .index: type = ExceptionTypes.indexError
            case .value: type = ExceptionTypes.valueError
            case .type: type = ExceptionTypes.typeError
            case .zeroDivision: type = ExceptionTypes.zeroDivisionError
            case .memory: type = ExceptionTypes.memoryError
            case .notImplemented: type = ExceptionTypes.notImplementedError
            case .linalg: type = ExceptionTypes.linAlgError
            }
            return PyException(type, t.message)
        }
        if let s = error as? SyntaxError { return PyException(ExceptionTypes.syntaxError, s.message) }
        return PyException(ExceptionTypes.runtimeError, String(describing: error))
    }

    /// `type(v)`.
    public func type(of v: Value) -> PyType {
        switch v {
        case .object(let o):
            if let typed = o as? TypedObject { return typed.pyType }
            if let t = BuiltinTypes.byName[o.typeName] { return t }
            if let t = registry.type(named: o.typeName) { return t }
            if let t = dynamicTypes[o.typeName] { return t }
            let t: PyType = PyType(o.typeName)
            dynamicTypes[o.typeName] = t
            return t
        case .function: return BuiltinTypes.function
        case .dict(let d) where d.isOrderedDict: return PyDict.orderedDictType
        default: return BuiltinTypes.byName[v.typeName] ?? PyType(v.typeName)
        }
    }

    /// `isinstance(v, t)` for one class.
    public func isInstance(_ v: Value, of t: PyType) -> Bool {
        if t === BuiltinTypes.object { return true }
        switch v {
        case .object(let o):
            if let typed = o as? TypedObject { return typed.pyType.isSubclass(of: t) }
            if t.isHeapType { return false }
            return o.isInstance(of: t.name) || o.isInstance(of: t.qualifiedName)
        case .bool: return t.name == "bool" || t.name == "int"
        default: return v.typeName == t.name || (t.name == "int" && methodTypeName(v) == "int")
        }
    }
}

/// A source text with its name, for diagnostics.
public final class SourceFile {
    public let name: String
    public let lines: [String]
    public init(name: String, text: String) {
        self.name = name
        self.lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars: Substring.UnicodeScalarView = line
            if scalars.last == "\r" { scalars.removeLast() }
            return String(String.UnicodeScalarView(scalars))
        }
    }
    func line(_ n: Int) -> String? { n >= 1 && n <= lines.count ? lines[n - 1] : nil }
}

/// Module-level variables: names resolved to slots at compile time, kept across `run` calls.
final class GlobalStore {
    var values: [Value?] = []
    var index: [String: Int] = [:]
    var names: [String] = []
    func slot(for name: String) -> Int {
        if let i = index[name] { return i }
        let i: Int = values.count
        values.append(nil)
        names.append(name)
        index[name] = i
        return i
    }
}
