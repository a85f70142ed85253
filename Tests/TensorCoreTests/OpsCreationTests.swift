import XCTest
@testable import TensorCore

final class OpsCreationTests: XCTestCase {
    func testArange() throws {
        let a = try NDArray.arange(start: .int(1), end: .int(10), step: .int(2), dtype: nil)
        XCTAssertEqual(a.dtype, .int64)
        XCTAssertEqual(a.ints, [1, 3, 5, 7, 9])
        let f = try NDArray.arange(start: .int(0), end: .int(1), step: .float(0.25), dtype: nil)
        XCTAssertEqual(f.dtype, .float32)
        XCTAssertEqual(f.doubles, [0, 0.25, 0.5, 0.75])
        XCTAssertEqual(try NDArray.arange(start: .int(0), end: .float(4.0), step: .int(1), dtype: nil).count, 4)
        XCTAssertThrowsMessage(try NDArray.arange(start: .int(0), end: .int(3), step: .int(0), dtype: nil), "step must be nonzero")
        XCTAssertThrowsMessage(try NDArray.arange(start: .int(5), end: .int(0), step: .int(1), dtype: nil),
                               "upper bound and larger bound inconsistent with step sign")
    }

    func testLinspaceLogspaceEyeFull() throws {
        XCTAssertEqual(try NDArray.linspace(start: 0, end: 1, steps: 5, dtype: .float32).doubles, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(try NDArray.logspace(start: 0, end: 2, steps: 3, base: 10, dtype: .float64).doubles, [1, 10, 100])
        XCTAssertEqual(try NDArray.eye(2, 3, dtype: .int64).ints, [1, 0, 0, 0, 1, 0])
        XCTAssertEqual(try NDArray.full([2], .float(7.5), dtype: .float32).doubles, [7.5, 7.5])
    }

    func testFromScalarsInference() throws {
        XCTAssertEqual(try NDArray.fromScalars([.int(1), .float(2)], shape: [2], dtype: nil).dtype, .float32)
        XCTAssertEqual(try NDArray.fromScalars([.bool(true), .int(2)], shape: [2], dtype: nil).dtype, .int64)
        XCTAssertEqual(try NDArray.fromScalars([.bool(true)], shape: [1], dtype: nil).dtype, .bool)
        XCTAssertEqual(try NDArray.fromScalars([], shape: [0], dtype: nil).dtype, .float32)
        XCTAssertThrowsError(try NDArray.fromScalars([.int(1)], shape: [2], dtype: nil))
    }
}
