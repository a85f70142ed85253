import Foundation
import BigInt

/// Python's format-specification mini-language (`format(x, spec)`, f-string fields) and
/// printf-style `%` formatting of strings.
struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    var alternate: Bool = false
    var width: Int = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    /// [[fill]align][sign][#][0][width][grouping][.precision][type]
    init(_ spec: String) throws {
        let cs: [Character] = Array(spec)
        var i: Int = 0
        let aligns: Set<Character> = ["<", ">", "=", "^"]
        if cs.count >= 2 && aligns.contains(cs[1]) {
            fill = cs[0]; align = cs[1]; i = 2
        } else if cs.count >= 1 && aligns.contains(cs[0]) {
            align = cs[0]; i = 1
        }
        if i < cs.count && "+- ".contains(cs[i]) { sign = cs[i]; i += 1 }
        if i < cs.count && cs[i] == "z" { i += 1 }
        if i < cs.count && cs[i] == "#" { alternate = true; i += 1 }
        if i < cs.count && cs[i] == "0" {
            if align == nil { fill = "0"; align = "=" }
            i += 1
        }
        var digits: String = ""
        while i < cs.count && cs[i].isASCII && cs[i].isNumber { digits.append(cs[i]); i += 1 }
        if !digits.isEmpty {
            guard let w = Int(digits) else { throw PyException.valueError("Too many decimal digits in format string") }
            // Padding to the width would build a string past the cap.
            try Interpreter.checkSequenceLength(w)
            width = w
        }
        if i < cs.count && (cs[i] == "," || cs[i] == "_") { grouping = cs[i]; i += 1 }
        if i < cs.count && cs[i] == "." {
            i += 1
            var p: String = ""
            while i < cs.count && cs[i].isASCII && cs[i].isNumber { p.append(cs[i]); i += 1 }
            guard !p.isEmpty else { throw PyException.valueError("Format specifier missing precision") }
            guard let pv = Int(p) else { throw PyException.valueError("Too many decimal digits in format string") }
            precision = pv
        }
        if i < cs.count { type = cs[i]; i += 1 }
        if i != cs.count { throw PyException.valueError("Invalid format specifier '\(spec)'") }
    }

    /// Pads `body` (with its sign separated, for `=` alignment) to the width.
    func pad(_ body: String, sign signText: String = "", defaultAlign: Character) -> String {
        let total: Int = body.count + signText.count
        if total >= width { return signText + body }
        let n: Int = width - total
        let filler: (Int) -> String = { String(repeating: String(self.fill), count: $0) }
        switch align ?? defaultAlign {
        case "<": return signText + body + filler(n)
        case "^": return filler(n / 2) + signText + body + filler(n - n / 2)
        case "=": return signText + filler(n) + body
        default: return filler(n) + signText + body
        }
    }
}

extension Interpreter {
    /// `format(v, spec)`.
    public func format(_ v: Value, _ spec: String) throws -> String {
        switch v {
        case .object(let o):
            if let s = try o.format(spec, self) { return s }
            if spec.isEmpty { return try str(v) }
            throw PyException.typeError("unsupported format string passed to \(o.typeName).__format__")
        case .str(let s):
            if spec.isEmpty { return s }
            let f: FormatSpec = try FormatSpec(spec)
            if let t = f.type, t != "s" { throw PyException.valueError("Unknown format code '\(t)' for object of type 'str'") }
            if f.sign != "-" { throw PyException.valueError("Sign not allowed in string format specifier") }
            var text: String = s
            if let p = f.precision { text = String(text.prefix(p)) }
            return f.pad(text, defaultAlign: "<")
        case .int, .bigInt, .bool:
            if spec.isEmpty { return try str(v) }
            return try formatInteger(v.bigIntValue ?? 0, try FormatSpec(spec))
        case .float(let d):
            if spec.isEmpty { return formatFloatRepr(d) }
            return try formatDouble(d, try FormatSpec(spec))
        default:
            if spec.isEmpty { return try str(v) }
            throw PyException.typeError("unsupported format string passed to \(v.typeName).__format__")
        }
    }

    private func formatInteger(_ n: BigInt, _ f: FormatSpec) throws -> String {
        if let t = f.type, "eEfFgG%".contains(t) { return try formatDouble(Double(n), f) }
        if let t = f.type, !"dnbxXoc".contains(t) {
            throw PyException.valueError("Unknown format code '\(t)' for object of type 'int'")
        }
        if f.precision != nil { throw PyException.valueError("Precision not allowed in integer format specifier") }
        let magnitude: BigInt = n < 0 ? -n : n
        var digits: String
        var prefix: String = ""
        switch f.type ?? "d" {
        case "d", "n": digits = String(magnitude)
        case "b": digits = String(magnitude, radix: 2); prefix = f.alternate ? "0b" : ""
        case "o": digits = String(magnitude, radix: 8); prefix = f.alternate ? "0o" : ""
        case "x": digits = String(magnitude, radix: 16); prefix = f.alternate ? "0x" : ""
        case "X": digits = String(magnitude, radix: 16).uppercased(); prefix = f.alternate ? "0X" : ""
        case "c":
            guard let i = Int(exactly: n), i >= 0, i < 0x110000, let s = Unicode.Scalar(UInt32(i)) else {
                throw PyException.overflowError("%c arg not in range(0x110000)")
            }
            return f.pad(String(Character(s)), defaultAlign: "<")
        default:
            throw PyException.valueError("Unknown format code '\(f.type.map(String.init) ?? "")' for object of type 'int'")
        }
        if let g = f.grouping {
            let every: Int = (f.type == "d" || f.type == nil || f.type == "n") ? 3 : 4
            digits = group(digits, g, every: every)
        }
        let signText: String = n < 0 ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
        return f.pad(digits, sign: signText + prefix, defaultAlign: ">")
    }

    private func group(_ digits: String, _ sep: Character, every: Int) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % every == 0 { out.append(sep) }
            out.append(c)
        }
        return String(out.reversed())
    }

    private func formatDouble(_ d: Double, _ f: FormatSpec) throws -> String {
        let negative: Bool = d < 0 || (d == 0 && d.sign == .minus)
        let x: Double = abs(d)
        var body: String
        let type: Character? = f.type
        if x.isNaN || x.isInfinite {
            body = x.isNaN ? "nan" : "inf"
            if let t = type, "EFG".contains(t) { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            // CPython's limit; past it Foundation's formatter would trap.
            if let p = f.precision, p > Int(Int32.max) { throw PyException.valueError("precision too big") }
            switch type {
            case "f", "F":
                body = try fixedDigits(x, precision: f.precision ?? 6)
            case "e", "E":
                body = try scientificDigits(x, precision: f.precision ?? 6)
                if type == "E" { body = body.uppercased() }
            case "%":
                body = try fixedDigits(x * 100, precision: f.precision ?? 6) + "%"
            case "g", "G", "n":
                body = try formatGeneral(x, precision: f.precision ?? 6, alternate: f.alternate, keepPoint: false)
                if type == "G" { body = body.uppercased() }
            case nil:
                if let p = f.precision {
                    body = try formatGeneral(x, precision: p, alternate: f.alternate, keepPoint: true)
                } else {
                    body = formatFloatRepr(x)
                }
            default:
                throw PyException.valueError("Unknown format code '\(type.map(String.init) ?? "")' for object of type 'float'")
            }
            if f.alternate && !body.contains(".") && (type == "f" || type == "F") { body += "." }
            if let g = f.grouping {
                let parts: [Substring] = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                var intPart: String = String(parts[0])
                var suffix: String = parts.count > 1 ? "." + parts[1] : ""
                if let e = intPart.firstIndex(where: { !$0.isNumber }) {
                    suffix = String(intPart[e...]) + suffix
                    intPart = String(intPart[..<e])
                }
                body = group(intPart, g, every: 3) + suffix
            }
        }
        let signText: String = negative ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
        return f.pad(body, sign: signText, defaultAlign: ">")
    }

    /// `%.Nf` for any N: a double's exact decimal expansion has at most 1074 digits after the
    /// point, so past that the digits are zeros and are appended rather than asked of printf
    /// (whose buffer, through Foundation, traps on huge precisions).
    private func fixedDigits(_ x: Double, precision: Int) throws -> String {
        let exact: Int = 1100
        if precision <= exact { return String(format: "%.\(precision)f", x) }
        try Interpreter.checkSequenceLength(precision)
        return String(format: "%.\(exact)f", x) + String(repeating: "0", count: precision - exact)
    }

    /// `%.Ne` for any N: at most 767 significant digits are not zeros.
    private func scientificDigits(_ x: Double, precision: Int) throws -> String {
        let exact: Int = 800
        if precision <= exact { return String(format: "%.\(precision)e", x) }
        try Interpreter.checkSequenceLength(precision)
        let text: String = String(format: "%.\(exact)e", x)
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        return String(text[..<e]) + String(repeating: "0", count: precision - exact) + String(text[e...])
    }

    /// `%g`-style: significant digits, scientific outside 1e-4 ≤ x < 10^precision, trailing
    /// zeros removed; `keepPoint` is the no-type rule that keeps at least one decimal.
    private func formatGeneral(_ x: Double, precision: Int, alternate: Bool, keepPoint: Bool) throws -> String {
        let p: Int = max(precision, 1)
        if x == 0 {
            if alternate { return "0." + (try fixedDigits(0, precision: p - 1)).dropFirst(2) }
            return keepPoint ? "0.0" : "0"
        }
        let sci: String = try scientificDigits(x, precision: p - 1)
        let exp: Int = Int(sci.split(separator: "e").last ?? "0") ?? 0
        var out: String
        if exp >= -4 && exp < p {
            out = try fixedDigits(x, precision: max(0, p - 1 - exp))
            if !alternate && out.contains(".") {
                while out.hasSuffix("0") { out.removeLast() }
                if out.hasSuffix(".") { out.removeLast() }
            }
            if keepPoint && !out.contains(".") { out += ".0" }
        } else {
            var mantissa: String = String(sci.split(separator: "e").first ?? "")
            if !alternate && mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            let e: String = String(abs(exp))
            out = mantissa + "e" + (exp < 0 ? "-" : "+") + (e.count < 2 ? "0" + e : e)
        }
        return out
    }

    /// `'%5.2f and %s' % (x, y)`.
    func percentFormat(_ template: String, _ args: Value) throws -> String {
        var values: [Value]
        if case .tuple(let t) = args { values = t } else { values = [args] }
        let mapping: PyDict? = { if case .dict(let d) = args { return d }; return nil }()
        let cs: [Character] = Array(template)
        var out: String = ""
        var i: Int = 0
        var next: Int = 0
        while i < cs.count {
            let c: Character = cs[i]
            if c != "%" { out.append(c); i += 1; continue }
            i += 1
            guard i < cs.count else { throw PyException.valueError("incomplete format") }
            var key: String? = nil
            if cs[i] == "(" {
                var k: String = ""
                i += 1
                while i < cs.count && cs[i] != ")" { k.append(cs[i]); i += 1 }
                i += 1
                key = k
            }
            var flags: String = ""
            while i < cs.count && "-+ 0#".contains(cs[i]) { flags.append(cs[i]); i += 1 }
            var width: String = ""
            while i < cs.count && cs[i].isNumber { width.append(cs[i]); i += 1 }
            var precision: String = ""
            if i < cs.count && cs[i] == "." {
                i += 1
                precision = "."
                while i < cs.count && cs[i].isNumber { precision.append(cs[i]); i += 1 }
                if precision == "." { precision = ".0" }
            }
            guard i < cs.count else { throw PyException.valueError("incomplete format") }
            let type: Character = cs[i]
            i += 1
            if type == "%" { out.append("%"); continue }
            let value: Value
            if let k = key, let m = mapping {
                guard let v = try m.get(.str(k)) else { throw PyException.keyError(.str(k)) }
                value = v
            } else {
                guard next < values.count else { throw PyException.typeError("not enough arguments for format string") }
                value = values[next]
                next += 1
            }
            var spec: String = ""
            if flags.contains("-") { spec += "<" } else if !flags.contains("0") { spec += ">" }
            if flags.contains("+") { spec += "+" } else if flags.contains(" ") { spec += " " }
            if flags.contains("#") { spec += "#" }
            if flags.contains("0") && !flags.contains("-") { spec += "0" }
            spec += width + precision
            switch type {
            case "s": out += try format(.str(try str(value)), spec)
            case "r", "a": out += try format(.str(try repr(value)), spec)
            case "d", "i", "u":
                if value.numericDouble == nil, case .object = value {} else if value.numericDouble == nil {
                    throw PyException.typeError("%\(type) format: a real number is required, not \(value.typeName)")
                }
                let n: Value
                if case .float = value { n = try intValue(value) } else { n = value }
                out += try format(n, spec + "d")
            case "f", "F", "e", "E", "g", "G":
                guard let d = value.numericDouble ?? (try? floatValue(value)) else {
                    throw PyException.typeError("must be real number, not \(value.typeName)")
                }
                out += try format(.float(d), spec + String(type))
            case "x", "X", "o", "c": out += try format(value, spec + String(type))
            default:
                throw PyException.valueError("unsupported format character '\(type)'")
            }
        }
        if next < values.count && mapping == nil {
            throw PyException.typeError("not all arguments converted during string formatting")
        }
        return out
    }
}
