import XCTest
@testable import Lang

/// Runs programs in one session and collects what they print, or the rendered diagnostic.
final class Session {
    var printed: String = ""
    /// Sessions that register extra builtins get a registry of their own.
    let privateRegistry: Bool
    init(privateRegistry: Bool = false) { self.privateRegistry = privateRegistry }
    lazy var interp: Interpreter = Interpreter(output: { [unowned self] in self.printed += $0 },
                                               registry: privateRegistry ? pythonOnlyRegistry() : Session.shared)
    /// Python's own builtins only, so that comparisons with CPython are not affected by the
    /// torch names in the standard table (NameError suggestions, the list of modules).
    static let shared: BuiltinRegistry = pythonOnlyRegistry()
}

func pythonOnlyRegistry() -> BuiltinRegistry {
    let r: BuiltinRegistry = BuiltinRegistry()
    PythonBuiltins.register(r)
    PythonMethods.register(r)
    ObjectModel.register(r)
    StringMethods.register(r)
    MathModule.register(r)
    SysModule.register(r)
    FileBuiltins.register(r)
    OSModule.register(r)
    return r
}

extension Session {

    /// The output of running `source`, followed by the diagnostic text when it failed.
    func run(_ source: String, filename: String = "<stdin>") -> String {
        printed = ""
        do {
            try interp.run(source, filename: filename)
        } catch let d as Diagnostic {
            return printed + d.rendered
        } catch {
            return printed + "unexpected error: \(error)"
        }
        return printed
    }
}

/// Output of a fresh session running `source`.
func output(_ source: String) -> String { Session().run(source) }

/// The repr of evaluating one expression, without the trailing newline.
func eval(_ source: String) -> String {
    var text: String = output(source)
    if text.hasSuffix("\n") { text.removeLast() }
    return text
}
