/// The standard builtin table: Python's built-ins and methods, `math`, `sys`, and whatever
/// the other parts of tcalc install. To add a family of builtins, write an installer
/// `(BuiltinRegistry) -> Void` and list it in `installers` (the torch and pandas bindings
/// in Sources/Lang/Torch and Sources/Lang/Pandas go here).
extension BuiltinRegistry {
    /// Installers run, in order, to build `standard`.
    public static var installers: [(BuiltinRegistry) -> Void] = [
        PythonBuiltins.register,
        PythonMethods.register,
        MathModule.register,
        SysModule.register,
        TorchModule.register,
        PandasModule.register,
    ]

    /// The registry every `Interpreter` uses by default, built on first use.
    public static var standard: BuiltinRegistry = makeStandard()

    /// A fresh registry with every installer applied (tests that add entries use their own).
    public static func makeStandard() -> BuiltinRegistry {
        let r: BuiltinRegistry = BuiltinRegistry()
        for install in installers { install(r) }
        return r
    }
}

extension Interpreter {
    /// `help(x)` text: a builtin's signature and doc, a user function's signature and
    /// docstring, a module's contents, or an overview when called without arguments.
    public func helpText(_ v: Value) -> String {
        switch v {
        case .none:
            var text: String = "tcalc: a calculator for tensors that speaks PyTorch's Python.\n"
            text += "Modules: " + registry.modules.keys.filter { !$0.contains(".") }.sorted().joined(separator: ", ") + "\n"
            text += "Try help(print), help(math), help(torch.tanh); dir(x) lists an object's attributes.\n"
            return text
        case .function(let f):
            var text: String = f.name + f.parameters.description + "\n"
            if let d = f.doc { text += "    " + d + "\n" }
            return text
        case .object(let o):
            if let b = o as? BuiltinFunction { return registry.helpText(for: b.builtin) }
            if let m = o as? ModuleObject {
                var text: String = "module \(m.name)"
                if !m.doc.isEmpty { text += ": " + m.doc }
                text += "\n"
                for name in m.attributeNames(self) where !name.hasPrefix("_") {
                    if let b = registry.builtin(named: m.name + "." + name) {
                        text += "    " + b.signature + ": " + b.doc + "\n"
                    } else {
                        text += "    " + name + "\n"
                    }
                }
                return text
            }
            if let t = o as? PyType {
                if let b = registry.builtin(named: t.name) { return registry.helpText(for: b) }
                let methods: [String] = registry.names(under: t.name)
                return "class \(t.qualifiedName)\n" + (methods.isEmpty ? "" : "    methods: " + methods.joined(separator: ", ") + "\n")
            }
            let methods: [String] = attributeNames(v)
            return "\(o.typeName) object\n" + (methods.isEmpty ? "" : "    attributes: " + methods.joined(separator: ", ") + "\n")
        case .str(let s):
            if let b = registry.builtin(named: s) { return registry.helpText(for: b) }
            return "No help found for '\(s)'\n"
        default:
            let methods: [String] = attributeNames(v)
            return "\(v.typeName) object\n" + (methods.isEmpty ? "" : "    methods: " + methods.joined(separator: ", ") + "\n")
        }
    }
}

/// `sys`: the recursion limit (tcalc's calls have no C stack limit of their own).
enum SysModule {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("sys", doc: "Interpreter settings.")
        r.add(["sys.setrecursionlimit"], "setrecursionlimit(limit, /)", doc: "Sets the maximum depth of nested Python calls.") { a in
            let n: Int = try a.int("limit")
            if n < 1 { throw PyException.valueError("recursion limit must be greater or equal than 1") }
            if n > 100_000 { throw PyException.valueError("tcalc allows a recursion limit of at most 100000") }
            a.interp.recursionLimit = n
            return .none
        }
        r.add(["sys.getrecursionlimit"], "getrecursionlimit()", doc: "The maximum depth of nested Python calls.") { a in
            .int(a.interp.recursionLimit)
        }
        r.setConstant("sys.maxsize", .int(Int.max))
        r.setConstant("sys.version", .str("3.11 (tcalc)"))
    }
}
