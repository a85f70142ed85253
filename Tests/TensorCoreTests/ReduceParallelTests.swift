import XCTest
@testable import TensorCore

/// The multi-core paths (chunked maps, partial sums, row bands, output-slice splits) give the
/// same results as one thread. The threshold is lowered so that small arrays take them.
final class ReduceParallelTests: XCTestCase {
    func results(_ x: NDArray) throws -> [[Double]] {
        let t = try x.matrixTransposed
        return [
            try NDArray.binary(.add, .array(x), .array(x)).doubles,
            try NDArray.binary(.mul, .array(t), .array(t)).doubles,
            try x.unary(.exp).doubles,
            try x.reduce(.sum, dims: nil, keepdim: false, dtype: nil).doubles,
            try x.reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles,
            try x.reduce(.sum, dims: [1], keepdim: false, dtype: nil).doubles,
            try t.reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles,
            try x.reduce(.amax, dims: [0], keepdim: false, dtype: nil).doubles,
            try x.reduce(.prod, dims: [1], keepdim: false, dtype: nil).doubles,
            try x.casted(to: .int64).reduce(.sum, dims: [0], keepdim: false, dtype: nil).doubles,
        ]
    }

    func testParallelPathsMatchSerial() throws {
        let n = 37 * 53
        let values = (0..<n).map { Double(($0 * 31) % 17) / 8 }
        let x = try T.f(values, [37, 53])
        let saved = Parallel.threshold
        defer { Parallel.threshold = saved }
        Parallel.threshold = Int.max / 64
        let serial = try results(x)
        Parallel.threshold = 0
        let parallel = try results(x)
        for (s, p) in zip(serial, parallel) {
            XCTAssertEqual(s.count, p.count)
            for (a, b) in zip(s, p) { XCTAssertEqual(a, b, accuracy: 1e-3 * max(1, abs(a))) }
        }
    }
}
