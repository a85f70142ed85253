import Autograd
import Foundation
import TensorCore

/// `np.linalg` over the engine's LAPACK routines. Integer input computes in float64, as
/// NumPy's does; results follow NumPy's conventions (a real `eig` result when every
/// eigenvalue is real, `svd` returning `Vh`, `lstsq` returning a 4-tuple).
enum NumPyLinalg {
    static func floating(_ x: NDArray) throws -> NDArray {
        x.dtype.isFloatingPoint || x.dtype.isComplex ? x : try x.converted(to: .float64)
    }

    /// NumPy's LinAlgError from the engine's errors (singular matrices and the like).
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TensorError where e.kind == .linalg || e.kind == .runtime {
            var message = e.message
            if message.lowercased().contains("singular") { message = "Singular matrix" }
            else if message.lowercased().contains("positive-definite") { message = "Matrix is not positive definite" }
            throw PyException(NumPyLinalg.linAlgError, message)
        }
    }

    static let linAlgError: PyType = {
        let t = PyType("LinAlgError", qualifiedName: "numpy.linalg.LinAlgError", base: ExceptionTypes.valueError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()

    /// A complex result whose imaginary parts are all zero becomes real, as NumPy's eig does.
    static func realIfPossible(_ x: NDArray) throws -> NDArray {
        guard x.dtype.isComplex else { return x }
        let im = try x.imagPart()
        let anyNonzero = try im.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue
        return anyNonzero ? x : try x.realPart().clone()
    }

    static func register(_ t: NumPyTable) {
        let l = "numpy.linalg"
        t.registry.setConstant("numpy.linalg.LinAlgError", .object(linAlgError))
        t.add("norm(x, ord=None, axis=None, keepdims=False)", .function, module: l,
              doc: "Vector or matrix norm: 2-norm / Frobenius by default; ord 1, 2, inf, -inf, 'fro', 'nuc'.") { a in
            let x = try floating(try a.ndarray("x"))
            let keep = try a.interp.truthy(a["keepdims"])
            let axes = try a.axes()
            let ordValue = a["ord"]
            if case .str(let s) = ordValue {
                let dims = axes ?? [-2, -1]
                guard dims.count == 2 else { throw PyException.valueError("Invalid norm order '\(s)' for vectors") }
                if s == "fro" {
                    let sq = try NumPyOps.binary(.mul, .strong(x), .strong(x))
                    return NumPyConvert.result(try NumPyReductions.sum(sq, axes: dims, keepdims: keep).unary(.sqrt))
                }
                return NumPyConvert.result(try run { try Linalg.matrixNorm(x, ord: s, dims: dims, keepdim: keep) })
            }
            let ord: Double? = ordValue.isNone ? nil : try a.double("ord")
            let vector = (axes?.count ?? x.rank) == 1 || (axes == nil && x.rank == 1)
            if vector || (ord == nil) {
                let dims = axes ?? Array(0..<x.rank)
                let absX = try x.unary(.abs)
                switch ord {
                case nil, 2?:
                    let sq = try NumPyOps.binary(.mul, .strong(absX), .strong(absX))
                    return NumPyConvert.result(try NumPyReductions.sum(sq, axes: dims, keepdims: keep).unary(.sqrt))
                case let p? where p == .infinity: return NumPyConvert.result(try absX.reduce(.amax, dims: dims, keepdim: keep, dtype: nil))
                case let p? where p == -.infinity: return NumPyConvert.result(try absX.reduce(.amin, dims: dims, keepdim: keep, dtype: nil))
                case 1?: return NumPyConvert.result(try NumPyReductions.sum(absX, axes: dims, keepdims: keep))
                case 0?:
                    return NumPyConvert.result(try NumPyReductions.sum(try NDArray.binary(.ne, .array(x), .scalar(.float(0))).converted(to: x.dtype), axes: dims, keepdims: keep))
                case let p?:
                    let powered = try NumPyOps.binary(.pow, .strong(absX), .weak(.float(p)))
                    let s = try NumPyReductions.sum(powered, axes: dims, keepdims: keep)
                    return NumPyConvert.result(try NumPyOps.binary(.pow, .strong(s), .weak(.float(1 / p))))
                }
            }
            let dims = axes ?? [-2, -1]
            let name: String
            switch ord! {
            case 1: name = "1"
            case -1: name = "-1"
            case 2: name = "2"
            case -2: name = "-2"
            case .infinity: name = "inf"
            case -.infinity: name = "-inf"
            default: throw PyException.valueError("Invalid norm order for matrices.")
            }
            return NumPyConvert.result(try run { try Linalg.matrixNorm(x, ord: name, dims: dims, keepdim: keep) })
        }
        t.add("inv(a)", .function, module: l, doc: "Inverse of a square matrix (LinAlgError when singular).") { a in
            .object(NumPyArray(try run { try Linalg.inv(try floating(try a.ndarray())) }))
        }
        t.add("det(a)", .function, module: l, doc: "Determinant: sign times exp of the summed log |pivots| of LU, as NumPy computes it.") { a in
            // NumPy goes through slogdet, so det([[2, 1], [1, 3]]) is 5.000000000000001; and its
            // LAPACK call factors the matrix itself, while the engine's (PyTorch's) factors the
            // transpose of its row-major input: hand it the transpose, copied.
            let x = try floating(try a.ndarray())
            guard x.rank >= 2 else { throw PyException(NumPyLinalg.linAlgError, "\(x.rank)-dimensional array given. Array must be at least two-dimensional") }
            let (sign, logabs) = try run { try Linalg.slogdet(try x.transposed(-2, -1).clone()) }
            return NumPyConvert.result(try NDArray.binary(.mul, .array(sign), .array(try logabs.unary(.exp))))
        }
        t.add("solve(a, b)", .function, module: l, doc: "x with a @ x = b.") { a in
            let A = try floating(try a.ndarray()), b = try floating(try a.ndarray("b"))
            let d = NumPyPromotion.promote(A.dtype, b.dtype)
            return .object(NumPyArray(try run { try Linalg.solve(try A.converted(to: d), try b.converted(to: d)) }))
        }
        t.add("eig(a)", .function, module: l, doc: "(eigenvalues, eigenvectors); real when every eigenvalue is real.") { a in
            let (w, v) = try run { try Linalg.eig(try floating(try a.ndarray())) }
            let wr = try realIfPossible(w)
            return .tuple([.object(NumPyArray(wr)), .object(NumPyArray(wr.dtype.isComplex ? v : try realIfPossible(v)))])
        }
        t.add("eigvals(a)", .function, module: l, doc: "Eigenvalues of a square matrix; real when all are real.") { a in
            .object(NumPyArray(try realIfPossible(try run { try Linalg.eigvals(try floating(try a.ndarray())) })))
        }
        t.add("eigh(a, UPLO='L')", .function, module: l, doc: "(eigenvalues ascending, eigenvectors) of a symmetric matrix.") { a in
            let (w, v) = try run { try Linalg.eigh(try floating(try a.ndarray()), upper: try a.string("UPLO") == "U") }
            return .tuple([.object(NumPyArray(w)), .object(NumPyArray(v))])
        }
        t.add("eigvalsh(a, UPLO='L')", .function, module: l, doc: "Eigenvalues (ascending) of a symmetric matrix.") { a in
            .object(NumPyArray(try run { try Linalg.eigvalsh(try floating(try a.ndarray()), upper: try a.string("UPLO") == "U") }))
        }
        t.add("svd(a, full_matrices=True, compute_uv=True)", .function, module: l, doc: "(U, S, Vh) with a = U @ diag(S) @ Vh, or S alone.") { a in
            let x = try floating(try a.ndarray())
            if !(try a.interp.truthy(a["compute_uv"])) { return .object(NumPyArray(try run { try Linalg.svdvals(x) })) }
            let (u, s, vh) = try run { try Linalg.svd(x, fullMatrices: try a.interp.truthy(a["full_matrices"])) }
            return .tuple([.object(NumPyArray(u)), .object(NumPyArray(s)), .object(NumPyArray(vh))])
        }
        t.add("lstsq(a, b, rcond=None)", .function, module: l, doc: "(x, residuals, rank, singular values) minimising |a @ x - b|.") { a in
            let A = try floating(try a.ndarray()), b = try floating(try a.ndarray("b"))
            let r = try run { try Linalg.lstsq(A, b) }
            return .tuple([.object(NumPyArray(r.solution)), .object(NumPyArray(r.residuals)), NumPyConvert.result(try r.rank.converted(to: .int64)),
                           .object(NumPyArray(r.singularValues))])
        }
        t.add("matrix_rank(A, tol=None)", .function, module: l, doc: "Number of singular values above the tolerance.") { a in
            let x = try floating(try a.ndarray("A"))
            return NumPyConvert.result(try run { try Linalg.matrixRank(x, tol: try a.optionalDouble("tol")) }.converted(to: .int64))
        }
        t.add("qr(a, mode='reduced')", .function, module: l, doc: "(Q, R) with a = Q @ R.") { a in
            let (q, r) = try run { try Linalg.qr(try floating(try a.ndarray()), mode: try a.string("mode")) }
            return .tuple([.object(NumPyArray(q)), .object(NumPyArray(r))])
        }
        t.add("cholesky(a)", .function, module: l, doc: "Lower-triangular L with a = L @ L.T.") { a in
            .object(NumPyArray(try run { try Linalg.cholesky(try floating(try a.ndarray()), upper: false) }))
        }
        t.add("pinv(a)", .function, module: l, doc: "Moore-Penrose pseudo-inverse.") { a in
            .object(NumPyArray(try run { try Linalg.pinv(try floating(try a.ndarray())) }))
        }
    }
}
