import Foundation

/// The builtin table: every native function by every name it is reachable by, and the modules
/// (`torch`, `math`, `sys`, `pandas`, …) that `import` finds. Other files extend it through
/// `add(...)`, `declareModule(...)` and `setConstant(...)`; see `BuiltinRegistry.standard`.
public final class BuiltinRegistry {
    /// Entries in registration order (the docs follow it).
    public private(set) var entries: [Builtin] = []
    private var byName: [String: Builtin] = [:]
    /// `byName` split at the last dot, so that method lookups build no strings.
    private var byOwner: [String: [String: Builtin]] = [:]
    /// Modules by dotted name (`torch.linalg`).
    public private(set) var modules: [String: ModuleObject] = [:]
    /// Modules bound in the builtins scope without an import (tcalc's `torch`).
    public private(set) var preloaded: [String] = []
    /// Non-function names in the builtins scope (`True` is syntax; these are e.g. `Exception`).
    public private(set) var builtinConstants: [String: Value] = [:]
    /// Types by name, for `isinstance(x, torch.Tensor)` and `type(x)`.
    private var types: [String: PyType] = [:]
    /// Run after every `Interpreter.run` (one REPL entry, script or `-e` string), also when it
    /// raised: pyplot shows the entry's figures here in an interactive session.
    public var entryEndHooks: [(Interpreter) -> Void] = []
    /// Run by `Interpreter.finishSession()`.
    public var sessionEndHooks: [(Interpreter) -> Void] = []
    /// Modules tcalc refuses to provide, with the reason `import` gives (`subprocess`).
    public var refusedModules: [String: String] = [:]

    public init() {}

    /// Declares a builtin under one or more dotted names (see `Builtin`).
    public func add(_ builtin: Builtin) {
        entries.append(builtin)
        for name in builtin.names {
            byName[name] = builtin
            if let dot = name.lastIndex(of: ".") {
                let owner: String = String(name[..<dot])
                byOwner[owner, default: [:]][String(name[name.index(after: dot)...])] = builtin
                if let module = modules[owner] { module.invalidateNames() }
            }
        }
    }

    /// Declares a builtin from a Python signature string; the body gets the bound arguments.
    public func add(_ names: [String], _ signature: String, doc: String,
                    differentiable: Differentiability = .notApplicable,
                    _ body: @escaping (BoundArguments) throws -> Value) {
        add(Builtin(names: names, signature: signature, doc: doc, differentiable: differentiable, body: body))
    }

    /// The module named `name`, created (with its parents) when first asked for. `preload`
    /// binds it in the builtins scope, as tcalc does for `torch`.
    @discardableResult
    public func declareModule(_ name: String, preload: Bool = false, doc: String = "") -> ModuleObject {
        let module: ModuleObject
        if let existing = modules[name] {
            module = existing
        } else {
            module = ModuleObject(name: name, registry: self)
            modules[name] = module
            if let dot = name.lastIndex(of: ".") {
                let parent: ModuleObject = declareModule(String(name[..<dot]))
                parent.attributes[String(name[name.index(after: dot)...])] = .object(module)
            }
        }
        if !doc.isEmpty { module.doc = doc }
        if preload && !preloaded.contains(name) { preloaded.append(name) }
        return module
    }

    /// Binds a non-function value: `"math.pi"` on a module, or a bare builtins-scope name.
    public func setConstant(_ dottedName: String, _ value: Value) {
        if let dot = dottedName.lastIndex(of: ".") {
            let module: ModuleObject = declareModule(String(dottedName[..<dot]))
            module.attributes[String(dottedName[dottedName.index(after: dot)...])] = value
        } else {
            builtinConstants[dottedName] = value
        }
    }

    /// Registers a type so that `type(x)` returns it for objects with that `typeName` and
    /// `isinstance` can name it; `dottedName` also binds it (`"torch.Tensor"`).
    public func registerType(_ type: PyType, as dottedName: String? = nil) {
        types[type.name] = type
        if let n = dottedName { setConstant(n, .object(type)) }
    }

    public func type(named name: String) -> PyType? { types[name] }

    /// The builtin declared under exactly this dotted name.
    public func builtin(named name: String) -> Builtin? { byName[name] }

    /// The method `name` of objects whose type is `typeName` (declared as `"typeName.name"`).
    public func method(_ typeName: String, _ name: String) -> Builtin? { byOwner[typeName]?[name] }

    /// All names registered directly under a prefix (`"Tensor"` → method names).
    public func names(under prefix: String) -> [String] {
        (byOwner[prefix].map { Array($0.keys) } ?? []).sorted()
    }

    /// Bare names in the builtins scope (functions declared without a dot).
    public var bareNames: [String] { byName.keys.filter { !$0.contains(".") }.sorted() }

    /// `help(f)` text: signature, doc, differentiability and other names. Called through an
    /// alias (`torch.ger` for `outer`), the signature is shown under the alias's name and the
    /// entry it stands for is named.
    public func helpText(for builtin: Builtin, calledAs name: String? = nil) -> String {
        var signature: String = builtin.signature
        var isAlias: Bool = false
        if let called = name, called != builtin.name, signature.hasPrefix(builtin.name + "(") {
            signature = called + signature.dropFirst(builtin.name.count)
            isAlias = true
        }
        var text: String = signature + "\n    "
        if isAlias { text += "Alias of \(builtin.names.first ?? builtin.name). " }
        text += builtin.doc + "\n"
        if builtin.differentiability != .notApplicable {
            text += "    Autograd: \(builtin.differentiability.rawValue).\n"
        }
        let (primary, aliases) = BuiltinRegistry.splitAliases(builtin)
        if primary.count > 1 || !aliases.isEmpty {
            text += "    Names: " + primary.joined(separator: ", ") + "\n"
        }
        if !aliases.isEmpty { text += "    Aliases: " + aliases.joined(separator: ", ") + "\n" }
        return text
    }

    /// An entry's names under its own name (`torch.outer`, `outer`, `Tensor.outer`) and its
    /// aliases, each alias once by its short name (`ger`), in declaration order.
    static func splitAliases(_ builtin: Builtin) -> (primary: [String], aliases: [String]) {
        var primary: [String] = []
        var aliases: [String] = []
        for name in builtin.names {
            let short: String = name.split(separator: ".").last.map(String.init) ?? name
            if short == builtin.name { primary.append(name) } else if !aliases.contains(short) { aliases.append(short) }
        }
        return (primary, aliases)
    }

    /// Markdown reference for every entry, grouped by module/type, for docs/builtins.md.
    public func markdown() -> String {
        var groups: [String: [Builtin]] = [:]
        var order: [String] = []
        for b in entries {
            let first: String = b.names.first ?? b.name
            let group: String
            if let dot = first.lastIndex(of: ".") { group = String(first[..<dot]) } else { group = "builtins" }
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(b)
        }
        var out: String = "# Builtin reference\n\nGenerated from the builtin table; do not edit by hand.\n"
        for group in order {
            out += "\n## \(group)\n\n"
            out += "| signature | names | autograd | description |\n|---|---|---|---|\n"
            for b in groups[group] ?? [] {
                let (primary, aliases) = BuiltinRegistry.splitAliases(b)
                var names: String = primary.map { "`\($0)`" }.joined(separator: ", ")
                if !aliases.isEmpty { names += "; alias " + aliases.map { "`\($0)`" }.joined(separator: ", ") }
                let doc: String = b.doc.replacingOccurrences(of: "|", with: "\\|")
                let sig: String = b.signature.replacingOccurrences(of: "|", with: "\\|")
                out += "| `\(sig)` | \(names) | \(b.differentiability.rawValue) | \(doc) |\n"
            }
        }
        return out
    }
}

/// A module object (`torch`, `torch.linalg`, `math`): explicit attributes plus every builtin
/// registered under `module.name`.
public final class ModuleObject: PyObject {
    public let name: String
    public var attributes: [String: Value] = [:]
    public var doc: String = ""
    /// Attributes the real module has but tcalc refuses (`os.system`), with the reason the
    /// AttributeError gives.
    public var refusedAttributes: [String: String] = [:]
    unowned let registry: BuiltinRegistry
    private var cachedNames: [String]? = nil
    private var functions: [String: Value] = [:]

    init(name: String, registry: BuiltinRegistry) {
        self.name = name
        self.registry = registry
    }

    func invalidateNames() { cachedNames = nil }

    public var typeName: String { "module" }
    public func repr(_ interp: Interpreter) throws -> String { "<module '\(name)'>" }
    public func getAttribute(_ attr: String, _ interp: Interpreter) throws -> Value? {
        if let v = attributes[attr] { return v }
        if let f = functions[attr] { return f }
        if let b = registry.method(name, attr) {
            // One function object per name, so that `torch.tanh is torch.tanh`.
            let f: Value = .object(BuiltinFunction(b, displayName: attr))
            functions[attr] = f
            return f
        }
        if let why = refusedAttributes[attr] {
            throw PyException.attributeError("module '\(name)' has no attribute '\(attr)': \(why)")
        }
        return nil
    }
    public func setAttribute(_ attr: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[attr] = value
        return true
    }
    public func attributeNames(_ interp: Interpreter) -> [String] {
        if let c = cachedNames { return c }
        let all: [String] = Array(Set(attributes.keys).union(registry.names(under: name))).sorted()
        cachedNames = all
        return all
    }
}
