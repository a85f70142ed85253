import XCTest
@testable import TensorCore

final class LinalgTests: XCTestCase {
    private let plain = PrintOptions()

    private func matrix(_ rows: [[Double]], _ dtype: DType = .float64) throws -> NDArray {
        let flat = rows.flatMap { $0 }
        return try NDArray(scalars: flat.map { Scalar.float($0) }, shape: [rows.count, rows.first?.count ?? 0], dtype: dtype)
    }
    private func assertClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) where Swift.abs(x - y) > tolerance {
            XCTFail("\(a) is not close to \(b)", file: file, line: line)
            return
        }
    }
    private func identity(_ n: Int) -> [Double] {
        (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }
    }
    private let general: [[Double]] = [[4, -2, 1], [3, 6, -4], [2, 1, 8]]

    func testReferenceCases() throws {
        XCTAssertEqual(try Linalg.det(try matrix([[1, 2], [3, 4]], .float32)).formatted(options: plain), "tensor(-2.)")
        XCTAssertEqual(try Linalg.inv(try matrix([[2, 0], [0, 4]], .float32)).formatted(options: plain),
                       "tensor([[0.5000, 0.0000],\n        [0.0000, 0.2500]])")
        let a = try matrix([[3, 1], [1, 2]], .float32)
        let b = try NDArray(scalars: [.float(9), .float(8)], shape: [2], dtype: .float32)
        XCTAssertEqual(try Linalg.solve(a, b).formatted(options: plain), "tensor([2., 3.])")
        XCTAssertEqual(try Linalg.eigvalsh(try matrix([[2, 1], [1, 2]], .float32), upper: false).formatted(options: plain),
                       "tensor([1., 3.])")
        XCTAssertEqual(try Linalg.eigvals(try matrix([[2, 1], [1, 2]], .float32)).formatted(options: plain),
                       "tensor([3.+0.j, 1.+0.j])")
        XCTAssertEqual(try Linalg.svdvals(try matrix([[3, 0], [0, -2]], .float32)).formatted(options: plain),
                       "tensor([3., 2.])")
    }

    func testInverseAndDeterminant() throws {
        let a = try matrix(general)
        let product = try NDArray.matmul(a, try Linalg.inv(a))
        assertClose(product.doubles, identity(3))
        // det = 4(48+4) + 2(24+8) + 1(3-12) = 208 + 64 - 9
        assertClose(try Linalg.det(a).doubles, [263])
        let (sign, logAbs) = try Linalg.slogdet(a)
        assertClose(sign.doubles, [1])
        assertClose(logAbs.doubles, [Double.log(263)])
        // A non-contiguous (transposed) input goes through the column-order path.
        let t = a.viewing(shape: [3, 3], strides: [1, 3])
        assertClose(try Linalg.det(t).doubles, [263], tolerance: 1e-9)
        assertClose(try NDArray.matmul(t, try Linalg.inv(t)).doubles, identity(3))
    }

    func testSingularErrors() throws {
        let singular = try matrix([[1, 2], [2, 4]])
        XCTAssertEqual(try Linalg.det(singular).doubles, [0])
        XCTAssertThrowsError(try Linalg.inv(singular)) { error in
            guard let e = error as? TensorError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.kind, .linalg)
            XCTAssertEqual(e.message, "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.")
        }
        XCTAssertThrowsError(try Linalg.inv(try NDArray(scalars: [.int(1), .int(0), .int(0), .int(1)], shape: [2, 2], dtype: .int64))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "linalg.inv: Expected a floating point or complex tensor as input. Got Long")
        }
        XCTAssertThrowsError(try Linalg.det(try matrix([[1, 2, 3], [4, 5, 6]]))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "linalg.det: A must be batches of square matrices, but they are 2 by 3 matrices")
        }
        XCTAssertThrowsError(try Linalg.cholesky(try matrix([[1, 2], [2, 1]]), upper: false)) { error in
            XCTAssertEqual((error as? TensorError)?.message, "linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).")
        }
    }

    func testSolveBatchedAndMatrixRightHandSide() throws {
        let a = try matrix(general)
        let x = try matrix([[1, 2], [3, 4], [5, 6]])
        let b = try NDArray.matmul(a, x)
        assertClose(try Linalg.solve(a, b).doubles, x.doubles)
        // A batch of two copies of A against one right-hand side, broadcast.
        let stacked = try NDArray(scalars: (a.scalars + a.scalars), shape: [2, 3, 3], dtype: .float64)
        let solved = try Linalg.solve(stacked, b)
        XCTAssertEqual(solved.shape, [2, 3, 2])
        assertClose(solved.doubles, x.doubles + x.doubles)
    }

    func testCholeskyAndQR() throws {
        let spd = try matrix([[4, 2, 2], [2, 5, 3], [2, 3, 6]])
        let l = try Linalg.cholesky(spd, upper: false)
        let lt = Linalg.transposedLast(l)
        assertClose(try NDArray.matmul(l, lt).doubles, spd.doubles)
        XCTAssertEqual(l.scalar(at: [0, 1]).doubleValue, 0)
        let u = try Linalg.cholesky(spd, upper: true)
        assertClose(u.doubles, try lt.clone().doubles)

        let tall = try matrix([[1, 2], [3, 4], [5, 6]])
        let (q, r) = try Linalg.qr(tall, mode: "reduced")
        XCTAssertEqual(q.shape, [3, 2])
        XCTAssertEqual(r.shape, [2, 2])
        assertClose(try NDArray.matmul(q, r).doubles, tall.doubles)
        assertClose(try NDArray.matmul(Linalg.transposedLast(q), q).doubles, identity(2))
        XCTAssertEqual(r.scalar(at: [1, 0]).doubleValue, 0)
        let (qc, rc) = try Linalg.qr(tall, mode: "complete")
        XCTAssertEqual(qc.shape, [3, 3])
        XCTAssertEqual(rc.shape, [3, 2])
        assertClose(try NDArray.matmul(Linalg.transposedLast(qc), qc).doubles, identity(3))
        assertClose(try NDArray.matmul(qc, rc).doubles, tall.doubles)
        XCTAssertEqual(try Linalg.qr(tall, mode: "r").q.shape, [0])
    }

    func testEigenpairs() throws {
        // A rotation-like matrix with complex eigenvalues 1 ± 2i, plus a real one.
        let a = try matrix([[1, -2, 0], [2, 1, 0], [0, 0, 3]])
        let (values, vectors) = try Linalg.eig(a)
        XCTAssertEqual(values.dtype, .complex128)
        XCTAssertEqual(vectors.dtype, .complex128)
        let lambda = values.scalars
        for j in 0..<3 {
            guard case .complex(let lr, let li) = lambda[j] else { return XCTFail("not complex") }
            for i in 0..<3 {
                // (A v)_i = Σ_k A[i,k] v_k must equal λ v_i.
                var sr = 0.0, si = 0.0
                for k in 0..<3 {
                    guard case .complex(let vr, let vi) = vectors.scalar(at: [k, j]) else { return XCTFail() }
                    let aik = a.scalar(at: [i, k]).doubleValue
                    sr += aik * vr; si += aik * vi
                }
                guard case .complex(let vr, let vi) = vectors.scalar(at: [i, j]) else { return XCTFail() }
                XCTAssertEqual(sr, lr * vr - li * vi, accuracy: 1e-9)
                XCTAssertEqual(si, lr * vi + li * vr, accuracy: 1e-9)
            }
        }
        let sym = try matrix([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
        let (w, v) = try Linalg.eigh(sym, upper: false)
        let ws = w.doubles
        XCTAssertTrue(ws[0] <= ws[1] && ws[1] <= ws[2])
        let av = try NDArray.matmul(sym, v).doubles
        let vv = v.doubles
        assertClose(av, (0..<9).map { vv[$0] * ws[$0 % 3] })
    }

    func testSVDFamily() throws {
        let a = try matrix([[3, 1, 1], [-1, 3, 1]])
        let (u, s, vh) = try Linalg.svd(a, fullMatrices: false)
        XCTAssertEqual(u.shape, [2, 2]); XCTAssertEqual(s.shape, [2]); XCTAssertEqual(vh.shape, [2, 3])
        assertClose(s.doubles, [Double(12).squareRoot(), Double(10).squareRoot()])
        let sv = s.doubles
        let scaledU = try NDArray((0..<4).map { u.doubles[$0] * sv[$0 % 2] }, shape: [2, 2])
        assertClose(try NDArray.matmul(scaledU, vh).doubles, a.doubles)
        let full = try Linalg.svd(a, fullMatrices: true)
        XCTAssertEqual(full.vh.shape, [3, 3])
        assertClose(try NDArray.matmul(full.vh, Linalg.transposedLast(full.vh)).doubles, identity(3))

        XCTAssertEqual(try Linalg.matrixRank(try matrix([[1, 2], [2, 4]]), tol: nil).formatted(options: plain), "tensor(1)")
        XCTAssertEqual(try Linalg.matrixRank(a, tol: nil).doubles, [2])
        let p = try Linalg.pinv(a)
        XCTAssertEqual(p.shape, [3, 2])
        assertClose(try NDArray.matmul(a, p).doubles, identity(2))
        assertClose(try Linalg.matrixNorm(a, ord: "fro", dims: [-2, -1], keepdim: false).doubles, [Double(22).squareRoot()])
        assertClose(try Linalg.matrixNorm(a, ord: "nuc", dims: [-2, -1], keepdim: false).doubles, [Double(12).squareRoot() + Double(10).squareRoot()])
        assertClose(try Linalg.matrixNorm(a, ord: "1", dims: [0, 1], keepdim: true).doubles, [4])
        assertClose(try Linalg.matrixNorm(a, ord: "inf", dims: [0, 1], keepdim: false).doubles, [5])
    }

    func testLeastSquaresAndPowers() throws {
        // Fit y = 1 + 2x exactly through three points.
        let a = try matrix([[1, 0], [1, 1], [1, 2]])
        let y = try NDArray([1.0, 3.0, 5.0], shape: [3])
        let fit = try Linalg.lstsq(a, y)
        assertClose(fit.solution.doubles, [1, 2])
        XCTAssertEqual(fit.rank.doubles, [2])
        XCTAssertEqual(fit.residuals.shape, [0])
        XCTAssertEqual(fit.singularValues.shape, [0])

        let m = try matrix([[1, 1], [1, 0]])
        assertClose(try Linalg.matrixPower(m, 10).doubles, [89, 55, 55, 34])
        assertClose(try Linalg.matrixPower(m, 0).doubles, identity(2))
        assertClose(try NDArray.matmul(try Linalg.matrixPower(m, -3), try Linalg.matrixPower(m, 3)).doubles, identity(2))
    }
}

/// Outputs from "Dive into Deep Learning" (PyTorch edition), as printed there.
final class LinalgBookTests: XCTestCase {
    func testEigOfSmallMatrix() throws {
        let a = try NDArray([2.0, 1, 2, 3], shape: [2, 2])
        let (values, vectors) = try Linalg.eig(a)
        XCTAssertEqual(values.formatted(options: PrintOptions()), "tensor([1.+0.j, 4.+0.j], dtype=torch.complex128)")
        XCTAssertEqual(vectors.formatted(options: PrintOptions()), """
            tensor([[-0.7071+0.j, -0.4472+0.j],
                    [ 0.7071+0.j, -0.8944+0.j]], dtype=torch.complex128)
            """)
    }

    /// Eigenvalues come in LAPACK's order, unsorted (NumPy with the same OpenBLAS prints
    /// [9.080337, 0.99228543, 4.953941, 2.973437] for this matrix).
    func testEigenvaluesKeepLapackOrder() throws {
        let a = try NDArray([Float(1.0), 0.1, 0.1, 0.1, 0.1, 3.0, 0.2, 0.3, 0.1, 0.2, 5.0, 0.5, 0.1, 0.3, 0.5, 9.0], shape: [4, 4])
        XCTAssertEqual(try Linalg.eig(a).eigenvalues.formatted(options: PrintOptions()),
                       "tensor([9.0803+0.j, 0.9923+0.j, 4.9539+0.j, 2.9734+0.j])")
    }
}
