/// The builtins of the object model: `property`, `staticmethod`, `classmethod`, `super`,
/// `issubclass`, `vars`, `delattr`, `NotImplemented`, and the methods of `object` and
/// `BaseException` that user classes inherit (so `super().__init__(msg)` reaches them).
extension ObjectModel {
    static func register(_ r: BuiltinRegistry) {
        r.setConstant("NotImplemented", .object(NotImplementedObject.shared))
        r.add(["property"], "property(fget=None, fset=None, fdel=None, doc=None)",
              doc: "A managed attribute: fget runs on reading, fset on assignment, fdel on del (use as @property).") { a in
            .object(PropertyObject(getter: a["fget"], setter: a["fset"], deleter: a["fdel"], doc: a["doc"]))
        }
        for (name, what) in [("setter", "setter"), ("getter", "getter"), ("deleter", "deleter")] {
            r.add(["property.\(name)"], "\(name)(self, function, /)", doc: "A copy of the property with function as its \(what) (use as @prop.\(name)).") { a in
                guard case .object(let o) = a["self"], let p = o as? PropertyObject else {
                    throw PyException.typeError("descriptor '\(name)' requires a 'property' object")
                }
                let f: Value = a["function"]
                return .object(PropertyObject(getter: name == "getter" ? f : p.getter, setter: name == "setter" ? f : p.setter,
                                              deleter: name == "deleter" ? f : p.deleter, doc: p.doc))
            }
        }
        r.add(["staticmethod"], "staticmethod(function, /)", doc: "A method that receives neither the instance nor the class (use as @staticmethod).") { a in
            .object(StaticMethodObject(a["function"]))
        }
        r.add(["classmethod"], "classmethod(function, /)", doc: "A method that receives the class as its first argument (use as @classmethod).") { a in
            .object(ClassMethodObject(a["function"]))
        }
        r.add(["super"], "super(type=None, object_or_type=None, /)",
              doc: "The rest of the method resolution order after type, bound to the object: super().__init__(...) inside a method.") { a in
            guard case .object(let o) = a["type"], let start = o as? PyType else {
                if a["type"].isNone { throw PyException.runtimeError("super(): no arguments") }
                throw PyException.typeError("super() argument 1 must be a type, not \(a["type"].typeName)")
            }
            if a["object_or_type"].isNone { throw PyException.runtimeError("tcalc supports super() and super(type, obj), not unbound super(type)") }
            return .object(try SuperObject(start: start, object: a["object_or_type"], a.interp))
        }
        r.add(["issubclass"], "issubclass(cls, class_or_tuple, /)", doc: "Whether cls derives from the class (or from any class in a tuple).") { a in
            guard case .object(let o) = a["cls"], let cls = o as? PyType else {
                throw PyException.typeError("issubclass() arg 1 must be a class")
            }
            func check(_ t: Value) throws -> Bool {
                switch t {
                case .object(let o):
                    if let type = o as? PyType { return cls.isSubclass(of: type) }
                case .tuple(let items):
                    for item in items where try check(item) { return true }
                    return false
                default: break
                }
                throw PyException.typeError("issubclass() arg 2 must be a class, a tuple of classes, or a union")
            }
            return .bool(try check(a["class_or_tuple"]))
        }
        r.add(["vars"], "vars(object=None, /)", doc: "The object's __dict__ (its attributes as a live dict), or the globals without an argument.") { a in
            if a["object"].isNone {
                let d: PyDict = PyDict()
                for (i, name) in a.interp.globals.names.enumerated() {
                    if let v = a.interp.globals.values[i] { try d.set(.str(name), v) }
                }
                return .dict(d)
            }
            do {
                return try a.interp.getAttribute(a["object"], "__dict__")
            } catch let e as PyException where e.exception.type === ExceptionTypes.attributeError {
                throw PyException.typeError("vars() argument must have __dict__ attribute")
            }
        }
        r.add(["delattr"], "delattr(obj, name, /)", doc: "Deletes the named attribute (as del obj.name).") { a in
            try a.interp.deleteAttribute(a["obj"], try a.string("name"))
            return .none
        }
        registerObjectMethods(r)
    }

    /// `object`'s and `BaseException`'s methods, found through the MRO of every user class.
    static func registerObjectMethods(_ r: BuiltinRegistry) {
        r.add(["object.__init__"], "__init__(self, /, *args, **kwargs)", doc: "Initialises an object (takes no arguments beyond self).") { a in
            if !a.varArgs.isEmpty || !a.varKeywords.isEmpty {
                let type: PyType = a.interp.type(of: a["self"])
                if case .native(let b)? = type.lookup("__init__", a.interp.registry), b.names.contains("object.__init__") {
                    throw PyException.typeError("\(type.name)() takes no arguments")
                }
                throw PyException.typeError("object.__init__() takes exactly one argument (the instance to initialize)")
            }
            return .none
        }
        r.add(["object.__new__"], "__new__(cls, /, *args, **kwargs)", doc: "A new, uninitialised instance of cls.") { a in
            guard case .object(let o) = a["cls"], let type = o as? PyType else {
                throw PyException.typeError("object.__new__(X): X is not a type object (\(a["cls"].typeName))")
            }
            guard let allocate = type.allocator else { throw PyException.typeError("cannot create '\(type.qualifiedName)' instances") }
            return .object(try allocate(type, Arguments(a.varArgs), a.interp))
        }
        r.add(["object.__repr__"], "__repr__(self, /)", doc: "The default repr: <module.Class object at 0x…>.") { a in
            if case .object(let o) = a["self"], let i = o as? PyInstance { return .str(i.defaultRepr) }
            if case .object(let o) = a["self"], let e = o as? ExceptionObject { return .str(try e.nativeRepr(a.interp)) }
            return .str(try a.interp.repr(a["self"]))
        }
        r.add(["object.__str__"], "__str__(self, /)", doc: "str(self): the repr unless a class defines __str__.") { a in
            .str(try a.interp.repr(a["self"]))
        }
        r.add(["object.__setattr__"], "__setattr__(self, name, value, /)", doc: "Sets an attribute without calling an overriding __setattr__.") { a in
            let name: String = try a.string("name")
            if case .object(let o) = a["self"], let i = o as? PyInstance {
                try i.genericSetAttribute(name, a["value"], a.interp)
            } else {
                try a.interp.setAttribute(a["self"], name, a["value"])
            }
            return .none
        }
        r.add(["object.__getattribute__"], "__getattribute__(self, name, /)", doc: "Looks an attribute up without __getattr__.") { a in
            let name: String = try a.string("name")
            if case .object(let o) = a["self"], let i = o as? PyInstance {
                if let v = try i.genericGetAttribute(name, a.interp) { return v }
                throw PyException.attributeError("'\(i.pyType.name)' object has no attribute '\(name)'")
            }
            return try a.interp.getAttribute(a["self"], name)
        }
        r.add(["object.__delattr__"], "__delattr__(self, name, /)", doc: "Deletes an attribute without calling an overriding __delattr__.") { a in
            let name: String = try a.string("name")
            if case .object(let o) = a["self"], let i = o as? PyInstance {
                try i.genericDeleteAttribute(name, a.interp)
            } else {
                try a.interp.deleteAttribute(a["self"], name)
            }
            return .none
        }
        r.add(["object.__eq__"], "__eq__(self, value, /)", doc: "Identity: True for the same object, else NotImplemented.") { a in
            a.interp.isSame(a["self"], a["value"]) ? .bool(true) : .object(NotImplementedObject.shared)
        }
        r.add(["BaseException.__init__"], "__init__(self, /, *args)", doc: "Stores the arguments as the exception's args.") { a in
            guard case .object(let o) = a["self"], let e = o as? ExceptionObject else {
                throw PyException.typeError("descriptor '__init__' requires a 'BaseException' object but received a '\(a["self"].typeName)'")
            }
            e.args = a.varArgs
            return .none
        }
        r.add(["BaseException.__str__"], "__str__(self, /)", doc: "The message: the single argument, or the args tuple.") { a in
            guard case .object(let o) = a["self"], let e = o as? ExceptionObject else { return .str(try a.interp.str(a["self"])) }
            return .str(try e.nativeStr(a.interp))
        }
        r.add(["BaseException.__repr__"], "__repr__(self, /)", doc: "ClassName(args…).") { a in
            guard case .object(let o) = a["self"], let e = o as? ExceptionObject else { return .str(try a.interp.repr(a["self"])) }
            return .str(try e.nativeRepr(a.interp))
        }
    }
}

extension Interpreter {
    /// `cls(*args)` for classes that allocate and initialise: the nearest `__new__` (or the
    /// allocator of the nearest native base), then `__init__` found through the MRO.
    func instantiate(_ type: PyType, _ args: Arguments) throws -> Value {
        let instance: Value
        if case .value(let newFunction)? = type.lookup("__new__", registry) {
            var all: Arguments = args
            all.positional.insert(.object(type), at: 0)
            let f: Value
            if case .object(let o) = newFunction, let s = o as? StaticMethodObject { f = s.function } else { f = newFunction }
            instance = try call(f, all)
            guard isInstance(instance, of: type) else { return instance }
        } else {
            guard let allocate = type.allocator else {
                throw PyException.typeError("cannot create '\(type.qualifiedName)' instances")
            }
            instance = .object(try allocate(type, args, self))
        }
        if let found = type.lookup("__init__", registry) {
            let r: Value = try ObjectModel.callFound(found, receiver: instance, type: type, args, self)
            if !r.isNone { throw PyException.typeError("__init__() should return None, not '\(r.typeName)'") }
        }
        return instance
    }

    /// `del obj.name` / `delattr(obj, name)`.
    public func deleteAttribute(_ v: Value, _ name: String) throws {
        if case .object(let o) = v, try o.deleteAttribute(name, self) { return }
        if case .function(let f) = v, f.attributes.removeValue(forKey: name) != nil { return }
        throw PyException.attributeError("'\(v.typeName)' object has no attribute '\(name)'")
    }

    /// The iterator `for` pulls from: native iterators and generators themselves, and for
    /// user objects `__iter__`'s result (stepped with `__next__`) or, failing that, `__getitem__`
    /// with 0, 1, 2, … until IndexError. nil for everything else (the caller materialises).
    func lazyIterator(_ o: PyObject) throws -> LazyIterator? {
        if let lazy = o as? LazyIterator { return lazy }
        guard let instance = o as? PyInstance else { return nil }
        if let r = try instance.callSpecial("__iter__", [], self) {
            guard case .object(let it) = r else { throw PyException.typeError("iter() returned non-iterator of type '\(r.typeName)'") }
            if let lazy = it as? LazyIterator { return lazy }
            if let inner = it as? PyInstance, inner.pyType.lookup("__next__", registry) != nil { return InstanceIterator(inner) }
            if let items = try it.iterate(self) { return PyIterator("iterator", items) }
            throw PyException.typeError("iter() returned non-iterator of type '\(it.typeName)'")
        }
        if instance.pyType.lookup("__getitem__", registry) != nil { return GetItemIterator(instance) }
        return nil
    }
}

/// A user object with `__next__`, stepped until it raises StopIteration.
final class InstanceIterator: LazyIterator {
    let instance: PyInstance
    init(_ instance: PyInstance) { self.instance = instance }
    func next(_ interp: Interpreter) throws -> Value? {
        do {
            return try instance.callSpecial("__next__", [], interp)
        } catch let e as PyException where e.exception.type.isSubclass(of: ExceptionTypes.stopIteration) {
            return nil
        }
    }
}

/// The old sequence protocol: `obj[0]`, `obj[1]`, … until IndexError.
final class GetItemIterator: LazyIterator {
    let instance: PyInstance
    var position: Int = 0
    init(_ instance: PyInstance) { self.instance = instance }
    func next(_ interp: Interpreter) throws -> Value? {
        do {
            let v: Value = try instance.getItem(.int(position), interp)
            position += 1
            return v
        } catch let e as PyException where e.exception.type.isSubclass(of: ExceptionTypes.indexError)
                    || e.exception.type.isSubclass(of: ExceptionTypes.stopIteration) {
            return nil
        }
    }
}
