/// `slice(start, stop, step)`: what `a[1:3]` passes to `getItem`. Bounds are raw Values (None
/// when omitted) so that native objects can interpret them (tensors accept 0-d tensors).
public final class PySlice: PyObject {
    public let start: Value
    public let stop: Value
    public let step: Value
    public init(start: Value, stop: Value, step: Value) {
        self.start = start; self.stop = stop; self.step = step
    }
    public var typeName: String { "slice" }
    public func repr(_ interp: Interpreter) throws -> String {
        "slice(\(try interp.repr(start)), \(try interp.repr(stop)), \(try interp.repr(step)))"
    }
    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "start": return start
        case "stop": return stop
        case "step": return step
        default: return nil
        }
    }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual, case .object(let o) = other, let s = o as? PySlice else { return nil }
        let same: Bool = try interp.equals(.tuple([start, stop, step]), .tuple([s.start, s.stop, s.step]))
        return .bool(op == .equal ? same : !same)
    }

    /// Python's `slice.indices(count)`: clamped (start, stop, step).
    public func resolve(count: Int, _ interp: Interpreter) throws -> (start: Int, stop: Int, step: Int) {
        func bound(_ v: Value) throws -> Int? {
            if v.isNone { return nil }
            guard let i = try interp.asIndex(v) else {
                throw PyException.typeError("slice indices must be integers or None or have an __index__ method")
            }
            return i
        }
        let stepValue: Int = try bound(step) ?? 1
        if stepValue == 0 { throw PyException.valueError("slice step cannot be zero") }
        let lower: Int = stepValue < 0 ? -1 : 0
        let upper: Int = stepValue < 0 ? count - 1 : count
        func clamp(_ raw: Int?, _ fallback: Int) -> Int {
            guard var i = raw else { return fallback }
            if i < 0 {
                i += count
                return i < lower ? lower : i
            }
            return i > upper ? upper : i
        }
        let s: Int = clamp(try bound(start), stepValue < 0 ? upper : lower)
        let e: Int = clamp(try bound(stop), stepValue < 0 ? lower : upper)
        return (s, e, stepValue)
    }

    /// The selected positions in a sequence of `count` elements.
    public func indices(count: Int, _ interp: Interpreter) throws -> [Int] {
        let (s, e, st) = try resolve(count: count, interp)
        var out: [Int] = []
        var i: Int = s
        if st > 0 {
            while i < e { out.append(i); i += st }
        } else {
            while i > e { out.append(i); i += st }
        }
        return out
    }

    func select<T>(_ items: [T], _ interp: Interpreter) throws -> [T] {
        let (s, e, st) = try resolve(count: items.count, interp)
        if st == 1 { return s < e ? Array(items[s..<e]) : [] }
        return try indices(count: items.count, interp).map { items[$0] }
    }

    func assign(into items: inout [Value], _ values: [Value], _ interp: Interpreter) throws {
        let (s, e, st) = try resolve(count: items.count, interp)
        if st == 1 {
            items.replaceSubrange(s..<max(s, e), with: values)
            return
        }
        let positions: [Int] = try indices(count: items.count, interp)
        if positions.count != values.count {
            throw PyException.valueError("attempt to assign sequence of size \(values.count) to extended slice of size \(positions.count)")
        }
        for (p, v) in zip(positions, values) { items[p] = v }
    }
}

/// `range(start, stop, step)`: lazy, so `for i in range(10**6)` allocates nothing per step.
public final class PyRange: PyObject {
    public let start: Int
    public let stop: Int
    public let step: Int
    /// The number of elements, computed once without overflowing.
    public let count: Int

    /// Throws OverflowError when the length does not fit in 64 bits (Python's own limit).
    public init(start: Int, stop: Int, step: Int) throws {
        self.start = start; self.stop = stop; self.step = step
        let lo: Int = step > 0 ? start : stop
        let hi: Int = step > 0 ? stop : start
        if lo >= hi {
            count = 0
        } else {
            // The span always fits in 64 unsigned bits; only the element count must fit in Int.
            let span: UInt = UInt(bitPattern: hi) &- UInt(bitPattern: lo)
            let magnitude: UInt = step.magnitude
            let n: UInt = (span - 1) / magnitude + 1
            if n > UInt(Int.max) { throw PyException.overflowError("Python int too large to convert to C ssize_t") }
            count = Int(n)
        }
    }
    public var typeName: String { "range" }
    public func repr(_ interp: Interpreter) throws -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }
    public func length(_ interp: Interpreter) throws -> Int? { count }
    public func iterate(_ interp: Interpreter) throws -> [Value]? {
        // Materialising a range is the one place its length becomes memory; `for` loops, `yield
        // from` and large generator expressions walk it lazily instead.
        try Interpreter.checkSequenceLength(count)
        return (0..<count).map { .int(start + $0 * step) }
    }

    public func truthiness(_ interp: Interpreter) throws -> Bool? { count > 0 }
    public func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard let v = other.bigIntValue, let i = Int(exactly: v), case .int = other else { return nil }
        if step > 0 ? (i < start || i >= stop) : (i > start || i <= stop) { return false }
        return (i - start) % step == 0
    }
    public func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let o) = key, let s = o as? PySlice {
            let (a, b, st) = try s.resolve(count: count, interp)
            // Indices are within the range, so only the stop bound (one step past) can overflow.
            let (newStep, o1) = step.multipliedReportingOverflow(by: st)
            let (offA, o2) = a.multipliedReportingOverflow(by: step)
            let (offB, o3) = b.multipliedReportingOverflow(by: step)
            let (newStart, o4) = start.addingReportingOverflow(offA)
            let (newStop, o5) = start.addingReportingOverflow(offB)
            if o1 || o2 || o3 || o4 || o5 { throw PyException.overflowError("Python int too large to convert to C ssize_t") }
            return .object(try PyRange(start: newStart, stop: newStop, step: newStep))
        }
        let i: Int = try interp.normalizedIndex(key, count: count, what: "range object")
        return .int(start + i * step)
    }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual, case .object(let o) = other, let r = o as? PyRange else { return nil }
        let same: Bool = count == r.count && (count == 0 || (start == r.start && (count == 1 || step == r.step)))
        return .bool(op == .equal ? same : !same)
    }
    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "start": return .int(start)
        case "stop": return .int(stop)
        case "step": return .int(step)
        default: return nil
        }
    }
}

/// The `...` singleton.
public final class EllipsisObject: PyObject {
    public static let shared: EllipsisObject = EllipsisObject()
    public var typeName: String { "ellipsis" }
    public func repr(_ interp: Interpreter) throws -> String { "Ellipsis" }
}
