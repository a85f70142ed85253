import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// pyplot through the binary, in the non-interactive modes: when figures appear (show(), the
/// end of the run, never for a figure already saved), files written by savefig, and d2l's
/// calculus cells piped as a notebook would hold them, `%matplotlib inline` included.
final class PlottingTests: XCTestCase {
    func testScriptFiguresWaitForShowOrTheEnd() throws {
        let script = """
            import matplotlib.pyplot as plt
            print('before')
            plt.plot([1, 2, 3], [3, 1, 2], label='first');
            plt.legend();
            plt.show()
            print('between')
            plt.plot([0, 1], [0, 1], label='second');
            plt.legend();
            print('after')

            """
        let r = try TCalcBinary.run([], stdin: script)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        guard let before = out.range(of: "before\n"), let first = out.range(of: "── first"),
              let between = out.range(of: "between\n"), let after = out.range(of: "after\n"),
              let second = out.range(of: "── second") else {
            return XCTFail("missing parts of the output:\n" + out)
        }
        XCTAssertTrue(before.upperBound <= first.lowerBound && first.upperBound <= between.lowerBound, out)
        XCTAssertTrue(after.upperBound <= second.lowerBound, "an unshown figure is drawn when the run ends:\n" + out)
        XCTAssertEqual(out.components(separatedBy: "── first").count, 2, "show() closes the figure: drawn once")
        XCTAssertFalse(out.contains("\u{1b}["), "no colour in a pipe")
        XCTAssertTrue(out.split(separator: "\n").allSatisfy { $0.count <= 80 }, "80 columns when not a terminal")
        XCTAssertTrue(out.split(separator: "\n").contains { $0.count >= 70 }, "the default figure fills them")
    }

    func testSavefigWritesFilesAndCountsAsShown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TCalcBinary.run(["-e", "import matplotlib.pyplot as plt; plt.plot([1, 2, 4], label='a'); plt.legend(); plt.title('t'); plt.savefig('f.svg'); plt.savefig('f.png')"],
                                    directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("┤"), "a saved figure is not drawn again at the end:\n" + r.stdout)
        let svg = try Data(contentsOf: dir.appendingPathComponent("f.svg"))
        XCTAssertTrue(XMLParser(data: svg).parse(), "the SVG is well-formed XML")
        XCTAssertTrue(String(decoding: svg, as: UTF8.self).contains(">a</text>"))
        let png = try Data(contentsOf: dir.appendingPathComponent("f.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4e, 0x47])
        let bad = try TCalcBinary.run(["-e", "import matplotlib.pyplot as plt; plt.plot([1]); plt.savefig('f.pdf')"], directory: dir)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("ValueError: Format 'pdf' is not supported (supported formats: png, svg)"), bad.stderr)
    }

    func testPlottingErrorsAreValueErrorsWithTheirPlace() throws {
        let r = try TCalcBinary.run([], stdin: "import matplotlib.pyplot as plt\nplt.plot([1, 2], [1, 2, 3])\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, """
            <stdin>:2:1: error: ValueError: x and y must have same first dimension, but have shapes (2,) and (3,)
            plt.plot([1, 2], [1, 2, 3])
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~

            """)
        XCTAssertEqual(r.stdout, "", "a run that failed before drawing anything draws no empty frame")
    }

    func testD2LCalculusCellsPipedWithTheirMagic() throws {
        let cells = try String(contentsOf: TCalcBinary.packageRoot.appendingPathComponent("Tests/Transcripts/d2l-plotting.txt"), encoding: .utf8)
        // The calculus cells of the transcript, back to plain source, with the notebook's magic.
        var source = "%matplotlib inline\n"
        for line in cells.components(separatedBy: "\n") {
            if line.hasPrefix(">>> x = np.arange") { source += "x = np.arange(0, 3, 0.1)\n"; break }
            if line.hasPrefix(">>> ") { source += String(line.dropFirst(4)) + "\n" }
            else if line.hasPrefix("... ") { source += String(line.dropFirst(4)) + "\n" }
            else if line == "..." { source += "\n" }
        }
        source += "plot(x, [f(x), 2 * x - 3], 'x', 'f(x)', legend=['f(x)', 'Tangent line (x=1)'])\n"
        let r = try TCalcBinary.run([], stdin: source)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.contains("│── f(x)") && r.stdout.contains("│╌╌ Tangent line (x=1)│"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("                      x\n"), "the figure ends with its x label:\n" + r.stdout)
    }
}
