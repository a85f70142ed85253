/// The REPL's question "is this entry finished?", answered with Python's interactive rules.
public enum Completeness {
    /// False while brackets are open, a triple-quoted string is unterminated, the last line
    /// ends with `\` or `:`, or a compound statement's block has not yet been closed by an
    /// empty line. True otherwise, including for real syntax errors (so they get reported).
    public static func isComplete(_ source: String) -> Bool {
        let lines: [Substring] = source.split(separator: "\n", omittingEmptySubsequences: false)
        var lastNonEmpty: Substring = ""
        for l in lines.reversed() where !l.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
            lastNonEmpty = l
            break
        }
        do {
            _ = try Parser.parseProgram(source)
        } catch let e as SyntaxError {
            if e.atEndOfInput { return false }
            return true
        } catch {
            return true
        }
        // Parsed: a block opened anywhere must be ended by an empty line, as in Python's REPL.
        let trimmedLast: String = String(lastNonEmpty).trimmingWhitespace()
        if trimmedLast.hasSuffix("\\") { return false }
        let compound: Set<String> = ["if", "for", "while", "def", "try", "with", "class", "async"]
        let opensBlock: Bool = lines.contains { line in
            let t: String = stripComment(String(line)).trimmingWhitespace()
            if t.isEmpty { return false }
            // `for i in x: print(i)` on one line also waits for the empty line in Python's REPL.
            let firstWord: String = String(t.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            return t.hasSuffix(":") || compound.contains(firstWord) || t.hasPrefix("@")
        }
        let indentedLast: Bool = lastNonEmpty.first == " " || lastNonEmpty.first == "\t"
        if opensBlock || indentedLast {
            // Finished only once the entry ends with an empty line: the REPL joins entered lines
            // with "\n", so an empty last line shows as a trailing "\n".
            let endsWithBlank: Bool = lines.count >= 2 && lines[lines.count - 1].trimmingWhitespaceSub().isEmpty
            return endsWithBlank
        }
        return true
    }

    private static func stripComment(_ line: String) -> String {
        var quote: Character? = nil
        var out: String = ""
        for c in line {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension Substring {
    func trimmingWhitespaceSub() -> String { String(self).trimmingWhitespace() }
}
