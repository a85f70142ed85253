import Foundation
import Lang

/// The interactive loop: `>>> ` prompts, `... ` while an entry is unfinished (open brackets, a
/// block at any depth not yet closed by an empty line), auto-indent after a `:` line, errors
/// printed without ending the session. A pasted Python session (`>>> ` prompts and output)
/// runs as its code; a bracketed paste of several statements runs as one block. `exit` and
/// `quit` leave without parentheses, as in Python 3.13; `obj?`/`obj??` show help.
final class REPL {
    static let version = "0.1.0"
    static let banner = "tcalc \(version): tensors in the PyTorch dialect of Python. Type help() for help, Ctrl-D to exit."

    let shell: Shell
    var interpreter: Interpreter { shell.interpreter }
    let history = History()
    /// Text `%load` put at the next prompt.
    var pendingText: String?
    private var reader: LineReader?

    init(shell: Shell) { self.shell = shell }

    func run(showBanner: Bool) -> ExitStatus {
        history.load()
        let completion = Completion(interpreter: interpreter)
        let reader = LineReader(completions: { word, before in completion.complete(word: word, lineBefore: before) })
        self.reader = reader
        shell.prompt = self
        defer { shell.prompt = nil }
        // input() at the prompt reads through readline too (editing, and Ctrl-C/Ctrl-D handled).
        interpreter.readLine = { prompt in
            Console.flush()
            if case .line(let text) = reader.readLine(prompt: prompt) { return text }
            return nil
        }
        if showBanner { Console.write(REPL.banner + "\n") }
        interpreter.isInteractive = true

        var buffer: [String] = []
        // The buffer came from a paste: it runs as soon as it parses, several statements allowed.
        var bufferIsPaste = false
        // Lines are arriving from a pasted `>>> ` session: lines without a prompt are its output.
        var inPastedSession = false
        while true {
            Console.flush()
            let prompt = buffer.isEmpty ? ">>> " : "... "
            var prefill = buffer.isEmpty ? "" : AutoIndent.indentation(after: buffer)
            if let text = pendingText {
                prefill = text
                pendingText = nil
            }
            switch reader.readLine(prompt: prompt, prefill: prefill) {
            case .endOfInput:
                if buffer.isEmpty {
                    Console.write("\n")
                    return .success
                }
                // Ctrl-D inside a block: run what was typed, as Python does at end of input.
                if let status = finish(buffer.joined(separator: "\n") + "\n", paste: true) { return status }
                buffer = []
            case .interrupted:
                buffer = []
                bufferIsPaste = false
                inPastedSession = false
                Interpreter.interruptRequested = false
            case .line(let raw) where raw.contains("\n"):
                // A bracketed paste, a block recalled from history, or `%load` text.
                inPastedSession = false
                buffer.append(PastedSession.code(of: raw))
                bufferIsPaste = true
                if case .incomplete = Completeness.checkPaste(buffer.joined(separator: "\n")) { continue }
                if let status = finish(buffer.joined(separator: "\n"), paste: true) { return status }
                buffer = []
                bufferIsPaste = false
            case .line(let raw):
                var line = raw
                switch PastedSession.classify(raw) {
                case .statement(let code):
                    if inPastedSession && !buffer.isEmpty {
                        if let status = finish(buffer.joined(separator: "\n") + "\n", paste: bufferIsPaste) { return status }
                        buffer = []
                    }
                    inPastedSession = true
                    line = code
                case .continuation(let code):
                    if inPastedSession { line = code }
                case .plain:
                    if inPastedSession && reader.lastLineWasPending {
                        // Output printed by the pasted session: skipped; it ends a block.
                        if !buffer.isEmpty {
                            if let status = finish(buffer.joined(separator: "\n") + "\n", paste: bufferIsPaste) { return status }
                            buffer = []
                        }
                        continue
                    }
                    inPastedSession = false
                }
                if buffer.isEmpty, let status = special(line) {
                    if case .exited(let code) = status { return code }
                    continue
                }
                if buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                buffer.append(line)
                let source = buffer.joined(separator: "\n")
                let status = bufferIsPaste ? Completeness.checkPaste(source) : Completeness.check(source)
                if case .incomplete = status { continue }
                buffer = []
                bufferIsPaste = false
                if let code = run(source, status) { return code }
            }
        }
    }

    /// Lines handled before Python sees them: bare `exit`/`quit`, help queries, magics. nil
    /// for ordinary code.
    private func special(_ line: String) -> Outcome? {
        let text = line.trimmingCharacters(in: .whitespaces)
        if (text == "exit" || text == "quit") && interpreter.globalValue(text) == nil {
            return .exited(.success)
        }
        if let query = HelpQuery(text) {
            record(line)
            query.show(in: interpreter)
            return .completed
        }
        if text.hasPrefix("%") {
            record(line)
            let outcome = Magics.run(text, in: shell) ?? .completed
            afterEntry()
            return outcome
        }
        return nil
    }

    /// Runs a finished entry (`source` ends with its closing empty line when it has one).
    private func finish(_ source: String, paste: Bool) -> ExitStatus? {
        let status = paste ? Completeness.checkPaste(source) : Completeness.check(source)
        if case .incomplete = status {
            // Input ended inside a bracket or string: let the parser say what is missing.
            return run(source, .invalid(Completeness.endOfInputError(source)))
        }
        return run(source, status)
    }

    private func run(_ source: String, _ status: Completeness.Status) -> ExitStatus? {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        record(source)
        Interpreter.interruptRequested = false
        defer {
            Interpreter.interruptRequested = false
            afterEntry()
        }
        switch status {
        case .incomplete:
            return nil
        case .invalid(let error):
            Console.error(Diagnostic(syntaxError: error, file: SourceFile(name: "<stdin>", text: source)))
            return nil
        case .complete(let program):
            if case .exited(let code) = shell.execute(parsed: program, source: source, filename: "<stdin>") { return code }
            return nil
        }
    }

    /// One entry into the history (memory and file) and this session's numbered inputs.
    private func record(_ entry: String) {
        var text = entry
        while text.hasSuffix("\n") { text.removeLast() }
        history.append(text)
        shell.inputs.append(text)
    }

    private func afterEntry() {
        for hook in interpreter.afterEntryHooks { hook() }
    }

    /// Asks a yes/no question at the prompt (`%reset`).
    func confirm(_ question: String) -> Bool {
        Console.flush()
        guard let reader, case .line(let answer) = reader.readLine(prompt: question) else { return false }
        return answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y")
    }
}

/// The indentation the next continuation line starts with: the previous line's, one level
/// deeper after a line ending in `:`, one level shallower after `return`, `pass`, `break`,
/// `continue` or `raise`.
enum AutoIndent {
    static let unit = "    "

    static func indentation(after lines: [String]) -> String {
        guard let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        let current = String(last.prefix { $0 == " " || $0 == "\t" })
        var code = last.trimmingCharacters(in: .whitespaces)
        if let hash = code.firstIndex(of: "#"), !code[..<hash].contains("'"), !code[..<hash].contains("\"") {
            code = String(code[..<hash]).trimmingCharacters(in: .whitespaces)
        }
        if code.hasSuffix(":") { return current + unit }
        let word = code.prefix { $0.isLetter }
        if ["return", "pass", "break", "continue", "raise"].contains(String(word)) {
            return String(current.dropLast(min(current.count, unit.count)))
        }
        return current
    }
}
