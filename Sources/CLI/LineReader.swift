import CReadline
import Foundation

/// What one prompt produced.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-D on an empty line.
    case endOfInput
    /// Ctrl-C while editing: the line is discarded.
    case interrupted
}

/// GNU readline through its callback interface, so that Ctrl-C at the prompt is handled in
/// ordinary code: SIGINT only sets a flag, `poll` returns with EINTR, and the half-typed line is
/// dropped without leaving readline in a bad state. (Readline's own signal handling is off.)
final class LineReader {
    /// The line handed over by readline's callback; `.some(nil)` means end of input.
    nonisolated(unsafe) private static var delivered: String??
    nonisolated(unsafe) private static var completer: ((String) -> [String])?
    nonisolated(unsafe) private static var pendingMatches: [String] = []

    init(completions: @escaping (String) -> [String]) {
        LineReader.completer = completions
        tcalc_rl_set_readline_name("tcalc")
        tcalc_rl_set_catch_signals(0)
        // '.' is not a word break, so `x.sh<TAB>` completes attributes of x.
        tcalc_rl_set_basic_word_break(" \t\n\"\\'`@$><=;|&{(,[]+-*/%~^:")
        tcalc_rl_set_completion(LineReader.attemptCompletion)
        Signals.installInterruptHandler()
    }

    func readLine(prompt: String) -> LineInput {
        LineReader.delivered = nil
        Signals.interruptPending = false
        Signals.drainWakePipe()
        rl_callback_handler_install(prompt, LineReader.lineHandler)
        defer { rl_callback_handler_remove() }
        while LineReader.delivered == nil {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: Signals.wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, Signals.wakeRead >= 0 ? 2 : 1, -1)
            if Signals.interruptPending {
                Signals.interruptPending = false
                Signals.drainWakePipe()
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_cleanup_after_signal()
                rl_replace_line("", 0)
                Console.error("\nKeyboardInterrupt\n")
                return .interrupted
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP) != 0 {
                rl_callback_read_char()
            }
        }
        switch LineReader.delivered {
        case .some(.some(let line)): return .line(line)
        default: return .endOfInput
        }
    }

    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
        if let raw {
            LineReader.delivered = .some(String(cString: raw))
            free(raw)
        } else {
            LineReader.delivered = .some(nil)
        }
        // Stops readline from printing the prompt again after the line is accepted.
        rl_callback_handler_remove()
    }

    private static let attemptCompletion: @convention(c) (
        UnsafePointer<CChar>?, Int32, Int32
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        tcalc_rl_set_attempted_completion_over(1)
        guard let text else { return nil }
        let prefix = String(cString: text)
        LineReader.pendingMatches = (LineReader.completer?(prefix) ?? []).filter { $0.hasPrefix(prefix) }
        if LineReader.pendingMatches.isEmpty { return nil }
        return rl_completion_matches(text, LineReader.generateMatch)
    }

    private static let generateMatch: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { LineReader.matchIndex = 0 }
        guard LineReader.matchIndex < LineReader.pendingMatches.count else { return nil }
        let match = LineReader.pendingMatches[LineReader.matchIndex]
        LineReader.matchIndex += 1
        return strdup(match)
    }
    nonisolated(unsafe) private static var matchIndex = 0
}
