import Foundation
import Lang

/// `%save --python`: the session written as a script that `python3` with PyTorch runs
/// unchanged. tcalc has `torch` preloaded and bare names such as `arange`, and shows every
/// expression's value; the script imports what it uses, qualifies bare names (`arange` →
/// `torch.arange`), maps tcalc-only builtins to their library equivalents (`grad` →
/// `torch.func.grad`), shows values through a small `_show` helper, and lists at the top
/// whatever has no equivalent.
struct PythonExport {
    let interpreter: Interpreter

    /// tcalc-only builtins with a library equivalent of the same calling convention.
    static let equivalents: [String: String] = [
        "grad": "torch.func.grad",
        "vmap": "torch.func.vmap",
        "jacobian": "torch.func.jacrev",
        "hessian": "torch.func.hessian",
    ]

    /// Python's own built-in names: never qualified.
    static let pythonBuiltins: Set<String> = [
        "abs", "all", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr", "classmethod",
        "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
        "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input",
        "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "min", "next",
        "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed",
        "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
        "vars", "zip", "__import__", "__name__", "NotImplemented", "Ellipsis",
    ]

    func script(from entries: [String]) -> String {
        let defined = definedNames(entries)
        var notPortable: Set<String> = []
        var body: [String] = []
        for entry in entries {
            let text = entry.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("%run ") {
                let file = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
                body.append("exec(open(\(pythonString(file))).read())  # %run \(file)")
                continue
            }
            if text.hasPrefix("%precision") {
                let digits = Int(text.dropFirst("%precision".count).trimmingCharacters(in: .whitespaces)) ?? 4
                body.append("torch.set_printoptions(precision=\(digits))  # \(text)")
                continue
            }
            body.append(translate(entry, defined: defined, notPortable: &notPortable))
        }
        let code = body.joined(separator: "\n")
        var header = "# Exported from a tcalc session by %save --python; run it with python3 and PyTorch.\n"
        if !notPortable.isEmpty {
            header += "# Not portable (tcalc-only, no library equivalent): " + notPortable.sorted().joined(separator: ", ") + "\n"
        }
        header += "import torch\n"
        if code.contains("np.") && !defined.contains("np") { header += "import numpy as np\n" }
        if code.contains("pd.") && !defined.contains("pd") { header += "import pandas as pd\n" }
        header += "\n\ndef _show(value):\n    # tcalc's prompt shows each expression statement's value\n"
        header += "    if value is not None:\n        print(repr(value))\n\n\n"
        return header + code + "\n"
    }

    /// One entry with bare names qualified and top-level expression statements shown.
    private func translate(_ entry: String, defined: Set<String>, notPortable: inout Set<String>) -> String {
        guard let tokens = try? Lexer.tokenize(entry) else { return entry }  // unparsable: kept as typed
        var edits: [(SourceRange, String)] = []
        for (i, token) in tokens.enumerated() {
            guard case .name(let name) = token.kind, !defined.contains(name), !PythonExport.pythonBuiltins.contains(name) else { continue }
            if i > 0, case .op(".") = tokens[i - 1].kind { continue }
            if i + 1 < tokens.count, case .op("=") = tokens[i + 1].kind, isInCall(tokens, before: i) { continue }
            guard interpreter.builtinScope[name] != nil, name != "torch" else { continue }
            if let mapped = PythonExport.equivalents[name] {
                edits.append((token.range, mapped))
            } else if interpreter.lookup(dotted: "torch." + name) != nil {
                edits.append((token.range, "torch." + name))
            } else {
                notPortable.insert(name)
            }
        }
        if let program = try? Parser.parseProgram(entry) {
            for statement in program {
                guard case .expression(let e, let suppressed) = statement.kind, !suppressed else { continue }
                if case .call(let f, _) = e.kind, case .name("print") = f.kind { continue }
                edits.append((SourceRange(start: e.range.start, end: e.range.start), "_show("))
                edits.append((SourceRange(start: e.range.end, end: e.range.end), ")"))
            }
        }
        return apply(edits, to: entry)
    }

    /// True when token `i` sits inside an unclosed `(` (a keyword argument `dim=`).
    private func isInCall(_ tokens: [Token], before i: Int) -> Bool {
        var depth = 0
        for token in tokens[..<i] {
            if case .op(let o) = token.kind {
                if o == "(" || o == "[" || o == "{" { depth += 1 }
                if o == ")" || o == "]" || o == "}" { depth -= 1 }
            }
        }
        return depth > 0
    }

    /// Names the session binds itself (assignments, defs, imports, loop variables): these
    /// shadow tcalc's builtins and stay as written.
    private func definedNames(_ entries: [String]) -> Set<String> {
        var names: Set<String> = []
        for entry in entries {
            guard let tokens = try? Lexer.tokenize(entry) else { continue }
            for (i, token) in tokens.enumerated() {
                guard case .name(let name) = token.kind else { continue }
                if i + 1 < tokens.count, case .op("=") = tokens[i + 1].kind, !isInCall(tokens, before: i) { names.insert(name) }
                if i > 0, case .keyword(let k) = tokens[i - 1].kind, ["def", "as", "for", "import", "class"].contains(k) {
                    names.insert(name)
                }
            }
        }
        return names
    }

    /// Applies insertions and replacements (given by character positions), last first.
    private func apply(_ edits: [(SourceRange, String)], to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let ordered = edits.sorted {
            ($0.0.start.line, $0.0.start.column, $0.0.end.column) > ($1.0.start.line, $1.0.start.column, $1.0.end.column)
        }
        for (range, replacement) in ordered {
            let line = range.start.line - 1
            guard line < lines.count else { continue }
            let start = min(range.start.column - 1, lines[line].count)
            if range.end.line != range.start.line {
                // A multi-line expression: the closing parenthesis goes at its end line.
                let endLine = range.end.line - 1
                guard endLine < lines.count else { continue }
                let end = min(range.end.column - 1, lines[endLine].count)
                lines[endLine].insert(contentsOf: replacement, at: end)
                continue
            }
            let end = min(range.end.column - 1, lines[line].count)
            lines[line].replaceSubrange(start..<end, with: replacement)
        }
        return lines.map { String($0) }.joined(separator: "\n")
    }

    private func pythonString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
