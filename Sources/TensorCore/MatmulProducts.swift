extension NDArray {
    /// `torch.outer`: `out[i, j] = a[i] * b[j]` for two vectors (dtypes promote, as `*` does).
    public static func outer(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 1 else { throw TensorError.runtime("outer: Expected 1-D argument self, but got \(a.rank)-D") }
        guard b.rank == 1 else { throw TensorError.runtime("outer: Expected 1-D argument vec2, but got \(b.rank)-D") }
        let dtype = DType.promote(a.dtype, b.dtype)
        // Bool products are logical and: compute them as 0/1 bytes.
        let work: DType = dtype == .bool ? .uint8 : dtype
        let x = try a.converted(to: work)
        let y = try b.converted(to: work)
        let column = x.viewing(shape: [x.shape[0], 1], strides: [1, 0])
        let row = y.viewing(shape: [1, y.shape[0]], strides: [0, 1])
        let product = try batchedProduct(column, row)
        return dtype == .bool ? try product.converted(to: .bool) : product
    }

    /// `torch.inner`: sums products over the last dimension of each operand; the result has
    /// `a.shape[:-1] + b.shape[:-1]`. A 0-d operand multiplies element-wise.
    public static func inner(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        if a.rank == 0 || b.rank == 0 {
            // The Kronecker product with a 0-d operand is exactly the scaled other operand.
            return try kron(a, b)
        }
        let k = a.shape[a.rank - 1]
        guard k == b.shape[b.rank - 1] else {
            throw TensorError.runtime("inner() the last dimension must match on both input tensors but got shapes \(ProductMessages.bracketed(a.shape)) and \(ProductMessages.bracketed(b.shape))")
        }
        try checkSameDType(a, b)
        let x = try a.contiguous()
        let y = try b.contiguous()
        let rows = a.count / Swift.max(k, 1), cols = b.count / Swift.max(k, 1)
        let lhs = x.viewing(shape: [k == 0 ? a.shape.dropLast().reduce(1, *) : rows, k], strides: [k, 1])
        let rhsT = y.viewing(shape: [k, k == 0 ? b.shape.dropLast().reduce(1, *) : cols], strides: [1, k])
        let product = try batchedProduct(lhs, rhsT)
        let shape = Array(a.shape.dropLast()) + Array(b.shape.dropLast())
        return product.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
    }

    /// `torch.kron`: the Kronecker product; the shorter shape is padded with leading 1s, and
    /// each result dimension is the product of the two.
    public static func kron(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        let r = Swift.max(a.rank, b.rank)
        let aShape = [Int](repeating: 1, count: r - a.rank) + a.shape
        let bShape = [Int](repeating: 1, count: r - b.rank) + b.shape
        let flatA = try a.contiguous().viewing(shape: [a.count], strides: [1])
        let flatB = try b.contiguous().viewing(shape: [b.count], strides: [1])
        let table = try outer(flatA, flatB)  // (numel a, numel b), contiguous
        // Read the table as aShape + bShape, then interleave (a0, b0, a1, b1, …).
        let tableStrides = NDArray.contiguousStrides(aShape + bShape)
        var shape: [Int] = []
        var strides: [Int] = []
        for i in 0..<r {
            shape += [aShape[i], bShape[i]]
            strides += [tableStrides[i], tableStrides[r + i]]
        }
        let interleaved = try table.viewing(shape: shape, strides: strides).clone()
        let result: [Int] = (0..<r).map { aShape[$0] * bShape[$0] }
        return interleaved.viewing(shape: result, strides: NDArray.contiguousStrides(result))
    }

    /// `torch.trace`: the sum of a matrix's main diagonal. Integer and bool inputs sum to
    /// int64, as `sum` does.
    public func trace() throws -> NDArray {
        guard rank == 2 else {
            throw TensorError.runtime("trace: expected a matrix, but got tensor with dim \(rank)")
        }
        let n = Swift.min(shape[0], shape[1])
        let step = strides[0] + strides[1]
        switch dtype.category {
        case .bool, .integer:
            var total: Int64 = 0
            for i in 0..<n { total = total &+ scalar(atStorageOffset: offset + i * step).int64Value }
            return NDArray(scalar: .int(total), dtype: .int64)
        case .floating:
            var total: Double = 0
            for i in 0..<n { total += scalar(atStorageOffset: offset + i * step).doubleValue }
            return NDArray(scalar: .float(total), dtype: dtype)
        case .complex:
            var re: Double = 0, im: Double = 0
            for i in 0..<n {
                if case .complex(let r, let j) = scalar(atStorageOffset: offset + i * step) { re += r; im += j }
            }
            return NDArray(scalar: .complex(re, im), dtype: dtype)
        }
    }
}

/// Spellings shared by the product operations' messages.
enum ProductMessages {
    /// `[2, 3]`: PyTorch's spelling of sizes inside some messages.
    static func bracketed(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
