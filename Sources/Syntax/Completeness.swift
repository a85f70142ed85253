/// The REPL's question "is this entry finished?", answered with Python's interactive rules, and
/// answered by parsing: a finished entry hands back its program, so the prompt parses each
/// input once.
///
/// The rules (CPython's `codeop` and its interactive `single` mode):
/// - open brackets, an unterminated triple-quoted string, a trailing `\` or a block header
///   whose block has not been typed yet (at any depth) keep the entry open;
/// - an entry whose first statement is compound (`def`, `for`, `if`, …, one-line forms
///   included) runs once an empty line closes it; a second top-level statement typed before
///   that empty line is a SyntaxError, as in Python;
/// - any other syntax error is reported at once.
public enum Completeness {
    /// What an entry typed so far amounts to.
    public enum Status {
        /// Keep reading lines (`... `).
        case incomplete
        /// Finished: the parsed program, ready to compile.
        case complete([Stmt])
        /// Finished, and wrong: report this error.
        case invalid(SyntaxError)
    }

    /// Classifies an entry typed line by line at the prompt (lines joined with "\n"; an empty
    /// last line shows as a trailing "\n").
    public static func check(_ source: String) -> Status {
        let lines: [Substring] = source.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithBlank: Bool = lines.count >= 2 && isBlank(lines[lines.count - 1])
        let program: [Stmt]
        do {
            program = try Parser.parseProgram(source)
        } catch let e as SyntaxError {
            // An empty line cannot supply a missing block: Python reports it then.
            if e.atEndOfInput && !(endsWithBlank && e.isIndentation) { return .incomplete }
            return .invalid(e)
        } catch {
            return .invalid(SyntaxError("\(error)", SourceRange(SourceLocation(line: 1, column: 1))))
        }
        guard let first = program.first, opensBlock(first) || firstLineOpensBlock(lines) else {
            return .complete(program)
        }
        if program.count > 1 {
            return .invalid(SyntaxError(
                "invalid syntax: at the prompt, a block ends with an empty line before the next statement",
                program[1].range))
        }
        return endsWithBlank ? .complete(program) : .incomplete
    }

    /// Classifies a pasted text (several lines delivered at once): every statement runs, and
    /// the paste is finished unless it stops inside a bracket, string or block header.
    public static func checkPaste(_ source: String) -> Status {
        do {
            return .complete(try Parser.parseProgram(source))
        } catch let e as SyntaxError {
            return e.atEndOfInput ? .incomplete : .invalid(e)
        } catch {
            return .invalid(SyntaxError("\(error)", SourceRange(SourceLocation(line: 1, column: 1))))
        }
    }

    /// The error an unfinished entry amounts to when its input ends (Ctrl-D inside a bracket).
    public static func endOfInputError(_ source: String) -> SyntaxError {
        do {
            _ = try Parser.parseProgram(source)
        } catch let e as SyntaxError {
            return e
        } catch {}
        let lines: Int = source.split(separator: "\n", omittingEmptySubsequences: false).count
        return SyntaxError("unexpected end of input", SourceRange(SourceLocation(line: lines, column: 1)), atEndOfInput: true)
    }

    /// True when the entry is finished (see `check`); syntax errors count as finished so that
    /// they get reported.
    public static func isComplete(_ source: String) -> Bool {
        if case .incomplete = check(source) { return false }
        return true
    }

    /// Whether a statement is compound, so that the prompt waits for an empty line after it.
    static func opensBlock(_ s: Stmt) -> Bool {
        switch s.kind {
        case .functionDef, .ifStmt, .whileStmt, .forStmt, .with, .tryStmt, .classDef: return true
        default: return false
        }
    }

    /// A compound statement kind added later (`class`) still waits for its empty line: its
    /// first code line starts with the keyword.
    private static func firstLineOpensBlock(_ lines: [Substring]) -> Bool {
        guard let line = lines.first(where: { !isBlank($0) }) else { return false }
        let code: String = codePart(line)
        let word: String = String(code.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        return code.hasPrefix("@") || ["class", "async", "match"].contains(word) && code.hasSuffix(":")
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The line without its comment and trailing blanks (quotes are respected).
    private static func codePart(_ line: Substring) -> String {
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
        return out.trimmingWhitespace()
    }
}
