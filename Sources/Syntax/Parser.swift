/// A recursive-descent parser for statements with a Pratt (precedence-climbing) core for
/// binary operators. Each parse function has its grammar production above it.
public struct Parser {
    var tokens: [Token]
    var pos: Int = 0
    /// Expression nesting, bounded so that no input can overflow the parser's stack.
    var nesting: Int = 0
    static let maxNesting: Int = 400

    /// A parser over tokens from `Lexer` (which always end with `.endOfInput`).
    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole program (script, `-e` string or REPL entry).
    public static func parseProgram(_ source: String) throws -> [Stmt] {
        var parser: Parser = Parser(tokens: try Lexer.tokenize(source))
        return try parser.parseFile()
    }

    /// Parses one expression (used for f-string fields and tests).
    public static func parseExpression(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) throws -> Expr {
        var lexer: Lexer = Lexer(source, start: start, expressionMode: true)
        var parser: Parser = Parser(tokens: try lexer.run())
        let e: Expr = try parser.parseTestListStarExpr()
        if case .endOfInput = parser.current.kind { return e }
        throw parser.unexpected("end of expression")
    }

    /// Counts one more level of expression nesting (pair with `nesting -= 1`).
    mutating func enterNested() throws {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw SyntaxError("expression is too deeply nested", current.range)
        }
    }

    // MARK: token helpers

    var current: Token { tokens[min(pos, tokens.count - 1)] }
    func peekKind(_ offset: Int = 1) -> TokenKind { tokens[min(pos + offset, tokens.count - 1)].kind }
    mutating func advance() -> Token {
        let t: Token = current
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }
    func isOp(_ s: String) -> Bool { if case .op(let o) = current.kind { return o == s }; return false }
    func isKeyword(_ s: String) -> Bool { if case .keyword(let k) = current.kind { return k == s }; return false }
    mutating func acceptOp(_ s: String) -> Bool {
        if isOp(s) { _ = advance(); return true }
        return false
    }
    mutating func acceptKeyword(_ s: String) -> Bool {
        if isKeyword(s) { _ = advance(); return true }
        return false
    }
    var atEnd: Bool { if case .endOfInput = current.kind { return true }; return false }

    /// True when only newlines and dedents are left before the end: a block header on the last
    /// line of a REPL entry (`    while b < 9:`) is then unfinished, not an error.
    var onlyBlockEndsRemain: Bool {
        tokens[min(pos, tokens.count - 1)...].allSatisfy {
            switch $0.kind {
            case .newline, .dedent, .endOfInput: return true
            default: return false
            }
        }
    }

    /// "expected X, found Y" at the current token.
    func unexpected(_ expected: String) -> SyntaxError {
        SyntaxError("expected \(expected), found \(current.display)", current.range, atEndOfInput: atEnd)
    }

    mutating func expectOp(_ s: String, _ what: String? = nil) throws -> Token {
        if isOp(s) { return advance() }
        throw unexpected(what ?? "'\(s)'")
    }

    /// Expects the bracket that closes `open`, naming where it was opened.
    mutating func expectClose(_ close: String, opened open: Token) throws -> Token {
        if isOp(close) { return advance() }
        let o: String
        if case .op(let s) = open.kind { o = s } else { o = "(" }
        throw SyntaxError("expected '\(close)' to close '\(o)' opened at \(open.range.start)", current.range, atEndOfInput: atEnd)
    }

    mutating func expectName(_ what: String = "a name") throws -> (String, SourceRange) {
        if case .name(let n) = current.kind {
            let t: Token = advance()
            return (n, t.range)
        }
        throw unexpected(what)
    }
}
