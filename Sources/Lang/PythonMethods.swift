import Foundation

/// Methods of str, list, tuple, dict, set, int and float, declared as `type.method` entries.
enum PythonMethods {
    static func register(_ r: BuiltinRegistry) {
        registerString(r)
        registerList(r)
        registerDictAndSet(r)
        r.add(["generator.send"], "send(self, value, /)", doc: "Resumes the generator with value as the result of its yield; returns the next yielded value.") { a in
            guard case .object(let o) = a["self"], let g = o as? PythonGenerator else { throw PyException.typeError("send() needs a generator") }
            if let v = try g.next(a.interp, sending: a["value"]) { return v }
            throw PyException(ExceptionObject(type: ExceptionTypes.stopIteration, args: []))
        }
        r.add(["int.bit_length"], "bit_length(self)", doc: "Number of bits needed to represent the absolute value.") { a in
            guard let b = a["self"].bigIntValue else { return .int(0) }
            return .int(b.magnitude.bitWidth - Int(b.magnitude.leadingZeroBitCount))
        }
        r.add(["float.is_integer"], "is_integer(self)", doc: "Whether the float has no fractional part.") { a in
            let d: Double = try a.double("self")
            return .bool(d.isFinite && d.rounded() == d)
        }
        r.add(["tuple.count", "list.count"], "count(self, value, /)", doc: "Number of occurrences of value.") { a in
            var n: Int = 0
            for item in try a.interp.iterate(a["self"]) where try a.interp.equals(item, a["value"]) { n += 1 }
            return .int(n)
        }
        r.add(["tuple.index", "list.index"], "index(self, value, start=0, /)", doc: "Position of the first occurrence of value.") { a in
            let items: [Value] = try a.interp.iterate(a["self"])
            let start: Int = try a.int("start")
            let from: Int = max(0, start < 0 ? start + items.count : start)
            if from < items.count {
                for i in from..<items.count where try a.interp.equals(items[i], a["value"]) { return .int(i) }
            }
            throw PyException.valueError("\(try a.interp.repr(a["value"])) is not in \(a["self"].typeName)")
        }
    }

    static func text(_ a: BoundArguments) throws -> String {
        guard case .str(let s) = a["self"] else { throw PyException.typeError("descriptor requires a 'str' object") }
        return s
    }

    static func registerString(_ r: BuiltinRegistry) {
        r.add(["str.upper"], "upper(self)", doc: "The string in upper case.") { a in .str(try text(a).uppercased()) }
        r.add(["str.lower"], "lower(self)", doc: "The string in lower case.") { a in .str(try text(a).lowercased()) }
        r.add(["str.capitalize"], "capitalize(self)", doc: "First character upper case, the rest lower case.") { a in
            let s: String = try text(a)
            return .str(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        }
        r.add(["str.join"], "join(self, iterable, /)", doc: "The iterable's strings joined with this string between them.") { a in
            let sep: String = try text(a)
            var parts: [String] = []
            for (i, item) in try a.interp.iterate(a["iterable"]).enumerated() {
                guard case .str(let s) = item else {
                    throw PyException.typeError("sequence item \(i): expected str instance, \(item.typeName) found")
                }
                parts.append(s)
            }
            return .str(parts.joined(separator: sep))
        }
        r.add(["str.format"], "format(self, *args, **kwargs)", doc: "The string with {} fields replaced by the formatted arguments.") { a in
            .str(try formatTemplate(try text(a), a.varArgs, a.varKeywords, a.interp))
        }
        for (name, test) in [("isdigit", { (c: Character) in c.isNumber }), ("isalpha", { (c: Character) in c.isLetter }),
                             ("isalnum", { (c: Character) in c.isLetter || c.isNumber }), ("isspace", { (c: Character) in c.isWhitespace }),
                             ("isnumeric", { (c: Character) in c.isNumber }), ("isdecimal", { (c: Character) in c.isNumber })] {
            r.add(["str." + name], "\(name)(self)", doc: "Whether the string is non-empty and every character passes the test.") { a in
                let s: String = try text(a)
                return .bool(!s.isEmpty && s.allSatisfy(test))
            }
        }
        r.add(["str.isupper"], "isupper(self)", doc: "Whether all cased characters are upper case.") { a in
            let s: String = try text(a)
            return .bool(s.contains { $0.isLetter } && s == s.uppercased())
        }
        r.add(["str.islower"], "islower(self)", doc: "Whether all cased characters are lower case.") { a in
            let s: String = try text(a)
            return .bool(s.contains { $0.isLetter } && s == s.lowercased())
        }
        r.add(["str.center"], "center(self, width, fillchar=' ', /)", doc: "The string centred in width.") { a in
            .str(try justify(a, "^"))
        }
        r.add(["str.ljust"], "ljust(self, width, fillchar=' ', /)", doc: "The string left-justified in width.") { a in
            .str(try justify(a, "<"))
        }
        r.add(["str.rjust"], "rjust(self, width, fillchar=' ', /)", doc: "The string right-justified in width.") { a in
            .str(try justify(a, ">"))
        }
        r.add(["str.zfill"], "zfill(self, width, /)", doc: "The string padded with zeros on the left to width.") { a in
            var s: String = try text(a)
            let width: Int = try a.int("width")
            var sign: String = ""
            if s.hasPrefix("-") || s.hasPrefix("+") { sign = String(s.removeFirst()) }
            let pad: Int = max(0, width - sign.count - s.count)
            try Interpreter.checkSequenceLength(pad)
            return .str(sign + String(repeating: "0", count: pad) + s)
        }
    }

    /// `center`, `ljust`, `rjust`: CPython's rules (one fill character, a width at or below the
    /// length returns the string unchanged, `center` puts the odd extra fill on the right
    /// except for odd-length strings in an odd gap), with the padding checked against the cap.
    static func justify(_ a: BoundArguments, _ align: Character) throws -> String {
        let s: String = try text(a)
        let fill: String = try a.string("fillchar")
        guard fill.count == 1 else {
            throw PyException.typeError("The fill character must be exactly one character long")
        }
        let width: Int = try a.int("width")
        let length: Int = s.count
        guard width > length else { return s }
        let n: Int = width - length
        try Interpreter.checkSequenceLength(n)
        switch align {
        case "<": return s + String(repeating: fill, count: n)
        case ">": return String(repeating: fill, count: n) + s
        default:
            // CPython's pad(): left = n/2 + (n & width & 1).
            let left: Int = n / 2 + (n & width & 1)
            return String(repeating: fill, count: left) + s + String(repeating: fill, count: n - left)
        }
    }

    /// `'{} {name:>5} {0!r}'.format(...)`.
    static func formatTemplate(_ template: String, _ args: [Value], _ kwargs: [(String, Value)], _ interp: Interpreter) throws -> String {
        let cs: [Character] = Array(template)
        var out: String = ""
        var i: Int = 0
        var auto: Int = 0
        while i < cs.count {
            let c: Character = cs[i]
            if c == "}" {
                if i + 1 < cs.count && cs[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw PyException.valueError("Single '}' encountered in format string")
            }
            if c != "{" { out.append(c); i += 1; continue }
            if i + 1 < cs.count && cs[i + 1] == "{" { out.append("{"); i += 2; continue }
            var j: Int = i + 1
            var depth: Int = 1
            while j < cs.count {
                if cs[j] == "{" { depth += 1 } else if cs[j] == "}" { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            if j >= cs.count { throw PyException.valueError("expected '}' before end of string") }
            var field: String = String(cs[(i + 1)..<j])
            i = j + 1
            var spec: String = ""
            var conversion: Character? = nil
            if let colon = field.firstIndex(of: ":") {
                spec = String(field[field.index(after: colon)...])
                field = String(field[..<colon])
            }
            if let bang = field.firstIndex(of: "!") {
                conversion = field[field.index(after: bang)...].first
                field = String(field[..<bang])
            }
            if spec.contains("{") { spec = try formatTemplate(spec, args, kwargs, interp) }
            var path: Substring = Substring(field)
            let headEnd: Substring.Index = path.firstIndex(where: { $0 == "." || $0 == "[" }) ?? path.endIndex
            let head: String = String(path[..<headEnd])
            path = path[headEnd...]
            var value: Value
            if head.isEmpty {
                guard auto < args.count else { throw PyException.indexError("Replacement index \(auto) out of range for positional args tuple") }
                value = args[auto]
                auto += 1
            } else if let n = Int(head) {
                guard n < args.count else { throw PyException.indexError("Replacement index \(n) out of range for positional args tuple") }
                value = args[n]
            } else {
                guard let kv = kwargs.first(where: { $0.0 == head }) else { throw PyException.keyError(.str(head)) }
                value = kv.1
            }
            while let first = path.first {
                if first == "." {
                    path = path.dropFirst()
                    let name: Substring = path.prefix { $0 != "." && $0 != "[" }
                    value = try interp.getAttribute(value, String(name))
                    path = path.dropFirst(name.count)
                } else {
                    guard let close = path.firstIndex(of: "]") else { throw PyException.valueError("Missing ']' in format string") }
                    let key: String = String(path[path.index(after: path.startIndex)..<close])
                    value = try interp.getItem(value, Int(key).map { .int($0) } ?? .str(key))
                    path = path[path.index(after: close)...]
                }
            }
            if conversion == "r" || conversion == "a" { value = .str(try interp.repr(value)) } else if conversion == "s" { value = .str(try interp.str(value)) }
            out += try interp.format(value, spec)
        }
        return out
    }

    static func list(_ a: BoundArguments) throws -> PyList {
        guard case .list(let l) = a["self"] else { throw PyException.typeError("descriptor requires a 'list' object") }
        return l
    }

    static func registerList(_ r: BuiltinRegistry) {
        r.add(["list.append"], "append(self, object, /)", doc: "Adds an item at the end.") { a in
            try list(a).items.append(a["object"]); return .none
        }
        r.add(["list.extend"], "extend(self, iterable, /)", doc: "Adds the iterable's items at the end.") { a in
            let l: PyList = try list(a)
            l.items.append(contentsOf: try a.interp.iterate(a["iterable"]))
            return .none
        }
        r.add(["list.insert"], "insert(self, index, object, /)", doc: "Inserts an item before index.") { a in
            let l: PyList = try list(a)
            var i: Int = try a.int("index")
            if i < 0 { i = max(0, i + l.items.count) }
            l.items.insert(a["object"], at: min(i, l.items.count))
            return .none
        }
        r.add(["list.pop"], "pop(self, index=-1, /)", doc: "Removes and returns the item at index (default last).") { a in
            let l: PyList = try list(a)
            if l.items.isEmpty { throw PyException.indexError("pop from empty list") }
            var i: Int = try a.int("index")
            if i < 0 { i += l.items.count }
            if i < 0 || i >= l.items.count { throw PyException.indexError("pop index out of range") }
            return l.items.remove(at: i)
        }
        r.add(["list.remove"], "remove(self, value, /)", doc: "Removes the first occurrence of value.") { a in
            let l: PyList = try list(a)
            for (i, item) in l.items.enumerated() where try a.interp.equals(item, a["value"]) {
                l.items.remove(at: i)
                return .none
            }
            throw PyException.valueError("list.remove(x): x not in list")
        }
        r.add(["list.reverse"], "reverse(self)", doc: "Reverses the list in place.") { a in
            try list(a).items.reverse(); return .none
        }
        r.add(["list.sort"], "sort(self, *, key=None, reverse=False)", doc: "Sorts the list in place (stable).") { a in
            let l: PyList = try list(a)
            l.items = try PythonBuiltins.sortValues(l.items, key: a["key"], reverse: try a.interp.truthy(a["reverse"]), a.interp)
            return .none
        }
        r.add(["list.copy"], "copy(self)", doc: "A shallow copy of the list.") { a in .list(PyList(try list(a).items)) }
        r.add(["list.clear"], "clear(self)", doc: "Removes every item.") { a in try list(a).items.removeAll(); return .none }
    }

    static func dict(_ a: BoundArguments) throws -> PyDict {
        guard case .dict(let d) = a["self"] else { throw PyException.typeError("descriptor requires a 'dict' object") }
        return d
    }

    static func set(_ a: BoundArguments) throws -> PySet {
        guard case .object(let o) = a["self"], let s = o as? PySet else { throw PyException.typeError("descriptor requires a 'set' object") }
        return s
    }

    static func registerDictAndSet(_ r: BuiltinRegistry) {
        r.add(["dict.keys"], "keys(self)", doc: "The keys, in insertion order.") { a in .object(DictView("dict_keys", try dict(a).keys)) }
        r.add(["dict.values"], "values(self)", doc: "The values, in insertion order.") { a in .object(DictView("dict_values", try dict(a).values)) }
        r.add(["dict.items"], "items(self)", doc: "The (key, value) pairs, in insertion order.") { a in
            .object(DictView("dict_items", try dict(a).entries.map { .tuple([$0.0, $0.1]) }))
        }
        r.add(["dict.get"], "get(self, key, default=None, /)", doc: "The value for key, or default.") { a in
            try dict(a).get(a["key"]) ?? a["default"]
        }
        r.add(["dict.pop"], "pop(self, key, *default)", doc: "Removes key and returns its value (or default).") { a in
            if let v = try dict(a).remove(a["key"]) { return v }
            if let d = a.varArgs.first { return d }
            throw PyException.keyError(a["key"])
        }
        r.add(["dict.update"], "update(self, other=None, /, **kwargs)", doc: "Adds the entries of other and the keyword arguments.") { a in
            let d: PyDict = try dict(a)
            if case .dict(let o) = a["other"] {
                for (k, v) in o.entries { try d.set(k, v) }
            } else if !a["other"].isNone {
                for item in try a.interp.iterate(a["other"]) {
                    let pair: [Value] = try a.interp.iterate(item)
                    guard pair.count == 2 else { throw PyException.valueError("dictionary update sequence element has length \(pair.count); 2 is required") }
                    try d.set(pair[0], pair[1])
                }
            }
            for (k, v) in a.varKeywords { try d.set(.str(k), v) }
            return .none
        }
        r.add(["dict.setdefault"], "setdefault(self, key, default=None, /)", doc: "The value for key, inserting default first when absent.") { a in
            let d: PyDict = try dict(a)
            if let v = try d.get(a["key"]) { return v }
            try d.set(a["key"], a["default"])
            return a["default"]
        }
        r.add(["dict.popitem"], "popitem(self)", doc: "Removes and returns the last inserted (key, value) pair.") { a in
            let d: PyDict = try dict(a)
            guard let last = d.entries.last else { throw PyException.keyError(.str("popitem(): dictionary is empty")) }
            try d.remove(last.0)
            return .tuple([last.0, last.1])
        }
        r.add(["dict.fromkeys"], "fromkeys(iterable, value=None, /)", doc: "A new dict with the iterable's items as keys, all mapped to value.") { a in
            let d: PyDict = PyDict()
            for k in try a.interp.iterate(a["iterable"]) { try d.set(k, a["value"]) }
            return .dict(d)
        }
        r.add(["dict.copy"], "copy(self)", doc: "A shallow copy.") { a in .dict(try dict(a).copy()) }
        r.add(["dict.clear"], "clear(self)", doc: "Removes every entry.") { a in try dict(a).removeAll(); return .none }

        r.add(["set.add"], "add(self, element, /)", doc: "Adds an element.") { a in
            try set(a).storage.set(a["element"], .none); return .none
        }
        r.add(["set.remove"], "remove(self, element, /)", doc: "Removes an element (KeyError when absent).") { a in
            if try set(a).storage.remove(a["element"]) == nil { throw PyException.keyError(a["element"]) }
            return .none
        }
        r.add(["set.discard"], "discard(self, element, /)", doc: "Removes an element if present.") { a in
            try set(a).storage.remove(a["element"]); return .none
        }
        r.add(["set.pop"], "pop(self)", doc: "Removes and returns some element.") { a in
            let s: PySet = try set(a)
            guard let first = s.items.first else { throw PyException.keyError(.str("pop from an empty set")) }
            try s.storage.remove(first)
            return first
        }
        r.add(["set.clear"], "clear(self)", doc: "Removes every element.") { a in try set(a).storage.removeAll(); return .none }
        r.add(["set.copy"], "copy(self)", doc: "A shallow copy.") { a in .object(try PySet(try set(a).items)) }
        r.add(["set.union"], "union(self, *others)", doc: "Elements in this set or any of the others.") { a in
            var items: [Value] = try set(a).items
            for o in a.varArgs { items.append(contentsOf: try a.interp.iterate(o)) }
            return .object(try PySet(items))
        }
        r.add(["set.intersection"], "intersection(self, *others)", doc: "Elements in this set and all the others.") { a in
            var items: [Value] = try set(a).items
            for o in a.varArgs {
                let other: PySet = try PySet(try a.interp.iterate(o))
                items = try items.filter { try other.storage.contains($0) }
            }
            return .object(try PySet(items))
        }
        r.add(["set.difference"], "difference(self, *others)", doc: "Elements in this set but in none of the others.") { a in
            var items: [Value] = try set(a).items
            for o in a.varArgs {
                let other: PySet = try PySet(try a.interp.iterate(o))
                items = try items.filter { try !other.storage.contains($0) }
            }
            return .object(try PySet(items))
        }
        r.add(["set.symmetric_difference"], "symmetric_difference(self, other, /)", doc: "Elements in exactly one of the two sets.") { a in
            let s: PySet = try set(a)
            let other: PySet = try PySet(try a.interp.iterate(a["other"]))
            return try s.binary(.bitXor, .object(other), reflected: false, a.interp) ?? .none
        }
        r.add(["set.update"], "update(self, *others)", doc: "Adds the elements of the others.") { a in
            let s: PySet = try set(a)
            for o in a.varArgs { for v in try a.interp.iterate(o) { try s.storage.set(v, .none) } }
            return .none
        }
        r.add(["set.issubset"], "issubset(self, other, /)", doc: "Whether every element is in other.") { a in
            let other: PySet = try PySet(try a.interp.iterate(a["other"]))
            return .bool(try set(a).items.allSatisfy { try other.storage.contains($0) })
        }
        r.add(["set.issuperset"], "issuperset(self, other, /)", doc: "Whether every element of other is in this set.") { a in
            let s: PySet = try set(a)
            return .bool(try a.interp.iterate(a["other"]).allSatisfy { try s.storage.contains($0) })
        }
    }
}

/// `d.keys()`, `d.values()`, `d.items()`: a snapshot that prints like Python's views.
final class DictView: PyObject {
    let name: String
    let items: [Value]
    init(_ name: String, _ items: [Value]) { self.name = name; self.items = items }
    var typeName: String { name }
    func repr(_ interp: Interpreter) throws -> String {
        "\(name)([" + (try items.map { try interp.repr($0) }.joined(separator: ", ")) + "])"
    }
    func iterate(_ interp: Interpreter) throws -> [Value]? { items }
    func length(_ interp: Interpreter) throws -> Int? { items.count }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        for v in items where try interp.equals(v, other) { return true }
        return false
    }
}
