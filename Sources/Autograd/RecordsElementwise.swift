import Foundation
import TensorCore

// Derivative records of element-wise operations. Each is one entry: node name, what it saves,
// the backward formula; the forward rule is the default (`.elementwise`, PyTorch's
// auto_element_wise) unless stated.

/// A unary element-wise operation's record: `g ↦ g · f'(x)`, written once.
final class UnaryRecord: Derivative {
    let name: String
    let saves: Saves
    let formula: (Node, Tensor) throws -> Tensor
    init(_ name: String, saves: Saves, _ formula: @escaping (Node, Tensor) throws -> Tensor) {
        self.name = name
        self.saves = saves
        self.formula = formula
    }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try formula(c, g)] }

    /// The record of `op`; nil for operations without a derivative (`isnan`, `~`).
    static func of(_ op: UnaryOp) -> UnaryRecord? { table[index(op)] }

    /// Position of `op` among `UnaryOp.allCases` (a payload-free enum's tag is its ordinal).
    @inline(__always)
    private static func index(_ op: UnaryOp) -> Int { Int(unsafeBitCast(op, to: UInt8.self)) }

    private static let table: [UnaryRecord?] = UnaryOp.allCases.map(record)

    /// THE unary records (derivatives.yaml's `self:` lines).
    private static func record(_ op: UnaryOp) -> UnaryRecord? {
        typealias R = UnaryRecord
        switch op {
        case .neg: return R("NegBackward0", saves: []) { _, g in try g.neg() }
        case .abs: return R("AbsBackward0", saves: .input0) { c, g in try g.mul(c.input(0).unary(.sign)) }
        case .sign: return R("SignBackward0", saves: []) { _, g in try g.zerosLike() }
        case .floor: return R("FloorBackward0", saves: []) { _, g in try g.zerosLike() }
        case .ceil: return R("CeilBackward0", saves: []) { _, g in try g.zerosLike() }
        case .round: return R("RoundBackward0", saves: []) { _, g in try g.zerosLike() }
        case .trunc: return R("TruncBackward0", saves: []) { _, g in try g.zerosLike() }
        case .frac: return R("FracBackward0", saves: []) { _, g in g }
        case .exp: return R("ExpBackward0", saves: .result) { c, g in try g.mul(c.result()) }
        case .expm1: return R("Expm1Backward0", saves: .result) { c, g in try g.mul(c.result().add(1.0)) }
        case .log: return R("LogBackward0", saves: .input0) { c, g in try g.div(c.input(0)) }
        case .log1p: return R("Log1PBackward0", saves: .input0) { c, g in try g.div(c.input(0).add(1.0)) }
        case .log2: return R("Log2Backward0", saves: .input0) { c, g in try g.div(c.input(0).mul(M_LN2)) }
        case .log10: return R("Log10Backward0", saves: .input0) { c, g in try g.div(c.input(0).mul(M_LN10)) }
        case .sqrt: return R("SqrtBackward0", saves: .result) { c, g in try g.div(c.result().mul(2.0)) }
        case .rsqrt:
            return R("RsqrtBackward0", saves: .result) { c, g in
                let y = try c.result()
                return try g.mul(y.mul(y).mul(y)).mul(-0.5)
            }
        case .square: return R("PowBackward0", saves: .input0) { c, g in try g.mul(c.input(0).mul(2.0)) }
        case .reciprocal:
            return R("ReciprocalBackward0", saves: .result) { c, g in
                let y = try c.result()
                return try g.mul(y.mul(y)).neg()
            }
        case .sin: return R("SinBackward0", saves: .input0) { c, g in try g.mul(c.input(0).unary(.cos)) }
        case .cos: return R("CosBackward0", saves: .input0) { c, g in try g.mul(c.input(0).unary(.sin)).neg() }
        case .tan: return R("TanBackward0", saves: .result) { c, g in try g.mul(c.result().squared().add(1.0)) }
        case .asin:
            return R("AsinBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().subtracted(from: 1).unary(.sqrt)) }
        case .acos:
            return R("AcosBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().subtracted(from: 1).unary(.sqrt)).neg() }
        case .atan: return R("AtanBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().add(1.0)) }
        case .sinh: return R("SinhBackward0", saves: .input0) { c, g in try g.mul(c.input(0).unary(.cosh)) }
        case .cosh: return R("CoshBackward0", saves: .input0) { c, g in try g.mul(c.input(0).unary(.sinh)) }
        case .tanh: return R("TanhBackward0", saves: .result) { c, g in try g.mul(c.result().squared().subtracted(from: 1)) }
        case .asinh: return R("AsinhBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().add(1.0).unary(.sqrt)) }
        case .acosh: return R("AcoshBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().add(-1.0).unary(.sqrt)) }
        case .atanh: return R("AtanhBackward0", saves: .input0) { c, g in try g.div(c.input(0).squared().subtracted(from: 1)) }
        case .sigmoid:
            return R("SigmoidBackward0", saves: .result) { c, g in
                let y = try c.result()
                return try g.mul(y.mul(y.subtracted(from: 1)))
            }
        case .relu:
            // relu'(0) = 0: only strictly positive outputs pass the gradient.
            return R("ReluBackward0", saves: .result) { c, g in try g.keeping(c.result().compare(.gt, .scalar(.int(0)))) }
        case .erf:
            return R("ErfBackward0", saves: .input0) { c, g in
                try g.mul(c.input(0).squared().neg().unary(.exp)).mul(2.0 / Foundation.sqrt(Double.pi))
            }
        case .bitwiseNot, .logicalNot, .isnan, .isinf, .isfinite:
            return nil
        }
    }
}

/// `a + b` (tensors, or a tensor and a wrapped number).
struct AddRecord: Derivative {
    var wrappedNumberInputs: Int
    var name: String { "AddBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { Array(repeating: g, count: c.inputCount) }
}

/// `a - b`.
struct SubRecord: Derivative {
    var wrappedNumberInputs: Int
    var name: String { "SubBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        c.inputCount == 2 ? [g, try g.neg()] : [g]
    }
}

/// `number - tensor`.
struct RsubRecord: Derivative {
    var name: String { "RsubBackward1" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try g.neg()] }
}

/// `a * b` of two tensors.
struct MulRecord: Derivative {
    var name: String { "MulBackward0" }
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [c.wants(0) ? try g.mul(c.input(1)) : nil, c.wants(1) ? try g.mul(c.input(0)) : nil]
    }
}

/// `a * number`.
struct MulScalarRecord: Derivative {
    let factor: Scalar
    var name: String { "MulBackward0" }
    var saves: Saves { [] }
    var wrappedNumberInputs: Int { 1 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try g.mul(factor)] }
}

/// `a / b` of two tensors.
struct DivRecord: Derivative {
    var name: String { "DivBackward0" }
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let b = try c.input(1)
        let ga = c.wants(0) ? try g.div(b) : nil
        let gb = c.wants(1) ? try g.mul(c.input(0)).div(b.squared()).neg() : nil
        return [ga, gb]
    }
}

/// `a / number`.
struct DivScalarRecord: Derivative {
    let divisor: Scalar
    var name: String { "DivBackward0" }
    var saves: Saves { [] }
    var wrappedNumberInputs: Int { 1 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try g.div(divisor)] }
}

/// `x ** c`.
struct PowScalarRecord: Derivative {
    let exponent: Scalar
    var name: String { "PowBackward0" }
    var saves: Saves { .input0 }
    var savedInputNames: [String] { ["self"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        if exponent.doubleValue == 0 && exponent.category != .complex { return [try g.zerosLike()] }
        let minusOne: Scalar = exponent.category == .integer ? .int(exponent.int64Value - 1) : .float(exponent.doubleValue - 1)
        return [try g.mul(exponent).mul(c.input(0).pow(minusOne))]
    }
}

/// `x ** y`, both tensors.
struct PowTensorRecord: Derivative {
    var name: String { "PowBackward1" }
    var saves: Saves { [.input0, .input1, .result] }
    var savedInputNames: [String] { ["self", "exponent"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), y = try c.input(1)
        let gx = c.wants(0) ? try g.mul(y).mul(Tensor.binary(.pow, .tensor(x), .tensor(y.add(-1.0)))) : nil
        // d/dy x^y = x^y log x, taken as 0 where x == 0 and y >= 0 (PyTorch's convention).
        var gy: Tensor? = nil
        if c.wants(1) {
            let special = try x.compare(.eq, .scalar(.int(0))).logicalAnd(y.compare(.ge, .scalar(.int(0))))
            let regular = Tensor(try special.data.unary(.logicalNot))
            gy = try g.mul(c.result().mul(x.unary(.log))).keeping(regular)
        }
        return [gx, gy]
    }
}

/// `c ** x`.
struct PowBaseRecord: Derivative {
    let base: Scalar
    var name: String { "PowBackward2" }
    var saves: Saves { .result }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [try g.mul(c.result()).mul(Foundation.log(base.doubleValue))]
    }
}

/// `torch.maximum` / `torch.minimum`: ties share the gradient equally.
struct ExtremumRecord: Derivative {
    let isMax: Bool
    var name: String { isMax ? "MaximumBackward0" : "MinimumBackward0" }
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let a = try c.input(0), b = try c.input(1)
        let half = try g.div(2.0)
        let tie = try a.compare(.eq, .tensor(b))
        let aWins = try a.compare(isMax ? .gt : .lt, .tensor(b))
        let bWins = try a.compare(isMax ? .lt : .gt, .tensor(b))
        let ga = c.wants(0) ? try Tensor.whereSelect(tie, .tensor(half), .tensor(g.keeping(aWins))) : nil
        let gb = c.wants(1) ? try Tensor.whereSelect(tie, .tensor(half), .tensor(g.keeping(bWins))) : nil
        return [ga, gb]
    }
}

/// `torch.atan2(a, b)`.
struct Atan2Record: Derivative {
    var name: String { "Atan2Backward0" }
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let a = try c.input(0), b = try c.input(1)
        let denominator = try a.squared().add(b.squared())
        return [c.wants(0) ? try g.mul(b).div(denominator) : nil,
                c.wants(1) ? try g.mul(a).div(denominator).neg() : nil]
    }
}

/// `torch.remainder(a, b)` (with a number divisor: the identity's gradient).
struct RemainderRecord: Derivative {
    var name: String { "RemainderBackward0" }
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        if c.inputCount == 1 { return [g] }
        let a = try c.input(0), b = try c.input(1)
        let quotient = try Tensor.binary(.floorDiv, .tensor(a.detach()), .tensor(b.detach()))
        return [g, c.wants(1) ? try g.mul(quotient).neg() : nil]
    }
}

/// `torch.where(condition, a, b)`; the condition is a constant of the record.
struct WhereRecord: Derivative {
    let condition: NDArray
    var name: String { "WhereBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let notC = Tensor(try condition.unary(.logicalNot))
        return [c.wants(0) ? try g.keeping(Tensor(condition)) : nil, c.wants(1) ? try g.keeping(notC) : nil]
    }
}

/// `clamp` with number bounds: ClampMinBackward0, ClampMaxBackward0 or ClampBackward1.
struct ClampRecord: Derivative {
    let lower: Scalar?, upper: Scalar?
    var name: String {
        if upper == nil { return "ClampMinBackward0" }
        if lower == nil { return "ClampMaxBackward0" }
        return "ClampBackward1"
    }
    var saves: Saves { .input0 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0)
        var mask = Tensor(try NDArray.full(x.shape, .bool(true), dtype: .bool))
        if let lo = lower { mask = try mask.logicalAnd(x.compare(.ge, .scalar(lo))) }
        if let hi = upper { mask = try mask.logicalAnd(x.compare(.le, .scalar(hi))) }
        return [try g.keeping(mask)]
    }
}

/// `clamp` with tensor bounds (inputs: x, then min and/or max): ClampBackward0.
struct ClampTensorRecord: Derivative {
    let hasMin: Bool, hasMax: Bool
    var name: String { "ClampBackward0" }
    var saves: Saves { .allInputs }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0)
        var mask = Tensor(try NDArray.full(x.shape, .bool(true), dtype: .bool))
        var result: [Tensor?] = [nil]
        var next = 1
        if hasMin {
            let lo = try c.input(next); next += 1
            mask = try mask.logicalAnd(x.compare(.ge, .tensor(lo)))
            result.append(try g.keeping(x.compare(.lt, .tensor(lo))))
        }
        if hasMax {
            let hi = try c.input(next)
            mask = try mask.logicalAnd(x.compare(.le, .tensor(hi)))
            result.append(try g.keeping(x.compare(.gt, .tensor(hi))))
        }
        result[0] = try g.keeping(mask)
        return result
    }
}
