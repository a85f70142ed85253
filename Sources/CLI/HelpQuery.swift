import Foundation
import Lang

/// IPython's help syntax at the prompt: `obj?` or `?obj` shows `help(obj)`; `obj??` or `??obj`
/// also shows where it is defined (a user function's Python source).
struct HelpQuery {
    let name: String
    let detailed: Bool

    /// Recognises a help query: a dotted name with `?`/`??` before or after it (no Python
    /// statement starts or ends with `?`).
    init?(_ text: String) {
        var body = Substring(text)
        var marks = 0
        while body.hasSuffix("?") { body = body.dropLast(); marks += 1 }
        if marks == 0 {
            while body.hasPrefix("?") { body = body.dropFirst(); marks += 1 }
        }
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        guard marks == 1 || marks == 2, !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
              !(trimmed.first?.isNumber ?? true) else { return nil }
        name = trimmed
        detailed = marks == 2
    }

    func show(in interpreter: Interpreter) {
        guard let value = interpreter.lookup(dotted: name) else {
            Console.error("Object `\(name)` not found.\n")
            return
        }
        var text = interpreter.helpText(value)
        if detailed {
            if let (place, source) = interpreter.definitionSource(of: value) {
                text += "Defined at: \(place)\nSource:\n\(source)\n"
            } else {
                text += "Source: not available (defined natively in tcalc, not in Python)\n"
            }
        }
        Console.write(text)
    }
}
