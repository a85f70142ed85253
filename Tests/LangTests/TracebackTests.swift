import XCTest
@testable import Lang

/// The traceback is a persistent list so that unwinding a deep recursion costs O(1) per frame.
final class TracebackTests: XCTestCase {
    func testFramesPrintOutermostFirst() {
        var t = Traceback()
        XCTAssertTrue(t.isEmpty)
        for (i, name) in ["inner", "middle", "outer"].enumerated() {
            t.append(TraceEntry(function: name, file: nil, range: SourceRange(SourceLocation(line: i + 1, column: 1))))
        }
        XCTAssertFalse(t.isEmpty)
        XCTAssertEqual(t.outermostFirst.map(\.function), ["outer", "middle", "inner"])
    }

    func testCopiesShareTheirCommonFrames() {
        var a = Traceback()
        a.append(TraceEntry(function: "f", file: nil, range: SourceRange(SourceLocation(line: 1, column: 1))))
        var b = a
        b.append(TraceEntry(function: "g", file: nil, range: SourceRange(SourceLocation(line: 2, column: 1))))
        XCTAssertEqual(a.outermostFirst.map(\.function), ["f"])
        XCTAssertEqual(b.outermostFirst.map(\.function), ["g", "f"])
    }

    /// A million frames are released without a million nested deinit calls.
    func testALongTracebackIsFreedIteratively() {
        var t = Traceback()
        for i in 0..<1_000_000 {
            t.append(TraceEntry(function: "f", file: nil, range: SourceRange(SourceLocation(line: i + 1, column: 1))))
        }
        t = Traceback()
        XCTAssertTrue(t.isEmpty)
    }
}
