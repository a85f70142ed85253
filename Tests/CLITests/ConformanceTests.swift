import Foundation
import XCTest

/// Runs every case of Tests/Fixtures/torch-reference.txt (PyTorch's own output, copied from
/// shared/conformance/reference.txt) through the built binary as a script and compares stdout
/// byte for byte. Cases named in torch-reference.known-failures are expected to fail; that list
/// only ever shrinks: a listed case that now passes fails the test until it is removed.
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

    static func knownFailures() throws -> Set<String> {
        let url = TCalcBinary.packageRoot.appendingPathComponent("Tests/Fixtures/torch-reference.known-failures")
        let text = try String(contentsOf: url, encoding: .utf8)
        return Set(text.components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    func testReferenceCases() throws {
        let url = TCalcBinary.packageRoot.appendingPathComponent("Tests/Fixtures/torch-reference.txt")
        let cases = Self.parseCases(try String(contentsOf: url, encoding: .utf8))
        XCTAssertGreaterThan(cases.count, 200, "the fixture should hold every shared case")
        let known = try Self.knownFailures()
        let unknownNames = known.subtracting(cases.map(\.name))
        XCTAssertTrue(unknownNames.isEmpty, "known-failures names cases that do not exist: \(unknownNames.sorted())")

        nonisolated(unsafe) var results = [TCalcBinary.Result?](repeating: nil, count: cases.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: cases.count) { i in
            let r = try? TCalcBinary.run([], stdin: cases[i].program)
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
                XCTFail("\(c.name) now passes: remove it from torch-reference.known-failures")
            } else if !ok && !known.contains(c.name) {
                XCTFail("""
                    \(c.name) differs from PyTorch (status \(r.status))
                    --- program
                    \(c.program)--- expected
                    \(c.expected)--- got
                    \(r.stdout)--- stderr
                    \(r.stderr)
                    """)
            }
        }
        print("\(passed)/\(cases.count) reference cases match")
    }
}
