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
    nonisolated(unsafe) private static var completer: ((String, String) -> Completion.Result)?
    nonisolated(unsafe) private static var pendingMatches: [String] = []

    init(completions: @escaping (_ word: String, _ lineBefore: String) -> Completion.Result) {
        LineReader.completer = completions
        tcalc_rl_set_readline_name("tcalc")
        tcalc_rl_set_catch_signals(0)
        // '.' is not a word break, so `x.sh<TAB>` completes attributes of x.
        // Readline keeps the pointer: the characters must outlive this call (a Swift literal
        // passed as `const char *` is a temporary), so they are copied once and never freed.
        tcalc_rl_set_basic_word_break(strdup(" \t\n\"\\'`@$><=;|&{(,[]+-*/%~^:"))
        tcalc_rl_set_completion(LineReader.attemptCompletion)
        Signals.installInterruptHandler()
    }

    /// True when the last line read was already waiting on stdin when its prompt was shown:
    /// it came from a paste (or typed ahead), not typed at the prompt.
    private(set) var lastLineWasPending = false

    /// Whether bytes are waiting on stdin right now.
    static func inputPending() -> Bool {
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0 && fd.revents & Int16(POLLIN) != 0
    }

    /// Shows `prompt` with `prefill` already typed (the auto-indent; skipped when the line is
    /// already waiting on stdin, as in a paste) and returns the line entered.
    func readLine(prompt: String, prefill: String = "") -> LineInput {
        LineReader.delivered = nil
        Signals.interruptPending = false
        Signals.drainWakePipe()
        lastLineWasPending = LineReader.inputPending()
        rl_callback_handler_install(prompt, LineReader.lineHandler)
        defer { rl_callback_handler_remove() }
        if !prefill.isEmpty && !lastLineWasPending {
            rl_insert_text(prefill)
            rl_redisplay()
        }
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
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        tcalc_rl_set_attempted_completion_over(1)
        guard let text else { return nil }
        let prefix = String(cString: text)
        var lineBefore = ""
        if let buffer = tcalc_rl_line_buffer() {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                            count: max(0, Int(start)))
            lineBefore = String(decoding: bytes, as: UTF8.self)
        }
        // Tab on an empty (or all-blank) line indents to the next multiple of four columns: the
        // one "completion" is the spaces. (Tab stays bound to readline's own complete, so
        // that a second Tab lists the candidates in columns.)
        var result = Completion.Result(matches: [])
        if prefix.isEmpty && lineBefore.allSatisfy({ $0 == " " || $0 == "\t" }) {
            result = Completion.Result(matches: [String(repeating: " ", count: 4 - lineBefore.count % 4)], appendSpace: false)
        } else if let completer = LineReader.completer {
            result = completer(prefix, lineBefore)
        }
        LineReader.pendingMatches = result.matches
        tcalc_rl_set_completion_suppress_append(result.appendSpace ? 0 : 1)
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
