import Foundation
import TensorCore
import ZIPFoundation

/// NumPy's file formats: `np.save`/`np.load` for `.npy` and `np.savez`/`np.load` for `.npz`.
/// Loading gives arrays with the file's dtype (widened where the engine lacks it: uint16 →
/// int32, uint32/uint64 → int64, float16 → float32); saving writes files NumPy reads.
public enum NumPyFiles {
    /// `np.save(path, x)`: writes a version 1.0 `.npy` file (`.npy` is appended to a path
    /// without it, as NumPy does). Returns the path written.
    @discardableResult
    public static func save(path: String, array: NDArray) throws -> String {
        let target = path.hasSuffix(".npy") ? path : path + ".npy"
        let bytes = try encode(array)
        try writeFile(bytes, to: target)
        return target
    }

    /// `np.load(path)` for a `.npy` file: the array, with data read straight into its storage.
    public static func load(path: String) throws -> NDArray {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FrameError.os(errno: errno, path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FrameError.os(errno: errno, path: path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FrameError.os(errno: EISDIR, path: path) }
        let origin = FrameValue.string(path).repr
        // Headers are small; read enough for any version 1 header, more only if it says so.
        var head = [UInt8](repeating: 0, count: 65536 + 12)
        let got = try readFully(fd, into: &head, offset: 0)
        head.removeLast(head.count - got)
        let header: NPYHeader
        do {
            header = try head.withUnsafeBufferPointer { try NPYHeader.parse($0, origin: origin) }
        } catch let error as FrameError where got == 65536 + 12 && error.message.hasSuffix("inside the .npy header") {
            // A version 2/3 header larger than 64 KiB: read the whole thing.
            var whole = [UInt8](repeating: 0, count: Int(info.st_size))
            let n = try readFully(fd, into: &whole, offset: 0)
            whole.removeLast(whole.count - n)
            header = try whole.withUnsafeBufferPointer { try NPYHeader.parse($0, origin: origin) }
        }
        var position = off_t(header.dataOffset)
        let available = Int(info.st_size) - header.dataOffset
        return try decode(header, origin: origin, available: available) { destination, count in
            var done = 0
            while done < count {
                let n = pread(fd, destination + done, count - done, position)
                if n < 0 { throw FrameError.os(errno: errno, path: path) }
                if n == 0 { break }
                done += n
                position += off_t(n)
            }
            return done
        }
    }

    /// Parses a whole `.npy` image held in memory (an `.npz` member).
    public static func decode(bytes: UnsafeBufferPointer<UInt8>, origin: String) throws -> NDArray {
        let header = try NPYHeader.parse(bytes, origin: origin)
        var position = header.dataOffset
        return try decode(header, origin: origin, available: bytes.count - header.dataOffset) { destination, count in
            let n = min(count, bytes.count - position)
            if n > 0, let base = bytes.baseAddress { destination.copyMemory(from: base + position, byteCount: n) }
            position += max(n, 0)
            return max(n, 0)
        }
    }

    /// Builds the array for `header`, pulling the body through `read(destination, byteCount)`,
    /// which returns how many bytes it delivered. A body shorter than the shape needs fails
    /// before anything is allocated (`available` is what the source holds after the header).
    private static func decode(_ header: NPYHeader, origin: String, available: Int,
                               read: (UnsafeMutableRawPointer, Int) throws -> Int) throws -> NDArray {
        let layout = header.layout
        let storedShape = header.fortranOrder ? Array(header.shape.reversed()) : header.shape
        let count = try NDArray.checkedCount(storedShape)
        let (bodyBytes, overflow) = count.multipliedReportingOverflow(by: layout.fileSize)
        if overflow { throw FrameError(.value, "\(origin): shape \(TensorError.shapeString(header.shape)) is too large") }
        if available < bodyBytes {
            throw truncated(header, origin: origin, count: count, delivered: max(available, 0))
        }
        let array = try NDArray(zeros: storedShape, dtype: layout.dtype)
        let delivered: Int
        if layout.isNative {
            delivered = try read(array.baseAddress, bodyBytes)
        } else {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bodyBytes, 1), alignment: 16)
            defer { buffer.deallocate() }
            delivered = try read(buffer, bodyBytes)
            if delivered == bodyBytes { try convert(buffer, layout, count: count, into: array, origin: origin) }
        }
        guard delivered == bodyBytes else { throw truncated(header, origin: origin, count: count, delivered: delivered) }
        if layout.dtype == .bool {
            // NumPy stores bools as bytes; anything but 0 means True, and Swift's Bool must be 0 or 1.
            let p = array.baseAddress.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count where p[i] > 1 { p[i] = 1 }
        }
        guard header.fortranOrder else { return array }
        // Column-major data: the same storage seen with reversed strides.
        return array.viewing(shape: header.shape, strides: Array(array.strides.reversed()))
    }

    private static func truncated(_ header: NPYHeader, origin: String, count: Int, delivered: Int) -> FrameError {
        let elements = delivered / max(header.layout.fileSize, 1)
        return FrameError(.eof, "\(origin): Failed to read all data for array. Expected \(TensorError.shapeString(header.shape)) = \(count) elements, could only read \(elements) elements. (file seems not fully written?)")
    }

    /// Byte-swaps and widens file elements into the engine's representation.
    private static func convert(_ source: UnsafeMutableRawPointer, _ layout: NPYHeader.Layout, count: Int,
                                into array: NDArray, origin: String) throws {
        let size = layout.fileSize
        if layout.bigEndian {
            // Complex numbers swap each of their two parts.
            let part = layout.fileKind == "c" ? size / 2 : size
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            var k = 0
            while k < count * size {
                var lo = k, hi = k + part - 1
                while lo < hi { let t = bytes[lo]; bytes[lo] = bytes[hi]; bytes[hi] = t; lo += 1; hi -= 1 }
                k += part
            }
        }
        let out = array.baseAddress
        switch (layout.fileKind, size) {
        case ("u", 2):
            let s = source.assumingMemoryBound(to: UInt16.self), d = out.assumingMemoryBound(to: Int32.self)
            for i in 0..<count { d[i] = Int32(s[i]) }
        case ("u", 4):
            let s = source.assumingMemoryBound(to: UInt32.self), d = out.assumingMemoryBound(to: Int64.self)
            for i in 0..<count { d[i] = Int64(s[i]) }
        case ("u", 8):
            let s = source.assumingMemoryBound(to: UInt64.self), d = out.assumingMemoryBound(to: Int64.self)
            for i in 0..<count {
                guard s[i] <= UInt64(Int64.max) else {
                    throw FrameError(.value, "\(origin): uint64 value \(s[i]) does not fit tcalc's int64")
                }
                d[i] = Int64(s[i])
            }
        case ("f", 2):
            let s = source.assumingMemoryBound(to: UInt16.self), d = out.assumingMemoryBound(to: Float.self)
            for i in 0..<count { d[i] = halfToFloat(s[i]) }
        default:
            out.copyMemory(from: source, byteCount: count * size)
        }
    }

    /// IEEE half precision to single, exactly (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
    }

    /// The complete `.npy` image of an array (C order, little-endian).
    static func encode(_ array: NDArray) throws -> [UInt8] {
        let data = try array.contiguous()
        var bytes = NPYHeader.encode(dtype: data.dtype, shape: data.shape)
        let body = data.count * data.itemSize
        bytes.reserveCapacity(bytes.count + body)
        bytes += UnsafeRawBufferPointer(start: data.baseAddress, count: body)
        return bytes
    }

    private static func readFully(_ fd: Int32, into buffer: inout [UInt8], offset: off_t) throws -> Int {
        var done = 0
        let total = buffer.count
        try buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < total {
                let n = pread(fd, base + done, total - done, offset + off_t(done))
                if n < 0 { throw FrameError(.os, "[Errno \(errno)] \(String(cString: strerror(errno)))") }
                if n == 0 { break }
                done += n
            }
        }
        return done
    }

    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw FrameError.os(errno: errno, path: path) }
        defer { fclose(file) }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw FrameError.os(errno: errno, path: path) }
    }
}

extension NumPyFiles {
    /// `np.savez(path, a=x, b=y)` (`compressed`: `np.savez_compressed`): a zip of `a.npy`,
    /// `b.npy`, … (`.npz` is appended to a path without it). Returns the path written.
    @discardableResult
    public static func savez(path: String, arrays: [(String, NDArray)], compressed: Bool = false) throws -> String {
        let target = path.hasSuffix(".npz") ? path : path + ".npz"
        let images = try arrays.map { ($0.0, try encode($0.1)) }
        let names = arrays.map(\.0)
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw FrameError(.value, "Cannot use un-named variables and keyword \(dup)")
        }
        let url = URL(fileURLWithPath: target)
        try? FileManager.default.removeItem(at: url)
        do {
            let archive = try Archive(url: url, accessMode: .create)
            for (name, image) in images {
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(image.count),
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    let start = Int(position)
                    return Data(image[start..<min(start + size, image.count)])
                }
            }
        } catch let error as FrameError {
            throw error
        } catch {
            if !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path) {
                throw FrameError.os(errno: ENOENT, path: target)
            }
            throw FrameError(.os, "cannot write \(FrameValue.string(target).repr): \(error)")
        }
        return target
    }

    /// `np.load('f.npz')`: every member array in the archive's order, named without `.npy`.
    /// Nothing is returned unless every member loads.
    public static func loadArchive(path: String) throws -> [(String, NDArray)] {
        guard FileManager.default.fileExists(atPath: path) else { throw FrameError.os(errno: ENOENT, path: path) }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw FrameError(.value, "\(FrameValue.string(path).repr) is not a valid .npz file: \(error)")
        }
        var result: [(String, NDArray)] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            do {
                _ = try archive.extract(entry) { data.append($0) }
            } catch {
                throw FrameError(.value, "\(FrameValue.string(path).repr): cannot read member \(FrameValue.string(entry.path).repr): \(error)")
            }
            let origin = "\(FrameValue.string(path).repr) member \(FrameValue.string(entry.path).repr)"
            let array = try data.withUnsafeBytes { raw in
                try decode(bytes: raw.bindMemory(to: UInt8.self), origin: origin)
            }
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            result.append((name, array))
        }
        return result
    }

    /// Whether a file starts like a zip archive (what `np.load` checks to choose `.npz`).
    public static func isArchive(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 4)
        return head == Data([0x50, 0x4B, 0x03, 0x04]) || head == Data([0x50, 0x4B, 0x05, 0x06])
    }
}
