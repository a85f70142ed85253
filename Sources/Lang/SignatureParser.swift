import Foundation

/// Reads Python-style signature strings such as `"sum(input, dim=None, keepdim=False, *, dtype=None)"`
/// into a function name and a `ParameterList`. Declaring builtins this way keeps each entry one
/// readable line. Defaults must be literals (None, True, False, numbers, strings, tuples of
/// those); any other default text (say `torch.float32`) binds None and the body supplies the
/// real value, while `help()` still shows the text.
enum SignatureParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ signature: String) throws -> (name: String, parameters: ParameterList) {
        let text: String = signature.trimmingCharacters(in: .whitespaces)
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            throw Failure(description: "signature '\(signature)' must look like name(params)")
        }
        let name: String = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        let inner: String = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        var parameters: [Parameter] = []
        var keywordOnly: Bool = false
        for rawPart in splitTopLevel(inner) {
            let part: String = rawPart.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if part == "/" {
                for i in parameters.indices where parameters[i].kind == .positionalOrKeyword {
                    parameters[i].kind = .positionalOnly
                }
                continue
            }
            if part == "*" { keywordOnly = true; continue }
            if part.hasPrefix("**") {
                parameters.append(Parameter(String(part.dropFirst(2)), kind: .varKeyword))
                continue
            }
            if part.hasPrefix("*") {
                parameters.append(Parameter(String(part.dropFirst()), kind: .varPositional))
                keywordOnly = true
                continue
            }
            let kind: Parameter.Kind = keywordOnly ? .keywordOnly : .positionalOrKeyword
            if let eq = part.firstIndex(of: "=") {
                let pname: String = String(part[..<eq]).trimmingCharacters(in: .whitespaces)
                let dtext: String = String(part[part.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                let value: Value = literal(dtext) ?? .none
                parameters.append(Parameter(pname, kind: kind, default: value, defaultText: dtext))
            } else {
                parameters.append(Parameter(part, kind: kind))
            }
        }
        return (name, ParameterList(parameters))
    }

    /// Splits on commas outside brackets and quotes.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current: String = ""
        var depth: Int = 0
        var quote: Character? = nil
        var escaped: Bool = false
        for c in text {
            if let q = quote {
                current.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"": quote = c; current.append(c)
            case "(", "[", "{": depth += 1; current.append(c)
            case ")", "]", "}": depth -= 1; current.append(c)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(c)
            }
        }
        parts.append(current)
        return parts
    }

    /// Python literal text to a value, or nil when it is not a simple literal.
    static func literal(_ text: String) -> Value? {
        let t: String = text.trimmingCharacters(in: .whitespaces)
        switch t {
        case "None": return Value.none
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "inf", "math.inf", "float('inf')": return .float(.infinity)
        case "-inf", "-math.inf", "float('-inf')": return .float(-.infinity)
        default: break
        }
        if let i = Int(t.replacingOccurrences(of: "_", with: "")) { return .int(i) }
        if t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(t) { return .float(d) }
        if t.count >= 2, let first = t.first, (first == "'" || first == "\""), t.last == first {
            let body: Substring = t.dropFirst().dropLast()
            var out: String = ""
            var escaped: Bool = false
            for c in body {
                if escaped {
                    switch c {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\0")
                    default: out.append(c)
                    }
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else {
                    out.append(c)
                }
            }
            return .str(out)
        }
        if t.hasPrefix("(") && t.hasSuffix(")") {
            let inner: String = String(t.dropFirst().dropLast())
            if inner.trimmingCharacters(in: .whitespaces).isEmpty { return .tuple([]) }
            var items: [Value] = []
            for part in splitTopLevel(inner) {
                let p: String = part.trimmingCharacters(in: .whitespaces)
                if p.isEmpty { continue }
                guard let v = literal(p) else { return nil }
                items.append(v)
            }
            return .tuple(items)
        }
        return nil
    }
}
