/// Expressions, from `lambda` down to atoms.
extension Parser {
    /// Binding powers of binary operators (higher binds tighter), as in Python's grammar.
    static let binaryPrecedence: [String: (BinaryOperator, Int)] = [
        "|": (.bitOr, 1), "^": (.bitXor, 2), "&": (.bitAnd, 3), "<<": (.leftShift, 4), ">>": (.rightShift, 4),
        "+": (.add, 5), "-": (.subtract, 5), "*": (.multiply, 6), "/": (.trueDivide, 6),
        "//": (.floorDivide, 6), "%": (.modulo, 6), "@": (.matrixMultiply, 6),
    ]

    /// testlist_star_expr: (test | star_expr) (',' (test | star_expr))* [','] — a bare tuple.
    mutating func parseTestListStarExpr() throws -> Expr {
        if isKeyword("yield") { return try parseYield() }
        let first: Expr = try parseTestOrStar()
        if !isOp(",") { return first }
        var items: [Expr] = [first]
        while acceptOp(",") {
            if !startsExpression() { break }
            items.append(try parseTestOrStar())
        }
        return Expr(.tuple(items), first.range.union(items[items.count - 1].range))
    }

    /// yield_expr: 'yield' [testlist_star_expr] | 'yield' 'from' test
    mutating func parseYield() throws -> Expr {
        let t: Token = advance()
        if acceptKeyword("from") {
            let source: Expr = try parseTest()
            return Expr(.yieldFrom(source), t.range.union(source.range))
        }
        switch current.kind {
        case .newline, .endOfInput, .dedent: return Expr(.yield(nil), t.range)
        case .op(let o) where o == ")" || o == ";" || o == "=" || o == "]" || o == "}": return Expr(.yield(nil), t.range)
        default:
            let value: Expr = try parseTestListStarExpr()
            return Expr(.yield(value), t.range.union(value.range))
        }
    }

    func startsExpression() -> Bool {
        switch current.kind {
        case .name, .int, .float, .imaginary, .string, .fstring: return true
        case .keyword(let k): return ["None", "True", "False", "not", "lambda", "await"].contains(k)
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "*", "...", "**"].contains(o)
        default: return false
        }
    }

    /// test | star_expr
    mutating func parseTestOrStar() throws -> Expr {
        if isOp("*") {
            let star: Token = advance()
            let e: Expr = try parseBinary(0)
            return Expr(.starred(e), star.range.union(e.range))
        }
        return try parseNamedExpr()
    }

    /// namedexpr_test: NAME ':=' test | test
    mutating func parseNamedExpr() throws -> Expr {
        if case .name(let n) = current.kind, case .op(":=") = peekKind() {
            let t: Token = advance()
            _ = advance()
            let v: Expr = try parseTest()
            return Expr(.namedExpr(n, v), t.range.union(v.range))
        }
        return try parseTest()
    }

    /// test: or_test ['if' or_test 'else' test] | lambdef
    mutating func parseTest() throws -> Expr {
        try enterNested()
        defer { nesting -= 1 }
        if isKeyword("lambda") { return try parseLambda() }
        let body: Expr = try parseOr()
        if isKeyword("if") {
            _ = advance()
            let cond: Expr = try parseOr()
            if !acceptKeyword("else") { throw unexpected("'else' after 'if' expression") }
            let other: Expr = try parseTest()
            return Expr(.ifElse(condition: cond, then: body, otherwise: other), body.range.union(other.range))
        }
        return body
    }

    /// lambdef: 'lambda' [varargslist] ':' test
    mutating func parseLambda() throws -> Expr {
        let start: Token = advance()
        let params: [ParameterDecl] = try parseParameters(closing: ":", allowAnnotations: false)
        _ = try expectOp(":", "':' after lambda parameters")
        let body: Expr = try parseTest()
        return Expr(.lambda(params, body), start.range.union(body.range))
    }

    /// or_test: and_test ('or' and_test)*
    mutating func parseOr() throws -> Expr {
        var left: Expr = try parseAnd()
        while acceptKeyword("or") {
            let right: Expr = try parseAnd()
            left = Expr(.or(left, right), left.range.union(right.range))
        }
        return left
    }

    /// and_test: not_test ('and' not_test)*
    mutating func parseAnd() throws -> Expr {
        var left: Expr = try parseNot()
        while acceptKeyword("and") {
            let right: Expr = try parseNot()
            left = Expr(.and(left, right), left.range.union(right.range))
        }
        return left
    }

    /// not_test: 'not' not_test | comparison
    mutating func parseNot() throws -> Expr {
        try enterNested()
        defer { nesting -= 1 }
        if isKeyword("not") {
            let t: Token = advance()
            let e: Expr = try parseNot()
            return Expr(.not(e), t.range.union(e.range))
        }
        return try parseComparison()
    }

    /// comparison: expr (comp_op expr)*
    mutating func parseComparison() throws -> Expr {
        let first: Expr = try parseBinary(0)
        var rest: [(ComparisonOperator, Expr)] = []
        while let op = comparisonOperator() {
            rest.append((op, try parseBinary(0)))
        }
        if rest.isEmpty { return first }
        return Expr(.compare(first, rest), first.range.union(rest[rest.count - 1].1.range))
    }

    mutating func comparisonOperator() -> ComparisonOperator? {
        switch current.kind {
        case .op(let o):
            let map: [String: ComparisonOperator] = ["<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual, "==": .equal, "!=": .notEqual]
            if let op = map[o] { _ = advance(); return op }
        case .keyword("in"):
            _ = advance(); return .in
        case .keyword("is"):
            _ = advance()
            return acceptKeyword("not") ? .isNot : .is
        case .keyword("not"):
            if case .keyword("in") = peekKind() { _ = advance(); _ = advance(); return .notIn }
        default: break
        }
        return nil
    }

    /// expr: binary operators from `|` down to `* / // % @` by precedence climbing.
    mutating func parseBinary(_ minPrecedence: Int) throws -> Expr {
        var left: Expr = try parseUnary()
        while case .op(let o) = current.kind, let (op, prec) = Parser.binaryPrecedence[o], prec >= minPrecedence {
            let operatorToken: Token = advance()
            let right: Expr = try parseBinary(prec + 1)
            left = Expr(.binary(op, left, right), left.range.union(right.range), operatorRange: operatorToken.range)
        }
        return left
    }

    /// factor: ('+'|'-'|'~') factor | power
    mutating func parseUnary() throws -> Expr {
        try enterNested()
        defer { nesting -= 1 }
        if case .op(let o) = current.kind, o == "-" || o == "+" || o == "~" {
            let t: Token = advance()
            let operand: Expr = try parseUnary()
            let op: UnaryOperator = o == "-" ? .negate : (o == "+" ? .plus : .invert)
            return Expr(.unary(op, operand), t.range.union(operand.range))
        }
        return try parsePower()
    }

    /// power: atom_expr ['**' factor] — right-associative, tighter than a unary minus on its left.
    mutating func parsePower() throws -> Expr {
        let base: Expr = try parsePostfix()
        if isOp("**") {
            let operatorToken: Token = advance()
            let exponent: Expr = try parseUnary()
            return Expr(.binary(.power, base, exponent), base.range.union(exponent.range), operatorRange: operatorToken.range)
        }
        return base
    }

    /// atom_expr: atom trailer*;  trailer: '(' [arglist] ')' | '[' subscriptlist ']' | '.' NAME
    mutating func parsePostfix() throws -> Expr {
        var e: Expr = try parseAtom()
        while true {
            if isOp("(") {
                let open: Token = advance()
                let args: [CallArgument] = try parseArguments(open)
                let close: Token = try expectClose(")", opened: open)
                e = Expr(.call(e, args), e.range.union(close.range))
            } else if isOp("[") {
                let open: Token = advance()
                let index: Expr = try parseSubscriptList()
                let close: Token = try expectClose("]", opened: open)
                e = Expr(.subscription(e, index), e.range.union(close.range))
            } else if isOp(".") {
                _ = advance()
                let (name, r) = try expectName("an attribute name after '.'")
                e = Expr(.attribute(e, name), e.range.union(r))
            } else {
                return e
            }
        }
    }

    /// arglist: argument (',' argument)* [',']
    /// argument: test [comp_for] | NAME '=' test | '*' test | '**' test
    mutating func parseArguments(_ open: Token) throws -> [CallArgument] {
        var args: [CallArgument] = []
        while !isOp(")") {
            if acceptOp("*") {
                args.append(.star(try parseTest()))
            } else if acceptOp("**") {
                args.append(.doubleStar(try parseTest()))
            } else if case .name(let n) = current.kind, case .op("=") = peekKind() {
                _ = advance(); _ = advance()
                args.append(.keyword(n, try parseTest()))
            } else {
                let e: Expr = try parseNamedExpr()
                if isKeyword("for") {
                    let clauses: [ComprehensionClause] = try parseComprehensionClauses()
                    let r: SourceRange = e.range.union(current.range)
                    args.append(.positional(Expr(.comprehension(.generator, e, clauses), r)))
                } else {
                    args.append(.positional(e))
                }
            }
            if !acceptOp(",") { break }
        }
        return args
    }

    /// subscriptlist: subscript (',' subscript)* [',']
    mutating func parseSubscriptList() throws -> Expr {
        let first: Expr = try parseSubscript()
        if !isOp(",") { return first }
        var items: [Expr] = [first]
        while acceptOp(",") {
            if isOp("]") { break }
            items.append(try parseSubscript())
        }
        return Expr(.tuple(items), first.range.union(items[items.count - 1].range))
    }

    /// subscript: test | [test] ':' [test] [':' [test]]
    mutating func parseSubscript() throws -> Expr {
        let start: SourceRange = current.range
        var lower: Expr? = nil
        if !isOp(":") {
            let e: Expr = try parseTestOrStar()
            if !isOp(":") { return e }
            lower = e
        }
        _ = advance()
        var upper: Expr? = nil
        var step: Expr? = nil
        if !isOp(":") && !isOp("]") && !isOp(",") { upper = try parseTest() }
        if acceptOp(":") {
            if !isOp("]") && !isOp(",") { step = try parseTest() }
        }
        let end: SourceRange = step?.range ?? upper?.range ?? tokens[pos - 1].range
        return Expr(.slice(lower, upper, step), start.union(end))
    }

    /// comp_for: 'for' exprlist 'in' or_test [comp_iter];  comp_if: 'if' or_test
    mutating func parseComprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target: Expr = try parseTargetList()
            if !acceptKeyword("in") { throw unexpected("'in' in comprehension") }
            let iterable: Expr = try parseOr()
            var conditions: [Expr] = []
            while acceptKeyword("if") { conditions.append(try parseOr()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        return clauses
    }

    /// exprlist: (expr | star_expr) (',' (expr | star_expr))* [','] — targets of `for`.
    mutating func parseTargetList() throws -> Expr {
        func one(_ p: inout Parser) throws -> Expr {
            if p.isOp("*") {
                let t: Token = p.advance()
                let e: Expr = try p.parseBinary(0)
                return Expr(.starred(e), t.range.union(e.range))
            }
            return try p.parseBinary(0)
        }
        let first: Expr = try one(&self)
        if !isOp(",") { return first }
        var items: [Expr] = [first]
        while acceptOp(",") {
            if isKeyword("in") || isOp("=") { break }
            items.append(try one(&self))
        }
        return Expr(.tuple(items), first.range.union(items[items.count - 1].range))
    }
}
