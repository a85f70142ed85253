import Foundation
import Lang

/// How tcalc was asked to run, after argument parsing.
public struct Invocation {
    /// `-e` programs, run in order in one session.
    public var expressions: [String] = []
    /// A script to run (`tcalc file.py`).
    public var scriptPath: String?
    /// Stay interactive after `-e`/the script (`-i`).
    public var forceInteractive = false

    public init(expressions: [String] = [], scriptPath: String? = nil, forceInteractive: Bool = false) {
        self.expressions = expressions
        self.scriptPath = scriptPath
        self.forceInteractive = forceInteractive
    }
}

/// Exit statuses: 0 success, 1 a program raised an error, 2 a usage error.
public enum ExitStatus: Int32 {
    case success = 0
    case programError = 1
    case usage = 2
}

/// Runs one invocation: `-e` strings, a script file, piped stdin, or the interactive REPL.
public final class Session {
    let interpreter: Interpreter

    public init() {
        interpreter = Interpreter(output: Console.write)
    }

    /// Chooses the mode from the invocation and whether stdin is a terminal.
    public func run(_ invocation: Invocation) -> ExitStatus {
        defer { Console.flush() }
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        var ranProgram = false

        for code in invocation.expressions {
            ranProgram = true
            if !execute(code, filename: "<-e>") { return .programError }
        }
        if let path = invocation.scriptPath {
            ranProgram = true
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("tcalc: can't open file '\(path)': [Errno 2] No such file or directory\n")
                return .usage
            }
            guard let source = String(data: data, encoding: .utf8) else {
                Console.error("tcalc: can't read '\(path)': the file is not valid UTF-8\n")
                return .programError
            }
            if !execute(source, filename: path) { return .programError }
        }

        if invocation.forceInteractive || (!ranProgram && stdinIsTerminal) {
            if stdinIsTerminal {
                return REPL(interpreter: interpreter).run(showBanner: !ranProgram)
            }
            // `-i` with piped input: run the rest of stdin as a script in the same session.
            return runStandardInput()
        }
        if !ranProgram { return runStandardInput() }
        return .success
    }

    /// Reads stdin whole and runs it as one script with no prompts.
    func runStandardInput() -> ExitStatus {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let source = String(data: data, encoding: .utf8) else {
            Console.error("tcalc: standard input is not valid UTF-8\n")
            return .programError
        }
        return execute(source, filename: "<stdin>") ? .success : .programError
    }

    /// Runs a program, printing its diagnostic to stderr when it fails.
    @discardableResult
    func execute(_ source: String, filename: String) -> Bool {
        do {
            try interpreter.run(source, filename: filename)
            return true
        } catch let diagnostic as Diagnostic {
            Console.error(diagnostic.rendered)
            return false
        } catch {
            Console.error("\(filename): error: \(error)\n")
            return false
        }
    }
}
