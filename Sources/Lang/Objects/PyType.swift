/// A Python class: the built-in types (`int`, `list`), exception classes, the types of native
/// objects (`torch.Tensor`, `nn.Linear`) and classes made by `class` statements, all one kind
/// of object. A class has bases, a C3 method resolution order and a namespace; attribute
/// lookup walks the MRO, finding values in each class's namespace and, for native classes,
/// the methods declared in the builtin table as `ClassName.method`.
///
/// ```
/// >>> class A: pass
/// >>> class B(A): pass
/// >>> [k.__name__ for k in B.__mro__]
/// ['B', 'A', 'object']
/// ```
public final class PyType: PyObject {
    /// The class's `__name__` (`'int'`, `'ValueError'`, `'Tensor'`).
    public let name: String
    /// What `repr` shows inside `<class '…'>` (`'torch.Tensor'`, `'__main__.Point'`).
    public let qualifiedName: String
    /// `__bases__`, in the order written.
    public private(set) var bases: [PyType]
    /// `__mro__`: this class first, `object` last.
    public private(set) var mro: [PyType] = []
    /// The class namespace (`__dict__`): methods, class attributes, `__doc__`.
    public let dict: PyDict = PyDict()
    /// Builds an instance from call arguments; nil for classes that allocate an instance and
    /// run `__init__` (see `allocate`).
    public var construct: ((Arguments, Interpreter) throws -> Value)?
    /// Makes an uninitialised instance of `type` (this class or a subclass) for
    /// `type.__call__`; `__init__` then runs on it. Inherited along the MRO, so a user class
    /// allocates the native object its nearest native base needs (an exception, an nn.Module).
    public var allocate: ((PyType, Arguments, Interpreter) throws -> PyObject)?
    /// True for classes made by `class` statements (their namespace may change at run time).
    public let isHeapType: Bool

    /// A native class with at most one base (`object` when none is given).
    public init(_ name: String, qualifiedName: String? = nil, base: PyType? = nil,
                construct: ((Arguments, Interpreter) throws -> Value)? = nil) {
        self.name = name
        self.qualifiedName = qualifiedName ?? name
        self.construct = construct
        isHeapType = false
        bases = base.map { [$0] } ?? []
        if name == "object" && base == nil {
            mro = [self]
        } else {
            let parent: PyType = base ?? BuiltinTypes.object
            if base == nil { bases = [parent] }
            mro = [self] + parent.mro
        }
    }

    /// A class made by a `class` statement; `linearization` is the C3 merge of its bases
    /// (see `PyType.linearize`).
    init(heapName name: String, qualifiedName: String, bases: [PyType], linearization: [PyType]) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.bases = bases
        isHeapType = true
        mro = [self] + linearization
    }

    public var base: PyType? { bases.first }

    // MARK: lookup

    /// What lookup finds on a class: a value in a class namespace, or a builtin-table method
    /// of a native class.
    enum Found {
        case value(Value)
        case native(Builtin)
    }

    /// Bumped whenever any class namespace changes, which empties every lookup cache.
    nonisolated(unsafe) static var epoch: Int = 0
    private var cache: [String: Found?] = [:]
    private var cacheEpoch: Int = -1
    private var dataDescriptors: Bool = false

    private func validateCache() {
        if cacheEpoch == PyType.epoch { return }
        cache.removeAll(keepingCapacity: true)
        cacheEpoch = PyType.epoch
        dataDescriptors = mro.contains { t in
            t.isHeapType && t.dict.values.contains { v in
                if case .object(let o) = v { return o is PropertyObject }
                return false
            }
        }
    }

    /// The attribute `name` along the MRO (cached until a namespace changes).
    func lookup(_ name: String, _ registry: BuiltinRegistry) -> Found? {
        validateCache()
        if let hit = cache[name] { return hit }
        var found: Found? = nil
        for t in mro {
            if let v = try? t.dict.get(.str(name)) {  // a str key always hashes
                found = .value(v)
                break
            }
            if !t.isHeapType, let b = registry.method(t.name, name) {
                found = .native(b)
                break
            }
        }
        cache[name] = .some(found)
        return found
    }

    /// Whether some class of the MRO holds a property (which then wins over instance attributes).
    var hasDataDescriptors: Bool {
        validateCache()
        return dataDescriptors
    }

    /// The allocator of the nearest class along the MRO that has one.
    var allocator: ((PyType, Arguments, Interpreter) throws -> PyObject)? {
        for t in mro { if let a = t.allocate { return a } }
        return nil
    }

    /// True when this class is `other` or derives from it.
    public func isSubclass(of other: PyType) -> Bool {
        if self === other { return true }
        for t in mro where t === other { return true }
        return false
    }

    /// True when this class or one of its bases is named `name`.
    func hasAncestor(named name: String) -> Bool {
        mro.contains { $0.name == name || $0.qualifiedName == name }
    }

    // MARK: C3

    /// The C3 merge of the bases' MROs and the bases themselves: the new class's MRO after
    /// itself. Raises Python's TypeError when no consistent order exists.
    static func linearize(_ bases: [PyType]) throws -> [PyType] {
        for (i, b) in bases.enumerated() where bases[(i + 1)...].contains(where: { $0 === b }) {
            throw PyException.typeError("duplicate base class \(b.name)")
        }
        var lists: [[PyType]] = bases.map { $0.mro } + [bases]
        var result: [PyType] = []
        while lists.contains(where: { !$0.isEmpty }) {
            var chosen: PyType? = nil
            for list in lists {
                guard let head = list.first else { continue }
                let inTail: Bool = lists.contains { l in l.dropFirst().contains { $0 === head } }
                if !inTail { chosen = head; break }
            }
            guard let next = chosen else {
                var heads: [PyType] = []
                for list in lists {
                    if let h = list.first, !heads.contains(where: { $0 === h }) { heads.append(h) }
                }
                throw PyException.typeError("Cannot create a consistent method resolution order (MRO) for bases "
                                            + heads.map { $0.name }.joined(separator: ", "))
            }
            result.append(next)
            for i in lists.indices where lists[i].first === next { lists[i].removeFirst() }
        }
        return result
    }

    // MARK: PyObject

    public var typeName: String { "type" }
    public func repr(_ interp: Interpreter) throws -> String { "<class '\(qualifiedName)'>" }

    public func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        if let construct = construct { return try construct(args, interp) }
        return try interp.instantiate(self, args)
    }

    public func getAttribute(_ attr: String, _ interp: Interpreter) throws -> Value? {
        switch attr {
        case "__name__": return .str(name)
        case "__qualname__":
            if isHeapType, let q = try dict.get(.str("__qualname__")) { return q }
            return .str(name)
        case "__module__":
            if isHeapType, let m = try dict.get(.str("__module__")) { return m }
            if let dot = qualifiedName.lastIndex(of: ".") { return .str(String(qualifiedName[..<dot])) }
            return .str("builtins")
        case "__mro__": return .tuple(mro.map { .object($0) })
        case "__bases__": return .tuple(bases.map { .object($0) })
        case "__base__": return base.map { .object($0) } ?? Value.none
        case "__dict__": return .dict(dict)
        case "__doc__":
            if isHeapType { return try dict.get(.str("__doc__")) ?? Value.none }
            if let b = interp.registry.builtin(named: name) { return .str(b.doc) }
            return Value.none
        case "__class__": return .object(BuiltinTypes.type)
        default: break
        }
        guard let found = lookup(attr, interp.registry) else {
            throw PyException.attributeError("type object '\(name)' has no attribute '\(attr)'")
        }
        switch found {
        case .value(let v): return try ObjectModel.bindToClass(v, self, interp)
        case .native(let b): return .object(BuiltinFunction(b, displayName: attr))
        }
    }

    public func setAttribute(_ attr: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        guard isHeapType else {
            throw PyException.typeError("cannot set '\(attr)' attribute of immutable type '\(name)'")
        }
        try dict.set(.str(attr), value)
        PyType.epoch &+= 1
        return true
    }

    public func deleteAttribute(_ attr: String, _ interp: Interpreter) throws -> Bool {
        guard isHeapType else {
            throw PyException.typeError("cannot delete '\(attr)' attribute of immutable type '\(name)'")
        }
        guard try dict.remove(.str(attr)) != nil else {
            throw PyException.attributeError("type object '\(name)' has no attribute '\(attr)'")
        }
        PyType.epoch &+= 1
        return true
    }

    public func attributeNames(_ interp: Interpreter) -> [String] {
        var names: Set<String> = ["__name__", "__qualname__", "__module__", "__mro__", "__bases__", "__dict__", "__doc__", "__class__"]
        for t in mro {
            for k in t.dict.keys { if case .str(let s) = k { names.insert(s) } }
            if !t.isHeapType { names.formUnion(interp.registry.names(under: t.name)) }
        }
        return names.sorted()
    }
}
