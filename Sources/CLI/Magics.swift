import Foundation
import Lang

/// IPython's line magics, with IPython's spelling and output shapes. They are a convenience of
/// the shell, not part of the language: they work at the prompt and, at the top level of a
/// script, `-e` text or piped input, in every mode. The table below is the one list of them
/// (`%lsmagic`, the unknown-magic message and docs/repl.md follow it).
struct Magic {
    let name: String
    let usage: String
    let doc: String
    let run: (_ argument: String, _ shell: Shell) -> Outcome
}

enum Magics {
    static let table: [Magic] = [
        Magic(name: "who", usage: "%who", doc: "Lists the session's variables.", run: who),
        Magic(name: "whos", usage: "%whos", doc: "A table of variables: name, type, and data or shape/dtype/bytes.", run: whos),
        Magic(name: "time", usage: "%time STATEMENT", doc: "Runs a statement once and prints CPU and wall time.", run: Timing.time),
        Magic(name: "timeit", usage: "%timeit [-n N] [-r R] STATEMENT",
              doc: "Times a statement: mean ± std. dev. of R runs (7) of N loops (chosen to take 0.2 s).", run: Timing.timeit),
        Magic(name: "run", usage: "%run FILE.py", doc: "Runs a script in this session; its variables stay.", run: SessionFiles.run),
        Magic(name: "load", usage: "%load FILE.py", doc: "Puts a file's text at the prompt, to edit before running.", run: SessionFiles.load),
        Magic(name: "history", usage: "%history [-n] [RANGE]", doc: "This session's inputs (-n: with their numbers; RANGE: 4 or 2-5 or 1-3 7).",
              run: SessionFiles.history),
        Magic(name: "save", usage: "%save [--python] FILE.py [RANGE]",
              doc: "Writes inputs to a file; --python writes a script that python3 with PyTorch runs.", run: SessionFiles.save),
        Magic(name: "reset", usage: "%reset [-f]", doc: "Deletes all variables (asks first unless -f).", run: reset),
        Magic(name: "precision", usage: "%precision [N]", doc: "Digits after the point for floats and tensors shown; no N restores the defaults.",
              run: precision),
        Magic(name: "matplotlib", usage: "%matplotlib [inline]",
              doc: "Accepted as notebooks write it: figures are always drawn in the terminal (docs/plotting.md).",
              run: { _, _ in .completed }),
        Magic(name: "quickref", usage: "%quickref", doc: "A one-screen reference of the prompt.", run: { _, _ in
            Console.write(QuickReference.text)
            return .completed
        }),
        Magic(name: "magic", usage: "%magic", doc: "Describes every magic.", run: { _, _ in
            for m in table {
                Console.write(m.usage + String(repeating: " ", count: max(1, 34 - m.usage.count)) + m.doc + "\n")
            }
            return .completed
        }),
        Magic(name: "lsmagic", usage: "%lsmagic", doc: "Lists the magics.", run: { _, _ in
            Console.write("Available line magics:\n" + table.map { "%" + $0.name }.joined(separator: "  ") + "\n")
            return .completed
        }),
    ]

    /// Runs `line` when it is a magic (`%name args`); nil leaves it to the interpreter.
    static func run(_ line: String, in shell: Shell) -> Outcome? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("%") else { return nil }
        let name = String(text.dropFirst().prefix { !$0.isWhitespace })
        let argument = String(text.dropFirst(1 + name.count)).trimmingCharacters(in: .whitespaces)
        guard let magic = table.first(where: { $0.name == name }) else {
            Console.error("UsageError: Line magic function `%\(name)` not found. Known magics: "
                + table.map { "%" + $0.name }.joined(separator: " ") + "\n")
            return .failed
        }
        return magic.run(argument, shell)
    }

    /// A usage error for one magic, IPython's way.
    static func usage(_ name: String, _ message: String) -> Outcome {
        let usage = table.first { $0.name == name }?.usage ?? "%" + name
        Console.error("UsageError: \(message) (usage: \(usage))\n")
        return .failed
    }

    static func who(_ argument: String, _ shell: Shell) -> Outcome {
        let names = shell.interpreter.userVariables.map(\.name).sorted()
        if names.isEmpty {
            Console.write("Interactive namespace is empty.\n")
            return .completed
        }
        // IPython's layout: names followed by a tab, eight to a line.
        var out = ""
        for (i, name) in names.enumerated() {
            out += name + "\t "
            if i % 8 == 7 { out += "\n" }
        }
        Console.write(out + "\n")
        return .completed
    }

    static func whos(_ argument: String, _ shell: Shell) -> Outcome {
        let interpreter = shell.interpreter
        let variables = interpreter.userVariables.sorted { $0.name < $1.name }
        if variables.isEmpty {
            Console.write("Interactive namespace is empty.\n")
            return .completed
        }
        let types = variables.map { interpreter.shortTypeName($0.value) }
        let nameWidth = max(variables.map(\.name.count).max() ?? 0, "Variable".count) + 3
        let typeWidth = max(types.map(\.count).max() ?? 0, "Type".count) + 3
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        var out = pad("Variable", nameWidth) + pad("Type", typeWidth) + " Data/Info\n"
        out += String(repeating: "-", count: nameWidth + typeWidth + "Data/Info".count + 1) + "\n"
        for (i, variable) in variables.enumerated() {
            out += pad(variable.name, nameWidth) + pad(types[i], typeWidth) + " " + info(variable.value, interpreter) + "\n"
        }
        Console.write(out)
        return .completed
    }

    /// `%whos`'s Data/Info column, as IPython writes it for arrays, sequences and the rest.
    static func info(_ value: Value, _ interpreter: Interpreter) -> String {
        if let t = interpreter.tensorFacts(value) {
            let shape = t.shape.isEmpty ? "0-d" : t.shape.map(String.init).joined(separator: "x")
            var text = "\(shape): \(t.count) elems, type `\(t.dtype)`, \(t.bytes) bytes"
            if t.bytes >= 100_000 {
                text += t.bytes < 1 << 20 ? " (\(Double(t.bytes) / 1024) kb)" : " (\(Double(t.bytes) / 1_048_576) Mb)"
            }
            if t.requiresGrad { text += ", requires_grad" }
            return text
        }
        switch value {
        case .list(let l): return "n=\(l.items.count)"
        case .tuple(let items): return "n=\(items.count)"
        case .dict(let d): return "n=\(d.count)"
        default: break
        }
        // A value whose str() raises is shown as such: %whos lists every variable.
        let text = ((try? interpreter.str(value)) ?? "<str() failed>").replacingOccurrences(of: "\n", with: "\\n")
        if text.count < 50 { return text }
        return String(text.prefix(25)) + "<...>" + String(text.suffix(25))
    }

    static func reset(_ argument: String, _ shell: Shell) -> Outcome {
        let force = argument.split(separator: " ").contains("-f")
        if !force {
            let question = "Once deleted, variables cannot be recovered. Proceed (y/[n])? "
            guard let prompt = shell.prompt, prompt.confirm(question) else {
                Console.write("Nothing done.\n")
                return .completed
            }
        }
        shell.interpreter.resetGlobals()
        return .completed
    }

    static func precision(_ argument: String, _ shell: Shell) -> Outcome {
        let interpreter = shell.interpreter
        var digits: Int? = nil
        if !argument.isEmpty {
            guard let n = Int(argument), n >= 0, n <= 16 else { return usage("precision", "give a number of digits from 0 to 16") }
            digits = n
        }
        interpreter.floatDisplayDigits = digits
        do {
            guard let setOptions = interpreter.lookup(dotted: "torch.set_printoptions") else { return .completed }
            _ = try interpreter.call(setOptions, Arguments([], keywords: [("precision", .int(digits ?? 4))]))
        } catch {
            return shell.report(error, filename: "<%precision>")
        }
        Console.write(digits.map { "'%.\($0)f'\n" } ?? "'%r'\n")
        return .completed
    }
}
