import Autograd
import Foundation
import TensorCore

/// Element-wise functions and their in-place `name_` methods, comparisons and logical ops.
enum TorchElementwise {
    static let unaryDocs: [(String, UnaryOp, String, Differentiability)] = [
        ("neg", .neg, "-input.", .differentiable),
        ("negative", .neg, "-input (alias of neg).", .differentiable),
        ("abs", .abs, "|input|; the gradient at 0 is 0.", .differentiable),
        ("absolute", .abs, "|input| (alias of abs).", .differentiable),
        ("sign", .sign, "-1, 0 or 1 by the sign of input.", .differentiable),
        ("exp", .exp, "e to the power input.", .differentiable),
        ("expm1", .expm1, "exp(input) - 1, accurate near 0.", .differentiable),
        ("log", .log, "Natural logarithm.", .differentiable),
        ("log1p", .log1p, "log(1 + input), accurate near 0.", .differentiable),
        ("log2", .log2, "Base-2 logarithm.", .differentiable),
        ("log10", .log10, "Base-10 logarithm.", .differentiable),
        ("sqrt", .sqrt, "Square root.", .differentiable),
        ("rsqrt", .rsqrt, "1 / sqrt(input).", .differentiable),
        ("square", .square, "input * input.", .differentiable),
        ("reciprocal", .reciprocal, "1 / input.", .differentiable),
        ("sin", .sin, "Sine.", .differentiable),
        ("cos", .cos, "Cosine.", .differentiable),
        ("tan", .tan, "Tangent.", .differentiable),
        ("asin", .asin, "Inverse sine.", .differentiable),
        ("acos", .acos, "Inverse cosine.", .differentiable),
        ("atan", .atan, "Inverse tangent.", .differentiable),
        ("arcsin", .asin, "Inverse sine (alias).", .differentiable),
        ("arccos", .acos, "Inverse cosine (alias).", .differentiable),
        ("arctan", .atan, "Inverse tangent (alias).", .differentiable),
        ("sinh", .sinh, "Hyperbolic sine.", .differentiable),
        ("cosh", .cosh, "Hyperbolic cosine.", .differentiable),
        ("tanh", .tanh, "Hyperbolic tangent.", .differentiable),
        ("asinh", .asinh, "Inverse hyperbolic sine.", .differentiable),
        ("acosh", .acosh, "Inverse hyperbolic cosine.", .differentiable),
        ("atanh", .atanh, "Inverse hyperbolic tangent.", .differentiable),
        ("sigmoid", .sigmoid, "1 / (1 + exp(-input)).", .differentiable),
        ("relu", .relu, "max(input, 0); the gradient at 0 is 0.", .differentiable),
        ("erf", .erf, "The error function.", .differentiable),
        ("floor", .floor, "Largest integer not above input (gradient 0).", .differentiable),
        ("ceil", .ceil, "Smallest integer not below input (gradient 0).", .differentiable),
        ("round", .round, "Nearest integer, ties to even (gradient 0).", .differentiable),
        ("trunc", .trunc, "Integer part, toward zero (gradient 0).", .differentiable),
        ("frac", .frac, "input - trunc(input).", .differentiable),
        ("bitwise_not", .bitwiseNot, "~input: logical not on bool, bitwise not on integers.", .notDifferentiable),
        ("logical_not", .logicalNot, "True where input is zero.", .notDifferentiable),
        ("isnan", .isnan, "True where input is NaN.", .notDifferentiable),
        ("isinf", .isinf, "True where input is ±inf.", .notDifferentiable),
        ("isfinite", .isfinite, "True where input is neither NaN nor ±inf.", .notDifferentiable),
    ]

    static let binaryDocs: [(String, BinaryOp, String, Differentiability)] = [
        ("sub", .sub, "input - alpha * other.", .differentiable),
        ("subtract", .sub, "input - alpha * other (alias of sub).", .differentiable),
        ("mul", .mul, "input * other, broadcasting.", .differentiable),
        ("multiply", .mul, "input * other (alias of mul).", .differentiable),
        ("true_divide", .div, "input / other, always floating.", .differentiable),
        ("floor_divide", .floorDiv, "input // other (floor, as Python).", .notDifferentiable),
        ("remainder", .remainder, "input % other, with the divisor's sign (as Python).", .differentiable),
        ("pow", .pow, "input ** exponent.", .differentiable),
        ("atan2", .atan2, "Angle of (other, input) in radians.", .differentiable),
        ("arctan2", .atan2, "Angle of (other, input) (alias of atan2).", .differentiable),
        ("maximum", .maximum, "Element-wise maximum (NaN propagates).", .differentiable),
        ("minimum", .minimum, "Element-wise minimum (NaN propagates).", .differentiable),
        ("eq", .eq, "input == other.", .notDifferentiable),
        ("ne", .ne, "input != other.", .notDifferentiable),
        ("lt", .lt, "input < other.", .notDifferentiable),
        ("le", .le, "input <= other.", .notDifferentiable),
        ("gt", .gt, "input > other.", .notDifferentiable),
        ("ge", .ge, "input >= other.", .notDifferentiable),
        ("greater", .gt, "input > other (alias of gt).", .notDifferentiable),
        ("less", .lt, "input < other (alias of lt).", .notDifferentiable),
        ("not_equal", .ne, "input != other (alias of ne).", .notDifferentiable),
        ("bitwise_and", .bitAnd, "input & other.", .notDifferentiable),
        ("bitwise_or", .bitOr, "input | other.", .notDifferentiable),
        ("bitwise_xor", .bitXor, "input ^ other.", .notDifferentiable),
        ("logical_and", .logicalAnd, "True where both are nonzero.", .notDifferentiable),
        ("logical_or", .logicalOr, "True where either is nonzero.", .notDifferentiable),
        ("logical_xor", .logicalXor, "True where exactly one is nonzero.", .notDifferentiable),
        ("bitwise_left_shift", .shiftLeft, "input << other.", .notDifferentiable),
        ("bitwise_right_shift", .shiftRight, "input >> other.", .notDifferentiable),
    ]

    /// Binary ops whose in-place form makes sense (comparisons stay out-of-place only).
    static let inPlaceBinary: Set<String> = ["sub", "mul", "true_divide", "floor_divide", "remainder", "pow", "atan2",
                                             "bitwise_and", "bitwise_or", "bitwise_xor", "subtract", "multiply",
                                             "logical_and", "logical_or", "logical_xor"]

    static func register(_ t: TorchTable) {
        for (name, op, doc, grad) in unaryDocs {
            let functional = ["relu", "sigmoid", "tanh"].contains(name) ? ["torch.nn.functional.\(name)"] : []
            t.add("\(name)(input)", also: functional, doc: doc, grad: grad) { a in .object(try a.tensor().unary(op)) }
            if op != .isnan && op != .isinf && op != .isfinite {
                t.add("\(name)_(input)", .method, doc: "In place: " + doc, grad: grad) { a in
                    let x = try a.tensor()
                    try x.unaryInPlace(op)
                    return .object(x)
                }
            }
        }
        for (name, op, doc, grad) in binaryDocs {
            let second = op == .pow ? "exponent" : "other"
            let alpha = op == .sub ? ", *, alpha=1" : ""
            t.add("\(name)(input, \(second)\(alpha))", doc: doc, grad: grad) { a in
                // pow(Number self, Tensor exponent) is one of PyTorch's overloads.
                if op == .pow, case .object(let e as Tensor) = a[second], let base = try TorchConvert.scalar(a["input"]) {
                    return .object(try Tensor.binary(.pow, .scalar(base), .tensor(e)))
                }
                let x = try a.tensor()
                var rhs = try a.operand(second)
                if op == .sub { rhs = try scaled(rhs, by: a["alpha"]) }
                return .object(try Tensor.binary(op, .tensor(x), rhs))
            }
            if inPlaceBinary.contains(name) {
                t.add("\(name)_(input, \(second)\(alpha))", .method, doc: "In place: " + doc, grad: grad) { a in
                    let x = try a.tensor()
                    var rhs = try a.operand(second)
                    if op == .sub { rhs = try scaled(rhs, by: a["alpha"]) }
                    try x.binaryInPlace(op, rhs)
                    return .object(x)
                }
            }
        }
        registerSpecial(t)
    }

    /// `alpha * other` for add/sub's `alpha=` (a Python number).
    static func scaled(_ other: TensorOperand, by alpha: Value) throws -> TensorOperand {
        if case .int(1) = alpha { return other }
        guard let s = try TorchConvert.scalar(alpha) else {
            throw PyException.typeError("alpha must be a number, not \(alpha.typeName)")
        }
        switch other {
        case .tensor(let t): return .tensor(try Tensor.binary(.mul, .tensor(t), .scalar(s)))
        case .scalar(let o):
            return .scalar(.float(o.doubleValue * s.doubleValue))
        }
    }

    /// `div(x, y, rounding_mode='trunc')`: the quotient rounded toward zero. Integer operands stay
    /// exact (floor division, moved up by one where the signs differ and the division is inexact).
    static func truncDivide(_ x: Tensor, _ rhs: TensorOperand) throws -> Tensor {
        let integral: Bool
        switch rhs {
        case .tensor(let o): integral = x.dtype.isInteger && (o.dtype.isInteger || o.dtype == .bool)
        case .scalar(let s): integral = (x.dtype.isInteger || x.dtype == .bool) && s.category <= .integer && x.dtype != .bool
        }
        guard integral else { return try Tensor.binary(.div, .tensor(x), rhs).unary(.trunc) }
        let q = try Tensor.binary(.floorDiv, .tensor(x), rhs)
        let r = try Tensor.binary(.remainder, .tensor(x), rhs)
        let inexact = try Tensor.binary(.ne, .tensor(r), .scalar(.int(0)))
        let rNeg = try Tensor.binary(.lt, .tensor(r), .scalar(.int(0)))
        let xNeg = try Tensor.binary(.lt, .tensor(x), .scalar(.int(0)))
        let differ = try Tensor.binary(.logicalXor, .tensor(rNeg), .tensor(xNeg))
        let fix = try Tensor.binary(.logicalAnd, .tensor(inexact), .tensor(differ))
        return try Tensor.binary(.add, .tensor(q), .tensor(try fix.converted(to: q.dtype)))
    }

    static func registerSpecial(_ t: TorchTable) {
        t.add("add(input, other, *, alpha=1)", doc: "input + alpha * other, broadcasting.", grad: .differentiable) { a in
            .object(try Tensor.binary(.add, .tensor(try a.tensor()), try scaled(try a.operand(), by: a["alpha"])))
        }
        t.add("add_(input, other, *, alpha=1)", .method, doc: "In place: input += alpha * other.", grad: .differentiable) { a in
            let x = try a.tensor()
            try x.binaryInPlace(.add, try scaled(try a.operand(), by: a["alpha"]))
            return .object(x)
        }
        t.add("div(input, other, *, rounding_mode=None)", aliases: ["divide"],
              doc: "input / other; rounding_mode 'floor' or 'trunc' rounds the quotient.", grad: .differentiable) { a in
            let x = try a.tensor(), rhs = try a.operand()
            switch try a.optionalString("rounding_mode") {
            case nil: return .object(try Tensor.binary(.div, .tensor(x), rhs))
            case "floor": return .object(try Tensor.binary(.floorDiv, .tensor(x), rhs))
            case "trunc": return .object(try truncDivide(x, rhs))
            case let mode?:
                throw TensorError.runtime("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(mode)'")
            }
        }
        t.add("div_(input, other, *, rounding_mode=None)", .method, doc: "In place: input /= other.", grad: .differentiable) { a in
            let x = try a.tensor()
            switch try a.optionalString("rounding_mode") {
            case nil: try x.binaryInPlace(.div, try a.operand())
            case "floor": try x.binaryInPlace(.floorDiv, try a.operand())
            case "trunc":
                let rhs = try a.operand()
                try x.overwrite { try truncDivide($0, rhs) }
            case let mode?:
                throw TensorError.runtime("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(mode)'")
            }
            return .object(x)
        }
        t.add("where(condition, input=None, other=None)", .function,
              doc: "input where condition holds, else other; with only condition, the indices where it holds.",
              grad: .differentiable) { a in
            let c = try TorchConvert.tensor(a["condition"], function: "where", argument: "condition")
            if a["input"].isNone && a["other"].isNone {
                let nz = try c.nonzero()
                return .tuple(try nz.unbind(dim: 1).map { .object($0) })
            }
            return .object(try Tensor.whereSelect(c, try a.operand("input"), try a.operand("other")))
        }
        t.add("where(condition, input, other)", .method, doc: "self where condition holds, else other.", grad: .differentiable) { a in
            // x.where(cond, y): the receiver binds to `condition` here, so swap back.
            let x = try TorchConvert.tensor(a["condition"], function: "where", argument: "self")
            let c = try TorchConvert.tensor(a["input"], function: "where", argument: "condition")
            return .object(try Tensor.whereSelect(c, .tensor(x), try a.operand("other")))
        }
        for name in ["clamp", "clip"] {
            t.add("\(name)(input, min=None, max=None)", doc: "Limits input to [min, max] (either may be None).", grad: .differentiable) { a in
                let lo = a["min"].isNone ? nil : try a.operand("min")
                let hi = a["max"].isNone ? nil : try a.operand("max")
                if lo == nil && hi == nil { throw TensorError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None") }
                return .object(try a.tensor().clamp(min: lo, max: hi))
            }
            t.add("\(name)_(input, min=None, max=None)", .method, doc: "In place: limits input to [min, max].", grad: .differentiable) { a in
                let x = try a.tensor()
                let lo = a["min"].isNone ? nil : try a.operand("min")
                let hi = a["max"].isNone ? nil : try a.operand("max")
                // clamp saves its input for backward and copyFrom then changes x: clamp a copy.
                let r = try (x.requiresGrad ? x.clone() : x).clamp(min: lo, max: hi)
                try x.copyFrom(r)
                return .object(x)
            }
        }
        t.add("lerp(input, end, weight)", doc: "input + weight * (end - input).", grad: .differentiable) { a in
            .object(try a.tensor().lerp(try a.operand("end"), weight: try a.operand("weight")))
        }
        t.add("nan_to_num(input, nan=0.0, posinf=None, neginf=None)", doc: "Replaces NaN and infinities by finite numbers.", grad: .differentiable) { a in
            .object(try a.tensor().nanToNum(nan: try a.double("nan"), posinf: try a.optionalDouble("posinf"), neginf: try a.optionalDouble("neginf")))
        }
        t.add("allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)", doc: "True when |input - other| <= atol + rtol * |other| everywhere.", grad: .notApplicable) { a in
            .bool(try NDArray.allClose(try a.tensor().data, try a.tensor("other").data, rtol: try a.double("rtol"), atol: try a.double("atol"), equalNaN: try a.bool("equal_nan")))
        }
        t.add("isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)", doc: "Element-wise |input - other| <= atol + rtol * |other|.", grad: .notDifferentiable) { a in
            let x = try a.tensor().data, y = try a.tensor("other").data
            let diff = try NDArray.binary(.sub, .array(x), .array(y)).unary(.abs)
            let tol = try NDArray.binary(.add, .scalar(.float(try a.double("atol"))),
                                         .array(try NDArray.binary(.mul, .scalar(.float(try a.double("rtol"))), .array(try y.unary(.abs)))))
            var close = try NDArray.binary(.le, .array(diff), .array(tol))
            close = try NDArray.binary(.logicalOr, .array(close), .array(try NDArray.binary(.eq, .array(x), .array(y))))
            if try a.bool("equal_nan") {
                let both = try NDArray.binary(.logicalAnd, .array(try x.unary(.isnan)), .array(try y.unary(.isnan)))
                close = try NDArray.binary(.logicalOr, .array(close), .array(both))
            }
            return .object(Tensor(close))
        }
        t.add("equal(input, other)", doc: "True when both have the same shape and elements.", grad: .notApplicable) { a in
            .bool(NDArray.equal(try a.tensor().data, try a.tensor("other").data))
        }
        t.add("fill_(input, value)", .method, doc: "In place: sets every element to value.", grad: .differentiable) { a in
            let x = try a.tensor()
            try x.fill(try TorchCreation.scalarArg(a, "value"))
            return .object(x)
        }
        t.add("zero_(input)", .method, doc: "In place: sets every element to 0.", grad: .differentiable) { a in
            let x = try a.tensor()
            try x.fill(.int(0), nodeName: "ZeroBackward0")
            return .object(x)
        }
        t.add("copy_(input, src)", .method, doc: "In place: copies src (broadcast) into input.", grad: .differentiable) { a in
            let x = try a.tensor()
            try x.copyFrom(try a.tensor("src"))
            return .object(x)
        }
    }
}
