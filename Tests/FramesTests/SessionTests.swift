import XCTest
import TensorCore
@testable import Frames

/// The d2l data-preprocessing session from issue 6, through the Swift API, with pandas 3.1's
/// exact output.
final class SessionTests: XCTestCase {
    func testHouseTinySession() throws {
        let data = try DataFrame.readCSV(path: Fixture.path("house_tiny.csv"))
        XCTAssertEqual(data.description, """
               NumRooms RoofType   Price
            0       NaN      NaN  127500
            1       2.0      NaN  106000
            2       4.0    Slate  178100
            3       NaN      NaN  140000
            """)
        let inputsSelection = try data.iloc(.all, .slice(start: 0, stop: 2, step: nil))
        let targetsSelection = try data.iloc(.all, .position(2))
        var inputs = try XCTUnwrap(inputsSelection.frame)
        let targets = try XCTUnwrap(targetsSelection.series)
        inputs = try Dummies.encode(inputs, dummyNA: true)
        XCTAssertEqual(inputs.description, """
               NumRooms  RoofType_Slate  RoofType_nan
            0       NaN           False          True
            1       2.0           False          True
            2       4.0            True         False
            3       NaN           False          True
            """)
        inputs = inputs.fillna(try inputs.reduce(.mean))
        XCTAssertEqual(inputs.description, """
               NumRooms  RoofType_Slate  RoofType_nan
            0       3.0           False          True
            1       2.0           False          True
            2       4.0            True         False
            3       3.0           False          True
            """)
        let x = try inputs.toNDArray(dtype: .float64)
        XCTAssertEqual(x.dtype, .float64)
        XCTAssertEqual(x.shape, [4, 3])
        XCTAssertEqual(x.doubles, [3, 0, 1, 2, 0, 1, 4, 1, 0, 3, 0, 1])
        let y = try targets.toNDArray(dtype: .float64)
        XCTAssertEqual(y.dtype, .float64)
        XCTAssertEqual(y.shape, [4])
        XCTAssertEqual(y.doubles, [127500, 106000, 178100, 140000])
    }

    func testInspectingTheFrame() throws {
        let data = try DataFrame.readCSV(path: Fixture.path("house_tiny.csv"))
        XCTAssertEqual(data.shape.rows, 4)
        XCTAssertEqual(data.shape.columns, 3)
        XCTAssertEqual(data.index.repr, "RangeIndex(start=0, stop=4, step=1)")
        XCTAssertEqual(data.columnsRepr, "Index(['NumRooms', 'RoofType', 'Price'], dtype='str')")
        XCTAssertEqual(data.dtypes.description, """
            NumRooms    float64
            RoofType        str
            Price         int64
            dtype: object
            """)
        XCTAssertEqual(try data.column("Price").description, """
            0    127500
            1    106000
            2    178100
            3    140000
            Name: Price, dtype: int64
            """)
        let mask = try data.column("Price").applying(.greater, .int(130000))
        XCTAssertEqual(mask.description, """
            0    False
            1    False
            2     True
            3     True
            Name: Price, dtype: bool
            """)
        XCTAssertEqual(try data.filtered(by: mask).description, """
               NumRooms RoofType   Price
            2       4.0    Slate  178100
            3       NaN      NaN  140000
            """)
        XCTAssertEqual(try data.reduce(.count).description, """
            NumRooms    2
            RoofType    1
            Price       4
            dtype: int64
            """)
        XCTAssertEqual(try data.describe().description, """
                   NumRooms         Price
            count  2.000000       4.00000
            mean   3.000000  137900.00000
            std    1.414214   30255.68817
            min    2.000000  106000.00000
            25%    2.500000  122125.00000
            50%    3.000000  133750.00000
            75%    3.500000  149525.00000
            max    4.000000  178100.00000
            """)
        XCTAssertEqual(try data.dropna().description, """
               NumRooms RoofType   Price
            2       4.0    Slate  178100
            """)
        XCTAssertEqual(try data.dropna(axis: 1).description, """
                Price
            0  127500
            1  106000
            2  178100
            3  140000
            """)
        XCTAssertEqual(try data.column("Price").applying(.divide, .int(3)).description, """
            0    42500.000000
            1    35333.333333
            2    59366.666667
            3    46666.666667
            Name: Price, dtype: float64
            """)
        XCTAssertEqual(try data.reduce(.max).description, """
            NumRooms       4.0
            RoofType     Slate
            Price       178100
            dtype: object
            """)
        XCTAssertFrameError(try data.reduce(.mean), .type, "Cannot perform reduction 'mean' with string dtype")
        XCTAssertFrameError(try data.toNDArray(dtype: .float64), .value,
                            "could not convert string to float: 'Slate' (column 'RoofType')")
    }
}
