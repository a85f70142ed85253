import XCTest
@testable import CLI

final class ConsoleTests: XCTestCase {
    func testColorizeMarksErrorNoteAndCaretOnly() {
        let plain = """
            <stdin>:1:3: error: RuntimeError: bad
            x + y
            ~ ^ ~
            note: left operand is a float32 tensor of shape (2,)

            """
        let colored = Console.colorize(plain)
        XCTAssertTrue(colored.hasPrefix("<stdin>:1:3: \u{1b}[1;31merror:\u{1b}[0m RuntimeError: bad\nx + y\n"))
        XCTAssertTrue(colored.contains("\u{1b}[32m~ ^ ~\u{1b}[0m"))
        XCTAssertTrue(colored.contains("\u{1b}[1;36mnote:\u{1b}[0m left operand"))
        // The source line is never touched, even when it looks like a diagnostic.
        XCTAssertEqual(Console.colorize("a: error: b\nprint('x: error: y')\n"),
                       "a: \u{1b}[1;31merror:\u{1b}[0m b\nprint('x: error: y')\n")
    }
}
