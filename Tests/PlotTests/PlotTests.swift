import XCTest
@testable import Plot

final class PlotTests: XCTestCase {
    func testNiceTicks() {
        XCTAssertEqual(Ticks.nice(low: 0, high: 10, count: 6), [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(Ticks.nice(low: -1, high: 1, count: 5), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(Ticks.labels([0, 0.5, 1]), ["0.0", "0.5", "1.0"], "one decimal count for all ticks, as matplotlib")
        XCTAssertEqual(Ticks.labels([0, 5, 10]), ["0", "5", "10"])
        XCTAssertEqual(Ticks.labels([0, 2e6]), ["0", "2.0e+06"])
    }

    func testBrailleDots() {
        var c = BrailleCanvas(columns: 2, rows: 1)
        c.set(x: 0, y: 0)
        c.set(x: 3, y: 3)
        XCTAssertEqual(c.lines(), ["\u{2801}\u{2880}"])
        c.set(x: 99, y: -1)  // off the canvas: ignored
        XCTAssertEqual(c.lines(), ["\u{2801}\u{2880}"])
    }

    func testDiagonalLineTouchesEveryColumn() {
        var c = BrailleCanvas(columns: 4, rows: 2)
        c.line(from: (0, 7), to: (7, 0))
        XCTAssertEqual(c.bits.filter { $0 != 0 }.count, 4, "a diagonal crosses one cell per column here")
    }

    func testRenderHasAxesTicksAndLegend() throws {
        var f = Figure()
        f.width = 20
        f.height = 5
        let xs = (0...10).map(Double.init)
        f.series = [PlotSeries(xs: xs, ys: xs.map { $0 * $0 }, label: "x^2")]
        f.xlabel = "x"
        let text = try f.render()
        let lines = text.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].hasPrefix("100 ┤"), text)
        XCTAssertTrue(lines[4].hasPrefix("  0 ┤"), text)
        XCTAssertTrue(lines[5].hasPrefix("    └┬"), text)
        XCTAssertTrue(lines[6].contains("0") && lines[6].contains("10"), text)
        XCTAssertEqual(lines.last, "     ── x^2", text)
    }

    func testMismatchedLengthsIsAnError() {
        var f = Figure()
        f.series = [PlotSeries(xs: [1, 2], ys: [1])]
        XCTAssertThrowsError(try f.render())
    }

    func testSVGIsWellFormedEnough() throws {
        var f = Figure()
        f.series = [PlotSeries(xs: [0, 1], ys: [0, 1], label: "a<b")]
        let svg = try f.svg()
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("a&lt;b"))
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
    }
}
