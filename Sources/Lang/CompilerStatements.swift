/// A compiled statement stored in an array.
struct StmtBox {
    let run: StmtCode
}

/// One `if`/`elif` branch.
struct Branch {
    let condition: ExprCode
    let body: StmtCode
    let range: SourceRange
}

/// A compiled expression stored in an array.
struct ExprBox {
    let run: ExprCode
}

/// Statements: assignment, control flow, exceptions, imports.
extension Compiler {
    /// Closures are kept in `StmtBox` structs: an array of bare closures stores them at the
    /// generic abstraction, and every call would go through a reabstraction thunk.
    static func block(_ codes: [StmtBox]) -> StmtCode {
        if codes.isEmpty { return { _ in .normal } }
        if codes.count == 1 { return codes[0].run }
        if codes.count == 2 {
            let a: StmtCode = codes[0].run, b: StmtCode = codes[1].run
            return { f in
                let flow: Flow = try a(f)
                if case .normal = flow { return try b(f) }
                return flow
            }
        }
        let boxed: ContiguousArray<StmtBox> = ContiguousArray(codes)
        return { f in
            for c in boxed {
                let flow: Flow = try c.run(f)
                if case .normal = flow { continue }
                return flow
            }
            return .normal
        }
    }

    func compileBlock(_ body: [Stmt]) throws -> StmtCode {
        var boxes: [StmtBox] = []
        for s in body { boxes.append(StmtBox(run: try compileStatement(s))) }
        return Compiler.block(boxes)
    }

    func compileStatement(_ s: Stmt) throws -> StmtCode {
        let code: StmtCode = try compileStatementBody(s)
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = s.range
        switch s.kind {
        case .ifStmt, .whileStmt, .forStmt, .tryStmt, .functionDef, .classDef, .with:
            return code  // their parts locate their own errors
        case .assign(let targets, _) where targets.allSatisfy({ if case .name = $0.kind { return true }; return false }):
            return code  // expressions locate their errors and stores into names cannot fail
        case .returnStmt(let e) where e.map({ Compiler.locatesOwnErrors($0) }) ?? true:
            return code
        default:
            return { f in
                do { return try code(f) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        }
    }

    /// Whether every error an expression can raise is already given a place by its nodes, so
    /// that the statement around it needs no catch-and-locate wrapper (a closure call saved
    /// on every `return`).
    static func locatesOwnErrors(_ e: Expr) -> Bool {
        switch e.kind {
        case .name, .int, .float, .string, .bool, .none, .call, .attribute, .subscription, .compare:
            return true
        case .binary(_, let l, let r):
            return locatesOwnErrors(l) && locatesOwnErrors(r)
        case .unary(_, let x):
            return locatesOwnErrors(x)
        case .ifElse(let c, let t, let o):
            return locatesOwnErrors(c) && locatesOwnErrors(t) && locatesOwnErrors(o)
        case .tuple(let items), .list(let items):
            return items.allSatisfy { if case .starred = $0.kind { return false }; return locatesOwnErrors($0) }
        default:
            return false
        }
    }

    private func compileStatementBody(_ s: Stmt) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = s.range
        switch s.kind {
        case .expression(let e, let suppressed):
            let code: ExprCode = try compile(e)
            if scope.isModule && !suppressed {
                return { f in
                    try interp.displayResult(try code(f))
                    return .normal
                }
            }
            return { f in _ = try code(f); return .normal }
        case .assign(let targets, let value):
            let valueCode: ExprCode = try compile(value)
            let stores: [(Frame, Value) throws -> Void] = try targets.map { try compileAssignTarget($0) }
            if targets.count == 1, case .name(let n) = targets[0].kind {
                switch resolve(n) {
                case .local(let i):
                    return { f in f.slots[i] = try valueCode(f); return .normal }
                case .global(let i):
                    let store: GlobalStore = interp.globals
                    return { f in store.values[i] = try valueCode(f); return .normal }
                case .enclosing: break
                }
            }
            if stores.count == 1 {
                let store: (Frame, Value) throws -> Void = stores[0]
                return { f in try store(f, try valueCode(f)); return .normal }
            }
            return { f in
                let v: Value = try valueCode(f)
                for store in stores { try store(f, v) }
                return .normal
            }
        case .augmentedAssign(let target, let op, let value):
            return try compileAugmented(target, op, value)
        case .annotation:
            return { _ in .normal }
        case .functionDef(let d):
            var doc: String? = nil
            if case .expression(let e, _)? = d.body.first?.kind, case .string(let text) = e.kind { doc = text }
            let make: ExprCode = try compileFunction(name: d.name, params: d.parameters, body: d.body, decorators: d.decorators, range: range, doc: doc)
            let store: (Frame, Value) -> Void = compileStore(d.name)
            return { f in store(f, try make(f)); return .normal }
        case .classDef(let d):
            return try compileClass(d, range)
        case .returnStmt(let e):
            guard scope.isFunction else { throw SyntaxError("'return' outside function", range) }
            guard let e = e else { return { f in f.returnValue = .none; return .returned } }
            let code: ExprCode = try compile(e)
            return { f in f.returnValue = try code(f); return .returned }
        case .ifStmt(let branches, let otherwise):
            var conds: [Branch] = []
            for (c, b) in branches { conds.append(Branch(condition: try compile(c), body: try compileBlock(b), range: c.range)) }
            let elseCode: StmtCode = try otherwise.map { try compileBlock($0) } ?? { _ in .normal }
            if conds.count == 1 {
                let c: ExprCode = conds[0].condition, body: StmtCode = conds[0].body, r: SourceRange = conds[0].range
                return { f in try Compiler.truth(try c(f), interp, r, file) ? try body(f) : try elseCode(f) }
            }
            return { f in
                for b in conds where try Compiler.truth(try b.condition(f), interp, b.range, file) {
                    return try b.body(f)
                }
                return try elseCode(f)
            }
        case .whileStmt(let cond, let body, let otherwise):
            let c: ExprCode = try compile(cond)
            scope.inLoop += 1
            let b: StmtCode = try compileBlock(body)
            scope.inLoop -= 1
            let o: StmtCode? = try otherwise.map { try compileBlock($0) }
            let condRange: SourceRange = cond.range
            return { f in
                while try Compiler.truth(try c(f), interp, condRange, file) {
                    if Interpreter.interruptRequested {
                        do { try interp.checkInterrupt() } catch { throw Compiler.locate(error, range, file, interp) }
                    }
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                return try o?(f) ?? .normal
            }
        case .forStmt(let target, let iterable, let body, let otherwise):
            return try compileFor(target, iterable, body, otherwise)
        case .breakStmt:
            guard scope.inLoop > 0 else { throw SyntaxError("'break' outside loop", range) }
            return { _ in .breakLoop }
        case .continueStmt:
            guard scope.inLoop > 0 else { throw SyntaxError("'continue' not properly in loop", range) }
            return { _ in .continueLoop }
        case .nonlocal where scope.isModule:
            throw SyntaxError("nonlocal declaration not allowed at module level", range)
        case .pass, .global, .nonlocal:
            return { _ in .normal }
        case .with(let items, let body):
            return try compileWith(items, body, range)
        case .assert(let cond, let message):
            let c: ExprCode = try compile(cond)
            let m: ExprCode? = try message.map { try compile($0) }
            return { f in
                if try interp.truthy(try c(f)) { return .normal }
                let args: [Value] = try m.map { [try $0(f)] } ?? []
                throw PyException(ExceptionObject(type: ExceptionTypes.assertionError, args: args), range: cond.range)
            }
        case .delete(let targets):
            let dels: [(Frame) throws -> Void] = try targets.map { try compileDelete($0) }
            return { f in
                for d in dels { try d(f) }
                return .normal
            }
        case .tryStmt(let body, let handlers, let otherwise, let final):
            return try compileTry(body, handlers, otherwise, final)
        case .raise(let e, let cause):
            return try compileRaise(e, cause, range)
        case .importModules(let names):
            let binds: [(String, String?, (Frame, Value) -> Void)] = names.map { n in
                let bound: String = n.alias ?? String(n.name.split(separator: ".").first ?? Substring(n.name))
                return (n.name, n.alias, compileStore(bound))
            }
            return { f in
                for (name, alias, store) in binds {
                    let module: ModuleObject = try interp.importModule(name)
                    if alias != nil {
                        store(f, .object(module))
                    } else {
                        let top: String = String(name.split(separator: ".").first ?? Substring(name))
                        store(f, .object(try interp.importModule(top)))
                    }
                }
                return .normal
            }
        case .importFrom(let moduleName, let names):
            if names.count == 1 && names[0].name == "*" {
                guard scope.isModule else { throw SyntaxError("import * only allowed at module level", range) }
                return { _ in
                    let module: ModuleObject = try interp.importModule(moduleName)
                    for n in module.attributeNames(interp) where !n.hasPrefix("_") {
                        if let v = try module.getAttribute(n, interp) { interp.setGlobal(n, v) }
                    }
                    return .normal
                }
            }
            let binds: [(String, (Frame, Value) -> Void)] = names.map { ($0.name, compileStore($0.alias ?? $0.name)) }
            return { f in
                let module: ModuleObject = try interp.importModule(moduleName)
                for (name, store) in binds {
                    if let v = try module.getAttribute(name, interp) {
                        store(f, v)
                    } else if let sub = interp.registry.modules[moduleName + "." + name] {
                        store(f, .object(sub))
                    } else {
                        throw PyException(ExceptionTypes.importError, "cannot import name '\(name)' from '\(moduleName)'")
                    }
                }
                return .normal
            }
        }
    }

    /// A store into an assignment target: name, attribute, subscript, or a (starred) tuple.
    func compileAssignTarget(_ target: Expr) throws -> (Frame, Value) throws -> Void {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = target.range
        switch target.kind {
        case .name(let n):
            let store: (Frame, Value) -> Void = compileStore(n)
            return { f, v in store(f, v) }
        case .attribute(let obj, let name):
            let o: ExprCode = try compile(obj)
            return { f, v in
                let container: Value = try o(f)
                do { try interp.setAttribute(container, name, v) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .subscription(let obj, let index):
            let o: ExprCode = try compile(obj)
            let k: ExprCode = try compile(index)
            return { f, v in
                let container: Value = try o(f)
                let key: Value = try k(f)
                do { try interp.setItem(container, key, v) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .tuple(let items), .list(let items):
            let starIndex: Int? = items.firstIndex { if case .starred = $0.kind { return true }; return false }
            let stores: [(Frame, Value) throws -> Void] = try items.map { item in
                if case .starred(let inner) = item.kind { return try compileAssignTarget(inner) }
                return try compileAssignTarget(item)
            }
            let count: Int = items.count
            return { f, v in
                let values: [Value]
                do { values = try interp.unpack(v, count: count, starIndex: starIndex) } catch { throw Compiler.locate(error, range, file, interp) }
                for (store, value) in zip(stores, values) { try store(f, value) }
            }
        default:
            throw SyntaxError("cannot assign to \(target.kind)", range)
        }
    }

    func compileDelete(_ target: Expr) throws -> (Frame) throws -> Void {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = target.range
        switch target.kind {
        case .name(let n):
            let load: ExprCode = compileLoad(n, range)
            switch resolve(n) {
            case .local(let i): return { f in _ = try load(f); f.slots[i] = nil }
            case .enclosing(let d, let i): return { f in _ = try load(f); f.ancestor(d).slots[i] = nil }
            case .global(let i):
                return { f in
                    if interp.globals.values[i] == nil { throw Compiler.locate(interp.nameError(n), range, file, interp) }
                    interp.globals.values[i] = nil
                }
            }
        case .subscription(let obj, let index):
            let o: ExprCode = try compile(obj)
            let k: ExprCode = try compile(index)
            return { f in
                let container: Value = try o(f)
                let key: Value = try k(f)
                do { try interp.deleteItem(container, key) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        case .tuple(let items), .list(let items):
            let dels: [(Frame) throws -> Void] = try items.map { try compileDelete($0) }
            return { f in for d in dels { try d(f) } }
        case .attribute(let obj, let name):
            let o: ExprCode = try compile(obj)
            return { f in
                let container: Value = try o(f)
                do { try interp.deleteAttribute(container, name) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        default:
            throw SyntaxError("cannot delete \(target.kind)", range)
        }
    }

    func compileAugmented(_ target: Expr, _ op: BinaryOperator, _ value: Expr) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let range: SourceRange = target.range.union(value.range)
        let v: ExprCode = try compile(value)
        switch target.kind {
        case .name(let n):
            let load: ExprCode = compileLoad(n, target.range)
            let store: (Frame, Value) -> Void = compileStore(n)
            return { f in
                let current: Value = try load(f)
                let operand: Value = try v(f)
                if op == .add, case .int(let x) = current, case .int(let y) = operand {
                    let (s, o) = x.addingReportingOverflow(y)
                    if !o { store(f, .int(s)); return .normal }
                }
                do { store(f, try interp.inplaceBinary(op, current, operand)) } catch { throw Compiler.locate(error, range, file, interp) }
                return .normal
            }
        case .attribute(let obj, let name):
            let o: ExprCode = try compile(obj)
            return { f in
                let container: Value = try o(f)
                do {
                    let current: Value = try interp.getAttribute(container, name)
                    let result: Value = try interp.inplaceBinary(op, current, try v(f))
                    try interp.setAttribute(container, name, result)
                } catch { throw Compiler.locate(error, range, file, interp) }
                return .normal
            }
        case .subscription(let obj, let index):
            let o: ExprCode = try compile(obj)
            let k: ExprCode = try compile(index)
            return { f in
                let container: Value = try o(f)
                let key: Value = try k(f)
                do {
                    let current: Value = try interp.getItem(container, key)
                    let result: Value = try interp.inplaceBinary(op, current, try v(f))
                    try interp.setItem(container, key, result)
                } catch { throw Compiler.locate(error, range, file, interp) }
                return .normal
            }
        default:
            throw SyntaxError("'\(target.kind)' is an illegal expression for augmented assignment", target.range)
        }
    }

    func compileFor(_ target: Expr, _ iterable: Expr, _ body: [Stmt], _ otherwise: [Stmt]?) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let iter: ExprCode = try compile(iterable)
        let store: (Frame, Value) throws -> Void = try compileAssignTarget(target)
        scope.inLoop += 1
        let b: StmtCode = try compileBlock(body)
        scope.inLoop -= 1
        let o: StmtCode? = try otherwise.map { try compileBlock($0) }
        let iterRange: SourceRange = iterable.range
        let headerRange: SourceRange = target.range.union(iterable.range)
        return { f in
            let source: Value = try iter(f)
            if case .object(let obj) = source, let r = obj as? PyRange {
                var i: Int = r.start
                let n: Int = r.count
                for _ in 0..<n {
                    if Interpreter.interruptRequested {
                        do { try interp.checkInterrupt() } catch { throw Compiler.locate(error, headerRange, file, interp) }
                    }
                    try store(f, .int(i))
                    i &+= r.step
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                return try o?(f) ?? .normal
            }
            if case .object(let obj) = source, let lazy = try Compiler.lazyIterator(obj, interp, iterRange, file) {
                // Lazily, one value per iteration, so that endless generators work with break.
                while let item = try lazy.next(interp) {
                    if Interpreter.interruptRequested {
                        do { try interp.checkInterrupt() } catch { throw Compiler.locate(error, headerRange, file, interp) }
                    }
                    try store(f, item)
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                return try o?(f) ?? .normal
            }
            let items: [Value]
            do { items = try interp.iterate(source) } catch { throw Compiler.locate(error, iterRange, file, interp) }
            for item in items {
                if Interpreter.interruptRequested {
                    do { try interp.checkInterrupt() } catch { throw Compiler.locate(error, headerRange, file, interp) }
                }
                try store(f, item)
                switch try b(f) {
                case .breakLoop: return .normal
                case .returned: return .returned
                default: continue
                }
            }
            return try o?(f) ?? .normal
        }
    }

    func compileWith(_ items: [(Expr, Expr?)], _ body: [Stmt], _ range: SourceRange) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        guard let (first, target) = items.first else { return try compileBlock(body) }
        let manager: ExprCode = try compile(first)
        let store: ((Frame, Value) throws -> Void)? = try target.map { try compileAssignTarget($0) }
        let inner: StmtCode = items.count > 1 ? try compileWith(Array(items.dropFirst()), body, range) : try compileBlock(body)
        let r: SourceRange = first.range
        return { f in
            let m: Value = try manager(f)
            guard case .object(let obj) = m else {
                throw Compiler.locate(PyException.typeError("'\(m.typeName)' object does not support the context manager protocol"), r, file, interp)
            }
            let entered: Value
            do { entered = try obj.enter(interp) ?? .none } catch { throw Compiler.locate(error, r, file, interp) }
            let flow: Flow
            do {
                try store?(f, entered)
                flow = try inner(f)
            } catch {
                // A true result from __exit__ swallows the exception, as in Python.
                if try obj.exitSuppressing(error: error, interp) { return .normal }
                throw error
            }
            _ = try obj.exitSuppressing(error: nil, interp)
            return flow
        }
    }

    func compileTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ otherwise: [Stmt]?, _ final: [Stmt]?) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let b: StmtCode = try compileBlock(body)
        let compiled: [(type: ExprCode?, store: ((Frame, Value) -> Void)?, body: StmtCode, range: SourceRange)] = try handlers.map { h in
            (try h.type.map { try compile($0) }, h.name.map { compileStore($0) }, try compileBlock(h.body), h.range)
        }
        let o: StmtCode? = try otherwise.map { try compileBlock($0) }
        let fin: StmtCode? = try final.map { try compileBlock($0) }
        let guarded: StmtCode = { f in
            var caught: PyException
            do {
                let flow: Flow = try b(f)
                if case .normal = flow, let o = o { return try o(f) }
                return flow
            } catch {
                caught = interp.pyException(from: error)
            }
            for h in compiled {
                var matches: Bool = true
                if let t = h.type {
                    let typeValue: Value = try t(f)
                    do { matches = try interp.exceptionMatches(caught.exception, typeValue) } catch { throw Compiler.locate(error, h.range, file, interp) }
                }
                if !matches { continue }
                h.store?(f, .object(caught.exception))
                interp.recordRaiseSite(caught)
                interp.handling.append(caught)
                defer { interp.handling.removeLast() }
                do { return try h.body(f) } catch { throw interp.chainContext(error, handling: caught.exception) }
            }
            throw caught
        }
        guard let finalCode = fin else { return guarded }
        return { f in
            var flow: Flow = .normal
            var pending: Error? = nil
            do { flow = try guarded(f) } catch { pending = error }
            let savedReturn: Value = f.returnValue
            let finalFlow: Flow
            if let p = pending {
                let handled: PyException = interp.pyException(from: p)
                interp.recordRaiseSite(handled)
                do { finalFlow = try finalCode(f) } catch { throw interp.chainContext(error, handling: handled.exception) }
            } else {
                finalFlow = try finalCode(f)
            }
            if case .normal = finalFlow {
                f.returnValue = savedReturn
                if let p = pending { throw p }
                return flow
            }
            return finalFlow
        }
    }

    func compileRaise(_ e: Expr?, _ cause: Expr?, _ range: SourceRange) throws -> StmtCode {
        let interp: Interpreter = self.interp
        guard let e = e else {
            return { _ in
                guard let current = interp.handling.last else {
                    throw PyException(PyException.runtimeError("No active exception to reraise").exception, range: range)
                }
                throw current
            }
        }
        let code: ExprCode = try compile(e)
        let causeCode: ExprCode? = try cause.map { try compile($0) }
        return { f in
            let v: Value = try code(f)
            let exc: ExceptionObject = try interp.makeException(v)
            if let cc = causeCode {
                // `raise X from Y`: Y must be an exception (a class is instantiated) or None.
                let c: Value = try cc(f)
                if c.isNone {
                    exc.cause = nil
                } else {
                    do { exc.cause = try interp.makeException(c) } catch {
                        throw PyException.typeError("exception causes must derive from BaseException")
                    }
                }
                exc.suppressContext = true
            }
            if let handled = interp.handling.last?.exception, handled !== exc, exc.context == nil,
               !Interpreter.chainContains(handled, exc) {
                exc.context = handled
            }
            throw PyException(exc, range: nil)
        }
    }
}

extension Interpreter {
    /// `raise X`: a class is instantiated, an instance raised as is.
    func makeException(_ v: Value) throws -> ExceptionObject {
        if case .object(let o) = v {
            if let e = o as? ExceptionObject { return e }
            if let t = o as? PyType, t.isSubclass(of: ExceptionTypes.baseException) {
                if case .object(let made) = try call(v, []), let e = made as? ExceptionObject { return e }
            }
        }
        throw PyException.typeError("exceptions must derive from BaseException")
    }

    /// Whether `except T` catches `e` (T a class or a tuple of classes).
    func exceptionMatches(_ e: ExceptionObject, _ t: Value) throws -> Bool {
        switch t {
        case .object(let o):
            if let type = o as? PyType, type.isSubclass(of: ExceptionTypes.baseException) { return e.type.isSubclass(of: type) }
        case .tuple(let items):
            for item in items where try exceptionMatches(e, item) { return true }
            return false
        default: break
        }
        throw PyException.typeError("catching classes that do not inherit from BaseException is not allowed")
    }

    /// Unpacks `v` into `count` targets, one of them possibly starred.
    func unpack(_ v: Value, count: Int, starIndex: Int?) throws -> [Value] {
        let items: [Value]
        switch v {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default:
            do { items = try iterate(v) } catch {
                throw PyException.typeError("cannot unpack non-iterable \(v.typeName) object")
            }
        }
        guard let star = starIndex else {
            if items.count < count { throw PyException.valueError("not enough values to unpack (expected \(count), got \(items.count))") }
            if items.count > count { throw PyException.valueError("too many values to unpack (expected \(count))") }
            return items
        }
        let fixed: Int = count - 1
        if items.count < fixed {
            throw PyException.valueError("not enough values to unpack (expected at least \(fixed), got \(items.count))")
        }
        let after: Int = count - star - 1
        var out: [Value] = Array(items[0..<star])
        out.append(.list(PyList(Array(items[star..<(items.count - after)]))))
        out.append(contentsOf: items[(items.count - after)...])
        return out
    }

    /// `import name`: a registered module, or ModuleNotFoundError listing what exists.
    func importModule(_ name: String) throws -> ModuleObject {
        if let m = registry.modules[name] { return m }
        if let why = registry.refusedModules[name] {
            throw PyException(ExceptionTypes.moduleNotFoundError, "No module named '\(name)': \(why)")
        }
        let available: String = registry.modules.keys.filter { !$0.contains(".") }.sorted().joined(separator: ", ")
        throw PyException(ExceptionTypes.moduleNotFoundError, "No module named '\(name)' (tcalc provides: \(available))")
    }
}
