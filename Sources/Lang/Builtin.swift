import Foundation

/// Whether a builtin takes part in autograd. A test walks the table: every `.differentiable`
/// entry must have a gradient rule and a gradcheck case.
public enum Differentiability: String {
    case differentiable = "differentiable"
    case notDifferentiable = "not differentiable"
    /// Not an operation on tensors (print, len, math.sqrt…).
    case notApplicable = "n/a"
}

/// One native function, declared once: the names it is reachable by, its Python signature, a
/// one-line doc and its body. The same entry drives calls, `help(name)` and docs/builtins.md.
///
/// Names are dotted paths: `"torch.tanh"` (an attribute of module `torch`), `"tanh"` (a bare
/// name in the builtins scope), `"Tensor.tanh"` (a method of objects whose `typeName` is
/// `Tensor`; the receiver binds to the first parameter).
///
/// ```swift
/// registry.add(["torch.tanh", "tanh", "Tensor.tanh"], "tanh(input)",
///              doc: "Hyperbolic tangent, elementwise.", differentiable: .differentiable) { args in
///     ...args["input"]...
/// }
/// ```
public final class Builtin {
    /// Every dotted name the entry is reachable by (`torch.tanh`, `tanh`, `Tensor.tanh`).
    public let names: [String]
    /// The function's own name, from the signature (`tanh`), used in error messages.
    public let name: String
    /// The Python signature as declared (`"sum(input, dim=None, *, dtype=None)"`).
    public let declaredSignature: String
    /// The parameters, parsed from the signature on first use (a call, `help`, the docs):
    /// parsing all of the table's signatures at start-up was a measurable part of it.
    public private(set) lazy var parameters: ParameterList = {
        do {
            return try SignatureParser.parse(declaredSignature).parameters
        } catch {
            // A malformed signature is a programming error in a binding, never user input;
            // BuiltinTableTests parses every entry, so it cannot reach a user.
            fatalError("builtin \(names): \(error)")
        }
    }()
    /// One line for `help()` and the docs.
    public let doc: String
    /// For the autograd coverage test.
    public let differentiability: Differentiability
    /// The implementation, called with arguments already bound to parameters.
    public let body: (BoundArguments) throws -> Value

    /// Declares an entry; `signature` is Python's form, e.g. `"sum(input, dim=None, *, dtype=None)"`.
    public init(names: [String], signature: String, doc: String,
                differentiable: Differentiability = .notApplicable,
                body: @escaping (BoundArguments) throws -> Value) {
        self.names = names
        self.name = String(signature.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
        self.declaredSignature = signature
        self.doc = doc
        self.differentiability = differentiable
        self.body = body
    }

    /// `name(params)` as `help()` prints it.
    public var signature: String { name + parameters.description }

    /// Binds the arguments (Python's rules and messages) and runs the body.
    public func invoke(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let values: [Value] = try parameters.bind(args, function: name)
        return try body(BoundArguments(builtin: self, values: values, interp: interp))
    }
}

/// The arguments a builtin's body receives, bound to its parameters by name, with typed
/// accessors that raise PyTorch-style TypeErrors naming the function and argument.
public struct BoundArguments {
    /// The entry being called (its `name` goes into error messages).
    public let builtin: Builtin
    /// One value per parameter in declaration order (`*args` a tuple, `**kwargs` a dict).
    public let values: [Value]
    /// The session, for conversions (`interp.iterate`, `interp.repr`) and calling back.
    public let interp: Interpreter

    private func position(_ name: String) -> Int {
        guard let i = builtin.parameters.parameters.firstIndex(where: { $0.name == name }) else {
            fatalError("builtin \(builtin.name) has no parameter '\(name)'")
        }
        return i
    }

    /// The value bound to parameter `name` (its default when not passed).
    public subscript(_ name: String) -> Value { values[position(name)] }

    /// The `*args` tuple's elements.
    public var varArgs: [Value] {
        guard let i = builtin.parameters.varPositionalIndex, case .tuple(let items) = values[i] else { return [] }
        return items
    }
    /// The `**kwargs` entries in call order.
    public var varKeywords: [(String, Value)] {
        guard let i = builtin.parameters.varKeywordIndex, case .dict(let d) = values[i] else { return [] }
        return d.entries.map { (k, v) in
            if case .str(let s) = k { return (s, v) }
            return ("", v)
        }
    }

    func mismatch(_ name: String, _ expected: String, _ v: Value) -> PyException {
        PyException.typeError("\(builtin.name)(): argument '\(name)' must be \(expected), not \(v.typeName)")
    }

    /// An int argument (bools count, as in Python; objects with `index` such as 0-d integer tensors too).
    public func int(_ name: String) throws -> Int {
        let v: Value = self[name]
        if let i = try interp.asIndex(v) { return i }
        throw mismatch(name, "int", v)
    }
    /// An int argument or None.
    public func optionalInt(_ name: String) throws -> Int? {
        if self[name].isNone { return nil }
        return try int(name)
    }
    /// A float argument (ints convert).
    public func double(_ name: String) throws -> Double {
        let v: Value = self[name]
        if let d = v.numericDouble { return d }
        if case .object(let o) = v, let d = try o.toFloat(interp) { return d }
        throw mismatch(name, "float", v)
    }
    /// A float argument or None.
    public func optionalDouble(_ name: String) throws -> Double? {
        if self[name].isNone { return nil }
        return try double(name)
    }
    /// A bool argument (strict, as PyTorch's parser: ints are not accepted).
    public func bool(_ name: String) throws -> Bool {
        let v: Value = self[name]
        if case .bool(let b) = v { return b }
        throw mismatch(name, "bool", v)
    }
    /// A str argument.
    public func string(_ name: String) throws -> String {
        let v: Value = self[name]
        if case .str(let s) = v { return s }
        throw mismatch(name, "str", v)
    }
    /// A str argument or None.
    public func optionalString(_ name: String) throws -> String? {
        if self[name].isNone { return nil }
        return try string(name)
    }
    /// A size-like argument: one int, or a tuple/list of ints (`view(2, 3)` style callers pass
    /// `varArgs` through `ints(from:)` instead).
    public func ints(_ name: String) throws -> [Int] {
        let v: Value = self[name]
        if let i = try interp.asIndex(v) { return [i] }
        if let list = try? ints(from: v) { return list }
        throw mismatch(name, "tuple of ints", v)
    }
    /// The ints of a tuple, list or other iterable of integer-likes.
    public func ints(from v: Value) throws -> [Int] {
        let items: [Value] = try interp.iterate(v)
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let i = try interp.asIndex(item) else {
                throw PyException.typeError("\(builtin.name)(): expected a sequence of ints, but found element of type \(item.typeName)")
            }
            out.append(i)
        }
        return out
    }
    /// True when the caller passed `name` (or it has a default that is not None).
    public func isGiven(_ name: String) -> Bool { !self[name].isNone }
}

/// A builtin as a first-class value: `torch.tanh`, or `x.tanh` bound to its receiver.
public final class BuiltinFunction: PyObject {
    /// The entry called.
    public let builtin: Builtin
    /// The object a method was looked up on (bound to the first parameter); nil for functions.
    public let receiver: Value?
    /// The name shown in `repr` (`tanh`, or the method name for bound methods).
    let displayName: String

    /// A function value for `builtin`, bound to `receiver` when it is a method.
    public init(_ builtin: Builtin, receiver: Value? = nil, displayName: String? = nil) {
        self.builtin = builtin
        self.receiver = receiver
        self.displayName = displayName ?? builtin.name
    }
    public var typeName: String { receiver == nil ? "builtin_function_or_method" : "builtin_function_or_method" }
    public func repr(_ interp: Interpreter) throws -> String {
        if let r = receiver {
            return "<built-in method \(displayName) of \(r.typeName) object>"
        }
        return "<built-in function \(displayName)>"
    }
    public func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        if let r = receiver {
            var bound: Arguments = args
            bound.positional.insert(r, at: 0)
            return try builtin.invoke(bound, interp)
        }
        return try builtin.invoke(args, interp)
    }
}
