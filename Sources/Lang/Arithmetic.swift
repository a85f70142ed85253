import Foundation
import BigInt

/// Python's numeric operators on built-in values, with the int fast path first.
extension Interpreter {
    /// `a op b` for any values: numbers, sequences, sets, then native objects (left operand
    /// first, then the reflected right operand), else Python's TypeError.
    public func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return try intBinary(op, x, y)
        case (.float(let x), .float(let y)):
            return try floatBinary(op, x, y)
        case (.float(let x), .int(let y)):
            return try floatBinary(op, x, Double(y))
        case (.int(let x), .float(let y)):
            return try floatBinary(op, Double(x), y)
        default:
            break
        }
        if let r = try sequenceBinary(op, a, b) { return r }
        if case .object(let o) = a, let r = try o.binary(op, b, reflected: false, self) { return r }
        if case .object(let o) = b, let r = try o.binary(op, a, reflected: true, self) { return r }
        if let r = try numberBinary(op, a, b) { return r }
        if op == .multiply {
            for (seq, n) in [(a, b), (b, a)] {
                switch seq {
                case .str, .list, .tuple:
                    if case .object = n { break }
                    throw PyException.typeError("can't multiply sequence by non-int of type '\(n.typeName)'")
                default: break
                }
            }
        }
        if op == .add {
            switch a {
            case .str, .list, .tuple:
                throw PyException.typeError("can only concatenate \(a.typeName) (not \"\(b.typeName)\") to \(a.typeName)")
            default: break
            }
        }
        throw PyException.typeError("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// `a op= b`: in place for lists and objects that support it, else `a op b`.
    public func inplaceBinary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch a {
        case .list(let l) where op == .add:
            l.items.append(contentsOf: try iterate(b))
            return a
        case .list(let l) where op == .multiply:
            guard let n = try asIndex(b) else { break }
            l.items = try repeatItems(l.items, n)
            return a
        case .object(let o):
            if let r = try o.inplace(op, b, self) { return r }
        default:
            break
        }
        return try binary(op, a, b)
    }

    func intBinary(_ op: BinaryOperator, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? Value.integer(BigInt(x) + BigInt(y)) : .int(r)
        case .subtract:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? Value.integer(BigInt(x) - BigInt(y)) : .int(r)
        case .multiply:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? Value.integer(BigInt(x) * BigInt(y)) : .int(r)
        case .trueDivide:
            if y == 0 { throw PyException.zeroDivision("division by zero") }
            if x.magnitude < 1 << 53 && y.magnitude < 1 << 53 { return .float(Double(x) / Double(y)) }
            return .float(try trueDivide(BigInt(x), BigInt(y)))
        case .floorDivide:
            if y == 0 { throw PyException.zeroDivision("integer division or modulo by zero") }
            if x == Int.min && y == -1 { return Value.integer(-BigInt(x)) }
            let q: Int = x / y
            return .int((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q)
        case .modulo:
            if y == 0 { throw PyException.zeroDivision("integer modulo by zero") }
            if y == -1 { return .int(0) }
            let r: Int = x % y
            return .int((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
        case .power:
            if y < 0 {
                if x == 0 { throw PyException.zeroDivision("0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            return try bigBinary(op, BigInt(x), BigInt(y))
        case .bitAnd: return .int(x & y)
        case .bitOr: return .int(x | y)
        case .bitXor: return .int(x ^ y)
        case .rightShift:
            if y < 0 { throw PyException.valueError("negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        case .leftShift:
            if y < 0 { throw PyException.valueError("negative shift count") }
            if y < 62 && x.magnitude < (1 << (62 - y)) { return .int(x << y) }
            return try bigBinary(op, BigInt(x), BigInt(y))
        case .matrixMultiply:
            throw PyException.typeError("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    func bigBinary(_ op: BinaryOperator, _ x: BigInt, _ y: BigInt) throws -> Value {
        switch op {
        case .add: return Value.integer(x + y)
        case .subtract: return Value.integer(x - y)
        case .multiply: return Value.integer(x * y)
        case .trueDivide:
            if y == 0 { throw PyException.zeroDivision("division by zero") }
            return .float(try trueDivide(x, y))
        case .floorDivide, .modulo:
            if y == 0 { throw PyException.zeroDivision(op == .modulo ? "integer modulo by zero" : "integer division or modulo by zero") }
            var (q, r) = x.quotientAndRemainder(dividingBy: y)
            if r != 0 && ((r < 0) != (y < 0)) { q -= 1; r += y }
            return Value.integer(op == .floorDivide ? q : r)
        case .power:
            if y < 0 {
                if x == 0 { throw PyException.zeroDivision("0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            if y == 0 { return .int(1) }
            if x == 0 || x == 1 { return Value.integer(x) }
            if x == -1 { return .int(y.isMultiple(of: 2) ? 1 : -1) }
            guard let e = Int(exactly: y), e <= 1 << 24 else {
                throw PyException.overflowError("exponent too large")
            }
            if x.magnitude.bitWidth * e > 1 << 26 { throw PyException(ExceptionTypes.memoryError, "") }
            return Value.integer(x.power(e))
        case .leftShift:
            if y < 0 { throw PyException.valueError("negative shift count") }
            guard let s = Int(exactly: y), s < 1 << 26 else { throw PyException.overflowError("too many digits in integer") }
            return Value.integer(x << s)
        case .rightShift:
            if y < 0 { throw PyException.valueError("negative shift count") }
            guard let s = Int(exactly: y) else { return .int(x < 0 ? -1 : 0) }
            // Python floors; shifting the magnitude of a negative number would round toward zero.
            if x < 0 { return Value.integer(-((-x - 1) >> s) - 1) }
            return Value.integer(x >> s)
        case .bitAnd: return Value.integer(x & y)
        case .bitOr: return Value.integer(x | y)
        case .bitXor: return Value.integer(x ^ y)
        case .matrixMultiply:
            throw PyException.typeError("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    /// Correctly rounded int / int for the common case; big operands go through Double.
    private func trueDivide(_ x: BigInt, _ y: BigInt) throws -> Double {
        if let a = Int(exactly: x), let b = Int(exactly: y), a.magnitude < 1 << 53, b.magnitude < 1 << 53 {
            return Double(a) / Double(b)
        }
        // Divide 64-bit leading parts and reapply the binary exponents, so that huge operands
        // (10**400 / 10**399) neither overflow to inf/inf nor lose more than rounding.
        let shiftX: Int = max(0, x.magnitude.bitWidth - 64)
        let shiftY: Int = max(0, y.magnitude.bitWidth - 64)
        let q: Double = Double(x >> shiftX) / Double(y >> shiftY)
        let r: Double = q * pow(2.0, Double(shiftX - shiftY))
        if r.isInfinite { throw PyException.overflowError("integer division result too large for a float") }
        return r
    }

    func floatBinary(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .trueDivide:
            if y == 0 { throw PyException.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDivide:
            if y == 0 { throw PyException.zeroDivision("float floor division by zero") }
            return .float(floatFloorDivide(x, y))
        case .modulo:
            if y == 0 { throw PyException.zeroDivision("float modulo") }
            return .float(floatModulo(x, y))
        case .power:
            if x == 0 && y < 0 { throw PyException.zeroDivision("0.0 cannot be raised to a negative power") }
            if x < 0 && y.rounded() != y && y.isFinite {
                // A negative base to a fractional power is complex, as in Python 3.
                let (re, im) = try ComplexValue.power((x, 0), (y, 0))
                return .object(ComplexValue(re, im))
            }
            let r: Double = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyException.overflowError("(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            throw PyException.typeError("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    private func floatModulo(_ x: Double, _ y: Double) -> Double {
        var m: Double = fmod(x, y)
        if m != 0 {
            if (y < 0) != (m < 0) { m += y }
        } else {
            m = y < 0 ? -0.0 : 0.0
        }
        return m
    }

    private func floatFloorDivide(_ x: Double, _ y: Double) -> Double {
        let m: Double = fmod(x, y)
        var div: Double = (x - m) / y
        if m != 0 && ((y < 0) != (m < 0)) { div -= 1 }
        if div == 0 { return x / y < 0 ? -0.0 : 0.0 }
        let f: Double = div.rounded(.down)
        return div - f > 0.5 ? f + 1 : f
    }

    /// Mixed numbers: bools and big ints with anything numeric.
    func numberBinary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value? {
        if case .float = a, let y = b.numericDouble { return try floatBinary(op, a.numericDouble!, y) }
        if case .float = b, let x = a.numericDouble { return try floatBinary(op, x, b.numericDouble!) }
        if let x = a.bigIntValue, let y = b.bigIntValue {
            if case .bool(let p) = a, case .bool(let q) = b {
                switch op {
                case .bitAnd: return .bool(p && q)
                case .bitOr: return .bool(p || q)
                case .bitXor: return .bool(p != q)
                default: break
                }
            }
            if let s = Int(exactly: x), let t = Int(exactly: y) { return try intBinary(op, s, t) }
            return try bigBinary(op, x, y)
        }
        return nil
    }

    /// `+` and `*` on str, list and tuple; `%` formatting on str.
    func sequenceBinary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value? {
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)): return .str(x + y)
        case (.add, .list(let x), .list(let y)): return .list(PyList(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case (.multiply, .str(let s), _):
            guard let n = try intOperand(b) else { return nil }
            return .str(try repeatString(s, n))
        case (.multiply, _, .str(let s)):
            guard let n = try intOperand(a) else { return nil }
            return .str(try repeatString(s, n))
        case (.multiply, .list(let l), _):
            guard let n = try intOperand(b) else { return nil }
            return .list(PyList(try repeatItems(l.items, n)))
        case (.multiply, _, .list(let l)):
            guard let n = try intOperand(a) else { return nil }
            return .list(PyList(try repeatItems(l.items, n)))
        case (.multiply, .tuple(let t), _):
            guard let n = try intOperand(b) else { return nil }
            return .tuple(try repeatItems(t, n))
        case (.multiply, _, .tuple(let t)):
            guard let n = try intOperand(a) else { return nil }
            return .tuple(try repeatItems(t, n))
        case (.modulo, .str(let s), _):
            return .str(try percentFormat(s, b))
        default:
            return nil
        }
    }

    private func intOperand(_ v: Value) throws -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .bigInt: throw PyException.overflowError("cannot fit 'int' into an index-sized integer")
        default: return nil
        }
    }

    private func repeatString(_ s: String, _ n: Int) throws -> String {
        if n <= 0 || s.isEmpty { return "" }
        let (total, o) = s.utf8.count.multipliedReportingOverflow(by: n)
        if o || total > Interpreter.maxSequenceLength { throw PyException(ExceptionTypes.memoryError, "") }
        return String(repeating: s, count: n)
    }

    private func repeatItems(_ items: [Value], _ n: Int) throws -> [Value] {
        var out: [Value] = []
        if n <= 0 || items.isEmpty { return out }
        let (total, o) = items.count.multipliedReportingOverflow(by: n)
        if o || total > Interpreter.maxSequenceLength { throw PyException(ExceptionTypes.memoryError, "") }
        out.reserveCapacity(total)
        for _ in 0..<n { out.append(contentsOf: items) }
        return out
    }

    /// `-x`, `+x`, `~x`.
    public func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.negate, .int(let i)):
            return i == Int.min ? Value.integer(-BigInt(i)) : .int(-i)
        case (.negate, .float(let d)): return .float(-d)
        case (.negate, .bigInt(let b)): return Value.integer(-b.value)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.plus, .int), (.plus, .float), (.plus, .bigInt): return v
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bigInt(let b)): return Value.integer(-b.value - 1)
        case (.invert, .bool(let b)): return .int(b ? -2 : -1)
        case (.not, _): return .bool(!(try truthy(v)))
        case (_, .object(let o)):
            if let r = try o.unary(op, self) { return r }
        default: break
        }
        throw PyException.typeError("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
    }
}
