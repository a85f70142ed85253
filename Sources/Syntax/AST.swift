/// An expression node with the source range it was parsed from.
public struct Expr {
    public var kind: ExprKind
    public var range: SourceRange
    /// For a binary operation, the operator token's own span (the caret of an error in `x + y`
    /// goes under `+`); nil for other expressions.
    public var operatorRange: SourceRange?
    public init(_ kind: ExprKind, _ range: SourceRange, operatorRange: SourceRange? = nil) {
        self.kind = kind
        self.range = range
        self.operatorRange = operatorRange
    }
}

/// An integer literal: the fast 64-bit case, or decimal digits for anything larger.
public enum IntLiteral: Equatable {
    case small(Int)
    case big(String)
}

/// Which bracket a comprehension was written in.
public enum ComprehensionKind: String { case list, set, generator }

/// `for target in iterable if cond1 if cond2` inside a comprehension.
public struct ComprehensionClause {
    public var target: Expr
    public var iterable: Expr
    public var conditions: [Expr]
}

/// One argument at a call site.
public enum CallArgument {
    case positional(Expr)
    case keyword(String, Expr)
    /// `*xs`
    case star(Expr)
    /// `**kw`
    case doubleStar(Expr)
}

/// One entry of a dict display: `k: v` or `**other`.
public enum DictItem {
    case pair(Expr, Expr)
    case unpack(Expr)
}

/// A piece of an f-string: literal text, or a replacement field `{expr!r:spec}`.
public enum FStringPart {
    case literal(String)
    /// `selfDocumenting` holds the `expr=` text for Python 3.8's `f'{x=}'`.
    case field(Expr, conversion: Character?, spec: [FStringPart]?, selfDocumenting: String?)
}

/// How a parameter of a `def` or `lambda` takes its argument.
public enum ParameterKind: Equatable {
    case positionalOnly, positionalOrKeyword, varPositional, keywordOnly, varKeyword
}

/// One parameter of a `def` or `lambda`, with its default expression.
public struct ParameterDecl {
    public var name: String
    public var kind: ParameterKind
    public var defaultValue: Expr?
    public var range: SourceRange
    public init(name: String, kind: ParameterKind, defaultValue: Expr?, range: SourceRange) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
    }
}

/// The kinds of expression; children are `Expr`s with their own ranges.
public indirect enum ExprKind {
    case name(String)
    case int(IntLiteral)
    case float(Double)
    case imaginary(Double)
    case string(String)
    case fstring([FStringPart])
    case bool(Bool)
    case none
    case ellipsis
    case tuple([Expr])
    case list([Expr])
    case set([Expr])
    case dict([DictItem])
    case starred(Expr)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
    /// `a < b <= c`: the first operand and each (operator, operand) pair.
    case compare(Expr, [(ComparisonOperator, Expr)])
    /// `then if condition else otherwise`
    case ifElse(condition: Expr, then: Expr, otherwise: Expr)
    case lambda([ParameterDecl], Expr)
    case call(Expr, [CallArgument])
    case attribute(Expr, String)
    case subscription(Expr, Expr)
    case slice(Expr?, Expr?, Expr?)
    case comprehension(ComprehensionKind, Expr, [ComprehensionClause])
    case dictComprehension(Expr, Expr, [ComprehensionClause])
    /// `name := value`
    case namedExpr(String, Expr)
    /// `yield value` (value nil for a bare `yield`).
    case yield(Expr?)
    /// `yield from iterable`
    case yieldFrom(Expr)
}

/// A statement node with its source range.
public struct Stmt {
    public var kind: StmtKind
    public var range: SourceRange
    public init(_ kind: StmtKind, _ range: SourceRange) { self.kind = kind; self.range = range }
}

/// A `def` statement.
public struct FunctionDef {
    public var name: String
    public var parameters: [ParameterDecl]
    public var body: [Stmt]
    public var decorators: [Expr]
}

/// A `class` statement: its bases and keywords as written in the call-like header, the body,
/// and decorators applied to the finished class.
public struct ClassDef {
    public var name: String
    /// `class D(B, C, metaclass=M):` gives the positional bases and the keywords.
    public var arguments: [CallArgument]
    public var body: [Stmt]
    public var decorators: [Expr]
}

/// `except Type as name:` (type nil for a bare `except:`).
public struct ExceptHandler {
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
    public var range: SourceRange
}

/// One imported name: `torch.linalg as la`.
public struct ImportName {
    public var name: String
    public var alias: String?
}

/// The kinds of statement; blocks are arrays of `Stmt`.
public indirect enum StmtKind {
    /// An expression statement; `suppressed` when it ended with `;` (no auto-print).
    case expression(Expr, suppressed: Bool)
    /// `a = b = value`: every target, left to right.
    case assign([Expr], Expr)
    case augmentedAssign(Expr, BinaryOperator, Expr)
    /// `x: int` with no value (does nothing at run time).
    case annotation(Expr)
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case returnStmt(Expr?)
    /// `if`/`elif` branches in order, then the `else` block.
    case ifStmt([(Expr, [Stmt])], [Stmt]?)
    case whileStmt(Expr, [Stmt], [Stmt]?)
    case forStmt(Expr, Expr, [Stmt], [Stmt]?)
    case breakStmt
    case continueStmt
    case pass
    case with([(Expr, Expr?)], [Stmt])
    case assert(Expr, Expr?)
    case delete([Expr])
    case global([String])
    case nonlocal([String])
    case tryStmt([Stmt], [ExceptHandler], [Stmt]?, [Stmt]?)
    case raise(Expr?, Expr?)
    case importModules([ImportName])
    /// `from module import a, b as c` (`*` appears as the single name "*").
    case importFrom(String, [ImportName])
}
