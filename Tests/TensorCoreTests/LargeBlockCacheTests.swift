import XCTest
@testable import TensorCore

/// Freed large blocks serve later unzeroed allocations of about their size, never zero-filled
/// ones.
final class LargeBlockCacheTests: XCTestCase {
    func testReuseRules() throws {
        let bytes = 6 << 20
        var first: Storage? = try Storage(byteCount: bytes, zeroed: false)
        let address = first!.pointer
        XCTAssertEqual(Int(bitPattern: address) % 64, 0)
        first!.pointer.storeBytes(of: 0xAB, as: UInt8.self)
        first = nil
        // Same size, unzeroed: the same block.
        var second: Storage? = try Storage(byteCount: bytes - 1000, zeroed: false)
        XCTAssertEqual(second!.pointer, address)
        XCTAssertEqual(second!.byteCount, bytes - 1000)
        second = nil
        // Zero-filled requests never see old contents.
        let zeroed = try Storage(byteCount: bytes, zeroed: true)
        XCTAssertNotEqual(zeroed.pointer, address)
        XCTAssertEqual(zeroed.pointer.load(as: UInt8.self), 0)
        // A much smaller request does not take (and waste) the big block.
        let small = try Storage(byteCount: bytes / 2, zeroed: false)
        XCTAssertNotEqual(small.pointer, address)
        _ = (zeroed, small)
    }

    func testArithmeticOnReusedBlocks() throws {
        // Results computed into reused blocks are right (nothing reads old contents).
        let n = 2_000_000
        let x = try NDArray([Float](repeating: 1.5, count: n), shape: [n])
        for k in 0..<3 {
            let y = try NDArray.binary(.add, .array(x), .scalar(.int(Int64(k))))
            XCTAssertEqual(y.pointer(as: Float.self)[0], 1.5 + Float(k))
            XCTAssertEqual(y.pointer(as: Float.self)[n - 1], 1.5 + Float(k))
            let z = try NDArray.binary(.mul, .array(y), .array(x))
            XCTAssertEqual(z.pointer(as: Float.self)[n / 2], (1.5 + Float(k)) * 1.5)
        }
    }
}
