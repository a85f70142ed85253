import XCTest
@testable import Frames

/// `read_csv` edge cases, with pandas 3.1's results.
final class CSVTests: XCTestCase {
    private func read(_ text: String, _ configure: (inout CSVReadOptions) -> Void = { _ in }) throws -> DataFrame {
        var options = CSVReadOptions()
        configure(&options)
        return try DataFrame.readCSV(path: try Fixture.write(text), options: options)
    }

    private func dtypes(_ df: DataFrame) -> [String] { df.columnValues.map { $0.dtype.rawValue } }

    func testQuotedFieldsWithSeparatorsQuotesAndNewlines() throws {
        let df = try read("name,note,n\n\"Smith, J\",\"He said \"\"hi\"\"\",1\n\"multi\nline\",plain,2\r\n")
        XCTAssertEqual(df.description, """
                      name          note  n
            0     Smith, J  He said "hi"  1
            1  multi\\nline         plain  2
            """)
        XCTAssertEqual(dtypes(df), ["str", "str", "int64"])
        XCTAssertEqual(try df.column("name")[1], .string("multi\nline"))
    }

    func testTypeInference() throws {
        let bools = try read("a,b,c\nTrue,true,FALSE\nFalse,NA,True\n")
        XCTAssertEqual(dtypes(bools), ["bool", "object", "bool"])
        XCTAssertEqual(bools.description, """
                   a     b      c
            0   True  True  False
            1  False   NaN   True
            """)
        let numbers = try read("a,b,c\n1,1.5,1e3\n2,,-inf\n")
        XCTAssertEqual(dtypes(numbers), ["int64", "float64", "float64"])
        XCTAssertEqual(numbers.description, """
               a    b       c
            0  1  1.5  1000.0
            1  2  NaN    -inf
            """)
        // Text after numbers keeps every field's spelling.
        let mixed = try read("a,b\n1.50,x\n2,y\nhello,z\n")
        XCTAssertEqual(try mixed.column("a").values, .object([.string("1.50"), .string("2"), .string("hello")]))
        let spaced = try read("a,b\n 1 , 2\n3,x y \n")
        XCTAssertEqual(dtypes(spaced), ["int64", "str"])
        XCTAssertEqual(try spaced.column("b")[0], .string(" 2"))
        let allMissing = try read("a,b\n,1\nNA,2\n")
        XCTAssertEqual(dtypes(allMissing), ["float64", "int64"])
        let big = try read("a\n99999999999999999999\n")
        XCTAssertEqual(dtypes(big), ["str"])
        XCTAssertEqual(dtypes(try read("a\n1\n99999999999999999999\n")), ["str"])
    }

    func testMissingMarkersAndOptions() throws {
        let df = try read("a,b\n-999,x\n3,?\n") { $0.naValues = ["-999", "?"] }
        XCTAssertEqual(df.description, """
                 a    b
            0  NaN    x
            1  3.0  NaN
            """)
        for marker in CSVFieldParsing.defaultMissingMarkers {
            let one = try read("a,b\n\"\(marker)\",1\n")
            XCTAssertTrue(one.columnValues[0].isMissing(at: 0), marker)
        }
        let kept = try read("a\nNA\nx\n") { $0.keepDefaultNA = false }
        XCTAssertEqual(try kept.column("a")[0], .string("NA"))
        let used = try read("a,b,c\n1,2,3\n") { $0.useColumns = ["c", "a"] }
        XCTAssertEqual(used.columnNames, ["a", "c"])
        XCTAssertEqual(try read("a\n1\n2\n3\n") { $0.rowLimit = 2 }.rowCount, 2)
        let noHeader = try read("1,2\n3,4\n") { $0.header = nil }
        XCTAssertEqual(noHeader.columnNames, ["0", "1"])
        XCTAssertEqual(noHeader.rowCount, 2)
        XCTAssertEqual(try read("a,a,\n1,2,3\n").columnNames, ["a", "a.1", "Unnamed: 2"])
        let tabs = try read("a\tb\n1\t2\n") { $0.separator = "\t" }
        XCTAssertEqual(tabs.columnNames, ["a", "b"])
        XCTAssertFrameError(try read("a,b\n1,2\n") { $0.useColumns = ["z"] }, .value,
                            "Usecols do not match columns, columns expected but not found: ['z']")
    }

    func testLineEndingsBOMAndBlankLines() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let path = try Fixture.write(bytes: bom + Array("x,y\r\n1,2\r\n\r\n   \r\n3,4\r5,6".utf8))
        let df = try DataFrame.readCSV(path: path)
        XCTAssertEqual(df.columnNames, ["x", "y"])
        XCTAssertEqual(df.columnValues, [.int64([1, 3, 5]), .int64([2, 4, 6])])
        let short = try read("a,b,c\n1,2,3\n4,5\n")
        XCTAssertEqual(short.description, """
               a  b    c
            0  1  2  3.0
            1  4  5  NaN
            """)
        XCTAssertEqual(try read("a,b,\n1,2,\n").columnNames, ["a", "b", "Unnamed: 2"])
    }

    func testErrors() throws {
        XCTAssertFrameError(try DataFrame.readCSV(path: "/nonexistent/x.csv"), .fileNotFound,
                            "[Errno 2] No such file or directory: '/nonexistent/x.csv'")
        XCTAssertFrameError(try read("a,b,c\n1,2,3\n4,5\n\n  \n\"x\ny\",7,8\n9,10,11,12\n"), .parser,
                            "Error tokenizing data. C error: Expected 3 fields in line 7, saw 4")
        XCTAssertFrameError(try read("a,b\n1,\"abc\n"), .parser,
                            "Error tokenizing data. C error: EOF inside string starting at row 1")
        let bad = try Fixture.write(bytes: Array("a,b\n1,".utf8) + [0xFF, 0x41, 0x0A])
        XCTAssertFrameError(try DataFrame.readCSV(path: bad), .unicode,
                            "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte")
        XCTAssertFrameError(try read(""), .emptyData, "No columns to parse from file")
        let data = try DataFrame.readCSV(path: Fixture.path("house_tiny.csv"))
        XCTAssertFrameError(try data.column("Alley"), .key, "'Alley' (columns are: 'NumRooms', 'RoofType', 'Price')")
        XCTAssertFrameError(try data.columns(["Alley", "x"]), .key,
                            "\"None of [Index(['Alley', 'x'], dtype='str')] are in the [columns]\"")
        XCTAssertFrameError(try data.astype(.float64), .value, "could not convert string to float: 'Slate'")
    }

    func testWritingCSV() throws {
        let df = try DataFrame(columns: [
            ("a", .int64([1, 2])), ("b", .float64([1.5, .nan])),
            ("s", .object([.string("x,y"), .string("q\"r")])), ("t", .bool([true, false])),
        ])
        XCTAssertEqual(df.csvText(index: false), "a,b,s,t\n1,1.5,\"x,y\",True\n2,,\"q\"\"r\",False\n")
        XCTAssertEqual(try DataFrame(columns: [("a", .int64([1, 2]))]).csvText(), ",a\n0,1\n1,2\n")
        let path = try Fixture.temporaryDirectory().appendingPathComponent("out.csv").path
        try df.writeCSV(path: path, index: false)
        let back = try DataFrame.readCSV(path: path)
        XCTAssertEqual(back.description, df.description)
    }

    func testTwoCoreReadingMatchesOneCore() throws {
        var text = "i,f,late,n\n"
        for r in 0..<2000 {
            let f = r < 1000 ? "\(r)" : "\(r).5"
            let late = r == 1500 ? "word" : "\(r)"
            let n = r < 1000 ? "" : "\(r % 3 == 0)"
            text += "\(r),\(f),\(late),\(n)\n"
        }
        let path = try Fixture.write(text)
        let saved = CSVReaderRun.parallelThreshold
        defer { CSVReaderRun.parallelThreshold = saved }
        CSVReaderRun.parallelThreshold = Int.max
        let sequential = try DataFrame.readCSV(path: path)
        CSVReaderRun.parallelThreshold = 1000
        let parallel = try DataFrame.readCSV(path: path)
        XCTAssertEqual(sequential.description, parallel.description)
        XCTAssertEqual(sequential.columnValues.map(\.dtype.rawValue), ["int64", "float64", "str", "object"])
        XCTAssertEqual(parallel.columnValues.map(\.dtype.rawValue), ["int64", "float64", "str", "object"])
        XCTAssertEqual(try parallel.column("late")[1500], .string("word"))
        XCTAssertEqual(try parallel.column("f").reduce(.sum), try sequential.column("f").reduce(.sum))
        XCTAssertFrameError(try DataFrame.readCSV(path: try Fixture.write(text + "1,2,3,4,5\n")), .parser,
                            "Error tokenizing data. C error: Expected 4 fields in line 2002, saw 5")
    }

    func testImplicitIndexFromALongerFirstRow() throws {
        let df = try read("a0,c1,a2\n1,1e3,1,7\nNA,1.5,\"a\"\"b\"\n5,1e3,1e3\n")
        XCTAssertEqual(df.description, """
                     a0   c1   a2
            1.0  1000.0    1  7.0
            NaN     1.5  a"b  NaN
            5.0  1000.0  1e3  NaN
            """)
        XCTAssertEqual(df.columnNames, ["a0", "c1", "a2"])
    }

    /// The numeric fast path must give bit for bit the frame of the general parser, and hand
    /// every file it does not fully understand to that parser.
    func testNumericFastPathMatchesTheGeneralParser() throws {
        var generator = SystemRandomNumberGenerator()
        let spellings: [() -> String] = [
            { String(Int64.random(in: -1000...1000, using: &generator)) },
            { String(Double.random(in: -1e6...1e6, using: &generator)) },
            { String(format: "%.6f", Double.random(in: 0...1000, using: &generator)) },
            { String(format: "%.17e", Double.random(in: -1...1, using: &generator)) },
            { ["", "-0", "0.", ".5", "+7", "1e5", "1E-300", "2.5e+3", "9223372036854775807",
               "-9223372036854775808", "12345678901234567890123", "4.9e-324", "1e400",
               "0.30000000000000004", "00012", "-0.0"].randomElement(using: &generator)! },
        ]
        func body(rows: Int, floatFrom: Int, crlf: Bool) -> String {
            var text = "a,b,c,d\n"
            for r in 0..<rows {
                let fields = (0..<4).map { c -> String in
                    c == 0 ? String(r) : (r < floatFrom ? spellings[0]() : spellings.randomElement(using: &generator)!())
                }
                text += fields.joined(separator: ",") + (crlf ? "\r\n" : "\n")
            }
            return text
        }
        let samples = [body(rows: 3000, floatFrom: 2000, crlf: false), body(rows: 500, floatFrom: 0, crlf: true),
                       body(rows: 50, floatFrom: 50, crlf: false),
                       // Outside the fast path: text, spaces, a blank line, a short row, quotes, bools.
                       "a,b\n1,2\n3,x\n", "a,b\n1, 2\n", "a,b\n1,2\n\n3,4\n", "a,b\n1,2\n3\n",
                       "a,b\n1,\"2\"\n", "a,b\n1,True\n", "a,b\n1,2\n3,4,5\n", "a,b\n1,inf\n", "a,b\n1,2,\n",
                       // No rows at all.
                       "a,b\n", "a,b\n\n", "a,b"]
        let saved = (CSVReaderRun.numericFastPathEnabled, CSVReaderRun.parallelThreshold)
        defer { (CSVReaderRun.numericFastPathEnabled, CSVReaderRun.parallelThreshold) = saved }
        for text in samples {
            let path = try Fixture.write(text)
            for threshold in [Int.max, 100] {
                CSVReaderRun.parallelThreshold = threshold
                CSVReaderRun.numericFastPathEnabled = false
                let general = Result { try DataFrame.readCSV(path: path) }
                CSVReaderRun.numericFastPathEnabled = true
                let fast = Result { try DataFrame.readCSV(path: path) }
                switch (general, fast) {
                case (.success(let g), .success(let f)):
                    XCTAssertEqual(g.columnNames, f.columnNames)
                    XCTAssertEqual(g.columnValues.map(\.dtype.rawValue), f.columnValues.map(\.dtype.rawValue), text)
                    for (x, y) in zip(g.columnValues, f.columnValues) {
                        switch (x, y) {
                        case (.float64(let u), .float64(let v)):
                            XCTAssertEqual(u.map(\.bitPattern), v.map(\.bitPattern), text)
                        default: XCTAssertEqual(x, y, text)
                        }
                    }
                case (.failure(let g), .failure(let f)):
                    XCTAssertEqual("\(g)", "\(f)")
                default:
                    XCTFail("one parser failed and the other did not on \(text.debugDescription)")
                }
            }
        }
    }

    /// `names=` (pandas 3.1's output): in place of no header, in place of the header row,
    /// one name short (the first column becomes the index), and more names than fields.
    func testNamesReplaceOrSupplyTheHeader() throws {
        let withHeader = "a,b,c\n1,2,3\n4,5,6\n"
        XCTAssertEqual(try read(withHeader) { $0.header = nil; $0.names = ["x", "y", "z"] }.description, """
               x  y  z
            0  a  b  c
            1  1  2  3
            2  4  5  6
            """)
        XCTAssertEqual(try read(withHeader) { $0.names = ["x", "y", "z"] }.description, """
               x  y  z
            0  1  2  3
            1  4  5  6
            """)
        let body = "1,2,3\n4,5.5,x\n"
        XCTAssertEqual(try read(body) { $0.header = nil; $0.names = ["p", "q"] }.description, """
                 p  q
            1  2.0  3
            4  5.5  x
            """)
        XCTAssertEqual(try read(body) { $0.header = nil; $0.names = ["p", "q", "r", "s"] }.description, """
               p    q  r   s
            0  1  2.0  3 NaN
            1  4  5.5  x NaN
            """)
        XCTAssertFrameError(try read(body) { $0.header = nil; $0.names = ["p", "p", "q"] }, .value,
                            "Duplicate names are not allowed.")
    }
}
