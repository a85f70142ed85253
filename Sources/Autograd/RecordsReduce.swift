import TensorCore

// Derivative records of reductions, normalisations and scans. Reductions whose outputs each
// depend on their own group of inputs take the `.reduction` forward rule, derived from the
// backward formula; linear ones apply themselves to the tangent.

/// `x.sum()` / `x.sum(dims, keepdim)`.
struct SumRecord: Derivative {
    let dims: [Int]?, keepdim: Bool
    var name: String { dims == nil ? "SumBackward0" : "SumBackward1" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [try g.unreduced(dims: dims, keepdim: keepdim, to: c.inputShape(0))]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).reduce(.sum, dims: dims, keepdim: keepdim)
    }
}

/// `x.mean()` / `x.mean(dims, keepdim)`.
struct MeanRecord: Derivative {
    let dims: [Int]?, keepdim: Bool
    var name: String { dims == nil ? "MeanBackward0" : "MeanBackward1" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let n = Tensor.reducedCount(c.inputShape(0), dims: dims)
        return [try g.unreduced(dims: dims, keepdim: keepdim, to: c.inputShape(0)).div(Double(n))]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).reduce(.mean, dims: dims, keepdim: keepdim)
    }
}

/// `x.prod()`: zeros in the input take the exact product of the others.
struct ProdRecord: Derivative {
    let dims: [Int]?, keepdim: Bool
    var name: String { dims == nil ? "ProdBackward0" : "ProdBackward1" }
    var saves: Saves { [.input0, .result] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), out = try c.result()
        let shape = c.inputShape(0)
        if try !Node.containsZero(x) {
            // The product of the others is out / x when nothing is zero.
            let gOut = try g.mul(out).unreduced(dims: dims, keepdim: keepdim, to: shape)
            return [try gOut.div(x)]
        }
        let others = try Node.productOfOthers(x, dims: dims ?? Array(0..<shape.count))
        return [try g.unreduced(dims: dims, keepdim: keepdim, to: shape).mul(others)]
    }
    var forward: ForwardRule { .reduction(dims: dims, keepdim: keepdim) }
}

/// `amax`/`amin` (and `x.max()`/`x.min()` over everything, `all`): the gradient is shared
/// evenly among the elements equal to the result.
struct AmaxRecord: Derivative {
    let isMax: Bool, dims: [Int]?, keepdim: Bool, all: Bool
    var name: String {
        if all { return isMax ? "MaxBackward1" : "MinBackward1" }
        return isMax ? "AmaxBackward0" : "AminBackward0"
    }
    var saves: Saves { [.input0, .result] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), out = try c.result()
        let shape = c.inputShape(0)
        let o = try out.detach().unreduced(dims: dims, keepdim: keepdim, to: shape)
        let mask = Tensor(try x.compare(.eq, .tensor(o)).data.converted(to: g.dtype))
        let counts = try mask.reduce(.sum, dims: dims ?? [], keepdim: true)
        let share = try g.unreduced(dims: dims, keepdim: keepdim, to: shape).div(counts.expanded(to: shape))
        // PyTorch's CPU max()/min() fill zeros where the mask is off (evenly_distribute_backward);
        // amax/amin multiply by the mask (scale_grad_by_count).
        return [all ? try share.keeping(Tensor(mask.data.converted(to: .bool))) : try share.mul(mask)]
    }
    var forward: ForwardRule { .reduction(dims: dims, keepdim: keepdim) }
}

/// `x.var(dims, correction)` / `x.std(...)`.
struct VarianceRecord: Derivative {
    let dims: [Int]?, correction: Double, keepdim: Bool, std: Bool
    var name: String { std ? "StdBackward0" : "VarBackward0" }
    var saves: Saves { std ? [.input0, .result] : .input0 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0)
        let shape = c.inputShape(0)
        let n = Double(Tensor.reducedCount(shape, dims: dims))
        let centred = try x.sub(x.reduce(.mean, dims: dims ?? [], keepdim: true))
        let gx = try g.unreduced(dims: dims, keepdim: keepdim, to: shape)
        if std {
            let out = try c.result().unreduced(dims: dims, keepdim: keepdim, to: shape)
            return [try gx.mul(centred).div(out.mul(n - correction))]
        }
        return [try gx.mul(centred).mul(2.0 / (n - correction))]
    }
    var forward: ForwardRule { .reduction(dims: dims, keepdim: keepdim) }
}

/// `torch.linalg.vector_norm(x, p, dims)`.
struct VectorNormRecord: Derivative {
    let p: Double, dims: [Int]?, keepdim: Bool
    var name: String { "LinalgVectorNormBackward0" }
    var saves: Saves { [.input0, .result] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), out = try c.result()
        let shape = c.inputShape(0)
        let gx = try g.unreduced(dims: dims, keepdim: keepdim, to: shape)
        let norm = try out.unreduced(dims: dims, keepdim: keepdim, to: shape)
        if p == 0 { return [try gx.zerosLike()] }
        if p == 1 { return [try gx.mul(x.unary(.sign))] }
        if p.isInfinite {
            let mask = try x.unary(.abs).compare(.eq, .tensor(norm.detach()))
            let counts = try Tensor(mask.data.converted(to: g.dtype)).reduce(.sum, dims: dims ?? [], keepdim: true)
            let share = try gx.mul(x.unary(.sign)).div(counts.expanded(to: shape))
            return [try share.keeping(mask)]
        }
        let nonzero = try norm.compare(.ne, .scalar(.int(0)))
        let scaled: Tensor
        if p == 2 {
            scaled = try x.div(norm)
        } else {
            let num = try x.unary(.sign).mul(x.unary(.abs).pow(.float(p - 1)))
            scaled = try num.div(norm.pow(.float(p - 1)))
        }
        return [try gx.mul(scaled).keeping(nonzero)]
    }
    var forward: ForwardRule { .reduction(dims: dims, keepdim: keepdim) }
}

/// `torch.logsumexp(x, dims)`.
struct LogSumExpRecord: Derivative {
    let dims: [Int], keepdim: Bool
    var name: String { "LogsumexpBackward0" }
    var saves: Saves { [.input0, .result] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), out = try c.result()
        let shape = c.inputShape(0)
        let o = try out.unreduced(dims: dims, keepdim: keepdim, to: shape)
        return [try g.unreduced(dims: dims, keepdim: keepdim, to: shape).mul(x.sub(o).unary(.exp))]
    }
    var forward: ForwardRule { .reduction(dims: dims, keepdim: keepdim) }
}

/// `torch.softmax(x, dim)`.
struct SoftmaxRecord: Derivative {
    let dim: Int
    var name: String { "SoftmaxBackward0" }
    var saves: Saves { .result }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let y = try c.result()
        let dot = try g.mul(y).sum(dims: [dim], keepdim: true)
        return [try y.mul(g.sub(dot))]
    }
    // The Jacobian is symmetric: the backward formula applied to the tangent is the forward one.
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try backward(c, t[0] ?? c.result().zerosLike())[0] ?? c.result().zerosLike()
    }
}

/// `torch.log_softmax(x, dim)`.
struct LogSoftmaxRecord: Derivative {
    let dim: Int
    var name: String { "LogSoftmaxBackward0" }
    var saves: Saves { .result }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let y = try c.result()
        return [try g.sub(y.unary(.exp).mul(g.sum(dims: [dim], keepdim: true)))]
    }
    // J = I − 1 pᵀ (p = softmax): J t = t − Σ p t.
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let y = try c.result()
        let tangent = try t[0] ?? y.zerosLike()
        return try tangent.sub(y.unary(.exp).mul(tangent).sum(dims: [dim], keepdim: true))
    }
}

/// `torch.cumsum(x, dim)`.
struct CumsumRecord: Derivative {
    let dim: Int
    var name: String { "CumsumBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] { [try Node.reverseCumsum(g, dim: dim)] }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        try (t[0] ?? c.input(0).zerosLike()).cumulative(.sum, dim: dim)
    }
}

/// `torch.cumprod(x, dim)`.
struct CumprodRecord: Derivative {
    let dim: Int
    var name: String { "CumprodBackward0" }
    var saves: Saves { [.input0, .result] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let x = try c.input(0), out = try c.result()
        if try Node.containsZero(x) { return [try Node.cumprodGradientWithZeros(g, x, dim: dim)] }
        return [try Node.reverseCumsum(g.mul(out), dim: dim).div(x)]
    }
    // d out_k = Σ_{i ≤ k} t_i Π_{j ≤ k, j ≠ i} x_j: out · cumsum(t / x) without zeros.
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let x = try c.input(0), out = try c.result()
        let tangent = try t[0] ?? x.zerosLike()
        if try !Node.containsZero(x) { return try out.mul(tangent.div(x).cumulative(.sum, dim: dim)) }
        let d = try x.data.normalizedDim(dim)
        let n = x.shape[d]
        var total = try out.zerosLike()
        for i in 0..<n {
            var maskShape = [Int](repeating: 1, count: x.rank)
            maskShape[d] = n
            let oneHot = try NDArray(zeros: maskShape, dtype: .bool)
            oneHot.setScalar(.bool(true), atLinear: i)
            let xi = try Tensor.whereSelect(Tensor(oneHot), .scalar(.int(1)), .tensor(x))
            let later = try NDArray.binary(.ge, .array(try Tensor.elementNumbers([n], zeroBased: true).reshaped(maskShape)),
                                           .scalar(.int(Int64(i))))
            let term = try xi.cumulative(.prod, dim: d).mul(tangent.narrowed(dim: d, start: i, length: 1))
            total = try total.add(term.keeping(Tensor(later)))
        }
        return total
    }
}
