/// Built-ins that consume or produce iterables: zip, enumerate, sorted, map, filter, …
/// Iterators are materialised eagerly into lists wrapped as one-shot iterator objects, which
/// is what users of these functions observe in a calculator.
extension PythonBuiltins {
    static func registerIteration(_ r: BuiltinRegistry) {
        r.add(["zip"], "zip(*iterables, strict=False)", doc: "Tuples of items taken in parallel from each iterable, up to the shortest.") { a in
            let lists: [[Value]] = try a.varArgs.map { try a.interp.iterate($0) }
            let n: Int = lists.map { $0.count }.min() ?? 0
            if try a.bool("strict"), let longest = lists.map({ $0.count }).max(), longest != n {
                throw PyException.valueError("zip() argument lengths differ")
            }
            return iterator("zip", (0..<n).map { i in .tuple(lists.map { $0[i] }) })
        }
        r.add(["enumerate"], "enumerate(iterable, start=0)", doc: "Pairs (index, item) for an iterable, counting from start.") { a in
            let start: Int = try a.int("start")
            let items: [Value] = try a.interp.iterate(a["iterable"])
            return iterator("enumerate", items.enumerated().map { .tuple([.int(start + $0.offset), $0.element]) })
        }
        r.add(["sorted"], "sorted(iterable, /, *, key=None, reverse=False)", doc: "A new sorted list (stable), by key when given.") { a in
            .list(PyList(try sortValues(try a.interp.iterate(a["iterable"]), key: a["key"], reverse: try a.interp.truthy(a["reverse"]), a.interp)))
        }
        r.add(["reversed"], "reversed(sequence, /)", doc: "The items of a sequence in reverse order.") { a in
            iterator("list_reverseiterator", try a.interp.iterate(a["sequence"]).reversed())
        }
        r.add(["map"], "map(function, *iterables)", doc: "function applied to the items (in parallel when several iterables are given).") { a in
            let lists: [[Value]] = try a.varArgs.map { try a.interp.iterate($0) }
            if lists.isEmpty { throw PyException.typeError("map() must have at least two arguments.") }
            let n: Int = lists.map { $0.count }.min() ?? 0
            var out: [Value] = []
            for i in 0..<n { out.append(try a.interp.call(a["function"], lists.map { $0[i] })) }
            return iterator("map", out)
        }
        r.add(["filter"], "filter(function, iterable, /)", doc: "The items for which function is true (truthy items when function is None).") { a in
            var out: [Value] = []
            for item in try a.interp.iterate(a["iterable"]) {
                let keep: Value = a["function"].isNone ? item : try a.interp.call(a["function"], [item])
                if try a.interp.truthy(keep) { out.append(item) }
            }
            return iterator("filter", out)
        }
        r.add(["any"], "any(iterable, /)", doc: "True when any item is truthy.") { a in
            for item in try a.interp.iterate(a["iterable"]) where try a.interp.truthy(item) { return .bool(true) }
            return .bool(false)
        }
        r.add(["all"], "all(iterable, /)", doc: "True when every item is truthy.") { a in
            for item in try a.interp.iterate(a["iterable"]) where !(try a.interp.truthy(item)) { return .bool(false) }
            return .bool(true)
        }
        r.add(["iter"], "iter(object, /)", doc: "An iterator over the object's items.") { a in
            if case .object(let o) = a["object"], o is PyIterator { return a["object"] }
            return iterator("iterator", try a.interp.iterate(a["object"]))
        }
        r.add(["next"], "next(iterator, *default)", doc: "The iterator's next item; default (if given) when it is exhausted.") { a in
            guard case .object(let o) = a["iterator"], let it = o as? PyIterator else {
                if case .object(let g) = a["iterator"], let gen = g as? PyGenerator {
                    if gen.position < gen.items.count { gen.position += 1; return gen.items[gen.position - 1] }
                    if let d = a.varArgs.first { return d }
                    throw PyException(ExceptionTypes.stopIteration, "")
                }
                throw PyException.typeError("'\(a["iterator"].typeName)' object is not an iterator")
            }
            if let v = it.next() { return v }
            if let d = a.varArgs.first { return d }
            throw PyException(ExceptionObject(type: ExceptionTypes.stopIteration, args: []))
        }
    }

    static func iterator(_ name: String, _ items: [Value]) -> Value {
        .object(PyIterator(name, items))
    }

    /// A stable sort by Python's ordering; errors from comparisons propagate.
    static func sortValues(_ items: [Value], key: Value, reverse: Bool, _ interp: Interpreter) throws -> [Value] {
        let keys: [Value] = key.isNone ? items : try items.map { try interp.call(key, [$0]) }
        var indices: [Int] = Array(items.indices)
        var failure: Error? = nil
        // Merge sort keeps stability and lets comparison errors surface.
        func less(_ i: Int, _ j: Int) -> Bool {
            if failure != nil { return false }
            do {
                return try interp.truthy(try interp.compare(.less, keys[i], keys[j]))
            } catch {
                failure = error
                return false
            }
        }
        indices = mergeSort(indices) { reverse ? less($1, $0) : less($0, $1) }
        if let f = failure { throw f }
        return indices.map { items[$0] }
    }

    static func mergeSort(_ a: [Int], _ less: (Int, Int) -> Bool) -> [Int] {
        if a.count < 2 { return a }
        let mid: Int = a.count / 2
        let l: [Int] = mergeSort(Array(a[..<mid]), less)
        let r: [Int] = mergeSort(Array(a[mid...]), less)
        var out: [Int] = []
        out.reserveCapacity(a.count)
        var i: Int = 0, j: Int = 0
        while i < l.count && j < r.count {
            if less(r[j], l[i]) { out.append(r[j]); j += 1 } else { out.append(l[i]); i += 1 }
        }
        out.append(contentsOf: l[i...])
        out.append(contentsOf: r[j...])
        return out
    }
}

/// A one-shot iterator (what zip, map, enumerate, iter return).
final class PyIterator: PyObject {
    let name: String
    var items: [Value]
    var position: Int = 0
    init(_ name: String, _ items: [Value]) { self.name = name; self.items = items }
    var typeName: String { name }
    func repr(_ interp: Interpreter) throws -> String {
        "<\(name) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }
    func next() -> Value? {
        guard position < items.count else { return nil }
        position += 1
        return items[position - 1]
    }
    func iterate(_ interp: Interpreter) throws -> [Value]? {
        let rest: [Value] = Array(items[position...])
        position = items.count
        return rest
    }
}
