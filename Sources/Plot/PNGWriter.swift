import CSystemZlib
import Foundation

/// PNG files: 8-bit RGB, one unfiltered scanline after another, deflated by the system's zlib.
public enum PNGWriter {
    /// The bytes of a PNG image of `width` × `height` pixels from packed RGB `pixels`.
    public static func encode(width: Int, height: Int, rgb pixels: [UInt8]) throws -> [UInt8] {
        precondition(pixels.count == width * height * 3, "PNGWriter: pixel buffer size")
        var raw = [UInt8]()
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter type None
            raw += pixels[(y * width * 3)..<((y + 1) * width * 3)]
        }
        var bound = compressBound(uLong(raw.count))
        var deflated = [UInt8](repeating: 0, count: Int(bound))
        let status = deflated.withUnsafeMutableBufferPointer { out in
            raw.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &bound, input.baseAddress, uLong(raw.count), 6)
            }
        }
        guard status == Z_OK else { throw PlotError("PNG: zlib compress2 failed with status \(status)") }
        deflated.removeSubrange(Int(bound)...)

        var png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        var header = [UInt8]()
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits per sample, RGB, deflate, no filter set, no interlace
        chunk("IHDR", header, into: &png)
        chunk("IDAT", deflated, into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    /// length, type, data, and the CRC-32 of type + data.
    static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typed = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count))
        png += typed
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        png += bigEndian(UInt32(crc))
    }
}
