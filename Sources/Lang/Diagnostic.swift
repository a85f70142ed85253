/// An error ready to show: `FILE:LINE:COL: error: MESSAGE`, the source line, a caret under the
/// failing span, and for errors inside functions a short traceback, innermost last.
///
/// ```
/// <stdin>:2:5: error: NameError: name 'y' is not defined
/// x + y
///     ^
/// ```
public struct Diagnostic: Error, CustomStringConvertible {
    /// The full text to print to stderr (ends with a newline).
    public var rendered: String
    /// The Python exception class (`NameError`, `SyntaxError`, `KeyboardInterrupt`).
    public var exceptionClass: String
    /// The message after "Class: ".
    public var message: String

    /// For `exit(n)` / `quit()`: the process exit status the CLI should use (SystemExit is
    /// not an error to print). nil for every other exception.
    public var exitStatus: Int32?

    public var description: String { rendered }

    init(syntaxError e: SyntaxError, file: SourceFile) {
        exceptionClass = e.className
        message = e.message
        rendered = Diagnostic.render(file: file, range: e.range, headline: "\(e.className): \(e.message)")
    }

    init(exception e: PyException, fallbackFile: SourceFile, interp: Interpreter) {
        if e.exception.type === ExceptionTypes.systemExit {
            let code: Value = e.exception.args.first ?? .none
            switch code {
            case .none: exitStatus = 0
            case .int(let i): exitStatus = Int32(truncatingIfNeeded: i)
            case .bool(let b): exitStatus = b ? 1 : 0
            default: exitStatus = 1
            }
        }
        let type: String = e.exception.type.qualifiedName
        exceptionClass = type
        let text: String = (try? e.exception.str(interp)) ?? ""
        let shown: String
        if e.exception.type === ExceptionTypes.keyError, e.exception.args.count == 1 {
            shown = (try? interp.repr(e.exception.args[0])) ?? text
        } else {
            shown = text
        }
        message = shown
        let headline: String = shown.isEmpty ? type : "\(type): \(shown)"
        let file: SourceFile = e.file ?? fallbackFile
        if let r = e.range {
            var text: String = Diagnostic.render(file: file, range: r, headline: headline)
            if !e.traceback.isEmpty {
                var lines: [String] = []
                if let fr = e.frameRange {
                    lines.append("  in <module> at \((e.frameFile ?? fallbackFile).name):\(fr.start.line)")
                }
                for entry in e.traceback.reversed() {
                    lines.append("  in \(entry.function) at \((entry.file ?? fallbackFile).name):\(entry.range.start.line)")
                }
                text += lines.joined(separator: "\n") + "\n"
            }
            rendered = text
        } else {
            rendered = "\(file.name): error: \(headline)\n"
        }
    }

    /// The caret layout shared by syntax and run-time errors.
    static func render(file: SourceFile, range: SourceRange, headline: String) -> String {
        var out: String = "\(file.name):\(range.start.line):\(range.start.column): error: \(headline)\n"
        guard let line = file.line(range.start.line) else { return out }
        out += line + "\n"
        let chars: [Character] = Array(line)
        var pad: String = ""
        for i in 0..<max(0, range.start.column - 1) {
            pad.append(i < chars.count && chars[i] == "\t" ? "\t" : " ")
        }
        let endColumn: Int = range.end.line == range.start.line ? range.end.column : chars.count + 1
        let width: Int = max(1, endColumn - range.start.column)
        out += pad + "^" + String(repeating: "~", count: width - 1) + "\n"
        return out
    }
}
