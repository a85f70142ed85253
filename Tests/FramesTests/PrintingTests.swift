import XCTest
@testable import Frames

/// Frames and series print exactly as pandas 3.1 printed them (outputs recorded from pandas).
final class PrintingTests: XCTestCase {
    private func frame(_ columns: [(String, Column)]) throws -> DataFrame { try DataFrame(columns: columns) }

    func testFloatColumnsShareDecimalsAndSwitchToScientific() throws {
        let nan = Double.nan
        let df = try frame([
            ("x", .float64([1.0 / 3.0, 2.5, nan])), ("y", .float64([1e-7, 1.0, 2.0])),
            ("z", .float64([1e7 + 0.5, 2.0, 3.0])), ("w", .float64([123456.789, 1.0, .infinity])),
        ])
        XCTAssertEqual(df.description, """
                      x             y           z           w
            0  0.333333  1.000000e-07  10000000.5  123456.789
            1  2.500000  1.000000e+00         2.0       1.000
            2       NaN  2.000000e+00         3.0         inf
            """)
        XCTAssertEqual(try frame([("x", .float64([1e20, 1.0, 2.5]))]).description, """
                          x
            0  1.000000e+20
            1  1.000000e+00
            2  2.500000e+00
            """)
    }

    func testNegativeNumbersAndText() throws {
        let df = try frame([
            ("x", .float64([-1.5, 2.0, 3.25])), ("i", .int64([-1, 20, 300])),
            ("s", .object([.string("a"), .string("bb"), .missing])),
        ])
        XCTAssertEqual(df.description, """
                  x    i    s
            0 -1.50   -1    a
            1  2.00   20   bb
            2  3.25  300  NaN
            """)
        XCTAssertEqual(try frame([("a\nb", .bool([true]))]).description, """
               a\\nb
            0  True
            """)
        XCTAssertEqual(try frame([("s", .object([.string("a\tb"), .string("x")]))]).description, """
                  s
            0  a\\tb
            1     x
            """)
    }

    func testSeries() throws {
        XCTAssertEqual(Series(name: "v", values: .float64([0.1, 0.25, .nan])).description, """
            0    0.10
            1    0.25
            2     NaN
            Name: v, dtype: float64
            """)
        XCTAssertEqual(Series(name: nil, values: .int64([1, 2, 3])).description, """
            0    1
            1    2
            2    3
            dtype: int64
            """)
        XCTAssertEqual(Series(name: nil, values: .object([.string("a"), .missing, .string("ccc")])).description, """
            0      a
            1    NaN
            2    ccc
            dtype: str
            """)
        XCTAssertEqual(try Series(name: nil, values: .int64([1, 2, 3])).applying(.multiply, .float(2.5)).description, """
            0    2.5
            1    5.0
            2    7.5
            dtype: float64
            """)
        XCTAssertEqual(Series(name: "x", values: .int64([])).description, "Series([], Name: x, dtype: int64)")
    }

    func testLongFramesAndSeriesTruncate() throws {
        let df = try frame([("a", .int64((0..<100).map { Int64($0) })), ("b", .float64((0..<100).map { Double($0) / 7 }))])
        XCTAssertEqual(df.description, """
                 a          b
            0    0   0.000000
            1    1   0.142857
            2    2   0.285714
            3    3   0.428571
            4    4   0.571429
            ..  ..        ...
            95  95  13.571429
            96  96  13.714286
            97  97  13.857143
            98  98  14.000000
            99  99  14.142857

            [100 rows x 2 columns]
            """)
        XCTAssertEqual(Series(name: "x", values: .int64((0..<100).map { Int64($0) })).description, """
            0      0
            1      1
            2      2
            3      3
            4      4
                  ..
            95    95
            96    96
            97    97
            98    98
            99    99
            Name: x, Length: 100, dtype: int64
            """)
    }

    func testWideFramesDropMiddleColumns() throws {
        let df = try frame((0..<25).map { i in ("c\(i)", Column.float64([Double(i) * 1.5, Double(i)])) })
        XCTAssertEqual(df.description, """
                c0   c1   c2   c3   c4   c5  ...   c19   c20   c21   c22   c23   c24
            0  0.0  1.5  3.0  4.5  6.0  7.5  ...  28.5  30.0  31.5  33.0  34.5  36.0
            1  0.0  1.0  2.0  3.0  4.0  5.0  ...  19.0  20.0  21.0  22.0  23.0  24.0

            [2 rows x 25 columns]
            """)
        let wide = try frame((0..<12).map { i in ("column_\(i)", Column.float64([Double(i) * 1.5, Double(i)])) })
        XCTAssertEqual(wide.description, """
               column_0  column_1  column_2  ...  column_9  column_10  column_11
            0       0.0       1.5       3.0  ...      13.5       15.0       16.5
            1       0.0       1.0       2.0  ...       9.0       10.0       11.0

            [2 rows x 12 columns]
            """)
    }

    func testEmptyFrameAndLabelledRows() throws {
        let df = try frame([("a", .int64([1, 2])), ("b", .float64([1.5, 2.5]))])
        XCTAssertEqual(df.head(0).description, "Empty DataFrame\nColumns: [a, b]\nIndex: []")
        XCTAssertEqual(try df.iloc(.position(1)).series?.description, """
            a    2.0
            b    2.5
            Name: 1, dtype: float64
            """)
        XCTAssertEqual(try df.iloc(.position(1), .position(0)).scalar, .int(2))
        let counts = Series(name: nil, values: .object([.string("a"), .string("b"), .string("a"), .missing])).valueCounts()
        XCTAssertEqual(counts.description, """
            a    2
            b    1
            Name: count, dtype: int64
            """)
    }

    func testReductionsOverMixedColumns() throws {
        let df = try frame([("a", .int64([1, 2])), ("b", .bool([true, false])), ("c", .float64([1.5, .nan]))])
        XCTAssertEqual(try df.reduce(.mean).description, """
            a    1.5
            b    0.5
            c    1.5
            dtype: float64
            """)
        XCTAssertEqual(try df.reduce(.sum).description, """
            a    3.0
            b    1.0
            c    1.5
            dtype: float64
            """)
    }

    func testNegativeIntegersTakeNoSignSpace() throws {
        let df = try frame([("a", .int64([-8559969810, -5])), ("b", .float64([1.5, 2]))])
        XCTAssertEqual(df.description, """
                        a    b
            0 -8559969810  1.5
            1          -5  2.0
            """)
    }

    func testQuantilesInterpolateLikeNumPy() throws {
        // NumPy's `_lerp` works from the nearer end, which changes the last printed digit here.
        XCTAssertEqual(Column.quantile([-2.2211734, -2.2211726], 0.75), -2.2211726 - (-2.2211726 - -2.2211734) * 0.25)
        let s = Series(name: "x", values: .int64([1, 2, 3, 4]))
        XCTAssertEqual(try s.describe().description, """
            count    4.000000
            mean     2.500000
            std      1.290994
            min      1.000000
            25%      1.750000
            50%      2.500000
            75%      3.250000
            max      4.000000
            Name: x, dtype: float64
            """)
    }

    func testSumsAddInNumPysOrder() throws {
        // Values pandas reduced to these exact doubles (pairwise sums; cast buffers for ints).
        let ints: [Int64] = (0..<300_000).map { Int64(($0 * 7919) % 1_000_003) }
        let floats: [Double] = ints.map { Double($0) / 7.0 - 60000.0 }
        let f = Series(name: nil, values: .float64(floats))
        XCTAssertEqual(try f.reduce(.mean), .float(11422.16272809524))
        XCTAssertEqual(try f.reduce(.std), .float(41238.159617058125))
        XCTAssertEqual(try f.reduce(.sum), .float(3426648818.4285717))
        let i = Series(name: nil, values: .int64(ints))
        XCTAssertEqual(try i.reduce(.mean), .float(499955.13909666665))
        XCTAssertEqual(try i.reduce(.std), .float(288667.1173194068))
        XCTAssertEqual(try Series(name: nil, values: .float64([-0.0, 0.0])).reduce(.min), .float(0.0))
        XCTAssertEqual(try Series(name: nil, values: .float64([0.0, -0.0])).reduce(.min).doubleValue?.sign, .minus)
    }
}
