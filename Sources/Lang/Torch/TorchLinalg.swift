import Autograd
import Foundation
import TensorCore

/// Products (`dot`, `mv`, `mm`, `@`, …) and `torch.linalg`, all through Autograd's
/// differentiable versions (decompositions differentiate to first order where PyTorch does).
enum TorchLinalg {
    static func register(_ t: TorchTable) {
        t.add("dot(input, tensor)", aliases: ["vdot"], doc: "Dot product of two 1-d tensors of one dtype.", grad: .differentiable) { a in
            .object(try Tensor.dot(try a.tensor(), try a.tensor("tensor")))
        }
        t.add("mv(input, vec)", doc: "Matrix-vector product.", grad: .differentiable) { a in
            .object(try Tensor.mv(try a.tensor(), try a.tensor("vec")))
        }
        t.add("mm(input, mat2)", doc: "Matrix-matrix product.", grad: .differentiable) { a in
            .object(try Tensor.mm(try a.tensor(), try a.tensor("mat2")))
        }
        t.add("matmul(input, other)", doc: "The @ product: dot, mv, mm or batched mm with broadcasting, by the inputs' dims.", grad: .differentiable) { a in
            .object(try Tensor.matmul(try a.tensor(), try a.tensor("other")))
        }
        t.add("bmm(input, mat2)", doc: "Batched matrix product of (b, n, m) and (b, m, p).", grad: .differentiable) { a in
            .object(try Tensor.bmm(try a.tensor(), try a.tensor("mat2")))
        }
        t.add("outer(input, vec2)", aliases: ["ger"], doc: "Outer product of two 1-d tensors.", grad: .differentiable) { a in
            .object(try Tensor.outer(try a.tensor(), try a.tensor("vec2")))
        }
        t.add("inner(input, other)", doc: "Sum over the last dims of both.", grad: .differentiable) { a in
            .object(try Tensor.inner(try a.tensor(), try a.tensor("other")))
        }
        t.add("trace(input)", doc: "Sum of a matrix's diagonal.", grad: .differentiable) { a in
            .object(try a.tensor().trace())
        }
        t.add("kron(input, other)", doc: "Kronecker product.", grad: .differentiable) { a in
            .object(try Tensor.kron(try a.tensor(), try a.tensor("other")))
        }
        t.add("einsum(equation, *operands)", .function, doc: "Einstein summation, e.g. einsum('ij,jk->ik', A, B).", grad: .differentiable) { a in
            var operands = a.varArgs
            if operands.count == 1, case .object(let o) = operands[0], !(o is Tensor) { operands = try a.interp.iterate(operands[0]) }
            if operands.count == 1, case .list(let l) = operands[0] { operands = l.items }
            if operands.count == 1, case .tuple(let l) = operands[0] { operands = l }
            let tensors = try operands.map { try TorchConvert.tensor($0, function: "einsum", argument: "operands") }
            return .object(try Tensor.einsum(try a.string("equation"), tensors))
        }
        registerLinalgModule(t)
    }


    static func registerLinalgModule(_ t: TorchTable) {
        let l = "torch.linalg"
        t.add("det(A)", .function, module: l, doc: "Determinant (batched).", grad: .differentiable) { a in
            .object(try Tensor.det(try a.tensor("A")))
        }
        t.add("det(input)", doc: "Determinant (torch.det).", grad: .differentiable) { a in .object(try Tensor.det(try a.tensor())) }
        t.add("inv(A)", .function, module: l, doc: "Inverse of a square matrix (batched); singular input is an error.", grad: .differentiable) { a in
            .object(try Tensor.inv(try a.tensor("A")))
        }
        t.add("inverse(input)", doc: "Inverse of a square matrix (torch.inverse).", grad: .differentiable) { a in .object(try Tensor.inv(try a.tensor())) }
        t.add("solve(A, B, *, left=True)", .function, module: l, doc: "X with A @ X = B.", grad: .differentiable) { a in
            let A = try a.tensor("A"), B = try a.tensor("B")
            if try a.bool("left") { return .object(try Tensor.solve(A, B)) }
            // X A = B is Aᵀ Xᵀ = Bᵀ.
            guard B.rank >= 2 else { throw TensorError.runtime("linalg.solve: left=False needs B to be a matrix or a batch of matrices") }
            return .object(try Tensor.solve(try A.transposed(-2, -1), try B.transposed(-2, -1)).transposed(-2, -1))
        }
        t.add("matrix_power(A, n)", .function, module: l, doc: "A to the integer power n (negative: of the inverse).", grad: .differentiable) { a in
            .object(try Tensor.matrixPower(try a.tensor("A"), try a.int("n")))
        }
        t.add("matrix_power(input, n)", doc: "input to the integer power n.", grad: .differentiable) { a in
            .object(try Tensor.matrixPower(try a.tensor(), try a.int("n")))
        }
        t.add("slogdet(A)", .function, module: l, doc: "(sign, log|det|).", grad: .differentiable) { a in
            let (s, v) = try Tensor.slogdet(try a.tensor("A"))
            return .object(ReturnTuple("linalg_slogdet", [("sign", .object(s)), ("logabsdet", .object(v))]))
        }
        t.add("cholesky(A, *, upper=False)", .function, module: l, doc: "L with A = L @ L.mH for positive-definite A.", grad: .differentiable) { a in
            .object(try Tensor.cholesky(try a.tensor("A"), upper: try a.bool("upper")))
        }
        t.add("qr(A, mode='reduced')", .function, module: l, doc: "(Q, R) with A = Q @ R (first-order gradients, square or tall A).", grad: .differentiable) { a in
            let (q, r) = try Tensor.qr(try a.tensor("A"), mode: try a.string("mode"))
            return .object(ReturnTuple("linalg_qr", [("Q", .object(q)), ("R", .object(r))]))
        }
        t.add("eig(A)", .function, module: l, doc: "Complex (eigenvalues, eigenvectors) of a square matrix.", grad: .notDifferentiable) { a in
            let (w, v) = try Tensor.eig(try a.tensor("A"))
            return .object(ReturnTuple("linalg_eig", [("eigenvalues", .object(w)), ("eigenvectors", .object(v))]))
        }
        t.add("eigvals(A)", .function, module: l, doc: "Complex eigenvalues of a square matrix.", grad: .notDifferentiable) { a in
            .object(try Tensor.eigvals(try a.tensor("A")))
        }
        t.add("eigh(A, UPLO='L')", .function, module: l, doc: "Ascending real eigenvalues and orthonormal eigenvectors of a symmetric matrix (first-order gradients).", grad: .differentiable) { a in
            let (w, v) = try Tensor.eigh(try a.tensor("A"), upper: try a.string("UPLO") == "U")
            return .object(ReturnTuple("linalg_eigh", [("eigenvalues", .object(w)), ("eigenvectors", .object(v))]))
        }
        t.add("eigvalsh(A, UPLO='L')", .function, module: l, doc: "Ascending eigenvalues of a symmetric matrix.", grad: .differentiable) { a in
            .object(try Tensor.eigvalsh(try a.tensor("A"), upper: try a.string("UPLO") == "U"))
        }
        t.add("svd(A, full_matrices=True)", .function, module: l, doc: "(U, S, Vh) with A = U @ diag(S) @ Vh (first-order gradients).", grad: .differentiable) { a in
            let (u, s, vh) = try Tensor.svd(try a.tensor("A"), fullMatrices: try a.bool("full_matrices"))
            return .object(ReturnTuple("linalg_svd", [("U", .object(u)), ("S", .object(s)), ("Vh", .object(vh))]))
        }
        t.add("svdvals(A)", .function, module: l, doc: "Singular values, descending.", grad: .differentiable) { a in
            .object(try Tensor.svdvals(try a.tensor("A")))
        }
        t.add("matrix_rank(A, tol=None)", .function, module: l, doc: "Number of singular values above the tolerance.", grad: .notDifferentiable) { a in
            .object(try Tensor.matrixRank(try a.tensor("A"), tol: try a.optionalDouble("tol")))
        }
        t.add("pinv(A)", .function, module: l, doc: "Moore–Penrose pseudo-inverse (gradients at full rank).", grad: .differentiable) { a in
            .object(try Tensor.pinv(try a.tensor("A")))
        }
        t.add("lstsq(A, B)", .function, module: l, doc: "Least-squares solution of A @ X = B (the solution differentiates at full rank).", grad: .differentiable) { a in
            let r = try Tensor.lstsq(try a.tensor("A"), try a.tensor("B"))
            return .object(ReturnTuple("linalg_lstsq", [("solution", .object(r.solution)), ("residuals", .object(r.residuals)),
                                                        ("rank", .object(r.rank)), ("singular_values", .object(r.singularValues))]))
        }
        t.add("vector_norm(x, ord=2, dim=None, keepdim=False)", .function, module: l, doc: "The ord-norm of x as a vector (over dim).", grad: .differentiable) { a in
            let x = try TorchConvert.tensor(a["x"], function: "vector_norm", argument: "x")
            return .object(try x.vectorNorm(p: try a.double("ord"), dims: try a.dims(alias: nil), keepdim: try a.bool("keepdim")))
        }
        t.add("matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False)", .function, module: l, doc: "Matrix norm: 'fro', 'nuc', inf, -inf, 1, -1, 2, -2.", grad: .differentiable) { a in
            let A = try a.tensor("A")
            let dims = try a.dims(alias: nil) ?? [-2, -1]
            if case .str(let s) = a["ord"], s == "fro" {
                return .object(try A.vectorNorm(p: 2, dims: dims, keepdim: try a.bool("keepdim")))
            }
            return .object(try Tensor.matrixNorm(A, ord: try ordString(a["ord"]), dims: dims, keepdim: try a.bool("keepdim")))
        }
        t.add("norm(A, ord=None, dim=None, keepdim=False)", .function, module: l,
              doc: "Vector 2-norm (or ord) for 1-d input or with dim; Frobenius (or ord) for matrices.", grad: .differentiable) { a in
            let A = try a.tensor("A")
            let dims = try a.dims(alias: nil)
            let keep = try a.bool("keepdim")
            let ord = a["ord"]
            if ord.isNone { return .object(try A.vectorNorm(p: 2, dims: dims, keepdim: keep)) }
            if case .str(let s) = ord, s == "fro" { return .object(try A.vectorNorm(p: 2, dims: dims ?? [-2, -1], keepdim: keep)) }
            if (dims?.count ?? A.rank) == 2 && (A.rank == 2 || dims?.count == 2) {
                return .object(try Tensor.matrixNorm(A, ord: try ordString(ord), dims: dims ?? [-2, -1], keepdim: keep))
            }
            return .object(try A.vectorNorm(p: try a.double("ord"), dims: dims, keepdim: keep))
        }
    }

    /// Matrix-norm orders as the engine spells them.
    static func ordString(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s
        case .int(let i): return String(i)
        case .float(let d):
            if d.isInfinite { return d > 0 ? "inf" : "-inf" }
            guard d.isFinite, d == d.rounded(), abs(d) <= 2 else {
                throw TensorError.runtime("linalg.matrix_norm: Order \(formatFloatRepr(d)) not supported.")
            }
            return String(Int(d))
        default: throw PyException.typeError("matrix_norm(): ord must be a number or a string, not \(v.typeName)")
        }
    }
}
