import Foundation

/// The options of `pd.read_csv` that tcalc supports, with pandas' defaults.
public struct CSVReadOptions {
    /// The field separator: a single character (pandas' `sep`).
    public var separator: String = ","
    /// The row (counting non-blank rows from 0) that holds the column names; nil: none, names are
    /// `0`, `1`, … (pandas' `header=None`).
    public var header: Int? = 0
    /// Extra strings read as NaN (pandas' `na_values`).
    public var naValues: [String] = []
    /// Whether pandas' default NA strings (`NA`, `NaN`, `null`, empty, …) also count.
    public var keepDefaultNA: Bool = true
    /// Columns to keep, by name; the frame keeps the file's order (pandas' `usecols`).
    public var useColumns: [String]? = nil
    /// Columns to keep, by position in the file.
    public var useColumnPositions: [Int]? = nil
    /// Read at most this many data rows (pandas' `nrows`).
    public var rowLimit: Int? = nil

    public init() {}
}

extension DataFrame {
    /// Reads a CSV file as `pd.read_csv(path, ...)` does.
    ///
    ///     >>> data = pd.read_csv('house_tiny.csv')
    public static func readCSV(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        let file = try MappedFile(path: path)
        return try file.withBytes { try readCSV(bytes: $0, options: options) }
    }

    /// Parses CSV text already in memory (tests, and `io.StringIO`-style sources).
    public static func readCSV(text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        var copy = text
        return try copy.withUTF8 { try readCSV(bytes: $0, options: options) }
    }

    /// Parses CSV bytes (UTF-8, optionally with a byte-order mark).
    public static func readCSV(bytes: UnsafeBufferPointer<UInt8>, options: CSVReadOptions) throws -> DataFrame {
        var reader = try CSVReaderRun(bytes: bytes, options: options)
        return try reader.run()
    }
}

/// One execution of `read_csv` over a byte buffer.
private struct CSVReaderRun {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: CSVReadOptions
    let separator: UInt8
    let dataStart: Int
    let missing: MissingMatcher

    init(bytes: UnsafeBufferPointer<UInt8>, options: CSVReadOptions) throws {
        self.bytes = bytes
        self.options = options
        let sepBytes = Array(options.separator.utf8)
        guard sepBytes.count == 1 else {
            throw FrameError(.value, "tcalc's read_csv supports a single-character ASCII separator, not \(FrameValue.string(options.separator).repr)")
        }
        guard sepBytes[0] != 0x22 && sepBytes[0] != 0x0A && sepBytes[0] != 0x0D else {
            throw FrameError(.value, "the separator cannot be a quote or a line break")
        }
        separator = sepBytes[0]
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        dataStart = (bytes.count >= 3 && Array(bytes[0..<3]) == bom) ? 3 : 0
        if let problem = CSVFieldParsing.utf8Problem(UnsafeBufferPointer(rebasing: bytes[dataStart...])) {
            throw FrameError(.unicode, problem)
        }
        var markers = options.keepDefaultNA ? CSVFieldParsing.defaultMissingMarkers : []
        markers += options.naValues
        missing = MissingMatcher(markers)
    }

    private func makeTokenizer() -> CSVTokenizer {
        CSVTokenizer(base: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: bytes.count,
                     separator: separator, start: dataStart)
    }

    /// Positions the tokenizer after the header and returns the header's fields as names.
    private func readHeader(_ tokenizer: inout CSVTokenizer, _ fields: inout [FieldRef]) throws -> [String]? {
        guard let headerRow = options.header else { return nil }
        guard headerRow >= 0 else { throw FrameError(.value, "Passing negative integer to header is invalid. For no header, use header=None instead") }
        for _ in 0...headerRow {
            guard try tokenizer.nextRow(into: &fields) else {
                throw FrameError(.emptyData, "No columns to parse from file")
            }
        }
        return fields.map { tokenizer.string(of: $0) }
    }

    mutating func run() throws -> DataFrame {
        var tokenizer = makeTokenizer()
        var fields: [FieldRef] = []
        fields.reserveCapacity(64)
        var names: [String]
        var pending = false
        if let header = try readHeader(&tokenizer, &fields) {
            names = CSVReaderRun.uniqueNames(header)
        } else {
            guard try tokenizer.nextRow(into: &fields) else { throw FrameError(.emptyData, "No columns to parse from file") }
            names = (0..<fields.count).map(String.init)
            pending = true
        }
        let width = names.count
        let selected = try selectedPositions(names)
        let estimate = min(bytes.count / max(2 * width, 1), 1 << 22)
        var builders = selected.map { _ in CSVColumnBuilder(reserving: estimate) }
        let limit = options.rowLimit ?? Int.max
        guard limit >= 0 else { throw FrameError(.value, "'nrows' must be an integer >=0") }
        var rowCount = 0
        while rowCount < limit {
            if pending { pending = false } else if try !tokenizer.nextRow(into: &fields) { break }
            if fields.count > width {
                throw FrameError(.parser, "Error tokenizing data. C error: Expected \(width) fields in line \(tokenizer.currentLine), saw \(fields.count)")
            }
            for (k, position) in selected.enumerated() {
                if position >= fields.count {
                    builders[k].appendMissing()
                    continue
                }
                let field = fields[position]
                tokenizer.withBytes(of: field) { b in
                    if missing.matches(b) { builders[k].appendMissing() } else { builders[k].append(b) }
                }
                if builders[k].needsText {
                    builders[k].restartAsText(capacity: estimate)
                    try replayAsText(position, rows: rowCount + 1, into: &builders[k])
                }
            }
            rowCount += 1
        }
        let columns: [(String, Column)] = zip(selected, builders).map { (names[$0], $1.finish()) }
        return try DataFrame(columns: columns, index: .range(start: 0, stop: rowCount, step: 1))
    }

    /// Re-reads the first `rows` data rows' field `position` as text (the column turned out to
    /// hold strings after numbers or booleans).
    private func replayAsText(_ position: Int, rows: Int, into builder: inout CSVColumnBuilder) throws {
        var tokenizer = makeTokenizer()
        var fields: [FieldRef] = []
        if options.header != nil { _ = try readHeader(&tokenizer, &fields) }
        for _ in 0..<rows {
            guard try tokenizer.nextRow(into: &fields) else { break }
            guard position < fields.count else { builder.appendText(.missing); continue }
            let value: FrameValue = tokenizer.withBytes(of: fields[position]) { b in
                missing.matches(b) ? .missing : .string(String(decoding: b, as: UTF8.self))
            }
            builder.appendText(value)
        }
    }

    /// Resolves `usecols` to file positions in the file's order.
    private func selectedPositions(_ names: [String]) throws -> [Int] {
        if let wanted = options.useColumns {
            let absent = wanted.filter { !names.contains($0) }
            if !absent.isEmpty {
                let list = absent.map { FrameValue.string($0).repr }.joined(separator: ", ")
                throw FrameError(.value, "Usecols do not match columns, columns expected but not found: [\(list)]")
            }
            return names.indices.filter { wanted.contains(names[$0]) }
        }
        if let positions = options.useColumnPositions {
            let bad = positions.filter { $0 < 0 || $0 >= names.count }
            if !bad.isEmpty {
                throw FrameError(.parser, "Defining usecols with out-of-bounds indices is not allowed. \(bad) are out-of-bounds.")
            }
            return names.indices.filter { positions.contains($0) }
        }
        return Array(names.indices)
    }

    /// pandas' header clean-up: an empty name becomes `Unnamed: i`, a repeated one `a.1`, `a.2`.
    static func uniqueNames(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (i, name) in raw.enumerated() {
            var candidate = name.isEmpty ? "Unnamed: \(i)" : name
            if seen.contains(candidate) {
                var k = 1
                while seen.contains("\(candidate).\(k)") { k += 1 }
                candidate = "\(candidate).\(k)"
            }
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}

/// Tests a field against the NA strings; fields longer than every marker (most numbers) fail
/// after one length comparison.
private struct MissingMatcher {
    private var byLength: [[[UInt8]]]

    init(_ markers: [String]) {
        var buckets: [[[UInt8]]] = []
        for m in markers {
            let b = Array(m.utf8)
            while buckets.count <= b.count { buckets.append([]) }
            buckets[b.count].append(b)
        }
        byLength = buckets
    }

    @inline(__always)
    func matches(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count < byLength.count else { return false }
        for candidate in byLength[b.count] where candidate.elementsEqual(b) { return true }
        return false
    }
}

/// A read-only memory map of a whole file, so a large CSV costs no copy.
struct MappedFile {
    private let pointer: UnsafeMutableRawPointer?
    let count: Int
    private let owner: MapOwner

    private final class MapOwner {
        let pointer: UnsafeMutableRawPointer?
        let count: Int
        init(_ p: UnsafeMutableRawPointer?, _ n: Int) { pointer = p; count = n }
        deinit { if let p = pointer, count > 0 { munmap(p, count) } }
    }

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FrameError.os(errno: errno, path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FrameError.os(errno: errno, path: path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FrameError.os(errno: EISDIR, path: path) }
        count = Int(info.st_size)
        if count == 0 {
            pointer = nil
        } else {
            let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
            guard let p, p != MAP_FAILED else { throw FrameError.os(errno: errno, path: path) }
            pointer = p
        }
        owner = MapOwner(pointer, count)
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let result = try body(UnsafeBufferPointer(start: pointer?.assumingMemoryBound(to: UInt8.self), count: count))
        withExtendedLifetime(owner) {}
        return result
    }
}

extension FrameError {
    /// Python's OSError family: `[Errno 2] No such file or directory: 'x.csv'`.
    static func os(errno code: Int32, path: String) -> FrameError {
        let text = String(cString: strerror(code))
        let kind: Kind
        switch code {
        case ENOENT: kind = .fileNotFound
        case EACCES, EPERM: kind = .permission
        case EISDIR: kind = .isADirectory
        default: kind = .os
        }
        return FrameError(kind, "[Errno \(code)] \(text): \(FrameValue.string(path).repr)")
    }
}
