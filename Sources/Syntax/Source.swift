/// A position in source text: 1-based line and column (columns count characters).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text; `end` is the position just after the last character.
public struct SourceRange: Equatable, Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation
    public init(start: SourceLocation, end: SourceLocation) { self.start = start; self.end = end }
    public init(_ start: SourceLocation) { self.start = start; self.end = SourceLocation(line: start.line, column: start.column + 1) }
    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        let s: SourceLocation = (start.line, start.column) <= (other.start.line, other.start.column) ? start : other.start
        let e: SourceLocation = (end.line, end.column) >= (other.end.line, other.end.column) ? end : other.end
        return SourceRange(start: s, end: e)
    }
}

/// A syntax error: Python's wording, with the place it was found.
public struct SyntaxError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange
    /// Python reports errors in indentation as `IndentationError` (a subclass of SyntaxError).
    public var isIndentation: Bool
    /// True when the error is only that the input ended too early (the REPL keeps reading).
    public var atEndOfInput: Bool
    public init(_ message: String, _ range: SourceRange, isIndentation: Bool = false, atEndOfInput: Bool = false) {
        self.message = message
        self.range = range
        self.isIndentation = isIndentation
        self.atEndOfInput = atEndOfInput
    }
    public var className: String { isIndentation ? "IndentationError" : "SyntaxError" }
    public var description: String { "\(range.start): \(className): \(message)" }
}

/// Binary operators, spelled as in Python; the raw value is the source token.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", matrixMultiply = "@", trueDivide = "/"
    case floorDivide = "//", modulo = "%", power = "**", leftShift = "<<", rightShift = ">>"
    case bitAnd = "&", bitOr = "|", bitXor = "^"

    /// Python's special-method stem (`add` for `__add__`), used in messages and reflected lookups.
    public var dunderName: String {
        switch self {
        case .add: return "add"
        case .subtract: return "sub"
        case .multiply: return "mul"
        case .matrixMultiply: return "matmul"
        case .trueDivide: return "truediv"
        case .floorDivide: return "floordiv"
        case .modulo: return "mod"
        case .power: return "pow"
        case .leftShift: return "lshift"
        case .rightShift: return "rshift"
        case .bitAnd: return "and"
        case .bitOr: return "or"
        case .bitXor: return "xor"
        }
    }
}

/// Unary operators: `-x`, `+x`, `~x` (`not` is handled by the interpreter on truthiness).
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", invert = "~", not = "not"
}

/// Comparison operators, including identity and membership.
public enum ComparisonOperator: String, Sendable {
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case `is` = "is", isNot = "is not", `in` = "in", notIn = "not in"

    /// The comparison with its operands swapped (`a < b` is `b > a`), for reflected dispatch.
    public var swapped: ComparisonOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

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
