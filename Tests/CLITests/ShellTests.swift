@testable import CLI
import Foundation
import Lang
import XCTest

/// The shell's mechanisms without a terminal: pasted sessions, scripts cut at magic lines,
/// IPython's time format and ranges, auto-indent, and `%save --python`'s translation (run under
/// real PyTorch when /work/venv or a python3 with torch is present).
final class ShellTests: XCTestCase {
    func testPastedSessionCode() {
        XCTAssertEqual(PastedSession.code(of: ">>> x = 1\n>>> x + 1\n2\n>>> for i in range(2):\n...     print(i)\n0\n1\n"),
                       "x = 1\n\nx + 1\n\nfor i in range(2):\n    print(i)\n")
        XCTAssertEqual(PastedSession.code(of: "x = 1\ny = 2"), "x = 1\ny = 2", "no prompts: unchanged")
        XCTAssertEqual(PastedSession.code(of: "    >>> a = 3\n    >>> a\n    3"), "a = 3\n\na\n", "a docstring's margin")
    }

    func testScriptsAreCutAtTopLevelMagicLines() {
        let pieces = ScriptPiece.split("x = 1\n%timeit x + 1\ny = (1,\n%2)\ns = '''\n%not\n'''\n%who")
        let kinds = pieces.map { piece -> String in
            switch piece {
            case .code(let text, let line): return "code@\(line):\(text.split(separator: "\n").count)"
            case .magic(let text, let line): return "magic@\(line):\(text)"
            }
        }
        XCTAssertEqual(kinds, ["code@1:1", "magic@2:%timeit x + 1", "code@3:5", "magic@8:%who"])
    }

    func testIPythonTimeFormatAndRanges() {
        XCTAssertEqual(Timing.format(1.5e-6), "1.5 µs")
        XCTAssertEqual(Timing.format(0.0123), "12.3 ms")
        XCTAssertEqual(Timing.format(2.5), "2.5 s")
        XCTAssertEqual(Timing.format(4e-9), "4 ns")
        XCTAssertEqual(Timing.format(125), "2min 5s")
        XCTAssertEqual(Timing.grouped(1_000_000), "1,000,000")
        XCTAssertEqual(SessionFiles.selection(["2-4", "6"], count: 6), [2, 3, 4, 6])
        XCTAssertEqual(SessionFiles.selection([], count: 3), [1, 2, 3])
        XCTAssertNil(SessionFiles.selection(["5"], count: 3))
        XCTAssertNil(SessionFiles.selection(["3-1"], count: 3))
    }

    func testAutoIndent() {
        XCTAssertEqual(AutoIndent.indentation(after: ["def f(x):"]), "    ")
        XCTAssertEqual(AutoIndent.indentation(after: ["def f(x):", "    y = x"]), "    ")
        XCTAssertEqual(AutoIndent.indentation(after: ["def f(x):", "    for i in x:  # loop"]), "        ")
        XCTAssertEqual(AutoIndent.indentation(after: ["def f(x):", "    return x"]), "")
    }

    func testHelpQueries() {
        XCTAssertEqual(HelpQuery("torch.cat?")?.name, "torch.cat")
        XCTAssertEqual(HelpQuery("?x")?.detailed, false)
        XCTAssertEqual(HelpQuery("f??")?.detailed, true)
        XCTAssertNil(HelpQuery("x = 1?"))
        XCTAssertNil(HelpQuery("?"))
    }

    /// The exported script qualifies bare names, shows values, and runs under PyTorch with the
    /// output tcalc printed.
    func testSaveAsPythonRunsUnderPyTorch() throws {
        let interpreter = Interpreter(output: { _ in })
        let entries = ["x = arange(6.0).reshape(2, 3)", "x.sum(dim=0)", "w = ones(3, requires_grad=True)",
                       "y = (x @ w).sum(); y.backward()", "w.grad", "print(x.shape)"]
        let script = PythonExport(interpreter: interpreter).script(from: entries)
        XCTAssertTrue(script.contains("x = torch.arange(6.0).reshape(2, 3)"), script)
        XCTAssertTrue(script.contains("_show(x.sum(dim=0))"), script)
        XCTAssertTrue(script.contains("print(x.shape)\n"), script)
        XCTAssertFalse(script.contains("_show(print"), script)

        // PyTorch's import takes seconds: the script runs once, and a python without torch skips.
        guard let python = ["/work/venv/bin/python", "/usr/bin/python3"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw XCTSkip("no python3 on this machine") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-export-\(getpid()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(python, [file.path])
        if result.output.contains("No module named 'torch'") { throw XCTSkip("\(python) has no PyTorch") }
        XCTAssertEqual(result.status, 0, result.output)
        var tcalcOutput = ""
        let session = Interpreter(output: { tcalcOutput += $0 })
        for entry in entries { try session.run(entry, filename: "<stdin>") }
        XCTAssertEqual(result.output, tcalcOutput)
    }

    /// Magics in `-e` text and piped scripts; `-i` keeps the session after a failing program.
    func testMagicsInEveryModeAndInteractiveAfterAnError() throws {
        let e = try TCalcBinary.run(["-e", "x = 2", "-e", "%timeit -n 3 -r 2 x + 1"])
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertTrue(e.stdout.hasSuffix("per loop (mean ± std. dev. of 2 runs, 3 loops each)\n"), e.stdout)
        let piped = try TCalcBinary.run([], stdin: "x = 2\n%who\nprint(x * 21)\n")
        XCTAssertEqual(piped.stdout, "x\t \n42\n")
        let failing = try TCalcBinary.run(["-i", "-e", "y = 5", "-e", "1 / 0"], stdin: "print('still here', y)\n")
        XCTAssertTrue(failing.stderr.contains("ZeroDivisionError"), failing.stderr)
        XCTAssertEqual(failing.stdout, "still here 5\n")
        XCTAssertEqual(failing.status, 0)
        let unknown = try TCalcBinary.run(["-e", "%nosuch"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("%timeit"), "an unknown magic lists the known ones")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
