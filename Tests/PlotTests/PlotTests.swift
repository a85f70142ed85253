import XCTest
@testable import Plot

/// Ticks, format strings and the braille canvas: the pieces every renderer shares.
final class PlotTests: XCTestCase {
    func testLinearTicksUseMatplotlibSteps() {
        XCTAssertEqual(Ticks.linear(low: 0, high: 10, bins: 5), [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(Ticks.linear(low: -1, high: 1, bins: 4), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(Ticks.linear(low: 0, high: 10, bins: 4), [0, 2.5, 5, 7.5, 10], "2.5 is one of MaxNLocator's steps")
        XCTAssertEqual(Ticks.linear(low: -0.314, high: 6.597, bins: 9), [0, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(Ticks.linear(low: -0.314, high: 6.597, bins: 6), [0, 2, 4, 6], "MaxNLocator(6) takes step 2 here too")
        XCTAssertEqual(Ticks.linear(low: 0.945, high: 1.055, bins: 4), [0.95, 1, 1.05])
        XCTAssertEqual(Ticks.linear(low: 3, high: 3, bins: 4), [3])
        XCTAssertEqual(Ticks.linear(low: 0, high: .nan, bins: 4), [])
    }

    func testLogTicksArePowersOfTen() {
        XCTAssertEqual(Ticks.log(low: 0.5, high: 2000, bins: 8), [1, 10, 100, 1000])
        XCTAssertEqual(Ticks.log(low: 1e-10, high: 1e10, bins: 4), [1e-6, 1, 1e6], "every sixth decade of 21, through 10⁰")
        XCTAssertEqual(Ticks.labels([0.1, 1, 10], scale: .log), ["10⁻¹", "10⁰", "10¹"])
    }

    func testLabelsShareTheirDecimalsAndUseATrueMinus() {
        XCTAssertEqual(Ticks.labels([0, 0.5, 1]), ["0.0", "0.5", "1.0"])
        XCTAssertEqual(Ticks.labels([-1, 0, 1]), ["−1", "0", "1"])
        XCTAssertEqual(Ticks.labels([0, 2.5, 5]), ["0.0", "2.5", "5.0"])
        XCTAssertEqual(Ticks.labels([0, 2e6]), ["0", "2×10⁶"])
    }

    func testFormatStrings() throws {
        XCTAssertEqual(try FormatString("r--"), try { var f = try FormatString(""); f.color = RGB(1, 0, 0); f.lineStyle = .dashed; return f }())
        let dashdot = try FormatString("g-.")
        XCTAssertEqual(dashdot.lineStyle, .dashDot)
        XCTAssertEqual(dashdot.color, RGB(hex: 0x008000))
        let markers = try FormatString("o")
        XCTAssertEqual(markers.marker, .circle)
        XCTAssertEqual(markers.lineStyle, LineStyle.none, "a marker alone means no line")
        XCTAssertEqual(try FormatString("-o").lineStyle, .solid)
        XCTAssertEqual(try FormatString("C1:").color, RGB.cycle[1])
        XCTAssertEqual(try FormatString("red").color, RGB(1, 0, 0))
        XCTAssertThrowsError(try FormatString("r--b"))
        XCTAssertThrowsError(try FormatString("q"))
    }

    func testColorsParseAndMapToTheTerminalPalette() {
        XCTAssertEqual(RGB.parse("#ff7f0e"), RGB.cycle[1])
        XCTAssertEqual(RGB.parse("tab:blue"), RGB.cycle[0])
        XCTAssertEqual(RGB.parse("0.5"), RGB(0.5, 0.5, 0.5))
        XCTAssertNil(RGB.parse("not a colour"))
        XCTAssertEqual(RGB(1, 0, 0).ansi256, 196)
        XCTAssertEqual(RGB.black.ansi256, 16)
        XCTAssertEqual(Set(RGB.cycle.map(\.ansi256)).count, 10, "the ten cycle colours stay distinct in 256 colours")
    }

    func testBrailleDots() {
        var c = BrailleCanvas(columns: 2, rows: 1)
        c.set(x: 0, y: 0)
        c.set(x: 3, y: 3)
        XCTAssertEqual(c.lines(), ["\u{2801}\u{2880}"])
        c.set(x: 99, y: -1)  // off the canvas: ignored
        XCTAssertEqual(c.lines(), ["\u{2801}\u{2880}"])
    }

    func testDashedLinesLeaveGaps() {
        var solid = BrailleCanvas(columns: 20, rows: 1)
        var dashed = BrailleCanvas(columns: 20, rows: 1)
        var phase = 0
        solid.line(from: (0, 0), to: (39, 0))
        dashed.line(from: (0, 0), to: (39, 0), pattern: LineStyle.dashed.dotPattern, phase: &phase)
        let dots = { (c: BrailleCanvas) in c.bits.map { $0.nonzeroBitCount }.reduce(0, +) }
        XCTAssertEqual(dots(solid), 40)
        XCTAssertEqual(dots(dashed), 24, "4 on, 3 off over 40 dots")
    }

    func testAutoscaleMarginsStickyEdgesAndConstantSeries() {
        let ax = Axes()
        ax.artists = [.line(Line(xs: [0, 10], ys: [0, 100], color: .black))]
        let (x, y) = ax.viewLimits()
        XCTAssertEqual(x.0, -0.5, accuracy: 1e-12)
        XCTAssertEqual(y.1, 105, accuracy: 1e-12)
        ax.artists = [.bars(Bars(lefts: [0, 1], widths: [1, 1], bottoms: [0, 0], heights: [3, 5], color: .black))]
        XCTAssertEqual(ax.viewLimits().y.0, 0, "bars stand on their baseline: no margin below")
        ax.artists = [.line(Line(xs: [0, 1, 2], ys: [1, 1, 1], color: .black))]
        XCTAssertEqual(ax.viewLimits().y.0, 0.945, accuracy: 1e-12, "a constant series gets matplotlib's ±5.5% range")
        ax.artists = [.line(Line(xs: [], ys: [], color: .black))]
        XCTAssertTrue(ax.viewLimits().x == (0, 1), "an empty axes shows 0…1")
        ax.yscale = .log
        ax.artists = [.line(Line(xs: [0, 1, 2], ys: [-1, 10, 1000], color: .black))]
        let ly = ax.viewLimits().y
        XCTAssertTrue(ly.0 > 5 && ly.0 < 10 && ly.1 > 1000 && ly.1 < 2000, "\(ly): non-positive values are left out on a log axis")
    }

    func testBitmapFontGlyphsAreComplete() {
        XCTAssertEqual(BitmapFont.ascii.count, 95)
        for (i, g) in BitmapFont.ascii.enumerated() {
            XCTAssertEqual(g.count, 14, "glyph for \(UnicodeScalar(UInt8(32 + i)))")
            XCTAssertNotNil(UInt64(g, radix: 16))
        }
        XCTAssertEqual(BitmapFont.glyph("1").rows, [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E])
        XCTAssertTrue(BitmapFont.glyph("¹").raised)
    }
}
