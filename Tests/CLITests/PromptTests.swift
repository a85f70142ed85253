import Foundation
import XCTest

/// The prompt as a person uses it, typed key by key through a pseudo-terminal
/// (Tests/Support/pty_session.py): nested blocks and auto-indent, completion, help queries,
/// pasted sessions, magics, the start-up file, Ctrl-C in a loop, and an idle process after a
/// matrix product. Timeouts are generous and every step waits for output rather than sleeping,
/// so that a loaded two-core machine slows the tests down without failing them.
final class PromptTests: XCTestCase {
    func drive(_ steps: [[String]], environment: [String: String] = [:], arguments: [String] = ["--norc"],
               directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let driver = TCalcBinary.packageRoot.appendingPathComponent("Tests/Support/pty_session.py").path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        process.arguments = ["python3", driver, TCalcBinary.path, json] + arguments
        var env = ProcessInfo.processInfo.environment
        env["TCALC_HISTORY"] = "/dev/null"
        env.removeValue(forKey: "TCALC_RC")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-prompt-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A three-level block typed line by line: auto-indent supplies each level, Backspace
    /// leaves one, an empty line runs it; then a one-line def followed by a statement is a
    /// SyntaxError as in Python, and bare `exit` leaves.
    func testNestedBlocksWithAutoIndent() throws {
        let result = try drive([
            ["expect", ">>> "],
            ["keys", "def f(n):\r"],
            ["expect", "...     "],
            ["keys", "total = 0\r"],
            ["keys", "for i in range(n):\r"],
            ["expect", "...         "],
            ["keys", "if i % 2:\r"],
            ["expect", "...             "],
            ["keys", "total += i\r"],
            ["keys", "\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}return total\r"],
            ["keys", "\r"],
            ["expect", ">>> "],
            ["keys", "f(10)\r"],
            ["expect", "25"],
            ["expect", ">>> "],
            // Tab on an empty continuation line indents.
            ["keys", "for k in range(2):\r"],
            ["expect", "... "],
            ["keys", "\u{7f}\u{7f}\u{7f}\u{7f}\tprint(k * 7)\r\r"],
            ["expect", "7"],
            ["expect", ">>> "],
            ["keys", "def sq(t): return t ** 2\r"],
            ["keys", "sq(3)\r"],
            ["expect", "SyntaxError"],
            ["expect", ">>> "],
            ["keys", "exit\r"],
            ["exit", "0"],
        ])
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// Keyword names inside a call's parentheses, `obj?` and `obj??`, double Tab.
    func testCompletionAndHelpQueries() throws {
        let result = try drive([
            ["expect", ">>> "],
            ["keys", "a = torch.ones(2); b = torch.zeros(2)\r"],
            ["expect", ">>> "],
            ["keys", "torch.cat((a, b), di\t"],
            ["expect", "dim="],
            ["keys", "0)\r"],
            ["expect", "tensor([1., 1., 0., 0.])"],
            ["expect", ">>> "],
            ["keys", "torch.lin\t\t"],
            ["expect", "torch.linalg    torch.linspace"],
            ["keys", "\u{15}torch.cat?\r"],
            ["expect", "Joins tensors"],
            ["expect", ">>> "],
            ["keys", "def double(v):\r"],
            ["keys", "return v * 2\r\r"],
            ["expect", ">>> "],
            ["keys", "double??\r"],
            ["expect", "return v * 2"],
            ["expect", ">>> "],
            ["keys", "d = {'alpha': 1, 'beta': 2}\r"],
            ["expect", ">>> "],
            ["keys", "d['al\t"],
            ["expect", "alpha']"],
            ["keys", "\r"],
            ["expect", "1"],
            ["expect", ">>> "],
            ["keys", "\u{04}"],
            ["exit", "0"],
        ])
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// A pasted `>>>` session runs as its code, its output lines skipped: bracketed (as a
    /// terminal pastes) and as plain lines arriving at once.
    func testPastedSessions() throws {
        let result = try drive([
            ["expect", ">>> "],
            ["send", "\u{1b}[200~>>> y = 6\n>>> y * 7\nnot_a_name_1\n>>> for i in range(2):\n...     print(i + 100)\nnot_a_name_2\n\u{1b}[201~"],
            ["send", "\r"],
            ["expect", "42"],
            ["expect", "100"],
            ["expect", "101"],
            ["expect", ">>> "],
            ["reject", "NameError"],
            ["send", ">>> z = 5\r>>> z * 9\rnot_a_name_3\r"],
            ["expect", "45"],
            ["keys", "print('after', z)\r"],
            ["expect", "after 5"],
            ["reject", "NameError"],
            ["keys", "\u{04}"],
            ["exit", "0"],
        ])
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// `%whos` and `%timeit` in IPython's shapes; `%save` then `%run` brings the variables back
    /// after `%reset -f`; `%history -n` numbers the inputs.
    func testMagics() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try drive([
            ["expect", ">>> "],
            ["keys", "a = 3\r"],
            ["expect", ">>> "],
            ["keys", "w = torch.ones(2, 3, requires_grad=True)\r"],
            ["expect", ">>> "],
            ["keys", "%whos\r"],
            ["expect", "Variable   Type      Data/Info"],
            ["expect", "a          int       3"],
            ["expect", "w          Tensor    2x3: 6 elems, type `float32`, 24 bytes, requires_grad"],
            ["expect", ">>> "],
            ["keys", "%timeit -n 10 -r 3 a + 1\r"],
            ["expect", "per loop (mean ± std. dev. of 3 runs, 10 loops each)"],
            ["expect", ">>> "],
            ["keys", "%save saved.py 1-2\r"],
            ["expect", "written to file `saved.py`"],
            ["expect", ">>> "],
            ["keys", "%reset -f\r"],
            ["expect", ">>> "],
            ["keys", "%who\r"],
            ["expect", "Interactive namespace is empty."],
            ["expect", ">>> "],
            ["keys", "%run saved.py\r"],
            ["expect", ">>> "],
            ["keys", "a * 100, w.shape\r"],
            ["expect", "(300, torch.Size([2, 3]))"],
            ["expect", ">>> "],
            ["keys", "%history -n 1-2\r"],
            ["expect", "1: a = 3"],
            ["expect", "2: w = torch.ones(2, 3, requires_grad=True)"],
            ["expect", ">>> "],
            ["keys", "%nosuchmagic\r"],
            ["expect", "UsageError"],
            ["expect", ">>> "],
            ["keys", "\u{04}"],
            ["exit", "0"],
        ], directory: folder)
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// An error in the start-up file is reported and the prompt starts with what ran before it.
    func testStartupFileWithAnError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rc = folder.appendingPathComponent("rc.py")
        try "from_rc = 41\n1 / 0\nnever = 1\n".write(to: rc, atomically: true, encoding: .utf8)
        let result = try drive([
            ["expect", "ZeroDivisionError"],
            ["expect", ">>> "],
            ["keys", "from_rc + 1\r"],
            ["expect", "42"],
            ["expect", ">>> "],
            ["keys", "\u{04}"],
            ["exit", "0"],
        ], environment: ["TCALC_RC": rc.path], arguments: [])
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// Ctrl-C stops a long loop and keeps the session's variables; after a matrix product the
    /// process uses no CPU while the user reads.
    func testInterruptAndIdle() throws {
        let result = try drive([
            ["expect", ">>> "],
            ["keys", "n = 0\r"],
            ["expect", ">>> "],
            ["keys", "while True: n += 1\r\r"],
            ["send", "\u{03}"],
            ["expect", "KeyboardInterrupt"],
            ["expect", ">>> "],
            ["keys", "n > 0\r"],
            ["expect", "True"],
            ["expect", ">>> "],
            ["keys", "A = torch.rand(400, 400); B = A @ A; print('product', B.shape)\r"],
            ["expect", "product torch.Size([400, 400])"],
            ["expect", ">>> "],
            ["idle", "1.0"],
            ["keys", "\u{04}"],
            ["exit", "0"],
        ])
        XCTAssertEqual(result.status, 0, result.output)
    }
}
