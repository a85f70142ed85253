/// An object that knows its class in the object model: instances of user classes, exceptions,
/// nn modules. `type(x)`, `isinstance` and attribute lookup go through `pyType`.
public protocol TypedObject: PyObject {
    var pyType: PyType { get }
}

/// An instance of a class made by a `class` statement (or of `object`): its class and its
/// `__dict__`. Every operator and builtin reaches the class's special methods (`__add__`,
/// `__len__`, `__iter__`, …) through the `PyObject` requirements below, so the interpreter
/// treats user objects and native objects alike.
///
/// Not final: native classes that users subclass (nn.Module) are Swift subclasses, so that a
/// user's `class Net(nn.Module)` makes the native object with a user class.
class PyInstance: TypedObject {
    let pyType: PyType
    /// `__dict__`, live: `vars(obj)['x'] = 1` sets `obj.x`.
    let dict: PyDict = PyDict()

    init(type: PyType) { pyType = type }

    var typeName: String { pyType.name }

    func isInstance(of typeName: String) -> Bool { pyType.hasAncestor(named: typeName) }

    /// `<__main__.Point object at 0x7f…>`.
    var defaultRepr: String {
        "<\(pyType.qualifiedName) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }

    // MARK: special methods

    /// Calls the class's special method `name` with `self` first; nil when no class in the MRO
    /// defines it. Special methods are looked up on the class, never the instance, as Python does.
    func callSpecial(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value? {
        guard let found = pyType.lookup(name, interp.registry) else { return nil }
        return try ObjectModel.callFound(found, receiver: .object(self), type: pyType, args, interp)
    }

    /// Like `callSpecial`, but NotImplemented also counts as "not defined".
    func callOperator(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value? {
        guard let r = try callSpecial(name, args, interp) else { return nil }
        if case .object(let o) = r, o === NotImplementedObject.shared { return nil }
        return r
    }

    /// Whether the class defines `name` in Python code (not only inherited from a native class).
    func definesInPython(_ name: String, _ interp: Interpreter) -> Bool {
        if case .value? = pyType.lookup(name, interp.registry) { return true }
        return false
    }

    // MARK: attributes

    /// Python's `object.__getattribute__`: data descriptors on the class, then the instance
    /// dict, then other class attributes (functions become bound methods); nil when missing.
    func genericGetAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if !pyType.hasDataDescriptors, let v = try dict.get(.str(name)) { return v }
        if name.utf8.first == UInt8(ascii: "_") {
            if name == "__dict__" { return .dict(dict) }
            if name == "__class__" { return .object(pyType) }
        }
        let found: PyType.Found? = pyType.lookup(name, interp.registry)
        if case .value(.object(let p as PropertyObject))? = found { return try p.get(.object(self), name, interp) }
        if let v = try dict.get(.str(name)) { return v }
        guard let f = found else { return nil }
        return try ObjectModel.bind(f, to: .object(self), type: pyType, name: name, interp)
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let hook: Bool = definesInPython("__getattr__", interp)
        do {
            if let v = try genericGetAttribute(name, interp) { return v }
        } catch let e as PyException where hook && e.exception.type.isSubclass(of: ExceptionTypes.attributeError) {
            // A property that raised AttributeError falls back to __getattr__, as in Python.
        }
        if hook, let v = try callSpecial("__getattr__", [.str(name)], interp) { return v }
        throw PyException.attributeError("'\(pyType.name)' object has no attribute '\(name)'")
    }

    /// Python's `object.__setattr__`: a property's setter, else the instance dict.
    func genericSetAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        if pyType.hasDataDescriptors, case .value(.object(let p as PropertyObject))? = pyType.lookup(name, interp.registry) {
            try p.set(.object(self), value, name, interp)
            return
        }
        try dict.set(.str(name), value)
    }

    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if definesInPython("__setattr__", interp) {
            _ = try callSpecial("__setattr__", [.str(name), value], interp)
        } else {
            try genericSetAttribute(name, value, interp)
        }
        return true
    }

    /// Python's `object.__delattr__`.
    func genericDeleteAttribute(_ name: String, _ interp: Interpreter) throws {
        if pyType.hasDataDescriptors, case .value(.object(let p as PropertyObject))? = pyType.lookup(name, interp.registry) {
            try p.delete(.object(self), name, interp)
            return
        }
        if try dict.remove(.str(name)) == nil {
            throw PyException.attributeError("'\(pyType.name)' object has no attribute '\(name)'")
        }
    }

    func deleteAttribute(_ name: String, _ interp: Interpreter) throws -> Bool {
        if definesInPython("__delattr__", interp) {
            _ = try callSpecial("__delattr__", [.str(name)], interp)
        } else {
            try genericDeleteAttribute(name, interp)
        }
        return true
    }

    func attributeNames(_ interp: Interpreter) -> [String] {
        var names: Set<String> = Set(pyType.attributeNames(interp))
        names.subtract(["__name__", "__qualname__", "__mro__", "__bases__", "__base__"])
        for k in dict.keys { if case .str(let s) = k { names.insert(s) } }
        names.formUnion(ObjectModel.objectDunders)
        return names.sorted()
    }

    // MARK: text

    func repr(_ interp: Interpreter) throws -> String {
        guard let r = try callSpecial("__repr__", [], interp) else { return defaultRepr }
        guard case .str(let s) = r else { throw PyException.typeError("__repr__ returned non-string (type \(r.typeName))") }
        return s
    }

    func str(_ interp: Interpreter) throws -> String {
        guard let r = try callSpecial("__str__", [], interp) else { return try repr(interp) }
        guard case .str(let s) = r else { throw PyException.typeError("__str__ returned non-string (type \(r.typeName))") }
        return s
    }

    func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        guard definesInPython("__format__", interp), let r = try callSpecial("__format__", [.str(spec)], interp) else { return nil }
        guard case .str(let s) = r else { throw PyException.typeError("__format__ must return a str, not \(r.typeName)") }
        return s
    }

    // MARK: operators

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let names = ObjectModel.operatorMethods[op] else { return nil }
        return try callOperator(reflected ? names.reflected : names.forward, [other], interp)
    }

    func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let names = ObjectModel.operatorMethods[op] else { return nil }
        return try callOperator(names.inplace, [other], interp)
    }

    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return try callOperator("__neg__", [], interp)
        case .plus: return try callOperator("__pos__", [], interp)
        case .invert: return try callOperator("__invert__", [], interp)
        default: return nil
        }
    }

    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        // `other op self` asks this object for the swapped operator (`a < b` is `b > a`).
        let effective: ComparisonOperator = reflected ? op.swapped : op
        guard let name = ObjectModel.comparisonMethods[effective] else { return nil }
        if let r = try callOperator(name, [other], interp) { return r }
        if effective == .notEqual, let eq = try callOperator("__eq__", [other], interp) {
            return .bool(!(try interp.truthy(eq)))
        }
        return nil
    }

    func hash(_ interp: Interpreter) throws -> Int {
        switch pyType.lookup("__hash__", interp.registry) {
        case .value(.none)?:
            throw PyException.typeError("unhashable type: '\(pyType.name)'")
        case .value?:
            let r: Value = try callSpecial("__hash__", [], interp) ?? .none
            guard let i = r.bigIntValue else { throw PyException.typeError("__hash__ method should return an integer") }
            return i.hashValue
        default:
            // A class that defines __eq__ without __hash__ is unhashable, as in Python.
            if definesInPython("__eq__", interp) { throw PyException.typeError("unhashable type: '\(pyType.name)'") }
            return ObjectIdentifier(self).hashValue
        }
    }

    // MARK: containers

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if let r = try callSpecial("__getitem__", [key], interp) { return r }
        throw PyException.typeError("'\(pyType.name)' object is not subscriptable")
    }

    func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        if try callSpecial("__setitem__", [key, value], interp) != nil { return }
        throw PyException.typeError("'\(pyType.name)' object does not support item assignment")
    }

    func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        if try callSpecial("__delitem__", [key], interp) != nil { return }
        throw PyException.typeError("'\(pyType.name)' object does not support item deletion")
    }

    func length(_ interp: Interpreter) throws -> Int? {
        guard let r = try callSpecial("__len__", [], interp) else { return nil }
        guard let n = try interp.asIndex(r) else {
            throw PyException.typeError("'\(r.typeName)' object cannot be interpreted as an integer")
        }
        if n < 0 { throw PyException.valueError("__len__() should return >= 0") }
        return n
    }

    func truthiness(_ interp: Interpreter) throws -> Bool? {
        if let r = try callSpecial("__bool__", [], interp) {
            guard case .bool(let b) = r else { throw PyException.typeError("__bool__ should return bool, returned \(r.typeName)") }
            return b
        }
        if let n = try length(interp) { return n > 0 }
        return true
    }

    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard let r = try callSpecial("__contains__", [other], interp) else { return nil }
        return try interp.truthy(r)
    }

    func iterate(_ interp: Interpreter) throws -> [Value]? {
        guard let it = try interp.lazyIterator(self) else { return nil }
        var out: [Value] = []
        while let v = try it.next(interp) {
            out.append(v)
            try interp.checkInterrupt()
        }
        return out
    }

    // MARK: calls and conversions

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard let found = pyType.lookup("__call__", interp.registry) else {
            throw PyException.typeError("'\(pyType.name)' object is not callable")
        }
        return try ObjectModel.callFound(found, receiver: .object(self), type: pyType, args, interp)
    }

    func toFloat(_ interp: Interpreter) throws -> Double? {
        guard let r = try callSpecial("__float__", [], interp) else { return nil }
        guard case .float(let d) = r else { throw PyException.typeError("\(pyType.name).__float__ returned non-float (type \(r.typeName))") }
        return d
    }

    func toInt(_ interp: Interpreter) throws -> Value? {
        if let r = try callSpecial("__int__", [], interp) ?? callSpecial("__index__", [], interp) {
            guard r.bigIntValue != nil else { throw PyException.typeError("__int__ returned non-int (type \(r.typeName))") }
            return r
        }
        return nil
    }

    func index(_ interp: Interpreter) throws -> Int? {
        guard let r = try callSpecial("__index__", [], interp) else { return nil }
        guard case .int(let i) = r else { throw PyException.typeError("__index__ returned non-int (type \(r.typeName))") }
        return i
    }

    func enter(_ interp: Interpreter) throws -> Value? {
        guard let r = try callSpecial("__enter__", [], interp) else {
            throw PyException.typeError("'\(pyType.name)' object does not support the context manager protocol")
        }
        return r
    }

    func exitSuppressing(error: Error?, _ interp: Interpreter) throws -> Bool {
        let args: [Value]
        if let e = error {
            let exc: ExceptionObject = interp.pyException(from: e).exception
            args = [.object(exc.type), .object(exc), .none]
        } else {
            args = [.none, .none, .none]
        }
        guard let r = try callSpecial("__exit__", args, interp) else {
            throw PyException.typeError("'\(pyType.name)' object does not support the context manager protocol")
        }
        if error == nil { return false }
        return try interp.truthy(r)
    }
}

/// Python's `NotImplemented`: what a binary special method returns to let the other operand try.
final class NotImplementedObject: PyObject {
    static let shared: NotImplementedObject = NotImplementedObject()
    var typeName: String { "NotImplementedType" }
    func repr(_ interp: Interpreter) throws -> String { "NotImplemented" }
}
