import Autograd
import Foundation
import TensorCore

/// NumPy's ufuncs and element-wise helpers (`np.exp`, `np.maximum`, `np.where`, `np.clip`,
/// `np.allclose`) and products (`dot`, `matmul`, `outer`, `inner`, `einsum`), computed by
/// the engine's kernels after NumPy's promotion.
enum NumPyMath {
    static func operand(_ a: BoundArguments, _ name: String) throws -> NumPyConvert.Operand {
        guard let o = try NumPyConvert.operand(a[name], a.interp) else {
            throw PyException.typeError("\(a.builtin.name)(): argument '\(name)' must be array-like, not \(a[name].typeName)")
        }
        return o
    }

    static func register(_ t: NumPyTable) {
        let floats: [(String, UnaryOp, String)] = [
            ("exp", .exp, "e to the power x"), ("expm1", .expm1, "exp(x) - 1"), ("log", .log, "Natural logarithm"),
            ("log2", .log2, "Base-2 logarithm"), ("log10", .log10, "Base-10 logarithm"), ("log1p", .log1p, "log(1 + x)"),
            ("sqrt", .sqrt, "Square root"), ("sin", .sin, "Sine"), ("cos", .cos, "Cosine"), ("tan", .tan, "Tangent"),
            ("arcsin", .asin, "Inverse sine"), ("arccos", .acos, "Inverse cosine"), ("arctan", .atan, "Inverse tangent"),
            ("sinh", .sinh, "Hyperbolic sine"), ("cosh", .cosh, "Hyperbolic cosine"), ("tanh", .tanh, "Hyperbolic tangent"),
            ("floor", .floor, "Largest integer <= x"), ("ceil", .ceil, "Smallest integer >= x"), ("trunc", .trunc, "x rounded toward zero"),
            ("rint", .round, "Nearest integer (halves to even)"),
        ]
        for (name, op, doc) in floats {
            t.add("\(name)(x, out=None)", .function, doc: "\(doc), element-wise (ints compute in float64).") { a in
                try a.npFinish(try NumPyOps.floatUnary(op, try a.ndarray("x")))
            }
        }
        for (name, op, doc) in [("absolute", UnaryOp.abs, "Absolute value"), ("negative", .neg, "-x"), ("sign", .sign, "-1, 0 or 1 by sign"),
                                ("square", .square, "x * x")] {
            // `absolute` is also reachable as a method so that Python's abs(a) finds it.
            t.add("\(name)(x, out=None)", name == "absolute" ? .everywhere : .function, aliases: name == "absolute" ? ["abs"] : [], doc: "\(doc), element-wise, in x's dtype.") { a in
                try a.npFinish(try a.ndarray("x").unary(op))
            }
        }
        for (name, op) in [("isnan", UnaryOp.isnan), ("isinf", .isinf), ("isfinite", .isfinite)] {
            t.add("\(name)(x)", .function, doc: "Element-wise test, as a bool array.") { a in
                NumPyConvert.result(try a.ndarray("x").unary(op))
            }
        }
        t.add("logical_not(x)", .function, doc: "Element-wise not, as a bool array.") { a in
            NumPyConvert.result(try a.ndarray("x").unary(.logicalNot))
        }
        let binaries: [(String, BinaryOp, [String], String)] = [
            ("add", .add, [], "x1 + x2"), ("subtract", .sub, [], "x1 - x2"), ("multiply", .mul, [], "x1 * x2"),
            ("divide", .div, ["true_divide"], "x1 / x2 (ints give float64)"), ("floor_divide", .floorDiv, [], "x1 // x2 (Python's signs)"),
            ("mod", .remainder, ["remainder"], "x1 % x2 with the sign of x2"), ("power", .pow, [], "x1 ** x2"),
            ("maximum", .maximum, [], "The larger of x1 and x2 (NaN propagates)"), ("minimum", .minimum, [], "The smaller of x1 and x2 (NaN propagates)"),
            ("arctan2", .atan2, [], "Angle of (x2, x1)"), ("equal", .eq, [], "x1 == x2"), ("not_equal", .ne, [], "x1 != x2"),
            ("less", .lt, [], "x1 < x2"), ("less_equal", .le, [], "x1 <= x2"), ("greater", .gt, [], "x1 > x2"),
            ("greater_equal", .ge, [], "x1 >= x2"), ("logical_and", .logicalAnd, [], "x1 and x2"), ("logical_or", .logicalOr, [], "x1 or x2"),
            ("logical_xor", .logicalXor, [], "x1 xor x2"), ("bitwise_and", .bitAnd, [], "x1 & x2"), ("bitwise_or", .bitOr, [], "x1 | x2"),
        ]
        for (name, op, aliases, doc) in binaries {
            t.add("\(name)(x1, x2, out=None)", .function, aliases: aliases, doc: "\(doc), element-wise with broadcasting.") { a in
                try a.npFinish(try NumPyOps.binary(op, try operand(a, "x1"), try operand(a, "x2")))
            }
        }
        t.add("round(a, decimals=0, out=None)", aliases: ["around"], doc: "Rounds to the given decimals, halves to even.") { a in
            let x = try a.ndarray()
            let d = try a.int("decimals")
            if x.dtype.isInteger || x.dtype == .bool { return try a.npFinish(d >= 0 ? x : x) }
            if d == 0 { return try a.npFinish(try x.unary(.round)) }
            let scale = Foundation.pow(10.0, Double(Swift.abs(d)))
            let scaled = try NumPyOps.binary(d > 0 ? .mul : .div, .strong(x), .weak(.float(scale)))
            return try a.npFinish(try NumPyOps.binary(d > 0 ? .div : .mul, .strong(try scaled.unary(.round)), .weak(.float(scale))))
        }
        t.add("clip(a, a_min=None, a_max=None, out=None)", doc: "Values limited to [a_min, a_max].") { a in
            var x: NumPyConvert.Operand = .strong(try a.ndarray())
            if !a["a_min"].isNone { x = .strong(try NumPyOps.binary(.maximum, x, try operand(a, "a_min"))) }
            if !a["a_max"].isNone { x = .strong(try NumPyOps.binary(.minimum, x, try operand(a, "a_max"))) }
            guard case .strong(let r) = x else { throw PyException.valueError("clip: no array") }
            return try a.npFinish(r)
        }
        t.add("where(condition, x=None, y=None)", .function, doc: "x where condition holds, else y; with only condition, the indices where it holds.") { a in
            let cond = try a.ndarray("condition")
            if a["x"].isNone && a["y"].isNone {
                return .tuple(try nonzero(cond).map { .object(NumPyArray($0)) })
            }
            let x = try operand(a, "x"), y = try operand(a, "y")
            var strong: [DType] = [], weak: [Scalar] = []
            for o in [x, y] {
                switch o {
                case .strong(let arr): strong.append(arr.dtype)
                case .weak(let s): weak.append(s)
                }
            }
            let d = NumPyPromotion.resultType(strong: strong, weak: weak)
            func arr(_ o: NumPyConvert.Operand) throws -> NDArray {
                switch o {
                case .strong(let v): return v.dtype == d ? v : try v.converted(to: d)
                case .weak(let s): return NDArray(scalar: NumPyOps.coerce(s, to: d), dtype: d)
                }
            }
            let c = cond.dtype == .bool ? cond : try cond.converted(to: .bool)
            return NumPyConvert.result(try NDArray.whereSelect(c, .array(try arr(x)), .array(try arr(y))))
        }
        t.add("nonzero(a)", doc: "The indices of the nonzero elements, one array per dimension.") { a in
            .tuple(try nonzero(try a.ndarray()).map { .object(NumPyArray($0)) })
        }
        t.add("flatnonzero(a)", .function, doc: "The indices of the nonzero elements of the flattened array.") { a in
            .object(NumPyArray(try nonzero(try a.ndarray().reshaped([-1]))[0]))
        }
        t.add("argwhere(a)", .function, doc: "The indices of the nonzero elements, one row per element.") { a in
            .object(NumPyArray(try a.ndarray().nonzero()))
        }
        t.add("allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", .function, doc: "Whether every |a - b| <= atol + rtol * |b|.") { a in
            let x = try a.ndarray(), y = try a.ndarray("b")
            _ = try NumPyPromotion.broadcastShapes([x.shape, y.shape])
            return .bool(try NDArray.allClose(try x.converted(to: .float64), try y.converted(to: .float64),
                                              rtol: try a.double("rtol"), atol: try a.double("atol"), equalNaN: try a.interp.truthy(a["equal_nan"])))
        }
        t.add("isclose(a, b, rtol=1e-05, atol=1e-08)", .function, doc: "Element-wise |a - b| <= atol + rtol * |b|.") { a in
            let x = try a.ndarray().converted(to: .float64), y = try a.ndarray("b").converted(to: .float64)
            let diff = try NDArray.binary(.sub, .array(x), .array(y)).unary(.abs)
            let tol = try NDArray.binary(.add, .scalar(.float(try a.double("atol"))),
                                         .array(try NDArray.binary(.mul, .scalar(.float(try a.double("rtol"))), .array(try y.unary(.abs)))))
            return NumPyConvert.result(try NDArray.binary(.le, .array(diff), .array(tol)))
        }
        t.add("array_equal(a1, a2)", .function, doc: "Whether both have the same shape and elements.") { a in
            let x = try a.ndarray("a1"), y = try a.ndarray("a2")
            guard x.shape == y.shape else { return .bool(false) }
            let eq = try NumPyOps.binary(.eq, .strong(x), .strong(y))
            return .bool(try eq.reduce(.all, dims: nil, keepdim: false, dtype: nil).item().boolValue)
        }
        registerProducts(t)
        t.add("result_type(*arrays_and_dtypes)", .function, doc: "The dtype NumPy's promotion gives (Python numbers are weak, NEP 50).") { a in
            var strong: [DType] = [], weak: [Scalar] = []
            for v in a.varArgs {
                if let d = NumPyConvert.dtypeLike(v) { strong.append(d); continue }
                switch try NumPyConvert.operand(v, a.interp) {
                case .strong(let x)?: strong.append(x.dtype)
                case .weak(let s)?: weak.append(s)
                case nil: throw PyException.typeError("Cannot interpret '\(try a.interp.repr(v))' as a data type")
                }
            }
            return .object(NumPyDType.of(NumPyPromotion.resultType(strong: strong, weak: weak)))
        }
        t.add("promote_types(type1, type2)", .function, doc: "The smallest dtype both dtypes cast to safely.") { a in
            guard let d1 = try a.npDType("type1"), let d2 = try a.npDType("type2") else { throw PyException.typeError("Cannot interpret 'None' as a data type") }
            return .object(NumPyDType.of(NumPyPromotion.promote(d1, d2)))
        }
    }

    /// One index array per dimension, for the nonzero elements.
    static func nonzero(_ x: NDArray) throws -> [NDArray] {
        let rows = try (x.rank == 0 ? x.reshaped([1]) : x).nonzero()
        return try (0..<max(1, x.rank)).map { d in try rows.subscripted([.slice(start: nil, stop: nil, step: nil), .int(d)]).clone() }
    }

    static func registerProducts(_ t: NumPyTable) {
        t.add("dot(a, b, out=None)", doc: "Dot product: inner product of vectors, matrix product of matrices.") { a in
            let x = try a.ndarray(), y = try a.ndarray("b")
            if x.rank == 0 || y.rank == 0 { return try a.npFinish(try NumPyOps.binary(.mul, .strong(x), .strong(y))) }
            if y.rank > 2 { throw PyException.valueError("np.dot of arrays beyond 2-d is not supported in tcalc; use np.matmul or np.einsum") }
            return try a.npFinish(try NumPyOps.matmul(x, y))
        }
        t.add("matmul(x1, x2, out=None)", .function, doc: "Matrix product with broadcasting over batch dimensions (the @ operator).") { a in
            try a.npFinish(try NumPyOps.matmul(try a.ndarray("x1"), try a.ndarray("x2")))
        }
        t.add("outer(a, b)", .function, doc: "Outer product of the flattened inputs.") { a in
            let x = try a.ndarray().reshaped([-1, 1]), y = try a.ndarray("b").reshaped([1, -1])
            return .object(NumPyArray(try NumPyOps.binary(.mul, .strong(x), .strong(y))))
        }
        t.add("inner(a, b)", .function, doc: "Sum of products over the last axes.") { a in
            let x = try a.ndarray(), y = try a.ndarray("b")
            if x.rank == 0 || y.rank == 0 { return NumPyConvert.result(try NumPyOps.binary(.mul, .strong(x), .strong(y))) }
            let d = NumPyPromotion.promote(x.dtype, y.dtype)
            return NumPyConvert.result(try NDArray.inner(try x.converted(to: d), try y.converted(to: d)))
        }
        t.add("vdot(a, b)", .function, doc: "Dot product of the flattened inputs.") { a in
            NumPyConvert.result(try NumPyOps.matmul(try a.ndarray().reshaped([-1]), try a.ndarray("b").reshaped([-1])))
        }
        t.add("einsum(subscripts, *operands)", .function, doc: "Einstein summation over the operands ('ij,jk->ik').") { a in
            let xs = try a.varArgs.map { try NumPyConvert.array($0, dtype: nil, a.interp) }
            let d = xs.map(\.dtype).reduce(xs.first?.dtype ?? .float64) { NumPyPromotion.promote($0, $1) }
            return NumPyConvert.result(try NDArray.einsum(try a.string("subscripts"), try xs.map { $0.dtype == d ? $0 : try $0.converted(to: d) }))
        }
        t.add("trace(a, offset=0)", doc: "Sum of the diagonal.") { a in
            let x = try a.ndarray()
            let diag = try x.diagonal(offset: try a.int("offset"), dim1: 0, dim2: 1)
            return NumPyConvert.result(try NumPyReductions.sum(diag, axes: [-1], keepdims: false))
        }
    }
}
