import Foundation
import BigInt

/// The classes of Python's built-in values (`int`, `str`, `list`, …): what `type(x)` returns
/// and what `isinstance` and conversions like `int("12")` go through.
public enum BuiltinTypes {
    public static let object: PyType = {
        let t: PyType = PyType("object")
        t.allocate = { type, _, _ in PyInstance(type: type) }
        return t
    }()
    public static let int: PyType = PyType("int") { args, interp in try interp.invokeConstructor("int", args) }
    public static let float: PyType = PyType("float") { args, interp in try interp.invokeConstructor("float", args) }
    public static let bool: PyType = PyType("bool", base: int) { args, interp in try interp.invokeConstructor("bool", args) }
    public static let str: PyType = PyType("str") { args, interp in try interp.invokeConstructor("str", args) }
    public static let list: PyType = PyType("list") { args, interp in try interp.invokeConstructor("list", args) }
    public static let tuple: PyType = PyType("tuple") { args, interp in try interp.invokeConstructor("tuple", args) }
    public static let dict: PyType = PyType("dict") { args, interp in try interp.invokeConstructor("dict", args) }
    public static let set: PyType = PyType("set") { args, interp in try interp.invokeConstructor("set", args) }
    public static let range: PyType = PyType("range") { args, interp in try interp.invokeConstructor("range", args) }
    public static let slice: PyType = PyType("slice") { args, interp in try interp.invokeConstructor("slice", args) }
    public static let type: PyType = PyType("type") { args, interp in try interp.invokeConstructor("type", args) }
    public static let function: PyType = PyType("function")
    public static let noneType: PyType = PyType("NoneType")

    /// The classes by the name the builtins scope binds them to.
    public static let byName: [String: PyType] = [
        "object": object, "int": int, "float": float, "bool": bool, "str": str, "list": list,
        "tuple": tuple, "dict": dict, "set": set, "range": range, "slice": slice, "type": type,
    ]
}

extension Interpreter {
    /// Runs the constructor builtin declared as `name` (so it binds arguments like any builtin).
    func invokeConstructor(_ name: String, _ args: Arguments) throws -> Value {
        guard let b = registry.builtin(named: name) else {
            throw PyException.typeError("cannot create '\(name)' instances")
        }
        return try b.invoke(args, self)
    }

    /// `float(v)`.
    public func floatValue(_ v: Value) throws -> Double {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .bigInt(let b):
            let d: Double = Double(b.value)
            if d.isInfinite { throw PyException.overflowError("int too large to convert to float") }
            return d
        case .str(let s):
            let t: String = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
            switch t.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: break
            }
            if !t.isEmpty, t.allSatisfy({ $0.isNumber || ".eE+-".contains($0) }), let d = Double(t) { return d }
            throw PyException.valueError("could not convert string to float: \(quoteString(s))")
        case .object(let o):
            if let d = try o.toFloat(self) { return d }
        default: break
        }
        throw PyException.typeError("float() argument must be a string or a real number, not '\(v.typeName)'")
    }

    /// `int(v)` / `int(text, base)`.
    public func intValue(_ v: Value, base: Int? = nil) throws -> Value {
        if let base = base {
            guard case .str(let s) = v else { throw PyException.typeError("int() can't convert non-string with explicit base") }
            return try parseInt(s, base: base)
        }
        switch v {
        case .int, .bigInt: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
            if d.isInfinite { throw PyException.overflowError("cannot convert float infinity to integer") }
            return Value.integer(BigInt(d.rounded(.towardZero)))
        case .str(let s): return try parseInt(s, base: 10)
        case .object(let o):
            if let r = try o.toInt(self) { return r }
        default: break
        }
        throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not '\(v.typeName)'")
    }

    private func parseInt(_ s: String, base: Int) throws -> Value {
        if base != 0 && (base < 2 || base > 36) { throw PyException.valueError("int() base must be >= 2 and <= 36, or 0") }
        var t: String = s.trimmingCharacters(in: .whitespacesAndNewlines)
        var negative: Bool = false
        if t.hasPrefix("-") { negative = true; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
        var b: Int = base
        let lower: String = t.lowercased()
        for (prefix, pb) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == 0 || base == pb) {
            t = String(t.dropFirst(2))
            b = pb
        }
        if b == 0 {
            b = 10
            if t.count > 1 && t.hasPrefix("0") && t.contains(where: { $0 != "0" && $0 != "_" }) { t = "!" }
        }
        let fail: PyException = PyException.valueError("invalid literal for int() with base \(base): \(quoteString(s))")
        if t.isEmpty || t.hasPrefix("_") || t.hasSuffix("_") || t.contains("__") { throw fail }
        guard let big = Interpreter.parseDigits(t.replacingOccurrences(of: "_", with: ""), radix: b) else { throw fail }
        return Value.integer(negative ? -big : big)
    }

    /// The value of a string of digits (0-9, a-z, A-Z) in `radix` 2...36, or nil when a
    /// character is not a digit of that radix. BigInt's own `init(_:radix:)` requires radix < 36
    /// (a trap for `int('10', 36)`) and lets a sign through inside the digits, so the digits
    /// are checked here and converted in word-sized chunks.
    static func parseDigits(_ text: String, radix: Int) -> BigInt? {
        guard radix >= 2 && radix <= 36, !text.isEmpty else { return nil }
        var result: BigInt = 0
        var chunk: Int = 0
        var chunkScale: Int = 1
        // chunk < chunkScale, so flushing before chunkScale * radix could pass Int.max keeps
        // both in range.
        for unit in text.utf8 {
            let digit: Int
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(unit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(unit - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(unit - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            chunk = chunk * radix + digit
            chunkScale *= radix
            if chunkScale > Int.max / 36 {
                result = result * BigInt(chunkScale) + BigInt(chunk)
                chunk = 0
                chunkScale = 1
            }
        }
        if chunkScale > 1 { result = result * BigInt(chunkScale) + BigInt(chunk) }
        return result
    }
}
