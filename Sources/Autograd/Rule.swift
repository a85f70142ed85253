import TensorCore

/// The differentiable operation a node records, with the non-tensor facts its gradient rule
/// needs (dims, exponents, positions). Saved tensors live in the node. The rules themselves are
/// the one table in `Derivatives.swift`.
enum Rule {
    case unary(UnaryOp)
    /// `a + b`, `a - b` with tensors or wrapped scalars (one edge per tensor operand).
    case add, sub
    /// `a * b`, `a / b`: with a number operand (the payload, on the right), one edge and nothing
    /// saved; with two tensors, both saved.
    case mul(Scalar?), div(Scalar?)
    /// `scalar - tensor`.
    case rsub
    /// `x ** c` (saved: x).
    case powScalar(Scalar)
    /// `x ** y`, both tensors (saved: x, y, out).
    case powTensor
    /// `c ** x` (saved: out).
    case powBase(Scalar)
    case maximum, minimum, atan2, remainder
    /// `torch.where(cond, a, b)` (saved: cond).
    case whereSelect
    /// `clamp` with number bounds (saved: x).
    case clamp(min: Scalar?, max: Scalar?)
    /// `clamp` with tensor bounds (saved: x, then min and/or max).
    case clampTensor(hasMin: Bool, hasMax: Bool)
    case sum(dims: [Int]?, keepdim: Bool)
    case mean(dims: [Int]?, keepdim: Bool)
    /// (saved: x, out)
    case prod(dims: [Int]?, keepdim: Bool)
    /// `amax`/`amin`: the gradient is shared evenly among ties (saved: x, out).
    case amax(isMax: Bool, dims: [Int]?, keepdim: Bool)
    /// `x.max()` / `x.min()` over everything (saved: x, out).
    case maxAll(isMax: Bool)
    /// (saved: x, and for std the output)
    case variance(dims: [Int]?, correction: Double, keepdim: Bool, std: Bool)
    /// (saved: x, out)
    case vectorNorm(p: Double, dims: [Int]?, keepdim: Bool)
    /// (saved: x, out)
    case logSumExp(dims: [Int], keepdim: Bool)
    /// (saved: out)
    case softmax(dim: Int)
    case logSoftmax(dim: Int)
    case cumsum(dim: Int)
    /// (saved: x, out)
    case cumprod(dim: Int)
    /// Any reshaping view or copy (view, reshape, flatten, squeeze, unsqueeze, …).
    case reshape(name: String)
    case permute(name: String, inverse: [Int])
    /// `expand`: the engine's un-broadcasting is the whole rule.
    case expand
    /// An operation whose output elements are input elements (slicing, indexing, gather, sort
    /// values, flip, …) or zeros (tril, diag_embed). `select` applied to the input's 1-based
    /// element numbers tells, for each output element, which input element it came from.
    case selection(name: String, select: (NDArray) throws -> NDArray)
    /// `x.flatten()[positions]` (saved: nothing; the positions are int64).
    case takeFlat(name: String, positions: NDArray)
    /// zeros(count).index_add(0, positions, values.flatten()), the adjoint of takeFlat.
    case scatterAddFlat(positions: NDArray)
    case cat(dim: Int, sizes: [Int])
    case stack(dim: Int)
    case clone
    /// A dtype conversion.
    case toCopy
    /// `matmul` and its fixed-rank forms, named as PyTorch names them (saved: a, b).
    case matmul(name: String)
    case trace
    /// (saved: a, out)
    case det
    /// (saved: out)
    case inv
    /// (saved: a, out)
    case solve
    /// `einsum` in explicit form (saved: the operands).
    case einsum(inputs: [String], output: String)
    /// bias + mat1 @ mat2 (saved: mat1, mat2).
    case addmm
    /// log|det A| from slogdet (saved: a).
    case logDet
    /// (saved: the lower factor)
    case cholesky
    /// The eigenvalues of eigh; the eigenvectors (a copy) are constants of the rule.
    case eigenvalues(vectors: NDArray)
    /// The eigenvectors of eigh, with copies of both results.
    case eigenvectors(values: NDArray, vectors: NDArray)
    /// The singular values of svd, with copies of the reduced U and Vh.
    case singularValues(u: NDArray, vh: NDArray)
    /// U (`isU`) or Vh of a reduced svd, with copies of the three factors.
    case singularVectors(isU: Bool, u: NDArray, s: NDArray, vh: NDArray)
    /// Q (`isQ`) or R of a QR factorisation with m ≥ n, with copies of both factors.
    case qrFactor(isQ: Bool, q: NDArray, r: NDArray)
    /// A result whose derivative tcalc does not have: backward through it is an error.
    case notImplemented(name: String, what: String)
    /// The identity under another name: composites built from primitives (mse_loss as
    /// mean((a - b)²)) print the node name PyTorch's fused kernel has (MseLossBackward0).
    case alias(name: String)
    /// An in-place write into part of a tensor: edges are [the old whole, the new part's values];
    /// `positions` are the flat positions written.
    case copySlices(positions: NDArray)

    /// PyTorch's node name for this rule.
    var name: String {
        switch self {
        case .unary(let op): return Rule.unaryName(op)
        case .add: return "AddBackward0"
        case .sub: return "SubBackward0"
        case .mul: return "MulBackward0"
        case .div: return "DivBackward0"
        case .rsub: return "RsubBackward1"
        case .powScalar: return "PowBackward0"
        case .powTensor: return "PowBackward1"
        case .powBase: return "PowBackward2"
        case .maximum: return "MaximumBackward0"
        case .minimum: return "MinimumBackward0"
        case .atan2: return "Atan2Backward0"
        case .remainder: return "RemainderBackward0"
        case .whereSelect: return "WhereBackward0"
        case .clamp(let lo, let hi):
            if hi == nil { return "ClampMinBackward0" }
            if lo == nil { return "ClampMaxBackward0" }
            return "ClampBackward1"
        case .clampTensor: return "ClampBackward0"
        case .sum(let dims, _): return dims == nil ? "SumBackward0" : "SumBackward1"
        case .mean(let dims, _): return dims == nil ? "MeanBackward0" : "MeanBackward1"
        case .prod(let dims, _): return dims == nil ? "ProdBackward0" : "ProdBackward1"
        case .amax(let isMax, _, _): return isMax ? "AmaxBackward0" : "AminBackward0"
        case .maxAll(let isMax): return isMax ? "MaxBackward1" : "MinBackward1"
        case .variance(_, _, _, let std): return std ? "StdBackward0" : "VarBackward0"
        case .vectorNorm: return "LinalgVectorNormBackward0"
        case .logSumExp: return "LogsumexpBackward0"
        case .softmax: return "SoftmaxBackward0"
        case .logSoftmax: return "LogSoftmaxBackward0"
        case .cumsum: return "CumsumBackward0"
        case .cumprod: return "CumprodBackward0"
        case .reshape(let name), .permute(let name, _), .selection(let name, _), .takeFlat(let name, _),
             .matmul(let name):
            return name
        case .expand: return "ExpandBackward0"
        case .scatterAddFlat: return "IndexAddBackward0"
        case .cat: return "CatBackward0"
        case .stack: return "StackBackward0"
        case .clone: return "CloneBackward0"
        case .toCopy: return "ToCopyBackward0"
        case .trace: return "TraceBackward0"
        case .det: return "LinalgDetBackward0"
        case .inv: return "LinalgInvExBackward0"
        case .solve: return "LinalgSolveExBackward0"
        case .copySlices: return "CopySlices"
        case .einsum: return "EinsumBackward0"
        case .addmm: return "AddmmBackward0"
        case .logDet: return "LinalgSlogdetBackward0"
        case .cholesky: return "LinalgCholeskyExBackward0"
        case .eigenvalues, .eigenvectors: return "LinalgEighBackward0"
        case .singularValues, .singularVectors: return "LinalgSvdBackward0"
        case .qrFactor: return "LinalgQrBackward0"
        case .notImplemented(let name, _): return name
        case .alias(let name): return name
        }
    }

    /// The rule's family, for walking the table in tests (every kind needs a gradcheck case).
    var kind: RuleKind {
        switch self {
        case .unary(let op): return .unary(op)
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .rsub: return .rsub
        case .powScalar: return .powScalar
        case .powTensor: return .powTensor
        case .powBase: return .powBase
        case .maximum: return .maximum
        case .minimum: return .minimum
        case .atan2: return .atan2
        case .remainder: return .remainder
        case .whereSelect: return .whereSelect
        case .clamp: return .clamp
        case .clampTensor: return .clampTensor
        case .sum: return .sum
        case .mean: return .mean
        case .prod: return .prod
        case .amax: return .amax
        case .maxAll: return .maxAll
        case .variance: return .variance
        case .vectorNorm: return .vectorNorm
        case .logSumExp: return .logSumExp
        case .softmax: return .softmax
        case .logSoftmax: return .logSoftmax
        case .cumsum: return .cumsum
        case .cumprod: return .cumprod
        case .reshape: return .reshape
        case .permute: return .permute
        case .expand: return .expand
        case .selection: return .selection
        case .takeFlat: return .takeFlat
        case .scatterAddFlat: return .scatterAddFlat
        case .cat: return .cat
        case .stack: return .stack
        case .clone: return .clone
        case .toCopy: return .toCopy
        case .matmul: return .matmul
        case .trace: return .trace
        case .det: return .det
        case .inv: return .inv
        case .solve: return .solve
        case .copySlices: return .copySlices
        case .einsum: return .einsum
        case .addmm: return .addmm
        case .logDet: return .logDet
        case .cholesky: return .cholesky
        case .eigenvalues, .eigenvectors: return .eigh
        case .singularValues, .singularVectors: return .singularValues
        case .qrFactor: return .qr
        case .notImplemented: return .notImplemented
        case .alias: return .alias
        }
    }

    static func unaryName(_ op: UnaryOp) -> String {
        switch op {
        case .neg: return "NegBackward0"
        case .abs: return "AbsBackward0"
        case .sign: return "SignBackward0"
        case .exp: return "ExpBackward0"
        case .expm1: return "Expm1Backward0"
        case .log: return "LogBackward0"
        case .log1p: return "Log1PBackward0"
        case .log2: return "Log2Backward0"
        case .log10: return "Log10Backward0"
        case .sqrt: return "SqrtBackward0"
        case .rsqrt: return "RsqrtBackward0"
        case .square: return "PowBackward0"
        case .reciprocal: return "ReciprocalBackward0"
        case .sin: return "SinBackward0"
        case .cos: return "CosBackward0"
        case .tan: return "TanBackward0"
        case .asin: return "AsinBackward0"
        case .acos: return "AcosBackward0"
        case .atan: return "AtanBackward0"
        case .sinh: return "SinhBackward0"
        case .cosh: return "CoshBackward0"
        case .tanh: return "TanhBackward0"
        case .asinh: return "AsinhBackward0"
        case .acosh: return "AcoshBackward0"
        case .atanh: return "AtanhBackward0"
        case .sigmoid: return "SigmoidBackward0"
        case .relu: return "ReluBackward0"
        case .erf: return "ErfBackward0"
        case .floor: return "FloorBackward0"
        case .ceil: return "CeilBackward0"
        case .round: return "RoundBackward0"
        case .trunc: return "TruncBackward0"
        case .frac: return "FracBackward0"
        case .bitwiseNot, .logicalNot, .isnan, .isinf, .isfinite: return "NotDifferentiable"
        }
    }

    /// Unary operations with a gradient; the others give results without grad_fn.
    static func isDifferentiable(_ op: UnaryOp) -> Bool {
        switch op {
        case .bitwiseNot, .logicalNot, .isnan, .isinf, .isfinite: return false
        default: return true
        }
    }
}

/// The families of rules in the table, one per `Rule` case (unary ones per operation).
public enum RuleKind: Hashable {
    case unary(UnaryOp)
    case add, sub, mul, div, rsub, powScalar, powTensor, powBase, maximum, minimum, atan2, remainder
    case whereSelect, clamp, clampTensor
    case sum, mean, prod, amax, maxAll, variance, vectorNorm, logSumExp, softmax, logSoftmax
    case cumsum, cumprod
    case reshape, permute, expand, selection, takeFlat, scatterAddFlat, cat, stack, clone, toCopy
    case matmul, trace, det, inv, solve, copySlices, einsum, addmm, logDet, cholesky, eigh, singularValues
    case alias, qr
    /// Not a rule: the marker of a missing derivative (so not in `all`).
    case notImplemented

    /// Every rule family; a test requires a gradcheck case for each.
    public static var all: [RuleKind] {
        let unaries: [RuleKind] = UnaryOp.allCases.filter(Rule.isDifferentiable).map { .unary($0) }
        let others: [RuleKind] = [
            .add, .sub, .mul, .div, .rsub, .powScalar, .powTensor, .powBase, .maximum, .minimum,
            .atan2, .remainder, .whereSelect, .clamp, .clampTensor, .sum, .mean, .prod, .amax,
            .maxAll, .variance, .vectorNorm, .logSumExp, .softmax, .logSoftmax, .cumsum, .cumprod,
            .reshape, .permute, .expand, .selection, .takeFlat, .scatterAddFlat, .cat, .stack,
            .clone, .toCopy, .matmul, .trace, .det, .inv, .solve, .copySlices, .einsum, .addmm,
            .logDet, .cholesky, .eigh, .singularValues, .alias, .qr,
        ]
        return unaries + others
    }

}
