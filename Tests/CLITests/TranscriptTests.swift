import Foundation
import Lang
import XCTest

/// Doctest-style sessions: every `>>>` entry (with its `...` continuation lines) is run in one
/// interpreter per file, and what it prints (stdout, then any diagnostic) must equal the lines
/// that follow it, up to the next `>>>` or the end of the code block. Sources: every file in
/// Tests/Transcripts/, README.md, and docs/*.md (so a stale doc fails the suite).
final class TranscriptTests: XCTestCase {
    struct Entry {
        var line: Int
        var source: String
        var expected: String
    }

    /// Parses the `>>>` entries of a text. In Markdown only fenced code blocks are read.
    static func parseEntries(_ text: String, markdown: Bool) -> [Entry] {
        var entries: [Entry] = []
        var current: Entry?
        var expectedLines: [String] = []
        var inFence = !markdown
        var readingSource = false
        func finish() {
            guard var e = current else { return }
            while let last = expectedLines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
                expectedLines.removeLast()
            }
            e.expected = expectedLines.joined(separator: "\n")
            entries.append(e)
            current = nil
            expectedLines = []
        }
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
            if markdown && line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                finish()
                inFence.toggle()
                continue
            }
            guard inFence else { continue }
            if line.hasPrefix(">>>") {
                finish()
                current = Entry(line: number + 1, source: String(line.dropFirst(line.hasPrefix(">>> ") ? 4 : 3)), expected: "")
                readingSource = true
            } else if readingSource && (line.hasPrefix("... ") || line == "...") {
                current?.source += "\n" + String(line.dropFirst(line == "..." ? 3 : 4))
            } else if current != nil {
                readingSource = false
                expectedLines.append(line)
            }
        }
        finish()
        return entries
    }

    func transcriptFiles() throws -> [(URL, Bool)] {
        let root = TCalcBinary.packageRoot
        let fm = FileManager.default
        var files: [(URL, Bool)] = []
        let transcripts = root.appendingPathComponent("Tests/Transcripts")
        for name in try fm.contentsOfDirectory(atPath: transcripts.path).sorted() where name.hasSuffix(".txt") {
            files.append((transcripts.appendingPathComponent(name), false))
        }
        files.append((root.appendingPathComponent("README.md"), true))
        let docs = root.appendingPathComponent("docs")
        for name in (try? fm.contentsOfDirectory(atPath: docs.path))?.sorted() ?? [] where name.hasSuffix(".md") {
            files.append((docs.appendingPathComponent(name), true))
        }
        return files
    }

    func testTranscripts() throws {
        var total = 0
        for (url, markdown) in try transcriptFiles() {
            let entries = Self.parseEntries(try String(contentsOf: url, encoding: .utf8), markdown: markdown)
            total += entries.count
            try runSession(entries, file: url)
        }
        XCTAssertGreaterThan(total, 0, "no transcript entries found")
        print("\(total) transcript entries checked")
    }

    func runSession(_ entries: [Entry], file: URL) throws {
        guard !entries.isEmpty else { return }
        let fm = FileManager.default
        let previous = fm.currentDirectoryPath
        // Examples read files beside their page (docs/house_tiny.csv), so run in its folder;
        // transcripts named files-*.txt write files, so they run in a fresh empty folder
        // nested one level down (d2l writes to '../data').
        var folder = file.deletingLastPathComponent()
        if file.lastPathComponent.hasPrefix("files-") {
            let scratch = fm.temporaryDirectory.appendingPathComponent("tcalc-transcript-\(ProcessInfo.processInfo.processIdentifier)-\(file.lastPathComponent)")
            try? fm.removeItem(at: scratch)  // a leftover from an interrupted run
            folder = scratch.appendingPathComponent("work")
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        defer { if folder != file.deletingLastPathComponent() { try? fm.removeItem(at: folder.deletingLastPathComponent()) } }
        XCTAssertTrue(fm.changeCurrentDirectoryPath(folder.path))
        defer { _ = fm.changeCurrentDirectoryPath(previous) }
        var output = ""
        let interpreter = Interpreter(output: { output += $0 })
        for entry in entries {
            output = ""
            do {
                try interpreter.run(entry.source, filename: "<stdin>")
            } catch let d as Diagnostic {
                output += d.rendered
            }
            var got = output
            while got.hasSuffix("\n") { got.removeLast() }
            if got != entry.expected {
                XCTFail("""
                    \(file.lastPathComponent):\(entry.line): output differs
                    >>> \(entry.source)
                    --- expected
                    \(entry.expected)
                    --- got
                    \(got)
                    """)
            }
        }
    }
}
