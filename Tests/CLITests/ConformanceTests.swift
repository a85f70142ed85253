import Foundation
import XCTest

/// Runs every case of the reference fixtures (the real libraries' own output, copied from
/// shared/conformance/: torch-reference.txt from reference.txt, python-reference.txt,
/// numpy-reference.txt) through the built binary as a script and compares stdout byte for byte.
/// Cases named in `<stem>.known-failures` are expected to fail; those lists only ever shrink: a
/// listed case that now passes fails the test until it is removed.
final class ConformanceTests: XCTestCase {
    struct Case {
        var name: String
        var program: String
        var expected: String
    }

    static func parseCases(_ text: String) -> [Case] {
        var cases: [Case] = []
        var name: String?
        var program: [String] = []
        var expected: [String] = []
        var inExpect = false
        func finish() {
            guard let name else { return }
            while let last = expected.last, last.isEmpty { expected.removeLast() }
            cases.append(Case(name: name, program: program.joined(separator: "\n") + "\n",
                              expected: expected.isEmpty ? "" : expected.joined(separator: "\n") + "\n"))
        }
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("### ") {
                finish()
                name = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                program = []; expected = []; inExpect = false
            } else if name == nil {
                continue  // the header
            } else if !inExpect && line == "--- expect" {
                inExpect = true
            } else if inExpect {
                expected.append(line)
            } else {
                program.append(line)
            }
        }
        finish()
        return cases
    }

    /// The names listed in `Tests/Fixtures/<stem>.known-failures` (absent file: none).
    static func knownFailures(_ stem: String) throws -> Set<String> {
        let url = TCalcBinary.packageRoot.appendingPathComponent("Tests/Fixtures/\(stem).known-failures")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = try String(contentsOf: url, encoding: .utf8)
        return Set(text.components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// PyTorch's tensors, printing and autograd (shared/conformance/reference.txt).
    func testTorchReferenceCases() throws {
        try runReference("torch-reference", library: "PyTorch", minimumCases: 200)
    }

    /// Classes, modules, files, functions and strings as CPython 3.11 + PyTorch run them
    /// (shared/conformance/python-reference.txt).
    func testPythonReferenceCases() throws {
        try runReference("python-reference", library: "CPython", minimumCases: 100)
    }

    /// The NumPy dialect and torch <-> NumPy interop as NumPy 2.4 runs them
    /// (shared/conformance/numpy-reference.txt).
    func testNumPyReferenceCases() throws {
        try runReference("numpy-reference", library: "NumPy", minimumCases: 100)
    }

    /// Forward mode, the torch.func transforms, vmap and the visible graph as PyTorch 2.15 runs
    /// them (Tests/Fixtures/autograd-cases.txt, recorded by scripts/gen-autograd-reference).
    func testAutogradReferenceCases() throws {
        try runReference("autograd-reference", library: "PyTorch", minimumCases: 30)
    }

    /// Runs every case of `Tests/Fixtures/<stem>.txt` as a script, each in a fresh empty folder
    /// (as the reference was generated), and compares stdout byte for byte.
    func runReference(_ stem: String, library: String, minimumCases: Int) throws {
        let url = TCalcBinary.packageRoot.appendingPathComponent("Tests/Fixtures/\(stem).txt")
        let cases = Self.parseCases(try String(contentsOf: url, encoding: .utf8))
        XCTAssertGreaterThan(cases.count, minimumCases, "the fixture should hold every shared case")
        let known = try Self.knownFailures(stem)
        let unknownNames = known.subtracting(cases.map(\.name))
        XCTAssertTrue(unknownNames.isEmpty, "\(stem).known-failures names cases that do not exist: \(unknownNames.sorted())")

        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tcalc-\(stem)-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }  // best effort: a temp folder
        nonisolated(unsafe) var results = [TCalcBinary.Result?](repeating: nil, count: cases.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: cases.count) { i in
            let dir = scratch.appendingPathComponent("case\(i)")
            let r: TCalcBinary.Result?
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                r = try TCalcBinary.run([], stdin: cases[i].program, directory: dir)
            } catch {
                r = nil
            }
            lock.lock(); results[i] = r; lock.unlock()
        }

        var passed = 0
        for (i, c) in cases.enumerated() {
            guard let r = results[i] else {
                XCTFail("\(c.name): could not run tcalc at \(TCalcBinary.path)")
                continue
            }
            let ok = r.status == 0 && r.stdout == c.expected
            if ok { passed += 1 }
            if ok && known.contains(c.name) {
                XCTFail("\(c.name) now passes: remove it from \(stem).known-failures")
            } else if !ok && !known.contains(c.name) {
                XCTFail("""
                    \(c.name) differs from \(library) (status \(r.status))
                    --- program
                    \(c.program)--- expected
                    \(c.expected)--- got
                    \(r.stdout)--- stderr
                    \(r.stderr)
                    """)
            }
        }
        print("\(stem): \(passed)/\(cases.count) reference cases match")
    }
}
