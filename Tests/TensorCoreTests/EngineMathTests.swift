import Foundation
import XCTest
@testable import TensorCore

/// The engine's float32 exp: the array kernel (vectorised) and the scalar function give the
/// same bits, within 1 ulp of the C library, with IEEE special values.
final class EngineMathTests: XCTestCase {
    private func ulps(_ a: Float, _ b: Float) -> Int {
        if a.isNaN && b.isNaN { return 0 }
        if a == b { return 0 }
        return abs(Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern)))
    }

    func testExpArrayMatchesScalarAndLibm() throws {
        var values: [Float] = [0, -0.0, 1, -1, 0.5, 88.72283, 88.7229, 89, -87.33654, -103.9, -103.98, -104, -200, 200,
                               .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                               .leastNonzeroMagnitude, 1e-30]
        var state: UInt32 = 7
        for _ in 0..<20_000 {
            state = state &* 1664525 &+ 1013904223
            let v = Float(bitPattern: state)
            values.append(v.isNaN ? 0 : v)
            values.append(Float(Int32(bitPattern: state) % 200_000) / 1000)
        }
        if values.count % 2 == 1 { values.removeLast() }
        let x = try NDArray(values, shape: [values.count])
        let y = try x.unary(.exp)
        let p = y.pointer(as: Float.self)
        for (i, v) in values.enumerated() {
            let scalar = EngineMath.exp(v)
            XCTAssertEqual(p[i].bitPattern, scalar.bitPattern, "array vs scalar at \(v)")
            XCTAssertLessThanOrEqual(ulps(p[i], expf(v)), 1, "exp(\(v)) = \(p[i]), libm \(expf(v))")
        }
        XCTAssertTrue(EngineMath.exp(.nan).isNaN)
        XCTAssertEqual(EngineMath.exp(.infinity), .infinity)
        XCTAssertEqual(EngineMath.exp(-.infinity), 0)
        XCTAssertEqual(EngineMath.exp(0), 1)
        // A strided view takes the scalar function per element: same bits.
        let m = try x.reshaped([2, values.count / 2]).matrixTransposed
        let ym = try m.unary(.exp)
        XCTAssertEqual(ym.scalars.map { Float($0.doubleValue).bitPattern },
                       m.scalars.map { EngineMath.exp(Float($0.doubleValue)).bitPattern })
    }
}
