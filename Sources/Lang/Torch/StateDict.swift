import Autograd
import TensorCore

/// `Module.state_dict()` and `Module.load_state_dict()` over a module's named parameters, with
/// PyTorch's key names, result type and error messages. Written against a plain list of
/// `(name, parameter)` pairs so that any module class (built-in or user-defined) can call it.
///
/// ```
/// >>> net = nn.Sequential(nn.Linear(2, 1))
/// >>> list(net.state_dict().keys())
/// ['0.weight', '0.bias']
/// >>> net.load_state_dict(net.state_dict())
/// <All keys matched successfully>
/// ```
enum StateDict {
    /// An OrderedDict of name → tensor; the tensors share the parameters' storage but are
    /// detached (not parameters, no grad) unless `keepVars`.
    static func make(_ named: [(String, Tensor)], prefix: String = "", keepVars: Bool) throws -> Value {
        let d = PyDict()
        d.isOrderedDict = true
        for (name, p) in named {
            try d.set(.str(prefix + name), .object(keepVars ? p : Tensor(p.data)))
        }
        return .dict(d)
    }

    /// Copies matching entries of `source` into the parameters (without recording gradients),
    /// PyTorch's checks first: keys missing and unexpected (errors when `strict`), shapes that
    /// differ and values that are not tensors (always errors). Nothing is copied unless every
    /// check passes.
    static func load(_ named: [(String, Tensor)], from source: Value, strict: Bool, owner: String,
                     _ interp: Interpreter) throws -> Value {
        guard case .dict(let d) = source else {
            throw PyException.typeError("Expected state_dict to be dict-like, got <class '\(source.typeName)'>.")
        }
        var errors: [String] = []
        var copies: [(Tensor, Tensor)] = []
        var missing: [String] = []
        let names = Set(named.map { $0.0 })
        for (name, p) in named {
            guard let value = try d.get(.str(name)) else {
                missing.append(name)
                continue
            }
            guard case .object(let t as Tensor) = value else {
                errors.append("While copying the parameter named \"\(name)\", expected torch.Tensor or Tensor-like object from checkpoint but received <class '\(value.typeName)'>")
                continue
            }
            guard t.shape == p.shape else {
                errors.append("size mismatch for \(name): copying a param with shape \(sizeText(t.shape)) from checkpoint, the shape in current model is \(sizeText(p.shape)).")
                continue
            }
            copies.append((p, t))
        }
        let unexpected: [String] = d.keys.compactMap { k in
            guard case .str(let s) = k else { return try? interp.repr(k) }
            return names.contains(s) ? nil : s
        }
        if strict {
            var head: [String] = []
            if !missing.isEmpty { head.append("Missing key(s) in state_dict: \(quotedList(missing)). ") }
            if !unexpected.isEmpty { head.append("Unexpected key(s) in state_dict: \(quotedList(unexpected)). ") }
            errors = head + errors
        }
        if !errors.isEmpty {
            throw PyException.runtimeError("Error(s) in loading state_dict for \(owner):\n\t" + errors.joined(separator: "\n\t"))
        }
        try GradMode.with(enabled: false) {
            for (p, t) in copies {
                let values = t.dtype == p.dtype ? t : Tensor(try t.data.converted(to: p.dtype))
                try p.copyFrom(values)
            }
        }
        return .object(IncompatibleKeys(missing: missing, unexpected: unexpected))
    }

    private static func sizeText(_ shape: [Int]) -> String {
        "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])"
    }

    private static func quotedList(_ keys: [String]) -> String {
        keys.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

/// What `load_state_dict` returns: PyTorch's `_IncompatibleKeys` named tuple.
final class IncompatibleKeys: PyObject {
    let missing: [String]
    let unexpected: [String]
    init(missing: [String], unexpected: [String]) {
        self.missing = missing
        self.unexpected = unexpected
    }
    var typeName: String { "_IncompatibleKeys" }

    private var fields: [Value] {
        [.list(PyList(missing.map { .str($0) })), .list(PyList(unexpected.map { .str($0) }))]
    }

    func repr(_ interp: Interpreter) throws -> String {
        if missing.isEmpty && unexpected.isEmpty { return "<All keys matched successfully>" }
        return "_IncompatibleKeys(missing_keys=\(try interp.repr(fields[0])), unexpected_keys=\(try interp.repr(fields[1])))"
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "missing_keys": return fields[0]
        case "unexpected_keys": return fields[1]
        default: return nil
        }
    }

    func iterate(_ interp: Interpreter) throws -> [Value]? { fields }
    func length(_ interp: Interpreter) throws -> Int? { 2 }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try interp.getItem(.tuple(fields), key) }
    func attributeNames(_ interp: Interpreter) -> [String] { ["missing_keys", "unexpected_keys"] }
}
