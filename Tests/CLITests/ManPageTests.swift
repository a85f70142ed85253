import Foundation
import XCTest

/// docs/tcalc.1 is generated from the argument parser (scripts/gen-man); it must match the
/// binary's options, and the shell completions scripts/install writes must generate.
final class ManPageTests: XCTestCase {
    func testManPageIsCurrent() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TCalcBinary.packageRoot.appendingPathComponent("scripts/gen-man").path, TCalcBinary.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let committed = try String(contentsOf: TCalcBinary.packageRoot.appendingPathComponent("docs/tcalc.1"), encoding: .utf8)
        XCTAssertEqual(committed, generated, "docs/tcalc.1 is stale: run scripts/gen-man > docs/tcalc.1")
        XCTAssertTrue(generated.contains(".SH OPTIONS"))
    }

    func testCompletionScriptsGenerate() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try TCalcBinary.run(["--generate-completion-script", shell])
            XCTAssertEqual(r.status, 0, shell)
            XCTAssertTrue(r.stdout.contains("tcalc"), shell)
        }
    }
}
