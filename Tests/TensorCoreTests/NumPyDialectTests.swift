import Foundation
import XCTest
@testable import TensorCore

/// NumPy's number text, printing layout, promotion tables and summation order.
final class NumPyDialectTests: XCTestCase {
    // MARK: Digits

    func testShortestDigitsRoundTripAtTheElementsPrecision() {
        XCTAssertEqual(NumPyDigits.scalarText(0.1, float32: false), "0.1")
        XCTAssertEqual(NumPyDigits.scalarText(Double(Float(0.1)), float32: true), "0.1")
        XCTAssertEqual(NumPyDigits.scalarText(Double(Float(0.1)), float32: false), "0.10000000149011612")
        XCTAssertEqual(NumPyDigits.scalarText(0.1 + 0.2, float32: false), "0.30000000000000004")
        XCTAssertEqual(NumPyDigits.scalarText(1.0, float32: false), "1.0")
        XCTAssertEqual(NumPyDigits.scalarText(-0.0, float32: false), "-0.0")
        XCTAssertEqual(NumPyDigits.scalarText(1e16, float32: false), "1e+16")
        XCTAssertEqual(NumPyDigits.scalarText(9.5e15, float32: false), "9500000000000000.0")
        XCTAssertEqual(NumPyDigits.scalarText(1e-5, float32: false), "1e-05")
        XCTAssertEqual(NumPyDigits.scalarText(0.0001, float32: false), "0.0001")
        XCTAssertEqual(NumPyDigits.scalarText(1.5e300, float32: false), "1.5e+300")
        XCTAssertEqual(NumPyDigits.scalarText(.nan, float32: false), "nan")
        XCTAssertEqual(NumPyDigits.scalarText(-.infinity, float32: true), "-inf")
    }

    func testPositionalDigitsAreCutAtThePrecisionAndRoundedExactly() {
        XCTAssertEqual(NumPyDigits.positional(1.0 / 3, float32: false, precision: 8).fraction, "33333333")
        XCTAssertEqual(NumPyDigits.positional(2.0 / 3, float32: false, precision: 8).fraction, "66666667")
        XCTAssertEqual(NumPyDigits.positional(2.0000000001, float32: false, precision: 8).fraction, "")
        XCTAssertEqual(NumPyDigits.positional(0.125, float32: false, precision: 2).fraction, "12")
        XCTAssertEqual(NumPyDigits.positional(Double(Float(1.0 / 3)), float32: true, precision: 8).fraction, "33333334")
        XCTAssertEqual(NumPyDigits.positional(-0.0, float32: false, precision: 8).integer, "-0")
        XCTAssertEqual(NumPyDigits.positional(123456.5, float32: false, precision: 8).integer, "123456")
    }

    func testScientificDigits() {
        let s = NumPyDigits.scientific(123456.5, float32: false, precision: 8)
        XCTAssertEqual(s.integer, "1")
        XCTAssertEqual(s.fraction, "234565")
        XCTAssertEqual(s.exponent, 5)
        XCTAssertEqual(NumPyDigits.exponentText(-5, minDigits: 2), "e-05")
        XCTAssertEqual(NumPyDigits.exponentText(300, minDigits: 2), "e+300")
    }

    // MARK: Layout

    func array(_ values: [Double], _ shape: [Int]? = nil) throws -> NDArray {
        try NDArray(values, shape: shape ?? [values.count])
    }

    func testFloatsSharePaddingAndSwitchToScientificTogether() throws {
        XCTAssertEqual(try array([0, 0.1, 0.2]).numpyRepr(), "array([0. , 0.1, 0.2])")
        XCTAssertEqual(try array([0, 0.1, 0.2]).numpyStr(), "[0.  0.1 0.2]")
        XCTAssertEqual(try array([-1.5, 2, 3.25]).numpyRepr(), "array([-1.5 ,  2.  ,  3.25])")
        XCTAssertEqual(try array([1e-5, 1e5]).numpyRepr(), "array([1.e-05, 1.e+05])")
        XCTAssertEqual(try array([1.5, 2500, 0.001]).numpyRepr(), "array([1.5e+00, 2.5e+03, 1.0e-03])")
        XCTAssertEqual(try array([999.5, 1.25]).numpyRepr(), "array([999.5 ,   1.25])")
        XCTAssertEqual(try array([.nan, .infinity, -.infinity, 1]).numpyRepr(), "array([ nan,  inf, -inf,   1.])")
        var suppressed = NumPyPrintOptions()
        suppressed.suppress = true
        XCTAssertEqual(try array([1e-5, 1, 1000.5]).numpyRepr(options: suppressed), "array([   0.00001,    1.     , 1000.5    ])")
    }

    func testDTypeSuffixesEmptyArraysAndZeroD() throws {
        XCTAssertEqual(try NDArray([Int32(1), 2], shape: [2]).numpyRepr(), "array([1, 2], dtype=int32)")
        XCTAssertEqual(try NDArray([Float(0.1), 2.5], shape: [2]).numpyRepr(), "array([0.1, 2.5], dtype=float32)")
        XCTAssertEqual(try NDArray([true, false], shape: [2]).numpyRepr(), "array([ True, False])")
        XCTAssertEqual(try NDArray(zeros: [0, 3], dtype: .float64).numpyRepr(), "array([], shape=(0, 3), dtype=float64)")
        XCTAssertEqual(try NDArray(zeros: [0], dtype: .int64).numpyRepr(), "array([], dtype=int64)")
        XCTAssertEqual(NDArray(scalar: .float(2.5), dtype: .float64).numpyRepr(), "array(2.5)")
        XCTAssertEqual(NDArray(scalar: .float(2.5), dtype: .float64).numpyStr(), "2.5")
    }

    func testWrappingAndSummaries() throws {
        let long = try array((0..<40).map { Double($0) * 1.5 })
        let lines = long.numpyRepr().split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 75 })
        XCTAssertTrue(lines[1].hasPrefix("       16.5"))
        let big = try NDArray((0..<2000).map { Int64($0) }, shape: [2000])
        XCTAssertEqual(big.numpyRepr(), "array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))")
        XCTAssertEqual(big.numpyStr(), "[   0    1    2 ... 1997 1998 1999]")
        let exactly = try NDArray((0..<1000).map { Int64($0) }, shape: [1000])
        XCTAssertFalse(exactly.numpyRepr().contains("..."))
    }

    // MARK: Promotion

    func testPromotionMatchesTheTableGeneratedByNumPy() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/numpy-promotion.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let python: [String: Scalar] = ["bool": .bool(true), "int": .int(1), "float": .float(1.5), "complex": .complex(0, 1)]
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: " ").map(String.init)
            XCTAssertEqual(f.count, 4, "malformed line \(line)")
            guard f.count == 4, let a = DType(name: f[1]), let expected = DType(name: f[3]) else { continue }
            if f[0] == "promote" {
                guard let b = DType(name: f[2]) else { XCTFail("unknown dtype in \(line)"); continue }
                XCTAssertEqual(NumPyPromotion.promote(a, b), expected, String(line))
            } else {
                guard let s = python[f[2]] else { XCTFail("unknown kind in \(line)"); continue }
                XCTAssertEqual(NumPyPromotion.resultType(strong: [a], weak: [s]), expected, String(line))
            }
            checked += 1
        }
        XCTAssertEqual(checked, 140)
    }

    func testBroadcastMessageIsNumPys() {
        XCTAssertThrowsError(try NumPyPromotion.broadcastShapes([[3, 4], [3]])) { error in
            XCTAssertEqual((error as? TensorError)?.message, "operands could not be broadcast together with shapes (3,4) (3,) ")
        }
        XCTAssertEqual(try NumPyPromotion.broadcastShapes([[3, 1], [1, 2]]), [3, 2])
    }

    // MARK: Sums

    func testFloatSumsAddInNumPysPairwiseOrder() throws {
        let tenth = try array(Array(repeating: 0.1, count: 10))
        XCTAssertEqual(try tenth.numpyFloatSum(axes: nil, keepdims: false).item(), .float(1.0))
        let thousand = try array(Array(repeating: 0.1, count: 1000))
        XCTAssertEqual(try thousand.numpyFloatSum(axes: nil, keepdims: false).item(), .float(100.00000000000001))
        let rows = try array([1, 2, 3, 4, 5, 6], [2, 3])
        XCTAssertEqual(try rows.numpyFloatSum(axes: [0], keepdims: false).doubles, [5, 7, 9])
        XCTAssertEqual(try rows.numpyFloatSum(axes: [1], keepdims: true).shape, [2, 1])
    }

    func testParallelSumsMatchTheSerialOrderBitForBit() throws {
        var g = NumPyLegacyRandom(seed: 7)
        let flat = try array((0..<100_003).map { _ in g.randomSample() * 1000 })
        let grid = try array((0..<(301 * 257)).map { _ in g.randomSample() - 0.5 }, [301, 257])
        let saved = Parallel.threshold
        defer { Parallel.threshold = saved }
        var results: [[[Double]]] = []
        for threshold in [Int.max, 64] {
            Parallel.threshold = threshold
            results.append([try flat.numpyFloatSum(axes: nil, keepdims: false).doubles,
                            try grid.numpyFloatSum(axes: [0], keepdims: false).doubles,
                            try grid.numpyFloatSum(axes: [1], keepdims: false).doubles,
                            try flat.converted(to: .float32).numpyFloatSum(axes: nil, keepdims: false).doubles])
        }
        for (serial, parallel) in zip(results[0], results[1]) {
            XCTAssertEqual(serial.map(\.bitPattern), parallel.map(\.bitPattern))
        }
    }

    // MARK: Random

    func testLegacyStreamMatchesNumPy() {
        // np.random.seed(0); np.random.rand(3) and then np.random.randint(10, size=3)
        var r = NumPyLegacyRandom(seed: 0)
        let u = (0..<3).map { _ in r.randomSample() }
        XCTAssertEqual(u, [0.5488135039273248, 0.7151893663724195, 0.6027633760716439])
        var n = NumPyLegacyRandom(seed: 0)
        XCTAssertEqual(n.gauss(), 1.764052345967664)
        XCTAssertEqual(n.gauss(), 0.4001572083672233)
    }
}
