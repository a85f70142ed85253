import XCTest
@testable import TensorCore

final class PromotionTests: XCTestCase {
    func arr(_ d: DType, _ shape: [Int] = [2]) throws -> Operand { .array(try NDArray(zeros: shape, dtype: d)) }

    func testPromoteTypesTable() {
        XCTAssertEqual(DType.promote(.int32, .int64), .int64)
        XCTAssertEqual(DType.promote(.uint8, .int8), .int16)
        XCTAssertEqual(DType.promote(.uint8, .int32), .int32)
        XCTAssertEqual(DType.promote(.float32, .float64), .float64)
        XCTAssertEqual(DType.promote(.bool, .uint8), .uint8)
        XCTAssertEqual(DType.promote(.int64, .float32), .float32)
        XCTAssertEqual(DType.promote(.complex64, .float64), .complex128)
    }

    func testResultTypeDimensionedWinsWithinCategory() throws {
        XCTAssertEqual(NDArray.resultType([try arr(.int32), .scalar(.int(5))]), .int32)
        XCTAssertEqual(NDArray.resultType([try arr(.float32), try arr(.float64, [])]), .float32)
        XCTAssertEqual(NDArray.resultType([try arr(.int8), try arr(.int64, [])]), .int8)
        XCTAssertEqual(NDArray.resultType([try arr(.uint8), try arr(.int8)]), .int16)
    }

    func testResultTypeHigherCategoryWins() throws {
        XCTAssertEqual(NDArray.resultType([try arr(.int64), .scalar(.float(2.5))]), .float32)
        XCTAssertEqual(NDArray.resultType([try arr(.int32), try arr(.float64, [])]), .float64)
        XCTAssertEqual(NDArray.resultType([try arr(.bool), .scalar(.int(1))]), .int64)
        XCTAssertEqual(NDArray.resultType([try arr(.float16OrFloat32()), .scalar(.complex(1, 1))]), .complex64)
        XCTAssertEqual(NDArray.resultType([.scalar(.int(1)), .scalar(.float(1))]), .float32)
    }

    func testBroadcastShapes() throws {
        XCTAssertEqual(try NDArray.broadcastShapes([2, 1, 3], [4, 1]), [2, 4, 3])
        XCTAssertEqual(try NDArray.broadcastShapes([], [3]), [3])
        XCTAssertEqual(try NDArray.broadcastShapes([0], [1]), [0])
        XCTAssertThrowsMessage(try NDArray.broadcastShapes([2, 3], [2, 4]),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")
    }
}

private extension DType {
    static func float16OrFloat32() -> DType { .float32 }
}
