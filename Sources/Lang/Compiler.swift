import BigInt

/// Compiles the AST into a tree of closures with every variable resolved to a slot, so that
/// running code does no name lookups and allocates nothing per arithmetic step on ints/floats.
final class Compiler {
    let interp: Interpreter
    let file: SourceFile
    var scope: Scope

    init(interp: Interpreter, file: SourceFile, scope: Scope) {
        self.interp = interp
        self.file = file
        self.scope = scope
    }

    // MARK: errors with places

    /// Attaches `range` to an error unless a more precise place is already known.
    static func locate(_ error: Error, _ range: SourceRange, _ file: SourceFile, _ interp: Interpreter) -> Error {
        var e: PyException
        if let p = error as? PyException {
            if p.range != nil && p.frameRange != nil { return p }
            e = p
        } else {
            e = interp.pyException(from: error)
        }
        if e.range == nil { e.range = range; e.file = file }
        if e.frameRange == nil { e.frameRange = range; e.frameFile = file }
        return e
    }

    /// Whether CPython's compiler folds `e` to a constant (a literal, a signed number).
    static func isConstantLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .int, .float, .imaginary, .string, .bool, .none, .ellipsis: return true
        case .unary(let op, let x) where op != .not: return isConstantLiteral(x)
        case .tuple(let items): return items.allSatisfy { isConstantLiteral($0) }
        default: return false
        }
    }

    // MARK: names

    func resolve(_ name: String) -> NameRef {
        if scope.isModule || scope.globalNames.contains(name) { return .global(interp.globals.slot(for: name)) }
        if let i = scope.locals[name] { return .local(i) }
        var depth: Int = 1
        var s: Scope? = scope.parent
        while let p = s, !p.isModule {
            // A class body's names are not visible to the functions defined in it (Python's rule).
            if !p.isClass, !p.globalNames.contains(name), let i = p.locals[name] { return .enclosing(depth: depth, slot: i) }
            depth += 1
            s = p.parent
        }
        return .global(interp.globals.slot(for: name))
    }

    func compileLoad(_ name: String, _ range: SourceRange) -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        switch resolve(name) {
        case .local(let i):
            return { f in
                if let v = f.slots[i] { return v }
                throw Compiler.locate(PyException(ExceptionTypes.unboundLocalError,
                    "cannot access local variable '\(name)' where it is not associated with a value"), range, file, interp)
            }
        case .enclosing(let depth, let i):
            return { f in
                if let v = f.ancestor(depth).slots[i] { return v }
                throw Compiler.locate(PyException.nameError(
                    "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope"), range, file, interp)
            }
        case .global(let i):
            let store: GlobalStore = interp.globals
            return { _ in
                if let v = store.values[i] { return v }
                if let b = interp.builtinScope[name] { return b }
                throw Compiler.locate(interp.nameError(name), range, file, interp)
            }
        }
    }

    func compileStore(_ name: String) -> (Frame, Value) -> Void {
        switch resolve(name) {
        case .local(let i): return { f, v in f.slots[i] = v }
        case .enclosing(let depth, let i): return { f, v in f.ancestor(depth).slots[i] = v }
        case .global(let i):
            let store: GlobalStore = interp.globals
            return { _, v in store.values[i] = v }
        }
    }

    // MARK: expressions

    func compile(_ e: Expr) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = e.range
        switch e.kind {
        case .name(let n):
            return compileLoad(n, range)
        case .int(let lit):
            let v: Value
            switch lit {
            case .small(let i): v = .int(i)
            case .big(let text): v = Value.integer(Compiler.parseBigLiteral(text))
            }
            return { _ in v }
        case .float(let d):
            return { _ in .float(d) }
        case .imaginary(let d):
            let v: Value = .object(ComplexValue(0, d))
            return { _ in v }
        case .string(let s):
            let v: Value = .str(s)
            return { _ in v }
        case .bool(let b):
            return { _ in .bool(b) }
        case .none:
            return { _ in .none }
        case .ellipsis:
            let v: Value = .object(EllipsisObject.shared)
            return { _ in v }
        case .fstring(let parts):
            return try compileFString(parts)
        case .tuple(let items):
            let make: (Frame) throws -> [Value] = try compileSequence(items)
            return { f in .tuple(try make(f)) }
        case .list(let items):
            let make: (Frame) throws -> [Value] = try compileSequence(items)
            return { f in .list(PyList(try make(f))) }
        case .set(let items):
            let make: (Frame) throws -> [Value] = try compileSequence(items)
            // CPython 3.11 compiles a display of three or more constants to a frozenset
            // constant (built twice: folded, then merged with equal constants) that the new
            // set copies, so its order is that of re-adding the table's order.
            let constant: Bool = items.count > 2 && items.allSatisfy { Compiler.isConstantLiteral($0) }
            return { f in
                do {
                    let set: PySet = try PySet(try make(f))
                    return .object(constant ? try PySet(CPythonSetOrder.arrange(set.storage.keys)) : set)
                } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .dict(let items):
            return try compileDict(items, range)
        case .starred:
            throw SyntaxError("can't use starred expression here", range)
        case .unary(let op, let x):
            let operand: ExprCode = try compile(x)
            if op == .negate {
                return { f in
                    let v: Value = try operand(f)
                    if case .int(let i) = v, i != Int.min { return .int(-i) }
                    if case .float(let d) = v { return .float(-d) }
                    do { return try interp.unary(op, v) } catch { throw Compiler.locate(error, range, file, interp) }
                }
            }
            return { f in
                let v: Value = try operand(f)
                do { return try interp.unary(op, v) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .binary(let op, let l, let r):
            if case .int(.small(let c)) = r.kind, op == .add || op == .subtract {
                return try compileAddConstant(try compile(l), op == .add ? c : nil, op == .subtract ? c : nil, op, range)
            }
            return try compileBinary(op, try compile(l), try compile(r), range, operands: (l.range, r.range),
                                     operatorRange: e.operatorRange)
        case .and(let l, let r):
            let left: ExprCode = try compile(l)
            let right: ExprCode = try compile(r)
            return { f in
                let v: Value = try left(f)
                if !(try Compiler.truth(v, interp, l.range, file)) { return v }
                return try right(f)
            }
        case .or(let l, let r):
            let left: ExprCode = try compile(l)
            let right: ExprCode = try compile(r)
            return { f in
                let v: Value = try left(f)
                if try Compiler.truth(v, interp, l.range, file) { return v }
                return try right(f)
            }
        case .not(let x):
            let operand: ExprCode = try compile(x)
            return { f in .bool(!(try Compiler.truth(try operand(f), interp, x.range, file))) }
        case .compare(let first, let rest):
            return try compileCompare(first, rest, range)
        case .ifElse(let c, let t, let o):
            let cond: ExprCode = try compile(c)
            let then: ExprCode = try compile(t)
            let other: ExprCode = try compile(o)
            return { f in try Compiler.truth(try cond(f), interp, c.range, file) ? try then(f) : try other(f) }
        case .lambda(let params, let body):
            let ret: Stmt = Stmt(.returnStmt(body), body.range)
            return try compileFunction(name: "<lambda>", params: params, body: [ret], decorators: [], range: range, doc: nil)
        case .call(let fn, let args):
            return try compileCall(fn, args, range)
        case .attribute(let x, let name):
            let obj: ExprCode = try compile(x)
            return { f in
                let v: Value = try obj(f)
                do { return try interp.getAttribute(v, name) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .subscription(let x, let index):
            let obj: ExprCode = try compile(x)
            let key: ExprCode = try compile(index)
            return { f in
                let container: Value = try obj(f)
                let k: Value = try key(f)
                do { return try interp.getItem(container, k) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .slice(let a, let b, let c):
            let start: ExprCode? = try a.map { try compile($0) }
            let stop: ExprCode? = try b.map { try compile($0) }
            let step: ExprCode? = try c.map { try compile($0) }
            return { f in
                .object(PySlice(start: try start?(f) ?? .none, stop: try stop?(f) ?? .none, step: try step?(f) ?? .none))
            }
        case .comprehension(let kind, let element, let clauses):
            return try compileComprehension(kind, element, nil, clauses, range)
        case .dictComprehension(let k, let v, let clauses):
            return try compileComprehension(.list, k, v, clauses, range)
        case .yield, .yieldFrom:
            return try compileYield(e)
        case .namedExpr(let name, let value):
            let code: ExprCode = try compile(value)
            let store: (Frame, Value) -> Void = compileStore(name)
            return { f in
                let v: Value = try code(f)
                store(f, v)
                return v
            }
        }
    }

    static func parseBigLiteral(_ text: String) -> BigInt {
        let lower: String = text.lowercased()
        if lower.hasPrefix("0x") { return BigInt(String(text.dropFirst(2)), radix: 16) ?? 0 }
        if lower.hasPrefix("0o") { return BigInt(String(text.dropFirst(2)), radix: 8) ?? 0 }
        if lower.hasPrefix("0b") { return BigInt(String(text.dropFirst(2)), radix: 2) ?? 0 }
        return BigInt(text) ?? 0
    }

    static func truth(_ v: Value, _ interp: Interpreter, _ range: SourceRange, _ file: SourceFile) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .none: return false
        default:
            do { return try interp.truthy(v) } catch { throw locate(error, range, file, interp) }
        }
    }

    /// Elements of a display, expanding `*iterable`.
    func compileSequence(_ items: [Expr]) throws -> (Frame) throws -> [Value] {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        var parts: [(ExprCode, Bool, SourceRange)] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                parts.append((try compile(inner), true, item.range))
            } else {
                parts.append((try compile(item), false, item.range))
            }
        }
        let hasStar: Bool = parts.contains { $0.1 }
        if !hasStar {
            let codes: [ExprCode] = parts.map { $0.0 }
            if codes.count == 2 {
                let a: ExprCode = codes[0], b: ExprCode = codes[1]
                return { f in [try a(f), try b(f)] }
            }
            return { f in
                var out: [Value] = []
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c(f)) }
                return out
            }
        }
        return { f in
            var out: [Value] = []
            for (code, star, r) in parts {
                let v: Value = try code(f)
                if star {
                    do { out.append(contentsOf: try interp.iterate(v)) } catch { throw Compiler.locate(error, r, file, interp) }
                } else {
                    out.append(v)
                }
            }
            return out
        }
    }

    func compileDict(_ items: [DictItem], _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        var parts: [(ExprCode, ExprCode?)] = []
        for item in items {
            switch item {
            case .pair(let k, let v): parts.append((try compile(k), try compile(v)))
            case .unpack(let d): parts.append((try compile(d), nil))
            }
        }
        return { f in
            let dict: PyDict = PyDict()
            do {
                for (a, b) in parts {
                    if let b = b {
                        let k: Value = try a(f)
                        try dict.set(k, try b(f))
                    } else {
                        let other: Value = try a(f)
                        guard case .dict(let d) = other else {
                            throw PyException.typeError("'\(other.typeName)' object is not a mapping")
                        }
                        for (k, v) in d.entries { try dict.set(k, v) }
                    }
                }
            } catch {
                throw Compiler.locate(error, range, file, interp)
            }
            return .dict(dict)
        }
    }
}

/// Compile-time knowledge of one function (or comprehension, or the module): which names are
/// its local slots, which are declared global or nonlocal.
final class Scope {
    let isModule: Bool
    let parent: Scope?
    var locals: [String: Int] = [:]
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []
    var inLoop: Int = 0
    let isFunction: Bool
    /// A class body: its names become the class namespace and are skipped by nested functions.
    var isClass: Bool = false
    /// For a class body, the class's `__qualname__` (methods are named `Class.method`).
    var className: String? = nil
    /// For a function, the slot of its first positional parameter (zero-argument `super()`).
    var firstArgumentSlot: Int? = nil

    init(isModule: Bool, parent: Scope?, isFunction: Bool = false) {
        self.isModule = isModule
        self.parent = parent
        self.isFunction = isFunction
    }

    /// One past the highest slot (slots are never renumbered, so this stays safe if a name
    /// is ever dropped from `locals`).
    var slotCount: Int { (locals.values.max() ?? -1) + 1 }

    @discardableResult
    func addLocal(_ name: String) -> Int {
        if let i = locals[name] { return i }
        let i: Int = slotCount
        locals[name] = i
        return i
    }

    /// Records the names a body binds (Python's rule: any assignment makes a name local),
    /// without entering nested functions, lambdas or comprehensions.
    func collectLocals(_ body: [Stmt]) throws {
        for s in body { try collect(s) }
        for n in globalNames { locals.removeValue(forKey: n) }
        for n in nonlocalNames { locals.removeValue(forKey: n) }
    }

    private func bindTarget(_ e: Expr) {
        switch e.kind {
        case .name(let n): if !globalNames.contains(n) && !nonlocalNames.contains(n) { addLocal(n) }
        case .tuple(let items), .list(let items): items.forEach(bindTarget)
        case .starred(let inner): bindTarget(inner)
        default: break
        }
    }

    private func collect(_ s: Stmt) throws {
        switch s.kind {
        case .assign(let targets, let value):
            targets.forEach(bindTarget)
            collectWalrus(value)
        case .augmentedAssign(let t, _, let v):
            bindTarget(t)
            collectWalrus(v)
        case .annotation: break
        case .expression(let e, _): collectWalrus(e)
        case .functionDef(let d): bindTarget(Expr(.name(d.name), s.range))
        case .classDef(let d): bindTarget(Expr(.name(d.name), s.range))
        case .ifStmt(let branches, let otherwise):
            for (c, b) in branches { collectWalrus(c); for x in b { try collect(x) } }
            for x in otherwise ?? [] { try collect(x) }
        case .whileStmt(let c, let b, let o):
            collectWalrus(c)
            for x in b + (o ?? []) { try collect(x) }
        case .forStmt(let t, _, let b, let o):
            bindTarget(t)
            for x in b + (o ?? []) { try collect(x) }
        case .with(let items, let body):
            for (_, t) in items { if let t = t { bindTarget(t) } }
            for x in body { try collect(x) }
        case .tryStmt(let body, let handlers, let o, let f):
            for x in body + (o ?? []) + (f ?? []) { try collect(x) }
            for h in handlers {
                if let n = h.name { bindTarget(Expr(.name(n), h.range)) }
                for x in h.body { try collect(x) }
            }
        case .delete(let targets): targets.forEach(bindTarget)
        case .global(let names):
            if isModule { return }
            for n in names {
                if locals[n] != nil && !globalNames.contains(n) {
                    throw SyntaxError("name '\(n)' is assigned to before global declaration", s.range)
                }
                globalNames.insert(n)
            }
        case .nonlocal(let names):
            if isModule { throw SyntaxError("nonlocal declaration not allowed at module level", s.range) }
            for n in names {
                if locals[n] != nil && !nonlocalNames.contains(n) {
                    throw SyntaxError("name '\(n)' is assigned to before nonlocal declaration", s.range)
                }
                nonlocalNames.insert(n)
            }
        case .importModules(let names):
            for n in names {
                let bound: String = n.alias ?? String(n.name.split(separator: ".").first ?? Substring(n.name))
                bindTarget(Expr(.name(bound), s.range))
            }
        case .importFrom(_, let names):
            for n in names where n.name != "*" { bindTarget(Expr(.name(n.alias ?? n.name), s.range)) }
        default: break
        }
    }

    /// `x := v` binds x in the enclosing function scope.
    private func collectWalrus(_ e: Expr) {
        switch e.kind {
        case .namedExpr(let n, let v):
            bindTarget(Expr(.name(n), e.range))
            collectWalrus(v)
        case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r):
            collectWalrus(l); collectWalrus(r)
        case .compare(let f, let rest):
            collectWalrus(f); rest.forEach { collectWalrus($0.1) }
        case .not(let x), .unary(_, let x): collectWalrus(x)
        case .call(let f, let args):
            collectWalrus(f)
            for a in args { if case .positional(let x) = a { collectWalrus(x) } }
        case .ifElse(let c, let t, let o): collectWalrus(c); collectWalrus(t); collectWalrus(o)
        default: break
        }
    }
}

/// Where a name lives at run time.
enum NameRef {
    case local(Int)
    case enclosing(depth: Int, slot: Int)
    case global(Int)
}
