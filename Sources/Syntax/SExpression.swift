/// Prints the AST as S-expressions for tests: `(binop + (num 1) (binop * (num 2) (num 3)))`.
public enum SExpression {
    /// One expression as an S-expression.
    public static func print(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n): return "(name \(n))"
        case .int(.small(let i)): return "(num \(i))"
        case .int(.big(let s)): return "(num \(s))"
        case .float(let d): return "(num \(d))"
        case .imaginary(let d): return "(imag \(d))"
        case .string(let s): return "(str \(quote(s)))"
        case .fstring(let parts): return "(fstr" + parts.map { " " + print($0) }.joined() + ")"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .ellipsis: return "..."
        case .tuple(let items): return "(tuple" + items.map { " " + print($0) }.joined() + ")"
        case .list(let items): return "(list" + items.map { " " + print($0) }.joined() + ")"
        case .set(let items): return "(set" + items.map { " " + print($0) }.joined() + ")"
        case .dict(let items):
            return "(dict" + items.map { item -> String in
                switch item {
                case .pair(let k, let v): return " (\(print(k)) \(print(v)))"
                case .unpack(let d): return " (** \(print(d)))"
                }
            }.joined() + ")"
        case .starred(let x): return "(star \(print(x)))"
        case .unary(let op, let x): return "(unary \(op.rawValue) \(print(x)))"
        case .binary(let op, let l, let r): return "(binop \(op.rawValue) \(print(l)) \(print(r)))"
        case .and(let l, let r): return "(and \(print(l)) \(print(r)))"
        case .or(let l, let r): return "(or \(print(l)) \(print(r)))"
        case .not(let x): return "(not \(print(x)))"
        case .compare(let first, let rest):
            return "(compare \(print(first))" + rest.map { " \($0.0.rawValue) \(print($0.1))" }.joined() + ")"
        case .ifElse(let c, let t, let o): return "(if \(print(c)) \(print(t)) \(print(o)))"
        case .lambda(let params, let body): return "(lambda (\(printParams(params))) \(print(body)))"
        case .call(let f, let args):
            return "(call \(print(f))" + args.map { " " + printArgument($0) }.joined() + ")"
        case .attribute(let x, let n): return "(attr \(print(x)) \(n))"
        case .subscription(let x, let i): return "(index \(print(x)) \(print(i)))"
        case .slice(let a, let b, let c):
            return "(slice \(a.map(print) ?? "_") \(b.map(print) ?? "_") \(c.map(print) ?? "_"))"
        case .comprehension(let kind, let elt, let clauses):
            return "(\(kind.rawValue)comp \(print(elt))" + clauses.map(printClause).joined() + ")"
        case .dictComprehension(let k, let v, let clauses):
            return "(dictcomp \(print(k)) \(print(v))" + clauses.map(printClause).joined() + ")"
        case .namedExpr(let n, let v): return "(walrus \(n) \(print(v)))"
        case .yield(let v): return v.map { "(yield \(print($0)))" } ?? "(yield)"
        case .yieldFrom(let v): return "(yieldfrom \(print(v)))"
        }
    }

    static func printArgument(_ a: CallArgument) -> String {
        switch a {
        case .positional(let x): return print(x)
        case .keyword(let n, let x): return "(kw \(n) \(print(x)))"
        case .star(let x): return "(* \(print(x)))"
        case .doubleStar(let x): return "(** \(print(x)))"
        }
    }

    static func print(_ part: FStringPart) -> String {
        switch part {
        case .literal(let s): return quote(s)
        case .field(let e, let conv, let spec, _):
            var s: String = "{" + print(e)
            if let c = conv { s += " !\(c)" }
            if let sp = spec { s += " :" + sp.map(print).joined(separator: " ") }
            return s + "}"
        }
    }

    static func printClause(_ c: ComprehensionClause) -> String {
        " (for \(print(c.target)) \(print(c.iterable))" + c.conditions.map { " (if \(print($0)))" }.joined() + ")"
    }

    static func printParams(_ params: [ParameterDecl]) -> String {
        params.map { p -> String in
            var s: String
            switch p.kind {
            case .varPositional: s = "*" + p.name
            case .varKeyword: s = "**" + p.name
            case .keywordOnly: s = "kw:" + p.name
            case .positionalOnly: s = "pos:" + p.name
            case .positionalOrKeyword: s = p.name
            }
            if let d = p.defaultValue { s += "=" + print(d) }
            return s
        }.joined(separator: " ")
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"").replacingAll("\n", "\\n") + "\""
    }

    /// One statement per line, blocks nested in parentheses.
    public static func print(_ s: Stmt) -> String {
        switch s.kind {
        case .expression(let e, let suppressed): return suppressed ? "(expr; \(print(e)))" : print(e)
        case .assign(let targets, let value): return "(= " + targets.map(print).joined(separator: " ") + " \(print(value)))"
        case .augmentedAssign(let t, let op, let v): return "(\(op.rawValue)= \(print(t)) \(print(v)))"
        case .annotation(let t): return "(annotate \(print(t)))"
        case .functionDef(let d):
            let deco: String = d.decorators.isEmpty ? "" : " (decorators " + d.decorators.map(print).joined(separator: " ") + ")"
            return "(def \(d.name) (\(printParams(d.parameters)))\(deco) \(block(d.body)))"
        case .classDef(let d):
            let deco: String = d.decorators.isEmpty ? "" : " (decorators " + d.decorators.map(print).joined(separator: " ") + ")"
            let bases: String = d.arguments.isEmpty ? "" : " (bases " + d.arguments.map(printArgument).joined(separator: " ") + ")"
            return "(class \(d.name)\(bases)\(deco) \(block(d.body)))"
        case .returnStmt(let e): return e.map { "(return \(print($0)))" } ?? "(return)"
        case .ifStmt(let branches, let otherwise):
            var out: String = "(if"
            for (c, b) in branches { out += " (\(print(c)) \(block(b)))" }
            if let o = otherwise { out += " (else \(block(o)))" }
            return out + ")"
        case .whileStmt(let c, let b, let o):
            return "(while \(print(c)) \(block(b))" + (o.map { " (else \(block($0)))" } ?? "") + ")"
        case .forStmt(let t, let i, let b, let o):
            return "(for \(print(t)) \(print(i)) \(block(b))" + (o.map { " (else \(block($0)))" } ?? "") + ")"
        case .breakStmt: return "(break)"
        case .continueStmt: return "(continue)"
        case .pass: return "(pass)"
        case .with(let items, let body):
            return "(with" + items.map { " (\(print($0.0))" + ($0.1.map { " as " + print($0) } ?? "") + ")" }.joined() + " \(block(body)))"
        case .assert(let c, let m): return "(assert \(print(c))" + (m.map { " " + print($0) } ?? "") + ")"
        case .delete(let ts): return "(del " + ts.map(print).joined(separator: " ") + ")"
        case .global(let ns): return "(global " + ns.joined(separator: " ") + ")"
        case .nonlocal(let ns): return "(nonlocal " + ns.joined(separator: " ") + ")"
        case .tryStmt(let body, let handlers, let otherwise, let final):
            var out: String = "(try \(block(body))"
            for h in handlers {
                out += " (except" + (h.type.map { " " + print($0) } ?? "") + (h.name.map { " as " + $0 } ?? "") + " \(block(h.body)))"
            }
            if let o = otherwise { out += " (else \(block(o)))" }
            if let f = final { out += " (finally \(block(f)))" }
            return out + ")"
        case .raise(let e, let c):
            return "(raise" + (e.map { " " + print($0) } ?? "") + (c.map { " from " + print($0) } ?? "") + ")"
        case .importModules(let names):
            return "(import" + names.map { " " + $0.name + ($0.alias.map { " as " + $0 } ?? "") }.joined() + ")"
        case .importFrom(let m, let names):
            return "(from \(m) import" + names.map { " " + $0.name + ($0.alias.map { " as " + $0 } ?? "") }.joined() + ")"
        }
    }

    static func block(_ stmts: [Stmt]) -> String {
        "(block" + stmts.map { " " + print($0) }.joined() + ")"
    }

    /// A whole program, one top-level statement per line.
    public static func print(program: [Stmt]) -> String {
        program.map { print($0) }.joined(separator: "\n")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        if target.isEmpty { return self }
        return components(separatedByString: target).joined(separator: replacement)
    }

    private func components(separatedByString sep: String) -> [String] {
        var parts: [String] = []
        var current: String = ""
        var rest: Substring = Substring(self)
        while !rest.isEmpty {
            if rest.hasPrefix(sep) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(sep.count)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        return parts
    }
}
