import Foundation

/// A text file opened by `open()`: Python's `_io.TextIOWrapper` over a POSIX descriptor.
///
/// Text is UTF-8 (or ASCII / Latin-1 when asked) and sizes count characters (code points), as
/// Python's do. Reading translates `\r\n` and `\r` to `\n` unless `newline` says otherwise.
/// Reads go through a byte buffer and writes are buffered; the buffers are flushed by
/// `flush()`, `close()`, seeking, switching between reading and writing, when the last
/// reference to the file goes, and at process exit, so no written text is lost.
///
/// ```
/// >>> with open('notes.txt', 'w') as f:
/// ...     f.write('hello\n')
/// 6
/// ```
public final class TextFile: PyObject, LazyIterator {
    /// The path as the program passed it (`f.name`).
    public let name: String
    /// The mode as passed (`f.mode`): `'r'`, `'w+'`, …
    public let mode: String
    /// The encoding as passed, or the locale default `'UTF-8'` (`f.encoding`).
    public let encodingName: String
    let codec: TextCodec
    /// `newline=`: nil translates on read; `""` keeps endings; `"\n"`, `"\r"`, `"\r\n"`.
    let newline: String?
    let readable: Bool
    let writable: Bool
    private var descriptor: Int32
    private var readBuffer: [UInt8] = []
    private var readPosition: Int = 0
    private var writeBuffer: [UInt8] = []
    private static let chunk: Int = 1 << 16

    init(name: String, mode: String, encodingName: String, codec: TextCodec, newline: String?,
         descriptor: Int32, readable: Bool, writable: Bool) {
        self.name = name
        self.mode = mode
        self.encodingName = encodingName
        self.codec = codec
        self.newline = newline
        self.descriptor = descriptor
        self.readable = readable
        self.writable = writable
        OpenFiles.register(self)
    }

    deinit {
        if descriptor >= 0 {
            // Dropped without close(): flush and close as CPython's finaliser does; an error
            // here has nobody left to report to.
            try? flushWrites()
            Glibc.close(descriptor)
        }
        OpenFiles.unregister(self)
    }

    public var isClosed: Bool { descriptor < 0 }

    public var typeName: String { "TextIOWrapper" }
    public func repr(_ interp: Interpreter) throws -> String {
        "<_io.TextIOWrapper name=\(try interp.repr(.str(name))) mode=\(try interp.repr(.str(mode))) encoding=\(try interp.repr(.str(encodingName)))>"
    }
    public func getAttribute(_ attr: String, _ interp: Interpreter) throws -> Value? {
        switch attr {
        case "name": return .str(name)
        case "mode": return .str(mode)
        case "encoding": return .str(encodingName)
        case "closed": return .bool(isClosed)
        case "newlines": return Value.none
        case "errors": return .str("strict")
        default: return nil
        }
    }
    public func attributeNames(_ interp: Interpreter) -> [String] { ["closed", "encoding", "mode", "name"] }
    public func enter(_ interp: Interpreter) throws -> Value? {
        try checkOpen()
        return .object(self)
    }
    public func exit(error: Error?, _ interp: Interpreter) throws { try close() }
    public func iterate(_ interp: Interpreter) throws -> [Value]? {
        var lines: [Value] = []
        while let line = try next(interp) {
            lines.append(line)
            try interp.checkInterrupt()
        }
        return lines
    }
    /// `for line in f` and `next(f)`: one line at a time, nil at the end of the file.
    public func next(_ interp: Interpreter) throws -> Value? {
        let line: String = try readLine(limit: nil)
        return line.isEmpty ? nil : .str(line)
    }

    // MARK: state

    func checkOpen() throws {
        if isClosed { throw PyException.valueError("I/O operation on closed file.") }
    }
    func checkReadable() throws {
        try checkOpen()
        if !readable { throw PyException.unsupported("not readable") }
    }
    func checkWritable() throws {
        try checkOpen()
        if !writable { throw PyException.unsupported("not writable") }
    }

    /// Closes the file (flushing first); closing twice does nothing.
    public func close() throws {
        guard descriptor >= 0 else { return }
        defer {
            Glibc.close(descriptor)
            descriptor = -1
            readBuffer = []
            readPosition = 0
            writeBuffer = []
            OpenFiles.unregister(self)
        }
        try flushWrites()
    }

    /// Writes buffered text to the descriptor.
    func flushWrites() throws {
        var offset: Int = 0
        while offset < writeBuffer.count {
            let n: Int = writeBuffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code: Int32 = errno
                writeBuffer = []
                throw PyException.os(code)
            }
            offset += n
        }
        writeBuffer = []
    }

    /// Gives back read-ahead bytes (moving the descriptor to the logical position) before a
    /// write or a seek.
    private func dropReadAhead() throws {
        let unread: Int = readBuffer.count - readPosition
        if unread > 0 && lseek(descriptor, off_t(-unread), SEEK_CUR) < 0 { throw PyException.os() }
        readBuffer = []
        readPosition = 0
    }

    /// Reads another chunk into the buffer; false at the end of the file.
    private func fill() throws -> Bool {
        if readPosition > 0 {
            readBuffer.removeFirst(readPosition)
            readPosition = 0
        }
        let start: Int = readBuffer.count
        readBuffer.append(contentsOf: repeatElement(0, count: TextFile.chunk))
        while true {
            let n: Int = readBuffer.withUnsafeMutableBytes { raw in
                Glibc.read(descriptor, raw.baseAddress! + start, TextFile.chunk)
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let code: Int32 = errno
                readBuffer.removeLast(TextFile.chunk)
                throw PyException.os(code)
            }
            readBuffer.removeLast(TextFile.chunk - n)
            return n > 0
        }
    }

    // MARK: reading

    /// Up to `limit` characters (all that is left when nil), with newlines translated.
    public func read(limit: Int?) throws -> String {
        try checkReadable()
        try flushWrites()
        guard let limit = limit else {
            var bytes: [UInt8] = Array(readBuffer[readPosition...])
            readBuffer = []
            readPosition = 0
            while try fill() {
                bytes.append(contentsOf: readBuffer)
                readBuffer = []
            }
            if newline == nil && bytes.contains(0x0D) { bytes = TextFile.translateNewlines(bytes) }
            return try codec.decode(bytes)
        }
        var bytes: [UInt8] = []
        var count: Int = 0
        while count < limit {
            if readPosition >= readBuffer.count {
                guard try fill() else { break }
            }
            let b: UInt8 = readBuffer[readPosition]
            if b == 0x0D && newline == nil {
                readPosition += 1
                if try peek() == 0x0A { readPosition += 1 }
                bytes.append(0x0A)
            } else {
                try takeCharacter(lead: b, into: &bytes)
            }
            count += 1
        }
        return try codec.decode(bytes)
    }

    /// One line including its ending (`\n` after translation), or at most `limit` characters
    /// of it; `""` at the end of the file. Which endings end a line follows `newline=`.
    public func readLine(limit: Int?) throws -> String {
        try checkReadable()
        try flushWrites()
        var bytes: [UInt8] = []
        var count: Int = 0
        while limit.map({ count < $0 }) ?? true {
            if readPosition >= readBuffer.count {
                guard try fill() else { break }
            }
            let b: UInt8 = readBuffer[readPosition]
            if b == 0x0A && newline != "\r" && newline != "\r\n" {
                readPosition += 1
                bytes.append(0x0A)
                break
            }
            if b == 0x0D && newline != "\n" {
                readPosition += 1
                let crlf: Bool = try peek() == 0x0A
                if newline == nil {
                    if crlf { readPosition += 1 }
                    bytes.append(0x0A)
                    break
                }
                bytes.append(0x0D)
                if crlf && newline != "\r" {
                    readPosition += 1
                    bytes.append(0x0A)
                    break
                }
                if newline == "\r\n" { count += 1; continue }  // a lone \r is text here
                break
            }
            try takeCharacter(lead: b, into: &bytes)
            count += 1
        }
        return try codec.decode(bytes)
    }

    /// The next unread byte without consuming it (nil at the end of the file).
    private func peek() throws -> UInt8? {
        if readPosition >= readBuffer.count {
            guard try fill() else { return nil }
        }
        return readBuffer[readPosition]
    }

    /// Moves the bytes of one character (starting with `lead`) from the buffer to `bytes`.
    private func takeCharacter(lead: UInt8, into bytes: inout [UInt8]) throws {
        let length: Int = codec.sequenceLength(lead: lead)
        while readBuffer.count - readPosition < length {
            guard try fill() else { break }
        }
        let end: Int = min(readBuffer.count, readPosition + length)
        bytes.append(contentsOf: readBuffer[readPosition..<end])
        readPosition = end
    }

    /// Universal newlines: `\r\n` and lone `\r` become `\n`.
    static func translateNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i: Int = 0
        while i < bytes.count {
            let b: UInt8 = bytes[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    // MARK: writing

    /// Writes `text` (translating `\n` when `newline` asks); returns its length in characters.
    public func write(_ text: String) throws -> Int {
        try checkWritable()
        try dropReadAhead()
        var out: String = text
        if let nl = newline, nl == "\r" || nl == "\r\n" { out = text.replacingOccurrences(of: "\n", with: nl) }
        writeBuffer.append(contentsOf: try codec.encode(out))
        if writeBuffer.count >= TextFile.chunk { try flushWrites() }
        return text.unicodeScalars.count
    }

    /// Flushes buffered text to the file.
    public func flush() throws {
        try checkOpen()
        try flushWrites()
    }

    // MARK: positions

    /// The byte offset of the next read or write (Python's opaque cookie is this offset).
    public func tell() throws -> Int {
        try checkOpen()
        try flushWrites()
        let position: off_t = lseek(descriptor, 0, SEEK_CUR)
        if position < 0 { throw PyException.os() }
        return Int(position) - (readBuffer.count - readPosition)
    }

    /// `seek(offset, whence)`: as text files allow, whence 1 and 2 only with offset 0.
    public func seek(_ offset: Int, whence: Int) throws -> Int {
        try checkOpen()
        switch whence {
        case 0:
            if offset < 0 { throw PyException.valueError("negative seek position \(offset)") }
        case 1:
            if offset != 0 { throw PyException.unsupported("can't do nonzero cur-relative seeks") }
        case 2:
            if offset != 0 { throw PyException.unsupported("can't do nonzero end-relative seeks") }
        default:
            throw PyException.valueError("invalid whence (\(whence), should be 0, 1 or 2)")
        }
        try flushWrites()
        if whence == 1 { return try tell() }
        try dropReadAhead()
        let position: off_t = lseek(descriptor, off_t(offset), whence == 0 ? SEEK_SET : SEEK_END)
        if position < 0 { throw PyException.os() }
        return Int(position)
    }

    /// Cuts the file at `size` bytes (the current position when nil).
    public func truncate(_ size: Int?) throws -> Int {
        try checkWritable()
        let at: Int = try size ?? tell()
        try flushWrites()
        try dropReadAhead()
        if ftruncate(descriptor, off_t(at)) < 0 { throw PyException.os() }
        return at
    }

    /// The descriptor number (`f.fileno()`).
    public func fileNumber() throws -> Int {
        try checkOpen()
        return Int(descriptor)
    }
}

/// Every file still open, held weakly, so that buffered text reaches the disk at process
/// exit even when the program never closed its file (CPython flushes them at shutdown).
enum OpenFiles {
    private final class WeakFile {
        weak var file: TextFile?
        init(_ f: TextFile) { file = f }
    }
    private static var files: [ObjectIdentifier: WeakFile] = [:]
    private static var installed: Bool = false
    private static let lock: NSLock = NSLock()

    static func register(_ f: TextFile) {
        lock.lock()
        defer { lock.unlock() }
        files[ObjectIdentifier(f)] = WeakFile(f)
        if !installed {
            installed = true
            atexit { OpenFiles.flushAll() }
        }
    }

    static func unregister(_ f: TextFile) {
        lock.lock()
        files[ObjectIdentifier(f)] = nil
        lock.unlock()
    }

    static func flushAll() {
        lock.lock()
        let open: [TextFile] = files.values.compactMap { $0.file }
        lock.unlock()
        for f in open where !f.isClosed { try? f.flushWrites() }
    }
}
