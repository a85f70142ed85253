import XCTest
@testable import TensorCore

/// Small constructors and readers shared by the op tests.
enum T {
    static func f(_ values: [Double], _ shape: [Int]? = nil, _ dtype: DType = .float32) throws -> NDArray {
        try NDArray.fromScalars(values.map { .float($0) }, shape: shape ?? [values.count], dtype: dtype)
    }
    static func i(_ values: [Int], _ shape: [Int]? = nil, _ dtype: DType = .int64) throws -> NDArray {
        try NDArray.fromScalars(values.map { .int(Int64($0)) }, shape: shape ?? [values.count], dtype: dtype)
    }
    static func b(_ values: [Bool], _ shape: [Int]? = nil) throws -> NDArray {
        try NDArray.fromScalars(values.map { .bool($0) }, shape: shape ?? [values.count], dtype: .bool)
    }
    static func arange(_ n: Int, _ dtype: DType = .int64) throws -> NDArray {
        try NDArray.arange(start: .int(0), end: .int(Int64(n)), step: .int(1), dtype: dtype)
    }
}

extension NDArray {
    var ints: [Int] { scalars.map { Int($0.int64Value) } }
    var bools: [Bool] { scalars.map(\.boolValue) }
}

func XCTAssertThrowsMessage(_ expression: @autoclosure () throws -> Any, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try expression()
        XCTFail("expected an error: \(message)", file: file, line: line)
    } catch let e as TensorError {
        XCTAssertEqual(e.message, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
