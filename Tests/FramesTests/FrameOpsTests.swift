import XCTest
import TensorCore
@testable import Frames

/// Selection, encoding and conversion, with pandas 3.1's results.
final class FrameOpsTests: XCTestCase {
    func testGetDummiesNamesAndOrder() throws {
        let df = try DataFrame(columns: [
            ("a", .int64([1, 2, 1])), ("b", .object([.string("x"), .string("y"), .missing])),
            ("c", .object([.string("q"), .string("q"), .string("p")])),
        ])
        XCTAssertEqual(try Dummies.encode(df, columns: ["a", "b"]).description, """
               c    a_1    a_2    b_x    b_y
            0  q   True  False   True  False
            1  q  False   True  False   True
            2  p   True  False  False  False
            """)
        let floats = try Dummies.encode(try DataFrame(columns: [("b", .object([.string("y"), .string("x"), .missing]))]), dtype: .float64)
        XCTAssertEqual(floats.description, """
               b_x  b_y
            0  0.0  1.0
            1  1.0  0.0
            2  0.0  0.0
            """)
        let series = Series(name: nil, values: .object([.string("b"), .string("a"), .string("b")]))
        XCTAssertEqual(try Dummies.encode(series).description, """
                   a      b
            0  False   True
            1   True  False
            2  False   True
            """)
        XCTAssertEqual(try Dummies.encode(df, prefixSeparator: "=").columnNames, ["a", "b=x", "b=y", "c=p", "c=q"])
    }

    func testSelections() throws {
        let df = try DataFrame(columns: [("a", .int64([1, 2, 3])), ("b", .int64([4, 5, 6]))])
        XCTAssertEqual(try df.loc(.slice(start: .int(1), stop: .int(2)), .label(.string("b"))).series?.description, """
            1    5
            2    6
            Name: b, dtype: int64
            """)
        XCTAssertEqual(try df.iloc(.slice(start: nil, stop: nil, step: -2)).frame?.description, """
               a  b
            2  3  6
            0  1  4
            """)
        XCTAssertEqual(try df.iloc(.positions([-1, 0]), .positions([1])).frame?.description, """
               b
            2  6
            0  4
            """)
        let mask = try df.column("a").applying(.greaterEqual, .int(2))
        XCTAssertEqual(try df.loc(.mask([false, true, true]), .all).frame, try df.filtered(by: mask))
        XCTAssertEqual(try df.filtered(by: mask).index.repr, "RangeIndex(start=1, stop=3, step=1)")
        let six = try DataFrame(columns: [("a", .int64([0, 1, 2, 3, 4, 5]))])
        XCTAssertEqual(try six.rows([0, 1, 3]).index.repr, "Index([0, 1, 3], dtype='int64')")
        XCTAssertEqual(try six.rows([5, 3, 1]).index.repr, "RangeIndex(start=5, stop=-1, step=-2)")
        XCTAssertEqual(try six.rows([2]).index.repr, "RangeIndex(start=2, stop=3, step=1)")
        XCTAssertEqual(try six.rows([]).index.repr, "RangeIndex(start=0, stop=0, step=1)")
        XCTAssertFrameError(try six.rows([6]), .index, "positions are out-of-bounds")
        XCTAssertEqual(try six.iloc(.slice(start: nil, stop: nil, step: -1)).frame?.index.repr, "RangeIndex(start=5, stop=-1, step=-1)")
        XCTAssertEqual(try six.rows([1, 3]).rows([0, 1]).index.repr, "RangeIndex(start=1, stop=5, step=2)")
        XCTAssertEqual(try df.tail(2).index.repr, "RangeIndex(start=1, stop=3, step=1)")
        XCTAssertFrameError(try df.iloc(.position(3)), .index, "single positional indexer is out-of-bounds")
        XCTAssertFrameError(try df.loc(.label(.int(7))), .key, "7")
        XCTAssertFrameError(try df.iloc(.slice(start: nil, stop: nil, step: 0)), .value, "slice step cannot be zero")
    }

    func testMissingValueHandling() throws {
        let df = try DataFrame(columns: [
            ("x", .float64([1, .nan, .nan])), ("s", .object([.string("a"), .missing, .missing])),
        ])
        XCTAssertEqual(try df.dropna(how: "all").rowCount, 1)
        XCTAssertEqual(df.isna().description, """
                   x      s
            0  False  False
            1   True   True
            2   True   True
            """)
        XCTAssertEqual(df.fillna(.string("zz")).columnValues[1], .object([.string("a"), .string("zz"), .string("zz")]))
        XCTAssertEqual(df.fillna(.int(0)).columnValues[0].dtype, .float64)
        XCTAssertEqual(try df.column("x").dropna().description, """
            0    1.0
            Name: x, dtype: float64
            """)
    }

    func testConversionsToArrays() throws {
        let df = try DataFrame(columns: [("i", .int64([1, 2])), ("b", .bool([true, false]))])
        let values = try df.toNDArray()
        XCTAssertEqual(values.dtype, .float64)
        XCTAssertEqual(values.doubles, [1, 1, 2, 0])
        XCTAssertEqual(try df.toNDArray(dtype: .int64).dtype, .int64)
        XCTAssertEqual(try df.column("b").toNDArray().dtype, .bool)
        let text = try DataFrame(columns: [("s", .object([.string("1.5"), .string("x")]))])
        XCTAssertFrameError(try text.toNDArray(), .value,
                            "column 's' holds str values, which have no tensor dtype: encode it with pd.get_dummies or drop it first")
        XCTAssertEqual(try DataFrame(columns: [("s", .object([.string("1.5")]))]).toNDArray(dtype: .float64).doubles, [1.5])
        XCTAssertEqual(try df.astype(.float64).columnValues[1], .float64([1, 0]))
    }

    func testConcatenationAndDTypeComparisons() throws {
        let a = try DataFrame(columns: [("a", .int64([1, 2])), ("b", .object([.string("x"), .string("y")]))])
        let b = try DataFrame(columns: [("b", .object([.string("z")])), ("c", .float64([1.5]))])
        let both = try DataFrame.concatenating(rows: [a, b])
        XCTAssertEqual(both.description, """
                 a  b    c
            0  1.0  x  NaN
            1  2.0  y  NaN
            0  NaN  z  1.5
            """)
        XCTAssertEqual(both.index.repr, "Index([0, 1, 0], dtype='int64')")
        XCTAssertEqual(try DataFrame.concatenating(columns: [a, a]).columnNames, ["a", "b", "a", "b"])
        XCTAssertEqual(try a.dtypes.applying(.notEqual, .string("int64")).values, .bool([false, true]))
        XCTAssertEqual(try Series(name: nil, values: .bool([true, false, true])).describe().description, """
            count        3
            unique       2
            top       True
            freq         2
            dtype: object
            """)
    }

    func testExtremeArgumentsDoNotTrap() throws {
        let df = try DataFrame(columns: [("a", .int64([Int64.min, 5, 7]))])
        XCTAssertEqual(df.head(Int.min).rowCount, 0)
        XCTAssertEqual(df.tail(Int.max).rowCount, 3)
        XCTAssertEqual(try df.iloc(.slice(start: nil, stop: nil, step: Int.max)).frame?.rowCount, 1)
        XCTAssertEqual(try df.iloc(.slice(start: nil, stop: nil, step: Int.min)).frame?.rowCount, 1)
        XCTAssertEqual(try df.iloc(.slice(start: Int.min, stop: Int.max, step: nil)).frame?.rowCount, 3)
        let a = try df.column("a")
        XCTAssertEqual(try a.applying(.floorDivide, .int(-1)).values, .int64([Int64.min, -5, -7]))
        XCTAssertEqual(try a.applying(.remainder, .int(-1)).values, .int64([0, 0, 0]))
        XCTAssertEqual(try a.applying(.floorDivide, .int(0)).values.dtype, .float64)
        XCTAssertFrameError(try df.loc(.label(.int(Int64.max))), .key, "9223372036854775807")
        var options = FrameDisplayOptions()
        options.maxRows = 1
        options.minRows = 100
        XCTAssertEqual(df.render(options), """
                                  a
            0  -9223372036854775808
            ..                  ...
            2                     7

            [3 rows x 1 columns]
            """)
        XCTAssertEqual(FrameIndex.range(start: 0, stop: 5, step: 0).count, 0)
    }

    func testFloatFloorDivisionAndModuloFollowNumPy() throws {
        let s = Series(name: "x", values: .float64([-.infinity, 7.5, -7.5, 1]))
        XCTAssertEqual(try s.applying(.floorDivide, .int(2)).description, """
            0    NaN
            1    3.0
            2   -4.0
            3    0.0
            Name: x, dtype: float64
            """)
        XCTAssertEqual(try s.applying(.remainder, .int(-2)).description, """
            0    NaN
            1   -0.5
            2   -1.5
            3   -1.0
            Name: x, dtype: float64
            """)
        let empty = try DataFrame.readCSV(text: "a,b\n")
        XCTAssertEqual(empty.columnValues.map(\.dtype), [.object, .object])
        XCTAssertEqual(try empty.column("a").applying(.add, .string("x")).dtype, .object)
    }

    func testApplyAndColumnAssignment() throws {
        var df = try DataFrame(columns: [("a", .int64([1, 2, 3])), ("b", .float64([2, .nan, 4])), ("s", .object([.string("x"), .missing, .string("x")]))])
        let numeric = try df.columns(["a", "b"]).applying { x in
            try x.applying(.subtract, try x.reduce(.mean)).applying(.divide, try x.reduce(.std))
        }
        try df.setColumns(["a", "b"], from: numeric.fillna(.int(0)))
        XCTAssertEqual(df.description, """
                 a         b    s
            0 -1.0 -0.707107    x
            1  0.0  0.000000  NaN
            2  1.0  0.707107    x
            """)
        XCTAssertEqual(try df.column("s").unique(), [.string("x"), .missing])
        XCTAssertEqual(try df.column("s").nunique(), 1)
    }
}
