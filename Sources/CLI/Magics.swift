import Foundation
import Lang

/// IPython-style line magics typed at the prompt: `%timeit EXPR` times an expression with the
/// `timeit` builtin and prints the best time per call; `%time EXPR` runs it once and prints how
/// long that took. They are a convenience of the CLI, not part of the language.
enum Magics {
    /// Runs `line` when it is a magic; nil leaves it to the interpreter.
    static func handle(_ line: String, _ interpreter: Interpreter) -> Outcome? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("%") else { return nil }
        let name = String(text.dropFirst().prefix { !$0.isWhitespace })
        let argument = String(text.dropFirst(1 + name.count)).trimmingCharacters(in: .whitespaces)
        switch name {
        case "timeit":
            guard !argument.isEmpty else { Console.error("%timeit: give an expression to time\n"); return .failed }
            let program = "__timeit__ = timeit(lambda: (\(argument)))"
            let outcome = Session.execute(program, filename: "<%timeit>", in: interpreter)
            if case .completed = outcome, case .float(let seconds)? = interpreter.globalValue("__timeit__") {
                Console.write("\(format(seconds)) per loop (best of 5)\n")
            }
            return outcome
        case "time":
            guard !argument.isEmpty else { Console.error("%time: give an expression to time\n"); return .failed }
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Session.execute(argument, filename: "<stdin>", in: interpreter)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            Console.write("Wall time: \(format(seconds))\n")
            return outcome
        default:
            Console.error("unknown magic %\(name): tcalc has %timeit and %time\n")
            return .failed
        }
    }

    /// Seconds in the unit IPython would choose: `12.3 µs`, `4.56 ms`, `1.23 s`.
    static func format(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.3g s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.3g ms", seconds * 1e3) }
        if seconds >= 1e-6 { return String(format: "%.3g µs", seconds * 1e6) }
        return String(format: "%.3g ns", seconds * 1e9)
    }
}
