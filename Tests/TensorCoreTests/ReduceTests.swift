import XCTest
@testable import TensorCore

final class ReduceTests: XCTestCase {
    func testSumDimsKeepdimDtypes() throws {
        let x = try T.arange(6).reshaped([2, 3])
        XCTAssertEqual(try x.reduce(.sum, dims: nil, keepdim: false, dtype: nil).ints, [15])
        XCTAssertEqual(try x.reduce(.sum, dims: [0], keepdim: false, dtype: nil).ints, [3, 5, 7])
        let k = try x.reduce(.sum, dims: [-1], keepdim: true, dtype: nil)
        XCTAssertEqual(k.shape, [2, 1])
        XCTAssertEqual(k.ints, [3, 12])
        XCTAssertEqual(try T.b([true, true, false]).reduce(.sum, dims: nil, keepdim: false, dtype: nil).dtype, .int64)
        XCTAssertEqual(try T.i([1, 2], nil, .int32).reduce(.sum, dims: nil, keepdim: false, dtype: nil).dtype, .int64)
        XCTAssertThrowsMessage(try x.reduce(.sum, dims: [0, 0], keepdim: false, dtype: nil), "dim 0 appears multiple times in the list of dims")
        // Transposed input, reducing each axis.
        let t = try T.arange(6, .float32).reshaped([2, 3]).matrixTransposed
        XCTAssertEqual(try t.reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles, [3, 12])
        XCTAssertEqual(try t.reduce(.sum, dims: [1], keepdim: false, dtype: nil).doubles, [3, 5, 7])
    }

    func testMeanProdAmaxAllAny() throws {
        let f = try T.f([1, 2, 3, 4], [2, 2])
        XCTAssertEqual(try f.reduce(.mean, dims: [1], keepdim: false, dtype: nil).doubles, [1.5, 3.5])
        XCTAssertThrowsMessage(try T.i([1]).reduce(.mean, dims: nil, keepdim: false, dtype: nil),
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long")
        XCTAssertEqual(try T.i([1]).reduce(.mean, dims: nil, keepdim: false, dtype: .float64).doubles, [1])
        XCTAssertEqual(try f.reduce(.prod, dims: nil, keepdim: false, dtype: nil).doubles, [24])
        XCTAssertEqual(try f.reduce(.amax, dims: [0], keepdim: false, dtype: nil).doubles, [3, 4])
        XCTAssertTrue(try T.f([1, .nan]).reduce(.amax, dims: nil, keepdim: false, dtype: nil).doubles[0].isNaN)
        XCTAssertEqual(try T.i([0, 1]).reduce(.all, dims: nil, keepdim: false, dtype: nil).bools, [false])
        XCTAssertEqual(try T.i([0, 1]).reduce(.any, dims: nil, keepdim: false, dtype: nil).bools, [true])
        XCTAssertEqual(try T.f([0, 1, 2]).countNonzero(dims: nil).ints, [2])
        XCTAssertThrowsError(try NDArray(zeros: [0], dtype: .float32).reduce(.amax, dims: nil, keepdim: false, dtype: nil))
        XCTAssertTrue(try NDArray(zeros: [0], dtype: .float32).reduce(.mean, dims: nil, keepdim: false, dtype: nil).doubles[0].isNaN)
    }

    func testLargeSumsAreAccurate() throws {
        let n = 1_000_000
        let x = try T.arange(n, .float32)
        let s = try x.reduce(.sum, dims: nil, keepdim: false, dtype: nil).doubles[0]
        XCTAssertEqual(s, Double(Float(Double(n) * Double(n - 1) / 2)))
        let m = try x.reshaped([1000, 1000])
        let cols = try m.reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles
        XCTAssertEqual(cols[0], 499_500_000)
        let rows = try m.reduce(.sum, dims: [1], keepdim: false, dtype: nil).doubles
        XCTAssertEqual(rows[1], 1_499_500)
    }

    func testExtremumAndArg() throws {
        let x = try T.f([3, 1, 3, 0, 5, 5], [2, 3])
        let (v, i) = try x.extremum(max: true, dim: 1, keepdim: false)
        XCTAssertEqual(v.doubles, [3, 5])
        XCTAssertEqual(i.ints, [0, 1])
        XCTAssertEqual(try x.argExtremum(max: false, dim: nil, keepdim: false).ints, [3])
        XCTAssertEqual(try x.argExtremum(max: true, dim: 0, keepdim: true).shape, [1, 3])
    }

    func testStatistics() throws {
        let x = try T.f([1, 2, 3, 4])
        XCTAssertEqual(try x.variance(dims: nil, correction: 1, keepdim: false).doubles[0], 5.0 / 3.0, accuracy: 1e-6)
        XCTAssertEqual(try x.standardDeviation(dims: nil, correction: 0, keepdim: false).doubles[0], 1.25.squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(try T.f([3, 4]).vectorNorm(p: 2, dims: nil, keepdim: false).doubles, [5])
        XCTAssertEqual(try T.f([3, -4]).vectorNorm(p: 1, dims: nil, keepdim: false).doubles, [7])
        XCTAssertEqual(try T.f([3, -4]).vectorNorm(p: .infinity, dims: nil, keepdim: false).doubles, [4])
        XCTAssertEqual(try T.f([0, 0]).logSumExp(dims: [0], keepdim: false).doubles[0], log(2), accuracy: 1e-6)
        let sm = try T.f([1, 1, 1, 1], [2, 2]).softmax(dim: 1)
        XCTAssertEqual(sm.doubles, [0.5, 0.5, 0.5, 0.5])
        XCTAssertEqual(try T.f([0, 0]).logSoftmax(dim: 0).doubles[0], -log(2), accuracy: 1e-6)
        XCTAssertEqual(try T.i([1, 2, 3]).cumulative(.sum, dim: 0).ints, [1, 3, 6])
        XCTAssertEqual(try T.f([1, 2, 3]).cumulative(.prod, dim: 0).doubles, [1, 2, 6])
    }

    func testSortTopkUnique() throws {
        let x = try T.f([3, 1, .nan, 2])
        let (v, i) = try x.sorted(dim: 0, descending: false, stable: true)
        XCTAssertEqual(Array(v.doubles.prefix(3)), [1, 2, 3])
        XCTAssertTrue(v.doubles[3].isNaN)
        XCTAssertEqual(i.ints, [1, 3, 0, 2])
        let (tv, ti) = try T.i([5, 1, 5, 3]).topk(2, dim: 0, largest: true, sorted: true)
        XCTAssertEqual(tv.ints, [5, 5])
        XCTAssertEqual(ti.ints, [0, 2])
        let (u, inv, counts) = try T.i([2, 1, 2, 3]).unique(sorted: true, returnInverse: true, returnCounts: true, dim: nil)
        XCTAssertEqual(u.ints, [1, 2, 3])
        XCTAssertEqual(inv?.ints, [1, 0, 1, 2])
        XCTAssertEqual(counts?.ints, [1, 2, 1])
        let rows = try T.i([1, 2, 0, 0, 1, 2], [3, 2]).unique(sorted: true, returnInverse: false, returnCounts: false, dim: 0).values
        XCTAssertEqual(rows.ints, [0, 0, 1, 2])
    }
}
