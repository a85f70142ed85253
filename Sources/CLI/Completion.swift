import Foundation
import Lang

/// Tab completion at the prompt, chosen by where the cursor stands:
///
/// - inside a string literal: file names (`open('da<Tab>` → `data/`); after `d['` or
///   `df["`: the dict's string keys or the DataFrame's columns, with the closing quote;
/// - after `import ` or `from x import `: module names and module members;
/// - inside a call's parentheses: the callee's keyword names that match (`torch.cat((a, b), di`
///   → `dim=`), else names in scope;
/// - anywhere else: names in scope, or attributes after a dotted name (`torch.ar` →
///   `torch.arange`), looked up without calling anything.
struct Completion {
    /// The candidates for the word before the cursor, and whether readline should add a space
    /// after a single match.
    struct Result {
        var matches: [String]
        var appendSpace: Bool = true
    }

    let interpreter: Interpreter

    /// `word` is the text readline will replace; `lineBefore` is the line before it.
    func complete(word: String, lineBefore: String) -> Result {
        let context: LineContext = LineContext(lineBefore)
        if let quote = context.openQuote {
            if let target = context.subscriptTarget(quoteAt: quote.offset), let value = interpreter.lookup(dotted: target) {
                let keys: [String] = interpreter.subscriptKeys(of: value).filter { $0.hasPrefix(word) }
                return Result(matches: keys.sorted().map { $0 + String(quote.character) + "]" }, appendSpace: false)
            }
            return Result(matches: fileNames(directory: context.textInString(after: quote.offset), word: word),
                          appendSpace: false)
        }
        let trimmed: String = lineBefore.trimmingCharacters(in: .whitespaces)
        if trimmed == "import" || (trimmed.hasPrefix("import ") && !trimmed.contains(" as ")) {
            return Result(matches: interpreter.moduleNames(matching: word))
        }
        if trimmed.hasPrefix("from ") {
            let parts: [Substring] = trimmed.split(separator: " ")
            if parts.count == 1 { return Result(matches: interpreter.moduleNames(matching: word)) }
            if parts.count >= 3, parts[2] == "import", let module = interpreter.lookup(dotted: String(parts[1])) {
                return Result(matches: interpreter.publicAttributeNames(module).filter { $0.hasPrefix(word) })
            }
        }
        var matches: [String] = []
        if !word.contains("."), let callee = context.enclosingCallee, let f = interpreter.lookup(dotted: callee) {
            matches = interpreter.keywordNames(of: f).filter { $0.hasPrefix(word) }.map { $0 + "=" }
        }
        // Inside a call, a matching keyword name is what is most likely meant: offered alone.
        if !matches.isEmpty { return Result(matches: matches, appendSpace: false) }
        return Result(matches: interpreter.completions(for: word).filter { $0.hasPrefix(word) })
    }

    /// Entries of `directory` (relative to the working directory) starting with `word`;
    /// folders end with `/` so that completion can go on into them.
    private func fileNames(directory typed: String, word: String) -> [String] {
        // `typed` is the string's text before the word: `data/` in `'data/ho`.
        let folder: String = typed
        let path: String = folder.isEmpty ? "." : (folder.hasPrefix("~") ? NSString(string: folder).expandingTildeInPath : folder)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var out: [String] = []
        for name in entries.sorted() where name.hasPrefix(word) && (word.hasPrefix(".") || !name.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
            out.append(isDirectory.boolValue ? name + "/" : name)
        }
        return out
    }
}

/// What the text before the cursor says about where the cursor is: inside a string, inside
/// which call's parentheses.
struct LineContext {
    let characters: [Character]
    /// The unclosed quote the cursor is inside, if any.
    private(set) var openQuote: (character: Character, offset: Int)?
    /// Offsets of unclosed `(` `[` `{`.
    private(set) var openBrackets: [Int] = []

    init(_ line: String) {
        characters = Array(line)
        var i: Int = 0
        while i < characters.count {
            let c: Character = characters[i]
            if let q = openQuote {
                if c == "\\" { i += 2; continue }
                if c == q.character { openQuote = nil }
            } else if c == "#" {
                break
            } else if c == "'" || c == "\"" {
                openQuote = (c, i)
            } else if c == "(" || c == "[" || c == "{" {
                openBrackets.append(i)
            } else if c == ")" || c == "]" || c == "}" {
                _ = openBrackets.popLast()
            }
            i += 1
        }
    }

    /// The text typed inside the string so far.
    func textInString(after quoteOffset: Int) -> String {
        String(characters[(quoteOffset + 1)...])
    }

    /// For `d['`: the dotted name before `[`.
    func subscriptTarget(quoteAt offset: Int) -> String? {
        guard offset >= 1, characters[offset - 1] == "[" else { return nil }
        return dottedName(endingAt: offset - 1)
    }

    /// The dotted name before the innermost unclosed `(`, when that bracket is a call.
    var enclosingCallee: String? {
        guard let open = openBrackets.last, characters[open] == "(" else { return nil }
        return dottedName(endingAt: open)
    }

    /// The dotted name just before `end` (exclusive), e.g. `torch.cat` in `y = torch.cat(`.
    private func dottedName(endingAt end: Int) -> String? {
        var start: Int = end
        while start > 0 {
            let c: Character = characters[start - 1]
            if c.isLetter || c.isNumber || c == "_" || c == "." { start -= 1 } else { break }
        }
        guard start < end, let first = characters[start...].first, !first.isNumber, first != "." else { return nil }
        return String(characters[start..<end])
    }
}
