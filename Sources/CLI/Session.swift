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
    /// Skip the start-up file (`--norc`).
    public var skipRC = false
    /// No colour even at a terminal (`--no-color`).
    public var noColor = false

    public init(expressions: [String] = [], scriptPath: String? = nil, forceInteractive: Bool = false,
                skipRC: Bool = false, noColor: Bool = false) {
        self.expressions = expressions
        self.scriptPath = scriptPath
        self.forceInteractive = forceInteractive
        self.skipRC = skipRC
        self.noColor = noColor
    }
}

/// Exit statuses: 0 success, 1 a program raised an error, 2 a usage error, or the status a
/// program asked for with `exit(n)`.
public struct ExitStatus: Equatable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let success = ExitStatus(rawValue: 0)
    public static let programError = ExitStatus(rawValue: 1)
    public static let usage = ExitStatus(rawValue: 2)
}

/// How running one program ended.
enum Outcome {
    case completed
    case failed
    /// `exit(n)`: stop the whole invocation with this status.
    case exited(ExitStatus)

    /// In a script or `-e` run: nil to go on with the next program, else the status to stop with.
    var stopStatus: ExitStatus? {
        switch self {
        case .completed: return nil
        case .failed: return .programError
        case .exited(let status): return status
        }
    }
}

/// Runs one invocation: `-e` strings, a script file, piped stdin, or the interactive REPL.
public final class Session {
    let interpreter: Interpreter
    let shell: Shell

    public init() {
        interpreter = Interpreter(output: Console.write)
        // Outside the REPL, stdin is the program itself: input() has nothing to read.
        interpreter.readLine = { _ in nil }
        shell = Shell(interpreter: interpreter)
        // Figures (pyplot) wait for show() or the end of a script; the REPL shows them per entry.
        interpreter.isInteractive = false
        interpreter.terminalColumns = Console.terminalColumns
    }

    /// Chooses the mode from the invocation and whether stdin is a terminal.
    public func run(_ invocation: Invocation) -> ExitStatus {
        defer { Console.flush() }
        defer { interpreter.finishSession() }
        if invocation.noColor { Console.colorsAllowed = false }
        interpreter.colorOutput = Console.colorsOnStdout
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        let interactive = invocation.forceInteractive
            || (invocation.expressions.isEmpty && invocation.scriptPath == nil && stdinIsTerminal)
        var ranProgram = false
        // The start-up file is for sessions at the prompt, as Python's PYTHONSTARTUP is.
        if interactive && stdinIsTerminal && !invocation.skipRC, let rc = StartupFile.path() {
            if let status = StartupFile.run(rc, in: shell) { return status }
        }

        var failed: ExitStatus? = nil
        for code in invocation.expressions where failed == nil {
            ranProgram = true
            failed = shell.runScript(code, filename: "<-e>").stopStatus
        }
        if let path = invocation.scriptPath, failed == nil {
            ranProgram = true
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("tcalc: can't open file '\(path)': [Errno 2] No such file or directory\n")
                return .usage
            }
            guard let source = String(data: data, encoding: .utf8) else {
                Console.error("tcalc: can't read '\(path)': the file is not valid UTF-8\n")
                return .programError
            }
            failed = shell.runScript(source, filename: path).stopStatus
        }
        // `exit(n)` ends even `-i`; an error leaves the session open to inspect, as `python -i`.
        if let status = failed, !(invocation.forceInteractive && status == .programError) { return status }

        if interactive {
            if stdinIsTerminal {
                return REPL(shell: shell).run(showBanner: !ranProgram)
            }
            // `-i` with piped input: run the rest of stdin as a script in the same session.
            return runStandardInput()
        }
        if !ranProgram { return runStandardInput() }
        return failed ?? .success
    }

    /// Reads stdin whole and runs it as one script with no prompts.
    func runStandardInput() -> ExitStatus {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let source = String(data: data, encoding: .utf8) else {
            Console.error("tcalc: standard input is not valid UTF-8\n")
            return .programError
        }
        return shell.runScript(source, filename: "<stdin>").stopStatus ?? .success
    }
}
