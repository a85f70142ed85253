import Foundation
import BigInt

/// Python's `repr` and `str` for built-in values.
extension Interpreter {
    /// `repr(v)` exactly as Python prints it.
    public func repr(_ v: Value) throws -> String {
        switch v {
        case .tuple, .list, .dict:
            // Nested containers recurse; bound the depth like Python's recursion limit.
            callDepth += 1
            defer { callDepth -= 1 }
            if callDepth > recursionLimit {
                throw PyException(ExceptionTypes.recursionError, "maximum recursion depth exceeded while getting the repr of an object")
            }
            return try containerRepr(v)
        default:
            return try scalarRepr(v)
        }
    }

    private func scalarRepr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .bigInt(let b): return String(b.value)
        case .float(let d): return formatFloatRepr(d)
        case .str(let s): return quoteString(s)
        case .function(let f): return "<function \(f.qualifiedName) at 0x\(String(UInt(bitPattern: ObjectIdentifier(f).hashValue), radix: 16))>"
        case .object(let o): return try o.repr(self)
        default: return try containerRepr(v)
        }
    }

    private func containerRepr(_ v: Value) throws -> String {
        switch v {
        case .tuple(let items):
            if items.count == 1 { return "(" + (try repr(items[0])) + ",)" }
            return "(" + (try items.map { try repr($0) }.joined(separator: ", ")) + ")"
        case .list(let l):
            let id: ObjectIdentifier = ObjectIdentifier(l)
            if reprInProgress.contains(id) { return "[...]" }
            reprInProgress.insert(id)
            defer { reprInProgress.remove(id) }
            return "[" + (try l.items.map { try repr($0) }.joined(separator: ", ")) + "]"
        case .dict(let d):
            let id: ObjectIdentifier = ObjectIdentifier(d)
            if reprInProgress.contains(id) { return "{...}" }
            reprInProgress.insert(id)
            defer { reprInProgress.remove(id) }
            if let name = d.displayName {
                if d.count == 0 { return name + "()" }
                let pairs: [String] = try d.entries.map { (k, v) in "(" + (try repr(k)) + ", " + (try repr(v)) + ")" }
                return name + "([" + pairs.joined(separator: ", ") + "])"
            }
            let parts: [String] = try d.entries.map { (k, v) in (try repr(k)) + ": " + (try repr(v)) }
            return "{" + parts.joined(separator: ", ") + "}"
        default: return try scalarRepr(v)
        }
    }

    /// `str(v)`: like repr except for strings (unquoted) and objects that define `str`.
    public func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s
        case .object(let o): return try o.str(self)
        default: return try repr(v)
        }
    }
}

/// Python's shortest round-trip float repr: `0.1`, `1e-05`, `1e+16`, `100.0`, `inf`, `nan`.
public func formatFloatRepr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    let (negative, digits, exponent) = shortestDigits(d)
    let sign: String = negative ? "-" : ""
    if digits == "0" { return sign + "0.0" }
    if exponent < -4 || exponent >= 16 {
        var mantissa: String = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let expSign: String = exponent < 0 ? "-" : "+"
        let expDigits: String = String(abs(exponent))
        return sign + mantissa + "e" + expSign + (expDigits.count < 2 ? "0" + expDigits : expDigits)
    }
    if exponent < 0 {
        return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
    }
    let chars: [Character] = Array(digits)
    if chars.count <= exponent + 1 {
        return sign + digits + String(repeating: "0", count: exponent + 1 - chars.count) + ".0"
    }
    return sign + String(chars[0...exponent]) + "." + String(chars[(exponent + 1)...])
}

/// The shortest digits that round-trip `d` (from Swift's own shortest formatting), with the
/// decimal exponent of the first digit: 0.00123 → ("123", -3).
func shortestDigits(_ d: Double) -> (negative: Bool, digits: String, exponent: Int) {
    var text: String = d.description
    var negative: Bool = false
    if text.hasPrefix("-") { negative = true; text.removeFirst() }
    var exp: Int = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exp = Int(text[text.index(after: e)...]) ?? 0
        text = String(text[..<e])
    }
    var intPart: Substring = Substring(text)
    var fracPart: Substring = ""
    if let dot = text.firstIndex(of: ".") {
        intPart = text[..<dot]
        fracPart = text[text.index(after: dot)...]
    }
    var all: [Character] = Array(intPart) + Array(fracPart)
    var point: Int = intPart.count
    while all.count > 1 && all[0] == "0" { all.removeFirst(); point -= 1 }
    while all.count > 1 && all[all.count - 1] == "0" { all.removeLast() }
    if all == ["0"] { return (negative, "0", 0) }
    return (negative, String(all), point - 1 + exp)
}

/// Python's string repr: single quotes unless the text has `'` and no `"`; escapes as Python.
public func quoteString(_ s: String) -> String {
    let quote: Character = (s.contains("'") && !s.contains("\"")) ? "\"" : "'"
    var out: String = String(quote)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if Character(scalar) == quote {
                out += "\\" + String(quote)
            } else if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\x" + hex(scalar.value, 2)
            } else if scalar.value >= 0x80 && scalar.value < 0xa0 {
                out += "\\x" + hex(scalar.value, 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out.append(quote)
    return out
}

private func hex(_ v: UInt32, _ width: Int) -> String {
    let h: String = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - h.count)) + h
}
