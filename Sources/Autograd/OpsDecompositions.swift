import TensorCore

/// Matrix decompositions on tensors. eigh, eigvalsh and svdvals differentiate (first order;
/// a second derivative through them is refused rather than approximated). The others return
/// results whose backward explains that their derivative is not implemented.
extension Tensor {
    /// `torch.linalg.eigh(A)`: (eigenvalues, eigenvectors) of a symmetric matrix.
    public static func eigh(_ a: Tensor, upper: Bool) throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let r = try Linalg.eigh(a.data, upper: upper)
        guard recording(a) else { return (Tensor(r.eigenvalues), Tensor(r.eigenvectors)) }
        let values = try r.eigenvalues.clone(), vectors = try r.eigenvectors.clone()
        let l = try make(EighRecord(values: values, vectors: vectors, isValues: true), r.eigenvalues, inputs: [a])
        let v = try make(EighRecord(values: values, vectors: vectors, isValues: false), r.eigenvectors, inputs: [a])
        return (l, v)
    }

    /// `torch.linalg.eigvalsh(A)`.
    public static func eigvalsh(_ a: Tensor, upper: Bool) throws -> Tensor {
        guard recording(a) else { return Tensor(try Linalg.eigvalsh(a.data, upper: upper)) }
        return try eigh(a, upper: upper).eigenvalues
    }

    /// `torch.linalg.svdvals(A)`.
    public static func svdvals(_ a: Tensor) throws -> Tensor {
        guard recording(a) else { return Tensor(try Linalg.svdvals(a.data)) }
        return try svd(a, fullMatrices: false).s
    }

    /// `torch.linalg.svd(A, full_matrices)`: differentiable for distinct singular values (U and Vh
    /// not for full_matrices=True on a non-square matrix).
    public static func svd(_ a: Tensor, fullMatrices: Bool) throws -> (u: Tensor, s: Tensor, vh: Tensor) {
        let r = try Linalg.svd(a.data, fullMatrices: fullMatrices)
        guard recording(a) else { return (Tensor(r.u), Tensor(r.s), Tensor(r.vh)) }
        // The reduced factors give the singular values' gradient whatever full_matrices was.
        let reduced = fullMatrices ? try Linalg.svd(a.data, fullMatrices: false) : r
        let s = try make(SingularValuesRecord(u: try reduced.u.clone(), vh: try reduced.vh.clone()), r.s, inputs: [a])
        let rows = a.shape[a.rank - 2], columns = a.shape[a.rank - 1]
        let u: Tensor, vh: Tensor
        if fullMatrices && rows != columns {
            let what = "torch.linalg.svd's singular vectors with full_matrices=True"
            u = try make(NotImplementedRecord(name: "LinalgSvdBackward0", what: what), r.u, inputs: [a])
            vh = try make(NotImplementedRecord(name: "LinalgSvdBackward0", what: what), r.vh, inputs: [a])
        } else {
            let ru = try reduced.u.clone(), rs = try reduced.s.clone(), rvh = try reduced.vh.clone()
            u = try make(SingularVectorsRecord(isU: true, u: ru, s: rs, vh: rvh), r.u, inputs: [a])
            vh = try make(SingularVectorsRecord(isU: false, u: ru, s: rs, vh: rvh), r.vh, inputs: [a])
        }
        return (u, s, vh)
    }

    /// `torch.linalg.qr(A, mode)`: differentiable for m ≥ n (reduced, or complete when square);
    /// mode "r" and wide matrices are not.
    public static func qr(_ a: Tensor, mode: String) throws -> (q: Tensor, r: Tensor) {
        let r = try Linalg.qr(a.data, mode: mode)
        guard recording(a) else { return (Tensor(r.q), Tensor(r.r)) }
        let rows = a.shape[a.rank - 2], columns = a.shape[a.rank - 1]
        guard mode != "r", rows >= columns, mode == "reduced" || rows == columns else {
            let what = "torch.linalg.qr with mode='\(mode)' for a \(rows)×\(columns) matrix"
            return (try undifferentiated(r.q, a, what), try undifferentiated(r.r, a, what))
        }
        let q = try r.q.clone(), rr = try r.r.clone()
        return (try make(QRRecord(isQ: true, q: q, r: rr), r.q, inputs: [a]),
                try make(QRRecord(isQ: false, q: q, r: rr), r.r, inputs: [a]))
    }

    /// `torch.linalg.eig(A)`: complex results, not differentiable in tcalc.
    public static func eig(_ a: Tensor) throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let r = try Linalg.eig(a.data)
        return (try undifferentiated(r.eigenvalues, a, "torch.linalg.eig"),
                try undifferentiated(r.eigenvectors, a, "torch.linalg.eig"))
    }

    /// `torch.linalg.eigvals(A)`.
    public static func eigvals(_ a: Tensor) throws -> Tensor {
        try undifferentiated(try Linalg.eigvals(a.data), a, "torch.linalg.eigvals")
    }

    /// `torch.linalg.pinv(A)`. For a matrix of full rank the pseudo-inverse is (AᵀA)⁻¹Aᵀ (or
    /// Aᵀ(AAᵀ)⁻¹ when wide), whose composite graph gives the gradient (and higher ones); the
    /// values are the engine's SVD-based ones. Rank-deficient inputs are not differentiable here.
    public static func pinv(_ a: Tensor) throws -> Tensor {
        let out = try Linalg.pinv(a.data)
        guard recording(a) else { return Tensor(out) }
        guard a.rank == 2 else { return try undifferentiated(out, a, "torch.linalg.pinv of a batch") }
        let rows = a.shape[0], columns = a.shape[1]
        let rank = try Linalg.matrixRank(a.data, tol: nil).item().int64Value
        guard rank == Int64(Swift.min(rows, columns)) else {
            return try undifferentiated(out, a, "torch.linalg.pinv at a rank-deficient matrix")
        }
        let at = try a.mT()
        let composite = rows >= columns
            ? try matmul(inv(matmul(at, a)), at)
            : try matmul(at, inv(matmul(a, at)))
        let named = try composite.named("LinalgPinvBackward0")
        named.setData(out)
        return named
    }

    /// `torch.linalg.lstsq(A, B)`.
    public static func lstsq(_ a: Tensor, _ b: Tensor) throws -> (solution: Tensor, residuals: Tensor, rank: Tensor, singularValues: Tensor) {
        let r = try Linalg.lstsq(a.data, b.data)
        let both = [a, b]
        var solution = try undifferentiated(r.solution, both, "torch.linalg.lstsq")
        if recording(both) && a.rank == 2 && b.rank <= 2 {
            // At full rank the solution is pinv(A) B, which differentiates (pinv refuses otherwise).
            let composite = try matmul(pinv(a), b)
            if composite.shape == r.solution.shape {
                solution = try composite.named("LinalgLstsqBackward0")
                solution.setData(r.solution)
            }
        }
        return (solution,
                try undifferentiated(r.residuals, both, "torch.linalg.lstsq"),
                Tensor(r.rank), try undifferentiated(r.singularValues, both, "torch.linalg.lstsq"))
    }

    /// `torch.linalg.matrix_rank(A)`: an integer, never differentiable.
    public static func matrixRank(_ a: Tensor, tol: Double?) throws -> Tensor {
        Tensor(try Linalg.matrixRank(a.data, tol: tol))
    }

    /// A result that records a node whose backward says the derivative is missing, so that using
    /// it in a loss fails clearly instead of silently dropping a gradient.
    private static func undifferentiated(_ out: NDArray, _ input: Tensor, _ what: String) throws -> Tensor {
        try undifferentiated(out, [input], what)
    }

    private static func undifferentiated(_ out: NDArray, _ inputs: [Tensor], _ what: String) throws -> Tensor {
        guard recording(inputs), out.dtype.isFloatingPoint else { return Tensor(out) }
        return try make(NotImplementedRecord(name: "NotImplemented", what: what), out, inputs: inputs)
    }
}
