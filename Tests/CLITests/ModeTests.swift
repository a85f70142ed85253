import Foundation
import XCTest

/// The non-interactive ways to run tcalc: `-e`, pipes, script files, `-i` with piped input,
/// exit statuses and diagnostics.
final class ModeTests: XCTestCase {
    func testExpressionFlagPrintsValue() throws {
        let r = try TCalcBinary.run(["-e", "1 + 2 * 3"])
        XCTAssertEqual(r.stdout, "7\n")
        XCTAssertEqual(r.status, 0)
    }

    func testRepeatedExpressionFlagsShareOneSession() throws {
        let r = try TCalcBinary.run(["-e", "x = 2", "-e", "x ** 10"])
        XCTAssertEqual(r.stdout, "1024\n")
    }

    func testPipedScript() throws {
        let r = try TCalcBinary.run([], stdin: "x = 2\nx ** 10\n")
        XCTAssertEqual(r.stdout, "1024\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
    }

    func testArangeReshapePrintsLikePyTorch() throws {
        let r = try TCalcBinary.run(["-e", "torch.arange(12).reshape(3, 4)"])
        XCTAssertEqual(r.stdout, """
            tensor([[ 0,  1,  2,  3],
                    [ 4,  5,  6,  7],
                    [ 8,  9, 10, 11]])

            """)
    }

    func testSemicolonSuppressesAndUnderscoreHoldsLastValue() throws {
        let r = try TCalcBinary.run([], stdin: "3 * 4\n5 * 5;\n_ + 1\n")
        XCTAssertEqual(r.stdout, "12\n13\n")
    }

    func testScriptFile() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tcalc-mode-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("s.py")
        try "def f(n):\n    return n + 1\nprint(f(41))\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try TCalcBinary.run([script.path])
        XCTAssertEqual(r.stdout, "42\n")
        XCTAssertEqual(r.status, 0)

        // -i runs the script, then keeps the session for what stdin brings.
        let i = try TCalcBinary.run(["-i", script.path], stdin: "f(1)\n")
        XCTAssertEqual(i.stdout, "42\n2\n")
    }

    func testErrorInScriptExitsOneWithDiagnostic() throws {
        let r = try TCalcBinary.run([], stdin: "x = 1\nprint(x)\nx + y\nprint('not reached')\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "1\n")
        XCTAssertTrue(r.stderr.hasPrefix("<stdin>:3:5: error: NameError: name 'y' is not defined"), r.stderr)
        XCTAssertTrue(r.stderr.contains("\nx + y\n    ^"), r.stderr)
    }

    func testErrorInExpressionFlagNamesDashE() throws {
        let r = try TCalcBinary.run(["-e", "1 +"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("<-e>:1:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("SyntaxError"), r.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try TCalcBinary.run(["--no-such-flag"]).status, 2)
        XCTAssertEqual(try TCalcBinary.run(["/no/such/file.py"]).status, 2)
    }

    func testVersionAndHelp() throws {
        let v = try TCalcBinary.run(["--version"])
        XCTAssertTrue(v.stdout.hasPrefix("tcalc "), v.stdout)
        XCTAssertEqual(v.status, 0)
        let h = try TCalcBinary.run(["--help"])
        XCTAssertTrue(h.stdout.contains("-e <CODE>"), h.stdout)
        XCTAssertEqual(h.status, 0)
    }
}

extension ModeTests {
    func testExitEndsTheRunWithItsStatus() throws {
        let r = try TCalcBinary.run(["-e", "print(1)", "-e", "exit(3)", "-e", "print(2)"])
        XCTAssertEqual(r.stdout, "1\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 3)
        XCTAssertEqual(try TCalcBinary.run([], stdin: "quit()\nprint(6)\n").status, 0)
    }
}
