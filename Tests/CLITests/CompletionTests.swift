@testable import CLI
import Lang
import XCTest

/// Completion by context, without a terminal: keyword names in a call, dict keys and frame
/// columns after `['`, file names inside strings, modules after `import`.
final class CompletionTests: XCTestCase {
    let interpreter = Interpreter(output: { _ in })

    func complete(_ line: String) -> [String] {
        // readline's word: the text after the last break character.
        let breaks = Set(" \t\n\"\\'`@$><=;|&{(,[]+-*/%~^:")
        let word = String(line.reversed().prefix { !breaks.contains($0) }.reversed())
        return Completion(interpreter: interpreter).complete(word: word, lineBefore: String(line.dropLast(word.count))).matches
    }

    func testKeywordNamesInsideACall() throws {
        try interpreter.run("a = torch.ones(2)", filename: "<test>")
        XCTAssertEqual(complete("torch.cat((a, a), di"), ["dim="])
        XCTAssertTrue(complete("x = torch.sum(a, keep").contains("keepdim="))
        XCTAssertTrue(complete("torch.cat((a, a), ab").contains("abs"), "no keyword matches: names in scope")
    }

    func testKeysColumnsAndModules() throws {
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-complete-\(getpid()).csv")
        try "price,area\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: csv) }
        try interpreter.run("d = {'alpha': 1, 'beta': 2, 3: 4}\nimport pandas as pd\ndf = pd.read_csv('\(csv.path)')",
                            filename: "<test>")
        XCTAssertEqual(complete("d['al"), ["alpha']"])
        XCTAssertEqual(complete("df[\"pr"), ["price\"]"])
        XCTAssertEqual(complete("import torch.li"), ["torch.linalg"])
        XCTAssertTrue(complete("from torch import ze").contains("zeros"))
        XCTAssertTrue(complete("torch.li").contains("torch.linalg"))
    }

    func testFileNamesInsideStrings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-complete-\(getpid())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("data/house.csv"), atomically: true, encoding: .utf8)
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        XCTAssertEqual(complete("pd.read_csv('da"), ["data/"])
        XCTAssertEqual(complete("pd.read_csv('data/ho"), ["house.csv"])
    }
}
