import Foundation

/// A generator expression, `(elt for x in it if c for y in z)`, run lazily without a thread.
///
/// A comprehension's control flow is only nested loops and filters, so its suspended state is a
/// stack of item sources, one per active `for` clause: `next` pulls from the innermost source,
/// binds the target, tests the filters, and either opens the next clause's source or evaluates
/// the element. Nothing is computed before the first `next`, except (as in Python) the first
/// iterable, and memory stays flat however long the sources are:
///
///     >>> sum(i * i for i in range(10**6))
///     333332833333500000
final class GeneratorExpression: PyObject, LazyIterator {
    /// One `for` clause: where its items go, its filters, and (after the first) its iterable.
    struct Clause {
        var target: (Frame, Value) throws -> Void
        var iterable: ExprCode?
        var conditions: [ExprCode]
        var range: SourceRange
    }

    private let frame: Frame
    private let clauses: [Clause]
    private let element: ExprCode
    private let file: SourceFile
    private var sources: [(Interpreter) throws -> Value?]
    private var running: Bool = false

    init(frame: Frame, clauses: [Clause], element: @escaping ExprCode, file: SourceFile,
         first: @escaping (Interpreter) throws -> Value?) {
        self.frame = frame
        self.clauses = clauses
        self.element = element
        self.file = file
        self.sources = [first]
    }

    var typeName: String { "generator" }
    func repr(_ interp: Interpreter) throws -> String {
        "<generator object <genexpr> at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }

    func next(_ interp: Interpreter) throws -> Value? {
        if running { throw PyException.valueError("generator already executing") }
        running = true
        defer { running = false }
        do {
            while let source = sources.last {
                try interp.checkInterrupt()
                let level = sources.count - 1
                guard let item = try source(interp) else {
                    sources.removeLast()
                    continue
                }
                let clause = clauses[level]
                try clause.target(frame, item)
                var accepted = true
                for condition in clause.conditions where !(try interp.truthy(try condition(frame))) {
                    accepted = false
                    break
                }
                if !accepted { continue }
                if level + 1 < clauses.count, let iterable = clauses[level + 1].iterable {
                    let value = try iterable(frame)
                    do { sources.append(try interp.lazySource(value)) } catch {
                        throw Compiler.locate(error, clauses[level + 1].range, file, interp)
                    }
                    continue
                }
                return try element(frame)
            }
        } catch {
            sources = []  // an exception finishes a generator, as in Python
            throw error
        }
        return nil
    }

    /// `list(g)` and friends: the remaining items, interruptible.
    func iterate(_ interp: Interpreter) throws -> [Value]? {
        var out: [Value] = []
        while let v = try next(interp) {
            out.append(v)
            if out.count > Interpreter.maxSequenceLength {
                throw PyException(ExceptionTypes.memoryError, "generator produced too many items")
            }
        }
        return out
    }
}
