/// Binding class attributes to instances and classes (Python's descriptor protocol, for the
/// descriptors Python programs use: functions, `property`, `staticmethod`, `classmethod`).
enum ObjectModel {
    /// Special-method names per binary operator, built once so dispatch builds no strings.
    static let operatorMethods: [BinaryOperator: (forward: String, reflected: String, inplace: String)] = {
        var table: [BinaryOperator: (forward: String, reflected: String, inplace: String)] = [:]
        for op in BinaryOperator.allCases {
            table[op] = ("__\(op.dunderName)__", "__r\(op.dunderName)__", "__i\(op.dunderName)__")
        }
        return table
    }()

    /// Rich comparison method per operator.
    static let comparisonMethods: [ComparisonOperator: String] = [
        .less: "__lt__", .lessEqual: "__le__", .greater: "__gt__", .greaterEqual: "__ge__",
        .equal: "__eq__", .notEqual: "__ne__",
    ]

    /// What `dir()` shows for every instance, from `object` (CPython 3.11).
    static let objectDunders: [String] = [
        "__class__", "__delattr__", "__dict__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__",
        "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__", "__le__",
        "__lt__", "__module__", "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__", "__setattr__",
        "__sizeof__", "__str__", "__subclasshook__", "__weakref__",
    ]

    /// A class attribute as seen through an instance: functions bind to it, classmethods to
    /// its class, staticmethods unwrap, native methods take it as receiver.
    static func bind(_ found: PyType.Found, to receiver: Value, type: PyType, name: String, _ interp: Interpreter) throws -> Value {
        switch found {
        case .native(let b):
            return .object(BuiltinFunction(b, receiver: receiver, displayName: name))
        case .value(let v):
            switch v {
            case .function: return .object(BoundMethod(v, receiver))
            case .object(let o):
                if let s = o as? StaticMethodObject { return s.function }
                if let c = o as? ClassMethodObject { return .object(BoundMethod(c.function, .object(type))) }
                if let p = o as? PropertyObject { return try p.get(receiver, name, interp) }
                return v
            default: return v
            }
        }
    }

    /// A class attribute as seen through the class itself (`Dog.species`, `Date.from_string`).
    static func bindToClass(_ v: Value, _ type: PyType, _ interp: Interpreter) throws -> Value {
        if case .object(let o) = v {
            if let s = o as? StaticMethodObject { return s.function }
            if let c = o as? ClassMethodObject { return .object(BoundMethod(c.function, .object(type))) }
        }
        return v
    }

    /// Calls what a special-method lookup found, with `receiver` as `self`, without making a
    /// bound-method object for plain functions.
    static func callFound(_ found: PyType.Found, receiver: Value, type: PyType, _ args: [Value], _ interp: Interpreter) throws -> Value {
        try callFound(found, receiver: receiver, type: type, Arguments(args), interp)
    }

    static func callFound(_ found: PyType.Found, receiver: Value, type: PyType, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        switch found {
        case .native(let b):
            var bound: Arguments = args
            bound.positional.insert(receiver, at: 0)
            return try b.invoke(bound, interp)
        case .value(.function(let f)):
            return try f.callWithReceiver(receiver, args, interp)
        case .value:
            return try interp.call(try bind(found, to: receiver, type: type, name: "", interp), args)
        }
    }
}

extension PyFunction {
    /// Calls the function with `receiver` as its first argument (a method call), filling the
    /// frame directly when the arguments are plain positional ones.
    func callWithReceiver(_ receiver: Value, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        let n: Int = args.positional.count
        if let arity = simpleArity, arity == n + 1, args.keywords.isEmpty {
            let frame: Frame = Frame.make(size: code.slotCount, parent: closure)
            let slots: UnsafeMutablePointer<Value?> = frame.slots
            slots[0] = receiver
            for i in 0..<n { slots[i + 1] = args.positional[i] }
            return try run(frame, interp)
        }
        var all: Arguments = args
        all.positional.insert(receiver, at: 0)
        return try call(all, interp)
    }
}

/// A function bound to the object it was looked up on (`a.add`): calling it passes the
/// object as the first argument.
final class BoundMethod: PyObject, BoundMethodLike {
    let function: Value
    let receiver: Value

    init(_ function: Value, _ receiver: Value) {
        self.function = function
        self.receiver = receiver
    }

    var typeName: String { "method" }

    func repr(_ interp: Interpreter) throws -> String {
        let name: String
        switch function {
        case .function(let f): name = f.qualifiedName
        default: name = interp.callableName(function)
        }
        return "<bound method \(name) of \(try interp.repr(receiver))>"
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        if case .function(let f) = function { return try f.callWithReceiver(receiver, args, interp) }
        var all: Arguments = args
        all.positional.insert(receiver, at: 0)
        return try interp.call(function, all)
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__func__": return function
        case "__self__": return receiver
        default: return try interp.getAttribute(function, name)
        }
    }

    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual, case .object(let o) = other, let m = o as? BoundMethod else { return nil }
        let same: Bool = interp.isSame(function, m.function) && interp.isSame(receiver, m.receiver)
        return .bool(op == .equal ? same : !same)
    }
}

/// `@property`: a data descriptor with a getter and optional setter and deleter.
final class PropertyObject: PyObject {
    let getter: Value
    let setter: Value
    let deleter: Value
    let doc: Value

    init(getter: Value, setter: Value, deleter: Value, doc: Value) {
        self.getter = getter
        self.setter = setter
        self.deleter = deleter
        self.doc = doc
    }

    var typeName: String { "property" }
    func repr(_ interp: Interpreter) throws -> String {
        "<property object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }

    /// `obj.name`.
    func get(_ obj: Value, _ name: String, _ interp: Interpreter) throws -> Value {
        if getter.isNone { throw PyException.attributeError("property '\(name)' of '\(obj.typeName)' object has no getter") }
        return try interp.call(getter, [obj])
    }

    /// `obj.name = value`.
    func set(_ obj: Value, _ value: Value, _ name: String, _ interp: Interpreter) throws {
        if setter.isNone { throw PyException.attributeError("property '\(name)' of '\(obj.typeName)' object has no setter") }
        _ = try interp.call(setter, [obj, value])
    }

    /// `del obj.name`.
    func delete(_ obj: Value, _ name: String, _ interp: Interpreter) throws {
        if deleter.isNone { throw PyException.attributeError("property '\(name)' of '\(obj.typeName)' object has no deleter") }
        _ = try interp.call(deleter, [obj])
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "fget": return getter
        case "fset": return setter
        case "fdel": return deleter
        case "__doc__":
            if !doc.isNone { return doc }
            if case .function(let f) = getter { return f.doc.map { .str($0) } ?? Value.none }
            return Value.none
        default: return nil
        }
    }
}

/// `@staticmethod`: the function, unbound through instances and the class.
final class StaticMethodObject: PyObject, CallableMarker {
    let function: Value
    init(_ function: Value) { self.function = function }
    var typeName: String { "staticmethod" }
    func repr(_ interp: Interpreter) throws -> String { "<staticmethod(\(try interp.repr(function)))>" }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { try interp.call(function, args) }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__func__" ? function : nil
    }
}

/// `@classmethod`: the function bound to the class (of the instance it is looked up on).
final class ClassMethodObject: PyObject {
    let function: Value
    init(_ function: Value) { self.function = function }
    var typeName: String { "classmethod" }
    func repr(_ interp: Interpreter) throws -> String { "<classmethod(\(try interp.repr(function)))>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__func__" ? function : nil
    }
}

/// `super()` / `super(C, obj)`: attribute lookup that starts after `start` in the MRO of
/// `obj`'s class (or of `obj` itself when it is a class, inside a classmethod).
final class SuperObject: PyObject {
    let start: PyType
    let object: Value
    let objectType: PyType

    init(start: PyType, object: Value, _ interp: Interpreter) throws {
        self.start = start
        self.object = object
        if case .object(let o) = object, let t = o as? PyType, t.isSubclass(of: start) {
            objectType = t
        } else {
            objectType = interp.type(of: object)
            guard objectType.isSubclass(of: start) else {
                throw PyException.typeError("super(type, obj): obj must be an instance or subtype of type")
            }
        }
    }

    var typeName: String { "super" }
    func repr(_ interp: Interpreter) throws -> String {
        "<super: <class '\(start.name)'>, <\(objectType.name) object>>"
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let mro: [PyType] = objectType.mro
        guard let i = mro.firstIndex(where: { $0 === start }) else { return nil }
        let objectIsClass: Bool = { if case .object(let o) = object, o === objectType { return true }; return false }()
        for t in mro[(i + 1)...] {
            var found: PyType.Found? = nil
            if let v = try t.dict.get(.str(name)) {
                found = .value(v)
            } else if !t.isHeapType, let b = interp.registry.method(t.name, name) {
                found = .native(b)
            }
            guard let f = found else { continue }
            if objectIsClass {
                if case .value(let v) = f { return try ObjectModel.bindToClass(v, objectType, interp) }
                if case .native(let b) = f {
                    // `super().__new__(cls)` and friends: native class-level methods take the class.
                    return name == "__new__" ? .object(BuiltinFunction(b, displayName: name))
                        : .object(BuiltinFunction(b, receiver: object, displayName: name))
                }
            }
            return try ObjectModel.bind(f, to: object, type: objectType, name: name, interp)
        }
        throw PyException.attributeError("'super' object has no attribute '\(name)'")
    }
}
