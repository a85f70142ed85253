import Foundation

/// Python's `complex`: `1+2j` literals, `complex(re, im)` and `complex('1+2j')`, arithmetic with
/// ints and floats (which widen to complex), `abs`, `.real`/`.imag`/`.conjugate()`, and the
/// elements of complex tensors.
///
///     >>> (1+2j) * (3-1j)
///     (5+5j)
final class ComplexValue: PyObject {
    let real: Double
    let imaginary: Double
    init(_ real: Double, _ imaginary: Double) { self.real = real; self.imaginary = imaginary }

    var typeName: String { "complex" }

    /// CPython's repr: parts as float reprs without a trailing `.0`, and the real part left out
    /// when it is +0 (`2j`, `(1-0j)`, `(-0-2j)`).
    func repr(_ interp: Interpreter) throws -> String {
        let im = ComplexValue.part(imaginary)
        if real == 0 && real.sign == .plus { return im + "j" }
        let sign = imaginary.sign == .minus && !imaginary.isNaN ? "" : "+"
        return "(" + ComplexValue.part(real) + sign + im + "j)"
    }

    /// One part as CPython's complex repr writes it: `repr(float)` minus a final `.0`.
    static func part(_ d: Double) -> String {
        let text = formatFloatRepr(d)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "real": return .float(real)
        case "imag": return .float(imaginary)
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["conjugate", "imag", "real"] }
    func isInstance(of typeName: String) -> Bool { typeName == "complex" }

    /// The other operand of an arithmetic operator as a complex number, or nil (NotImplemented).
    static func operand(_ v: Value) -> (Double, Double)? {
        switch v {
        case .object(let c as ComplexValue): return (c.real, c.imaginary)
        case .int, .bigInt, .bool, .float: return v.numericDouble.map { ($0, 0) }
        default: return nil
        }
    }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let o = ComplexValue.operand(other) else { return nil }
        let (a, b) = reflected ? (o, (real, imaginary)) : ((real, imaginary), o)
        guard let r = try ComplexValue.arithmetic(op, a, b) else { return nil }
        return .object(ComplexValue(r.0, r.1))
    }

    /// `a op b` on complex numbers as CPython computes them; nil for operators complex lacks.
    static func arithmetic(_ op: BinaryOperator, _ a: (Double, Double), _ b: (Double, Double)) throws -> (Double, Double)? {
        switch op {
        case .add: return (a.0 + b.0, a.1 + b.1)
        case .subtract: return (a.0 - b.0, a.1 - b.1)
        case .multiply: return (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
        case .trueDivide: return try divide(a, b)
        case .power: return try power(a, b)
        case .floorDivide, .modulo:
            throw PyException.typeError("unsupported operand type(s) for \(op.rawValue): 'complex' and 'complex'")
        default: return nil
        }
    }

    /// Smith's algorithm, as CPython's `_Py_c_quot`, so that large parts do not overflow.
    static func divide(_ a: (Double, Double), _ b: (Double, Double)) throws -> (Double, Double) {
        let absReal = Swift.abs(b.0), absImag = Swift.abs(b.1)
        if absReal >= absImag {
            if absReal == 0 { throw PyException.zeroDivision("complex division by zero") }
            let ratio = b.1 / b.0
            let denominator = b.0 + b.1 * ratio
            return ((a.0 + a.1 * ratio) / denominator, (a.1 - a.0 * ratio) / denominator)
        } else if absImag >= absReal {
            let ratio = b.0 / b.1
            let denominator = b.0 * ratio + b.1
            return ((a.0 * ratio + a.1) / denominator, (a.1 * ratio - a.0) / denominator)
        }
        return (.nan, .nan)  // a NaN part in b
    }

    /// CPython's `complex_pow`: repeated squaring for integral exponents up to 100, else the
    /// polar form; `0 ** negative or complex` is a ZeroDivisionError.
    static func power(_ a: (Double, Double), _ b: (Double, Double)) throws -> (Double, Double) {
        if b.1 == 0, b.0 == b.0.rounded(), Swift.abs(b.0) <= 100 {
            let n = Int(b.0)
            if n == 0 { return (1, 0) }
            if a == (0, 0) && n < 0 { throw PyException.zeroDivision("0.0 to a negative or complex power") }
            var result: (Double, Double) = (1, 0)
            var base = a
            var e = Swift.abs(n)
            while e > 0 {
                if e & 1 == 1 { result = (result.0 * base.0 - result.1 * base.1, result.0 * base.1 + result.1 * base.0) }
                base = (base.0 * base.0 - base.1 * base.1, 2 * base.0 * base.1)
                e >>= 1
            }
            return n < 0 ? try divide((1, 0), result) : result
        }
        if b == (0, 0) { return (1, 0) }
        if a == (0, 0) {
            if b.1 != 0 || b.0 < 0 { throw PyException.zeroDivision("0.0 to a negative or complex power") }
            return (0, 0)
        }
        let magnitude = hypot(a.0, a.1)
        var length = Foundation.pow(magnitude, b.0)
        let angle = atan2(a.1, a.0)
        var phase = angle * b.0
        if b.1 != 0 {
            length /= exp(angle * b.1)
            phase += b.1 * log(magnitude)
        }
        let r = (length * cos(phase), length * sin(phase))
        if !(r.0.isFinite && r.1.isFinite) && a.0.isFinite && a.1.isFinite && b.0.isFinite && b.1.isFinite {
            throw PyException.overflowError("complex exponentiation")
        }
        return r
    }

    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return .object(ComplexValue(-real, -imaginary))
        case .plus: return .object(ComplexValue(real, imaginary))
        default: return nil
        }
    }

    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        guard let o = ComplexValue.operand(other) else { return nil }
        let same = o.0 == real && o.1 == imaginary
        return .bool(op == .equal ? same : !same)
    }

    func truthiness(_ interp: Interpreter) throws -> Bool? { real != 0 || imaginary != 0 }

    /// CPython's hash: `hash(real) + 1000003 * hash(imag)`, so `hash(2+0j) == hash(2)`.
    func hash(_ interp: Interpreter) throws -> Int {
        if imaginary == 0 { return try interp.hash(.float(real)) }
        let r = try interp.hash(.float(real)), i = try interp.hash(.float(imaginary))
        return r &+ 1_000_003 &* i
    }

    func toFloat(_ interp: Interpreter) throws -> Double? {
        throw PyException.typeError("float() argument must be a string or a real number, not 'complex'")
    }
    func toInt(_ interp: Interpreter) throws -> Value? {
        throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not 'complex'")
    }

    /// `format(z, spec)`: each part formatted with the float spec (the imaginary one always
    /// signed), then the whole padded to the width; without a type, repr's form with parens.
    func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if spec.isEmpty { return nil }
        let f = try FormatSpec(spec)
        let body: String
        if f.type == nil && f.precision == nil {
            body = try repr(interp)
        } else {
            var part = f.alternate ? "#" : ""
            if let g = f.grouping { part.append(g) }
            if let p = f.precision { part += ".\(p)" }
            part.append(f.type ?? "g")
            let re = try interp.format(.float(real), (f.sign == "-" ? "" : String(f.sign)) + part)
            let im = try interp.format(.float(imaginary), "+" + part) + "j"
            body = f.type == nil ? "(" + re + im + ")" : re + im
        }
        return f.pad(body, defaultAlign: ">")
    }

    /// `complex('1+2j')`: CPython's grammar, with optional parentheses and surrounding spaces.
    static func parse(_ text: String) -> (Double, Double)? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("(") && s.hasSuffix(")") { s = s.dropFirst().dropLast() }
        s = Substring(s.trimmingCharacters(in: .whitespaces))
        guard !s.isEmpty, !s.contains(" ") else { return nil }
        func number(_ t: Substring) -> Double? {
            switch t.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: break
            }
            guard !t.isEmpty, t.allSatisfy({ $0.isNumber || ".eE+-_".contains($0) }) else { return nil }
            return Double(t.replacingOccurrences(of: "_", with: ""))
        }
        guard s.last == "j" || s.last == "J" else { return number(s).map { ($0, 0) } }
        let body = s.dropLast()
        // The split between the parts is the last sign that is not part of an exponent.
        var split: Substring.Index? = nil
        var i = body.endIndex
        while i > body.startIndex {
            i = body.index(before: i)
            if (body[i] == "+" || body[i] == "-") && i > body.startIndex {
                let before = body[body.index(before: i)]
                if before != "e" && before != "E" { split = i; break }
            }
        }
        if let at = split {
            guard let re = number(body[..<at]) else { return nil }
            let imText = body[at...]
            let im: Double? = imText == "+" ? 1 : imText == "-" ? -1 : number(imText)
            return im.map { (re, $0) }
        }
        if body.isEmpty || body == "+" { return (0, 1) }
        if body == "-" { return (0, -1) }
        return number(body).map { (0, $0) }
    }
}

/// `complex`, its constructor and methods.
enum ComplexModule {
    static func register(_ r: BuiltinRegistry) {
        // `imag` defaults to None, meaning "not given" (CPython refuses any second argument
        // after a string).
        r.add(["complex"], "complex(real=0, imag=None)",
              doc: "A complex number from its parts (numbers or complex), or from a string like '1+2j'.") { a in
            let re = a["real"]
            let im: Value = a["imag"].isNone ? .int(0) : a["imag"]
            if case .str(let s) = re {
                guard a["imag"].isNone else {
                    throw PyException.typeError("complex() can't take second arg if first is a string")
                }
                guard let (x, y) = ComplexValue.parse(s) else {
                    throw PyException.valueError("complex() arg is a malformed string")
                }
                return .object(ComplexValue(x, y))
            }
            if case .str = im { throw PyException.typeError("complex() second arg can't be a string") }
            guard let x = ComplexValue.operand(re) else {
                throw PyException.typeError("complex() first argument must be a string or a number, not '\(re.typeName)'")
            }
            guard let y = ComplexValue.operand(im) else {
                throw PyException.typeError("complex() second argument must be a number, not '\(im.typeName)'")
            }
            // complex(a, b) is a + b*1j; as in CPython, the parts combine only where an argument
            // is itself complex, so complex(1, -0.0) keeps the sign of zero.
            var realPart = x.0, imagPart = y.0
            if case .object(let c as ComplexValue) = im { realPart -= c.imaginary }
            if case .object(let c as ComplexValue) = re { imagPart += c.imaginary }
            return .object(ComplexValue(realPart, imagPart))
        }
        r.add(["complex.conjugate"], "conjugate(self)", doc: "The complex conjugate.") { a in
            guard case .object(let z as ComplexValue) = a["self"] else {
                throw PyException.typeError("descriptor 'conjugate' requires a 'complex' object")
            }
            return .object(ComplexValue(z.real, -z.imaginary))
        }
        r.registerType(PyType("complex") { args, interp in try interp.invokeConstructor("complex", args) }, as: "complex")
    }
}
