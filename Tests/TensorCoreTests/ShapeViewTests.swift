import XCTest
@testable import TensorCore

final class ShapeViewTests: XCTestCase {
    func testReshapeViewSharesStorage() throws {
        let x = try T.arange(12)
        let v = try x.reshaped([3, -1])
        XCTAssertEqual(v.shape, [3, 4])
        XCTAssertTrue(v.storage === x.storage)
        try v.assign([.int(1), .int(2)], .scalar(.int(100)))
        XCTAssertEqual(x.ints[6], 100)
        XCTAssertThrowsMessage(try x.reshaped([5, -1]), "shape '[5, -1]' is invalid for input of size 12")
        XCTAssertThrowsMessage(try x.reshaped([-1, -1]), "only one dimension can be inferred")
    }

    func testViewOfTransposeFailsReshapeCopies() throws {
        let t = try T.arange(6).reshaped([2, 3]).matrixTransposed
        XCTAssertThrowsMessage(try t.viewed([6]),
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        let r = try t.reshaped([6])
        XCTAssertFalse(r.storage === t.storage)
        XCTAssertEqual(r.ints, [0, 3, 1, 4, 2, 5])
        // Splitting a dim of a transposed array is still a view.
        let s = try T.arange(12).reshaped([3, 4]).matrixTransposed.viewed([2, 2, 3])
        XCTAssertEqual(s.ints, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    func testSqueezeUnsqueezePermuteMovedim() throws {
        let x = try NDArray(zeros: [2, 1, 3, 1], dtype: .float32)
        XCTAssertEqual(try x.squeezed(nil).shape, [2, 3])
        XCTAssertEqual(try x.squeezed([1]).shape, [2, 3, 1])
        XCTAssertEqual(try x.squeezed([0]).shape, [2, 1, 3, 1])
        XCTAssertEqual(try x.unsqueezed(-1).shape, [2, 1, 3, 1, 1])
        XCTAssertEqual(try x.permuted([3, 2, 1, 0]).shape, [1, 3, 1, 2])
        XCTAssertEqual(try x.movedim([0], [-1]).shape, [1, 3, 1, 2])
        XCTAssertThrowsMessage(try x.transposed(0, 4), "Dimension out of range (expected to be in range of [-4, 3], but got 4)")
        XCTAssertThrowsMessage(try x.permuted([0, 0, 1, 2]), "permute(): duplicate dims are not allowed.")
    }

    func testExpandNarrowDiagonalFlatten() throws {
        let x = try T.i([1, 2, 3])
        let e = try x.unsqueezed(0).expanded(to: [2, -1])
        XCTAssertEqual(e.ints, [1, 2, 3, 1, 2, 3])
        XCTAssertEqual(e.strides, [0, 1])
        let m = try T.arange(9).reshaped([3, 3])
        XCTAssertEqual(try m.narrowed(dim: 1, start: 1, length: 2).ints, [1, 2, 4, 5, 7, 8])
        XCTAssertEqual(try m.diagonal(offset: 0, dim1: 0, dim2: 1).ints, [0, 4, 8])
        XCTAssertEqual(try m.diagonal(offset: 1, dim1: 0, dim2: 1).ints, [1, 5])
        XCTAssertEqual(try m.diagonal(offset: -1, dim1: 0, dim2: 1).ints, [3, 7])
        XCTAssertEqual(try NDArray(zeros: [2, 3, 4], dtype: .int8).flattened(startDim: 1, endDim: -1).shape, [2, 12])
        XCTAssertEqual(try NDArray(zeros: [2, 12], dtype: .int8).unflattened(dim: 1, sizes: [3, -1]).shape, [2, 3, 4])
        XCTAssertThrowsMessage(try m.narrowed(dim: 0, start: 2, length: 2), "start (2) + length (2) exceeds dimension size (3).")
    }

    func testCatStackSplitChunk() throws {
        let a = try T.arange(4).reshaped([2, 2])
        let b = try T.f([9, 9], [2, 1])
        let c = try NDArray.cat([a, b], dim: 1)
        XCTAssertEqual(c.dtype, .float32)
        XCTAssertEqual(c.doubles, [0, 1, 9, 2, 3, 9])
        XCTAssertEqual(try NDArray.cat([T.i([]), T.i([1])], dim: 0).ints, [1])
        XCTAssertThrowsMessage(try NDArray.cat([a, T.i([1, 2, 3], [1, 3])], dim: 0),
            "Sizes of tensors must match except in dimension 0. Expected size 2 but got size 3 for tensor number 1 in the list.")
        let s = try NDArray.stack([T.i([1, 2]), T.i([3, 4])], dim: 1)
        XCTAssertEqual(s.shape, [2, 2])
        XCTAssertEqual(s.ints, [1, 3, 2, 4])
        let parts = try T.arange(5).chunk(2, dim: 0)
        XCTAssertEqual(parts.map(\.ints), [[0, 1, 2], [3, 4]])
        XCTAssertEqual(try T.arange(5).split(sizes: [1, 4], dim: 0).map(\.count), [1, 4])
        XCTAssertEqual(try a.unbind(dim: 1).map(\.ints), [[0, 2], [1, 3]])
    }

    func testRepeatTileFlipRollTriangles() throws {
        let x = try T.i([1, 2])
        XCTAssertEqual(try x.repeated([2, 2]).ints, [1, 2, 1, 2, 1, 2, 1, 2])
        XCTAssertEqual(try x.repeated([2, 2]).shape, [2, 4])
        XCTAssertEqual(try x.tiled([2]).ints, [1, 2, 1, 2])
        let m = try T.arange(6).reshaped([2, 3])
        XCTAssertEqual(try m.flipped([1]).ints, [2, 1, 0, 5, 4, 3])
        XCTAssertEqual(try m.flipped([0, 1]).ints, [5, 4, 3, 2, 1, 0])
        XCTAssertEqual(try m.rolled(shifts: [1], dims: [1]).ints, [2, 0, 1, 5, 3, 4])
        XCTAssertEqual(try m.rolled(shifts: [2], dims: []).ints, [4, 5, 0, 1, 2, 3])
        let ones = try NDArray.full([3, 3], .int(1), dtype: .int64)
        XCTAssertEqual(try ones.tril(0).ints, [1, 0, 0, 1, 1, 0, 1, 1, 1])
        XCTAssertEqual(try ones.triu(1).ints, [0, 1, 1, 0, 0, 1, 0, 0, 0])
        XCTAssertEqual(try x.diagEmbedOrExtract(0).ints, [1, 0, 0, 2])
        XCTAssertEqual(try T.arange(4).reshaped([2, 2]).diagEmbedOrExtract(0).ints, [0, 3])
    }
}

/// Huge or extreme arguments are errors or empty results, never arithmetic traps.
final class ShapeRobustnessTests: XCTestCase {
    func testExtremeArgumentsDoNotTrap() throws {
        let x = try T.arange(6).reshaped([2, 3])
        XCTAssertThrowsError(try x.repeated([Int.max / 2, 4, 1]))
        XCTAssertThrowsError(try x.unsqueezed(0).expanded(to: [Int.max / 2, 2, 3]))
        XCTAssertThrowsError(try x.narrowed(dim: 1, start: 1, length: Int.max))
        XCTAssertEqual(try x.diagonal(offset: Int.min, dim1: 0, dim2: 1).count, 0)
        XCTAssertEqual(try x.diagonal(offset: Int.max, dim1: 0, dim2: 1).count, 0)
        XCTAssertThrowsError(try T.i([1]).diagEmbedOrExtract(Int.min))
        XCTAssertEqual(try x.chunk(Int.max, dim: 1).count, 3)
        XCTAssertThrowsError(try x.split(sizes: [Int.max, Int.max, 4], dim: 1))
        XCTAssertEqual(try x.subscripted([.slice(start: nil, stop: nil, step: Int.max)]).shape, [1, 3])
        XCTAssertEqual(try x.subscripted([.slice(start: Int.min, stop: Int.max, step: nil)]).shape, [2, 3])
        XCTAssertThrowsError(try NDArray.broadcastShapes([Int.max / 2, 1], [1, 4]))
        XCTAssertThrowsError(try x.unflattened(dim: 1, sizes: [Int.max, Int.max]))
        XCTAssertThrowsError(try NDArray.arange(start: .float(0), end: .float(1), step: .float(.nan), dtype: nil))
        XCTAssertEqual(try NDArray.binary(.floorDiv, .array(T.i([Int(Int64.min)])), .scalar(.int(-1))).ints, [Int(Int64.min)])
        XCTAssertEqual(try NDArray.binary(.remainder, .array(T.i([Int(Int64.min)])), .scalar(.int(-1))).ints, [0])
    }
}
