import Foundation
import Lang

/// Standard output and error as the session writes them: stdout is buffered (C stdio) and is
/// flushed before anything goes to stderr, before each prompt and at exit, so the two streams
/// interleave in the order things happened.
enum Console {
    static func write(_ text: String) {
        fputs(text, stdout)
    }

    /// Writes a message to stderr, after flushing stdout so that the two stay in order.
    static func error(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }

    /// Writes an error, rendered from its parts: in colour only at a terminal that wants it.
    static func error(_ diagnostic: Diagnostic) {
        error(diagnostic.render(color: colorsOnStderr))
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
}
