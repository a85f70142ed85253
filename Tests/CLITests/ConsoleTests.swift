import XCTest
import Lang

/// Diagnostics are data: the CLI renders them with or without colour from their parts, never
/// by re-reading rendered text.
final class ConsoleTests: XCTestCase {
    func testDiagnosticRendersWithAndWithoutColour() throws {
        let interpreter = Interpreter(output: { _ in })
        var caught: Diagnostic?
        do {
            try interpreter.run("x = torch.ones(2, 3)\nx + torch.ones(4)", filename: "<stdin>")
        } catch let d as Diagnostic {
            caught = d
        }
        let d = try XCTUnwrap(caught)
        XCTAssertEqual(d.place?.file, "<stdin>")
        XCTAssertEqual(d.place?.range.start, SourceLocation(line: 2, column: 3), "the caret is under the operator")
        XCTAssertEqual(d.markers, "~ ^ ~~~~~~~~~~~~~")
        XCTAssertEqual(d.notes.count, 1)
        let plain = d.render(color: false)
        XCTAssertEqual(plain, d.rendered)
        XCTAssertFalse(plain.contains("\u{1b}"))
        let colored = d.render(color: true)
        XCTAssertTrue(colored.hasPrefix("<stdin>:2:3: \u{1b}[1;31merror:\u{1b}[0m RuntimeError: "))
        XCTAssertTrue(colored.contains("\nx + torch.ones(4)\n"), "the source line is never coloured")
        XCTAssertTrue(colored.contains("\u{1b}[32m~ ^ ~~~~~~~~~~~~~\u{1b}[0m"))
        XCTAssertTrue(colored.contains("\u{1b}[1;36mnote:\u{1b}[0m left operand"))
    }

    /// The operator's span comes from the parser, also across lines and inside brackets.
    func testOperatorSpanKeptByTheParser() throws {
        let interpreter = Interpreter(output: { _ in })
        do {
            try interpreter.run("y = (torch.ones(2)\n     * torch.ones(3))", filename: "<stdin>")
            XCTFail("the shapes do not broadcast")
        } catch let d as Diagnostic {
            XCTAssertEqual(d.place?.range.start, SourceLocation(line: 2, column: 6))
        }
    }
}
