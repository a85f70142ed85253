/// `torch.linalg`: decompositions and solvers through LAPACK, for float32 and float64 input,
/// batched over any leading dimensions. Integer input is an error, as in PyTorch.
///
///     >>> torch.linalg.det(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
///     tensor(-2.)
public enum Linalg {
    /// `torch.linalg.det`: determinants from an LU factorization (0 for singular matrices).
    public static func det(_ a: NDArray) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.det")
        try LinalgCheck.square(a, "linalg.det")
        switch a.dtype {
        case .float32: return try luDeterminant(Float.self, a).det
        default: return try luDeterminant(Double.self, a).det
        }
    }

    /// `torch.linalg.slogdet`: the sign and the log of the absolute value of the determinant
    /// (sign 0 and `-inf` for a singular matrix).
    public static func slogdet(_ a: NDArray) throws -> (sign: NDArray, logabsdet: NDArray) {
        try LinalgCheck.floating(a, "linalg.slogdet")
        try LinalgCheck.square(a, "linalg.slogdet")
        let r: (det: NDArray, sign: NDArray, logAbs: NDArray)
        switch a.dtype {
        case .float32: r = try luDeterminant(Float.self, a)
        default: r = try luDeterminant(Double.self, a)
        }
        return (r.sign, r.logAbs)
    }

    /// LU with partial pivoting: det = det(P) · ∏ diag(U), computed in the input's precision
    /// and in PyTorch's order, so that results such as `-2.` round as PyTorch's do.
    private static func luDeterminant<T: LapackReal>(_ type: T.Type, _ a: NDArray) throws
        -> (det: NDArray, sign: NDArray, logAbs: NDArray) {
        let batch = MatrixBatch(a)
        let n = batch.rows
        let det = try NDArray(zeros: batch.batchShape, dtype: a.dtype)
        let sign = try NDArray(zeros: batch.batchShape, dtype: a.dtype)
        let logAbs = try NDArray(zeros: batch.batchShape, dtype: a.dtype)
        let detOut = det.pointer(as: T.self), signOut = sign.pointer(as: T.self), logOut = logAbs.pointer(as: T.self)
        for b in 0..<batch.count {
            var lu = a.isContiguous ? batch.rowMajor(T.self, b) : batch.columnMajor(T.self, b)
            var pivots = [Int32](repeating: 0, count: Swift.max(1, n))
            var permutationSign: T = 1
            var product: T = 1
            var diagonalSign: T = 1
            var logSum: T = 0
            if n > 0 {
                let info = T.getrf(m: n, n: n, a: &lu, pivots: &pivots)
                if info < 0 { throw TensorError.runtime("linalg.det: LAPACK getrf rejected argument \(-info)") }
                for i in 0..<n {
                    let d: T = lu[i + i * n]
                    if Int(pivots[i]) != i + 1 { permutationSign = -permutationSign }
                    product *= d
                    diagonalSign *= d.isNaN ? d : (d > 0 ? 1 : (d < 0 ? -1 : 0))
                    logSum += T(Double.log(Double(d.magnitude)))
                }
            }
            detOut[b] = permutationSign * product
            signOut[b] = diagonalSign * permutationSign
            logOut[b] = logSum
        }
        return (det, sign, logAbs)
    }

    /// `torch.linalg.inv`. A singular matrix is a `torch.linalg.LinAlgError`.
    public static func inv(_ a: NDArray) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.inv")
        try LinalgCheck.square(a, "linalg.inv")
        let n = a.shape[a.rank - 1]
        let identity = try NDArray(zeros: a.shape, dtype: a.dtype)
        let batchCount = a.count / Swift.max(1, n * n)
        for b in 0..<batchCount {
            for i in 0..<n { identity.setScalar(.float(1), atStorageOffset: b * n * n + i * n + i) }
        }
        return try solveSquare(a, identity, function: "linalg.inv") { prefix, k in
            "linalg.inv: \(prefix)The diagonal element \(k) is zero, the inversion could not be completed because the input matrix is singular."
        }
    }

    /// `torch.linalg.solve`: X with A X = B. `B` is a vector (or batch of vectors) when it has
    /// one dimension, or exactly A's shape without the last dimension; batches broadcast.
    public static func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.solve")
        try LinalgCheck.square(a, "linalg.solve")
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("linalg.solve: Expected A and B to have the same dtype, but found A of type \(a.dtype.kernelName) and B of type \(b.dtype.kernelName) instead")
        }
        let n = a.shape[a.rank - 1]
        let vectorCase = b.rank == 1 || (b.rank == a.rank - 1 && Array(b.shape) == Array(a.shape.dropLast()))
        let rhs = vectorCase ? b.viewing(shape: b.shape + [1], strides: b.strides + [0]) : b
        guard rhs.rank >= 2 && rhs.shape[rhs.rank - 2] == n else {
            let rows = rhs.rank >= 2 ? rhs.shape[rhs.rank - 2] : rhs.shape.first ?? 0
            let cols = rhs.rank >= 2 ? rhs.shape[rhs.rank - 1] : 1
            throw TensorError.runtime("linalg.solve: Incompatible shapes of A and B for the equation AX = B (\(n)x\(n) and \(rows)x\(cols))")
        }
        let batch = try NDArray.broadcastShapes(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
        let lhs = try expand(a, batch: batch)
        let right = try expand(rhs, batch: batch)
        let x = try solveSquare(lhs, right, function: "linalg.solve") { prefix, _ in
            "torch.linalg.solve: \(prefix)The solver failed because the input matrix is singular."
        }
        if vectorCase {
            let shape = Array(x.shape.dropLast())
            return x.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
        }
        return x
    }

    /// A view of `x` with its batch dimensions broadcast to `batch` (stride 0 where repeated).
    static func expand(_ x: NDArray, batch: [Int]) throws -> NDArray {
        let own = x.rank - 2
        var strides = [Int](repeating: 0, count: batch.count)
        for i in 0..<own where x.shape[i] != 1 { strides[batch.count - own + i] = x.strides[i] }
        return x.viewing(shape: batch + Array(x.shape.suffix(2)), strides: strides + Array(x.strides.suffix(2)))
    }

    /// Solves A X = B for equally batched A (n×n) and B (n×k) with `gesv`. `singular` words
    /// the error for a zero pivot (given the batch prefix and the 1-based diagonal index).
    private static func solveSquare(_ a: NDArray, _ b: NDArray, function: String,
                                    singular: (String, Int) -> String) throws -> NDArray {
        switch a.dtype {
        case .float32: return try solveSquare(Float.self, a, b, singular: singular)
        default: return try solveSquare(Double.self, a, b, singular: singular)
        }
    }

    private static func solveSquare<T: LapackReal>(_ type: T.Type, _ a: NDArray, _ b: NDArray,
                                                   singular: (String, Int) -> String) throws -> NDArray {
        let lhs = MatrixBatch(a), rhs = MatrixBatch(b)
        let n = lhs.rows, k = rhs.cols
        let out = try NDArray(zeros: rhs.batchShape + [n, k], dtype: a.dtype)
        if n == 0 || k == 0 { return out }
        // As PyTorch: a contiguous A is factored as Aᵀ (no copy into column order), then
        // solved with the transposed LU.
        let transposed = a.isContiguous
        for i in 0..<lhs.count {
            var lu = transposed ? lhs.rowMajor(T.self, i) : lhs.columnMajor(T.self, i)
            var x = rhs.columnMajor(T.self, i)
            var pivots = [Int32](repeating: 0, count: n)
            let info = T.getrf(m: n, n: n, a: &lu, pivots: &pivots)
            if info > 0 { throw TensorError(.linalg, singular(LinalgCheck.batchPrefix(a, i), info)) }
            if info < 0 { throw TensorError.runtime("LAPACK getrf rejected argument \(-info)") }
            let solved = T.getrs(transpose: transposed, n: n, rhs: k, lu: lu, pivots: pivots, b: &x)
            if solved != 0 { throw TensorError.runtime("LAPACK getrs rejected argument \(-solved)") }
            LinalgOutput.store(x, ld: n, rows: n, cols: k, into: out, index: i)
        }
        return out
    }

    /// `torch.linalg.cholesky`: L with A = L Lᴴ (or U = Lᴴ with `upper`), for symmetric
    /// positive-definite A; only the lower triangle of A is read (the upper one with `upper`),
    /// as LAPACK's `potrf` reads it for PyTorch.
    public static func cholesky(_ a: NDArray, upper: Bool) throws -> NDArray {
        try LinalgCheck.floating(a, "linalg.cholesky")
        try LinalgCheck.square(a, "linalg.cholesky")
        switch a.dtype {
        case .float32: return try cholesky(Float.self, a, upper: upper)
        default: return try cholesky(Double.self, a, upper: upper)
        }
    }

    private static func cholesky<T: LapackReal>(_ type: T.Type, _ a: NDArray, upper: Bool) throws -> NDArray {
        let batch = MatrixBatch(a)
        let n = batch.rows
        let out = try NDArray(zeros: a.shape, dtype: a.dtype)
        for i in 0..<batch.count where n > 0 {
            var m = batch.columnMajor(T.self, i)
            let info = T.potrf(lower: !upper, n: n, a: &m)
            if info > 0 {
                throw TensorError(.linalg, "linalg.cholesky: \(LinalgCheck.batchPrefix(a, i))The factorization could not be completed because the input is not positive-definite (the leading minor of order \(info) is not positive-definite).")
            }
            // potrf leaves the other triangle as it was: keep only the factor's own triangle.
            var result = [T](repeating: 0, count: n * n)
            for col in 0..<n {
                for row in 0..<n where upper ? row <= col : row >= col {
                    result[row + col * n] = m[row + col * n]
                }
            }
            LinalgOutput.store(result, ld: n, rows: n, cols: n, into: out, index: i)
        }
        return out
    }

    /// `torch.linalg.matrix_power`: A to an integer power by repeated squaring; negative powers
    /// invert first. The identity for `n == 0`, in A's dtype (integers allowed for n ≥ 0).
    public static func matrixPower(_ a: NDArray, _ n: Int) throws -> NDArray {
        try LinalgCheck.square(a, "linalg.matrix_power")
        var base = a
        if n < 0 {
            try LinalgCheck.floating(a, "linalg.matrix_power")
            base = try inv(a)
        }
        let size = a.shape[a.rank - 1]
        var result: NDArray? = nil
        var exponent = n.magnitude
        if exponent == 0 {
            let identity = try NDArray(zeros: a.shape, dtype: a.dtype)
            let count = a.count / Swift.max(1, size * size)
            for b in 0..<count {
                for i in 0..<size { identity.setScalar(.int(1), atStorageOffset: b * size * size + i * size + i) }
            }
            return identity
        }
        while exponent > 0 {
            if exponent & 1 == 1 {
                result = try result.map { try NDArray.matmul($0, base) } ?? base.clone()
            }
            exponent >>= 1
            if exponent > 0 { base = try NDArray.matmul(base, base) }
        }
        return try result ?? a.clone()
    }
}
