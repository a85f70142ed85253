import Foundation

/// `open()` and the methods of the file objects it returns, declared in the builtin table.
/// The system calls stay in `TextFile` (FileObject.swift) and `openTextFile` below.
enum FileBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.registerType(fileType)
        r.declareModule("io", doc: "Text file classes: what open() returns.")
        r.setConstant("io.TextIOWrapper", .object(fileType))
        r.setConstant("io.UnsupportedOperation", .object(ExceptionTypes.unsupportedOperation))
        for (name, type) in ExceptionTypes.osErrorBindings { r.setConstant(name, .object(type)) }

        r.add(["open", "io.open"], "open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)",
              doc: "Opens a text file: mode 'r' (read), 'w' (write, truncating), 'a' (append), 'x' (create), with '+' to read and write; returns a file object (use it in a with block).") { a in
            guard case .str(let path) = a["file"] else {
                throw PyException.typeError("expected str, bytes or os.PathLike object, not \(a["file"].typeName)")
            }
            if !a["opener"].isNone { throw PyException.notImplemented("open(): tcalc does not support opener=") }
            return .object(try openTextFile(path: path, mode: try a.string("mode"), encoding: try a.optionalString("encoding"),
                                            errors: try a.optionalString("errors"), newline: try a.optionalString("newline")))
        }

        func file(_ a: BoundArguments) throws -> TextFile {
            guard case .object(let o) = a["self"], let f = o as? TextFile else {
                throw PyException.typeError("descriptor requires a '_io.TextIOWrapper' object but received a '\(a["self"].typeName)'")
            }
            return f
        }
        /// `size=-1` / None mean "all", as Python's read methods take them.
        func size(_ a: BoundArguments, _ name: String) throws -> Int? {
            if a[name].isNone { return nil }
            let n: Int = try a.int(name)
            return n < 0 ? nil : n
        }
        r.add(["TextIOWrapper.read"], "read(self, size=-1, /)", doc: "Reads at most size characters, or everything left when size is negative or omitted.") { a in
            .str(try file(a).read(limit: try size(a, "size")))
        }
        r.add(["TextIOWrapper.readline"], "readline(self, size=-1, /)", doc: "Reads one line, with its '\\n'; '' at the end of the file.") { a in
            .str(try file(a).readLine(limit: try size(a, "size")))
        }
        r.add(["TextIOWrapper.readlines"], "readlines(self, hint=-1, /)", doc: "The remaining lines as a list (stopping once hint characters have been read, when given).") { a in
            let f: TextFile = try file(a)
            let hint: Int? = try size(a, "hint")
            var lines: [Value] = []
            var total: Int = 0
            while true {
                let line: String = try f.readLine(limit: nil)
                if line.isEmpty { break }
                lines.append(.str(line))
                total += line.unicodeScalars.count
                if let h = hint, h > 0, total >= h { break }
                try a.interp.checkInterrupt()
            }
            return .list(PyList(lines))
        }
        r.add(["TextIOWrapper.write"], "write(self, text, /)", doc: "Writes a string; returns the number of characters written.") { a in
            let f: TextFile = try file(a)
            guard case .str(let text) = a["text"] else {
                throw PyException.typeError("write() argument must be str, not \(a["text"].typeName)")
            }
            return .int(try f.write(text))
        }
        r.add(["TextIOWrapper.writelines"], "writelines(self, lines, /)", doc: "Writes each string of an iterable (no newlines are added).") { a in
            let f: TextFile = try file(a)
            try f.checkWritable()
            for line in try a.interp.iterate(a["lines"]) {
                guard case .str(let text) = line else {
                    throw PyException.typeError("write() argument must be str, not \(line.typeName)")
                }
                _ = try f.write(text)
            }
            return .none
        }
        r.add(["TextIOWrapper.close"], "close(self)", doc: "Flushes and closes the file; further use raises ValueError.") { a in
            try file(a).close()
            return .none
        }
        r.add(["TextIOWrapper.flush"], "flush(self)", doc: "Writes buffered text to the file now.") { a in
            try file(a).flush()
            return .none
        }
        r.add(["TextIOWrapper.seek"], "seek(self, cookie, whence=0, /)", doc: "Moves to a position from tell() (whence=0), or to the end with seek(0, 2); returns the new position.") { a in
            .int(try file(a).seek(try a.int("cookie"), whence: try a.int("whence")))
        }
        r.add(["TextIOWrapper.tell"], "tell(self)", doc: "The current position, for seek().") { a in .int(try file(a).tell()) }
        r.add(["TextIOWrapper.truncate"], "truncate(self, pos=None, /)", doc: "Cuts the file at pos (default: the current position); returns pos.") { a in
            .int(try file(a).truncate(try a.optionalInt("pos")))
        }
        r.add(["TextIOWrapper.readable"], "readable(self)", doc: "Whether the file was opened for reading.") { a in
            let f: TextFile = try file(a)
            try f.checkOpen()
            return .bool(f.readable)
        }
        r.add(["TextIOWrapper.writable"], "writable(self)", doc: "Whether the file was opened for writing.") { a in
            let f: TextFile = try file(a)
            try f.checkOpen()
            return .bool(f.writable)
        }
        r.add(["TextIOWrapper.seekable"], "seekable(self)", doc: "Whether seek() works (always, for regular files).") { a in
            try file(a).checkOpen()
            return .bool(true)
        }
        r.add(["TextIOWrapper.fileno"], "fileno(self)", doc: "The operating system's file descriptor number.") { a in
            .int(try file(a).fileNumber())
        }
        r.add(["TextIOWrapper.isatty"], "isatty(self)", doc: "Whether the file is a terminal.") { a in
            .bool(isatty(Int32(try file(a).fileNumber())) == 1)
        }
    }

    /// `type(f)`: `<class '_io.TextIOWrapper'>`.
    static let fileType: PyType = PyType("TextIOWrapper", qualifiedName: "_io.TextIOWrapper")

    /// Opens `path` as `open()` does: checks the mode as CPython does (same messages), opens
    /// the descriptor, refuses directories, and wraps it.
    static func openTextFile(path: String, mode: String, encoding: String?, errors: String?, newline: String?) throws -> TextFile {
        var seen: Set<Character> = []
        for c in mode {
            if !"rwxabt+".contains(c) || !seen.insert(c).inserted {
                throw PyException.valueError("invalid mode: '\(mode)'")
            }
        }
        let reading: Bool = seen.contains("r"), writing: Bool = seen.contains("w")
        let appending: Bool = seen.contains("a"), creating: Bool = seen.contains("x"), updating: Bool = seen.contains("+")
        if seen.contains("t") && seen.contains("b") { throw PyException.valueError("can't have text and binary mode at once") }
        let kinds: Int = [reading, writing, appending, creating].filter { $0 }.count
        if kinds > 1 { throw PyException.valueError("must have exactly one of create/read/write/append mode") }
        if kinds == 0 { throw PyException.valueError("Must have exactly one of create/read/write/append mode and at most one plus") }
        if seen.contains("b") {
            throw PyException.notImplemented("tcalc opens text files only (it has no bytes type): use mode '\(mode.filter { $0 != "b" })' instead of '\(mode)'")
        }
        if let nl = newline, !["", "\n", "\r", "\r\n"].contains(nl) {
            throw PyException.valueError("illegal newline value: \(nl.debugDescription.replacingOccurrences(of: "\"", with: "'"))")
        }
        let codec: TextCodec
        if let e = encoding {
            guard let c = TextCodec(named: e) else { throw PyException(ExceptionTypes.lookupError, "unknown encoding: \(e) (tcalc reads and writes utf-8, ascii and latin-1)") }
            codec = c
        } else {
            codec = .utf8
        }
        switch errors ?? "strict" {
        case "strict": break
        case "replace": codec.replaces = true
        default: throw PyException.notImplemented("open(): tcalc supports errors='strict' and errors='replace', not \(errors ?? "")")
        }

        var flags: Int32 = O_CLOEXEC
        flags |= updating ? O_RDWR : (reading ? O_RDONLY : O_WRONLY)
        if writing { flags |= O_CREAT | O_TRUNC }
        if appending { flags |= O_CREAT | O_APPEND }
        if creating { flags |= O_CREAT | O_EXCL }
        var fd: Int32
        repeat { fd = Glibc.open(path, flags, 0o666) } while fd < 0 && errno == EINTR
        if fd < 0 { throw PyException.os(path: path) }
        var info: stat = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw PyException.os(EISDIR, path: path)
        }
        if appending && lseek(fd, 0, SEEK_END) < 0 {
            let code: Int32 = errno
            Glibc.close(fd)
            throw PyException.os(code, path: path)
        }
        return TextFile(name: path, mode: mode, encodingName: encoding ?? "UTF-8", codec: codec, newline: newline,
                        descriptor: fd, readable: reading || updating, writable: !reading || updating)
    }
}

/// The text encodings files can use: UTF-8, ASCII and Latin-1, with Python's error messages.
final class TextCodec {
    enum Kind { case utf8, ascii, latin1 }
    let kind: Kind
    /// errors='replace': undecodable bytes become U+FFFD, unencodable characters '?'.
    var replaces: Bool = false

    init(_ kind: Kind) { self.kind = kind }
    static var utf8: TextCodec { TextCodec(.utf8) }

    /// The codec for an encoding name as Python spells it (any case, `-` or `_`); nil when
    /// tcalc does not know it.
    convenience init?(named name: String) {
        let key: String = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8", "u8", "utf", "cp65001": self.init(.utf8)
        case "ascii", "us-ascii", "646": self.init(.ascii)
        case "latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "8859", "cp819": self.init(.latin1)
        default: return nil
        }
    }

    /// The name in Python's messages.
    var pythonName: String {
        switch kind {
        case .utf8: return "utf-8"
        case .ascii: return "ascii"
        case .latin1: return "latin-1"
        }
    }

    /// How many bytes the character starting with `lead` takes.
    func sequenceLength(lead: UInt8) -> Int {
        guard kind == .utf8 else { return 1 }
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }

    func decode(_ bytes: [UInt8]) throws -> String {
        switch kind {
        case .latin1:
            var s: String.UnicodeScalarView = String.UnicodeScalarView()
            for b in bytes { s.append(Unicode.Scalar(b)) }
            return String(s)
        case .ascii:
            if let bad = bytes.firstIndex(where: { $0 >= 0x80 }) {
                if !replaces { throw decodeError(bytes[bad], bad, "ordinal not in range(128)") }
                return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : "\u{FFFD}" }))
            }
            return String(decoding: bytes, as: UTF8.self)
        case .utf8:
            if let (position, reason) = TextCodec.firstInvalidUTF8(bytes) {
                if !replaces { throw decodeError(bytes[position], position, reason) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    func encode(_ text: String) throws -> [UInt8] {
        let limit: UInt32
        switch kind {
        case .utf8: return Array(text.utf8)
        case .ascii: limit = 0x80
        case .latin1: limit = 0x100
        }
        var out: [UInt8] = []
        for (i, u) in text.unicodeScalars.enumerated() {
            if u.value < limit { out.append(UInt8(u.value)); continue }
            if replaces { out.append(0x3F); continue }
            let escaped: String = u.value < 0x100 ? String(format: "\\x%02x", u.value)
                : u.value < 0x10000 ? String(format: "\\u%04x", u.value) : String(format: "\\U%08x", u.value)
            throw PyException(ExceptionTypes.unicodeEncodeError,
                              "'\(pythonName)' codec can't encode character '\(escaped)' in position \(i): ordinal not in range(\(limit))")
        }
        return out
    }

    private func decodeError(_ byte: UInt8, _ position: Int, _ reason: String) -> PyException {
        PyException(ExceptionTypes.unicodeDecodeError,
                    "'\(pythonName)' codec can't decode byte 0x\(String(format: "%02x", byte)) in position \(position): \(reason)")
    }

    /// The first byte that is not valid UTF-8 and CPython's reason for it.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, String)? {
        var i: Int = 0
        let n: Int = bytes.count
        while i < n {
            let b: UInt8 = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return (i, "invalid start byte")
            }
            for k in 1..<length {
                if i + k >= n { return (i, "unexpected end of data") }
                let c: UInt8 = bytes[i + k]
                let lo: UInt8 = k == 1 ? low : 0x80, hi: UInt8 = k == 1 ? high : 0xBF
                if c < lo || c > hi { return (i, "invalid continuation byte") }
            }
            i += length
        }
        return nil
    }
}
