import Foundation

/// Generator functions (`def f(): yield x`). The body runs on a thread of its own that hands
/// control back and forth with the caller through two semaphores, so exactly one of them runs
/// at any time: the interpreter stays single-threaded in effect, and a generator suspends in
/// the middle of any statement, loop or `try` as Python's do, with nothing rewritten.
final class GeneratorChannel {
    enum State { case notStarted, running, suspended, finished }

    /// Signalled by the caller to let the generator continue.
    let resume: DispatchSemaphore = DispatchSemaphore(value: 0)
    /// Signalled by the generator when it yields or finishes.
    let suspend: DispatchSemaphore = DispatchSemaphore(value: 0)
    var state: State = .notStarted
    var outgoing: Value = .none
    var incoming: Value = .none
    var failure: Error?
    /// Set when the generator object is dropped while suspended: the body unwinds with
    /// GeneratorExit (running its `finally` blocks) and the thread ends.
    var closing: Bool = false

    /// Called on the generator's thread by `yield value`; returns what `send` passed in.
    func yieldValue(_ value: Value) throws -> Value {
        if closing { throw PyException(ExceptionTypes.generatorExit, "") }
        outgoing = value
        suspend.signal()
        resume.wait()
        if closing { throw PyException(ExceptionTypes.generatorExit, "") }
        let sent: Value = incoming
        incoming = .none
        return sent
    }
}

/// The object a generator function returns.
final class PythonGenerator: PyObject, LazyIterator {
    let name: String
    let channel: GeneratorChannel
    private let frame: Frame
    private let body: StmtCode
    private let code: FunctionCode

    init(name: String, frame: Frame, code: FunctionCode) {
        self.name = name
        self.frame = frame
        self.body = code.body
        self.code = code
        channel = GeneratorChannel()
        frame.header.generator = channel
    }

    deinit {
        guard channel.state == .suspended else { return }
        // Let the body unwind now, on its own thread, while this thread waits: never two
        // interpreter threads running at once.
        channel.closing = true
        channel.resume.signal()
        channel.suspend.wait()
    }

    var typeName: String { "generator" }
    func repr(_ interp: Interpreter) throws -> String {
        "<generator object \(name) at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }

    /// Runs the body to its next `yield`; nil when it has finished.
    func next(_ interp: Interpreter) throws -> Value? { try next(interp, sending: .none) }

    /// Runs the body to its next `yield` (which evaluates to `value`); nil when it finished.
    func next(_ interp: Interpreter, sending value: Value) throws -> Value? {
        switch channel.state {
        case .finished:
            return nil
        case .running:
            throw PyException.valueError("generator already executing")
        case .notStarted:
            if !value.isNone { throw PyException.typeError("can't send non-None value to a just-started generator") }
            channel.state = .running
            do { try startThread(interp) } catch {
                channel.state = .notStarted
                throw error
            }
        case .suspended:
            channel.state = .running
            channel.incoming = value
            channel.resume.signal()
        }
        channel.suspend.wait()
        if let failure = channel.failure {
            channel.failure = nil
            throw failure
        }
        if channel.state == .finished { return nil }
        channel.state = .suspended
        return channel.outgoing
    }

    /// What the generator thread needs. Handing it over is safe although the parts are not
    /// Sendable: the two threads never run at the same time (the semaphores order them).
    private final class Start: @unchecked Sendable {
        let channel: GeneratorChannel
        let frame: Frame
        let body: StmtCode
        let name: String
        let interp: Interpreter
        init(_ g: PythonGenerator, _ interp: Interpreter) {
            channel = g.channel; frame = g.frame; body = g.body; name = g.name; self.interp = interp
        }
    }

    /// Generator threads alive now (started, not finished); bounded so that thousands of
    /// suspended generators end in a Python error rather than exhausting the process.
    static var liveThreads: Int = 0
    static let maxLiveThreads: Int = 1000

    private func startThread(_ interp: Interpreter) throws {
        if PythonGenerator.liveThreads >= PythonGenerator.maxLiveThreads {
            throw PyException.runtimeError("too many suspended generators (\(PythonGenerator.maxLiveThreads)); finish or drop some first")
        }
        PythonGenerator.liveThreads += 1
        let start: Start = Start(self, interp)
        let depth: Int = interp.callDepth
        let thread: Thread = Thread {
            let channel: GeneratorChannel = start.channel
            let interp: Interpreter = start.interp
            let name: String = start.name
            interp.callDepth = depth
            do {
                _ = try start.body(start.frame)
            } catch let e as PyException where e.exception.type === ExceptionTypes.generatorExit {
                // Closed while suspended: nothing to report.
            } catch {
                var e: PyException = interp.pyException(from: error)
                if let r = e.frameRange { e.traceback.append(TraceEntry(function: name, file: e.frameFile, range: r)) }
                e.frameRange = nil
                e.frameFile = nil
                channel.failure = e
            }
            channel.state = .finished
            PythonGenerator.liveThreads -= 1
            channel.suspend.signal()
        }
        // Interpreter frames nest deeply in a generator only through recursion, which the
        // recursion limit bounds well inside this.
        thread.stackSize = 64 << 20
        thread.start()
    }

    func iterate(_ interp: Interpreter) throws -> [Value]? {
        var items: [Value] = []
        while let v = try next(interp) {
            items.append(v)
            try interp.checkInterrupt()
        }
        return items
    }
}

extension Compiler {
    /// Whether a function body yields (not counting nested functions and lambdas), which
    /// makes it a generator function.
    static func containsYield(_ body: [Stmt]) -> Bool {
        body.contains { statementYields($0) }
    }

    private static func statementYields(_ s: Stmt) -> Bool {
        switch s.kind {
        case .expression(let e, _), .annotation(let e): return expressionYields(e)
        case .assign(let targets, let value): return targets.contains(where: expressionYields) || expressionYields(value)
        case .augmentedAssign(let t, _, let v): return expressionYields(t) || expressionYields(v)
        case .functionDef(let d): return d.decorators.contains(where: expressionYields) || d.parameters.contains { $0.defaultValue.map(expressionYields) ?? false }
        case .returnStmt(let e): return e.map(expressionYields) ?? false
        case .ifStmt(let branches, let otherwise):
            return branches.contains { expressionYields($0.0) || containsYield($0.1) } || containsYield(otherwise ?? [])
        case .whileStmt(let c, let b, let o): return expressionYields(c) || containsYield(b) || containsYield(o ?? [])
        case .forStmt(let t, let i, let b, let o): return expressionYields(t) || expressionYields(i) || containsYield(b) || containsYield(o ?? [])
        case .with(let items, let body): return items.contains { expressionYields($0.0) } || containsYield(body)
        case .assert(let c, let m): return expressionYields(c) || (m.map(expressionYields) ?? false)
        case .delete(let ts): return ts.contains(where: expressionYields)
        case .tryStmt(let b, let hs, let o, let f):
            return containsYield(b) || hs.contains { containsYield($0.body) } || containsYield(o ?? []) || containsYield(f ?? [])
        case .raise(let e, let c): return (e.map(expressionYields) ?? false) || (c.map(expressionYields) ?? false)
        default: return false
        }
    }

    private static func expressionYields(_ e: Expr) -> Bool {
        switch e.kind {
        case .yield, .yieldFrom: return true
        case .tuple(let xs), .list(let xs), .set(let xs): return xs.contains(where: expressionYields)
        case .dict(let items):
            return items.contains { item in
                switch item {
                case .pair(let k, let v): return expressionYields(k) || expressionYields(v)
                case .unpack(let d): return expressionYields(d)
                }
            }
        case .starred(let x), .unary(_, let x), .not(let x), .attribute(let x, _), .namedExpr(_, let x): return expressionYields(x)
        case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r), .subscription(let l, let r):
            return expressionYields(l) || expressionYields(r)
        case .compare(let f, let rest): return expressionYields(f) || rest.contains { expressionYields($0.1) }
        case .ifElse(let c, let t, let o): return expressionYields(c) || expressionYields(t) || expressionYields(o)
        case .call(let f, let args):
            return expressionYields(f) || args.contains { a in
                switch a {
                case .positional(let x), .keyword(_, let x), .star(let x), .doubleStar(let x): return expressionYields(x)
                }
            }
        case .slice(let a, let b, let c):
            return [a, b, c].contains { $0.map(expressionYields) ?? false }
        case .fstring(let parts):
            return parts.contains { p in
                if case .field(let x, _, _, _) = p { return expressionYields(x) }
                return false
            }
        default: return false
        }
    }

    /// `yield value` / `yield from iterable` inside a generator function's body.
    func compileYield(_ e: Expr) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = e.range
        guard scope.isFunction else {
            throw SyntaxError(scope.isModule ? "'yield' outside function" : "'yield' inside comprehension", range)
        }
        func channel(_ f: Frame) throws -> GeneratorChannel {
            guard let ch = f.header.generator else {
                throw Compiler.locate(PyException.runtimeError("yield outside a running generator"), range, file, interp)
            }
            return ch
        }
        switch e.kind {
        case .yield(let value):
            let code: ExprCode? = try value.map { try compile($0) }
            return { f in
                let v: Value = try code?(f) ?? .none
                return try channel(f).yieldValue(v)
            }
        case .yieldFrom(let source):
            let code: ExprCode = try compile(source)
            return { f in
                let ch: GeneratorChannel = try channel(f)
                let src: Value = try code(f)
                if case .object(let o) = src, let inner = o as? PythonGenerator {
                    while let v = try inner.next(interp) { _ = try ch.yieldValue(v) }
                    return .none
                }
                if case .object(let o) = src, let r = o as? PyRange {
                    // One element at a time: `yield from range(10**18)` allocates nothing.
                    var i: Int = r.start
                    for _ in 0..<r.count {
                        _ = try ch.yieldValue(.int(i))
                        i &+= r.step
                    }
                    return .none
                }
                let items: [Value]
                do { items = try interp.iterate(src) } catch { throw Compiler.locate(error, source.range, file, interp) }
                for v in items { _ = try ch.yieldValue(v) }
                return .none
            }
        default:
            throw SyntaxError("internal: not a yield", range)
        }
    }
}
