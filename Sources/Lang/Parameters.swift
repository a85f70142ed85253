import Foundation

/// One parameter of a function, in Python's terms.
public struct Parameter {
    public enum Kind: Equatable {
        /// Before a `/` marker: cannot be passed by keyword.
        case positionalOnly
        case positionalOrKeyword
        /// `*args`
        case varPositional
        /// After `*` or `*args`.
        case keywordOnly
        /// `**kwargs`
        case varKeyword
    }
    public var name: String
    public var kind: Kind
    /// The default value; nil when the parameter is required.
    public var defaultValue: Value?
    /// The default as written in the signature, for `help()` and the docs.
    public var defaultText: String?

    public init(_ name: String, kind: Kind = .positionalOrKeyword, default defaultValue: Value? = nil, defaultText: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.defaultText = defaultText
    }
}

/// A function's parameter list and Python's argument-binding rules, shared by builtins and
/// user-defined functions so that both report errors in Python's words.
public struct ParameterList {
    public var parameters: [Parameter]
    let varPositionalIndex: Int?
    let varKeywordIndex: Int?
    /// Indices of the parameters that take positional arguments, in order.
    let positionalIndices: [Int]

    public init(_ parameters: [Parameter]) {
        self.parameters = parameters
        varPositionalIndex = parameters.firstIndex { $0.kind == .varPositional }
        varKeywordIndex = parameters.firstIndex { $0.kind == .varKeyword }
        positionalIndices = parameters.indices.filter {
            parameters[$0].kind == .positionalOnly || parameters[$0].kind == .positionalOrKeyword
        }
    }

    /// Binds call arguments to parameters: one value per parameter, in declaration order, with
    /// `*args` as a tuple and `**kwargs` as a dict. `function` names the callee in messages.
    public func bind(_ args: Arguments, function: String) throws -> [Value] {
        var values: [Value?] = Array(repeating: nil, count: parameters.count)
        var extraPositional: [Value] = []
        let given: Int = args.positional.count
        if given > positionalIndices.count && varPositionalIndex == nil {
            throw PyException.typeError(tooManyPositional(given: given, function: function, keywordsGiven: args.keywords.count))
        }
        for (i, value) in args.positional.enumerated() {
            if i < positionalIndices.count {
                values[positionalIndices[i]] = value
            } else {
                extraPositional.append(value)
            }
        }
        var extraKeywords: PyDict? = nil
        for (name, value) in args.keywords {
            if let i = parameters.firstIndex(where: { $0.name == name && ($0.kind == .positionalOrKeyword || $0.kind == .keywordOnly) }) {
                if values[i] != nil {
                    throw PyException.typeError("\(function)() got multiple values for argument '\(name)'")
                }
                values[i] = value
            } else if varKeywordIndex != nil {
                let dict: PyDict = extraKeywords ?? PyDict()
                extraKeywords = dict
                try dict.set(.str(name), value)
            } else {
                throw PyException.typeError("\(function)() got an unexpected keyword argument '\(name)'")
            }
        }
        var missingPositional: [String] = []
        var missingKeyword: [String] = []
        for (i, p) in parameters.enumerated() where values[i] == nil {
            switch p.kind {
            case .varPositional: values[i] = .tuple(extraPositional)
            case .varKeyword: values[i] = .dict(extraKeywords ?? PyDict())
            default:
                if let d = p.defaultValue {
                    values[i] = d
                } else if p.kind == .keywordOnly {
                    missingKeyword.append(p.name)
                } else {
                    missingPositional.append(p.name)
                }
            }
        }
        if !missingPositional.isEmpty {
            throw PyException.typeError(missing(missingPositional, "positional", function))
        }
        if !missingKeyword.isEmpty {
            throw PyException.typeError(missing(missingKeyword, "keyword-only", function))
        }
        return values.map { $0 ?? .none }
    }

    private func missing(_ names: [String], _ what: String, _ function: String) -> String {
        let quoted: [String] = names.map { "'\($0)'" }
        let list: String
        if quoted.count == 1 {
            list = quoted[0]
        } else if quoted.count == 2 {
            list = quoted[0] + " and " + quoted[1]
        } else {
            list = quoted.dropLast().joined(separator: ", ") + ", and " + quoted[quoted.count - 1]
        }
        let noun: String = names.count == 1 ? "argument" : "arguments"
        return "\(function)() missing \(names.count) required \(what) \(noun): \(list)"
    }

    private func tooManyPositional(given: Int, function: String, keywordsGiven: Int) -> String {
        let maxCount: Int = positionalIndices.count
        let minCount: Int = positionalIndices.filter { parameters[$0].defaultValue == nil }.count
        let takes: String
        if minCount == maxCount {
            takes = "\(maxCount) positional argument" + (maxCount == 1 ? "" : "s")
        } else {
            takes = "from \(minCount) to \(maxCount) positional arguments"
        }
        let was: String = given == 1 ? "was" : "were"
        return "\(function)() takes \(takes) but \(given) \(was) given"
    }

    /// The parameter list as Python's `help()` shows it: `(input, dim=None, *, out=None)`.
    public var description: String {
        var parts: [String] = []
        var sawStar: Bool = false
        var sawPositionalOnly: Bool = false
        for p in parameters {
            if p.kind == .positionalOnly { sawPositionalOnly = true }
            if sawPositionalOnly && p.kind != .positionalOnly {
                parts.append("/")
                sawPositionalOnly = false
            }
            switch p.kind {
            case .varPositional:
                parts.append("*" + p.name); sawStar = true
            case .varKeyword:
                parts.append("**" + p.name)
            case .keywordOnly:
                if !sawStar { parts.append("*"); sawStar = true }
                parts.append(p.defaultText.map { "\(p.name)=\($0)" } ?? p.name)
            default:
                parts.append(p.defaultText.map { "\(p.name)=\($0)" } ?? p.name)
            }
        }
        if sawPositionalOnly { parts.append("/") }
        return "(" + parts.joined(separator: ", ") + ")"
    }
}

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
