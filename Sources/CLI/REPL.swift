import Foundation
import Lang

/// The interactive loop: `>>> ` prompts, `... ` while a statement is incomplete (open brackets,
/// a line ending in `:`, a block not yet closed by an empty line), errors printed without
/// ending the session.
struct REPL {
    static let version = "0.1.0"
    static let banner = "tcalc \(version): tensors in the PyTorch dialect of Python. Type help() for help, Ctrl-D to exit."

    let interpreter: Interpreter

    func run(showBanner: Bool) -> ExitStatus {
        let history = History()
        history.load()
        let reader = LineReader(completions: { [interpreter] in interpreter.completions(for: $0) })
        // input() at the prompt reads through readline too (editing, and Ctrl-C/Ctrl-D handled).
        interpreter.readLine = { prompt in
            Console.flush()
            if case .line(let text) = reader.readLine(prompt: prompt) { return text }
            return nil
        }
        if showBanner { Console.write(REPL.banner + "\n") }

        var buffer: [String] = []
        while true {
            Console.flush()
            let prompt = buffer.isEmpty ? ">>> " : "... "
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                if buffer.isEmpty {
                    Console.write("\n")
                    return .success
                }
                // Ctrl-D inside a block: run what was typed, as Python does at end of input.
                if let status = submit(buffer.joined(separator: "\n")) { return status }
                buffer = []
            case .interrupted:
                buffer = []
                Interpreter.interruptRequested = false
            case .line(let line):
                history.append(line)
                if buffer.isEmpty, let outcome = Magics.handle(line, interpreter) {
                    if case .exited(let status) = outcome { return status }
                    continue
                }
                buffer.append(line)
                let source = buffer.joined(separator: "\n")
                if interpreter.isComplete(source) {
                    buffer = []
                    if let status = submit(source) { return status }
                }
            }
        }
    }

    /// Runs one entry; returns a status only when the entry asked to leave (`exit()`).
    private func submit(_ source: String) -> ExitStatus? {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        Interpreter.interruptRequested = false
        defer { Interpreter.interruptRequested = false }
        if case .exited(let status) = Session.execute(source, filename: "<stdin>", in: interpreter) { return status }
        return nil
    }
}
