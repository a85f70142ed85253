import TensorCore

/// The matmul family and torch.linalg on tensors.
extension Tensor {
    /// `a @ b` with torch.matmul's rank rules; the node is named as PyTorch's decomposition names
    /// it (DotBackward0, MvBackward0, MmBackward0, SqueezeBackward4 for 1-d @ 2-d,
    /// UnsafeViewBackward0 for batched products).
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try NDArray.matmul(a.data, b.data)
        guard recording([a, b]) else { return Tensor(out) }
        let name: String
        switch (a.rank, b.rank) {
        case (1, 1): name = "DotBackward0"
        case (2, 1): name = "MvBackward0"
        case (2, 2): name = "MmBackward0"
        case (1, 2): name = "SqueezeBackward4"
        default: name = "UnsafeViewBackward0"
        }
        return try make(MatmulRecord(name: name), out, inputs: [a, b])
    }

    /// `torch.dot(a, b)`.
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try product(NDArray.dot, "DotBackward0", a, b)
    }

    /// `torch.mv(A, v)`.
    public static func mv(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try product(NDArray.mv, "MvBackward0", a, b)
    }

    /// `torch.mm(A, B)`.
    public static func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try product(NDArray.mm, "MmBackward0", a, b)
    }

    /// `torch.bmm(A, B)`.
    public static func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try product(NDArray.bmm, "BmmBackward0", a, b)
    }

    private static func product(_ kernel: (NDArray, NDArray) throws -> NDArray, _ name: String,
                                _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try kernel(a.data, b.data)
        guard recording([a, b]) else { return Tensor(out) }
        // Each fixed-rank product is matmul at that rank, so matmul's rule is theirs.
        return try make(MatmulRecord(name: name), out, inputs: [a, b])
    }

    /// `torch.outer(a, b)`: PyTorch computes it as a broadcast product (MulBackward0).
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard recording([a, b]) else { return Tensor(try NDArray.outer(a.data, b.data)) }
        guard a.rank == 1, b.rank == 1 else {
            throw TensorError.runtime("outer: Expected 1-D argument self, but got \(a.rank)-D")
        }
        return try binary(.mul, .tensor(try a.unsqueezed(1)), .tensor(b))
    }

    /// `torch.inner(a, b)`: a product over the last dims.
    public static func inner(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard recording([a, b]) else { return Tensor(try NDArray.inner(a.data, b.data)) }
        if a.rank == 0 || b.rank == 0 { return try binary(.mul, .tensor(a), .tensor(b)) }
        if b.rank == 1 { return try matmul(a, b) }
        return try matmul(a, try b.transposed(-1, -2))
    }

    /// `x.trace()`.
    public func trace() throws -> Tensor {
        try Tensor.maybeMake(TraceRecord(), try data.trace(), inputs: [self])
    }

    /// `torch.linalg.det(A)`.
    public static func det(_ a: Tensor) throws -> Tensor {
        try maybeMake(DetRecord(), try Linalg.det(a.data), inputs: [a])
    }

    /// `torch.linalg.inv(A)`.
    public static func inv(_ a: Tensor) throws -> Tensor {
        try maybeMake(InvRecord(), try Linalg.inv(a.data), inputs: [a])
    }

    /// `torch.linalg.solve(A, B)`.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try maybeMake(SolveRecord(), try Linalg.solve(a.data, b.data), inputs: [a, b])
    }

    /// `torch.linalg.matrix_power(A, n)`, composed from differentiable products.
    public static func matrixPower(_ a: Tensor, _ n: Int) throws -> Tensor {
        guard recording(a) else { return Tensor(try Linalg.matrixPower(a.data, n)) }
        var base = n < 0 ? try inv(a) : a
        var k = n < 0 ? -n : n
        if k == 0 { return Tensor(try Linalg.matrixPower(a.data, 0)) }
        var result: Tensor? = nil
        while k > 0 {
            if k & 1 == 1 { result = try result.map { try matmul($0, base) } ?? base }
            k >>= 1
            if k > 0 { base = try matmul(base, base) }
        }
        return result ?? a
    }
}
