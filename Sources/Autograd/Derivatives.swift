import Foundation
import TensorCore

/// THE table of gradient rules (PyTorch's derivatives.yaml): for each recorded operation, the
/// gradients of its inputs from the gradient `g` of its output, written with differentiable
/// tensor operations so that create_graph and grad-of-grad need nothing more. Rules return
/// gradients shaped like the output where the operation broadcast its inputs: the backward
/// engine, not the rule, sums them back to each input's shape.
extension Node {
    /// One gradient per edge (nil: none flows there).
    func inputGradients(_ g: Tensor) throws -> [Tensor?] {
        switch rule {
        case .unary(let op):
            return [try unaryGradient(op, g)]
        case .add:
            return edges.map { _ in g }
        case .sub:
            return edges.count == 2 ? [g, try g.neg()] : [g]
        case .rsub:
            return [try g.neg()]
        case .mul(let s?):
            return [try g.mul(s)]
        case .mul(nil):
            let a = try unpack(0), b = try unpack(1)
            return [wants(0) ? try g.mul(b) : nil, wants(1) ? try g.mul(a) : nil]
        case .div(let s?):
            return [try g.div(s)]
        case .div(nil):
            let a = try unpack(0), b = try unpack(1)
            let ga = wants(0) ? try g.div(b) : nil
            let gb = wants(1) ? try g.mul(a).div(b.squared()).neg() : nil
            return [ga, gb]
        case .powScalar(let c):
            let x = try unpack(0)
            if c.doubleValue == 0 && c.category != .complex { return [try g.zerosLike()] }
            let cMinus1: Scalar = c.category == .integer ? .int(c.int64Value - 1) : .float(c.doubleValue - 1)
            return [try g.mul(c).mul(x.pow(cMinus1))]
        case .powTensor:
            let x = try unpack(0), y = try unpack(1), out = try unpack(2)
            let gx = wants(0) ? try g.mul(y).mul(Tensor.binary(.pow, .tensor(x), .tensor(y.add(-1.0)))) : nil
            // d/dy x^y = x^y log x, taken as 0 where x == 0 and y >= 0 (PyTorch's convention).
            let gy: Tensor?
            if wants(1) {
                let special = try x.compare(.eq, .scalar(.int(0))).logicalAnd(y.compare(.ge, .scalar(.int(0))))
                let regular = Tensor(try special.data.unary(.logicalNot))
                gy = try g.mul(out.mul(x.unary(.log))).keeping(regular)
            } else {
                gy = nil
            }
            return [gx, gy]
        case .powBase(let c):
            let out = try unpack(0)
            return [try g.mul(out).mul(log(c.doubleValue))]
        case .maximum, .minimum:
            let a = try unpack(0), b = try unpack(1)
            let isMax: Bool
            if case .maximum = rule { isMax = true } else { isMax = false }
            let half = try g.div(2.0)
            let tie = try a.compare(.eq, .tensor(b))
            let aWins = try a.compare(isMax ? .gt : .lt, .tensor(b))
            let bWins = try a.compare(isMax ? .lt : .gt, .tensor(b))
            let ga = try Tensor.whereSelect(tie, .tensor(half), .tensor(g.keeping(aWins)))
            let gb = try Tensor.whereSelect(tie, .tensor(half), .tensor(g.keeping(bWins)))
            return [ga, gb]
        case .atan2:
            let a = try unpack(0), b = try unpack(1)
            let denominator = try a.squared().add(b.squared())
            return [try g.mul(b).div(denominator), try g.mul(a).div(denominator).neg()]
        case .remainder:
            if edges.count == 1 { return [g] }
            let a = try unpack(0), b = try unpack(1)
            let quotient = try Tensor.binary(.floorDiv, .tensor(a.detach()), .tensor(b.detach()))
            return [g, try g.mul(quotient).neg()]
        case .whereSelect:
            let c = try unpack(0)
            let notC = Tensor(try c.data.unary(.logicalNot))
            return [try g.keeping(c), try g.keeping(notC)]
        case .clamp(let lo, let hi):
            let x = try unpack(0)
            var mask = Tensor(try NDArray.full(x.shape, .bool(true), dtype: .bool))
            if let lo = lo { mask = try mask.logicalAnd(x.compare(.ge, .scalar(lo))) }
            if let hi = hi { mask = try mask.logicalAnd(x.compare(.le, .scalar(hi))) }
            return [try g.keeping(mask)]
        case .clampTensor(let hasMin, let hasMax):
            let x = try unpack(0)
            var mask = Tensor(try NDArray.full(x.shape, .bool(true), dtype: .bool))
            var result: [Tensor?] = [nil]
            var next = 1
            if hasMin {
                let lo = try unpack(next); next += 1
                mask = try mask.logicalAnd(x.compare(.ge, .tensor(lo)))
                result.append(try g.keeping(x.compare(.lt, .tensor(lo))))
            }
            if hasMax {
                let hi = try unpack(next)
                mask = try mask.logicalAnd(x.compare(.le, .tensor(hi)))
                result.append(try g.keeping(x.compare(.gt, .tensor(hi))))
            }
            result[0] = try g.keeping(mask)
            return result
        case .sum(let dims, let keepdim):
            return [try g.unreduced(dims: dims, keepdim: keepdim, to: edges[0].shape)]
        case .mean(let dims, let keepdim):
            let n = Tensor.reducedCount(edges[0].shape, dims: dims)
            return [try g.unreduced(dims: dims, keepdim: keepdim, to: edges[0].shape).div(Double(n))]
        case .prod(let dims, let keepdim):
            let x = try unpack(0), out = try unpack(1)
            let shape = edges[0].shape
            if try !Node.containsZero(x) {
                // The product of the others is out / x when nothing is zero.
                let gOut = try g.mul(out).unreduced(dims: dims, keepdim: keepdim, to: shape)
                return [try gOut.div(x)]
            }
            let others = try Node.productOfOthers(x, dims: dims ?? Array(0..<shape.count))
            return [try g.unreduced(dims: dims, keepdim: keepdim, to: shape).mul(others)]
        case .amax(_, let dims, let keepdim):
            return [try evenlyDistributed(g, dims: dims, keepdim: keepdim)]
        case .maxAll:
            return [try evenlyDistributed(g, dims: nil, keepdim: false)]
        case .variance(let dims, let correction, let keepdim, let std):
            let x = try unpack(0)
            let shape = edges[0].shape
            let n = Double(Tensor.reducedCount(shape, dims: dims))
            let centred = try x.sub(x.reduce(.mean, dims: dims ?? [], keepdim: true))
            let gx = try g.unreduced(dims: dims, keepdim: keepdim, to: shape)
            if std {
                let out = try unpack(1).unreduced(dims: dims, keepdim: keepdim, to: shape)
                return [try gx.mul(centred).div(out.mul(n - correction))]
            }
            return [try gx.mul(centred).mul(2.0 / (n - correction))]
        case .vectorNorm(let p, let dims, let keepdim):
            return [try normGradient(g, p: p, dims: dims, keepdim: keepdim)]
        case .logSumExp(let dims, let keepdim):
            let x = try unpack(0), out = try unpack(1)
            let shape = edges[0].shape
            let o = try out.unreduced(dims: dims, keepdim: keepdim, to: shape)
            return [try g.unreduced(dims: dims, keepdim: keepdim, to: shape).mul(x.sub(o).unary(.exp))]
        case .softmax(let dim):
            let y = try unpack(0)
            let dot = try g.mul(y).sum(dims: [dim], keepdim: true)
            return [try y.mul(g.sub(dot))]
        case .logSoftmax(let dim):
            let y = try unpack(0)
            return [try g.sub(y.unary(.exp).mul(g.sum(dims: [dim], keepdim: true)))]
        case .cumsum(let dim):
            return [try reverseCumsum(g, dim: dim)]
        case .cumprod(let dim):
            let x = try unpack(0), out = try unpack(1)
            if try Node.containsZero(x) { return [try cumprodGradientWithZeros(g, x, dim: dim)] }
            return [try reverseCumsum(g.mul(out), dim: dim).div(x)]
        case .reshape:
            return [try g.reshaped(edges[0].shape)]
        case .permute(_, let inverse):
            return [try g.permuted(inverse)]
        case .expand, .clone, .toCopy, .alias:
            return [g]
        case .selection(_, let select):
            return [try selectionGradient(g, select: select)]
        case .takeFlat(_, let positions):
            let shape = edges[0].shape
            return [try Tensor.scatterAddFlat(g, positions: positions, count: shape.reduce(1, *)).reshaped(shape)]
        case .scatterAddFlat(let positions):
            return [try g.takeFlat(positions).reshaped(edges[0].shape)]
        case .cat(let dim, let sizes):
            var start = 0
            var result: [Tensor?] = []
            for size in sizes {
                result.append(try g.narrowed(dim: dim, start: start, length: size))
                start += size
            }
            return result
        case .stack(let dim):
            return try edges.indices.map { i in try g.narrowed(dim: dim, start: i, length: 1).squeezed([dim]) }
        case .matmul:
            return try matmulGradients(g, try unpack(0), try unpack(1))
        case .trace:
            let shape = edges[0].shape
            let eye = Tensor(try NDArray.eye(shape[0], shape.count > 1 ? shape[1] : shape[0], dtype: g.dtype))
            return [try eye.mul(g)]
        case .det:
            let a = try unpack(0), out = try unpack(1)
            do {
                let scale = try g.mul(out).unsqueezed(-1).unsqueezed(-1)
                return [try scale.mul(Tensor.inv(a).mT())]
            } catch let e as TensorError where e.kind == .linalg {
                // Singular A: det·A⁻ᵀ is the cofactor matrix, which exists anyway (PyTorch's
                // answer too); build it from the minors' determinants, differentiably.
                return [try g.unsqueezed(-1).unsqueezed(-1).mul(cofactorMatrix(a))]
            }
        case .inv:
            let out = try unpack(0)
            let t = try out.mT()
            return [try Tensor.matmul(Tensor.matmul(t, g), t).neg()]
        case .solve:
            let a = try unpack(0), x = try unpack(1)
            let gb = try Tensor.solve(a.mT(), g)
            let ga: Tensor
            if x.rank == a.rank - 1 {
                ga = try Tensor.matmul(gb.unsqueezed(-1), x.unsqueezed(-2)).neg()
            } else {
                ga = try Tensor.matmul(gb, x.mT()).neg()
            }
            return [wants(0) ? ga : nil, gb]
        case .einsum(let inputs, let output):
            var saved: [Tensor] = []
            for i in inputs.indices { saved.append(try unpack(i)) }
            return try inputs.indices.map { i in
                wants(i) ? try einsumGradient(g, operand: i, inputs: inputs, output: output, saved: saved) : nil
            }
        case .addmm:
            let m1 = try unpack(0), m2 = try unpack(1)
            return [g, wants(1) ? try Tensor.mm(g, m2.mT()) : nil, wants(2) ? try Tensor.mm(m1.mT(), g) : nil]
        case .logDet:
            let a = try unpack(0)
            return [try g.unsqueezed(-1).unsqueezed(-1).mul(Tensor.inv(a).mT())]
        case .cholesky:
            // Murray (2016): Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrised; Φ keeps the lower triangle and
            // halves the diagonal.
            let l = try unpack(0)
            let n = edges[0].shape.last ?? 0
            let lowerOnes = try NDArray.full([n, n], .int(1), dtype: g.dtype).tril(0)
            let halfEye = try NDArray.binary(.mul, .array(try NDArray.eye(n, n, dtype: g.dtype)), .scalar(.float(0.5)))
            let phiMask = Tensor(try NDArray.binary(.sub, .array(lowerOnes), .array(halfEye)))
            let linv = try Tensor.inv(l)
            let phi = try Tensor.matmul(l.mT(), g).mul(phiMask)
            let ga = try Tensor.matmul(Tensor.matmul(linv.mT(), phi), linv)
            return [try ga.add(ga.mT()).mul(0.5)]
        case .eigenvalues(let vectors):
            try refuseSecondOrder("torch.linalg.eigh")
            let v = Tensor(vectors)
            return [try Tensor.matmul(v.mul(g.unsqueezed(-2)), v.mT())]
        case .eigenvectors(let values, let vectors):
            // V (skew(Vᵀ ḡV) / (λⱼ − λᵢ)) Vᵀ, the off-diagonal part of PyTorch's eigh rule.
            try refuseSecondOrder("torch.linalg.eigh")
            let v = Tensor(vectors), l = Tensor(values)
            let vtg = try Tensor.matmul(v.mT(), g)
            let skew = try vtg.sub(vtg.mT()).mul(0.5)
            let n = vectors.shape.last ?? 0
            let gaps = try l.unsqueezed(-2).sub(l.unsqueezed(-1)).add(Tensor(try NDArray.eye(n, n, dtype: values.dtype)))
            return [try Tensor.matmul(Tensor.matmul(v, skew.div(gaps)), v.mT())]
        case .singularValues(let u, let vh):
            try refuseSecondOrder("torch.linalg.svd")
            return [try Tensor.matmul(Tensor(u).mul(g.unsqueezed(-2)), Tensor(vh))]
        case .singularVectors(let isU, let u, let s, let vh):
            try refuseSecondOrder("torch.linalg.svd")
            return [try singularVectorGradient(g, isU: isU, u: Tensor(u), s: Tensor(s), vh: Tensor(vh))]
        case .qrFactor(let isQ, let q, let r):
            // PyTorch's rule for m ≥ n: Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ with M = R R̄ᵀ − Q̄ᵀ Q, split
            // into the Q and R parts (it is linear in them).
            try refuseSecondOrder("torch.linalg.qr")
            let qt = Tensor(q), rt = Tensor(r)
            let m = isQ ? try Tensor.matmul(g.mT(), qt).neg() : try Tensor.matmul(rt, g.mT())
            let n = r.shape.last ?? 0
            let eye = Tensor(try NDArray.eye(n, n, dtype: r.dtype))
            let strictlyLower = try m.tril(-1)
            let copyltu = try strictlyLower.add(strictlyLower.mT()).add(m.mul(eye))
            var lead = try Tensor.matmul(qt, copyltu)
            if isQ { lead = try lead.add(g) }
            return [try Tensor.matmul(lead, Tensor.inv(rt).mT())]
        case .notImplemented(_, let what):
            throw TensorError(.notImplemented, "the derivative of \(what) is not implemented in tcalc")
        case .copySlices(let positions):
            let count = edges[0].shape.reduce(1, *)
            let keep = try NDArray.full([count], .int(1), dtype: g.dtype)
            try keep.assign([.array(try positions.reshaped([-1]))], .scalar(.int(0)))
            let gOld = try g.mul(Tensor(try keep.reshaped(edges[0].shape)))
            return [gOld, try g.takeFlat(positions)]
        }
    }

    static func containsZero(_ x: Tensor) throws -> Bool {
        let zeros = try NDArray.binary(.eq, .array(x.data), .scalar(.int(0)))
        return try zeros.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue
    }

    /// For each element, the product of the other elements of its reduction group, without
    /// dividing (so zeros are exact): exclusive cumulative products from both ends.
    static func productOfOthers(_ x: Tensor, dims: [Int]) throws -> Tensor {
        let shape = x.shape
        let kept = (0..<shape.count).filter { !dims.contains($0) }
        let perm = kept + dims
        let keptSizes = kept.map { shape[$0] }
        let reducedSizes = dims.map { shape[$0] }
        let n = reducedSizes.reduce(1, *)
        let flat = try x.permuted(perm).reshaped(keptSizes + [n])
        let one = Tensor(try NDArray.full(keptSizes + [1], .int(1), dtype: x.dtype))
        let left = try Tensor.cat([one, flat.cumulative(.prod, dim: -1).narrowed(dim: -1, start: 0, length: n - 1)], dim: -1)
        let reversed = try flat.flipped([-1]).cumulative(.prod, dim: -1).narrowed(dim: -1, start: 0, length: n - 1)
        let right = try Tensor.cat([one, reversed], dim: -1).flipped([-1])
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, d) in perm.enumerated() { inverse[d] = i }
        return try left.mul(right).reshaped(keptSizes + reducedSizes).permuted(inverse)
    }

    /// Townsend's SVD derivative, split by factor (the total is linear in the factors'
    /// gradients): for U, U (F∘(UᵀŪ − ŪᵀU)) S Vᵀ + (I − UUᵀ) Ū S⁻¹ Vᵀ; for Vh (V̄ = ḡᵀ),
    /// U S (F∘(VᵀV̄ − V̄ᵀV)) Vᵀ + U S⁻¹ V̄ᵀ (I − VVᵀ), with F_ij = 1/(s_j² − s_i²) off the diagonal.
    private func singularVectorGradient(_ g: Tensor, isU: Bool, u: Tensor, s: Tensor, vh: Tensor) throws -> Tensor {
        let k = s.shape.last ?? 0
        let eye = Tensor(try NDArray.eye(k, k, dtype: s.dtype))
        let s2 = try s.mul(s)
        let gaps = try s2.unsqueezed(-2).sub(s2.unsqueezed(-1)).add(eye)
        let offDiagonal = try eye.subtracted(from: 1)
        let f = try offDiagonal.div(gaps)
        let sInverse = try s.unary(.reciprocal)
        if isU {
            let utg = try Tensor.matmul(u.mT(), g)
            let j = try f.mul(utg.sub(utg.mT()))
            let core = try Tensor.matmul(Tensor.matmul(u, j.mul(s.unsqueezed(-2))), vh)
            let m = u.shape[u.rank - 2]
            let projector = try Tensor(try NDArray.eye(m, m, dtype: s.dtype)).sub(Tensor.matmul(u, u.mT()))
            let extra = try Tensor.matmul(Tensor.matmul(projector, g.mul(sInverse.unsqueezed(-2))), vh)
            return try core.add(extra)
        }
        let vtvbar = try Tensor.matmul(vh, g.mT())
        let kMatrix = try f.mul(vtvbar.sub(vtvbar.mT()))
        let core = try Tensor.matmul(Tensor.matmul(u, kMatrix.mul(s.unsqueezed(-1))), vh)
        let n = vh.shape[vh.rank - 1]
        let projector = try Tensor(try NDArray.eye(n, n, dtype: s.dtype)).sub(Tensor.matmul(vh.mT(), vh))
        let extra = try Tensor.matmul(u, Tensor.matmul(g.mul(sInverse.unsqueezed(-1)), projector))
        return try core.add(extra)
    }

    /// Rules whose constants would need their own derivatives for a second order refuse it.
    private func refuseSecondOrder(_ what: String) throws {
        if GradMode.isEnabled {
            throw TensorError(.notImplemented, "the second derivative of \(what) is not implemented in tcalc")
        }
    }

    /// Whether edge `i` wants a gradient.
    func wants(_ i: Int) -> Bool {
        if case .none = edges[i].target { return false }
        return true
    }

    private func unaryGradient(_ op: UnaryOp, _ g: Tensor) throws -> Tensor {
        switch op {
        case .neg: return try g.neg()
        case .sign, .floor, .ceil, .round, .trunc: return try g.zerosLike()
        case .frac: return g
        case .abs: return try g.mul(unpack(0).unary(.sign))
        case .exp: return try g.mul(unpack(0))
        case .expm1: return try g.mul(unpack(0).add(1.0))
        case .log: return try g.div(unpack(0))
        case .log1p: return try g.div(unpack(0).add(1.0))
        case .log2: return try g.div(unpack(0).mul(M_LN2))
        case .log10: return try g.div(unpack(0).mul(M_LN10))
        case .sqrt: return try g.div(unpack(0).mul(2.0))
        case .rsqrt:
            let y = try unpack(0)
            return try g.mul(y.mul(y).mul(y)).mul(-0.5)
        case .square: return try g.mul(unpack(0).mul(2.0))
        case .reciprocal:
            let y = try unpack(0)
            return try g.mul(y.mul(y)).neg()
        case .sin: return try g.mul(unpack(0).unary(.cos))
        case .cos: return try g.mul(unpack(0).unary(.sin)).neg()
        case .tan: return try g.mul(unpack(0).squared().add(1.0))
        case .asin: return try g.div(unpack(0).squared().subtracted(from: 1).unary(.sqrt))
        case .acos: return try g.div(unpack(0).squared().subtracted(from: 1).unary(.sqrt)).neg()
        case .atan: return try g.div(unpack(0).squared().add(1.0))
        case .sinh: return try g.mul(unpack(0).unary(.cosh))
        case .cosh: return try g.mul(unpack(0).unary(.sinh))
        case .tanh: return try g.mul(unpack(0).squared().subtracted(from: 1))
        case .asinh: return try g.div(unpack(0).squared().add(1.0).unary(.sqrt))
        case .acosh: return try g.div(unpack(0).squared().add(-1.0).unary(.sqrt))
        case .atanh: return try g.div(unpack(0).squared().subtracted(from: 1))
        case .sigmoid:
            let y = try unpack(0)
            return try g.mul(y.mul(y.subtracted(from: 1)))
        case .relu:
            // relu'(0) = 0: only strictly positive outputs pass the gradient.
            return try g.keeping(unpack(0).compare(.gt, .scalar(.int(0))))
        case .erf:
            let x = try unpack(0)
            return try g.mul(x.squared().neg().unary(.exp)).mul(2.0 / sqrt(Double.pi))
        case .bitwiseNot, .logicalNot, .isnan, .isinf, .isfinite:
            throw TensorError.runtime("derivative for \(op.rawValue) is not implemented")
        }
    }

    /// amax/amin and whole-tensor max/min: the gradient is split evenly among the elements
    /// equal to the result.
    private func evenlyDistributed(_ g: Tensor, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        let x = try unpack(0), out = try unpack(1)
        let shape = edges[0].shape
        let o = try out.detach().unreduced(dims: dims, keepdim: keepdim, to: shape)
        let mask = try x.compare(.eq, .tensor(o))
        let counts = try Tensor(mask.data.converted(to: g.dtype)).reduce(.sum, dims: dims ?? [], keepdim: true)
        let share = try g.unreduced(dims: dims, keepdim: keepdim, to: shape).div(counts.expanded(to: shape))
        return try share.keeping(mask)
    }

    private func normGradient(_ g: Tensor, p: Double, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        let x = try unpack(0), out = try unpack(1)
        let shape = edges[0].shape
        let gx = try g.unreduced(dims: dims, keepdim: keepdim, to: shape)
        let norm = try out.unreduced(dims: dims, keepdim: keepdim, to: shape)
        if p == 0 { return try gx.zerosLike() }
        if p == 1 { return try gx.mul(x.unary(.sign)) }
        if p.isInfinite {
            let mask = try x.unary(.abs).compare(.eq, .tensor(norm.detach()))
            let counts = try Tensor(mask.data.converted(to: g.dtype)).reduce(.sum, dims: dims ?? [], keepdim: true)
            let share = try gx.mul(x.unary(.sign)).div(counts.expanded(to: shape))
            return try share.keeping(mask)
        }
        let nonzero = try norm.compare(.ne, .scalar(.int(0)))
        let scaled: Tensor
        if p == 2 {
            scaled = try x.div(norm)
        } else {
            let num = try x.unary(.sign).mul(x.unary(.abs).pow(.float(p - 1)))
            scaled = try num.div(norm.pow(.float(p - 1)))
        }
        return try gx.mul(scaled).keeping(nonzero)
    }

    /// cumprod's gradient where the input holds zeros (dividing by x is then undefined):
    /// d out_k / d x_i is the product of x_j for j ≤ k, j ≠ i, so slice i of the gradient is
    /// Σ_{k ≥ i} g_k · cumprod(x with x_i set to 1)_k. Quadratic in the length of `dim`, and
    /// built from differentiable operations like every rule.
    private func cumprodGradientWithZeros(_ g: Tensor, _ x: Tensor, dim: Int) throws -> Tensor {
        let d = try x.data.normalizedDim(dim)
        let n = x.shape[d]
        var slices: [Tensor] = []
        for i in 0..<n {
            var maskShape = [Int](repeating: 1, count: x.rank)
            maskShape[d] = n
            let oneHot = try NDArray(zeros: maskShape, dtype: .bool)
            oneHot.setScalar(.bool(true), atLinear: i)
            let xi = try Tensor.whereSelect(Tensor(oneHot), .scalar(.int(1)), .tensor(x))
            let weighted = try g.mul(xi.cumulative(.prod, dim: d)).narrowed(dim: d, start: i, length: n - i)
            slices.append(try weighted.sum(dims: [d], keepdim: false))
        }
        return try Tensor.stack(slices, dim: d)
    }

    /// Σ_{j ≥ i} g_j along `dim`, from differentiable operations.
    private func reverseCumsum(_ g: Tensor, dim: Int) throws -> Tensor {
        let total = try g.sum(dims: [dim], keepdim: true)
        return try total.sub(g.cumulative(.sum, dim: dim)).add(g)
    }

    /// The gradient of a selection: each input element receives the sum of the gradients of the
    /// output elements that came from it.
    private func selectionGradient(_ g: Tensor, select: (NDArray) throws -> NDArray) throws -> Tensor {
        let shape = edges[0].shape
        let count = shape.reduce(1, *)
        let numbers = try Tensor.elementNumbers(shape, zeroBased: false)
        let picked = try select(numbers)
        if picked.count == 0 || count == 0 {
            return Tensor(try NDArray(zeros: shape, dtype: g.dtype))
        }
        let smallest = try picked.reduce(.amin, dims: nil, keepdim: false, dtype: nil).item().int64Value
        var values = g
        var positions = picked
        if smallest <= 0 {
            // Zeros mark output elements that came from no input element (tril, masked_fill).
            let mask = try NDArray.binary(.gt, .array(picked), .scalar(.int(0)))
            values = try g.subscripted([.array(mask)])
            positions = try picked.subscripted([.array(mask)])
        }
        let zeroBased = try NDArray.binary(.sub, .array(positions), .scalar(.int(1)))
        return try Tensor.scatterAddFlat(values, positions: zeroBased, count: count).reshaped(shape)
    }

    /// d/d operand i of einsum: the output's gradient contracted with the other operands onto
    /// operand i's subscripts; letters that appear nowhere else were summed, so the result is
    /// expanded along them.
    private func einsumGradient(_ g: Tensor, operand i: Int, inputs: [String], output: String,
                                saved: [Tensor]) throws -> Tensor {
        let mine = Array(inputs[i])
        let shape = edges[i].shape
        guard Set(mine).count != mine.count else {
            return try einsumGradient(g, subscripts: mine, shape: shape, operand: i, inputs: inputs, output: output, saved: saved)
        }
        // A repeated subscript ('ii->') reads a generalized diagonal D of the operand: take the
        // gradient with respect to D, then spread it back onto that diagonal, pairing each
        // repeat with a fresh letter through an identity matrix: einsum('i,ia->ia', dD, eye).
        var distinct: [Character] = []
        for c in mine where !distinct.contains(c) { distinct.append(c) }
        let diagonalShape = distinct.map { c in shape[mine.firstIndex(of: c) ?? 0] }
        let gDiagonal = try einsumGradient(g, subscripts: distinct, shape: diagonalShape, operand: i,
                                           inputs: inputs, output: output, saved: saved)
        let used = Set(inputs.joined() + output)
        var fresh = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".filter { !used.contains($0) })
        var full: [Character] = [], eyeSubscripts: [String] = [], eyes: [Tensor] = []
        var seen = Set<Character>()
        for (position, c) in mine.enumerated() {
            if seen.insert(c).inserted { full.append(c); continue }
            guard !fresh.isEmpty else { throw TensorError.runtime("einsum: too many subscripts to differentiate") }
            let f = fresh.removeFirst()
            full.append(f)
            eyeSubscripts.append(String([c, f]))
            eyes.append(Tensor(try NDArray.eye(shape[position], nil, dtype: g.dtype)))
        }
        let equation = ([String(distinct)] + eyeSubscripts).joined(separator: ",") + "->" + String(full)
        return try Tensor.einsum(equation, [gDiagonal] + eyes)
    }

    /// The gradient of the einsum operand `i`, read with distinct `subscripts` and of `shape`.
    private func einsumGradient(_ g: Tensor, subscripts mine: [Character], shape: [Int], operand i: Int,
                                inputs: [String], output: String, saved: [Tensor]) throws -> Tensor {
        var available = Set(output)
        var otherSubscripts: [String] = []
        var others: [Tensor] = []
        for (j, s) in inputs.enumerated() where j != i {
            available.formUnion(s)
            otherSubscripts.append(s)
            others.append(saved[j])
        }
        let target = String(mine.filter { available.contains($0) })
        let equation = ([output] + otherSubscripts).joined(separator: ",") + "->" + target
        var r = try Tensor.einsum(equation, [g] + others)
        for (position, letter) in mine.enumerated() where !available.contains(letter) {
            r = try r.unsqueezed(position)
        }
        return r.shape == shape ? r : try r.expanded(to: shape)
    }

    private func matmulGradients(_ g: Tensor, _ a: Tensor, _ b: Tensor) throws -> [Tensor?] {
        if a.rank == 1 && b.rank == 1 {
            return [wants(0) ? try g.mul(b) : nil, wants(1) ? try g.mul(a) : nil]
        }
        let matA = a.rank == 1 ? try a.unsqueezed(0) : a
        let matB = b.rank == 1 ? try b.unsqueezed(-1) : b
        var matG = g
        if a.rank == 1 { matG = try matG.unsqueezed(-2) }
        if b.rank == 1 { matG = try matG.unsqueezed(-1) }
        var ga: Tensor? = nil, gb: Tensor? = nil
        if wants(0) {
            var r = try Tensor.matmul(matG, matB.mT())
            if a.rank == 1 { r = try r.squeezed([-2]) }
            ga = r
        }
        if wants(1) {
            var r = try Tensor.matmul(matA.mT(), matG)
            if b.rank == 1 { r = try r.squeezed([-1]) }
            gb = r
        }
        return [ga, gb]
    }
}
