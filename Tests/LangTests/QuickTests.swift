import XCTest
@testable import Lang

final class QuickTests: XCTestCase {
    func testBasics() {
        XCTAssertEqual(eval("1 + 2 * 3"), "7")
        XCTAssertEqual(eval("7 // 2"), "3")
        XCTAssertEqual(eval("0.1 + 0.2"), "0.30000000000000004")
        XCTAssertEqual(eval("2 ** 100"), "1267650600228229401496703205376")
        XCTAssertEqual(eval("(1, 2.5, \"a\")"), "(1, 2.5, 'a')")
        XCTAssertEqual(output("def sq(v):\n    return v * v\nsq(12)\n"), "144\n")
        XCTAssertEqual(output("h = 0.1\nf'h={h:.5f}, twice={2 * h!r}'\n"), "'h=0.10000, twice=0.2'\n")
        XCTAssertEqual(output("[i * i for i in range(5)]"), "[0, 1, 4, 9, 16]\n")
        XCTAssertEqual(output("print('id(Z):', 5, sep=' ')"), "id(Z): 5\n")
        XCTAssertEqual(output("d = {'a': 1, 'b': 2.5}\nd['b']"), "2.5\n")
        XCTAssertEqual(output("x = 1\nx + y\n"), "<stdin>:2:5: error: NameError: name 'y' is not defined\nx + y\n    ^\n")
    }
}
