import XCTest
@testable import TensorCore

final class MatmulTests: XCTestCase {
    private let plain = PrintOptions()

    private func arange(_ n: Int, _ shape: [Int], _ dtype: DType = .float32) throws -> NDArray {
        try NDArray(scalars: (0..<n).map { Scalar.int(Int64($0)) }, shape: shape, dtype: dtype)
    }
    private func ones(_ shape: [Int], _ dtype: DType = .float32) throws -> NDArray {
        let n = shape.reduce(1, *)
        return try NDArray(scalars: [Scalar](repeating: .int(1), count: n), shape: shape, dtype: dtype)
    }
    /// The transpose of a 2-d array as a strided view (no copy).
    private func transposed(_ x: NDArray) -> NDArray {
        x.viewing(shape: [x.shape[1], x.shape[0]], strides: [x.strides[1], x.strides[0]])
    }
    /// A reference product computed with plain loops in Double.
    private func naive(_ a: NDArray, _ b: NDArray) -> [Double] {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for l in 0..<k {
            out[i * n + j] += a.scalar(at: [i, l]).doubleValue * b.scalar(at: [l, j]).doubleValue
        } } }
        return out
    }

    func testReferenceCases() throws {
        let x = try arange(4, [4]), y = try ones([4])
        XCTAssertEqual(try NDArray.dot(x, y).formatted(options: plain), "tensor(6.)")
        let a = try arange(20, [5, 4])
        XCTAssertEqual(try NDArray.mv(a, x).formatted(options: plain), "tensor([ 14.,  38.,  62.,  86., 110.])")
        XCTAssertEqual(try NDArray.mm(a, try ones([4, 3])).formatted(options: plain), """
            tensor([[ 6.,  6.,  6.],
                    [22., 22., 22.],
                    [38., 38., 38.],
                    [54., 54., 54.],
                    [70., 70., 70.]])
            """)
        let p = try NDArray(scalars: [0, 1, 0, 1, 0, 0, 0, 0, 1].map { Scalar.int($0) }, shape: [3, 3], dtype: .int64)
        let v = try NDArray(scalars: [10, 20, 30].map { Scalar.int($0) }, shape: [3], dtype: .int64)
        XCTAssertEqual(try NDArray.matmul(p, v).formatted(options: plain), "tensor([20, 10, 30])")
        XCTAssertEqual(try NDArray.matmul(try ones([2, 2, 3]), try ones([3, 4])).shape, [2, 2, 4])
        XCTAssertEqual(try NDArray.outer(try arange(3, [3]), try arange(2, [2])).formatted(options: plain),
                       "tensor([[0., 0.],\n        [0., 1.],\n        [0., 2.]])")
        XCTAssertEqual(try arange(9, [3, 3]).trace().formatted(options: plain), "tensor(12.)")
    }

    func testStridedOperandsMatchNaiveProduct() throws {
        for dtype in [DType.float32, .float64, .int64, .int32] {
            let a = try arange(12, [3, 4], dtype)
            let b = try arange(20, [4, 5], dtype)
            XCTAssertEqual(try NDArray.matmul(a, b).doubles, naive(a, b))
            // Transposed views go to BLAS as transposes; a column slice needs a copy.
            let at = transposed(try arange(12, [4, 3], dtype))
            let bt = transposed(try arange(20, [5, 4], dtype))
            XCTAssertEqual(try NDArray.matmul(at, bt).doubles, naive(at, bt))
            let wide = try arange(24, [4, 6], dtype)
            let everyOther = wide.viewing(shape: [4, 3], strides: [6, 2])
            XCTAssertEqual(try NDArray.matmul(a, everyOther).doubles, naive(a, everyOther))
            let flipped = wide.viewing(shape: [4, 6], strides: [-6, 1], offset: 18)
            XCTAssertEqual(try NDArray.matmul(a, flipped).doubles, naive(a, flipped))
        }
    }

    func testLargeIntegerProductSplitsRowsAndAgreesWithBLAS() throws {
        let n = 160  // 160³ multiply-adds: above the threshold for splitting over the cores
        let values: [Int64] = (0..<(n * n)).map { Int64(($0 * 7) % 13) - 6 }
        let a = try NDArray(values, shape: [n, n])
        let exact = try NDArray.matmul(a, a)
        let viaBLAS = try NDArray.matmul(try a.converted(to: .float64), try a.converted(to: .float64))
        XCTAssertEqual(exact.doubles, viaBLAS.doubles)
    }

    func testVectorForms() throws {
        let a = try arange(6, [2, 3])
        let v = try arange(3, [3])
        XCTAssertEqual(try NDArray.matmul(a, v).doubles, [5, 14])
        let w = try arange(2, [2])
        XCTAssertEqual(try NDArray.matmul(w, a).doubles, [3, 4, 5])
        XCTAssertEqual(try NDArray.matmul(w, a).shape, [3])
        // An expanded (stride 0) vector still multiplies correctly.
        let expanded = try ones([1]).viewing(shape: [3], strides: [0])
        XCTAssertEqual(try NDArray.mv(a, expanded).doubles, [3, 12])
        XCTAssertEqual(try NDArray.dot(expanded, v).doubles, [3])
    }

    func testBatchedBroadcasting() throws {
        let a = try arange(12, [2, 1, 2, 3])
        let b = try arange(18, [3, 3, 2])
        let c = try NDArray.matmul(a, b)
        XCTAssertEqual(c.shape, [2, 3, 2, 2])
        // Check one block against a direct product.
        let a1 = a.viewing(shape: [2, 3], strides: [3, 1], offset: 6)
        let b2 = b.viewing(shape: [3, 2], strides: [2, 1], offset: 12)
        let block = c.viewing(shape: [2, 2], strides: [2, 1], offset: (1 * 3 + 2) * 4)
        XCTAssertEqual(block.doubles, naive(a1, b2))
        XCTAssertEqual(try NDArray.matmul(try ones([2, 3, 4]), try ones([4])).shape, [2, 3])
        XCTAssertEqual(try NDArray.matmul(try ones([4]), try ones([2, 4, 5])).shape, [2, 5])
        XCTAssertEqual(try NDArray.bmm(try ones([2, 3, 4]), try ones([2, 4, 5])).doubles, [Double](repeating: 4, count: 30))
    }

    func testErrors() throws {
        func message(_ body: () throws -> NDArray) -> String {
            do { _ = try body(); return "no error" } catch let e as TensorError { return e.message } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try NDArray.matmul(try self.ones([2, 3]), try self.ones([4, 5])) },
                       "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)")
        XCTAssertEqual(message { try NDArray.dot(try self.arange(3, [3]), try self.arange(3, [3], .int64)) },
                       "dot : expected both vectors to have same dtype, but found Float and Long")
        XCTAssertEqual(message { try NDArray.dot(try self.ones([3]), try self.ones([4])) },
                       "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively")
        XCTAssertEqual(message { try NDArray.matmul(try self.ones([2, 3]), try self.ones([4])) },
                       "size mismatch, got input (2), mat (2x3), vec (4)")
        XCTAssertEqual(message { try NDArray.matmul(NDArray(scalar: .float(1)), try self.ones([2])) },
                       "both arguments to matmul need to be at least 1D, but they are 0D and 1D")
        XCTAssertEqual(message { try NDArray.matmul(try self.ones([2, 2, 3]), try self.ones([3, 3, 4])) },
                       "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
        XCTAssertEqual(message { try NDArray.mm(try self.ones([2, 2], .bool), try self.ones([2, 2], .bool)) },
                       "\"addmm_impl_cpu_\" not implemented for 'Bool'")
    }

    func testEmptyAndZeroInner() throws {
        let z = try NDArray.matmul(try NDArray(zeros: [2, 0], dtype: .float32), try NDArray(zeros: [0, 3], dtype: .float32))
        XCTAssertEqual(z.shape, [2, 3])
        XCTAssertEqual(z.doubles, [Double](repeating: 0, count: 6))
        XCTAssertEqual(try NDArray.matmul(try NDArray(zeros: [0, 4], dtype: .float64), try ones([4, 2], .float64)).shape, [0, 2])
    }

    func testKronInnerEinsum() throws {
        let a = try NDArray(scalars: [1, 2, 3, 4].map { Scalar.int($0) }, shape: [2, 2], dtype: .int64)
        let eye = try NDArray(scalars: [1, 0, 0, 1].map { Scalar.int($0) }, shape: [2, 2], dtype: .int64)
        XCTAssertEqual(try NDArray.kron(eye, a).doubles, [1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4])
        XCTAssertEqual(try NDArray.kron(eye, a).shape, [4, 4])
        let inner = try NDArray.inner(try arange(6, [2, 3]), try arange(3, [3]))
        XCTAssertEqual(inner.doubles, [5, 14])
        let x = try arange(6, [2, 3]), y = try arange(12, [3, 4])
        XCTAssertEqual(try NDArray.einsum("ij,jk->ik", [x, y]).doubles, naive(x, y))
        XCTAssertEqual(try NDArray.einsum("ij,jk", [x, y]).doubles, naive(x, y))
        XCTAssertEqual(try NDArray.einsum("ij->ji", [x]).shape, [3, 2])
        XCTAssertEqual(try NDArray.einsum("ii", [try arange(9, [3, 3])]).doubles, [12])
        XCTAssertEqual(try NDArray.einsum("ii->i", [try arange(9, [3, 3])]).doubles, [0, 4, 8])
        XCTAssertEqual(try NDArray.einsum("...ij,...jk->...ik", [try ones([2, 2, 3]), try ones([3, 4])]).shape, [2, 2, 4])
        XCTAssertEqual(try NDArray.einsum("i,i->", [try arange(3, [3]), try arange(3, [3])]).formatted(options: plain), "tensor(5.)")
        XCTAssertThrowsError(try NDArray.einsum("ij,jk->ik", [x]))
        XCTAssertThrowsError(try NDArray.einsum("ijk->i", [x]))
    }

    func testEinsumPairPathAgreesWithLoops() throws {
        let a = try arange(24, [2, 3, 4]), b = try arange(40, [2, 4, 5])
        let fast = try NDArray.einsum("bij,bjk->bki", [a, b])
        XCTAssertEqual(fast.shape, [2, 5, 3])
        let product = try NDArray.matmul(a, b)  // (b, i, k)
        for bi in 0..<2 { for i in 0..<3 { for k in 0..<5 {
            XCTAssertEqual(fast.scalar(at: [bi, k, i]), product.scalar(at: [bi, i, k]))
        } } }
        // Mixed dtypes promote; an outer product has nothing to contract.
        let ints = try arange(3, [3], .int64)
        XCTAssertEqual(try NDArray.einsum("i,j->ij", [ints, try arange(2, [2])]).doubles, [0, 0, 0, 1, 0, 2])
        XCTAssertEqual(try NDArray.einsum("i,j->ij", [ints, try arange(2, [2])]).dtype, .float32)
        // A label summed inside one operand takes the general loop.
        XCTAssertEqual(try NDArray.einsum("ij,k->k", [try ones([2, 3]), try arange(2, [2])]).doubles, [0, 6])
    }

    func testComplexProducts() throws {
        for dtype in [DType.complex64, .complex128] {
            // [[1+i, 2], [0, 1-i]] squared = [[2i, 4], [0, -2i]]
            let z = try NDArray(scalars: [.complex(1, 1), .complex(2, 0), .complex(0, 0), .complex(1, -1)], shape: [2, 2], dtype: dtype)
            XCTAssertEqual(try NDArray.matmul(z, z).scalars, [.complex(0, 2), .complex(4, 0), .complex(0, 0), .complex(0, -2)])
            let v = try NDArray(scalars: [.complex(0, 1), .complex(1, 0)], shape: [2], dtype: dtype)
            XCTAssertEqual(try NDArray.matmul(z, v).scalars, [.complex(1, 1), .complex(1, -1)])
        }
    }

    func testComplexParts() throws {
        let z = try NDArray(scalars: [.complex(1, 2), .complex(3, -4)], shape: [2], dtype: .complex64)
        XCTAssertEqual(try z.realPart().doubles, [1, 3])
        XCTAssertEqual(try z.imagPart().doubles, [2, -4])
        let rebuilt = try NDArray.complex(real: try z.realPart(), imag: try z.imagPart())
        XCTAssertEqual(rebuilt.scalars, z.scalars)
        XCTAssertEqual(try z.conjugated().scalars, [.complex(1, -2), .complex(3, 4)])
        XCTAssertThrowsError(try ones([2]).imagPart())
    }
}
