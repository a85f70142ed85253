import Autograd
import TensorCore

/// A string-keyed table that remembers insertion order, as PyTorch's `_parameters`,
/// `_buffers` and `_modules` OrderedDicts do. Values may be None (`bias=False` registers
/// `bias` as None).
struct OrderedTable<Element> {
    private(set) var keys: [String] = []
    private var storage: [String: Element] = [:]

    func contains(_ key: String) -> Bool { storage.index(forKey: key) != nil }
    func value(_ key: String) -> Element? { storage[key] }

    mutating func set(_ key: String, _ value: Element) {
        if !contains(key) { keys.append(key) }
        storage[key] = value
    }

    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard storage.removeValue(forKey: key) != nil else { return false }
        keys.removeAll { $0 == key }
        return true
    }

    var items: [(String, Element)] { keys.compactMap { k in storage[k].map { (k, $0) } } }
}

/// A `torch.nn.Module`: the built-in layers (`nn.Linear`, `nn.Sequential`, …) and user
/// subclasses are all this object with different classes. Assigning a Parameter or a Module
/// attribute registers it in order, as PyTorch's `Module.__setattr__` does; `parameters()`,
/// `state_dict()` and the repr walk these registries. A layer's configuration lives in its
/// `__dict__` (`in_features`, `p`), so the layer's `forward` reads what the user sees.
final class NNModule: PyInstance {
    var parameters: OrderedTable<Tensor?> = OrderedTable()
    var buffers: OrderedTable<Tensor?> = OrderedTable()
    var nonPersistentBuffers: Set<String> = []
    var modules: OrderedTable<NNModule?> = OrderedTable()
    var training: Bool = true
    /// Set by `Module.__init__`; PyTorch refuses parameters and submodules before it.
    var initialized: Bool = false

    override init(type: PyType) { super.init(type: type) }

    /// Module.__init__: empty registries, training mode.
    func initialize() {
        parameters = OrderedTable()
        buffers = OrderedTable()
        nonPersistentBuffers = []
        modules = OrderedTable()
        training = true
        initialized = true
    }

    /// The module's class name as PyTorch's repr shows it.
    var displayName: String { pyType.name }

    // MARK: attributes (Module.__getattr__ / __setattr__ / __delattr__)

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let v = try genericGetAttribute(name, interp) { return v }
        if parameters.contains(name) { return parameters.value(name)!.map { .object($0) } ?? Value.none }
        if buffers.contains(name) { return buffers.value(name)!.map { .object($0) } ?? Value.none }
        if modules.contains(name) { return modules.value(name)!.map { .object($0) } ?? Value.none }
        if name == "training" { return .bool(training) }
        if definesInPython("__getattr__", interp), let v = try callSpecial("__getattr__", [.str(name)], interp) { return v }
        throw PyException.attributeError("'\(pyType.name)' object has no attribute '\(name)'")
    }

    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if definesInPython("__setattr__", interp) {
            _ = try callSpecial("__setattr__", [.str(name), value], interp)
            return true
        }
        try moduleSetAttribute(name, value, interp)
        return true
    }

    /// PyTorch's `Module.__setattr__`.
    func moduleSetAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        if name == "training" {
            training = try interp.truthy(value)
            return
        }
        if case .object(let o) = value, let p = o as? Tensor, p.isParameter {
            guard initialized else { throw PyException.attributeError("cannot assign parameters before Module.__init__() call") }
            _ = try dict.remove(.str(name))
            buffers.remove(name)
            modules.remove(name)
            parameters.set(name, p)
            return
        }
        if parameters.contains(name) {
            guard value.isNone else {
                throw PyException.typeError("cannot assign '\(NNModule.typename(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            }
            parameters.set(name, nil)
            return
        }
        if case .object(let o) = value, let m = o as? NNModule {
            guard initialized else { throw PyException.attributeError("cannot assign module before Module.__init__() call") }
            _ = try dict.remove(.str(name))
            parameters.remove(name)
            buffers.remove(name)
            modules.set(name, m)
            return
        }
        if modules.contains(name) {
            guard value.isNone else {
                throw PyException.typeError("cannot assign '\(NNModule.typename(value))' as child module '\(name)' (torch.nn.Module or None expected)")
            }
            modules.set(name, nil)
            return
        }
        if buffers.contains(name) {
            if case .object(let o) = value, let t = o as? Tensor {
                buffers.set(name, t)
                return
            }
            guard value.isNone else {
                throw PyException.typeError("cannot assign '\(NNModule.typename(value))' as buffer '\(name)' (torch.Tensor or None expected)")
            }
            buffers.set(name, nil)
            return
        }
        try genericSetAttribute(name, value, interp)
    }

    override func deleteAttribute(_ name: String, _ interp: Interpreter) throws -> Bool {
        if parameters.remove(name) || buffers.remove(name) || modules.remove(name) { return true }
        try genericDeleteAttribute(name, interp)
        return true
    }

    override func attributeNames(_ interp: Interpreter) -> [String] {
        var names: Set<String> = Set(super.attributeNames(interp))
        names.formUnion(parameters.keys)
        names.formUnion(buffers.keys)
        names.formUnion(modules.keys)
        names.insert("training")
        return names.sorted()
    }

    /// `torch.typename(v)` for messages: `torch.FloatTensor`, `int`.
    static func typename(_ v: Value) -> String {
        if case .object(let o) = v, let t = o as? Tensor { return "torch." + TorchModule.legacyName(t.dtype) }
        return v.typeName
    }

    // MARK: walking the tree

    /// `named_modules()`: this module, then its descendants depth first, each once.
    func namedModules(prefix: String = "", seen: inout Set<ObjectIdentifier>) -> [(String, NNModule)] {
        if seen.contains(ObjectIdentifier(self)) { return [] }
        seen.insert(ObjectIdentifier(self))
        var out: [(String, NNModule)] = [(prefix, self)]
        for (name, child) in modules.items {
            guard let child = child else { continue }
            out += child.namedModules(prefix: prefix.isEmpty ? name : prefix + "." + name, seen: &seen)
        }
        return out
    }

    func namedModules(prefix: String = "") -> [(String, NNModule)] {
        var seen: Set<ObjectIdentifier> = []
        return namedModules(prefix: prefix, seen: &seen)
    }

    /// `named_parameters()`: every parameter once, module by module.
    func namedParameters(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        var seen: Set<ObjectIdentifier> = []
        var out: [(String, Tensor)] = []
        let owners: [(String, NNModule)] = recurse ? namedModules(prefix: prefix) : [(prefix, self)]
        for (path, m) in owners {
            for (name, p) in m.parameters.items {
                guard let p = p, !seen.contains(ObjectIdentifier(p)) else { continue }
                seen.insert(ObjectIdentifier(p))
                out.append((path.isEmpty ? name : path + "." + name, p))
            }
        }
        return out
    }

    func namedBuffers(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        let owners: [(String, NNModule)] = recurse ? namedModules(prefix: prefix) : [(prefix, self)]
        for (path, m) in owners {
            for (name, b) in m.buffers.items {
                guard let b = b else { continue }
                out.append((path.isEmpty ? name : path + "." + name, b))
            }
        }
        return out
    }

    /// Direct children, each once.
    var children: [(String, NNModule)] {
        var seen: Set<ObjectIdentifier> = []
        var out: [(String, NNModule)] = []
        for (name, child) in modules.items {
            guard let child = child, !seen.contains(ObjectIdentifier(child)) else { continue }
            seen.insert(ObjectIdentifier(child))
            out.append((name, child))
        }
        return out
    }

    /// `state_dict()` entries: parameters and persistent buffers, module by module.
    func stateEntries(prefix: String = "", keepVars: Bool) throws -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (name, p) in parameters.items {
            guard let p = p else { continue }
            out.append((prefix + name, keepVars ? p : p.detach()))
        }
        for (name, b) in buffers.items where !nonPersistentBuffers.contains(name) {
            guard let b = b else { continue }
            out.append((prefix + name, keepVars ? b : b.detach()))
        }
        for (name, child) in modules.items {
            guard let child = child else { continue }
            out += try child.stateEntries(prefix: prefix + name + ".", keepVars: keepVars)
        }
        return out
    }

    /// PyTorch's `Module.__repr__`: `extra_repr()` and the children, indented.
    func moduleRepr(_ interp: Interpreter) throws -> String {
        let extra: String = try interp.str(try interp.call(try interp.getAttribute(.object(self), "extra_repr"), []))
        let extraLines: [String] = extra.isEmpty ? [] : extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var childLines: [String] = []
        for (name, child) in modules.items {
            let text: String = try child.map { try interp.repr(.object($0)) } ?? "None"
            let lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)
            let indented: String = ([String(lines[0])] + lines.dropFirst().map { "  " + $0 }).joined(separator: "\n")
            childLines.append("(\(name)): " + indented)
        }
        let lines: [String] = extraLines + childLines
        var text: String = displayName + "("
        if !lines.isEmpty {
            if extraLines.count == 1 && childLines.isEmpty {
                text += extraLines[0]
            } else {
                text += "\n  " + lines.joined(separator: "\n  ") + "\n"
            }
        }
        return text + ")"
    }
}
