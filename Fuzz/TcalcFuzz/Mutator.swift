import Foundation
import Lang

// The structure-aware half of the fuzzer: libFuzzer's byte mutations mostly produce syntax
// errors after a few steps, so most inputs would never reach the builtins. This mutator
// edits programs as token sequences instead, keeping them valid Python most of the time while
// changing what matters to the engine: operands, shapes, dtypes, builtin names and edge values.
// `TCALC_FUZZ_MODE` picks `structured`, `bytes` (libFuzzer's own mutations only) or `mixed`
// (the default: three structured mutations in four).

@_silgen_name("LLVMFuzzerMutate")
func libFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// A small deterministic generator from libFuzzer's seed (xorshift64*).
struct FuzzRandom {
    var state: UInt64
    init(_ seed: UInt32) { state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// One lexical piece of a program, as far as mutation cares.
struct FuzzToken {
    enum Kind { case name, number, string, open, close, comma, op, space, newline }
    var kind: Kind
    var text: String
}

enum ProgramMutator {
    static let edgeNumbers = ["0", "1", "-1", "2", "3", "-2", "7", "2**62", "-2**63", "2**64", "10**18", "0.0",
                              "-0.0", "1e308", "1e-320", "0.5", "float('nan')", "float('inf')", "-float('inf')",
                              "True", "False", "None", "1j", "10**400"]
    static let shapes = ["()", "(0,)", "(1,)", "(3,)", "(2, 3)", "(0, 3)", "(3, 0)", "(1, 1, 1, 1, 1)", "(2, 1, 3)",
                         "[]", "[2]", "[-1]", "(-1, 2)", "(2**62, 2)", "(0, 2**62)", "(4, 4)", "(1, 0, 2)"]
    static let dtypes = ["torch.float32", "torch.float64", "torch.float16", "torch.bfloat16", "torch.int64", "torch.int32",
                         "torch.int8", "torch.uint8", "torch.bool", "torch.complex64", "torch.long", "torch.float"]
    static let snippets = ["torch.tensor(1.0)", "torch.tensor([])", "torch.zeros(0, 3)", "torch.ones(2, 3)",
                           "torch.arange(6).reshape(2, 3)", "torch.tensor([True, False])", "torch.randn(2, 2, 2)",
                           "torch.tensor(3)", "torch.eye(3, dtype=torch.float64)", "x", "y", "[]", "[1, [2]]", "()",
                           "{}", "'s'", "''", "None", "lambda *a: a", "range(3)", "slice(None)", "...",
                           "torch.tensor([1.0, 2.0], requires_grad=True)", "torch.empty(0)", "x.T", "x[None]",
                           "x[..., ::-1]", "torch.float64", "print", "len", "-x", "x @ x", "x.grad"]
    static let operators = ["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>", "<", "<=", "==",
                            "!=", ">", ">=", "and", "or", "in", "is"]

    /// Names from the builtin table: dotted callables (`torch.roll`), bare builtins, methods.
    nonisolated(unsafe) static var names: [String] = []
    nonisolated(unsafe) static var methods: [String] = []

    static func loadNames(_ registry: BuiltinRegistry) {
        guard names.isEmpty else { return }
        var dotted = Set<String>(), bare = Set<String>(), owned = Set<String>()
        for entry in registry.entries {
            for name in entry.names {
                guard let dot = name.lastIndex(of: ".") else { bare.insert(name); continue }
                let owner = String(name[..<dot])
                if registry.modules[owner] != nil { dotted.insert(name) }
                owned.insert(String(name[name.index(after: dot)...]))
            }
        }
        names = (dotted.union(bare)).sorted()
        methods = owned.sorted()
    }

    static func tokenize(_ text: String) -> [FuzzToken] {
        var tokens: [FuzzToken] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isNameChar(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            var j = i + 1
            let kind: FuzzToken.Kind
            if c == "\n" {
                kind = .newline
            } else if c == " " || c == "\t" {
                while j < chars.count && (chars[j] == " " || chars[j] == "\t") { j += 1 }
                kind = .space
            } else if isNameStart(c) {
                // Dotted names stay one token, so `torch.linalg.norm` is replaced whole.
                while j < chars.count && (isNameChar(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isNameStart(chars[j + 1]))) { j += 1 }
                kind = .name
            } else if ("0"..."9").contains(c) {
                while j < chars.count && (isNameChar(chars[j]) || chars[j] == ".") { j += 1 }
                kind = .number
            } else if c == "'" || c == "\"" {
                while j < chars.count && chars[j] != c && chars[j] != "\n" { j += chars[j] == "\\" ? 2 : 1 }
                j = min(j + 1, chars.count)
                kind = .string
            } else if "([{".unicodeScalars.contains(c) {
                kind = .open
            } else if ")]}".unicodeScalars.contains(c) {
                kind = .close
            } else if c == "," {
                kind = .comma
            } else {
                while j < chars.count && "+-*/%@&|^<>=!~:".unicodeScalars.contains(chars[j]) && "+-*/%@&|^<>=!~".unicodeScalars.contains(c) { j += 1 }
                kind = .op
            }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[i..<min(j, chars.count)])
            tokens.append(FuzzToken(kind: kind, text: String(s)))
            i = j
        }
        return tokens
    }

    /// One structured edit of `text`; nil when the program offers nothing to edit.
    static func mutate(_ text: String, _ rng: inout FuzzRandom) -> String? {
        var tokens = tokenize(text)
        let solid = tokens.indices.filter { tokens[$0].kind != .space && tokens[$0].kind != .newline }
        guard !solid.isEmpty else { return snippets[rng.below(snippets.count)] }
        let i = rng.pick(solid)
        switch rng.below(9) {
        case 0:  // a number (or any operand) becomes an edge value
            let numbers = solid.filter { tokens[$0].kind == .number }
            tokens[numbers.isEmpty ? i : rng.pick(numbers)].text = rng.pick(edgeNumbers)
        case 1:  // a builtin name becomes another
            let named = solid.filter { tokens[$0].kind == .name }
            guard let k = named.isEmpty ? nil : rng.pick(named) else { return nil }
            let afterDot = k > 0 && tokens[k - 1].text == "."
            tokens[k].text = afterDot || rng.below(3) == 0 ? rng.pick(methods.isEmpty ? ["sum"] : methods)
                                                           : rng.pick(names.isEmpty ? ["len"] : names)
        case 2:  // a dtype becomes another, or one is added as a keyword
            let typed = solid.filter { tokens[$0].text.hasPrefix("torch.") && dtypes.contains(tokens[$0].text) }
            if let k = typed.isEmpty ? nil : rng.pick(typed) {
                tokens[k].text = rng.pick(dtypes)
            } else if let close = solid.last(where: { tokens[$0].kind == .close && tokens[$0].text == ")" }) {
                tokens.insert(FuzzToken(kind: .op, text: ", dtype=" + rng.pick(dtypes)), at: close)
            }
        case 3:  // swap the operands of a binary operator
            let ops = solid.filter { tokens[$0].kind == .op && operators.contains(tokens[$0].text) }
            guard let k = ops.isEmpty ? nil : rng.pick(ops),
                  let l = solid.last(where: { $0 < k }), let r = solid.first(where: { $0 > k }) else { return nil }
            tokens.swapAt(l, r)
        case 4:  // an operator becomes another
            let ops = solid.filter { tokens[$0].kind == .op && operators.contains(tokens[$0].text) }
            tokens[ops.isEmpty ? i : rng.pick(ops)].text = rng.pick(operators)
        case 5:  // a bracketed list of numbers (a shape) becomes another shape
            var spans: [(Int, Int)] = []
            for (n, k) in solid.enumerated() where tokens[k].kind == .open {
                var m = n + 1
                while m < solid.count && (tokens[solid[m]].kind == .number || tokens[solid[m]].kind == .comma) { m += 1 }
                if m < solid.count && tokens[solid[m]].kind == .close && m > n + 1 { spans.append((k, solid[m])) }
            }
            guard let (a, b) = spans.isEmpty ? nil : rng.pick(spans) else { return nil }
            tokens.replaceSubrange(a...b, with: [FuzzToken(kind: .name, text: rng.pick(shapes))])
        case 6:  // any operand becomes a hostile value
            tokens[i] = FuzzToken(kind: .name, text: rng.pick(snippets))
        case 7:  // lines: duplicate, drop or swap one
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count > 1 else { return text + "\n" + text }
            let a = rng.below(lines.count), b = rng.below(lines.count)
            switch rng.below(3) {
            case 0: lines.insert(lines[a], at: b)
            case 1: lines.remove(at: a)
            default: lines.swapAt(a, b)
            }
            return lines.joined(separator: "\n")
        default:  // an argument is added to a call
            guard let close = solid.filter({ tokens[$0].text == ")" }).randomElementIndex(&rng) else { return nil }
            tokens.insert(FuzzToken(kind: .op, text: ", " + rng.pick(edgeNumbers + snippets)), at: close)
        }
        return tokens.map(\.text).joined()
    }
}

extension Array where Element == Int {
    func randomElementIndex(_ rng: inout FuzzRandom) -> Int? { isEmpty ? nil : self[rng.below(count)] }
}

@_cdecl("LLVMFuzzerCustomMutator")
public func fuzzCustomMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    var rng = FuzzRandom(seed)
    let mode = ProcessInfo.processInfo.environment["TCALC_FUZZ_MODE"] ?? "mixed"
    let structured = mode == "structured" || (mode == "mixed" && rng.below(4) != 0)
    if structured {
        if FuzzHarness.registry == nil { FuzzHarness.registry = FuzzHarness.makeRegistry() }
        ProgramMutator.loadNames(FuzzHarness.registry!)
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        var out = text
        // One to three edits, so that combinations (a 0-d tensor *and* a dim) are reachable.
        for _ in 0...rng.below(3) { out = ProgramMutator.mutate(out, &rng) ?? out }
        let bytes = Array(out.utf8)
        if bytes != Array(text.utf8) && bytes.count <= maxSize {
            bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: bytes.count) }
            return bytes.count
        }
    }
    return libFuzzerMutate(data, size, maxSize)
}

@_cdecl("LLVMFuzzerCustomCrossOver")
public func fuzzCrossOver(_ data1: UnsafePointer<UInt8>, _ size1: Int, _ data2: UnsafePointer<UInt8>, _ size2: Int,
                          _ out: UnsafeMutablePointer<UInt8>, _ maxOutSize: Int, _ seed: UInt32) -> Int {
    // Whole lines from two programs, interleaved: a variable defined in one meets the ops of
    // the other.
    var rng = FuzzRandom(seed)
    let a = String(decoding: UnsafeBufferPointer(start: data1, count: size1), as: UTF8.self).split(separator: "\n")
    let b = String(decoding: UnsafeBufferPointer(start: data2, count: size2), as: UTF8.self).split(separator: "\n")
    var lines: [Substring] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if j >= b.count || (i < a.count && rng.below(2) == 0) { lines.append(a[i]); i += 1 } else { lines.append(b[j]); j += 1 }
    }
    let bytes = Array(lines.joined(separator: "\n").utf8.prefix(maxOutSize))
    bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { out.update(from: p, count: bytes.count) } }
    return bytes.count
}
