import Syntax
import XCTest

/// The prompt's "is this entry finished?" with Python's interactive rules: nested headers at
/// the end of an entry are unfinished (any depth), a compound entry runs at its empty line, a
/// second statement typed before that line is a SyntaxError, and a finished entry hands back
/// its program (parsed once).
final class CompletenessTests: XCTestCase {
    func status(_ source: String) -> String {
        switch Completeness.check(source) {
        case .incomplete: return "incomplete"
        case .complete(let program): return "complete \(program.count)"
        case .invalid(let e): return "invalid \(e.className): \(e.message)"
        }
    }

    func testNestedHeadersTypedLineByLine() {
        XCTAssertEqual(status("def f(a):"), "incomplete")
        XCTAssertEqual(status("def f(a):\n    b = a * 2"), "incomplete")
        XCTAssertEqual(status("def f(a):\n    b = a * 2\n    while b.norm() < 1000:"), "incomplete")
        XCTAssertEqual(status("def f(a):\n    b = a * 2\n    while b.norm() < 1000:\n        b = b * 2"), "incomplete")
        XCTAssertEqual(status("for i in x:\n    if i:"), "incomplete")
        XCTAssertEqual(status("with torch.no_grad():\n    for p in ps:\n        if p:"), "incomplete")
        XCTAssertEqual(status("def f():\n    try:\n        x = 1"), "incomplete")
        XCTAssertEqual(status("if a:\n    pass\nelse:"), "incomplete")
        XCTAssertEqual(status("def f(a):\n    b = a\n    while b:\n        b -= 1\n    return b\n"), "complete 1")
    }

    func testPythonsInteractiveRules() {
        XCTAssertEqual(status("x = 1"), "complete 1")
        XCTAssertEqual(status("x = 1; y = 2"), "complete 2")
        XCTAssertEqual(status("for i in range(3): print(i)"), "incomplete")
        XCTAssertEqual(status("for i in range(3): print(i)\n"), "complete 1")
        XCTAssertTrue(status("def sq(t): return t ** 2\nsq(w)").hasPrefix("invalid SyntaxError: invalid syntax"))
        XCTAssertTrue(status("if x:\n    pass\ny = 1").hasPrefix("invalid SyntaxError"))
        XCTAssertTrue(status("if x:\n").hasPrefix("invalid IndentationError: expected an indented block"))
        XCTAssertTrue(status("def f():\n    x = )").hasPrefix("invalid SyntaxError"), "errors inside a block are reported at once")
        XCTAssertEqual(status("x = (1,\n"), "incomplete")
        XCTAssertEqual(status(""), "complete 0")
        XCTAssertEqual(status("# just a comment"), "complete 0")
    }

    func testPastesRunEveryStatement() {
        guard case .complete(let program) = Completeness.checkPaste("x = 1\nfor i in range(2):\n    x += i\nx") else {
            return XCTFail("a pasted program is complete")
        }
        XCTAssertEqual(program.count, 3)
        guard case .incomplete = Completeness.checkPaste("x = [1,\n2") else { return XCTFail("open bracket") }
        guard case .invalid = Completeness.checkPaste("x = )") else { return XCTFail("a syntax error") }
    }
}
