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
