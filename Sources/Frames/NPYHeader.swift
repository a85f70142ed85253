import TensorCore

/// The header of a `.npy` file (format versions 1.0 to 3.0): magic, version, header length and
/// the Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader {
    /// How the file stores elements, and what tcalc makes of them.
    struct Layout {
        /// The file's element type and size.
        var fileKind: Character
        var fileSize: Int
        var bigEndian: Bool
        /// The engine's dtype the elements become.
        var dtype: DType
    }

    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    /// Bytes before the array data.
    var dataOffset: Int
    var layout: Layout

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Parses the header at the start of `bytes`, which must hold at least the whole header.
    /// Throws "the file ends inside the .npy header" when `bytes` stops before the header does.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, origin: String) throws -> NPYHeader {
        guard bytes.count >= 10 else {
            if bytes.count >= 6 && Array(bytes[0..<6]) == magic {
                throw FrameError(.value, "\(origin): the file ends inside the .npy header")
            }
            throw badMagic(Array(bytes.prefix(6)), origin)
        }
        guard Array(bytes[0..<6]) == magic else { throw badMagic(Array(bytes[0..<6]), origin) }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int
        let start: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw FrameError(.value, "\(origin): the file ends inside the .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        default:
            throw FrameError(.value, "\(origin): .npy format version \(major).\(minor) is not supported (1.0 to 3.0 are)")
        }
        guard bytes.count >= start + headerLength else {
            throw FrameError(.value, "\(origin): the file ends inside the .npy header")
        }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<(start + headerLength)])
        // Versions 1 and 2 are latin-1, version 3 UTF-8; the dict itself is ASCII either way.
        let text = major == 3 ? String(decoding: raw, as: UTF8.self) : String(raw.map { Character(Unicode.Scalar($0)) })
        var parser = DictLiteralParser(text: text)
        let dict: [String: DictLiteralParser.Value]
        do { dict = try parser.parseDict() } catch {
            throw FrameError(.value, "\(origin): Cannot parse header: \(FrameValue.string(text).repr)")
        }
        guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
            throw FrameError(.value, "\(origin): Header does not contain the correct keys: [\(dict.keys.sorted().map { FrameValue.string($0).repr }.joined(separator: ", "))]")
        }
        guard case .string(let descr)? = dict["descr"] else {
            throw FrameError(.value, "\(origin): tcalc cannot load arrays with a structured dtype (descr must be a string)")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw FrameError(.value, "\(origin): fortran_order is not a valid bool: \(String(describing: dict["fortran_order"]))")
        }
        guard case .tuple(let shape)? = dict["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw FrameError(.value, "\(origin): shape is not valid: \(String(describing: dict["shape"]))")
        }
        let layout = try Layout.parse(descr, origin: origin)
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape, dataOffset: start + headerLength, layout: layout)
    }

    private static func badMagic(_ got: [UInt8], _ origin: String) -> FrameError {
        let shown = got.map { b -> String in
            if b >= 0x20 && b < 0x7F && b != 0x27 && b != 0x5C { return String(UnicodeScalar(b)) }
            let h = String(b, radix: 16)
            return "\\x" + (h.count < 2 ? "0" + h : h)
        }.joined()
        return FrameError(.value, "\(origin) is not a .npy file: the magic string is not correct; expected b'\\x93NUMPY', got b'\(shown)'")
    }

    /// The header NumPy writes for a C-ordered array: version 1.0 when it fits, else 2.0; padded
    /// with spaces and a newline so the data starts on a 64-byte boundary.
    static func encode(dtype: DType, shape: [Int]) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dict = "{'descr': '\(Layout.descr(for: dtype))', 'fortran_order': False, 'shape': \(shapeText), }"
        for (version, prefix) in [(UInt8(1), 10), (UInt8(2), 12)] {
            let unpadded = prefix + dict.utf8.count + 1
            let total = (unpadded + 63) / 64 * 64
            let headerLength = total - prefix
            if version == 1 && headerLength > 65535 { continue }
            var out = magic + [version, 0]
            if version == 1 {
                out += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
            } else {
                out += (0..<4).map { UInt8((headerLength >> (8 * $0)) & 0xFF) }
            }
            out += Array(dict.utf8)
            out += [UInt8](repeating: 0x20, count: total - unpadded)
            out.append(0x0A)
            return out
        }
        return []
    }
}

extension NPYHeader.Layout {
    /// Reads a NumPy type string such as `<f8`, `|b1`, `>i4`.
    static func parse(_ descr: String, origin: String) throws -> NPYHeader.Layout {
        let chars = Array(descr)
        let unsupported = FrameError(.value, "\(origin): tcalc cannot load arrays of dtype \(FrameValue.string(descr).repr): only bool, integer, floating-point and complex arrays")
        if descr.contains("O") {
            throw FrameError(.value, "\(origin): Object arrays cannot be loaded (dtype \(FrameValue.string(descr).repr)): tcalc loads only numbers and booleans")
        }
        guard chars.count >= 3, "<>|=".contains(chars[0]), let size = Int(String(chars[2...])) else { throw unsupported }
        let big = chars[0] == ">"
        let kind = chars[1]
        let dtype: DType
        switch (kind, size) {
        case ("b", 1): dtype = .bool
        case ("u", 1): dtype = .uint8
        case ("i", 1): dtype = .int8
        case ("i", 2): dtype = .int16
        case ("i", 4): dtype = .int32
        case ("i", 8): dtype = .int64
        // Wider unsigned types widen to the next signed type the engine has.
        case ("u", 2): dtype = .int32
        case ("u", 4), ("u", 8): dtype = .int64
        case ("f", 2), ("f", 4): dtype = .float32
        case ("f", 8): dtype = .float64
        case ("c", 8): dtype = .complex64
        case ("c", 16): dtype = .complex128
        default: throw unsupported
        }
        return NPYHeader.Layout(fileKind: kind, fileSize: size, bigEndian: big && size > 1, dtype: dtype)
    }

    /// The type string NumPy uses for an engine dtype (little-endian).
    static func descr(for dtype: DType) -> String {
        switch dtype {
        case .bool: return "|b1"
        case .uint8: return "|u1"
        case .int8: return "|i1"
        case .int16: return "<i2"
        case .int32: return "<i4"
        case .int64: return "<i8"
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .complex64: return "<c8"
        case .complex128: return "<c16"
        }
    }

    /// True when the file's bytes are the engine's bytes (no swap, no widening).
    var isNative: Bool { !bigEndian && fileSize == dtype.itemSize && (fileKind != "u" || fileSize == 1) }
}

/// Parses the Python literal NumPy writes: a dict of string keys to strings, booleans and tuples
/// of ints.
struct DictLiteralParser {
    enum Value: Equatable { case string(String), bool(Bool), tuple([Int]) }
    struct Failure: Error {}

    private let chars: [Character]
    private var i = 0

    init(text: String) { chars = Array(text) }

    private mutating func skipSpace() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

    private mutating func expect(_ c: Character) throws {
        skipSpace()
        guard i < chars.count && chars[i] == c else { throw Failure() }
        i += 1
    }

    private mutating func peek() -> Character? { skipSpace(); return i < chars.count ? chars[i] : nil }

    mutating func parseDict() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        while peek() != "}" {
            guard case .string(let key) = try parseValue() else { throw Failure() }
            try expect(":")
            result[key] = try parseValue()
            if peek() == "," { i += 1 } else { break }
        }
        try expect("}")
        skipSpace()
        guard i == chars.count else { throw Failure() }
        return result
    }

    private mutating func parseValue() throws -> Value {
        guard let c = peek() else { throw Failure() }
        if c == "'" || c == "\"" {
            i += 1
            var s = ""
            while i < chars.count && chars[i] != c { s.append(chars[i]); i += 1 }
            try expect(c)
            return .string(s)
        }
        if c == "(" {
            i += 1
            var items: [Int] = []
            while peek() != ")" {
                var digits = ""
                while i < chars.count && chars[i].isNumber { digits.append(chars[i]); i += 1 }
                if i < chars.count && chars[i] == "L" { i += 1 }
                guard let v = Int(digits) else { throw Failure() }
                items.append(v)
                if peek() == "," { i += 1 } else { break }
            }
            try expect(")")
            return .tuple(items)
        }
        for (word, value) in [("True", true), ("False", false)] where chars[i...].starts(with: word) {
            i += word.count
            return .bool(value)
        }
        throw Failure()
    }
}
