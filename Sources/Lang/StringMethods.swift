import Foundation

/// The str methods that search, split, strip and change case, with CPython's rules.
///
/// They work on Unicode scalars, as Python's strings are sequences of code points: Swift's
/// `Character` joins `"\r\n"` (and a letter with its combining accents) into one, which made
/// `'a\r\nb'.splitlines()` one line and `'e\u0301'.startswith('e')` false. Optional
/// `start`/`end` arguments follow CPython's `ADJUST_INDICES`: negative values count from the
/// end, `end` is clamped to the length, and a `start` past the end finds nothing.
enum StringMethods {
    typealias Scalars = [Unicode.Scalar]

    static func register(_ r: BuiltinRegistry) {
        registerSearch(r)
        registerSplitting(r)
        registerCase(r)
    }

    static func scalars(_ a: BoundArguments, _ name: String = "self") throws -> Scalars {
        guard case .str(let s) = a[name] else {
            if name == "self" { throw PyException.typeError("descriptor requires a 'str' object") }
            throw PyException.typeError("must be str, not \(a[name].typeName)")
        }
        return Array(s.unicodeScalars)
    }

    static func string(_ s: some Sequence<Unicode.Scalar>) -> String {
        var view: String.UnicodeScalarView = String.UnicodeScalarView()
        view.append(contentsOf: s)
        return String(view)
    }

    /// `(start, end)` for `s[start:end]` searches, as CPython adjusts them; nil when `start`
    /// lies past the end (nothing can match, not even the empty string).
    static func window(_ a: BoundArguments, count: Int) throws -> (Int, Int)? {
        func bound(_ name: String, _ fallback: Int) throws -> Int {
            let v: Value = a[name]
            if v.isNone { return fallback }
            guard let i = try a.interp.asIndex(v) else {
                throw PyException.typeError("slice indices must be integers or None or have an __index__ method")
            }
            return i
        }
        var start: Int = try bound("start", 0), end: Int = try bound("end", count)
        if end > count { end = count } else if end < 0 { end = max(0, end + count) }
        if start < 0 { start = max(0, start + count) }
        if start > count { return nil }
        return (start, end)
    }

    /// Whether `sub` occurs in `s` at `i`.
    static func matches(_ s: Scalars, _ sub: Scalars, at i: Int) -> Bool {
        if i < 0 || i + sub.count > s.count { return false }
        for k in 0..<sub.count where s[i + k] != sub[k] { return false }
        return true
    }

    /// The first (or last) position of `sub` within `s[start..<end]`.
    static func position(_ s: Scalars, _ sub: Scalars, _ start: Int, _ end: Int, last: Bool) -> Int? {
        if end - start < sub.count { return nil }
        let positions: StrideThrough<Int> = last ? stride(from: end - sub.count, through: start, by: -1)
                                                 : stride(from: start, through: end - sub.count, by: 1)
        for i in positions where matches(s, sub, at: i) { return i }
        return nil
    }

    /// Non-overlapping occurrences of `sub` in `s[start..<end]`, left to right.
    static func occurrences(_ s: Scalars, _ sub: Scalars, _ start: Int = 0, _ end: Int? = nil, limit: Int = -1) -> [Int] {
        let stop: Int = end ?? s.count
        var found: [Int] = []
        guard !sub.isEmpty else {
            if stop < start { return [] }
            return Array(start...stop).prefix(limit < 0 ? Int.max : limit).map { $0 }
        }
        var i: Int = start
        while i + sub.count <= stop && (limit < 0 || found.count < limit) {
            if matches(s, sub, at: i) { found.append(i); i += sub.count } else { i += 1 }
        }
        return found
    }

    static func registerSearch(_ r: BuiltinRegistry) {
        for (name, last, raises) in [("find", false, false), ("rfind", true, false), ("index", false, true), ("rindex", true, true)] {
            let what: String = last ? "last" : "first"
            let doc: String = raises ? "Index of the \(what) occurrence of sub in s[start:end] (ValueError when absent)."
                                     : "Index of the \(what) occurrence of sub in s[start:end], or -1."
            r.add(["str." + name], "\(name)(self, sub, start=None, end=None, /)", doc: doc) { a in
                let s: Scalars = try scalars(a), sub: Scalars = try scalars(a, "sub")
                if let (start, end) = try window(a, count: s.count), let i = position(s, sub, start, end, last: last) { return .int(i) }
                if raises { throw PyException.valueError("substring not found") }
                return .int(-1)
            }
        }
        r.add(["str.count"], "count(self, sub, start=None, end=None, /)", doc: "Number of non-overlapping occurrences of sub in s[start:end].") { a in
            let s: Scalars = try scalars(a), sub: Scalars = try scalars(a, "sub")
            guard let (start, end) = try window(a, count: s.count) else { return .int(0) }
            return .int(occurrences(s, sub, start, end).count)
        }
        for (name, suffix) in [("startswith", false), ("endswith", true)] {
            r.add(["str." + name], "\(name)(self, \(suffix ? "suffix" : "prefix"), start=None, end=None, /)",
                  doc: "Whether s[start:end] \(suffix ? "ends" : "starts") with the \(suffix ? "suffix" : "prefix") (or one of a tuple of them).") { a in
                let s: Scalars = try scalars(a)
                let v: Value = a[suffix ? "suffix" : "prefix"]
                let candidates: [Value]
                switch v {
                case .str: candidates = [v]
                case .tuple(let items): candidates = items
                default:
                    throw PyException.typeError("\(name) first arg must be str or a tuple of str, not \(v.typeName)")
                }
                guard let (start, end) = try window(a, count: s.count) else { return .bool(false) }
                for c in candidates {
                    guard case .str(let text) = c else {
                        throw PyException.typeError("tuple for \(name) must only contain str, not \(c.typeName)")
                    }
                    let affix: Scalars = Array(text.unicodeScalars)
                    if end - start < affix.count { continue }
                    if matches(s, affix, at: suffix ? end - affix.count : start) { return .bool(true) }
                }
                return .bool(false)
            }
        }
        r.add(["str.replace"], "replace(self, old, new, count=-1, /)", doc: "The string with occurrences of old replaced by new (the first count of them when count >= 0).") { a in
            let s: Scalars = try scalars(a), old: Scalars = try scalars(a, "old"), new: Scalars = try scalars(a, "new")
            let places: [Int] = occurrences(s, old, limit: try a.int("count"))
            if places.isEmpty { return a["self"] }
            try Interpreter.checkSequenceLength(s.count + places.count * max(0, new.count - old.count))
            var out: Scalars = []
            var i: Int = 0
            for p in places {
                out.append(contentsOf: s[i..<p])
                out.append(contentsOf: new)
                i = p + old.count
            }
            out.append(contentsOf: s[min(i, s.count)...])
            return .str(string(out))
        }
        for (name, last) in [("partition", false), ("rpartition", true)] {
            r.add(["str." + name], "\(name)(self, sep, /)", doc: "(head, sep, tail) split at the \(last ? "last" : "first") sep; without one, \(last ? "('', '', s)" : "(s, '', '')").") { a in
                let s: Scalars = try scalars(a), sep: Scalars = try scalars(a, "sep")
                if sep.isEmpty { throw PyException.valueError("empty separator") }
                guard let i = position(s, sep, 0, s.count, last: last) else {
                    return .tuple(last ? [.str(""), .str(""), a["self"]] : [a["self"], .str(""), .str("")])
                }
                return .tuple([.str(string(s[..<i])), a["sep"], .str(string(s[(i + sep.count)...]))])
            }
        }
        r.add(["str.removeprefix"], "removeprefix(self, prefix, /)", doc: "The string without prefix, when it starts with it.") { a in
            let s: Scalars = try scalars(a), p: Scalars = try scalars(a, "prefix")
            return matches(s, p, at: 0) ? .str(string(s[p.count...])) : a["self"]
        }
        r.add(["str.removesuffix"], "removesuffix(self, suffix, /)", doc: "The string without suffix, when it ends with it.") { a in
            let s: Scalars = try scalars(a), p: Scalars = try scalars(a, "suffix")
            return !p.isEmpty && matches(s, p, at: s.count - p.count) ? .str(string(s[..<(s.count - p.count)])) : a["self"]
        }
    }

    /// Python's `str.isspace()` characters: Unicode White_Space plus the ASCII separators
    /// \x1c–\x1f, which Python also splits on.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.properties.isWhitespace || (0x1C...0x1F).contains(u.value)
    }

    /// Where `splitlines` breaks: \n, \r, \v, \f, \x1c–\x1e, \x85, U+2028, U+2029 (\r\n is one break).
    static func isLineBreak(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func registerSplitting(_ r: BuiltinRegistry) {
        for (name, right) in [("split", false), ("rsplit", true)] {
            r.add(["str." + name], "\(name)(self, sep=None, maxsplit=-1)",
                  doc: right ? "Like split, but the maxsplit splits are made from the right."
                             : "The words of the string, split on sep (runs of whitespace by default), at most maxsplit times.") { a in
                var s: Scalars = try scalars(a)
                let maxsplit: Int = try a.int("maxsplit")
                if right { s.reverse() }
                var parts: [Scalars] = []
                if a["sep"].isNone {
                    var i: Int = 0
                    while true {
                        while i < s.count && isSpace(s[i]) { i += 1 }
                        if i == s.count { break }
                        if maxsplit >= 0 && parts.count == maxsplit {
                            parts.append(Array(s[i...]))
                            break
                        }
                        let start: Int = i
                        while i < s.count && !isSpace(s[i]) { i += 1 }
                        parts.append(Array(s[start..<i]))
                    }
                } else {
                    var sep: Scalars = try scalars(a, "sep")
                    if sep.isEmpty { throw PyException.valueError("empty separator") }
                    if right { sep.reverse() }
                    var i: Int = 0
                    for p in occurrences(s, sep, limit: maxsplit) {
                        parts.append(Array(s[i..<p]))
                        i = p + sep.count
                    }
                    parts.append(Array(s[i...]))
                }
                if right { parts = parts.reversed().map { $0.reversed() } }
                return .list(PyList(parts.map { .str(string($0)) }))
            }
        }
        r.add(["str.splitlines"], "splitlines(self, keepends=False)", doc: "The lines of the string, broken at \\n, \\r, \\r\\n and the other line boundaries (kept when keepends is true).") { a in
            let s: Scalars = try scalars(a)
            let keep: Bool = try a.interp.truthy(a["keepends"])
            var lines: [Value] = []
            var start: Int = 0, i: Int = 0
            while i < s.count {
                guard isLineBreak(s[i]) else { i += 1; continue }
                var next: Int = i + 1
                if s[i] == "\r" && next < s.count && s[next] == "\n" { next += 1 }
                lines.append(.str(string(s[start..<(keep ? next : i)])))
                start = next
                i = next
            }
            if start < s.count { lines.append(.str(string(s[start...]))) }
            return .list(PyList(lines))
        }
        for (name, leading, trailing) in [("strip", true, true), ("lstrip", true, false), ("rstrip", false, true)] {
            let side: String = leading && trailing ? "leading and trailing" : leading ? "leading" : "trailing"
            r.add(["str." + name], "\(name)(self, chars=None, /)", doc: "The string without \(side) whitespace (or the characters in chars).") { a in
                let s: Scalars = try scalars(a)
                let drop: (Unicode.Scalar) -> Bool
                if a["chars"].isNone {
                    drop = isSpace
                } else {
                    let set: Set<Unicode.Scalar> = Set(try scalars(a, "chars"))
                    drop = { set.contains($0) }
                }
                var lo: Int = 0, hi: Int = s.count
                if leading { while lo < hi && drop(s[lo]) { lo += 1 } }
                if trailing { while hi > lo && drop(s[hi - 1]) { hi -= 1 } }
                return .str(string(s[lo..<hi]))
            }
        }
        r.add(["str.expandtabs"], "expandtabs(self, tabsize=8)", doc: "The string with each tab replaced by spaces up to the next multiple of tabsize columns.") { a in
            let size: Int = try a.int("tabsize")
            var out: Scalars = []
            var column: Int = 0
            for u in try scalars(a) {
                if u == "\t" {
                    if size > 0 {
                        let n: Int = size - column % size
                        try Interpreter.checkSequenceLength(out.count + n)
                        out.append(contentsOf: repeatElement(" ", count: n))
                        column += n
                    }
                } else {
                    out.append(u)
                    column = (u == "\n" || u == "\r") ? 0 : column + 1
                }
            }
            return .str(string(out))
        }
    }

    static func isCased(_ u: Unicode.Scalar) -> Bool { u.properties.isCased }

    static func registerCase(_ r: BuiltinRegistry) {
        r.add(["str.swapcase"], "swapcase(self)", doc: "Upper-case letters made lower case and lower-case letters upper case.") { a in
            var out: String = ""
            for u in try scalars(a) {
                if u.properties.isUppercase { out += u.properties.lowercaseMapping } else if u.properties.isLowercase { out += u.properties.uppercaseMapping } else { out.unicodeScalars.append(u) }
            }
            return .str(out)
        }
        r.add(["str.title"], "title(self)", doc: "Each word's first letter in title case and the rest lower case (a word is a run of cased letters).") { a in
            var out: String = ""
            var previousCased: Bool = false
            for u in try scalars(a) {
                out += previousCased ? u.properties.lowercaseMapping : u.properties.titlecaseMapping
                previousCased = isCased(u)
            }
            return .str(out)
        }
        r.add(["str.casefold"], "casefold(self)", doc: "The string folded for caseless comparison ('ß' becomes 'ss').") { a in
            .str(try PythonMethods.text(a).folding(options: .caseInsensitive, locale: nil))
        }
        r.add(["str.istitle"], "istitle(self)", doc: "Whether every word starts with an upper-case letter followed only by lower-case ones.") { a in
            var previousCased: Bool = false, any: Bool = false
            for u in try scalars(a) {
                if u.properties.isUppercase || u.properties.generalCategory == .titlecaseLetter {
                    if previousCased { return .bool(false) }
                    previousCased = true
                    any = true
                } else if u.properties.isLowercase {
                    if !previousCased { return .bool(false) }
                } else {
                    previousCased = false
                }
            }
            return .bool(any)
        }
        r.add(["str.isascii"], "isascii(self)", doc: "Whether every character is ASCII (true for '').") { a in
            .bool(try scalars(a).allSatisfy { $0.isASCII })
        }
        r.add(["str.isidentifier"], "isidentifier(self)", doc: "Whether the string is a valid Python name.") { a in
            let s: Scalars = try scalars(a)
            guard let first = s.first, first == "_" || first.properties.isXIDStart else { return .bool(false) }
            return .bool(s.dropFirst().allSatisfy { $0 == "_" || $0.properties.isXIDContinue })
        }
    }
}
