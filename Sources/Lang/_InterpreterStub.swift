// Temporary stand-in until the interpreter lands from the `lang` branch; deleted at that merge.
public struct Diagnostic: Error { public var rendered: String }
public final class Interpreter {
    nonisolated(unsafe) public static var interruptRequested = false
    let output: (String) -> Void
    public init(output: @escaping (String) -> Void) { self.output = output }
    public func run(_ source: String, filename: String) throws {
        let t = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if t == "boom" { throw Diagnostic(rendered: "\(filename):1:1: error: NameError: name 'boom' is not defined\nboom\n^\n") }
        if !t.isEmpty { output(t + "\n") }
    }
    public func isComplete(_ source: String) -> Bool { !source.hasSuffix(":") }
    public func completions(for prefix: String) -> [String] { [] }
}
import Foundation
