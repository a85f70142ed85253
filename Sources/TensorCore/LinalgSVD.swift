extension Linalg {
    /// `torch.linalg.svd`: A = U diag(S) Vh with S descending. With `fullMatrices` U is m×m and
    /// Vh n×n; otherwise U is m×k and Vh k×n for k = min(m, n).
    public static func svd(_ a: NDArray, fullMatrices: Bool) throws -> (u: NDArray, s: NDArray, vh: NDArray) {
        try LinalgCheck.floating(a, "linalg.svd")
        try LinalgCheck.matrix(a, "linalg.svd")
        let r: (NDArray, NDArray, NDArray?, NDArray?)
        switch a.dtype {
        case .float32: r = try singular(Float.self, a, job: fullMatrices ? "A" : "S")
        default: r = try singular(Double.self, a, job: fullMatrices ? "A" : "S")
        }
        guard let u = r.2, let vh = r.3 else { throw TensorError.runtime("linalg.svd: vectors were not computed") }
        return (u, r.1, vh)
    }

    /// `torch.linalg.svdvals`: the singular values, descending.
    public static func svdvals(_ a: NDArray) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.svdvals")
        try LinalgCheck.matrix(a, "linalg.svdvals")
        switch a.dtype {
        case .float32: return try singular(Float.self, a, job: "N").1
        default: return try singular(Double.self, a, job: "N").1
        }
    }

    /// `gesdd` over the batch. Returns (input, S, U?, Vh?).
    private static func singular<T: LapackReal>(_ type: T.Type, _ a: NDArray, job: Character) throws
        -> (NDArray, NDArray, NDArray?, NDArray?) {
        let batch = MatrixBatch(a)
        let m = batch.rows, n = batch.cols, k = Swift.min(m, n)
        let uCols = job == "A" ? m : k, vRows = job == "A" ? n : k
        let s = try NDArray(zeros: batch.batchShape + [k], dtype: a.dtype)
        let u = job == "N" ? nil : try NDArray(zeros: batch.batchShape + [m, uCols], dtype: a.dtype)
        let vh = job == "N" ? nil : try NDArray(zeros: batch.batchShape + [vRows, n], dtype: a.dtype)
        for i in 0..<batch.count {
            if m == 0 || n == 0 {
                // Empty input: the full factors are identities, as LAPACK would leave them.
                if let u = u { for d in 0..<uCols where d < m { u.setScalar(.int(1), atLinear: i * m * uCols + d * uCols + d) } }
                if let vh = vh { for d in 0..<vRows where d < n { vh.setScalar(.int(1), atLinear: i * vRows * n + d * n + d) } }
                continue
            }
            var m0 = batch.columnMajor(T.self, i)
            var values = [T](repeating: 0, count: k)
            var uBuffer = [T](repeating: 0, count: job == "N" ? 1 : m * uCols)
            var vBuffer = [T](repeating: 0, count: job == "N" ? 1 : vRows * n)
            let info = T.gesdd(job: job, m: m, n: n, a: &m0, s: &values, u: &uBuffer, ldu: m, vt: &vBuffer, ldvt: vRows)
            if info > 0 {
                throw TensorError(.linalg, "linalg.svd: \(LinalgCheck.batchPrefix(a, i))The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: \(info - 1)).")
            }
            if info < 0 { throw TensorError.runtime("linalg.svd: LAPACK gesdd rejected argument \(-info)") }
            LinalgOutput.store(values[...], into: s, index: i)
            if let u = u { LinalgOutput.store(uBuffer, ld: m, rows: m, cols: uCols, into: u, index: i) }
            if let vh = vh { LinalgOutput.store(vBuffer, ld: vRows, rows: vRows, cols: n, into: vh, index: i) }
        }
        return (a, s, u, vh)
    }

    /// The default relative tolerance of rank and pseudo-inverse: machine epsilon of the dtype
    /// times the larger matrix dimension.
    private static func defaultRelativeTolerance(_ a: NDArray) -> Double {
        let eps: Double = a.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        return eps * Double(Swift.max(a.shape[a.rank - 2], a.shape[a.rank - 1]))
    }

    /// `torch.linalg.matrix_rank`: the number of singular values above a tolerance. `tol` is
    /// an absolute tolerance; without it, σ_max · eps · max(m, n). The result is int64.
    public static func matrixRank(_ a: NDArray, tol: Double?) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.matrix_rank")
        try LinalgCheck.matrix(a, "linalg.matrix_rank")
        let s = try svdvals(a)
        let k = s.shape.last ?? 0
        let count = k == 0 ? s.count : s.count / k
        let out = try NDArray(zeros: Array(s.shape.dropLast()), dtype: .int64)
        let values = s.doubles
        let relative = defaultRelativeTolerance(a)
        for b in 0..<count {
            let row = values[(b * k)..<(b * k + k)]
            let largest = row.max() ?? 0
            let threshold = tol ?? (largest * relative)
            out.setScalar(.int(Int64(row.filter { $0 > threshold }.count)), atLinear: b)
        }
        return out
    }

    /// `torch.linalg.pinv`: the Moore–Penrose pseudo-inverse V diag(1/σ) Uᵀ, dropping singular
    /// values at or below σ_max · eps · max(m, n).
    public static func pinv(_ a: NDArray) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.pinv")
        try LinalgCheck.matrix(a, "linalg.pinv")
        let (u, s, vh) = try svd(a, fullMatrices: false)
        let k = s.shape.last ?? 0
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let batchCount = k == 0 ? a.count / Swift.max(1, m * n) : s.count / k
        // Scale the rows of Vh by 1/σ, then form (Vh)ᵀ·(scaled)… as V diag(1/σ) Uᵀ.
        let scaled = try vh.clone()
        let values = s.doubles
        let relative = defaultRelativeTolerance(a)
        for b in 0..<batchCount {
            let row = values[(b * k)..<(b * k + k)]
            let cutoff = (row.max() ?? 0) * relative
            for i in 0..<k {
                let sigma = values[b * k + i]
                let factor: Double = sigma > cutoff ? 1 / sigma : 0
                for j in 0..<n {
                    let position = b * k * n + i * n + j
                    scaled.setScalar(.float(scaled.scalar(atLinear: position).doubleValue * factor), atLinear: position)
                }
            }
        }
        if k == 0 { return try NDArray(zeros: Array(a.shape.dropLast(2)) + [n, m], dtype: a.dtype) }
        let v = transposedLast(scaled)
        let ut = transposedLast(u)
        return try NDArray.matmul(v, ut)
    }

    /// A view swapping the last two dimensions.
    static func transposedLast(_ x: NDArray) -> NDArray {
        var shape = x.shape, strides = x.strides
        shape.swapAt(x.rank - 1, x.rank - 2)
        strides.swapAt(x.rank - 1, x.rank - 2)
        return x.viewing(shape: shape, strides: strides)
    }

    /// `torch.linalg.lstsq`: the least-squares solution of A X = B (minimum norm when A is rank
    /// deficient). The solver is LAPACK's `gelsd`; the other results follow PyTorch's default
    /// CPU driver (`gelsy`): `rank` is returned, while `residuals` and `singularValues` are
    /// empty (PyTorch computes residuals only for the other drivers).
    public static func lstsq(_ a: NDArray, _ b: NDArray) throws -> (solution: NDArray, residuals: NDArray, rank: NDArray, singularValues: NDArray) {
        try LinalgCheck.floating(a, "linalg.lstsq")
        try LinalgCheck.matrix(a, "linalg.lstsq")
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype \(a.dtype.kernelName) and other's dtype \(b.dtype.kernelName)")
        }
        guard b.rank >= 1 && a.rank >= b.rank && a.rank - b.rank <= 1 else {
            throw TensorError.runtime("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1")
        }
        let vectorCase = a.rank == b.rank + 1
        let rhs = vectorCase ? b.viewing(shape: b.shape + [1], strides: b.strides + [0]) : b
        let m = a.shape[a.rank - 2]
        guard rhs.shape[rhs.rank - 2] == m else {
            throw TensorError.runtime("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
        }
        let batchShape = try NDArray.broadcastShapes(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
        let lhs = try expand(a, batch: batchShape)
        let right = try expand(rhs, batch: batchShape)
        let result: (solution: NDArray, rank: NDArray)
        switch a.dtype {
        case .float32: result = try leastSquares(Float.self, lhs, right)
        default: result = try leastSquares(Double.self, lhs, right)
        }
        var solution = result.solution
        if vectorCase {
            let shape = Array(solution.shape.dropLast())
            solution = solution.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
        }
        let empty = try NDArray(zeros: [0], dtype: a.dtype)
        return (solution, empty, result.rank, empty)
    }

    private static func leastSquares<T: LapackReal>(_ type: T.Type, _ a: NDArray, _ b: NDArray) throws -> (solution: NDArray, rank: NDArray) {
        let lhs = MatrixBatch(a), rhs = MatrixBatch(b)
        let m = lhs.rows, n = lhs.cols, k = rhs.cols
        let ldb = Swift.max(1, Swift.max(m, n))
        let solution = try NDArray(zeros: lhs.batchShape + [n, k], dtype: a.dtype)
        let ranks = try NDArray(zeros: lhs.batchShape, dtype: .int64)
        let eps: T = T.ulpOfOne
        let rcond: T = eps * T(Swift.max(m, n))
        for i in 0..<lhs.count {
            var m0 = lhs.columnMajor(T.self, i)
            let given = rhs.columnMajor(T.self, i)
            var x = [T](repeating: 0, count: ldb * k)
            for col in 0..<k { for row in 0..<m { x[row + col * ldb] = given[row + col * m] } }
            var s = [T](repeating: 0, count: Swift.max(1, Swift.min(m, n)))
            var rank = 0
            if m > 0 && n > 0 && k > 0 {
                let info = T.gelsd(m: m, n: n, rhs: k, a: &m0, b: &x, ldb: ldb, s: &s, rcond: rcond, rank: &rank)
                if info > 0 {
                    throw TensorError(.linalg, "torch.linalg.lstsq: \(LinalgCheck.batchPrefix(a, i))The algorithm failed to converge (error code: \(info)).")
                }
                if info < 0 { throw TensorError.runtime("torch.linalg.lstsq: LAPACK gelsd rejected argument \(-info)") }
            }
            ranks.setScalar(.int(Int64(rank)), atLinear: i)
            LinalgOutput.store(x, ld: ldb, rows: n, cols: k, into: solution, index: i)
        }
        return (solution, ranks)
    }
}
