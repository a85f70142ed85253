import Foundation
import XCTest

/// The REPL through a real pseudo-terminal (driven by Tests/Support/pty_session.py): prompts,
/// values, history recalled with the up arrow across runs, Ctrl-C at the prompt, `... ` blocks,
/// Ctrl-D exiting with status 0.
final class InteractiveTests: XCTestCase {
    func drive(_ steps: [[String]], history: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let driver = TCalcBinary.packageRoot.appendingPathComponent("Tests/Support/pty_session.py").path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        process.arguments = ["python3", driver, TCalcBinary.path, json]
        var env = ProcessInfo.processInfo.environment
        env["TCALC_HISTORY"] = history
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testSessionThroughPseudoTerminal() throws {
        let history = NSTemporaryDirectory() + "tcalc-history-\(getpid())"
        try? FileManager.default.removeItem(atPath: history)  // absent is the state we want
        defer { try? FileManager.default.removeItem(atPath: history) }

        // First run: a value prints, a def block continues with "... ", Ctrl-C keeps the session.
        let first = try drive([
            ["expect", ">>> "],
            ["send", "x = 6 * 7\r"],
            ["expect", ">>> "],
            ["send", "x\r"],
            ["expect", "42"],
            ["expect", ">>> "],
            ["send", "def sq(v):\r"],
            ["expect", "... "],
            ["send", "    return v * v\r"],
            ["expect", "... "],
            ["send", "\r"],
            ["expect", ">>> "],
            ["send", "1 + (2 +"],
            ["send", "\u{03}"],
            ["expect", "KeyboardInterrupt"],
            ["expect", ">>> "],
            ["send", "sq(x)\r"],
            ["expect", "1764"],
            ["expect", ">>> "],
            ["send", "x * 2\r"],
            ["expect", "84"],
            ["expect", ">>> "],
            ["send", "\u{04}"],
            ["exit", "0"],
        ], history: history)
        XCTAssertEqual(first.status, 0, first.output)

        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "history must be private")

        // Second run: the up arrow recalls the last line of the first run from the history file.
        let second = try drive([
            ["expect", ">>> "],
            ["send", "x = 5\r"],
            ["expect", ">>> "],
            // Readline redraws only what changed, so the recalled line is checked by its value.
            ["send", "\u{1b}[A\u{1b}[A"],
            ["send", "\r"],
            ["expect", "10"],
            ["expect", ">>> "],
            ["send", "\u{04}"],
            ["exit", "0"],
        ], history: history)
        XCTAssertEqual(second.status, 0, second.output)
    }
}
