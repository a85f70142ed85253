/// The matrices of a `(…, rows, cols)` array, located in storage, so that each can be copied to
/// LAPACK's column-major layout and each result written back in row-major order.
struct MatrixBatch {
    let batchShape: [Int]
    let rows: Int
    let cols: Int
    let rowStride: Int
    let colStride: Int
    /// Storage offset of each matrix, in batch order.
    let offsets: [Int]
    let array: NDArray

    init(_ a: NDArray) {
        array = a
        batchShape = Array(a.shape.dropLast(2))
        rows = a.shape[a.rank - 2]
        cols = a.shape[a.rank - 1]
        rowStride = a.strides[a.rank - 2]
        colStride = a.strides[a.rank - 1]
        // The batch dims as a view of their own: its element offsets are the matrices' offsets.
        offsets = a.viewing(shape: batchShape, strides: Array(a.strides.dropLast(2))).elementOffsets()
    }

    var count: Int { offsets.count }

    /// Matrix `index` in row-major order, which LAPACK reads as the transpose. PyTorch factors
    /// contiguous inputs this way (det(Aᵀ) = det(A), and Aᵀ's LU solves A X = B with a
    /// transposed solve), and the rounding of results such as `det` follows from it.
    func rowMajor<T: Element>(_ type: T.Type, _ index: Int) -> [T] {
        let p = array.storage.pointer.assumingMemoryBound(to: T.self) + offsets[index]
        var out: [T] = []
        out.reserveCapacity(rows * cols)
        for i in 0..<rows {
            for j in 0..<cols { out.append(p[i * rowStride + j * colStride]) }
        }
        return out
    }

    /// Matrix `index` in column-major order (element (i, j) at `i + j*rows`).
    func columnMajor<T: Element>(_ type: T.Type, _ index: Int) -> [T] {
        let p = array.storage.pointer.assumingMemoryBound(to: T.self) + offsets[index]
        var out: [T] = []
        out.reserveCapacity(rows * cols)
        for j in 0..<cols {
            for i in 0..<rows { out.append(p[i * rowStride + j * colStride]) }
        }
        return out
    }
}

/// Result arrays assembled one matrix at a time from LAPACK's column-major buffers.
enum LinalgOutput {
    /// Writes a column-major `rows×cols` buffer (leading dimension `ld`) into matrix `index` of
    /// the contiguous array `out`, whose last two dimensions are `rows×cols`.
    static func store<T: Element>(_ buffer: [T], ld: Int, rows: Int, cols: Int, into out: NDArray, index: Int) {
        let p = out.pointer(as: T.self) + index * rows * cols
        for i in 0..<rows {
            for j in 0..<cols { p[i * cols + j] = buffer[i + j * ld] }
        }
    }

    /// Writes `values` as vector `index` of a contiguous array whose last dimension has their count.
    static func store<T: Element>(_ values: ArraySlice<T>, into out: NDArray, index: Int) {
        let p = out.pointer(as: T.self) + index * values.count
        for (i, v) in values.enumerated() { p[i] = v }
    }
}

/// Argument checks shared by `torch.linalg`, worded as PyTorch words them.
enum LinalgCheck {
    /// Only float32/float64 reach LAPACK here; integers are PyTorch's error, complex input is a
    /// documented tcalc limitation.
    static func floating(_ a: NDArray, _ function: String) throws {
        if a.dtype.isComplex {
            throw TensorError(.notImplemented, "\(function): complex input is not supported by tcalc")
        }
        guard a.dtype.isFloatingPoint else {
            throw TensorError(.notImplemented, "\(function): Expected a floating point or complex tensor as input. Got \(a.dtype.kernelName)")
        }
    }

    static func matrix(_ a: NDArray, _ function: String, name: String = "A") throws {
        guard a.rank >= 2 else {
            throw TensorError.runtime("\(function): The input tensor \(name) must have at least 2 dimensions.")
        }
    }

    static func square(_ a: NDArray, _ function: String, name: String = "A") throws {
        try matrix(a, function, name: name)
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        guard m == n else {
            throw TensorError.runtime("\(function): \(name) must be batches of square matrices, but they are \(m) by \(n) matrices")
        }
    }

    /// The `(Batch element k): ` prefix PyTorch puts on errors from one matrix of a batch.
    static func batchPrefix(_ a: NDArray, _ index: Int) -> String {
        a.rank > 2 ? "(Batch element \(index)): " : ""
    }
}
