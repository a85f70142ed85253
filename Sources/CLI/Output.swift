import Foundation

/// Standard output and error as the session writes them: stdout is buffered (C stdio) and is
/// flushed before anything goes to stderr, before each prompt and at exit, so the two streams
/// interleave in the order things happened.
enum Console {
    static func write(_ text: String) {
        fputs(text, stdout)
    }

    /// Writes a diagnostic (or any message) to stderr, coloured when stderr is a terminal.
    static func error(_ text: String) {
        fflush(stdout)
        fputs(colorsOnStderr ? Console.colorize(text) : text, stderr)
        fflush(stderr)
    }

    static func flush() { fflush(stdout) }

    /// False after `--no-color`.
    nonisolated(unsafe) static var colorsAllowed = true

    /// Colour only for a person at a terminal: never in pipes or files, never when NO_COLOR is
    /// set (no-color.org), TERM is "dumb", or `--no-color` was given.
    static var colorsOnStderr: Bool { colorsAllowed && terminalWantsColor }

    private static let terminalWantsColor: Bool = {
        let env = ProcessInfo.processInfo.environment
        if env["NO_COLOR"] != nil || env["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) == 1
    }()

    /// Colour in stdout (plots): the same rule, for stdout.
    static var colorsOnStdout: Bool { colorsAllowed && stdoutWantsColor }

    private static let stdoutWantsColor: Bool = {
        let env = ProcessInfo.processInfo.environment
        if env["NO_COLOR"] != nil || env["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }()

    /// The width of the terminal stdout goes to, nil when it is not a terminal.
    static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Diagnostics in colour: `error:` bold red, `note:` bold cyan, the caret line green.
    static func colorize(_ text: String) -> String {
        let red = "\u{1b}[1;31m", cyan = "\u{1b}[1;36m", green = "\u{1b}[32m", reset = "\u{1b}[0m"
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices {
            let line = lines[i]
            if i == 0, let r = line.range(of: ": error: ") {
                lines[i] = line.replacingCharacters(in: r, with: ": \(red)error:\(reset) ")
            } else if line.hasPrefix("note: ") {
                lines[i] = cyan + "note:" + reset + line.dropFirst(5)
            } else if !line.isEmpty, line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "^" || $0 == "~" }), line.contains("^") {
                lines[i] = green + line + reset
            }
        }
        return lines.joined(separator: "\n")
    }
}
