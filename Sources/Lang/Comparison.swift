import BigInt

/// Truthiness, comparisons and equality of Python values.
extension Interpreter {
    /// `bool(v)`.
    public func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .bigInt: return true
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .dict(let d): return d.count > 0
        case .function: return true
        case .object(let o):
            if let b = try o.truthiness(self) { return b }
            if let n = try o.length(self) { return n > 0 }
            return true
        }
    }

    /// `a op b` for a comparison operator; the result is a Value because tensors compare
    /// elementwise.
    public func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return .bool(compareOrdered(op, x, y))
        case (.float(let x), .float(let y)):
            return .bool(compareOrdered(op, x, y))
        default: break
        }
        switch op {
        case .is: return .bool(isSame(a, b))
        case .isNot: return .bool(!isSame(a, b))
        case .in: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default: break
        }
        if case .object(let o) = a, let r = try o.compare(op, b, reflected: false, self) { return r }
        if case .object(let o) = b, let r = try o.compare(op, a, reflected: true, self) { return r }
        if op == .equal { return .bool(try equals(a, b)) }
        if op == .notEqual { return .bool(!(try equals(a, b))) }
        if let order = try ordering(a, b) {
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            case .greaterEqual: return .bool(order >= 0)
            default: break
            }
        }
        throw PyException.typeError("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }

    private func compareOrdered<T: Comparable>(_ op: ComparisonOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        case .equal, .is: return x == y
        case .notEqual, .isNot: return x != y
        case .in, .notIn: return false
        }
    }

    /// Python's `is`: identity for objects; small immutable values compare by value, which is
    /// what CPython's caching makes users see for None, bools and small ints.
    public func isSame(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        // Immutable scalars have no observable identity here; equal values count as the same
        // object (CPython agrees for anything bound from one another, and for small ints).
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.str(let x), .str(let y)): return x == y
        case (.tuple(let x), .tuple(let y)):
            if x.isEmpty || y.isEmpty { return x.isEmpty && y.isEmpty }
            let p: UnsafeRawPointer? = x.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            let q: UnsafeRawPointer? = y.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            return p == q
        default:
            if let p = a.identity, let q = b.identity { return p == q }
            return false
        }
    }

    /// Python `==` as a Bool (containers compare elementwise; objects may answer themselves).
    public func equals(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return try sequenceEquals(x, y)
        case (.list(let x), .list(let y)):
            if x === y { return true }
            return try sequenceEquals(x.items, y.items)
        case (.dict(let x), .dict(let y)):
            if x.count != y.count { return false }
            for (k, v) in x.entries {
                guard let w = try y.get(k), try equals(v, w) else { return false }
            }
            return true
        case (.function(let f), .function(let g)): return f === g
        default: break
        }
        if let x = a.bigIntValue, let y = b.bigIntValue { return x == y }
        if let x = a.numericDouble, let y = b.numericDouble {
            if case .bigInt = a, case .float = b { return y.isFinite && BigInt(exactly: y) == a.bigIntValue }
            if case .float = a, case .bigInt = b { return x.isFinite && BigInt(exactly: x) == b.bigIntValue }
            return x == y
        }
        if case .object(let o) = a {
            if let r = try o.compare(.equal, b, reflected: false, self) { return try truthy(r) }
        }
        if case .object(let o) = b {
            if let r = try o.compare(.equal, a, reflected: true, self) { return try truthy(r) }
        }
        if let p = a.identity, let q = b.identity { return p == q }
        return false
    }

    private func sequenceEquals(_ x: [Value], _ y: [Value]) throws -> Bool {
        if x.count != y.count { return false }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > recursionLimit { throw PyException(ExceptionTypes.recursionError, "maximum recursion depth exceeded in comparison") }
        for i in 0..<x.count where !(try isSame(x[i], y[i]) || equals(x[i], y[i])) { return false }
        return true
    }

    /// Three-way ordering for numbers, strings and sequences; nil when the types do not order.
    public func ordering(_ a: Value, _ b: Value) throws -> Int? {
        switch (a, b) {
        case (.str(let x), .str(let y)): return x == y ? 0 : (x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1)
        case (.tuple(let x), .tuple(let y)): return try sequenceOrdering(x, y)
        case (.list(let x), .list(let y)): return try sequenceOrdering(x.items, y.items)
        default: break
        }
        if let x = a.bigIntValue, let y = b.bigIntValue { return x == y ? 0 : (x < y ? -1 : 1) }
        if let x = a.numericDouble, let y = b.numericDouble {
            if x.isNaN || y.isNaN { return 2 }  // every comparison with NaN is False
            return x == y ? 0 : (x < y ? -1 : 1)
        }
        if case .object(let o) = a, let r = try o.compare(.less, b, reflected: false, self) {
            if try truthy(r) { return -1 }
            return try equals(a, b) ? 0 : 1
        }
        return nil
    }

    private func sequenceOrdering(_ x: [Value], _ y: [Value]) throws -> Int? {
        for i in 0..<min(x.count, y.count) {
            if try equals(x[i], y[i]) { continue }
            return try ordering(x[i], y[i]) ?? { throw PyException.typeError("'<' not supported between instances of '\(x[i].typeName)' and '\(y[i].typeName)'") }()
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// `item in container`.
    public func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw PyException.typeError("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d): return try d.contains(item)
        case .object(let o):
            if let r = try o.contains(item, self) { return r }
        default: break
        }
        for element in try iterate(container) where try isSame(element, item) || equals(element, item) {
            return true
        }
        return false
    }

    /// Python's `hash(v)`.
    public func hash(_ v: Value) throws -> Int {
        if case .object(let o) = v, !(o is PySet) { return try o.hash(self) }
        if case .str(let s) = v { return s.hashValue }
        return try HashKey(v).hashValue
    }
}
