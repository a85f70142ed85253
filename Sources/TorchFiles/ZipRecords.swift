import Foundation

/// Writes a zip archive the way PyTorch's `PyTorchStreamWriter` does: every record stored
/// uncompressed, its data starting at a multiple of 64 bytes (the local header's extra field
/// `FB` is padding, so that a reader can map a record straight into memory), sizes and CRC in a
/// data descriptor after the data, and zip64 end records. ZIPFoundation (used for `.npz`)
/// cannot pad local headers to an alignment, and the format is small enough to write here.
final class ZipRecordWriter {
    static let alignment = 64
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private var offset = 0
    private var central: [(name: [UInt8], crc: UInt32, size: Int, headerOffset: Int)] = []

    /// Creates (or truncates) `path`; errors name `shownPath` (the user's name for the file).
    init(path: String, shownPath: String? = nil) throws {
        guard let f = fopen(path, "wb") else { throw TorchFileError.os(errno: errno, path: shownPath ?? path) }
        file = f
        self.path = shownPath ?? path
    }

    deinit { fclose(file) }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        guard fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
            throw TorchFileError.os(errno: errno, path: path)
        }
        offset += bytes.count
    }

    private func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends one record: `name` inside the archive, `data` its bytes.
    func add(_ name: String, _ data: UnsafeRawBufferPointer) throws {
        let nameBytes = Array(name.utf8)
        var header = ByteWriter()
        header.u32(0x0403_4B50)
        header.u16(0)            // version needed (PyTorch writes 0)
        header.u16(0x0808)       // data descriptor follows; names are UTF-8
        header.u16(0)            // stored
        header.u16(0); header.u16(0)  // time, date
        header.u32(0); header.u32(0); header.u32(0)  // CRC and sizes: in the descriptor
        let start = offset + 30 + nameBytes.count
        var pad = (ZipRecordWriter.alignment - (start + 4) % ZipRecordWriter.alignment) % ZipRecordWriter.alignment
        if pad > 0xFFFF { pad = 0 }
        header.u16(nameBytes.count)
        header.u16(4 + pad)
        header.bytes += nameBytes
        header.u16(0x4246)       // "FB"
        header.u16(pad)
        header.bytes += [UInt8](repeating: 0x5A, count: pad)  // "Z"
        let headerOffset = offset
        try write(header.bytes)
        try write(data)
        let crc = CRC32.checksum(data)
        var descriptor = ByteWriter()
        descriptor.u32(0x0807_4B50)
        descriptor.u32(crc)
        if data.count >= 0xFFFF_FFFF {
            descriptor.u64(data.count); descriptor.u64(data.count)
        } else {
            descriptor.u32(data.count); descriptor.u32(data.count)
        }
        try write(descriptor.bytes)
        central.append((nameBytes, crc, data.count, headerOffset))
    }

    func add(_ name: String, _ text: String) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { try add(name, $0) }
    }

    /// Writes the central directory and the end records, then flushes the file.
    func finish() throws {
        let directoryStart = offset
        for entry in central {
            var w = ByteWriter()
            let big = entry.size >= 0xFFFF_FFFF || entry.headerOffset >= 0xFFFF_FFFF
            w.u32(0x0201_4B50)
            w.u16(big ? 45 : 0); w.u16(big ? 45 : 0)  // made by, needed
            w.u16(0x0808); w.u16(0); w.u16(0); w.u16(0)
            w.u32(entry.crc)
            w.u32(big ? 0xFFFF_FFFF : entry.size); w.u32(big ? 0xFFFF_FFFF : entry.size)
            w.u16(entry.name.count)
            w.u16(big ? 28 : 0)
            w.u16(0); w.u16(0); w.u16(0); w.u32(0)
            w.u32(big ? 0xFFFF_FFFF : entry.headerOffset)
            w.bytes += entry.name
            if big {
                w.u16(0x0001); w.u16(24)
                w.u64(entry.size); w.u64(entry.size); w.u64(entry.headerOffset)
            }
            try write(w.bytes)
        }
        let directorySize = offset - directoryStart
        let zip64End = offset
        var w = ByteWriter()
        // zip64 end of central directory record, its locator, then the classic end record.
        w.u32(0x0606_4B50); w.u64(44); w.u16(0x031E); w.u16(45); w.u32(0); w.u32(0)
        w.u64(central.count); w.u64(central.count); w.u64(directorySize); w.u64(directoryStart)
        w.u32(0x0706_4B50); w.u32(0); w.u64(zip64End); w.u32(1)
        w.u32(0x0605_4B50); w.u16(0); w.u16(0)
        w.u16(min(central.count, 0xFFFF)); w.u16(min(central.count, 0xFFFF))
        w.u32(min(directorySize, 0xFFFF_FFFF)); w.u32(min(directoryStart, 0xFFFF_FFFF)); w.u16(0)
        try write(w.bytes)
        guard fflush(file) == 0 else { throw TorchFileError.os(errno: errno, path: path) }
    }
}

/// Little-endian byte assembly for headers.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u16(_ v: Int) { bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    mutating func u32(_ v: Int) { for i in 0..<4 { bytes.append(UInt8((v >> (8 * i)) & 0xFF)) } }
    mutating func u32(_ v: UInt32) { u32(Int(v)) }
    mutating func u64(_ v: Int) { for i in 0..<8 { bytes.append(UInt8((v >> (8 * i)) & 0xFF)) } }
}

/// The records of a zip archive, read through its central directory; record data is read with
/// `pread` straight into the caller's memory. Only stored (uncompressed) records can be read,
/// which is what `torch.save` writes.
final class ZipRecordReader {
    struct Entry {
        let name: String
        let method: Int
        let size: Int
        let compressedSize: Int
        let headerOffset: Int
    }
    let path: String
    private let fd: Int32
    let fileSize: Int
    private(set) var entries: [String: Entry] = [:]
    /// Record names in the directory's order.
    private(set) var names: [String] = []

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TorchFileError.os(errno: errno, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let e = errno
            close(fd)
            throw TorchFileError.os(errno: e, path: path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw TorchFileError.os(errno: EISDIR, path: path)
        }
        fileSize = Int(info.st_size)
        do {
            try readDirectory()
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    private func notZip(_ why: String) -> TorchFileError {
        TorchFileError.runtime("PytorchStreamReader failed reading zip archive: \(why) (\(TorchFileError.quoted(path)) is not a file torch.save wrote)")
    }

    /// `count` bytes at `position`, or an error if the file is shorter.
    func bytes(at position: Int, count: Int) throws -> [UInt8] {
        guard position >= 0, count >= 0, position <= fileSize, count <= fileSize - position else {
            throw notZip("a record reaches past the end of the file")
        }
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try read(into: $0.baseAddress, count: count, at: position) }
        return out
    }

    private func read(into destination: UnsafeMutableRawPointer?, count: Int, at position: Int) throws {
        guard let destination = destination, count > 0 else { return }
        var done = 0
        while done < count {
            let n = pread(fd, destination + done, count - done, off_t(position + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw TorchFileError.os(errno: errno, path: path)
            }
            if n == 0 { throw notZip("the file ends inside a record") }
            done += n
        }
    }

    private func readDirectory() throws {
        // The end record is within the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
        let tailLength = min(fileSize, 65_557)
        let tail = try bytes(at: fileSize - tailLength, count: tailLength)
        guard tail.count >= 22 else { throw notZip("failed finding central directory") }
        var endAt: Int? = nil
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 0x05 && tail[i + 3] == 0x06 { endAt = i; break }
            i -= 1
        }
        guard let end = endAt else { throw notZip("failed finding central directory") }
        let r = ByteReader(tail)
        var count = r.u16(end + 10)
        var directorySize = r.u32(end + 12)
        var directoryStart = r.u32(end + 16)
        // A zip64 locator sits just before the end record.
        let endPosition = fileSize - tailLength + end
        if endPosition >= 20 {
            let locator = try bytes(at: endPosition - 20, count: 20)
            let l = ByteReader(locator)
            if l.u32(0) == 0x0706_4B50 {
                let recordAt = l.u64(8)
                let record = try bytes(at: recordAt, count: 56)
                let z = ByteReader(record)
                guard z.u32(0) == 0x0606_4B50 else { throw notZip("corrupt zip64 end record") }
                count = z.u64(32)
                directorySize = z.u64(40)
                directoryStart = z.u64(48)
            }
        }
        guard count >= 0, directorySize >= 0, directoryStart >= 0 else { throw notZip("corrupt central directory") }
        let directory = ByteReader(try bytes(at: directoryStart, count: directorySize))
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, directory.u32(p) == 0x0201_4B50 else { throw notZip("corrupt central directory") }
            let method = directory.u16(p + 10)
            var compressed = directory.u32(p + 20)
            var size = directory.u32(p + 24)
            let nameLength = directory.u16(p + 28)
            let extraLength = directory.u16(p + 30)
            let commentLength = directory.u16(p + 32)
            var headerOffset = directory.u32(p + 42)
            guard p + 46 + nameLength + extraLength + commentLength <= directory.count else { throw notZip("corrupt central directory") }
            let name = String(decoding: directory.slice(p + 46, nameLength), as: UTF8.self)
            // zip64 sizes and offsets live in extra field 0x0001, in this order, only for the
            // fields that hold 0xFFFFFFFF.
            var q = p + 46 + nameLength
            let extraEnd = q + extraLength
            while q + 4 <= extraEnd {
                let id = directory.u16(q), length = directory.u16(q + 2)
                if id == 1 {
                    var f = q + 4
                    if size == 0xFFFF_FFFF, f + 8 <= q + 4 + length { size = directory.u64(f); f += 8 }
                    if compressed == 0xFFFF_FFFF, f + 8 <= q + 4 + length { compressed = directory.u64(f); f += 8 }
                    if headerOffset == 0xFFFF_FFFF, f + 8 <= q + 4 + length { headerOffset = directory.u64(f); f += 8 }
                }
                q += 4 + length
            }
            let entry = Entry(name: name, method: method, size: size, compressedSize: compressed, headerOffset: headerOffset)
            if entries[name] == nil { names.append(name) }
            entries[name] = entry
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// Where a record's data starts (after its local header, whose extra field may differ
    /// from the directory's).
    private func dataStart(_ entry: Entry) throws -> Int {
        let local = ByteReader(try bytes(at: entry.headerOffset, count: 30))
        guard local.u32(0) == 0x0403_4B50 else { throw notZip("corrupt local header of \(entry.name)") }
        return entry.headerOffset + 30 + local.u16(26) + local.u16(28)
    }

    private func stored(_ name: String) throws -> Entry {
        guard let entry = entries[name] else { throw notZip("file not found: \(name)") }
        guard entry.method == 0, entry.size == entry.compressedSize else {
            throw TorchFileError.runtime("record \(name) of \(TorchFileError.quoted(path)) is compressed; tcalc reads the uncompressed records torch.save writes")
        }
        return entry
    }

    /// Size in bytes of record `name`.
    func size(of name: String) throws -> Int { try stored(name).size }

    /// The whole record `name`.
    func record(_ name: String) throws -> [UInt8] {
        let entry = try stored(name)
        return try bytes(at: try dataStart(entry), count: entry.size)
    }

    /// Copies the first `count` bytes of record `name` into `destination`.
    func read(_ name: String, into destination: UnsafeMutableRawPointer, count: Int) throws {
        let entry = try stored(name)
        guard count <= entry.size else { throw TorchFileError.runtime("record \(name) holds \(entry.size) bytes, fewer than the \(count) its tensors need") }
        let start = try dataStart(entry)
        guard start <= fileSize, count <= fileSize - start else { throw notZip("record \(name) reaches past the end of the file") }
        try read(into: destination, count: count, at: start)
    }
}

/// Little-endian reads from a byte array; out-of-range reads give 0 (callers bound-check).
struct ByteReader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var count: Int { bytes.count }
    func u8(_ i: Int) -> Int { i >= 0 && i < bytes.count ? Int(bytes[i]) : 0 }
    func u16(_ i: Int) -> Int { u8(i) | u8(i + 1) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    /// Values past Int.max (corrupt files) become -1 so bound checks reject them.
    func u64(_ i: Int) -> Int {
        let hi = u32(i + 4)
        if hi >= 0x8000_0000 { return -1 }
        return u32(i) | hi << 32
    }
    func slice(_ i: Int, _ n: Int) -> ArraySlice<UInt8> { bytes[i..<(i + n)] }
}

/// CRC-32 (the zip polynomial), eight bytes per step.
enum CRC32 {
    static let table: [UInt32] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[0][i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xFF)] }
        }
        return t.flatMap { $0 }
    }()

    static func checksum(_ data: UnsafeRawBufferPointer) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        guard let base = data.baseAddress else { return 0 }
        let n = data.count
        table.withUnsafeBufferPointer { t in
            var i = 0
            while i + 8 <= n {
                let lo = c ^ base.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
                let hi = base.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self))) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return c ^ 0xFFFF_FFFF
    }
}
