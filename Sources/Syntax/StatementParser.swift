/// Statements and blocks.
extension Parser {
    /// file_input: (NEWLINE | stmt)* ENDMARKER
    mutating func parseFile() throws -> [Stmt] {
        var body: [Stmt] = []
        while true {
            switch current.kind {
            case .endOfInput: return body
            case .newline: _ = advance()
            case .indent: throw SyntaxError("unexpected indent", current.range, isIndentation: true)
            default: body.append(contentsOf: try parseStatement())
            }
        }
    }

    /// stmt: simple_stmt | compound_stmt (a simple line may hold several `;`-separated statements).
    mutating func parseStatement() throws -> [Stmt] {
        if case .keyword(let k) = current.kind {
            switch k {
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "try": return [try parseTry()]
            case "with": return [try parseWith()]
            case "def": return [try parseDef(decorators: [])]
            case "class": return [try parseClass(decorators: [])]
            case "async": throw SyntaxError("async code is not supported in tcalc", current.range)
            default: break
            }
        }
        if isOp("@") { return [try parseDecorated()] }
        return try parseSimpleLine()
    }

    /// simple_stmt: small_stmt (';' small_stmt)* [';'] NEWLINE
    mutating func parseSimpleLine() throws -> [Stmt] {
        var stmts: [Stmt] = []
        while true {
            var s: Stmt = try parseSmallStatement()
            if acceptOp(";") {
                if case .expression(let e, _) = s.kind, isLineEnd { s.kind = .expression(e, suppressed: true) }
                stmts.append(s)
                if isLineEnd { break }
                continue
            }
            stmts.append(s)
            break
        }
        if case .newline = current.kind { _ = advance(); return stmts }
        if atEnd { return stmts }
        if case .dedent = current.kind { return stmts }
        throw SyntaxError("invalid syntax: expected end of statement, found \(current.display)", current.range)
    }

    private var isLineEnd: Bool {
        switch current.kind {
        case .newline, .endOfInput, .dedent: return true
        default: return false
        }
    }

    /// small_stmt: expr_stmt | del_stmt | pass_stmt | flow_stmt | import_stmt | global_stmt | nonlocal_stmt | assert_stmt
    mutating func parseSmallStatement() throws -> Stmt {
        let t: Token = current
        if case .keyword(let k) = t.kind {
            switch k {
            case "pass": _ = advance(); return Stmt(.pass, t.range)
            case "break": _ = advance(); return Stmt(.breakStmt, t.range)
            case "continue": _ = advance(); return Stmt(.continueStmt, t.range)
            case "return":
                _ = advance()
                if isLineEnd || isOp(";") { return Stmt(.returnStmt(nil), t.range) }
                let e: Expr = try parseTestListStarExpr()
                return Stmt(.returnStmt(e), t.range.union(e.range))
            case "raise":
                _ = advance()
                if isLineEnd || isOp(";") { return Stmt(.raise(nil, nil), t.range) }
                let e: Expr = try parseTest()
                var cause: Expr? = nil
                if acceptKeyword("from") { cause = try parseTest() }
                return Stmt(.raise(e, cause), t.range.union(cause?.range ?? e.range))
            case "global", "nonlocal":
                _ = advance()
                var names: [String] = [try expectName().0]
                while acceptOp(",") { names.append(try expectName().0) }
                let r: SourceRange = t.range.union(tokens[pos - 1].range)
                return Stmt(k == "global" ? .global(names) : .nonlocal(names), r)
            case "del":
                _ = advance()
                let target: Expr = try parseTargetList()
                let targets: [Expr]
                if case .tuple(let items) = target.kind { targets = items } else { targets = [target] }
                for e in targets { try checkTarget(e, verb: "delete") }
                return Stmt(.delete(targets), t.range.union(target.range))
            case "assert":
                _ = advance()
                let cond: Expr = try parseTest()
                var message: Expr? = nil
                if acceptOp(",") { message = try parseTest() }
                return Stmt(.assert(cond, message), t.range.union(message?.range ?? cond.range))
            case "import": return try parseImport()
            case "from": return try parseFromImport()
            default: break
            }
        }
        return try parseExpressionStatement()
    }

    /// expr_stmt: testlist_star_expr (annassign | augassign testlist | ('=' testlist_star_expr)*)
    mutating func parseExpressionStatement() throws -> Stmt {
        let first: Expr = try parseTestListStarExpr()
        if case .op(let o) = current.kind, o.count >= 2, o.hasSuffix("="), o != "==", o != "<=", o != ">=", o != "!=",
           let op = BinaryOperator(rawValue: String(o.dropLast())) {
            _ = advance()
            try checkTarget(first, verb: "assign to", augmented: true)
            let value: Expr = try parseTestListStarExpr()
            return Stmt(.augmentedAssign(first, op, value), first.range.union(value.range))
        }
        if isOp(":") {
            _ = advance()
            try checkTarget(first, verb: "annotate", augmented: true)
            let annotation: Expr = try parseTest()
            if acceptOp("=") {
                let value: Expr = try parseTestListStarExpr()
                return Stmt(.assign([first], value), first.range.union(value.range))
            }
            return Stmt(.annotation(first), first.range.union(annotation.range))
        }
        if !isOp("=") { return Stmt(.expression(first, suppressed: false), first.range) }
        var targets: [Expr] = [first]
        var value: Expr = first
        while acceptOp("=") {
            value = try parseTestListStarExpr()
            targets.append(value)
        }
        targets.removeLast()
        for target in targets { try checkTarget(target, verb: "assign to") }
        return Stmt(.assign(targets, value), first.range.union(value.range))
    }

    /// Only names, attributes, subscripts and (for plain assignment) tuples/lists of them
    /// with at most one starred element can be assigned.
    func checkTarget(_ e: Expr, verb: String, augmented: Bool = false) throws {
        switch e.kind {
        case .name, .attribute, .subscription: return
        case .tuple(let items), .list(let items):
            if augmented { throw SyntaxError("'\(e.kind.describe)' is an illegal expression for augmented assignment", e.range) }
            var stars: Int = 0
            for item in items {
                if case .starred(let inner) = item.kind {
                    stars += 1
                    try checkTarget(inner, verb: verb)
                } else {
                    try checkTarget(item, verb: verb)
                }
            }
            if stars > 1 { throw SyntaxError("multiple starred expressions in assignment", e.range) }
        case .starred:
            throw SyntaxError("starred assignment target must be in a list or tuple", e.range)
        default:
            let hint: String = verb == "assign to" ? " here. Maybe you meant '==' instead of '='?" : ""
            throw SyntaxError("cannot \(verb) \(e.kind.describe)\(hint)", e.range)
        }
    }

    /// import_name: 'import' dotted_as_names
    mutating func parseImport() throws -> Stmt {
        let t: Token = advance()
        var names: [ImportName] = []
        repeat {
            let name: String = try parseDottedName()
            var alias: String? = nil
            if acceptKeyword("as") { alias = try expectName().0 }
            names.append(ImportName(name: name, alias: alias))
        } while acceptOp(",")
        return Stmt(.importModules(names), t.range.union(tokens[pos - 1].range))
    }

    /// import_from: 'from' dotted_name 'import' ('*' | '(' import_as_names ')' | import_as_names)
    mutating func parseFromImport() throws -> Stmt {
        let t: Token = advance()
        if isOp(".") || isOp("...") { throw SyntaxError("relative imports are not supported in tcalc", current.range) }
        let module: String = try parseDottedName()
        if !acceptKeyword("import") { throw unexpected("'import'") }
        var names: [ImportName] = []
        if acceptOp("*") {
            names.append(ImportName(name: "*", alias: nil))
        } else {
            let paren: Token? = isOp("(") ? advance() : nil
            repeat {
                if paren != nil && isOp(")") { break }
                let n: String = try expectName("a name to import").0
                var alias: String? = nil
                if acceptKeyword("as") { alias = try expectName().0 }
                names.append(ImportName(name: n, alias: alias))
            } while acceptOp(",")
            if let p = paren { _ = try expectClose(")", opened: p) }
        }
        return Stmt(.importFrom(module, names), t.range.union(tokens[pos - 1].range))
    }

    mutating func parseDottedName() throws -> String {
        var name: String = try expectName("a module name").0
        while acceptOp(".") { name += "." + (try expectName("a module name").0) }
        return name
    }

    /// suite: simple_stmt | NEWLINE INDENT stmt+ DEDENT
    mutating func parseBlock(after what: String, line: Int) throws -> [Stmt] {
        _ = try expectOp(":", "':' after \(what)")
        if case .newline = current.kind {
            _ = advance()
            guard case .indent = current.kind else {
                throw SyntaxError("expected an indented block after \(what) on line \(line)", current.range,
                                  isIndentation: true, atEndOfInput: onlyBlockEndsRemain)
            }
            _ = advance()
            var body: [Stmt] = []
            while true {
                switch current.kind {
                case .dedent: _ = advance(); return body
                case .endOfInput: return body
                case .newline: _ = advance()
                case .indent: throw SyntaxError("unexpected indent", current.range, isIndentation: true)
                default: body.append(contentsOf: try parseStatement())
                }
            }
        }
        if atEnd {
            throw SyntaxError("expected an indented block after \(what) on line \(line)", current.range,
                              isIndentation: true, atEndOfInput: true)
        }
        return try parseSimpleLine()
    }

    /// if_stmt: 'if' namedexpr_test ':' suite ('elif' namedexpr_test ':' suite)* ['else' ':' suite]
    mutating func parseIf() throws -> Stmt {
        let t: Token = advance()
        var branches: [(Expr, [Stmt])] = []
        let cond: Expr = try parseNamedExpr()
        branches.append((cond, try parseBlock(after: "'if' statement", line: t.range.start.line)))
        var otherwise: [Stmt]? = nil
        while true {
            if isKeyword("elif") {
                let e: Token = advance()
                let c: Expr = try parseNamedExpr()
                branches.append((c, try parseBlock(after: "'elif' statement", line: e.range.start.line)))
            } else if isKeyword("else") {
                let e: Token = advance()
                otherwise = try parseBlock(after: "'else' statement", line: e.range.start.line)
                break
            } else {
                break
            }
        }
        return Stmt(.ifStmt(branches, otherwise), t.range.union(cond.range))
    }

    /// while_stmt: 'while' namedexpr_test ':' suite ['else' ':' suite]
    mutating func parseWhile() throws -> Stmt {
        let t: Token = advance()
        let cond: Expr = try parseNamedExpr()
        let body: [Stmt] = try parseBlock(after: "'while' statement", line: t.range.start.line)
        var otherwise: [Stmt]? = nil
        if isKeyword("else") {
            let e: Token = advance()
            otherwise = try parseBlock(after: "'else' statement", line: e.range.start.line)
        }
        return Stmt(.whileStmt(cond, body, otherwise), t.range.union(cond.range))
    }

    /// for_stmt: 'for' exprlist 'in' testlist ':' suite ['else' ':' suite]
    mutating func parseFor() throws -> Stmt {
        let t: Token = advance()
        let target: Expr = try parseTargetList()
        try checkTarget(target, verb: "assign to")
        if !acceptKeyword("in") { throw unexpected("'in' after 'for' target") }
        let iterable: Expr = try parseTestListStarExpr()
        let body: [Stmt] = try parseBlock(after: "'for' statement", line: t.range.start.line)
        var otherwise: [Stmt]? = nil
        if isKeyword("else") {
            let e: Token = advance()
            otherwise = try parseBlock(after: "'else' statement", line: e.range.start.line)
        }
        return Stmt(.forStmt(target, iterable, body, otherwise), t.range.union(iterable.range))
    }

    /// try_stmt: 'try' ':' suite ((except_clause ':' suite)+ ['else' ':' suite] ['finally' ':' suite] | 'finally' ':' suite)
    mutating func parseTry() throws -> Stmt {
        let t: Token = advance()
        let body: [Stmt] = try parseBlock(after: "'try' statement", line: t.range.start.line)
        var handlers: [ExceptHandler] = []
        while isKeyword("except") {
            let e: Token = advance()
            var type: Expr? = nil
            var name: String? = nil
            if !isOp(":") {
                type = try parseTest()
                if acceptKeyword("as") { name = try expectName().0 } else if acceptOp(",") {
                    throw SyntaxError("multiple exception types must be parenthesized", current.range)
                }
            }
            let block: [Stmt] = try parseBlock(after: "'except' statement", line: e.range.start.line)
            handlers.append(ExceptHandler(type: type, name: name, body: block, range: e.range.union(type?.range ?? e.range)))
        }
        var otherwise: [Stmt]? = nil
        if !handlers.isEmpty && isKeyword("else") {
            let e: Token = advance()
            otherwise = try parseBlock(after: "'else' statement", line: e.range.start.line)
        }
        var final: [Stmt]? = nil
        if isKeyword("finally") {
            let e: Token = advance()
            final = try parseBlock(after: "'finally' statement", line: e.range.start.line)
        }
        if handlers.isEmpty && final == nil {
            throw SyntaxError("expected 'except' or 'finally' block", current.range, atEndOfInput: onlyBlockEndsRemain)
        }
        return Stmt(.tryStmt(body, handlers, otherwise, final), t.range)
    }

    /// with_stmt: 'with' with_item (',' with_item)* ':' suite;  with_item: test ['as' expr]
    mutating func parseWith() throws -> Stmt {
        let t: Token = advance()
        var items: [(Expr, Expr?)] = []
        repeat {
            let e: Expr = try parseTest()
            var target: Expr? = nil
            if acceptKeyword("as") {
                let target0: Expr = try parseBinary(0)
                try checkTarget(target0, verb: "assign to")
                target = target0
            }
            items.append((e, target))
        } while acceptOp(",")
        let body: [Stmt] = try parseBlock(after: "'with' statement", line: t.range.start.line)
        return Stmt(.with(items, body), t.range.union(items[items.count - 1].0.range))
    }

    /// decorated: ('@' namedexpr_test NEWLINE)+ (funcdef | classdef)
    mutating func parseDecorated() throws -> Stmt {
        var decorators: [Expr] = []
        while acceptOp("@") {
            decorators.append(try parseNamedExpr())
            guard case .newline = current.kind else { throw unexpected("end of line after decorator") }
            _ = advance()
        }
        if isKeyword("class") { return try parseClass(decorators: decorators) }
        if !isKeyword("def") { throw unexpected("'def' or 'class' after decorator") }
        return try parseDef(decorators: decorators)
    }

    /// funcdef: 'def' NAME '(' [typedargslist] ')' ['->' test] ':' suite
    mutating func parseDef(decorators: [Expr]) throws -> Stmt {
        let t: Token = advance()
        let (name, nameRange) = try expectName("a function name after 'def'")
        let open: Token = try expectOp("(", "'(' after function name")
        let params: [ParameterDecl] = try parseParameters(closing: ")", allowAnnotations: true)
        _ = try expectClose(")", opened: open)
        if acceptOp("->") { _ = try parseTest() }
        let body: [Stmt] = try parseBlock(after: "function definition", line: t.range.start.line)
        let def: FunctionDef = FunctionDef(name: name, parameters: params, body: body, decorators: decorators)
        return Stmt(.functionDef(def), t.range.union(nameRange))
    }
}

extension Parser {
    /// classdef: 'class' NAME ['(' [arglist] ')'] ':' suite
    mutating func parseClass(decorators: [Expr]) throws -> Stmt {
        let t: Token = advance()
        let (name, nameRange) = try expectName("a class name after 'class'")
        var arguments: [CallArgument] = []
        if isOp("(") {
            let open: Token = advance()
            arguments = try parseArguments(open)
            _ = try expectClose(")", opened: open)
        }
        let body: [Stmt] = try parseBlock(after: "class definition", line: t.range.start.line)
        let def: ClassDef = ClassDef(name: name, arguments: arguments, body: body, decorators: decorators)
        return Stmt(.classDef(def), t.range.union(nameRange))
    }
}

extension ExprKind {
    /// How Python names this kind of expression in "cannot assign to …" messages.
    var describe: String {
        switch self {
        case .call: return "function call"
        case .int, .float, .imaginary, .string, .bool, .none, .ellipsis: return "literal"
        case .fstring: return "f-string expression"
        case .binary, .unary: return "expression"
        case .compare: return "comparison"
        case .and, .or, .not: return "expression"
        case .lambda: return "lambda"
        case .ifElse: return "conditional expression"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .comprehension(let k, _, _): return k == .generator ? "generator expression" : "\(k.rawValue) comprehension"
        case .dictComprehension: return "dict comprehension"
        case .tuple: return "tuple"
        case .list: return "list"
        case .namedExpr: return "named expression"
        case .yield, .yieldFrom: return "yield expression"
        default: return "expression"
        }
    }
}
