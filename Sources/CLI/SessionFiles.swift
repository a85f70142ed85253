import Foundation
import Lang

/// The magics that move code between the session and files: `%run`, `%load`, `%history`,
/// `%save` (and `%save --python`, see `PythonExport`).
enum SessionFiles {
    static func run(_ argument: String, _ shell: Shell) -> Outcome {
        guard let path = argument.split(separator: " ").first.map(String.init) else {
            return Magics.usage("run", "give a file to run")
        }
        guard let source = read(path) else { return .failed }
        return shell.runScript(source, filename: path)
    }

    static func load(_ argument: String, _ shell: Shell) -> Outcome {
        guard let path = argument.split(separator: " ").first.map(String.init) else {
            return Magics.usage("load", "give a file to load")
        }
        guard var source = read(path) else { return .failed }
        while source.hasSuffix("\n") { source.removeLast() }
        if let prompt = shell.prompt {
            prompt.pendingText = "# %load \(path)\n" + source
            return .completed
        }
        // Outside the prompt there is no line to edit: the text runs in place of the magic.
        return shell.runScript(source, filename: path)
    }

    static func history(_ argument: String, _ shell: Shell) -> Outcome {
        var words = argument.split(separator: " ").map(String.init)
        let numbered = words.contains("-n")
        words.removeAll { $0 == "-n" }
        guard let numbers = selection(words, count: shell.inputs.count) else {
            return Magics.usage("history", "a range is N, N-M or several of them")
        }
        let width = String(numbers.last ?? 1).count
        var out = ""
        for n in numbers {
            let entry = shell.inputs[n - 1]
            if numbered {
                let label = String(n)
                out += String(repeating: " ", count: width - label.count) + label + ":" + (entry.contains("\n") ? "\n" : " ")
            }
            out += entry + "\n"
        }
        Console.write(out)
        return .completed
    }

    static func save(_ argument: String, _ shell: Shell) -> Outcome {
        var words = argument.split(separator: " ").map(String.init)
        let python = words.contains("--python")
        words.removeAll { $0 == "--python" }
        guard !words.isEmpty else { return Magics.usage("save", "give a file name") }
        var path = words.removeFirst()
        if !path.hasSuffix(".py") { path += ".py" }
        // The %save line itself is the last input: it is never part of what is saved.
        let earlier = Array(shell.inputs.dropLast(shell.inputs.last?.hasPrefix("%save") == true ? 1 : 0))
        guard let numbers = selection(words, count: earlier.count) else {
            return Magics.usage("save", "a range is N, N-M or several of them")
        }
        let chosen = numbers.map { earlier[$0 - 1] }.filter(keepsInSavedFile)
        let text: String
        if python {
            text = PythonExport(interpreter: shell.interpreter).script(from: chosen)
        } else {
            text = chosen.joined(separator: "\n") + "\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            Console.error("%save: cannot write '\(path)'\n")
            return .failed
        }
        Console.write("The following commands were written to file `\(path)`:\n" + text)
        return .completed
    }

    /// Help queries and magics that only look at the session stay out of saved files; those
    /// that change it (`%run`, `%precision`) are kept.
    private static func keepsInSavedFile(_ entry: String) -> Bool {
        let text = entry.trimmingCharacters(in: .whitespaces)
        if HelpQuery(text) != nil { return false }
        if text.hasPrefix("%") { return text.hasPrefix("%run ") || text.hasPrefix("%precision") }
        return true
    }

    /// Input numbers from IPython-style ranges (`4`, `2-5`, `1-3 7`); all inputs when empty;
    /// nil when a range is malformed or out of bounds.
    static func selection(_ words: [String], count: Int) -> [Int]? {
        if words.isEmpty { return count == 0 ? [] : Array(1...count) }
        var out: [Int] = []
        for word in words {
            let bounds = word.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let low = Int(bounds[0]), let high = Int(bounds.last!),
                  low >= 1, high >= low, high <= count else { return nil }
            out.append(contentsOf: low...high)
        }
        return out
    }

    private static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("File `\(path)` not found.\n")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            Console.error("File `\(path)` is not valid UTF-8.\n")
            return nil
        }
        return text
    }
}
