/// What a token is. Keywords are their own case so that the parser never mistakes `if` for a name.
public enum TokenKind: Equatable {
    case name(String)
    case keyword(String)
    case int(IntLiteral)
    case float(Double)
    case imaginary(Double)
    /// A string literal's value after escapes (`bytes` marks `b'...'`, kept as text here).
    case string(String, bytes: Bool)
    /// An f-string's raw body (between the quotes); `bodyStart` locates it for nested parsing.
    case fstring(String, bodyStart: SourceLocation, raw: Bool)
    /// Punctuation and operators, spelled as in the source (`(`, `**=`, `->`).
    case op(String)
    case newline
    case indent
    case dedent
    case endOfInput
}

/// A token with its source range.
public struct Token {
    public var kind: TokenKind
    public var range: SourceRange
    public init(_ kind: TokenKind, _ range: SourceRange) { self.kind = kind; self.range = range }

    /// How the token reads in "expected X, found Y" messages.
    public var display: String {
        switch kind {
        case .name(let n): return "name '\(n)'"
        case .keyword(let k): return "'\(k)'"
        case .int, .float, .imaginary: return "number"
        case .string, .fstring: return "string"
        case .op(let o): return "'\(o)'"
        case .newline: return "end of line"
        case .indent: return "indent"
        case .dedent: return "dedent"
        case .endOfInput: return "end of input"
        }
    }
}

/// Python's reserved words.
public let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
]
