import TensorCore

/// Products beyond matmul: einsum, addmm / linear, kron; and the linalg functions whose
/// gradients are compositions (slogdet, cholesky, matrix norms).
extension Tensor {
    /// `torch.einsum(equation, *operands)`. Each operand's gradient is another einsum of the
    /// output's gradient with the other operands.
    public static func einsum(_ equation: String, _ operands: [Tensor]) throws -> Tensor {
        let out = try NDArray.einsum(equation, operands.map(\.data))
        guard recording(operands) else { return Tensor(out) }
        let parsed = try EinsumEquation(equation, operandCount: operands.count)
        return try make(EinsumRecord(inputs: parsed.inputs, output: parsed.output), out, inputs: operands)
    }

    /// `torch.addmm(bias, mat1, mat2)` = bias + mat1 @ mat2 (AddmmBackward0, as nn.Linear prints).
    public static func addmm(_ bias: Tensor, _ mat1: Tensor, _ mat2: Tensor) throws -> Tensor {
        let product = try NDArray.mm(mat1.data, mat2.data)
        let out = try NDArray.binary(.add, .array(bias.data), .array(product))
        guard recording([bias, mat1, mat2]) else { return Tensor(out) }
        return try make(AddmmRecord(), out, inputs: [bias, mat1, mat2])
    }

    /// `torch.nn.functional.linear(x, weight, bias)` = x @ weight.T + bias, named as PyTorch
    /// names it for 2-d inputs (AddmmBackward0 with a bias, MmBackward0 without).
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        let wt = try weight.t()
        if x.rank == 2, let b = bias { return try addmm(b, x, wt) }
        let product = try matmul(x, wt)
        guard let b = bias else { return product }
        return try binary(.add, .tensor(product), .tensor(b))
    }

    /// `torch.kron(a, b)`: written as a broadcast product then a reshape, so it differentiates.
    public static func kron(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard recording([a, b]) else { return Tensor(try NDArray.kron(a.data, b.data)) }
        let rank = Swift.max(a.rank, b.rank)
        let sa = [Int](repeating: 1, count: rank - a.rank) + a.shape
        let sb = [Int](repeating: 1, count: rank - b.rank) + b.shape
        var interleavedA: [Int] = [], interleavedB: [Int] = [], result: [Int] = []
        for d in 0..<rank {
            interleavedA += [sa[d], 1]
            interleavedB += [1, sb[d]]
            result.append(sa[d] * sb[d])
        }
        let product = try binary(.mul, .tensor(try a.reshaped(interleavedA)), .tensor(try b.reshaped(interleavedB)))
        return try product.reshaped(result)
    }

    /// `torch.linalg.slogdet(A)`: (sign, log|det|); the gradient flows through log|det|.
    public static func slogdet(_ a: Tensor) throws -> (sign: Tensor, logabsdet: Tensor) {
        let r = try Linalg.slogdet(a.data)
        guard recording(a) else { return (Tensor(r.sign), Tensor(r.logabsdet)) }
        // d log|det A| = tr(A⁻¹ dA): the same rule as det divided by det, recorded by name.
        let logabs = try make(LogDetRecord(), r.logabsdet, inputs: [a])
        return (Tensor(r.sign), logabs)
    }

    /// `torch.linalg.cholesky(A)` (lower, or upper = Lᴴ).
    public static func cholesky(_ a: Tensor, upper: Bool) throws -> Tensor {
        let factor = try Linalg.cholesky(a.data, upper: upper)
        guard recording(a) else { return Tensor(factor) }
        // The rule is written for the lower factor; the upper one (which LAPACK computes from
        // the upper triangle) is its transpose.
        let lower = upper ? try factor.transposed(-2, -1).contiguous() : factor
        let l = try make(CholeskyRecord(), lower, inputs: [a])
        return upper ? try l.mT() : l
    }

    /// `torch.linalg.matrix_norm(A, ord, dim)`: composed from differentiable operations (as
    /// PyTorch composes it), with the engine's values.
    public static func matrixNorm(_ a: Tensor, ord: String, dims: [Int], keepdim: Bool) throws -> Tensor {
        let out = try Linalg.matrixNorm(a.data, ord: ord, dims: dims, keepdim: keepdim)
        guard recording(a) else { return Tensor(out) }
        let axes = try dims.map { try a.data.normalizedDim($0) }
        // The two dims last, as (rows, columns).
        let moved = try a.movedim(axes, [a.rank - 2, a.rank - 1])
        var r: Tensor
        switch ord {
        case "fro":
            r = try moved.vectorNorm(p: 2, dims: [-2, -1], keepdim: false)
        case "nuc", "2", "-2":
            let s = try svdvals(moved)
            switch ord {
            case "nuc": r = try s.reduce(.sum, dims: [-1], keepdim: false)
            case "2": r = try s.reduce(.amax, dims: [-1], keepdim: false)
            default: r = try s.reduce(.amin, dims: [-1], keepdim: false)
            }
        case "1", "-1":
            let sums = try moved.unary(.abs).reduce(.sum, dims: [-2], keepdim: false)
            r = try sums.reduce(ord == "1" ? .amax : .amin, dims: [-1], keepdim: false)
        case "inf", "-inf":
            let sums = try moved.unary(.abs).reduce(.sum, dims: [-1], keepdim: false)
            r = try sums.reduce(ord == "inf" ? .amax : .amin, dims: [-1], keepdim: false)
        default:
            throw TensorError(.notImplemented, "the derivative of matrix_norm with ord='\(ord)' is not implemented in tcalc")
        }
        if keepdim {
            for d in axes.sorted() { r = try r.unsqueezed(d) }
        }
        guard r.shape == out.shape else {
            throw TensorError.runtime("internal autograd error: matrix_norm composite has shape \(TensorError.shapeString(r.shape)), expected \(TensorError.shapeString(out.shape))")
        }
        r.setData(out)
        return r
    }

    /// `torch.nan_to_num(x)`: replaced elements get no gradient.
    public func nanToNum(nan: Double, posinf: Double?, neginf: Double?) throws -> Tensor {
        let out = try data.nanToNum(nan: nan, posinf: posinf, neginf: neginf)
        guard Tensor.recording(self) else { return Tensor(out) }
        let finite = Tensor(try data.unary(.isfinite))
        let kept = try Tensor.make(WhereRecord(condition: finite.data), out,
                                   inputs: [self, Tensor(NDArray(scalar: .int(0), dtype: data.dtype))])
        return kept
    }
}

/// An einsum equation in explicit form: one subscript string per operand, and the output's.
struct EinsumEquation {
    let inputs: [String]
    let output: String

    init(_ equation: String, operandCount: Int) throws {
        let compact = equation.filter { !$0.isWhitespace }
        if compact.contains(".") {
            throw TensorError(.notImplemented, "the derivative of einsum with '...' is not implemented in tcalc")
        }
        let sides = compact.components(separatedBy: "->")
        let inputs = sides[0].components(separatedBy: ",")
        guard inputs.count == operandCount else {
            throw TensorError.runtime("einsum(): more operands were provided than specified in the equation")
        }
        if sides.count > 1 {
            output = sides[1]
        } else {
            // Implicit form: the letters that appear once, in alphabetical order.
            var counts: [Character: Int] = [:]
            for c in inputs.joined() { counts[c, default: 0] += 1 }
            output = String(counts.filter { $0.value == 1 }.keys.sorted())
        }
        self.inputs = inputs
    }
}
