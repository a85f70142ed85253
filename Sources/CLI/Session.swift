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

    public init() {
        interpreter = Interpreter(output: Console.write)
        // Outside the REPL, stdin is the program itself: input() has nothing to read.
        interpreter.readLine = { _ in nil }
    }

    /// Chooses the mode from the invocation and whether stdin is a terminal.
    public func run(_ invocation: Invocation) -> ExitStatus {
        defer { Console.flush() }
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        var ranProgram = false

        for code in invocation.expressions {
            ranProgram = true
            if let status = execute(code, filename: "<-e>").stopStatus { return status }
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
            if let status = execute(source, filename: path).stopStatus { return status }
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
        return execute(source, filename: "<stdin>").stopStatus ?? .success
    }

    /// Runs a program, printing its diagnostic to stderr when it fails.
    func execute(_ source: String, filename: String) -> Outcome {
        Session.execute(source, filename: filename, in: interpreter)
    }

    static func execute(_ source: String, filename: String, in interpreter: Interpreter) -> Outcome {
        do {
            try interpreter.run(source, filename: filename)
            return .completed
        } catch let diagnostic as Diagnostic {
            if let status = diagnostic.exitStatus { return .exited(ExitStatus(rawValue: status)) }
            Console.error(diagnostic.rendered)
            return .failed
        } catch {
            Console.error("\(filename): error: \(error)\n")
            return .failed
        }
    }
}
