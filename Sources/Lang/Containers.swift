import BigInt

/// Iteration, length, indexing and attribute access on Python values.
extension Interpreter {
    /// The elements `for x in v` visits.
    public func iterate(_ v: Value) throws -> [Value] {
        switch v {
        case .str(let s): return s.map { .str(String($0)) }
        case .tuple(let t): return t
        case .list(let l): return l.items
        case .dict(let d): return d.keys
        case .object(let o):
            if let items = try o.iterate(self) { return items }
        default: break
        }
        throw PyException.typeError("'\(v.typeName)' object is not iterable")
    }

    /// `len(v)`.
    public func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .tuple(let t): return t.count
        case .list(let l): return l.items.count
        case .dict(let d): return d.count
        case .object(let o):
            if let n = try o.length(self) { return n }
        default: break
        }
        throw PyException.typeError("object of type '\(v.typeName)' has no len()")
    }

    /// The integer meaning of `v` where Python requires one (`__index__`): ints, bools, and
    /// objects that answer `index` (0-d integer tensors). Nil otherwise.
    public func asIndex(_ v: Value) throws -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .bigInt: throw PyException.indexError("cannot fit 'int' into an index-sized integer")
        case .object(let o): return try o.index(self)
        default: return nil
        }
    }

    /// Normalises a possibly negative index into `0..<count`, or raises IndexError.
    func normalizedIndex(_ key: Value, count: Int, what: String) throws -> Int {
        guard let i = try asIndex(key) else {
            throw PyException.typeError("\(what) indices must be integers or slices, not \(key.typeName)")
        }
        let j: Int = i < 0 ? i + count : i
        if j < 0 || j >= count { throw PyException.indexError("\(what) index out of range") }
        return j
    }

    /// `container[key]`.
    public func getItem(_ container: Value, _ key: Value) throws -> Value {
        switch container {
        case .list(let l):
            if case .object(let o) = key, let s = o as? PySlice {
                return .list(PyList(try s.select(l.items, self)))
            }
            return l.items[try normalizedIndex(key, count: l.items.count, what: "list")]
        case .tuple(let t):
            if case .object(let o) = key, let s = o as? PySlice { return .tuple(try s.select(t, self)) }
            return t[try normalizedIndex(key, count: t.count, what: "tuple")]
        case .str(let s):
            let chars: [Character] = Array(s)
            if case .object(let o) = key, let sl = o as? PySlice {
                return .str(String(try sl.select(chars, self)))
            }
            guard try asIndex(key) != nil else {
                throw PyException.typeError("string indices must be integers, not '\(key.typeName)'")
            }
            return .str(String(chars[try normalizedIndex(key, count: chars.count, what: "string")]))
        case .dict(let d):
            if let v = try d.get(key) { return v }
            throw PyException.keyError(key)
        case .object(let o):
            return try o.getItem(key, self)
        default:
            throw PyException.typeError("'\(container.typeName)' object is not subscriptable")
        }
    }

    /// `container[key] = value`.
    public func setItem(_ container: Value, _ key: Value, _ value: Value) throws {
        switch container {
        case .list(let l):
            if case .object(let o) = key, let s = o as? PySlice {
                try s.assign(into: &l.items, try iterate(value), self)
                return
            }
            l.items[try normalizedIndex(key, count: l.items.count, what: "list assignment")] = value
        case .dict(let d):
            try d.set(key, value)
        case .object(let o):
            try o.setItem(key, value, self)
        default:
            throw PyException.typeError("'\(container.typeName)' object does not support item assignment")
        }
    }

    /// `del container[key]`.
    public func deleteItem(_ container: Value, _ key: Value) throws {
        switch container {
        case .list(let l):
            if case .object(let o) = key, let s = o as? PySlice {
                let keep: Set<Int> = Set(try s.indices(count: l.items.count, self))
                l.items = l.items.enumerated().filter { !keep.contains($0.offset) }.map { $0.element }
                return
            }
            l.items.remove(at: try normalizedIndex(key, count: l.items.count, what: "list assignment"))
        case .dict(let d):
            if try d.remove(key) == nil { throw PyException.keyError(key) }
        case .object(let o):
            try o.deleteItem(key, self)
        default:
            throw PyException.typeError("'\(container.typeName)' object does not support item deletion")
        }
    }

    /// `v.name`: the object's own attributes, then builtin methods declared as `Type.name`.
    public func getAttribute(_ v: Value, _ name: String) throws -> Value {
        if case .object(let o) = v, let r = try o.getAttribute(name, self) { return r }
        if case .function(let f) = v {
            if name == "__name__" { return .str(f.name) }
            if name == "__doc__" { return f.doc.map { .str($0) } ?? .none }
        }
        let typeName: String = methodTypeName(v)
        if let b = registry.method(typeName, name) {
            return .object(BuiltinFunction(b, receiver: v, displayName: name))
        }
        if case .object(let o) = v, let t = o as? PyType, let b = registry.method(t.name, name) {
            return .object(BuiltinFunction(b, displayName: name))  // unbound: list.append(xs, 1)
        }
        switch name {
        case "__class__": return .object(type(of: v))
        case "__name__":
            if case .object(let o) = v, let b = o as? BuiltinFunction { return .str(b.displayName) }
            if case .object(let o) = v, let m = o as? ModuleObject { return .str(m.name) }
        case "__doc__":
            if case .object(let o) = v, let b = o as? BuiltinFunction { return .str(b.builtin.doc) }
        default: break
        }
        if case .object(let o) = v, o is ModuleObject {
            throw PyException.attributeError("module '\((o as! ModuleObject).name)' has no attribute '\(name)'")
        }
        throw PyException.attributeError("'\(v.typeName)' object has no attribute '\(name)'")
    }

    /// The type name methods are registered under (`int`, `str`, `list`, or an object's typeName).
    func methodTypeName(_ v: Value) -> String {
        switch v {
        case .bigInt: return "int"
        default: return v.typeName
        }
    }

    /// `v.name = value`.
    public func setAttribute(_ v: Value, _ name: String, _ value: Value) throws {
        if case .object(let o) = v, try o.setAttribute(name, value, self) { return }
        if case .function(let f) = v {
            f.attributes[name] = value
            return
        }
        if registry.method(methodTypeName(v), name) != nil {
            throw PyException.attributeError("'\(v.typeName)' object attribute '\(name)' is read-only")
        }
        throw PyException.attributeError("'\(v.typeName)' object has no attribute '\(name)'")
    }

    /// Every attribute name of `v` for `dir()` and completion.
    public func attributeNames(_ v: Value) -> [String] {
        var names: Set<String> = Set(registry.names(under: methodTypeName(v)))
        if case .object(let o) = v { names.formUnion(o.attributeNames(self)) }
        return names.sorted()
    }

    /// `f(args)`.
    public func call(_ f: Value, _ args: Arguments) throws -> Value {
        switch f {
        case .function(let fn): return try fn.call(args, self)
        case .object(let o):
            if let r = try o.call(args, self) { return r }
        default: break
        }
        throw PyException.typeError("'\(f.typeName)' object is not callable")
    }

    /// Calls `f` with positional arguments only.
    public func call(_ f: Value, _ positional: [Value]) throws -> Value {
        try call(f, Arguments(positional))
    }

    /// Whether `callable(v)`.
    public func isCallable(_ v: Value) -> Bool {
        switch v {
        case .function: return true
        case .object(let o):
            if let i = o as? PyInstance { return i.pyType.lookup("__call__", registry) != nil }
            return o is PyType || o is BuiltinFunction || o is BoundMethodLike || typeIsCallable(o)
        default: return false
        }
    }

    private func typeIsCallable(_ o: PyObject) -> Bool {
        (o as? CallableMarker) != nil
    }
}

/// Marks native objects that are callable, for `callable()` (objects answer `call` but the
/// protocol cannot say so without calling).
public protocol CallableMarker {}
/// Internal callables (partials, bound user methods).
protocol BoundMethodLike {}
