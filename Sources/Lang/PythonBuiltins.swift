import BigInt
import Foundation

/// Python's built-in functions, declared through the builtin table like everything else.
enum PythonBuiltins {
    static func register(_ r: BuiltinRegistry) {
        registerConstructors(r)
        registerFunctions(r)
        registerIteration(r)
    }

    static func registerConstructors(_ r: BuiltinRegistry) {
        r.add(["int"], "int(x=0, base=None)", doc: "Converts a number or string to an integer (arbitrary precision).") { a in
            if case .int(0) = a["x"], a["base"].isNone { return .int(0) }
            var base: Int? = nil
            if !a["base"].isNone {
                guard let b = try a.interp.asIndex(a["base"]) else {
                    throw PyException.typeError("'\(a["base"].typeName)' object cannot be interpreted as an integer")
                }
                base = b
            }
            return try a.interp.intValue(a["x"], base: base)
        }
        r.add(["float"], "float(x=0.0, /)", doc: "Converts a number or string to a floating-point number.") { a in
            .float(try a.interp.floatValue(a["x"]))
        }
        r.add(["bool"], "bool(x=False, /)", doc: "True when x is truthy, else False.") { a in
            .bool(try a.interp.truthy(a["x"]))
        }
        r.add(["str"], "str(object='')", doc: "The informal string form of an object (what print shows).") { a in
            .str(try a.interp.str(a["object"]))
        }
        r.add(["list"], "list(iterable=(), /)", doc: "A new list holding the iterable's items.") { a in
            .list(PyList(try a.interp.iterate(a["iterable"])))
        }
        r.add(["tuple"], "tuple(iterable=(), /)", doc: "A tuple holding the iterable's items.") { a in
            if case .tuple = a["iterable"] { return a["iterable"] }
            return .tuple(try a.interp.iterate(a["iterable"]))
        }
        r.add(["set"], "set(iterable=(), /)", doc: "A new set of the iterable's distinct items.") { a in
            .object(try PySet(try a.interp.iterate(a["iterable"])))
        }
        r.add(["dict"], "dict(mapping=None, /, **kwargs)", doc: "A new dict from a mapping or (key, value) pairs, plus keyword entries.") { a in
            let d: PyDict = PyDict()
            let source: Value = a["mapping"]
            if case .dict(let other) = source {
                for (k, v) in other.entries { try d.set(k, v) }
            } else if !source.isNone {
                for (i, item) in try a.interp.iterate(source).enumerated() {
                    let pair: [Value]
                    do { pair = try a.interp.iterate(item) } catch {
                        throw PyException.typeError("cannot convert dictionary update sequence element #\(i) to a sequence")
                    }
                    guard pair.count == 2 else {
                        throw PyException.valueError("dictionary update sequence element #\(i) has length \(pair.count); 2 is required")
                    }
                    try d.set(pair[0], pair[1])
                }
            }
            for (k, v) in a.varKeywords { try d.set(.str(k), v) }
            return .dict(d)
        }
        r.add(["range"], "range(start, stop=None, step=1, /)", doc: "The arithmetic progression start, start+step, … up to (not including) stop.") { a in
            func bound(_ name: String) throws -> Int {
                guard let i = try a.interp.asIndex(a[name]) else {
                    throw PyException.typeError("'\(a[name].typeName)' object cannot be interpreted as an integer")
                }
                return i
            }
            let step: Int = try bound("step")
            if step == 0 { throw PyException.valueError("range() arg 3 must not be zero") }
            if a["stop"].isNone { return .object(try PyRange(start: 0, stop: try bound("start"), step: 1)) }
            return .object(try PyRange(start: try bound("start"), stop: try bound("stop"), step: step))
        }
        r.add(["slice"], "slice(start, stop=None, step=None, /)", doc: "A slice object, as `a[start:stop:step]` makes.") { a in
            if a["stop"].isNone && a["step"].isNone { return .object(PySlice(start: .none, stop: a["start"], step: .none)) }
            return .object(PySlice(start: a["start"], stop: a["stop"], step: a["step"]))
        }
        r.add(["type"], "type(object, /)", doc: "The class of an object.") { a in
            .object(a.interp.type(of: a["object"]))
        }
    }

    static func registerFunctions(_ r: BuiltinRegistry) {
        r.add(["print"], "print(*args, sep=' ', end='\\n', file=None, flush=False)", doc: "Writes the str() of each argument, separated by sep and followed by end.") { a in
            let sep: String = a["sep"].isNone ? " " : try a.string("sep")
            let end: String = a["end"].isNone ? "\n" : try a.string("end")
            let parts: [String] = try a.varArgs.map { try a.interp.str($0) }
            let text: String = parts.joined(separator: sep) + end
            let file: Value = a["file"]
            if file.isNone {
                a.interp.output(text)
            } else {
                _ = try a.interp.call(try a.interp.getAttribute(file, "write"), [.str(text)])
            }
            return .none
        }
        r.add(["len"], "len(obj, /)", doc: "The number of items in a container.") { a in
            .int(try a.interp.length(a["obj"]))
        }
        r.add(["abs"], "abs(x, /)", doc: "The absolute value of a number.") { a in
            let x: Value = a["x"]
            switch x {
            case .int(let i): return i == Int.min ? Value.integer(-BigInt(i)) : .int(abs(i))
            case .bigInt(let b): return Value.integer(abs(b.value))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .object(let z as ComplexValue): return .float(hypot(z.real, z.imaginary))
            case .object(let o):
                if let i = o as? PyInstance {
                    if let r = try i.callSpecial("__abs__", [], a.interp) { return r }
                    throw PyException.typeError("bad operand type for abs(): '\(o.typeName)'")
                }
                if let attr = try? a.interp.getAttribute(x, "abs") { return try a.interp.call(attr, []) }
                throw PyException.typeError("bad operand type for abs(): '\(o.typeName)'")
            default: throw PyException.typeError("bad operand type for abs(): '\(x.typeName)'")
            }
        }
        r.add(["min"], "min(*args, key=None, **default)", doc: "The smallest item of an iterable, or of the arguments; default= is returned for an empty iterable.") { a in
            try extreme(a, "min", wantLess: true)
        }
        r.add(["max"], "max(*args, key=None, **default)", doc: "The largest item of an iterable, or of the arguments; default= is returned for an empty iterable.") { a in
            try extreme(a, "max", wantLess: false)
        }
        r.add(["sum"], "sum(iterable, /, start=0)", doc: "start plus the sum of the iterable's items.") { a in
            var total: Value = a["start"]
            if case .str = total { throw PyException.typeError("sum() can't sum strings [use ''.join(seq) instead]") }
            // Streams its items, so sums over generators and ranges run in constant memory and
            // stop on Ctrl-C.
            let next: (Interpreter) throws -> Value? = try a.interp.lazySource(a["iterable"])
            while let item = try next(a.interp) {
                try a.interp.checkInterrupt()
                total = try a.interp.binary(.add, total, item)
            }
            return total
        }
        r.add(["round"], "round(number, ndigits=None)", doc: "Rounds half to even; to ndigits decimals when given (an int without them).") { a in
            try roundValue(a["number"], a["ndigits"], a.interp)
        }
        r.add(["pow"], "pow(base, exp, mod=None)", doc: "base ** exp, or (base ** exp) % mod computed efficiently.") { a in
            if a["mod"].isNone { return try a.interp.binary(.power, a["base"], a["exp"]) }
            guard let b = a["base"].bigIntValue, let e = a["exp"].bigIntValue, let m = a["mod"].bigIntValue else {
                throw PyException.typeError("pow() 3rd argument not allowed unless all arguments are integers")
            }
            if m == 0 { throw PyException.valueError("pow() 3rd argument cannot be 0") }
            if e < 0 { throw PyException.valueError("base is not invertible for the given modulus") }
            var r: BigInt = b.power(e, modulus: m)
            if r != 0 && (r < 0) != (m < 0) { r += m }
            return Value.integer(r)
        }
        r.add(["divmod"], "divmod(a, b, /)", doc: "The pair (a // b, a % b).") { a in
            .tuple([try a.interp.binary(.floorDivide, a["a"], a["b"]), try a.interp.binary(.modulo, a["a"], a["b"])])
        }
        r.add(["repr"], "repr(obj, /)", doc: "The canonical string form of an object.") { a in .str(try a.interp.repr(a["obj"])) }
        r.add(["ascii"], "ascii(obj, /)", doc: "repr() with non-ASCII characters escaped.") { a in .str(try a.interp.repr(a["obj"])) }
        r.add(["format"], "format(value, format_spec='', /)", doc: "Formats a value with the format mini-language ('.5f', '>10', ',').") { a in
            .str(try a.interp.format(a["value"], try a.string("format_spec")))
        }
        r.add(["isinstance"], "isinstance(obj, class_or_tuple, /)", doc: "Whether obj is an instance of the class (or of any class in a tuple).") { a in
            func check(_ t: Value) throws -> Bool {
                switch t {
                case .object(let o):
                    if let type = o as? PyType { return a.interp.isInstance(a["obj"], of: type) }
                case .tuple(let items):
                    for item in items where try check(item) { return true }
                    return false
                default: break
                }
                throw PyException.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
            return .bool(try check(a["class_or_tuple"]))
        }
        r.add(["id"], "id(obj, /)", doc: "A number unique to the object while it lives (its identity).") { a in
            .int(identityNumber(a["obj"]))
        }
        r.add(["hash"], "hash(obj, /)", doc: "The object's hash value.") { a in .int(try a.interp.hash(a["obj"])) }
        r.add(["callable"], "callable(obj, /)", doc: "Whether the object can be called.") { a in .bool(a.interp.isCallable(a["obj"])) }
        r.add(["getattr"], "getattr(object, name, *default)", doc: "The named attribute; the default when it is missing (if one is given).") { a in
            let name: String = try a.string("name")
            let fallback: [Value] = a.varArgs
            if fallback.count > 1 { throw PyException.typeError("getattr expected at most 3 arguments, got \(2 + fallback.count)") }
            do {
                return try a.interp.getAttribute(a["object"], name)
            } catch let e as PyException where e.exception.type === ExceptionTypes.attributeError && !fallback.isEmpty {
                return fallback[0]
            }
        }
        r.add(["hasattr"], "hasattr(obj, name, /)", doc: "Whether the object has the named attribute.") { a in
            do {
                _ = try a.interp.getAttribute(a["obj"], try a.string("name"))
                return .bool(true)
            } catch let e as PyException where e.exception.type === ExceptionTypes.attributeError {
                // `__len__` is a protocol here, not an attribute: d2l's has_one_axis asks for it.
                if case .str("__len__") = a["name"] { return .bool(hasLength(a["obj"], a.interp)) }
                return .bool(false)
            }
        }
        r.add(["setattr"], "setattr(obj, name, value, /)", doc: "Sets the named attribute.") { a in
            try a.interp.setAttribute(a["obj"], try a.string("name"), a["value"])
            return .none
        }
        r.add(["dir"], "dir(object=None, /)", doc: "The attribute names of an object, or the names in scope.") { a in
            if a["object"].isNone {
                let names: [String] = a.interp.globals.names.enumerated().filter { a.interp.globals.values[$0.offset] != nil }.map { $0.element }
                return .list(PyList(names.sorted().map { .str($0) }))
            }
            return .list(PyList(a.interp.attributeNames(a["object"]).map { .str($0) }))
        }
        r.add(["help"], "help(obj=None, /)", doc: "Shows the signature and description of a function, or what is available.") { a in
            a.interp.output(a.interp.helpText(a["obj"]))
            return .none
        }
        r.add(["input"], "input(prompt='', /)", doc: "Reads a line from standard input (interactive use).") { a in
            guard let line = a.interp.readLine(try a.string("prompt")) else {
                throw PyException(ExceptionTypes.baseException, "EOF when reading a line")
            }
            return .str(line)
        }
        r.add(["chr"], "chr(i, /)", doc: "The one-character string with Unicode code point i.") { a in
            let i: Int = try a.int("i")
            guard i >= 0, i < 0x110000, let s = Unicode.Scalar(UInt32(i)) else {
                throw PyException.valueError("chr() arg not in range(0x110000)")
            }
            return .str(String(Character(s)))
        }
        r.add(["ord"], "ord(c, /)", doc: "The Unicode code point of a one-character string.") { a in
            let s: String = try a.string("c")
            guard s.unicodeScalars.count == 1, let u = s.unicodeScalars.first else {
                throw PyException.typeError("ord() expected a character, but string of length \(s.count) found")
            }
            return .int(Int(u.value))
        }
        r.add(["exit", "quit"], "exit(code=None)", doc: "Ends the session (raises SystemExit; the status is code, 0 when None).") { a in
            throw PyException(ExceptionObject(type: ExceptionTypes.systemExit, args: a["code"].isNone ? [] : [a["code"]]))
        }
        r.setConstant("__name__", .str("__main__"))
        r.add(["bin"], "bin(x, /)", doc: "Binary text of an integer ('0b101').") { a in .str(try a.interp.format(a["x"], "#b")) }
        r.add(["hex"], "hex(x, /)", doc: "Hexadecimal text of an integer ('0x1f').") { a in .str(try a.interp.format(a["x"], "#x")) }
        r.add(["oct"], "oct(x, /)", doc: "Octal text of an integer ('0o17').") { a in .str(try a.interp.format(a["x"], "#o")) }
    }

    /// id(): the object's address for reference types; a stable number derived from the value otherwise.
    static func identityNumber(_ v: Value) -> Int {
        if let id = v.identity { return Int(bitPattern: UInt(bitPattern: id.hashValue)) & Int.max }
        switch v {
        case .tuple(let t): return t.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        default: return (try? HashKey(v).hashValue) ?? 0
        }
    }

    static func extreme(_ a: BoundArguments, _ name: String, wantLess: Bool) throws -> Value {
        let args: [Value] = a.varArgs
        // `default=` may be None itself, so it is told apart by being passed at all.
        var fallback: Value? = nil
        for (k, v) in a.varKeywords {
            guard k == "default" else { throw PyException.typeError("\(name)() got an unexpected keyword argument '\(k)'") }
            fallback = v
        }
        let items: [Value]
        if args.count == 1 {
            items = try a.interp.iterate(args[0])
        } else if args.isEmpty {
            throw PyException.typeError("\(name) expected at least 1 argument, got 0")
        } else {
            if fallback != nil { throw PyException.typeError("Cannot specify a default for \(name)() with multiple positional arguments") }
            items = args
        }
        if items.isEmpty {
            if let d = fallback { return d }
            throw PyException.valueError("\(name)() arg is an empty sequence")
        }
        let key: Value = a["key"]
        var best: Value = items[0]
        var bestKey: Value = key.isNone ? best : try a.interp.call(key, [best])
        for item in items.dropFirst() {
            let k: Value = key.isNone ? item : try a.interp.call(key, [item])
            let better: Value = try a.interp.compare(wantLess ? .less : .greater, k, bestKey)
            if try a.interp.truthy(better) { best = item; bestKey = k }
        }
        return best
    }

    static func roundValue(_ number: Value, _ ndigits: Value, _ interp: Interpreter) throws -> Value {
        switch number {
        case .int, .bigInt, .bool:
            guard let n = try interp.asIndex(ndigits), n < 0, let big = number.bigIntValue else { return try interp.intValue(number) }
            let p: BigInt = BigInt(10).power(-n)
            var (q, r) = big.quotientAndRemainder(dividingBy: p)
            if r < 0 { q -= 1; r += p }
            if r * 2 > p || (r * 2 == p && q % 2 != 0) { q += 1 }
            return Value.integer(q * p)
        case .float(let d):
            if ndigits.isNone {
                if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
                if d.isInfinite { throw PyException.overflowError("cannot convert float infinity to integer") }
                return Value.integer(BigInt(d.rounded(.toNearestOrEven)))
            }
            guard let n = try interp.asIndex(ndigits) else {
                throw PyException.typeError("'\(ndigits.typeName)' object cannot be interpreted as an integer")
            }
            if !d.isFinite { return number }
            if n > 300 { return number }
            // Round the exact decimal expansion, as CPython does (via correctly rounded strings).
            let text: String = String(format: "%.\(max(0, n))f", d)
            if n >= 0 { return .float(Double(text) ?? d) }
            let p: Double = Foundation.pow(10, Double(-n))
            return .float((d / p).rounded(.toNearestOrEven) * p)
        case .object(let o):
            if let attr = try? interp.getAttribute(number, "round") {
                return ndigits.isNone ? try interp.call(attr, []) : try interp.call(attr, Arguments([], keywords: [("decimals", ndigits)]))
            }
            throw PyException.typeError("type \(o.typeName) doesn't define __round__ method")
        default:
            throw PyException.typeError("type \(number.typeName) doesn't define __round__ method")
        }
    }
}

/// Built-ins that consume or produce iterables: zip, enumerate, sorted, map, filter, …
/// Iterators are materialised eagerly into lists wrapped as one-shot iterator objects, which
/// is what users of these functions observe in a calculator.
extension PythonBuiltins {
    static func registerIteration(_ r: BuiltinRegistry) {
        r.add(["zip"], "zip(*iterables, strict=False)", doc: "Tuples of items taken in parallel from each iterable, up to the shortest.") { a in
            if try a.bool("strict") {
                let lists: [[Value]] = try a.varArgs.map { try a.interp.iterate($0) }
                let n: Int = lists.map { $0.count }.min() ?? 0
                if let longest = lists.map({ $0.count }).max(), longest != n {
                    throw PyException.valueError("zip() argument lengths differ")
                }
                return iterator("zip", (0..<n).map { i in .tuple(lists.map { $0[i] }) })
            }
            let sources: [(Interpreter) throws -> Value?] = try a.varArgs.map { try a.interp.lazySource($0) }
            if sources.isEmpty { return iterator("zip", []) }
            return .object(PyIterator("zip") { interp in
                var items: [Value] = []
                items.reserveCapacity(sources.count)
                for next in sources {
                    guard let v = try next(interp) else { return nil }
                    items.append(v)
                }
                return .tuple(items)
            })
        }
        r.add(["enumerate"], "enumerate(iterable, start=0)", doc: "Pairs (index, item) for an iterable, counting from start.") { a in
            var index: Int = try a.int("start")
            let next: (Interpreter) throws -> Value? = try a.interp.lazySource(a["iterable"])
            return .object(PyIterator("enumerate") { interp in
                guard let v = try next(interp) else { return nil }
                defer { index += 1 }
                return .tuple([.int(index), v])
            })
        }
        r.add(["sorted"], "sorted(iterable, /, *, key=None, reverse=False)", doc: "A new sorted list (stable), by key when given.") { a in
            .list(PyList(try sortValues(try a.interp.iterate(a["iterable"]), key: a["key"], reverse: try a.interp.truthy(a["reverse"]), a.interp)))
        }
        r.add(["reversed"], "reversed(sequence, /)", doc: "The items of a sequence in reverse order.") { a in
            iterator("list_reverseiterator", try a.interp.iterate(a["sequence"]).reversed())
        }
        r.add(["map"], "map(function, *iterables)", doc: "function applied to the items (in parallel when several iterables are given).") { a in
            let sources: [(Interpreter) throws -> Value?] = try a.varArgs.map { try a.interp.lazySource($0) }
            if sources.isEmpty { throw PyException.typeError("map() must have at least two arguments.") }
            let function: Value = a["function"]
            return .object(PyIterator("map") { interp in
                var items: [Value] = []
                for next in sources {
                    guard let v = try next(interp) else { return nil }
                    items.append(v)
                }
                return try interp.call(function, items)
            })
        }
        r.add(["filter"], "filter(function, iterable, /)", doc: "The items for which function is true (truthy items when function is None).") { a in
            let next: (Interpreter) throws -> Value? = try a.interp.lazySource(a["iterable"])
            let function: Value = a["function"]
            return .object(PyIterator("filter") { interp in
                while let item = try next(interp) {
                    let keep: Value = function.isNone ? item : try interp.call(function, [item])
                    if try interp.truthy(keep) { return item }
                }
                return nil
            })
        }
        r.add(["any"], "any(iterable, /)", doc: "True when any item is truthy (stops at the first).") { a in
            let next: (Interpreter) throws -> Value? = try a.interp.lazySource(a["iterable"])
            while let item = try next(a.interp) {
                if try a.interp.truthy(item) { return .bool(true) }
            }
            return .bool(false)
        }
        r.add(["all"], "all(iterable, /)", doc: "True when every item is truthy (stops at the first that is not).") { a in
            let next: (Interpreter) throws -> Value? = try a.interp.lazySource(a["iterable"])
            while let item = try next(a.interp) {
                if !(try a.interp.truthy(item)) { return .bool(false) }
            }
            return .bool(true)
        }
        r.add(["iter"], "iter(object, /)", doc: "An iterator over the object's items.") { a in
            if case .object(let o) = a["object"], o is LazyIterator { return a["object"] }
            if case .object(let o) = a["object"], let i = o as? PyInstance {
                if let r = try i.callSpecial("__iter__", [], a.interp) { return r }
                if let lazy = try a.interp.lazyIterator(i) { return .object(PyIterator("iterator") { interp in try lazy.next(interp) }) }
            }
            return iterator("iterator", try a.interp.iterate(a["object"]))
        }
        r.add(["next"], "next(iterator, *default)", doc: "The iterator's next item; default (if given) when it is exhausted.") { a in
            if case .object(let o) = a["iterator"], let i = o as? PyInstance, i.pyType.lookup("__next__", a.interp.registry) != nil {
                do {
                    return try i.callSpecial("__next__", [], a.interp) ?? .none
                } catch let e as PyException where e.exception.type.isSubclass(of: ExceptionTypes.stopIteration) && !a.varArgs.isEmpty {
                    return a.varArgs[0]
                }
            }
            guard case .object(let o) = a["iterator"], let it = o as? LazyIterator else {
                throw PyException.typeError("'\(a["iterator"].typeName)' object is not an iterator")
            }
            if let v = try it.next(a.interp) { return v }
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

/// Objects that produce items one at a time (iterators, generators): `for` loops, `zip`,
/// `any` and friends pull from them lazily, so endless ones work with `break`.
protocol LazyIterator: AnyObject {
    /// The next item, or nil when exhausted.
    func next(_ interp: Interpreter) throws -> Value?
}

/// A one-shot iterator (what zip, map, enumerate, filter, iter return), over a fixed list or
/// pulling from other iterables on demand.
final class PyIterator: PyObject, LazyIterator {
    let name: String
    private var items: [Value] = []
    private var position: Int = 0
    private var pull: ((Interpreter) throws -> Value?)?

    init(_ name: String, _ items: [Value]) { self.name = name; self.items = items }
    init(_ name: String, pull: @escaping (Interpreter) throws -> Value?) { self.name = name; self.pull = pull }

    var typeName: String { name }
    func repr(_ interp: Interpreter) throws -> String {
        "<\(name) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>"
    }
    func next(_ interp: Interpreter) throws -> Value? {
        if let p = pull {
            if let v = try p(interp) { return v }
            pull = nil  // exhausted stays exhausted
            return nil
        }
        guard position < items.count else { return nil }
        position += 1
        return items[position - 1]
    }
    func iterate(_ interp: Interpreter) throws -> [Value]? {
        var out: [Value] = []
        while let v = try next(interp) {
            out.append(v)
            try interp.checkInterrupt()
        }
        return out
    }
}

extension Interpreter {
    /// A function handing out `v`'s items one at a time: pulls lazily from iterators and
    /// generators, walks everything else from its materialised items.
    func lazySource(_ v: Value) throws -> (Interpreter) throws -> Value? {
        if case .object(let o) = v, let lazy = try lazyIterator(o) {
            return { interp in try lazy.next(interp) }
        }
        if case .object(let r as PyRange) = v {
            // Ranges count on demand: `sum(i for i in range(10**12))` allocates nothing.
            var position: Int = 0
            return { _ in
                guard position < r.count else { return nil }
                defer { position += 1 }
                return .int(r.start &+ position &* r.step)
            }
        }
        let items: [Value] = try iterate(v)
        var position: Int = 0
        return { _ in
            guard position < items.count else { return nil }
            position += 1
            return items[position - 1]
        }
    }
}

/// Whether `len(v)` is defined for the value's type (a 0-d tensor has `__len__` too, and raises).
func hasLength(_ v: Value, _ interp: Interpreter) -> Bool {
    switch v {
    case .list, .tuple, .str, .dict: return true
    case .object(let o):
        if o.typeName == "Tensor" { return true }
        do { return try o.length(interp) != nil } catch { return true }
    default: return false
    }
}
