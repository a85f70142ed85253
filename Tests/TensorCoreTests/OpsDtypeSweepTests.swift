import XCTest
@testable import TensorCore

/// Each op family across dtypes and layouts, checked against element-by-element arithmetic on
/// doubles (exact for the small integers used here).
final class OpsDtypeSweepTests: XCTestCase {
    let realTypes: [DType] = [.uint8, .int8, .int16, .int32, .int64, .float32, .float64]

    /// A (3, 4) array of small values in `dtype`, in three layouts with the same logical values.
    func layouts(_ dtype: DType) throws -> [NDArray] {
        let values: [Double] = (0..<12).map { Double(($0 * 7) % 11) + 1 }
        let base = try T.f(values, [3, 4], .float64).casted(to: dtype)
        // Transposed storage: build (4, 3) then view as (3, 4).
        let t = try T.f(values, [3, 4], .float64).matrixTransposed.clone().matrixTransposed.casted(to: dtype)
        let transposed = try base.matrixTransposed.contiguous().matrixTransposed
        XCTAssertFalse(transposed.isContiguous)
        // A strided slice of a wider array.
        let wide = try NDArray(zeros: [3, 8], dtype: dtype)
        let sliced = try wide.subscripted([.slice(start: nil, stop: nil, step: nil), .slice(start: nil, stop: nil, step: 2)])
        try sliced.copyFrom(base)
        return [base, transposed, sliced, t]
    }

    func testBinaryAcrossDtypesAndLayouts() throws {
        for dt in realTypes {
            let xs = try layouts(dt)
            let expectedX = xs[0].doubles
            for x in xs {
                XCTAssertEqual(x.doubles, expectedX, "\(dt) layout")
                let row = try T.f([1, 2, 3, 4], [4], .float64).casted(to: dt)
                let sum = try NDArray.binary(.add, .array(x), .array(row))
                XCTAssertEqual(sum.dtype, dt)
                XCTAssertEqual(sum.doubles, zip(expectedX, [Double](repeating: 0, count: 12)).enumerated().map { i, p in p.0 + Double(i % 4 + 1) }, "\(dt) add")
                let prod = try NDArray.binary(.mul, .array(x), .scalar(.int(2)))
                XCTAssertEqual(prod.dtype, dt)
                XCTAssertEqual(prod.doubles, expectedX.map { $0 * 2 }, "\(dt) mul")
                let lt = try NDArray.binary(.lt, .array(x), .scalar(.float(5.5)))
                XCTAssertEqual(lt.bools, expectedX.map { $0 < 5.5 }, "\(dt) lt")
                let col = try T.f([1, 2, 3], [3, 1], .float64).casted(to: dt)
                let diff = try NDArray.binary(.maximum, .array(x), .array(col))
                XCTAssertEqual(diff.doubles, expectedX.enumerated().map { i, v in max(v, Double(i / 4 + 1)) }, "\(dt) maximum")
                let s0 = try x.reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles
                XCTAssertEqual(s0, (0..<4).map { c in (0..<3).reduce(0.0) { $0 + expectedX[$1 * 4 + c] } }, "\(dt) sum0")
                let m1 = try x.reduce(.amax, dims: [1], keepdim: false, dtype: nil).doubles
                XCTAssertEqual(m1, (0..<3).map { r in expectedX[(r * 4)..<(r * 4 + 4)].max()! }, "\(dt) amax1")
            }
        }
    }

    func testCastsTruncateAndWrap() throws {
        let f = try T.f([-1.7, 2.9, 300])
        XCTAssertEqual(try f.casted(to: .int64).ints, [-1, 2, 300])
        XCTAssertEqual(try f.casted(to: .int8).ints, [-1, 2, 44])
        XCTAssertEqual(try T.i([0, 2]).casted(to: .bool).bools, [false, true])
        XCTAssertEqual(try T.i([257]).casted(to: .uint8).ints, [1])
        XCTAssertEqual(try T.b([true, false]).casted(to: .float32).doubles, [1, 0])
    }

    func testMixedDtypePromotionInKernels() throws {
        let a = try T.i([1, 2, 3], nil, .int32)
        let b = try T.i([1, 1, 1], nil, .uint8)
        XCTAssertEqual(try NDArray.binary(.add, .array(a), .array(b)).dtype, .int32)
        let c = try T.i([200], nil, .uint8)
        let d = try T.i([-1], nil, .int8)
        let e = try NDArray.binary(.add, .array(c), .array(d))
        XCTAssertEqual(e.dtype, .int16)
        XCTAssertEqual(e.ints, [199])
        let f = try NDArray.binary(.add, .array(T.f([1.5], nil, .float64)), .array(T.f([1], nil, .float32)))
        XCTAssertEqual(f.dtype, .float64)
        // Python scalars never widen a tensor within its category.
        XCTAssertEqual(try NDArray.binary(.add, .array(c), .scalar(.int(100))).ints, [44])
    }

    func testRandomLayoutsAgreeWithContiguousCopies() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let rank = Int.random(in: 1...4, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 1...5, using: &rng) }
            let n = shape.reduce(1, *)
            let base = try T.f((0..<n).map { _ in Double(Int.random(in: -9...9, using: &rng)) }, shape)
            let perm = Array(0..<rank).shuffled(using: &rng)
            let view = try base.permuted(perm)
            let other = try T.f((0..<view.count).map { _ in Double(Int.random(in: 1...9, using: &rng)) }, view.shape)
            let viaView = try NDArray.binary(.sub, .array(view), .array(other))
            let viaCopy = try NDArray.binary(.sub, .array(view.clone()), .array(other))
            XCTAssertEqual(viaView.doubles, viaCopy.doubles)
            let dim = Int.random(in: 0..<rank, using: &rng)
            XCTAssertEqual(try view.reduce(.sum, dims: [dim], keepdim: true, dtype: nil).doubles,
                           try view.clone().reduce(.sum, dims: [dim], keepdim: true, dtype: nil).doubles)
            XCTAssertEqual(try view.cumulative(.sum, dim: dim).doubles, try view.clone().cumulative(.sum, dim: dim).doubles)
        }
    }
}
