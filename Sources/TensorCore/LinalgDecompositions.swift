extension Linalg {
    /// `torch.linalg.qr`: A = Q R with orthonormal columns in Q and upper-triangular R.
    /// `mode` is `"reduced"` (Q m×k, R k×n for k = min(m, n)), `"complete"` (Q m×m, R m×n) or
    /// `"r"` (R only; Q is empty).
    public static func qr(_ a: NDArray, mode: String) throws -> (q: NDArray, r: NDArray) {
        guard ["reduced", "complete", "r"].contains(mode) else {
            throw TensorError.runtime("qr received unrecognized mode '\(mode)' but expected one of 'reduced' (default), 'r', or 'complete'")
        }
        try LinalgCheck.floating(a, "linalg.qr")
        try LinalgCheck.matrix(a, "linalg.qr")
        switch a.dtype {
        case .float32: return try qr(Float.self, a, mode: mode)
        default: return try qr(Double.self, a, mode: mode)
        }
    }

    private static func qr<T: LapackReal>(_ type: T.Type, _ a: NDArray, mode: String) throws -> (q: NDArray, r: NDArray) {
        let batch = MatrixBatch(a)
        let m = batch.rows, n = batch.cols, k = Swift.min(m, n)
        let qCols = mode == "complete" ? m : k
        let rRows = mode == "complete" ? m : k
        let q = try NDArray(zeros: mode == "r" ? [0] : batch.batchShape + [m, qCols], dtype: a.dtype)
        let r = try NDArray(zeros: batch.batchShape + [rRows, n], dtype: a.dtype)
        for i in 0..<batch.count where m > 0 && n > 0 {
            var factors = batch.columnMajor(T.self, i)
            var tau = [T](repeating: 0, count: Swift.max(1, k))
            let info = T.geqrf(m: m, n: n, a: &factors, tau: &tau)
            if info != 0 { throw TensorError.runtime("linalg.qr: LAPACK geqrf failed (info \(info))") }
            var rBuffer = [T](repeating: 0, count: rRows * n)
            for col in 0..<n {
                for row in 0...Swift.min(col, rRows - 1) { rBuffer[row + col * rRows] = factors[row + col * m] }
            }
            LinalgOutput.store(rBuffer, ld: rRows, rows: rRows, cols: n, into: r, index: i)
            if mode == "r" { continue }
            // orgqr needs an m×qCols buffer whose first k columns hold the reflectors.
            var qBuffer = [T](repeating: 0, count: m * qCols)
            for col in 0..<Swift.min(n, qCols) {
                for row in 0..<m { qBuffer[row + col * m] = factors[row + col * m] }
            }
            let qInfo = T.orgqr(m: m, n: qCols, k: k, a: &qBuffer, tau: tau)
            if qInfo != 0 { throw TensorError.runtime("linalg.qr: LAPACK orgqr failed (info \(qInfo))") }
            LinalgOutput.store(qBuffer, ld: m, rows: m, cols: qCols, into: q, index: i)
        }
        return (q, r)
    }

    /// `torch.linalg.eig`: eigenvalues and right eigenvectors (unit length columns) of a general
    /// square matrix, always complex (complex64 for float32 input, complex128 for float64).
    public static func eig(_ a: NDArray) throws -> (eigenvalues: NDArray, eigenvectors: NDArray) {
        let (values, vectors) = try generalEigen(a, vectors: true, function: "linalg.eig")
        // `vectors` is only nil when they were not asked for.
        guard let v = vectors else { throw TensorError.runtime("linalg.eig: eigenvectors were not computed") }
        return (values, v)
    }

    /// `torch.linalg.eigvals`: the (complex) eigenvalues of a general square matrix.
    ///
    ///     >>> torch.linalg.eigvals(torch.tensor([[2.0, 1.0], [1.0, 2.0]]))
    ///     tensor([3.+0.j, 1.+0.j])
    public static func eigvals(_ a: NDArray) throws -> NDArray {
        try generalEigen(a, vectors: false, function: "linalg.eigvals").values
    }

    private static func generalEigen(_ a: NDArray, vectors: Bool, function: String) throws -> (values: NDArray, vectors: NDArray?) {
        try LinalgCheck.floating(a, function)
        try LinalgCheck.square(a, function)
        switch a.dtype {
        case .float32: return try generalEigen(Float.self, a, vectors: vectors, function: function)
        default: return try generalEigen(Double.self, a, vectors: vectors, function: function)
        }
    }

    private static func generalEigen<T: LapackReal>(_ type: T.Type, _ a: NDArray, vectors: Bool,
                                                    function: String) throws -> (values: NDArray, vectors: NDArray?) {
        let batch = MatrixBatch(a)
        let n = batch.rows
        let complexType = a.dtype.complexCounterpart
        let values = try NDArray(zeros: batch.batchShape + [n], dtype: complexType)
        let vectorsOut = vectors ? try NDArray(zeros: a.shape, dtype: complexType) : nil
        let valueParts = (try values.realPart(), try values.imagPart())
        let vectorParts = try vectorsOut.map { (try $0.realPart(), try $0.imagPart()) }
        for i in 0..<batch.count where n > 0 {
            var m = batch.columnMajor(T.self, i)
            var wr = [T](repeating: 0, count: n), wi = [T](repeating: 0, count: n)
            var vr = [T](repeating: 0, count: vectors ? n * n : 1)
            let info = T.geev(vectors: vectors, n: n, a: &m, wr: &wr, wi: &wi, vr: &vr)
            if info > 0 {
                throw TensorError(.linalg, "\(function): \(LinalgCheck.batchPrefix(a, i))The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: \(info)).")
            }
            if info < 0 { throw TensorError.runtime("\(function): LAPACK geev rejected argument \(-info)") }
            for j in 0..<n {
                valueParts.0.setScalar(.float(Double(wr[j])), atStorageOffset: valueParts.0.offset + (i * n + j) * 2)
                valueParts.1.setScalar(.float(Double(wi[j])), atStorageOffset: valueParts.1.offset + (i * n + j) * 2)
            }
            guard let (re, im) = vectorParts else { continue }
            // geev packs a conjugate pair (λ, λ̄) as two real columns (x, y): v = x ± i·y.
            var j = 0
            while j < n {
                let pair = wi[j] != 0 && j + 1 < n
                for row in 0..<n {
                    let position = (i * n * n + row * n + j) * 2
                    let x = Double(vr[row + j * n])
                    re.setScalar(.float(x), atStorageOffset: position)
                    if pair {
                        let y = Double(vr[row + (j + 1) * n])
                        im.setScalar(.float(y), atStorageOffset: position + 1)
                        re.setScalar(.float(x), atStorageOffset: position + 2)
                        im.setScalar(.float(-y), atStorageOffset: position + 3)
                    }
                }
                j += pair ? 2 : 1
            }
        }
        return (values, vectorsOut)
    }

    /// `torch.linalg.eigh`: eigenvalues (ascending) and orthonormal eigenvectors of a symmetric
    /// matrix, reading only its lower triangle (or upper, with `upper`).
    public static func eigh(_ a: NDArray, upper: Bool) throws -> (eigenvalues: NDArray, eigenvectors: NDArray) {
        let (values, vectors) = try symmetricEigen(a, upper: upper, vectors: true, function: "linalg.eigh")
        guard let v = vectors else { throw TensorError.runtime("linalg.eigh: eigenvectors were not computed") }
        return (values, v)
    }

    /// `torch.linalg.eigvalsh`: the ascending eigenvalues of a symmetric matrix.
    public static func eigvalsh(_ a: NDArray, upper: Bool) throws -> NDArray {
        try symmetricEigen(a, upper: upper, vectors: false, function: "linalg.eigvalsh").values
    }

    private static func symmetricEigen(_ a: NDArray, upper: Bool, vectors: Bool, function: String) throws -> (values: NDArray, vectors: NDArray?) {
        try LinalgCheck.floating(a, function)
        try LinalgCheck.square(a, function)
        switch a.dtype {
        case .float32: return try symmetricEigen(Float.self, a, upper: upper, vectors: vectors, function: function)
        default: return try symmetricEigen(Double.self, a, upper: upper, vectors: vectors, function: function)
        }
    }

    private static func symmetricEigen<T: LapackReal>(_ type: T.Type, _ a: NDArray, upper: Bool, vectors: Bool,
                                                      function: String) throws -> (values: NDArray, vectors: NDArray?) {
        let batch = MatrixBatch(a)
        let n = batch.rows
        let values = try NDArray(zeros: batch.batchShape + [n], dtype: a.dtype)
        let vectorsOut = vectors ? try NDArray(zeros: a.shape, dtype: a.dtype) : nil
        for i in 0..<batch.count where n > 0 {
            var m = batch.columnMajor(T.self, i)
            var w = [T](repeating: 0, count: n)
            let info = T.syevd(vectors: vectors, lower: !upper, n: n, a: &m, w: &w)
            if info > 0 {
                throw TensorError(.linalg, "\(function): \(LinalgCheck.batchPrefix(a, i))The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: \(info)).")
            }
            if info < 0 { throw TensorError.runtime("\(function): LAPACK syevd rejected argument \(-info)") }
            LinalgOutput.store(w[...], into: values, index: i)
            if let v = vectorsOut { LinalgOutput.store(m, ld: n, rows: n, cols: n, into: v, index: i) }
        }
        return (values, vectorsOut)
    }
}
