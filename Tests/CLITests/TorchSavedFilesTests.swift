import Foundation
import XCTest

/// `torch.save`/`torch.load` against the real PyTorch: checkpoints PyTorch wrote
/// (Tests/Fixtures/torch-saved, made by its make_fixtures.py) load and print as PyTorch prints
/// them; and, when a Python with torch is at hand, files move both ways between tcalc and
/// PyTorch in this run.
final class TorchSavedFilesTests: XCTestCase {
    static let fixtures = TCalcBinary.packageRoot.appendingPathComponent("Tests/Fixtures/torch-saved")

    /// Each case of cases.txt: a script loading the committed files, with PyTorch's output.
    func testCheckpointsWrittenByPyTorchLoadAsInPyTorch() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("cases.txt"), encoding: .utf8)
        let cases = ConformanceTests.parseCases(text)
        XCTAssertGreaterThanOrEqual(cases.count, 4)
        for c in cases {
            let run = try TCalcBinary.run([], stdin: c.program, directory: Self.fixtures)
            XCTAssertEqual(run.stdout, c.expected, "case \(c.name): \(run.stderr)")
            XCTAssertEqual(run.status, 0, "case \(c.name): \(run.stderr)")
        }
    }

    /// A Python to try: `$TCALC_TORCH_PYTHON`, else the project's venv.
    static func python() -> String? {
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["TCALC_TORCH_PYTHON"] { candidates.append(p) }
        candidates.append("/work/venv/bin/python")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func runPython(_ python: String, _ script: String, directory: URL) throws -> TCalcBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return TCalcBinary.Result(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                                  status: process.terminationStatus)
    }

    static let make = """
        import torch
        from torch import nn
        torch.manual_seed(3)
        net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        base = torch.arange(12.0).reshape(3, 4)
        obj = {'state': net.state_dict(), 'views': [base, base[1], base[:, 1], base.T],
               'ints': torch.tensor([[1, -2], [3, 4]], dtype=torch.int32), 'mask': base > 5,
               'meta': {'epoch': 7, 'lr': 0.05, 'name': 'sgd', 'shape': base.shape, 'big': 2**65, 'none': None},
               'param': nn.Parameter(torch.ones(2, dtype=torch.float64))}
        torch.save(obj, FILE)
        """

    static let show = """
        obj = torch.load(FILE, weights_only=True)
        for k, v in obj['state'].items():
            print(k, v)
        print(type(obj['state']).__name__)
        views = obj['views']
        views[1][0] = -7.0
        print(views[0], views[2], views[3].stride(), views[2].storage_offset())
        print(obj['ints'], obj['mask'])
        for k in obj['meta']:
            print(k, obj['meta'][k])
        print(obj['param'])
        """

    /// tcalc saves a file that PyTorch loads (`weights_only=True`), PyTorch saves one that tcalc
    /// loads, and the same script prints both in both: the outputs must be equal. One Python
    /// run does PyTorch's part (importing torch takes seconds).
    func testFilesMoveBothWaysWithRealPyTorch() throws {
        guard let python = Self.python() else {
            throw XCTSkip("no Python with torch here (set TCALC_TORCH_PYTHON to one): the round trip through real PyTorch is not checked")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-torch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mark = "----8<----\n"
        let made = try TCalcBinary.run([], stdin: Self.make.replacingOccurrences(of: "FILE", with: "'from-tcalc.pt'"), directory: folder)
        XCTAssertEqual(made.status, 0, "tcalc could not save: \(made.stderr)")
        let showBoth = "import torch\n" + Self.show.replacingOccurrences(of: "FILE", with: "'from-tcalc.pt'")
            + "\nprint(\(mark.dropLast().debugDescription))\n" + Self.show.replacingOccurrences(of: "FILE", with: "'from-torch.pt'") + "\n"
        let theirs = try Self.runPython(python, Self.make.replacingOccurrences(of: "FILE", with: "'from-torch.pt'") + "\n" + showBoth, directory: folder)
        if theirs.status != 0 && theirs.stderr.contains("No module named 'torch'") {
            throw XCTSkip("\(python) has no torch: the round trip through real PyTorch is not checked")
        }
        XCTAssertEqual(theirs.status, 0, "PyTorch: \(theirs.stderr)")
        let ours = try TCalcBinary.run([], stdin: showBoth, directory: folder)
        XCTAssertEqual(ours.status, 0, "tcalc: \(ours.stderr)")
        let theirParts = theirs.stdout.components(separatedBy: mark), ourParts = ours.stdout.components(separatedBy: mark)
        XCTAssertEqual(theirParts.count, 2)
        XCTAssertEqual(ourParts.count, 2)
        guard theirParts.count == 2, ourParts.count == 2 else { return }
        XCTAssertEqual(ourParts[0], theirParts[0], "tcalc saves, PyTorch loads: the two print differently")
        XCTAssertEqual(ourParts[1], theirParts[1], "PyTorch saves, tcalc loads: the two print differently")
        XCTAssertTrue(theirParts[0].contains("0.weight tensor("))
    }
}
