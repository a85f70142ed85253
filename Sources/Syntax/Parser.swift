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

/// The REPL's question "is this entry finished?", answered with Python's interactive rules.
public enum Completeness {
    /// False while brackets are open, a triple-quoted string is unterminated, the last line
    /// ends with `\` or `:`, or a compound statement's block has not yet been closed by an
    /// empty line. True otherwise, including for real syntax errors (so they get reported).
    public static func isComplete(_ source: String) -> Bool {
        let lines: [Substring] = source.split(separator: "\n", omittingEmptySubsequences: false)
        var lastNonEmpty: Substring = ""
        for l in lines.reversed() where !l.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
            lastNonEmpty = l
            break
        }
        do {
            _ = try Parser.parseProgram(source)
        } catch let e as SyntaxError {
            if e.atEndOfInput { return false }
            return true
        } catch {
            return true
        }
        // Parsed: a block opened anywhere must be ended by an empty line, as in Python's REPL.
        let trimmedLast: String = String(lastNonEmpty).trimmingWhitespace()
        if trimmedLast.hasSuffix("\\") { return false }
        let compound: Set<String> = ["if", "for", "while", "def", "try", "with", "class", "async"]
        let opensBlock: Bool = lines.contains { line in
            let t: String = stripComment(String(line)).trimmingWhitespace()
            if t.isEmpty { return false }
            // `for i in x: print(i)` on one line also waits for the empty line in Python's REPL.
            let firstWord: String = String(t.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            return t.hasSuffix(":") || compound.contains(firstWord) || t.hasPrefix("@")
        }
        let indentedLast: Bool = lastNonEmpty.first == " " || lastNonEmpty.first == "\t"
        if opensBlock || indentedLast {
            // Finished only once the entry ends with an empty line: the REPL joins entered lines
            // with "\n", so an empty last line shows as a trailing "\n".
            let endsWithBlank: Bool = lines.count >= 2 && lines[lines.count - 1].trimmingWhitespaceSub().isEmpty
            return endsWithBlank
        }
        return true
    }

    private static func stripComment(_ line: String) -> String {
        var quote: Character? = nil
        var out: String = ""
        for c in line {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension Substring {
    func trimmingWhitespaceSub() -> String { String(self).trimmingWhitespace() }
}
