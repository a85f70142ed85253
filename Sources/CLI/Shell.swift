import Foundation
import Lang

/// One session's shell around the interpreter: runs programs with their diagnostics printed,
/// runs `%` magic lines in every mode (prompt, `-e`, pipes, scripts), and keeps the inputs
/// entered this session for `%history` and `%save`.
final class Shell {
    let interpreter: Interpreter
    /// This session's inputs, numbered from 1 as `%history -n` shows them.
    var inputs: [String] = []
    /// Set while the interactive prompt runs: asks before `%reset`, reads `%load` text.
    var prompt: REPL?

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// Runs a program, printing its diagnostic to stderr when it fails.
    func execute(_ source: String, filename: String) -> Outcome {
        do {
            try interpreter.run(source, filename: filename)
            return .completed
        } catch {
            return report(error, filename: filename)
        }
    }

    /// Runs a program the prompt has already parsed.
    func execute(parsed program: [Stmt], source: String, filename: String) -> Outcome {
        do {
            try interpreter.run(parsed: program, source: source, filename: filename)
            return .completed
        } catch {
            return report(error, filename: filename)
        }
    }

    /// Prints an error the way the session shows it; `exit(n)` becomes `.exited`.
    func report(_ error: Error, filename: String) -> Outcome {
        if let diagnostic = error as? Diagnostic {
            if let status = diagnostic.exitStatus { return .exited(ExitStatus(rawValue: status)) }
            Console.error(diagnostic)
        } else {
            Console.error("\(filename): error: \(error)\n")
        }
        return .failed
    }

    /// Runs a script or `-e` text whose top-level lines may be magics (`%timeit f(x)`): the
    /// Python between them runs as usual, each magic line in its place. Line numbers in errors
    /// stay those of the whole text. Stops at the first failure.
    func runScript(_ source: String, filename: String) -> Outcome {
        let pieces: [ScriptPiece] = ScriptPiece.split(source)
        if pieces.count == 1, case .code = pieces[0] { return execute(source, filename: filename) }
        for piece in pieces {
            let outcome: Outcome
            switch piece {
            case .code(let text, let firstLine):
                outcome = execute(String(repeating: "\n", count: firstLine - 1) + text, filename: filename)
            case .magic(let line, _):
                outcome = Magics.run(line, in: self) ?? .completed
            }
            if case .completed = outcome { continue }
            return outcome
        }
        return .completed
    }
}

/// A script cut at its magic lines.
enum ScriptPiece {
    /// Python lines, starting at line `firstLine` of the script.
    case code(String, firstLine: Int)
    /// A `%` line at the top level.
    case magic(String, line: Int)

    /// Splits `source` where a line starts with `%` outside brackets, strings and
    /// continuations (there `%` cannot begin a Python statement).
    static func split(_ source: String) -> [ScriptPiece] {
        let lines: [Substring] = source.split(separator: "\n", omittingEmptySubsequences: false)
        var pieces: [ScriptPiece] = []
        var chunk: [Substring] = []
        var chunkStart: Int = 1
        var depth: Int = 0
        var tripleQuote: String? = nil
        var continued: Bool = false
        for (i, line) in lines.enumerated() {
            let isMagic: Bool = depth == 0 && tripleQuote == nil && !continued && line.hasPrefix("%")
            if isMagic {
                if !chunk.isEmpty { pieces.append(.code(chunk.joined(separator: "\n"), firstLine: chunkStart)) }
                pieces.append(.magic(String(line), line: i + 1))
                chunk = []
                chunkStart = i + 2
                continue
            }
            chunk.append(line)
            scan(line, depth: &depth, tripleQuote: &tripleQuote, continued: &continued)
        }
        if !chunk.isEmpty { pieces.append(.code(chunk.joined(separator: "\n"), firstLine: chunkStart)) }
        return pieces
    }

    /// Follows brackets, strings and `\` continuations through one line.
    private static func scan(_ line: Substring, depth: inout Int, tripleQuote: inout String?, continued: inout Bool) {
        let chars: [Character] = Array(line)
        var i: Int = 0
        var quote: Character? = nil
        while i < chars.count {
            let c: Character = chars[i]
            if let t = tripleQuote {
                if c == "\\" { i += 2; continue }
                if String(chars[i..<min(i + 3, chars.count)]) == t { tripleQuote = nil; i += 3; continue }
            } else if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "#" {
                break
            } else if c == "'" || c == "\"" {
                let three: String = String(repeating: String(c), count: 3)
                if String(chars[i..<min(i + 3, chars.count)]) == three { tripleQuote = three; i += 3; continue }
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth = max(0, depth - 1)
            }
            i += 1
        }
        continued = tripleQuote == nil && line.hasSuffix("\\")
    }
}
