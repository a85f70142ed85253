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

    init(isModule: Bool, parent: Scope?, isFunction: Bool = false) {
        self.isModule = isModule
        self.parent = parent
        self.isFunction = isFunction
    }

    var slotCount: Int { locals.count }

    @discardableResult
    func addLocal(_ name: String) -> Int {
        if let i = locals[name] { return i }
        let i: Int = locals.count
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
