/// Atoms: names, literals, strings and f-strings, and bracketed displays.
extension Parser {
    /// atom: '(' [yield_expr|testlist_comp] ')' | '[' [testlist_comp] ']' | '{' [dictorsetmaker] '}'
    ///     | NAME | NUMBER | STRING+ | '...' | 'None' | 'True' | 'False'
    mutating func parseAtom() throws -> Expr {
        let t: Token = current
        switch t.kind {
        case .name(let n):
            _ = advance()
            return Expr(.name(n), t.range)
        case .int(let v):
            _ = advance()
            return Expr(.int(v), t.range)
        case .float(let d):
            _ = advance()
            return Expr(.float(d), t.range)
        case .imaginary(let d):
            _ = advance()
            return Expr(.imaginary(d), t.range)
        case .string, .fstring:
            return try parseStrings()
        case .keyword("None"):
            _ = advance()
            return Expr(.none, t.range)
        case .keyword("True"):
            _ = advance()
            return Expr(.bool(true), t.range)
        case .keyword("False"):
            _ = advance()
            return Expr(.bool(false), t.range)
        case .keyword("yield"):
            return try parseYield()
        case .keyword("await"), .keyword("async"):
            throw SyntaxError("async code is not supported in tcalc", t.range)
        case .op("..."):
            _ = advance()
            return Expr(.ellipsis, t.range)
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            return try parseListDisplay()
        case .op("{"):
            return try parseBraceDisplay()
        default:
            throw unexpected("an expression")
        }
    }

    /// '(' ')' | '(' test comp_for ')' | '(' testlist_star_expr ')'
    mutating func parseParenthesized() throws -> Expr {
        let open: Token = advance()
        if isOp(")") {
            let close: Token = advance()
            return Expr(.tuple([]), open.range.union(close.range))
        }
        let first: Expr = try parseTestOrStar()
        if isKeyword("for") {
            let clauses: [ComprehensionClause] = try parseComprehensionClauses()
            let close: Token = try expectClose(")", opened: open)
            return Expr(.comprehension(.generator, first, clauses), open.range.union(close.range))
        }
        if isOp(")") {
            let close: Token = advance()
            if case .starred = first.kind { throw SyntaxError("cannot use starred expression here", first.range) }
            var e: Expr = first
            e.range = open.range.union(close.range)
            return e
        }
        var items: [Expr] = [first]
        while acceptOp(",") {
            if isOp(")") { break }
            items.append(try parseTestOrStar())
        }
        let close: Token = try expectClose(")", opened: open)
        return Expr(.tuple(items), open.range.union(close.range))
    }

    /// '[' [test comp_for | testlist_star_expr] ']'
    mutating func parseListDisplay() throws -> Expr {
        let open: Token = advance()
        if isOp("]") {
            let close: Token = advance()
            return Expr(.list([]), open.range.union(close.range))
        }
        let first: Expr = try parseTestOrStar()
        if isKeyword("for") {
            let clauses: [ComprehensionClause] = try parseComprehensionClauses()
            let close: Token = try expectClose("]", opened: open)
            return Expr(.comprehension(.list, first, clauses), open.range.union(close.range))
        }
        var items: [Expr] = [first]
        while acceptOp(",") {
            if isOp("]") { break }
            items.append(try parseTestOrStar())
        }
        let close: Token = try expectClose("]", opened: open)
        return Expr(.list(items), open.range.union(close.range))
    }

    /// dictorsetmaker: (test ':' test | '**' expr) (comp_for | (',' ...)* [','])
    ///               | (test | star_expr) (comp_for | (',' ...)* [','])
    mutating func parseBraceDisplay() throws -> Expr {
        let open: Token = advance()
        if isOp("}") {
            let close: Token = advance()
            return Expr(.dict([]), open.range.union(close.range))
        }
        var isDict: Bool
        var dictItems: [DictItem] = []
        var setItems: [Expr] = []
        if acceptOp("**") {
            isDict = true
            dictItems.append(.unpack(try parseBinary(0)))
        } else {
            let first: Expr = try parseTestOrStar()
            if acceptOp(":") {
                isDict = true
                let value: Expr = try parseTest()
                if isKeyword("for") {
                    let clauses: [ComprehensionClause] = try parseComprehensionClauses()
                    let close: Token = try expectClose("}", opened: open)
                    return Expr(.dictComprehension(first, value, clauses), open.range.union(close.range))
                }
                dictItems.append(.pair(first, value))
            } else {
                isDict = false
                if isKeyword("for") {
                    let clauses: [ComprehensionClause] = try parseComprehensionClauses()
                    let close: Token = try expectClose("}", opened: open)
                    return Expr(.comprehension(.set, first, clauses), open.range.union(close.range))
                }
                setItems.append(first)
            }
        }
        while acceptOp(",") {
            if isOp("}") { break }
            if isDict {
                if acceptOp("**") {
                    dictItems.append(.unpack(try parseBinary(0)))
                } else {
                    let k: Expr = try parseTest()
                    _ = try expectOp(":", "':' after dict key")
                    dictItems.append(.pair(k, try parseTest()))
                }
            } else {
                setItems.append(try parseTestOrStar())
            }
        }
        let close: Token = try expectClose("}", opened: open)
        let r: SourceRange = open.range.union(close.range)
        return isDict ? Expr(.dict(dictItems), r) : Expr(.set(setItems), r)
    }

    /// STRING+: adjacent literals concatenate; any f-string makes the whole an f-string.
    mutating func parseStrings() throws -> Expr {
        var parts: [FStringPart] = []
        var isF: Bool = false
        var range: SourceRange = current.range
        while true {
            let t: Token = current
            if case .string(let s, _) = t.kind {
                parts.append(.literal(s))
            } else if case .fstring(let body, let start, let raw) = t.kind {
                isF = true
                parts.append(contentsOf: try Parser.parseFString(body, start: start, raw: raw))
            } else {
                break
            }
            range = range.union(t.range)
            _ = advance()
        }
        if !isF {
            var text: String = ""
            for case .literal(let s) in parts { text += s }
            return Expr(.string(text), range)
        }
        return Expr(.fstring(parts), range)
    }

    /// Splits an f-string body into literal text and `{expr!conv:spec}` fields.
    static func parseFString(_ body: String, start: SourceLocation, raw: Bool) throws -> [FStringPart] {
        let cs: [Character] = Array(body)
        var locations: [SourceLocation] = []
        locations.reserveCapacity(cs.count + 1)
        var loc: SourceLocation = start
        for c in cs {
            locations.append(loc)
            if c == "\n" { loc = SourceLocation(line: loc.line + 1, column: 1) } else { loc.column += 1 }
        }
        locations.append(loc)
        var i: Int = 0
        return try parseFStringParts(cs, &i, locations, raw: raw, inSpec: false)
    }

    private static func parseFStringParts(_ cs: [Character], _ i: inout Int, _ locs: [SourceLocation], raw: Bool, inSpec: Bool) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var literal: String = ""
        func flush() throws {
            if literal.isEmpty { return }
            parts.append(.literal(raw ? literal : try Lexer.unescape(literal, at: locs[0])))
            literal = ""
        }
        while i < cs.count {
            let c: Character = cs[i]
            if c == "}" {
                if inSpec { break }
                if i + 1 < cs.count && cs[i + 1] == "}" { literal.append("}"); i += 2; continue }
                throw SyntaxError("f-string: single '}' is not allowed", SourceRange(locs[i]))
            }
            if c == "{" {
                if !inSpec && i + 1 < cs.count && cs[i + 1] == "{" { literal.append("{"); i += 2; continue }
                try flush()
                parts.append(try parseField(cs, &i, locs, raw: raw))
                continue
            }
            literal.append(c)
            i += 1
        }
        try flush()
        return parts
    }

    /// One replacement field starting at `{`; leaves `i` after its closing `}`.
    private static func parseField(_ cs: [Character], _ i: inout Int, _ locs: [SourceLocation], raw: Bool) throws -> FStringPart {
        let open: Int = i
        i += 1
        let exprStart: Int = i
        var depth: Int = 0
        var quote: Character? = nil
        var exprEnd: Int = -1
        var selfDoc: String? = nil
        while i < cs.count {
            let c: Character = cs[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            if c == "(" || c == "[" || c == "{" { depth += 1; i += 1; continue }
            if (c == ")" || c == "]" || c == "}") && depth > 0 { depth -= 1; i += 1; continue }
            if depth == 0 {
                let next: Character? = i + 1 < cs.count ? cs[i + 1] : nil
                if c == "}" || c == ":" { exprEnd = i; break }
                if c == "!" && next != "=" { exprEnd = i; break }
                if c == "=" && next != "=" && i > exprStart && !"=!<>".contains(cs[i - 1]) {
                    selfDoc = String(cs[exprStart...i])
                    exprEnd = i
                    i += 1
                    break
                }
            }
            i += 1
        }
        if exprEnd < 0 {
            throw SyntaxError("f-string: expecting '}'", SourceRange(locs[open]))
        }
        let text: String = String(cs[exprStart..<exprEnd])
        if text.trimmingWhitespace().isEmpty {
            throw SyntaxError("f-string: empty expression not allowed", SourceRange(locs[open]))
        }
        let expr: Expr = try Parser.parseExpression(text, start: locs[exprStart])
        if selfDoc != nil { i = exprEnd + 1 } else { i = exprEnd }
        var conversion: Character? = nil
        if i < cs.count && cs[i] == "!" {
            guard i + 1 < cs.count, "rsa".contains(cs[i + 1]) else {
                throw SyntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", SourceRange(locs[i]))
            }
            conversion = cs[i + 1]
            i += 2
        }
        var spec: [FStringPart]? = nil
        if i < cs.count && cs[i] == ":" {
            i += 1
            spec = try parseFStringParts(cs, &i, locs, raw: raw, inSpec: true)
        }
        guard i < cs.count, cs[i] == "}" else {
            throw SyntaxError("f-string: expecting '}'", SourceRange(locs[min(i, cs.count)]))
        }
        i += 1
        return .field(expr, conversion: conversion, spec: spec, selfDocumenting: selfDoc)
    }

    /// Parameters of `def` (with annotations) or `lambda`, up to `closing`:
    /// typedargslist: tfpdef ['=' test] (',' tfpdef ['=' test])* [',' ['*' [tfpdef] (',' tfpdef ['=' test])* [',' ['**' tfpdef]] | '**' tfpdef]]
    mutating func parseParameters(closing: String, allowAnnotations: Bool) throws -> [ParameterDecl] {
        var params: [ParameterDecl] = []
        var keywordOnly: Bool = false
        var sawDefault: Bool = false
        while !isOp(closing) {
            let start: SourceRange = current.range
            if acceptOp("/") {
                for k in params.indices where params[k].kind == .positionalOrKeyword { params[k].kind = .positionalOnly }
            } else if acceptOp("**") {
                let (n, r) = try expectName("a parameter name after '**'")
                try skipAnnotation(allowAnnotations)
                params.append(ParameterDecl(name: n, kind: .varKeyword, defaultValue: nil, range: start.union(r)))
            } else if acceptOp("*") {
                keywordOnly = true
                if case .name = current.kind {
                    let (n, r) = try expectName()
                    try skipAnnotation(allowAnnotations)
                    params.append(ParameterDecl(name: n, kind: .varPositional, defaultValue: nil, range: start.union(r)))
                }
            } else {
                let (n, r) = try expectName("a parameter name")
                try skipAnnotation(allowAnnotations)
                var d: Expr? = nil
                if acceptOp("=") {
                    d = try parseTest()
                    sawDefault = true
                } else if sawDefault && !keywordOnly {
                    throw SyntaxError("non-default argument follows default argument", r)
                }
                if params.contains(where: { $0.name == n }) {
                    throw SyntaxError("duplicate argument '\(n)' in function definition", r)
                }
                params.append(ParameterDecl(name: n, kind: keywordOnly ? .keywordOnly : .positionalOrKeyword, defaultValue: d, range: start.union(r)))
            }
            if !acceptOp(",") { break }
        }
        return params
    }

    private mutating func skipAnnotation(_ allowed: Bool) throws {
        if allowed && acceptOp(":") { _ = try parseTest() }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s: Substring = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
