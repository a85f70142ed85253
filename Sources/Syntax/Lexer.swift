/// Turns source text into Python tokens, including NEWLINE/INDENT/DEDENT from indentation.
/// Inside brackets lines join implicitly; a `\` at the end of a line joins explicitly.
public struct Lexer {
    private let chars: [Character]
    private var pos: Int = 0
    private var line: Int
    private var column: Int
    private var tokens: [Token] = []
    /// Indentation levels as (width with tabs to 8, width with tabs to 1): Python's test for
    /// inconsistent tabs/spaces compares both.
    private var indents: [(Int, Int)] = [(0, 0)]
    private var brackets: [(Character, SourceLocation)] = []
    private let expressionMode: Bool

    /// `expressionMode` lexes an f-string field: no indentation, newlines as whitespace.
    public init(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1), expressionMode: Bool = false) {
        // "\r\n" is one Character in Swift; Windows line ends become plain newlines first.
        var scalars: String.UnicodeScalarView = String.UnicodeScalarView()
        var pendingReturn: Bool = false
        for u in source.unicodeScalars {
            if pendingReturn && u != "\n" { scalars.append("\r") }
            pendingReturn = u == "\r"
            if !pendingReturn { scalars.append(u) }
        }
        if pendingReturn { scalars.append("\r") }
        var characters: [Character] = Array(String(scalars))
        // A UTF-8 byte-order mark at the start of a file is not part of the program.
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        chars = characters
        line = start.line
        column = start.column
        self.expressionMode = expressionMode
    }

    /// Tokenizes the whole source.
    public static func tokenize(_ source: String) throws -> [Token] {
        var lexer: Lexer = Lexer(source)
        return try lexer.run()
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column) }
    private func peek(_ offset: Int = 0) -> Character? {
        let i: Int = pos + offset
        return i < chars.count ? chars[i] : nil
    }
    private mutating func advance() {
        if chars[pos] == "\n" { line += 1; column = 1 } else { column += 1 }
        pos += 1
    }

    /// Lexes everything, ending with NEWLINE (when missing), DEDENTs and END-OF-INPUT.
    public mutating func run() throws -> [Token] {
        var atLineStart: Bool = !expressionMode
        while true {
            if atLineStart {
                atLineStart = false
                if try handleIndentation() { continue }
            }
            guard let c = peek() else { break }
            let start: SourceLocation = location
            if c == "\n" {
                advance()
                if brackets.isEmpty && !expressionMode {
                    appendNewline(start)
                    atLineStart = true
                }
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { advance(); continue }
            if c == "#" {
                while let d = peek(), d != "\n" { advance() }
                continue
            }
            if c == "\\" {
                advance()
                while let d = peek(), d == " " || d == "\t" || d == "\r" { advance() }
                guard let d = peek() else {
                    throw SyntaxError("unexpected end of input after line continuation character", SourceRange(start), atEndOfInput: true)
                }
                if d != "\n" { throw SyntaxError("unexpected character after line continuation character", SourceRange(start)) }
                advance()
                continue
            }
            if c.isLetter || c == "_" {
                if let q = stringPrefixQuote() {
                    try lexString(prefixLength: q, start: start)
                } else {
                    lexName(start)
                }
                continue
            }
            if c == "\"" || c == "'" { try lexString(prefixLength: 0, start: start); continue }
            if c.isASCII && c.isNumber || (c == "." && (peek(1).map { $0.isASCII && $0.isNumber } ?? false)) {
                try lexNumber(start)
                continue
            }
            try lexOperator(start)
        }
        let end: SourceLocation = location
        if let (b, at) = brackets.last {
            throw SyntaxError("unexpected end of input: '\(b)' opened at \(at) is never closed", SourceRange(at), atEndOfInput: true)
        }
        if !expressionMode {
            if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
                appendNewline(end)
            }
            while indents.count > 1 {
                indents.removeLast()
                tokens.append(Token(.dedent, SourceRange(end)))
            }
        }
        tokens.append(Token(.endOfInput, SourceRange(end)))
        return tokens
    }

    private mutating func appendNewline(_ at: SourceLocation) {
        // Blank lines and comment-only lines produce no NEWLINE.
        if let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent {
            tokens.append(Token(.newline, SourceRange(at)))
        }
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT; returns true when the
    /// line was blank (so nothing else is lexed from it here).
    private mutating func handleIndentation() throws -> Bool {
        var wide: Int = 0
        var narrow: Int = 0
        let start: SourceLocation = location
        while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" {
            if c == "\t" { wide = (wide / 8 + 1) * 8; narrow += 1 } else if c == " " { wide += 1; narrow += 1 }
            advance()
        }
        guard let c = peek() else { return false }
        if c == "\n" || c == "#" || c == "\r" { return false }
        if c == "\\" { return false }
        let top: (Int, Int) = indents[indents.count - 1]
        let here: SourceRange = SourceRange(start: start, end: location)
        if wide == top.0 {
            if narrow != top.1 { throw tabError(here) }
        } else if wide > top.0 {
            if narrow <= top.1 { throw tabError(here) }
            if indents.count >= 100 { throw SyntaxError("too many levels of indentation", here, isIndentation: true) }
            indents.append((wide, narrow))
            tokens.append(Token(.indent, here))
        } else {
            while indents.count > 1 && indents[indents.count - 1].0 > wide {
                indents.removeLast()
                tokens.append(Token(.dedent, here))
            }
            let now: (Int, Int) = indents[indents.count - 1]
            if now.0 != wide {
                throw SyntaxError("unindent does not match any outer indentation level", here, isIndentation: true)
            }
            if now.1 != narrow { throw tabError(here) }
        }
        return false
    }

    private func tabError(_ r: SourceRange) -> SyntaxError {
        SyntaxError("inconsistent use of tabs and spaces in indentation", r, isIndentation: true)
    }

    private mutating func lexName(_ start: SourceLocation) {
        var text: String = ""
        while let c = peek(), c.isLetter || c.isNumber || c == "_" {
            text.append(c)
            advance()
        }
        let r: SourceRange = SourceRange(start: start, end: location)
        tokens.append(Token(pythonKeywords.contains(text) ? .keyword(text) : .name(text), r))
    }

    /// When a string prefix (r, b, f, u, rb, fr…) followed by a quote starts here, its length.
    private func stringPrefixQuote() -> Int? {
        var n: Int = 0
        while n < 2, let c = peek(n), "rRbBfFuU".contains(c) { n += 1 }
        guard n > 0, let q = peek(n), q == "'" || q == "\"" else { return nil }
        let prefix: String = String(chars[pos..<pos + n]).lowercased()
        let allowed: Set<String> = ["r", "b", "f", "u", "rb", "br", "fr", "rf"]
        return allowed.contains(prefix) ? n : nil
    }

    private mutating func lexString(prefixLength: Int, start: SourceLocation) throws {
        let prefix: String = String(chars[pos..<pos + prefixLength]).lowercased()
        for _ in 0..<prefixLength { advance() }
        let raw: Bool = prefix.contains("r")
        let isF: Bool = prefix.contains("f")
        guard let quote = peek() else { return }
        let triple: Bool = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        let bodyStart: SourceLocation = location
        var body: String = ""
        var braceDepth: Int = 0
        while true {
            guard let c = peek() else {
                let what: String = triple ? "unterminated triple-quoted string literal" : (isF ? "unterminated f-string literal" : "unterminated string literal")
                throw SyntaxError("\(what) (detected at line \(line))", SourceRange(start), atEndOfInput: triple)
            }
            if c == "\n" && !triple && !(isF && braceDepth > 0 && false) {
                let what: String = isF ? "unterminated f-string literal" : "unterminated string literal"
                throw SyntaxError("\(what) (detected at line \(line))", SourceRange(start))
            }
            if c == quote && (braceDepth == 0 || !triple) {
                if !triple { advance(); break }
                if peek(1) == quote && peek(2) == quote { advance(); advance(); advance(); break }
            }
            if c == "\\" {
                body.append(c)
                advance()
                if let d = peek() { body.append(d); advance() }
                continue
            }
            if isF {
                if c == "{" {
                    if braceDepth == 0 && peek(1) == "{" { body.append("{{"); advance(); advance(); continue }
                    braceDepth += 1
                } else if c == "}" && braceDepth > 0 {
                    braceDepth -= 1
                } else if braceDepth > 0 && (c == "'" || c == "\"") && c != quote {
                    // A nested string inside a replacement field (other quote kind).
                    body.append(c); advance()
                    while let d = peek(), d != c, d != "\n" { body.append(d); advance() }
                    if let d = peek(), d == c { body.append(d); advance() }
                    continue
                }
            }
            body.append(c)
            advance()
        }
        let r: SourceRange = SourceRange(start: start, end: location)
        if isF {
            tokens.append(Token(.fstring(body, bodyStart: bodyStart, raw: raw), r))
        } else {
            let value: String = raw ? body : try Lexer.unescape(body, at: start)
            tokens.append(Token(.string(value, bytes: prefix.contains("b")), r))
        }
    }

    /// Processes Python's backslash escapes.
    public static func unescape(_ body: String, at: SourceLocation) throws -> String {
        if !body.contains("\\") { return body }
        var out: String = ""
        let cs: [Character] = Array(body)
        var i: Int = 0
        while i < cs.count {
            let c: Character = cs[i]
            if c != "\\" || i + 1 >= cs.count { out.append(c); i += 1; continue }
            let e: Character = cs[i + 1]
            i += 2
            switch e {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var digits: String = String(e)
                while digits.count < 3, i < cs.count, ("0"..."7").contains(cs[i]) { digits.append(cs[i]); i += 1 }
                if let v = UInt32(digits, radix: 8), let s = Unicode.Scalar(v) { out.unicodeScalars.append(s) }
            case "x", "u", "U":
                let n: Int = e == "x" ? 2 : (e == "u" ? 4 : 8)
                guard i + n <= cs.count, let v = UInt32(String(cs[i..<i + n]), radix: 16), let s = Unicode.Scalar(v) else {
                    throw SyntaxError("(unicode error) truncated \\\(e)\(String(repeating: "X", count: n)) escape", SourceRange(at))
                }
                out.unicodeScalars.append(s)
                i += n
            default:
                out.append("\\")
                out.append(e)
            }
        }
        return out
    }

    private mutating func lexNumber(_ start: SourceLocation) throws {
        var text: String = ""
        func take(_ allowed: (Character) -> Bool) {
            while let c = peek(), allowed(c) || (c == "_" && (peek(1).map(allowed) ?? false)) {
                if c != "_" { text.append(c) }
                advance()
            }
        }
        if peek() == "0", let p = peek(1), "xXoObB".contains(p) {
            advance(); advance()
            let radix: Int = "xX".contains(p) ? 16 : ("oO".contains(p) ? 8 : 2)
            if peek() == "_" { advance() }
            take { $0.isHexDigit && Int(String($0), radix: radix) != nil }
            let r: SourceRange = SourceRange(start: start, end: location)
            if text.isEmpty { throw SyntaxError("invalid \(["16": "hexadecimal", "8": "octal", "2": "binary"][String(radix)] ?? "") literal", r) }
            if let v = Int(text, radix: radix) {
                tokens.append(Token(.int(.small(v)), r))
            } else {
                tokens.append(Token(.int(.big(String(p).lowercased() == "x" ? "0x" + text : (String(p).lowercased() == "o" ? "0o" + text : "0b" + text))), r))
            }
            try checkNumberEnd(r)
            return
        }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        take(isDigit)
        var isFloat: Bool = false
        if peek() == "." {
            isFloat = true
            text.append("."); advance()
            take(isDigit)
        }
        if let e = peek(), e == "e" || e == "E" {
            let next: Character? = peek(1)
            let afterSign: Character? = (next == "+" || next == "-") ? peek(2) : next
            if let d = afterSign, isDigit(d) {
                isFloat = true
                text.append("e"); advance()
                if let s = peek(), s == "+" || s == "-" { text.append(s); advance() }
                take(isDigit)
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            advance()
            let r: SourceRange = SourceRange(start: start, end: location)
            tokens.append(Token(.imaginary(Double(text) ?? 0), r))
            try checkNumberEnd(r)
            return
        }
        let r: SourceRange = SourceRange(start: start, end: location)
        if isFloat {
            tokens.append(Token(.float(Double(text) ?? .infinity), r))
        } else {
            if text.count > 1 && text.hasPrefix("0") && text.contains(where: { $0 != "0" }) {
                throw SyntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", r)
            }
            if let v = Int(text) { tokens.append(Token(.int(.small(v)), r)) } else { tokens.append(Token(.int(.big(text)), r)) }
        }
        try checkNumberEnd(r)
    }

    private func checkNumberEnd(_ r: SourceRange) throws {
        if let c = peek(), c.isLetter || c == "_" {
            throw SyntaxError("invalid decimal literal", r)
        }
    }

    private static let operators: [String] = [
        "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
        ",", ":", ".", ";", "=",
    ]

    private mutating func lexOperator(_ start: SourceLocation) throws {
        for op in Lexer.operators {
            let n: Int = op.count
            guard pos + n <= chars.count, String(chars[pos..<pos + n]) == op else { continue }
            for _ in 0..<n { advance() }
            let r: SourceRange = SourceRange(start: start, end: location)
            switch op {
            case "(", "[", "{":
                if brackets.count >= 200 { throw SyntaxError("too many nested parentheses", r) }
                brackets.append((Character(op), start))
            case ")", "]", "}":
                guard let (open, _) = brackets.popLast() else {
                    throw SyntaxError("unmatched '\(op)'", r)
                }
                let expected: Character = open == "(" ? ")" : (open == "[" ? "]" : "}")
                if Character(op) != expected {
                    throw SyntaxError("closing parenthesis '\(op)' does not match opening parenthesis '\(open)'", r)
                }
            default: break
            }
            tokens.append(Token(.op(op), r))
            return
        }
        let c: Character = chars[pos]
        throw SyntaxError("invalid character '\(c)' (U+\(String(c.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)))", SourceRange(start))
    }
}
