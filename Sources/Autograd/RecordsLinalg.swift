import TensorCore

// Derivative records of products and linear algebra. Products are bilinear (the forward rule
// sums the product with one factor replaced by its tangent); the others write their forward
// formula beside the backward one.

/// `matmul` and its fixed-rank forms (dot, mv, mm, bmm), named as PyTorch names them.
struct MatmulRecord: Derivative {
    let name: String
    var saves: Saves { .inputs01 }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let a = try c.input(0), b = try c.input(1)
        if a.rank == 1 && b.rank == 1 {
            return [c.wants(0) ? try g.mul(b) : nil, c.wants(1) ? try g.mul(a) : nil]
        }
        let matA = a.rank == 1 ? try a.unsqueezed(0) : a
        let matB = b.rank == 1 ? try b.unsqueezed(-1) : b
        var matG = g
        if a.rank == 1 { matG = try matG.unsqueezed(-2) }
        if b.rank == 1 { matG = try matG.unsqueezed(-1) }
        var ga: Tensor? = nil, gb: Tensor? = nil
        if c.wants(0) {
            var r = try Tensor.matmul(matG, matB.mT())
            if a.rank == 1 { r = try r.squeezed([-2]) }
            ga = r
        }
        if c.wants(1) {
            var r = try Tensor.matmul(matA.mT(), matG)
            if b.rank == 1 { r = try r.squeezed([-1]) }
            gb = r
        }
        return [ga, gb]
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let a = try c.input(0), b = try c.input(1)
        var total: Tensor? = nil
        if let ta = t[0] { total = try Tensor.matmul(ta, b) }
        if let tb = t[1] {
            let part = try Tensor.matmul(a, tb)
            total = try total.map { try $0.add(part) } ?? part
        }
        return try total ?? c.result().zerosLike()
    }
}

/// `torch.addmm(bias, mat1, mat2)` = bias + mat1 @ mat2.
struct AddmmRecord: Derivative {
    var name: String { "AddmmBackward0" }
    var saves: Saves { [.input1, .input2] }
    var savedInputNames: [String] { ["self", "mat1", "mat2"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let m1 = try c.input(1), m2 = try c.input(2)
        return [g, c.wants(1) ? try Tensor.mm(g, m2.mT()) : nil, c.wants(2) ? try Tensor.mm(m1.mT(), g) : nil]
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        var total = try c.result().zerosLike()
        if let tb = t[0] { total = try total.add(tb) }
        if let t1 = t[1] { total = try total.add(Tensor.mm(t1, c.input(2))) }
        if let t2 = t[2] { total = try total.add(Tensor.mm(c.input(1), t2)) }
        return total
    }
}

/// `torch.einsum` in explicit form: each operand's gradient is another einsum.
struct EinsumRecord: Derivative {
    let inputs: [String], output: String
    var name: String { "EinsumBackward0" }
    var saves: Saves { .allInputs }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let operands = try (0..<inputs.count).map { try c.input($0) }
        return try inputs.indices.map { i in
            c.wants(i) ? try c.einsumGradient(g, operand: i, inputs: inputs, output: output, saved: operands) : nil
        }
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let equation = inputs.joined(separator: ",") + "->" + output
        var total = try c.result().zerosLike()
        for (i, ti) in t.enumerated() {
            guard let ti = ti else { continue }
            var operands = try (0..<inputs.count).map { try c.input($0) }
            operands[i] = ti
            total = try total.add(Tensor.einsum(equation, operands))
        }
        return total
    }
}

/// `x.trace()`.
struct TraceRecord: Derivative {
    var name: String { "TraceBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let shape = c.inputShape(0)
        let eye = Tensor(try NDArray.eye(shape[0], shape.count > 1 ? shape[1] : shape[0], dtype: g.dtype))
        return [try eye.mul(g)]
    }
    var forward: ForwardRule { .linear }
    func forwardLinear(_ c: Node, _ t: [Tensor?]) throws -> Tensor { try (t[0] ?? c.input(0).zerosLike()).trace() }
}

/// `torch.linalg.det(A)`: d det = det · tr(A⁻¹ dA).
struct DetRecord: Derivative {
    var name: String { "LinalgDetBackward0" }
    var saves: Saves { [.input0, .result] }
    var savedInputNames: [String] { ["A"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let a = try c.input(0), out = try c.result()
        do {
            let scale = try g.mul(out).unsqueezed(-1).unsqueezed(-1)
            return [try scale.mul(Tensor.inv(a).mT())]
        } catch let e as TensorError where e.kind == .linalg {
            // Singular A: det·A⁻ᵀ is the cofactor matrix, which exists anyway (PyTorch's
            // answer too); build it from the minors' determinants, differentiably.
            return [try g.unsqueezed(-1).unsqueezed(-1).mul(cofactorMatrix(a))]
        }
    }
    // The gradient of det is the cofactor matrix C: d det = Σ C ∘ dA (exact also when singular).
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let ones = try c.result().zerosLike().add(1.0)
        let cofactors = try backward(c, ones)[0] ?? c.input(0).zerosLike()
        return try cofactors.mul(t[0] ?? c.input(0).zerosLike()).sum(dims: [-2, -1], keepdim: false)
    }
}

/// `torch.linalg.inv(A)`: d A⁻¹ = −A⁻¹ dA A⁻¹.
struct InvRecord: Derivative {
    var name: String { "LinalgInvExBackward0" }
    var saves: Saves { .result }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let t = try c.result().mT()
        return [try Tensor.matmul(Tensor.matmul(t, g), t).neg()]
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let y = try c.result()
        return try Tensor.matmul(Tensor.matmul(y, t[0] ?? y.zerosLike()), y).neg()
    }
}

/// `torch.linalg.solve(A, B)`: X = A⁻¹B, dX = A⁻¹(dB − dA X).
struct SolveRecord: Derivative {
    var name: String { "LinalgSolveExBackward0" }
    var saves: Saves { [.input0, .result] }
    var savedInputNames: [String] { ["A", "B"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let a = try c.input(0), x = try c.result()
        let gb = try Tensor.solve(a.mT(), g)
        let ga: Tensor
        if x.rank == a.rank - 1 {
            ga = try Tensor.matmul(gb.unsqueezed(-1), x.unsqueezed(-2)).neg()
        } else {
            ga = try Tensor.matmul(gb, x.mT()).neg()
        }
        return [c.wants(0) ? ga : nil, gb]
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let a = try c.input(0), x = try c.result()
        var rhs = try t[1] ?? x.zerosLike()
        if let ta = t[0] { rhs = try rhs.sub(Tensor.matmul(ta, x)) }
        return try Tensor.solve(a, rhs)
    }
}

/// log|det A| from slogdet: d = tr(A⁻¹ dA).
struct LogDetRecord: Derivative {
    var name: String { "LinalgSlogdetBackward0" }
    var saves: Saves { .input0 }
    var savedInputNames: [String] { ["A"] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        [try g.unsqueezed(-1).unsqueezed(-1).mul(Tensor.inv(c.input(0)).mT())]
    }
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let a = try c.input(0)
        return try Tensor.inv(a).mT().mul(t[0] ?? a.zerosLike()).sum(dims: [-2, -1], keepdim: false)
    }
}

/// `torch.linalg.cholesky(A)` (the lower factor L).
struct CholeskyRecord: Derivative {
    var name: String { "LinalgCholeskyExBackward0" }
    var saves: Saves { .result }
    // Murray (2016): Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrised; Φ keeps the lower triangle and halves
    // the diagonal.
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        let l = try c.result()
        let phiMask = try CholeskyRecord.phiMask(n: c.inputShape(0).last ?? 0, dtype: g.dtype)
        let linv = try Tensor.inv(l)
        let phi = try Tensor.matmul(l.mT(), g).mul(phiMask)
        let ga = try Tensor.matmul(Tensor.matmul(linv.mT(), phi), linv)
        return [try ga.add(ga.mT()).mul(0.5)]
    }
    // dL = L Φ(L⁻¹ dA L⁻ᵀ).
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let l = try c.result()
        let linv = try Tensor.inv(l)
        let inner = try Tensor.matmul(Tensor.matmul(linv, t[0] ?? l.zerosLike()), linv.mT())
        return try Tensor.matmul(l, inner.mul(CholeskyRecord.phiMask(n: l.shape.last ?? 0, dtype: l.dtype)))
    }

    static func phiMask(n: Int, dtype: DType) throws -> Tensor {
        let lowerOnes = try NDArray.full([n, n], .int(1), dtype: dtype).tril(0)
        let halfEye = try NDArray.binary(.mul, .array(try NDArray.eye(n, n, dtype: dtype)), .scalar(.float(0.5)))
        return Tensor(try NDArray.binary(.sub, .array(lowerOnes), .array(halfEye)))
    }
}

/// The eigenvalues (`vectors` set) or eigenvectors of eigh; copies of the results are
/// constants of the record.
struct EighRecord: Derivative {
    let values: NDArray, vectors: NDArray, isValues: Bool
    var name: String { "LinalgEighBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        try Node.refuseSecondOrder("torch.linalg.eigh")
        let v = Tensor(vectors)
        if isValues { return [try Tensor.matmul(v.mul(g.unsqueezed(-2)), v.mT())] }
        // V (skew(Vᵀ ḡV) / (λⱼ − λᵢ)) Vᵀ, the off-diagonal part of PyTorch's eigh rule.
        let l = Tensor(values)
        let vtg = try Tensor.matmul(v.mT(), g)
        let skew = try vtg.sub(vtg.mT()).mul(0.5)
        let n = vectors.shape.last ?? 0
        let gaps = try l.unsqueezed(-2).sub(l.unsqueezed(-1)).add(Tensor(try NDArray.eye(n, n, dtype: values.dtype)))
        return [try Tensor.matmul(Tensor.matmul(v, skew.div(gaps)), v.mT())]
    }
    // dλ = diag(Vᵀ dA V); dV = V (F ∘ Vᵀ dA V), F_ij = 1/(λⱼ − λᵢ) off the diagonal.
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let v = Tensor(vectors), l = Tensor(values)
        let ta = try t[0] ?? c.input(0).zerosLike()
        let sym = try ta.add(ta.mT()).mul(0.5)
        let inner = try Tensor.matmul(Tensor.matmul(v.mT(), sym), v)
        if isValues { return try inner.diagonal(offset: 0, dim1: -2, dim2: -1) }
        let n = vectors.shape.last ?? 0
        let eye = Tensor(try NDArray.eye(n, n, dtype: values.dtype))
        let gaps = try l.unsqueezed(-2).sub(l.unsqueezed(-1)).add(eye)
        let f = try eye.subtracted(from: 1).div(gaps)
        return try Tensor.matmul(v, f.mul(inner))
    }
}

/// The singular values of svd, with copies of the reduced U and Vh.
struct SingularValuesRecord: Derivative {
    let u: NDArray, vh: NDArray
    var name: String { "LinalgSvdBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        try Node.refuseSecondOrder("torch.linalg.svd")
        return [try Tensor.matmul(Tensor(u).mul(g.unsqueezed(-2)), Tensor(vh))]
    }
    // ds = diag(Uᵀ dA V).
    var forward: ForwardRule { .custom }
    func forwardFormula(_ c: Node, _ t: [Tensor?]) throws -> Tensor {
        let inner = try Tensor.matmul(Tensor.matmul(Tensor(u).mT(), t[0] ?? c.input(0).zerosLike()), Tensor(vh).mT())
        return try inner.diagonal(offset: 0, dim1: -2, dim2: -1)
    }
}

/// U (`isU`) or Vh of a reduced svd, with copies of the three factors.
struct SingularVectorsRecord: Derivative {
    let isU: Bool, u: NDArray, s: NDArray, vh: NDArray
    var name: String { "LinalgSvdBackward0" }
    var saves: Saves { [] }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        try Node.refuseSecondOrder("torch.linalg.svd")
        return [try Node.singularVectorGradient(g, isU: isU, u: Tensor(u), s: Tensor(s), vh: Tensor(vh))]
    }
    var forward: ForwardRule { .unsupported }
}

/// Q (`isQ`) or R of a QR factorisation with m ≥ n, with copies of both factors.
struct QRRecord: Derivative {
    let isQ: Bool, q: NDArray, r: NDArray
    var name: String { "LinalgQrBackward0" }
    var saves: Saves { [] }
    // PyTorch's rule for m ≥ n: Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ with M = R R̄ᵀ − Q̄ᵀ Q, split into the
    // Q and R parts (it is linear in them).
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?] {
        try Node.refuseSecondOrder("torch.linalg.qr")
        let qt = Tensor(q), rt = Tensor(r)
        let m = isQ ? try Tensor.matmul(g.mT(), qt).neg() : try Tensor.matmul(rt, g.mT())
        let n = r.shape.last ?? 0
        let eye = Tensor(try NDArray.eye(n, n, dtype: r.dtype))
        let strictlyLower = try m.tril(-1)
        let copyltu = try strictlyLower.add(strictlyLower.mT()).add(m.mul(eye))
        var lead = try Tensor.matmul(qt, copyltu)
        if isQ { lead = try lead.add(g) }
        return [try Tensor.matmul(lead, Tensor.inv(rt).mT())]
    }
    var forward: ForwardRule { .unsupported }
}
