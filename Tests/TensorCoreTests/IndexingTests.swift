import XCTest
@testable import TensorCore

final class IndexingTests: XCTestCase {
    let all = IndexItem.slice(start: nil, stop: nil, step: nil)

    func testBasicIndexingIsAView() throws {
        let x = try T.arange(12).reshaped([3, 4])
        let row = try x.subscripted([.int(-1)])
        XCTAssertEqual(row.ints, [8, 9, 10, 11])
        XCTAssertTrue(row.storage === x.storage)
        let cols = try x.subscripted([all, .slice(start: 1, stop: nil, step: 2)])
        XCTAssertEqual(cols.ints, [1, 3, 5, 7, 9, 11])
        XCTAssertEqual(try x.subscripted([.ellipsis, .int(0)]).ints, [0, 4, 8])
        XCTAssertEqual(try x.subscripted([.newAxis, .int(0)]).shape, [1, 4])
        XCTAssertEqual(try x.subscripted([.slice(start: -2, stop: nil, step: nil), .int(0)]).ints, [4, 8])
        XCTAssertThrowsMessage(try x.subscripted([.int(3)]), "index 3 is out of bounds for dimension 0 with size 3")
        XCTAssertThrowsMessage(try x.subscripted([.int(0), .int(0), .int(0)]), "too many indices for tensor of dimension 2")
    }

    func testAdvancedIndexing() throws {
        let x = try T.arange(12).reshaped([3, 4])
        XCTAssertEqual(try x.subscripted([.array(T.i([2, 0]))]).ints, [8, 9, 10, 11, 0, 1, 2, 3])
        XCTAssertEqual(try x.subscripted([all, .array(T.i([0, -1]))]).ints, [0, 3, 4, 7, 8, 11])
        XCTAssertEqual(try x.subscripted([.array(T.i([0, 2])), .array(T.i([1, 3]))]).ints, [1, 11])
        let r = try x.subscripted([.array(T.i([0, 2], [2, 1])), .array(T.i([1, 3]))])
        XCTAssertEqual(r.shape, [2, 2])
        XCTAssertEqual(r.ints, [1, 3, 9, 11])
        // Separated advanced indices move their dims to the front.
        let y = try T.arange(24).reshaped([2, 3, 4])
        let z = try y.subscripted([.array(T.i([0, 1])), all, .array(T.i([0, 1]))])
        XCTAssertEqual(z.shape, [2, 3])
        XCTAssertEqual(z.ints, [0, 4, 8, 13, 17, 21])
        // Adjacent ones stay in place.
        let w = try y.subscripted([all, .array(T.i([0, 2])), .array(T.i([1, 3]))])
        XCTAssertEqual(w.shape, [2, 2])
        XCTAssertEqual(w.ints, [1, 11, 13, 23])
        XCTAssertThrowsMessage(try x.subscripted([.array(T.i([5]))]), "index 5 is out of bounds for dimension 0 with size 3")
    }

    func testMasks() throws {
        let x = try T.arange(6).reshaped([2, 3])
        let mask = try NDArray.binary(.gt, .array(x), .scalar(.int(2)))
        XCTAssertEqual(try x.subscripted([.array(mask)]).ints, [3, 4, 5])
        XCTAssertEqual(try x.subscripted([.array(T.b([false, true]))]).ints, [3, 4, 5])
        XCTAssertEqual(try x.subscripted([all, .array(T.b([true, false, true]))]).ints, [0, 2, 3, 5])
        try x.assign([.array(mask)], .scalar(.int(0)))
        XCTAssertEqual(x.ints, [0, 1, 2, 0, 0, 0])
    }

    func testAssignment() throws {
        let x = try NDArray(zeros: [3, 3], dtype: .float32)
        try x.assign([.int(1)], .array(T.f([1, 2, 3])))
        try x.assign([all, .int(0)], .scalar(.float(9)))
        XCTAssertEqual(x.doubles, [9, 0, 0, 9, 2, 3, 9, 0, 0])
        try x.assign([.array(T.i([0, 2])), .array(T.i([2, 2]))], .array(T.f([-1, -2])))
        XCTAssertEqual(x.doubles, [9, 0, -1, 9, 2, 3, 9, 0, -2])
        let v = x.storage.version
        try x.assign([.slice(start: nil, stop: nil, step: nil)], .scalar(.int(0)))
        XCTAssertEqual(x.doubles, [Double](repeating: 0, count: 9))
        XCTAssertGreaterThan(x.storage.version, v)
        XCTAssertThrowsError(try x.assign([.int(0)], .array(T.f([1, 2]))))
        // Overlapping source: x[1:] = x[:-1] reads the old values.
        let y = try T.i([1, 2, 3, 4])
        try y.assign([.slice(start: 1, stop: nil, step: nil)], .array(y.subscripted([.slice(start: nil, stop: -1, step: nil)])))
        XCTAssertEqual(y.ints, [1, 1, 2, 3])
    }

    func testIndexOps() throws {
        let x = try T.arange(6).reshaped([2, 3])
        XCTAssertEqual(try x.indexSelect(dim: 1, index: T.i([2, 0])).ints, [2, 0, 5, 3])
        XCTAssertEqual(try x.gather(dim: 1, index: T.i([0, 0, 1, 2], [2, 2])).ints, [0, 0, 4, 5])
        let s = try NDArray(zeros: [2, 3], dtype: .int64).scatter(dim: 1, index: T.i([2, 0], [2, 1]), src: .scalar(.int(7)), reduce: nil)
        XCTAssertEqual(s.ints, [0, 0, 7, 7, 0, 0])
        let added = try NDArray(zeros: [3], dtype: .float32).indexAdd(dim: 0, index: T.i([0, 0, 2]), source: T.f([1, 2, 3]))
        XCTAssertEqual(added.doubles, [3, 0, 3])
        XCTAssertEqual(try x.maskedFill(T.b([true, false, true]), .int(-1)).ints, [-1, 1, -1, -1, 4, -1])
        let nz = try T.i([0, 3, 0, 4], [2, 2]).nonzero()
        XCTAssertEqual(nz.shape, [2, 2])
        XCTAssertEqual(nz.ints, [0, 1, 1, 1])
        XCTAssertEqual(try x.take(T.i([5, 0, -1])).ints, [5, 0, 5])
    }
}

final class IndexingEdgeTests: XCTestCase {
    func testZeroDimIndexError() throws {
        XCTAssertThrowsMessage(try T.i([5]).reshaped([]).subscripted([.int(0)]),
            "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    }

    func testMaskAssignFastPathAndBroadcastValue() throws {
        let x = try T.arange(6, .float32).reshaped([2, 3])
        let mask = try NDArray.binary(.ge, .array(x), .scalar(.int(4)))
        try x.assign([.array(mask)], .scalar(.float(-1)))
        XCTAssertEqual(x.doubles, [0, 1, 2, 3, -1, -1])
        try x.assign([.array(mask)], .array(T.f([7, 8])))
        XCTAssertEqual(x.doubles, [0, 1, 2, 3, 7, 8])
        XCTAssertThrowsMessage(try x.assign([.array(mask)], .array(T.f([1, 2, 3]))),
            "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2]")
    }
}

final class IndexRowGatherTests: XCTestCase {
    func testRowGatherMatchesGeneralPath() throws {
        let x = try T.arange(24, .float32).reshaped([4, 3, 2])
        let idx = try T.i([3, -4, 1, 1], [2, 2])
        let fast = try x.subscripted([.array(idx)])
        let general = try x.subscripted([.array(idx), .ellipsis])
        XCTAssertEqual(fast.shape, [2, 2, 3, 2])
        XCTAssertEqual(fast.doubles, general.doubles)
        XCTAssertEqual(Array(fast.doubles.prefix(6)), [18, 19, 20, 21, 22, 23])
        let t = try x.transposed(0, 2)
        XCTAssertEqual(try t.subscripted([.array(T.i([1]))]).doubles, try t.subscripted([.array(T.i([1])), .ellipsis]).doubles)
        XCTAssertThrowsMessage(try x.subscripted([.array(T.i([4]))]), "index 4 is out of bounds for dimension 0 with size 4")
        XCTAssertEqual(try x.subscripted([.array(T.i([]))]).shape, [0, 3, 2])
    }
}
