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
