import XCTest
@testable import TensorCore

/// `x[mask]` compacts without branches; check it against the definition on masks that end on
/// either value, are empty or full, and on views and several dtypes.
final class MaskSelectTests: XCTestCase {
    private func expected(_ x: NDArray, _ mask: [Bool]) -> [String] {
        zip(x.scalars, mask).filter { $0.1 }.map { "\($0.0)" }
    }

    func testMatchesDefinition() throws {
        var state: UInt64 = 12345
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        for n in [1, 2, 7, 64, 1000] {
            let patterns: [[Bool]] = [
                (0..<n).map { _ in next() % 2 == 0 },
                Array(repeating: false, count: n),
                Array(repeating: true, count: n),
                (0..<n).map { $0 == n - 1 },
                (0..<n).map { $0 == 0 },
            ]
            for dtype in [DType.float32, .int64, .int8, .bool, .float64] {
                let x = try NDArray(scalars: (0..<n).map { .int(Int64($0 % 5)) }, shape: [n], dtype: dtype)
                for p in patterns {
                    let m = try NDArray(scalars: p.map { .bool($0) }, shape: [n], dtype: .bool)
                    let r = try x.subscripted([.array(m)])
                    XCTAssertEqual(r.shape, [p.filter { $0 }.count])
                    XCTAssertEqual(r.scalars.map { "\($0)" }, expected(x, p), "\(dtype) n=\(n)")
                }
            }
        }
    }

    func testViews() throws {
        let x = try NDArray(scalars: (0..<12).map { .int(Int64($0)) }, shape: [3, 4], dtype: .int64)
        let t = try x.matrixTransposed
        let m = try NDArray.binary(.gt, .array(t), .scalar(.int(5)))
        XCTAssertEqual(try t.subscripted([.array(m)]).scalars.map(\.int64Value), [8, 9, 6, 10, 7, 11])
    }
}
