extension NDArray {
    /// `torch.matmul` / `@`: dot product for two vectors, matrix product for matrices, a vector
    /// operand promoted to a matrix (and the added dimension removed), and batched products with
    /// the batch dimensions broadcast.
    ///
    ///     >>> torch.ones(2, 2, 3) @ torch.ones(3, 4)   # shape (2, 2, 4)
    public static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        if a.rank == 0 || b.rank == 0 {
            throw TensorError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.rank)D and \(b.rank)D")
        }
        if a.rank == 1 && b.rank == 1 { return try dot(a, b) }
        try checkSameDType(a, b)
        if a.rank == 2 && b.rank == 1 { return try mv(a, b) }
        if a.rank == 1 && b.rank == 2 {
            // (k,) @ (k, n): PyTorch reports the promoted (1, k) operand.
            guard a.shape[0] == b.shape[0] else {
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (1x\(a.shape[0]) and \(b.shape[0])x\(b.shape[1]))")
            }
            let row = a.viewing(shape: [1, a.shape[0]], strides: [0, a.strides[0]])
            let product = try batchedProduct(row, b)
            return product.viewing(shape: [b.shape[1]], strides: [1])
        }
        if a.rank == 2 && b.rank == 2 { return try mm(a, b) }
        // Batched: a vector operand becomes a matrix, and that dimension is dropped afterwards.
        let lhs = a.rank == 1 ? a.viewing(shape: [1, a.shape[0]], strides: [0, a.strides[0]]) : a
        let rhs = b.rank == 1 ? b.viewing(shape: [b.shape[0], 1], strides: [b.strides[0], 0]) : b
        let k1 = lhs.shape[lhs.rank - 1], k2 = rhs.shape[rhs.rank - 2]
        guard k1 == k2 else {
            // PyTorch folds a batch times a matrix or vector into one mm/mv, and reports that.
            if a.rank >= 3 && b.rank <= 2 {
                let rows = a.shape.dropLast().reduce(1, *)
                if b.rank == 1 {
                    throw TensorError.runtime("size mismatch, got input (\(rows)), mat (\(rows)x\(k1)), vec (\(k2))")
                }
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(rows)x\(k1) and \(k2)x\(b.shape[1]))")
            }
            let batch = try broadcastShapes(Array(lhs.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
            let count = batch.reduce(1, *)
            throw TensorError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(count), \(k1)] but got: [\(count), \(k2)].")
        }
        let product = try batchedProduct(lhs, rhs)
        var shape = product.shape
        if b.rank == 1 { shape.remove(at: shape.count - 1) }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return product.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
    }

    /// `torch.mm`: the product of two matrices, without broadcasting.
    public static func mm(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 2 else { throw TensorError.runtime("mm: self must be a matrix, got \(a.rank)-D tensor") }
        guard b.rank == 2 else { throw TensorError.runtime("mm: mat2 must be a matrix, got \(b.rank)-D tensor") }
        guard a.shape[1] == b.shape[0] else {
            throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
        }
        try checkSameDType(a, b)
        return try batchedProduct(a, b)
    }

    /// `torch.mv`: matrix times vector.
    public static func mv(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 2 && b.rank == 1 else {
            throw TensorError.runtime("vector + matrix @ vector expected, got 1, \(a.rank), \(b.rank)")
        }
        guard a.shape[1] == b.shape[0] else {
            throw TensorError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(b.shape[0]))")
        }
        try checkSameDType(a, b)
        let column = b.viewing(shape: [b.shape[0], 1], strides: [b.strides[0], 0])
        let product = try batchedProduct(a, column, kernel: "addmv_impl_cpu")
        return product.viewing(shape: [a.shape[0]], strides: [1])
    }

    /// `torch.bmm`: batches of matrices of equal count, without broadcasting.
    public static func bmm(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 3 else { throw TensorError.runtime("batch1 must be a 3D tensor") }
        guard b.rank == 3 else { throw TensorError.runtime("batch2 must be a 3D tensor") }
        guard a.shape[0] == b.shape[0] else {
            throw TensorError.runtime("batch1 and batch2 must have same number of batches, got \(a.shape[0]) and \(b.shape[0])")
        }
        guard a.shape[2] == b.shape[1] else {
            throw TensorError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but got: [\(b.shape[0]), \(b.shape[1])].")
        }
        try checkSameDType(a, b)
        return try batchedProduct(a, b, kernel: "bmm")
    }

    /// `torch.dot`: the inner product of two vectors of one dtype, as a 0-d array.
    public static func dot(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 1 && b.rank == 1 else {
            throw TensorError.runtime("1D tensors expected, but got \(a.rank)D and \(b.rank)D tensors")
        }
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("dot : expected both vectors to have same dtype, but found \(a.dtype.kernelName) and \(b.dtype.kernelName)")
        }
        guard a.shape[0] == b.shape[0] else {
            throw TensorError.runtime("inconsistent tensor size, expected tensor [\(a.shape[0])] and src [\(b.shape[0])] to have the same number of elements, but got \(a.shape[0]) and \(b.shape[0]) elements respectively")
        }
        let row = a.viewing(shape: [1, a.shape[0]], strides: [0, a.strides[0]])
        let column = b.viewing(shape: [b.shape[0], 1], strides: [b.strides[0], 0])
        let product = try batchedProduct(row, column, kernel: "dot")
        return product.viewing(shape: [], strides: [])
    }

    /// PyTorch's matmul family does not promote: both operands must share a dtype.
    static func checkSameDType(_ a: NDArray, _ b: NDArray) throws {
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("expected m1 and m2 to have the same dtype, but got: \(TorchNames.cType(a.dtype)) != \(TorchNames.cType(b.dtype))")
        }
    }

    /// Storage offsets of every matrix of `x` (rank ≥ 2) when its batch dimensions are broadcast
    /// to `batch` (a broadcast dimension repeats the same matrix).
    private static func matrixOffsets(_ x: NDArray, batch: [Int]) -> [Int] {
        if batch.isEmpty { return [x.offset] }  // the plain matrix case
        let xb = x.rank - 2
        let lead = batch.count - xb
        var strides = [Int](repeating: 0, count: batch.count)
        for i in 0..<xb where x.shape[i] != 1 { strides[lead + i] = x.strides[i] }
        // A view over the broadcast batch dims (stride 0 where x repeats): its element offsets.
        return x.viewing(shape: batch, strides: strides).elementOffsets()
    }

    /// The product of `(…, m, k)` and `(…, k, n)` arrays of one dtype, with the batch broadcast;
    /// the caller has checked `k` and the dtypes. The result is contiguous `(batch…, m, n)`.
    /// `kernel` names the operation in PyTorch's error for bool input.
    static func batchedProduct(_ a: NDArray, _ b: NDArray, kernel: String = "addmm_impl_cpu_") throws -> NDArray {
        let dtype = a.dtype
        if dtype == .bool {
            throw TensorError.notImplemented(kernel, dtype)
        }
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        for d in [m, k, n] where d > Int(Int32.max) {
            throw TensorError.runtime("matmul: dimension \(d) is too large for BLAS")
        }
        var lhs = a
        var batch = try broadcastShapes(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)))
        // A batch of matrices times one matrix is one tall product when the batch rows are evenly
        // spaced: one BLAS call instead of many.
        if b.rank == 2 && a.rank > 2 && a.isContiguous && k > 0 {
            let rows = a.count / k
            lhs = a.viewing(shape: [rows, k], strides: [k, 1])
            let result = try batchedProduct(lhs, b)
            let shape = batch + [m, n]
            return result.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
        }
        // gemm with beta = 0 stores every element of C (OpenBLAS clears C first, never reading
        // it), so its output needs no zeroing; gemv (n == 1) and our own kernels get zeros.
        let gemmWritesAll = (dtype == .float32 || dtype == .float64) && k > 0 && n > 1
        let out = gemmWritesAll ? try NDArray(uninitialized: batch + [m, n], dtype: dtype)
                                : try NDArray(zeros: batch + [m, n], dtype: dtype)
        if out.count == 0 || k == 0 { return out }
        var rhs = b
        var attempt = 0
        while true {
            let problem = GemmProblem(m: m, n: n, k: k,
                                      aRowStride: lhs.strides[lhs.rank - 2], aColStride: lhs.strides[lhs.rank - 1],
                                      bRowStride: rhs.strides[rhs.rank - 2], bColStride: rhs.strides[rhs.rank - 1])
            let aOffsets = matrixOffsets(lhs, batch: batch)
            let bOffsets = matrixOffsets(rhs, batch: batch)
            let done: Bool
            switch dtype {
            case .float32:
                done = MatmulKernels.blas(Float.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets,
                                          bOffsets: bOffsets, c: out.pointer(as: Float.self))
            case .float64:
                done = MatmulKernels.blas(Double.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets,
                                          bOffsets: bOffsets, c: out.pointer(as: Double.self))
            case .uint8:
                MatmulKernels.integer(UInt8.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets, bOffsets: bOffsets, c: out.pointer(as: UInt8.self))
                done = true
            case .int8:
                MatmulKernels.integer(Int8.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets, bOffsets: bOffsets, c: out.pointer(as: Int8.self))
                done = true
            case .int16:
                MatmulKernels.integer(Int16.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets, bOffsets: bOffsets, c: out.pointer(as: Int16.self))
                done = true
            case .int32:
                MatmulKernels.integer(Int32.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets, bOffsets: bOffsets, c: out.pointer(as: Int32.self))
                done = true
            case .int64:
                MatmulKernels.integer(Int64.self, problem: problem, a: lhs, b: rhs, aOffsets: aOffsets, bOffsets: bOffsets, c: out.pointer(as: Int64.self))
                done = true
            case .complex64, .complex128:
                done = MatmulKernels.complexBLAS(double: dtype == .complex128, problem: problem, a: lhs, b: rhs,
                                                 aOffsets: aOffsets, bOffsets: bOffsets, c: out.baseAddress)
            case .bool:
                done = true  // rejected above
            }
            if done { return out }
            // Strides BLAS cannot express: copy both operands to contiguous layout once.
            attempt += 1
            if attempt > 1 { throw TensorError.runtime("matmul: internal layout error") }
            lhs = try lhs.clone()
            rhs = try rhs.clone()
            batch = try broadcastShapes(Array(lhs.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
        }
    }
}
