import Foundation
import XCTest
@testable import Frames

/// Paths and small helpers shared by the Frames tests.
enum Fixture {
    /// Tests/Fixtures, found from this source file so tests run from any directory.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A fresh temporary directory for files a test writes.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-frames-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a temporary file and returns its path.
    static func write(_ text: String, name: String = "t.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func write(bytes: [UInt8], name: String = "t.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

extension FrameSelection {
    var frame: DataFrame? { if case .frame(let f) = self { return f }; return nil }
    var series: Series? { if case .series(let s) = self { return s }; return nil }
    var scalar: FrameValue? { if case .scalar(let v) = self { return v }; return nil }
}

/// Asserts that `body` throws a FrameError of `kind` whose message is `message`.
func XCTAssertFrameError<T>(_ body: @autoclosure () throws -> T, _ kind: FrameError.Kind, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected \(kind.rawValue): \(message)", file: file, line: line)
    } catch let error as FrameError {
        XCTAssertEqual(error.kind, kind, file: file, line: line)
        XCTAssertEqual(error.message, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
