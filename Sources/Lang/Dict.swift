import BigInt

/// A dictionary key under Python's equality: `1`, `1.0` and `True` are the same key; objects
/// (tensors, functions) compare by identity, as PyTorch tensors do when hashed.
public enum HashKey: Hashable {
    case none
    case int(Int)
    case big(BigInt)
    case float(Double)
    case str(String)
    case tuple([HashKey])
    case identity(ObjectIdentifier)
    /// An object whose class defines `__hash__` (and `__eq__`) in Python.
    case custom(CustomHashKey)

    public init(_ value: Value) throws {
        switch value {
        case .none: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .bigInt(let b): self = .big(b.value)
        case .float(let d):
            if d.rounded() == d && abs(d) < 9.2e18 { self = .int(Int(d)) } else { self = .float(d) }
        case .str(let s): self = .str(s)
        case .tuple(let items): self = .tuple(try items.map { try HashKey($0) })
        case .list: throw PyException.typeError("unhashable type: 'list'")
        case .dict: throw PyException.typeError("unhashable type: 'dict'")
        case .function(let f): self = .identity(ObjectIdentifier(f))
        case .object(let o):
            if o is PySet { throw PyException.typeError("unhashable type: 'set'") }
            // NumPy scalars are equal to the Python numbers they hold (`{np.int64(1): 'a'}[1]`).
            if let s = o as? NumPyScalar { self = try HashKey(NumPyConvert.pythonValue(s.value)); return }
            if o is NumPyArray { throw PyException.typeError("unhashable type: 'numpy.ndarray'") }
            if let instance = o as? PyInstance, let interp = CustomHashKey.interpreter,
               instance.definesInPython("__hash__", interp) || instance.definesInPython("__eq__", interp) {
                self = .custom(CustomHashKey(object: o, hash: try interp.hash(value)))
                return
            }
            self = .identity(ObjectIdentifier(o))
        }
    }
}

/// A dict key made of a user object: its `__hash__`, and `__eq__` for equality. An error
/// raised by `__eq__` inside the dictionary's lookup is kept and rethrown by PyDict.
public final class CustomHashKey: Hashable {
    /// The session whose objects are hashed (set by each Interpreter; sessions run one at a time).
    nonisolated(unsafe) static weak var interpreter: Interpreter?
    nonisolated(unsafe) static var pendingError: Error?
    let object: PyObject
    let hash: Int
    init(object: PyObject, hash: Int) { self.object = object; self.hash = hash }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    public static func == (a: CustomHashKey, b: CustomHashKey) -> Bool {
        if a.object === b.object { return true }
        guard let interp = interpreter, pendingError == nil else { return false }
        do { return try interp.equals(.object(a.object), .object(b.object)) } catch {
            pendingError = error
            return false
        }
    }
    /// Rethrows an error that `__eq__` raised during the last lookup.
    static func check() throws {
        if let e = pendingError { pendingError = nil; throw e }
    }
}

/// A Python dict: insertion-ordered, with reference semantics.
public final class PyDict {
    private var keyList: [Value?] = []
    private var valueList: [Value] = []
    private var index: [HashKey: Int] = [:]
    public private(set) var count: Int = 0
    /// Set for the OrderedDicts PyTorch returns (`state_dict()`), which print as
    /// `OrderedDict([(key, value), ...])`.
    public var displayName: String? = nil
    /// A `collections.OrderedDict`: the same dict, printed, typed and saved under that name.
    public var isOrderedDict: Bool {
        get { displayName == "OrderedDict" }
        set { displayName = newValue ? "OrderedDict" : nil }
    }
    /// `type(d)` of an OrderedDict: `<class 'collections.OrderedDict'>`, built by the
    /// `collections.OrderedDict` builtin.
    public static let orderedDictType: PyType = PyType("OrderedDict", qualifiedName: "collections.OrderedDict") { args, interp in
        try interp.invokeConstructor("collections.OrderedDict", args)
    }

    public init() {}

    /// Entries in insertion order.
    public var entries: [(Value, Value)] {
        var out: [(Value, Value)] = []
        out.reserveCapacity(count)
        for (i, k) in keyList.enumerated() { if let k = k { out.append((k, valueList[i])) } }
        return out
    }
    public var keys: [Value] { keyList.compactMap { $0 } }
    public var values: [Value] { entries.map { $0.1 } }

    public func get(_ key: Value) throws -> Value? {
        let found: Int? = index[try HashKey(key)]
        try CustomHashKey.check()
        guard let i = found else { return nil }
        return valueList[i]
    }
    public func contains(_ key: Value) throws -> Bool {
        let found: Bool = index[try HashKey(key)] != nil
        try CustomHashKey.check()
        return found
    }

    public func set(_ key: Value, _ value: Value) throws {
        let h: HashKey = try HashKey(key)
        let existing: Int? = index[h]
        try CustomHashKey.check()
        if let i = existing {
            valueList[i] = value
        } else {
            index[h] = keyList.count
            keyList.append(key)
            valueList.append(value)
            count += 1
        }
    }

    /// Removes and returns the value for `key`, or nil when absent.
    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        let h: HashKey = try HashKey(key)
        let removed: Int? = index.removeValue(forKey: h)
        try CustomHashKey.check()
        guard let i = removed else { return nil }
        let v: Value = valueList[i]
        keyList[i] = nil
        valueList[i] = .none
        count -= 1
        if keyList.count > 32 && count * 2 < keyList.count { compact() }
        return v
    }

    public func removeAll() {
        keyList = []; valueList = []; index = [:]; count = 0
    }

    public func copy() -> PyDict {
        let d: PyDict = PyDict()
        d.displayName = displayName
        for (k, v) in entries { try? d.set(k, v) }  // keys were hashable when first inserted
        return d
    }

    private func compact() {
        let e: [(Value, Value)] = entries
        removeAll()
        for (k, v) in e { try? set(k, v) }
    }
}

/// A Python set (insertion-ordered here, which Python does not promise but users never mind).
public final class PySet: PyObject {
    public let storage: PyDict
    public init(_ items: [Value] = []) throws {
        storage = PyDict()
        for v in items { try storage.set(v, .none) }
    }
    /// The elements in the order CPython iterates them (see `CPythonSetOrder`).
    public var items: [Value] { CPythonSetOrder.arrange(storage.keys) }
    public var typeName: String { "set" }
    public func repr(_ interp: Interpreter) throws -> String {
        if storage.count == 0 { return "set()" }
        return "{" + (try items.map { try interp.repr($0) }.joined(separator: ", ")) + "}"
    }
    public func length(_ interp: Interpreter) throws -> Int? { storage.count }
    public func iterate(_ interp: Interpreter) throws -> [Value]? { items }
    public func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? { try storage.contains(other) }
    public func truthiness(_ interp: Interpreter) throws -> Bool? { storage.count > 0 }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o) = other, let rhs = o as? PySet else { return nil }
        let a: Set<HashKey> = Set(try items.map { try HashKey($0) })
        let b: Set<HashKey> = Set(try rhs.items.map { try HashKey($0) })
        let (l, r) = reflected ? (b, a) : (a, b)
        switch op {
        case .equal: return .bool(l == r)
        case .notEqual: return .bool(l != r)
        case .lessEqual: return .bool(l.isSubset(of: r))
        case .less: return .bool(l.isStrictSubset(of: r))
        case .greaterEqual: return .bool(l.isSuperset(of: r))
        case .greater: return .bool(l.isStrictSuperset(of: r))
        default: return nil
        }
    }
    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o) = other, let rhs = o as? PySet else { return nil }
        let (l, r) = reflected ? (rhs, self) : (self, rhs)
        switch op {
        case .bitOr: return .object(try PySet(l.items + r.items))
        case .bitAnd: return .object(try PySet(try l.items.filter { try r.storage.contains($0) }))
        case .subtract: return .object(try PySet(try l.items.filter { try !r.storage.contains($0) }))
        case .bitXor:
            let a: [Value] = try l.items.filter { try !r.storage.contains($0) }
            let b: [Value] = try r.items.filter { try !l.storage.contains($0) }
            return .object(try PySet(a + b))
        default: return nil
        }
    }
}
