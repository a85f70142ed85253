import TensorCore

/// Short differentiable spellings the rule table is written in, so each rule reads like its
/// formula and type-checks quickly (no overloaded operators over literals).
extension Tensor {
    func mul(_ o: Tensor) throws -> Tensor { try Tensor.binary(.mul, .tensor(self), .tensor(o)) }
    func mul(_ s: Double) throws -> Tensor { try Tensor.binary(.mul, .tensor(self), .scalar(.float(s))) }
    func mul(_ s: Scalar) throws -> Tensor { try Tensor.binary(.mul, .tensor(self), .scalar(s)) }
    func add(_ o: Tensor) throws -> Tensor { try Tensor.binary(.add, .tensor(self), .tensor(o)) }
    func add(_ s: Double) throws -> Tensor { try Tensor.binary(.add, .tensor(self), .scalar(.float(s))) }
    func sub(_ o: Tensor) throws -> Tensor { try Tensor.binary(.sub, .tensor(self), .tensor(o)) }
    /// `s - self`.
    func subtracted(from s: Double) throws -> Tensor { try Tensor.binary(.sub, .scalar(.float(s)), .tensor(self)) }
    func div(_ o: Tensor) throws -> Tensor { try Tensor.binary(.div, .tensor(self), .tensor(o)) }
    func div(_ s: Double) throws -> Tensor { try Tensor.binary(.div, .tensor(self), .scalar(.float(s))) }
    func div(_ s: Scalar) throws -> Tensor { try Tensor.binary(.div, .tensor(self), .scalar(s)) }
    func neg() throws -> Tensor { try unary(.neg) }
    func pow(_ s: Scalar) throws -> Tensor { try Tensor.binary(.pow, .tensor(self), .scalar(s)) }
    func squared() throws -> Tensor { try mul(self) }

    /// A comparison as a constant bool tensor (never in the graph).
    func compare(_ op: BinaryOp, _ o: TensorOperand) throws -> Tensor {
        Tensor(try NDArray.binary(op, .array(data), o.operand))
    }

    /// `where(mask, self, 0)`: keeps the gradient where `mask` holds (and drops inf/nan elsewhere,
    /// unlike multiplying by the mask).
    func keeping(_ mask: Tensor) throws -> Tensor {
        try Tensor.whereSelect(mask, .tensor(self), .scalar(.int(0)))
    }

    func logicalAnd(_ o: Tensor) throws -> Tensor {
        Tensor(try NDArray.binary(.logicalAnd, .array(data), .array(o.data)))
    }

    func sum(dims: [Int], keepdim: Bool) throws -> Tensor {
        try reduce(.sum, dims: dims, keepdim: keepdim)
    }

    /// Zeros shaped like self, outside the graph.
    func zerosLike() throws -> Tensor {
        Tensor(try NDArray(zeros: data.shape, dtype: data.dtype))
    }

    /// A reduced tensor (output of a reduction over `dims`) brought back to `shape`: the dims
    /// dropped by keepdim=False are reinserted, then the result is expanded.
    func unreduced(dims: [Int]?, keepdim: Bool, to shape: [Int]) throws -> Tensor {
        let all = dims ?? Array(0..<shape.count)
        var kept = shape
        for d in all where d < kept.count { kept[d] = 1 }
        let r = keepdim || self.shape == kept ? self : try reshaped(kept)
        return try r.expanded(to: shape)
    }

    /// The number of elements a reduction over `dims` combines.
    static func reducedCount(_ shape: [Int], dims: [Int]?) -> Int {
        guard let dims = dims, !dims.isEmpty else { return shape.reduce(1, *) }
        var n = 1
        for d in dims where d < shape.count { n *= shape[d] }
        return n
    }

    /// The last two dims swapped.
    func mT() throws -> Tensor { try transposed(-1, -2) }
}

/// The cofactor matrix of square matrices (batched over leading dims): entry (i, j) is
/// (-1)^(i+j) times the determinant of the matrix without row i and column j. Written with
/// differentiable operations; used for det's gradient where the matrix is singular.
func cofactorMatrix(_ a: Tensor) throws -> Tensor {
    let n = a.shape[a.rank - 1]
    if n == 1 { return Tensor(try NDArray.full(a.shape, .int(1), dtype: a.dtype)) }
    func indices(without k: Int) throws -> Tensor {
        Tensor(try NDArray((0..<n).filter { $0 != k }.map { Int64($0) }, shape: [n - 1]))
    }
    var rows: [Tensor] = []
    for i in 0..<n {
        let withoutRow = try a.indexSelect(dim: a.rank - 2, index: indices(without: i))
        var entries: [Tensor] = []
        for j in 0..<n {
            let minor = try withoutRow.indexSelect(dim: a.rank - 1, index: indices(without: j))
            let d = try Tensor.det(minor)
            entries.append((i + j) % 2 == 0 ? d : try d.neg())
        }
        rows.append(try Tensor.stack(entries, dim: -1))
    }
    return try Tensor.stack(rows, dim: -2)
}
