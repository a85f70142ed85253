import XCTest
@testable import Lang

/// Runs the CPython-generated transcripts (PythonTranscripts.swift) and compares byte for byte.
final class TranscriptTests: XCTestCase {
    func testPythonTranscripts() {
        for t in pythonTranscripts {
            let got: String = output(t.source + "\n")
            let want: String = t.expected.isEmpty ? "" : t.expected + "\n"
            if got != want {
                let gotLines: [Substring] = got.split(separator: "\n", omittingEmptySubsequences: false)
                let wantLines: [Substring] = want.split(separator: "\n", omittingEmptySubsequences: false)
                var firstDiff: String = ""
                for i in 0..<max(gotLines.count, wantLines.count) {
                    let g: Substring = i < gotLines.count ? gotLines[i] : "<missing>"
                    let w: Substring = i < wantLines.count ? wantLines[i] : "<missing>"
                    if g != w { firstDiff = "line \(i + 1):\n  got:  \(g)\n  want: \(w)"; break }
                }
                XCTFail("transcript '\(t.name)' differs at \(firstDiff)")
            }
        }
    }
}

/// Error classes and messages compared with CPython's (PythonErrors.swift).
final class ErrorMessageTests: XCTestCase {
    func testMessagesMatchCPython() {
        // Deliberate differences: builtins bind arguments with one generic rule (CPython's C
        // functions each word arity errors their own way), and imports name what tcalc has.
        let divergent: Set<String> = ["len()", "len(1, 2)", "{}.get()", "import notamodule", "from math import notathing"]
        var mismatches: [String] = []
        for e in pythonErrors where !divergent.contains(e.source) {
            let s: Session = Session()
            do {
                try s.interp.run(e.source, filename: "<stdin>")
                mismatches.append("\(e.source): no error")
            } catch let d as Diagnostic {
                if d.exceptionClass != e.exceptionClass || d.message != e.message {
                    mismatches.append("\(e.source.replacingOccurrences(of: "\n", with: "⏎")): got \(d.exceptionClass): \(d.message) | want \(e.exceptionClass): \(e.message)")
                }
            } catch {
                mismatches.append("\(e.source): \(error)")
            }
        }
        XCTAssertTrue(mismatches.isEmpty, "\n" + mismatches.joined(separator: "\n"))
    }
}
