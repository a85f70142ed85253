import XCTest
import TensorCore
@testable import Lang

final class DiagnosticTests: XCTestCase {
    func testNameErrorLayout() {
        XCTAssertEqual(output("x = 1\nx + y\n"), "<stdin>:2:5: error: NameError: name 'y' is not defined\nx + y\n    ^\n")
        XCTAssertEqual(output("count = 1\ncoutn + 1\n"),
                       "<stdin>:2:1: error: NameError: name 'coutn' is not defined. Did you mean: 'count'?\ncoutn + 1\n^~~~~\n")
        XCTAssertEqual(output("pritn(1)"), "<stdin>:1:1: error: NameError: name 'pritn' is not defined. Did you mean: 'print'?\npritn(1)\n^~~~~\n")
    }

    func testCallSpanAndTypeError() {
        XCTAssertEqual(output("len(5)"), "<stdin>:1:1: error: TypeError: object of type 'int' has no len()\nlen(5)\n^~~~~~\n")
        XCTAssertEqual(output("x = 1 +\\\n 'a'"), "<stdin>:1:5: error: TypeError: unsupported operand type(s) for +: 'int' and 'str'\nx = 1 +\\\n    ^~~~\n")
        XCTAssertEqual(output("[1, 2][5]"), "<stdin>:1:1: error: IndexError: list index out of range\n[1, 2][5]\n^~~~~~~~~\n")
        XCTAssertEqual(output("{'a': 1}['b']"), "<stdin>:1:1: error: KeyError: 'b'\n{'a': 1}['b']\n^~~~~~~~~~~~~\n")
        XCTAssertEqual(output("1 / 0"), "<stdin>:1:1: error: ZeroDivisionError: division by zero\n1 / 0\n^~~~~\n")
        XCTAssertEqual(output("assert 1 == 2"), "<stdin>:1:8: error: AssertionError\nassert 1 == 2\n       ^~~~~~\n")
        XCTAssertEqual(output("raise ValueError('bad')"), "<stdin>:1:1: error: ValueError: bad\nraise ValueError('bad')\n^~~~~~~~~~~~~~~~~~~~~~~\n")
    }

    func testTracebackInsideFunctions() {
        let src: String = "def inner(v):\n    return v + undefined\ndef outer():\n    return inner(1)\nprint('before')\nouter()\n"
        XCTAssertEqual(output(src), """
        before
        <stdin>:2:16: error: NameError: name 'undefined' is not defined
            return v + undefined
                       ^~~~~~~~~
          in <module> at <stdin>:6
          in outer at <stdin>:4
          in inner at <stdin>:2

        """)
    }

    func testSyntaxErrorRendering() {
        XCTAssertEqual(output("print((1, 2)"), "<stdin>:1:6: error: SyntaxError: unexpected end of input: '(' opened at 1:6 is never closed\nprint((1, 2)\n     ^\n")
        XCTAssertEqual(output("if x:\ny = 1"), "<stdin>:2:1: error: IndentationError: expected an indented block after 'if' statement on line 1\ny = 1\n^\n")
        XCTAssertEqual(output("return 5"), "<stdin>:1:1: error: SyntaxError: 'return' outside function\nreturn 5\n^~~~~~~~\n")
        XCTAssertEqual(output("x = 1\nbreak"), "<stdin>:2:1: error: SyntaxError: 'break' outside loop\nbreak\n^~~~~\n")
        XCTAssertEqual(Session().run("1 +", filename: "<-e>"), "<-e>:1:4: error: SyntaxError: expected an expression, found end of line\n1 +\n   ^\n")
    }

    func testErrorKeepsEarlierVariables() {
        let s: Session = Session()
        XCTAssertEqual(s.run("a = 1\nb = a / 0\nc = 3\n"), "<stdin>:2:5: error: ZeroDivisionError: division by zero\nb = a / 0\n    ^~~~~\n")
        XCTAssertEqual(s.run("a"), "1\n")
        XCTAssertEqual(s.run("b"), "<stdin>:1:1: error: NameError: name 'b' is not defined\nb\n^\n")
        XCTAssertEqual(s.run("def f(): return a * 10"), "")
        XCTAssertEqual(s.run("f()"), "10\n")
        XCTAssertEqual(s.run("a = 2"), "")
        XCTAssertEqual(s.run("f(); _"), "20\n20\n")
        XCTAssertEqual(s.run("f();"), "")
        XCTAssertEqual(s.run("_ + 1"), "21\n")
    }

    func testRecursionLimit() {
        nonisolated(unsafe) var result: String = ""
        let done: DispatchSemaphore = DispatchSemaphore(value: 0)
        let thread: Thread = Thread {
            result = output("def down(n):\n    return down(n + 1)\ndown(0)\n")
            done.signal()
        }
        thread.stackSize = 256 << 20
        thread.start()
        done.wait()
        XCTAssertEqual(result, """
        <stdin>:2:12: error: RecursionError: maximum recursion depth exceeded
            return down(n + 1)
                   ^~~~~~~~~~~
          in <module> at <stdin>:3
          in down at <stdin>:2
          in down at <stdin>:2
          in down at <stdin>:2
          [Previous line repeated 997 more times]

        """)
        XCTAssertEqual(output("import sys\nsys.setrecursionlimit(50)\nsys.getrecursionlimit()\ndef d(n): return 0 if n == 0 else d(n - 1)\nd(40)\n"), "50\n0\n")
    }

    func testInterrupt() {
        let s: Session = Session()
        Interpreter.interruptRequested = true
        let text: String = s.run("while True:\n    pass\n")
        XCTAssertEqual(text, "<stdin>:1:1: error: KeyboardInterrupt\nwhile True:\n^~~~~~~~~~\n")
        XCTAssertFalse(Interpreter.interruptRequested)
    }

    func testTensorErrorMapping() {
        let s: Session = Session(privateRegistry: true)
        s.interp.registry.add(["fail_shape"], "fail_shape()", doc: "test") { _ in
            throw TensorError.runtime("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
        }
        s.interp.rebuildBuiltinScope()
        XCTAssertEqual(s.run("y = 1 + fail_shape()"),
                       "<stdin>:1:9: error: RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0\ny = 1 + fail_shape()\n        ^~~~~~~~~~~~\n")
        XCTAssertEqual(s.run("try:\n    fail_shape()\nexcept RuntimeError as e:\n    print('caught', type(e).__name__)\n"), "caught RuntimeError\n")
    }

    func testExitAndFiles() {
        let s: Session = Session()
        do {
            try s.interp.run("print('bye')\nexit(3)\nprint('not reached')", filename: "<stdin>")
            XCTFail("exit must end the run")
        } catch let d as Diagnostic {
            XCTAssertEqual(d.exitStatus, 3)
            XCTAssertEqual(d.exceptionClass, "SystemExit")
        } catch {
            XCTFail("\(error)")
        }
        XCTAssertEqual(s.printed, "bye\n")
        XCTAssertEqual(output("try:\n    quit()\nexcept Exception:\n    print('no')\nexcept SystemExit:\n    print('exit seen')\n"), "exit seen\n")
        XCTAssertEqual(output("if __name__ == '__main__':\n    print('main')\n"), "main\n")
        XCTAssertEqual(output("open('no/such/x.txt')"), "<stdin>:1:1: error: FileNotFoundError: [Errno 2] No such file or directory: 'no/such/x.txt'\nopen('no/such/x.txt')\n^~~~~~~~~~~~~~~~~~~~~\n")
    }

    func testWindowsLineEnds() {
        XCTAssertEqual(output("x = 1\r\nif x:\r\n    y = x + z\r\n"), "<stdin>:3:13: error: NameError: name 'z' is not defined\n    y = x + z\n            ^\n")
    }

    func testImportErrors() {
        XCTAssertEqual(output("import json"), "<stdin>:1:1: error: ModuleNotFoundError: No module named 'json' (tcalc provides: io, math, os, sys)\nimport json\n^~~~~~~~~~~\n")
        XCTAssertEqual(output("from math import nope"), "<stdin>:1:1: error: ImportError: cannot import name 'nope' from 'math'\nfrom math import nope\n^~~~~~~~~~~~~~~~~~~~~\n")
    }
}
