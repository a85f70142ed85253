/// Text copied from a Python session (a doctest, the d2l book, IPython's classic prompt):
/// `>>> ` and `... ` prompts are stripped and the output lines between them dropped, as
/// IPython and the Python 3.13 REPL do, so that the code runs as if typed.
enum PastedSession {
    /// What one line of input is, read as part of a pasted session.
    enum Line: Equatable {
        /// `>>> code`: a new statement starts.
        case statement(String)
        /// `... code`: the statement goes on.
        case continuation(String)
        /// No prompt.
        case plain(String)
    }

    static func classify(_ line: String) -> Line {
        if line == ">>>" { return .statement("") }
        if line.hasPrefix(">>> ") { return .statement(String(line.dropFirst(4))) }
        if line == "..." { return .continuation("") }
        if line.hasPrefix("... ") { return .continuation(String(line.dropFirst(4))) }
        return .plain(line)
    }

    /// The code of a whole pasted text: unchanged when its first non-blank line has no `>>> `
    /// prompt; otherwise the prompts stripped, output lines dropped, and an empty line put
    /// where each statement ends (so that blocks close as they did in the session).
    static func code(of text: String) -> String {
        let lines: [String] = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
              case .statement = classify(first.drop(while: { $0 == " " }).description) else { return text }
        // The whole paste may be indented by the same amount (copied from a docstring).
        let margin: Int = first.prefix { $0 == " " }.count
        var out: [String] = []
        var inStatement: Bool = false
        for raw in lines {
            let line: String = raw.prefix(margin).allSatisfy({ $0 == " " }) ? String(raw.dropFirst(min(margin, raw.count))) : raw
            switch classify(line) {
            case .statement(let code):
                if inStatement { out.append("") }
                out.append(code)
                inStatement = true
            case .continuation(let code):
                if inStatement { out.append(code) }
            case .plain:
                // Output of the statement above, or a blank line: the statement has ended.
                if inStatement { out.append("") }
                inStatement = false
            }
        }
        return out.joined(separator: "\n")
    }
}
