/// A 5×7 pixel font for printable ASCII, drawn for tcalc's PNG output: each glyph is seven
/// rows of five bits (bit 4 leftmost), written as two hex digits per row.
enum BitmapFont {
    static let width = 5
    static let height = 7

    /// Glyphs for U+0020 (space) through U+007E (~), in order.
    static let ascii: [String] = [
        "00000000000000", "04040404000004", "0A0A0A00000000", "0A0A1F0A1F0A0A", "040F140E051E04",
        "18190204081303", "0C12140815120D", "0C040800000000", "02040808080402", "08040202020408",
        "0004150E150400", "0004041F040400", "000000000C0408", "0000001F000000", "00000000000C0C",
        "00010204081000", "0E11131519110E", "040C040404040E", "0E11010204081F", "1F020402011 10E",
        "02060A121F0202", "1F101E0101110E", "0608101E11110E", "1F010204080808", "0E11110E11110E",
        "0E11110F01020C", "000C0C000C0C00", "000C0C000C0408", "02040810080402", "00001F001F0000",
        "08040201020408", "0E110102040004", "0E11010D15150E", "0E1111111F1111", "1E11111E11111E",
        "0E11101010110E", "1C12111111121C", "1F10101E10101F", "1F10101E101010", "0E1110171111 0F",
        "1111111F111111", "0E04040404040E", "0702020202120C", "11121418141211", "1010101010101F",
        "111B1515111111", "11111915131111", "0E11111111110E", "1E11111E101010", "0E11111115120D",
        "1E11111E141211", "0F10100E01011E", "1F040404040404", "1111111111110E", "11111111110A04",
        "1111111515150A", "11110A040A1111", "1111110A040404", "1F01020408101F", "0E08080808080E",
        "00100804020100", "0E02020202020E", "040A1100000000", "0000000000001F", "08040200000000",
        "00000E010F110F", "1010161911111E", "00000E1010110E", "01010D1311110F", "00000E111F100E",
        "0609081C080808", "000F11110F010E", "10101619111111", "04000C0404040E", "02000602021 20C",
        "10101214181412", "0C04040404040E", "00001A15151111", "00001619111111", "00000E1111110E",
        "00001E111E1010", "00000D130F0101", "00001619101010", "00000E100E011E", "08081C08080906",
        "0000111111130D", "000011111 10A04", "0000111115150A", "0000110A040A11", "000011110F010E",
        "00001F0204081F", "02040408040402", "04040404040404", "08040402040408", "00000815020000",
    ].map { $0.replacingOccurrences(of: " ", with: "") }

    /// The rows of a character's glyph, and whether it is raised (superscript digits), or nil
    /// for characters the font lacks (drawn as `?`).
    static func glyph(_ c: Character) -> (rows: [UInt8], raised: Bool) {
        let superscripts: [Character: Character] = [
            "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
        ]
        var ch = c
        var raised = false
        if let plain = superscripts[c] { ch = plain; raised = true }
        if ch == "−" { ch = "-" }
        if ch == "×" { ch = "x" }
        guard let v = ch.asciiValue, v >= 32, v <= 126 else { return (rows(for: "?"), raised) }
        return (rows(for: ch), raised)
    }

    static func rows(for c: Character) -> [UInt8] {
        let hex = Array(ascii[Int(c.asciiValue! - 32)])
        return (0..<7).map { UInt8(String(hex[($0 * 2)...($0 * 2 + 1)]), radix: 16) ?? 0 }
    }
}
