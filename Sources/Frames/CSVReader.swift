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
    /// Column names to use instead of (with `header` nil) or in place of the header row's
    /// (pandas' `names`).
    public var names: [String]? = nil

    /// pandas' defaults.
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
        let reader = try CSVReaderRun(bytes: bytes, options: options)
        return try reader.run()
    }
}

/// One execution of `read_csv` over a byte buffer.
struct CSVReaderRun {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: CSVReadOptions
    let separator: UInt8
    let dataStart: Int
    let missing: MissingMatcher

    /// Files at least this large, without quotes, are parsed in two halves on two cores.
    nonisolated(unsafe) static var parallelThreshold = 8 << 20

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

    private func makeTokenizer(from start: Int, to end: Int? = nil) -> CSVTokenizer {
        CSVTokenizer(base: bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: end ?? bytes.count,
                     separator: separator, start: start)
    }

    /// The column names and the offset where data rows begin.
    private func readHeader() throws -> (names: [String], bodyStart: Int) {
        var tokenizer = makeTokenizer(from: dataStart)
        var fields: [FieldRef] = []
        do {
            return try readHeader(&tokenizer, &fields)
        } catch let open as UnterminatedQuote {
            throw FrameError(.parser, "Error tokenizing data. C error: EOF inside string starting at row \(open.rowLine - 1)")
        }
    }

    private func readHeader(_ tokenizer: inout CSVTokenizer, _ fields: inout [FieldRef]) throws -> (names: [String], bodyStart: Int) {
        if let headerRow = options.header, headerRow < 0 {
            throw FrameError(.value, "Passing negative integer to header is invalid. For no header, use header=None instead")
        }
        if let names = options.names {
            if Set(names).count != names.count { throw FrameError(.value, "Duplicate names are not allowed.") }
            guard let headerRow = options.header else { return (names, dataStart) }
            // The header rows are skipped; names= replaces what they say.
            for _ in 0...headerRow {
                if try !tokenizer.nextRow(into: &fields) { break }
            }
            return (names, tokenizer.position)
        }
        guard let headerRow = options.header else {
            guard try tokenizer.nextRow(into: &fields) else { throw FrameError(.emptyData, "No columns to parse from file") }
            return ((0..<fields.count).map(String.init), dataStart)
        }
        for _ in 0...headerRow {
            guard try tokenizer.nextRow(into: &fields) else {
                throw FrameError(.emptyData, "No columns to parse from file")
            }
        }
        return (CSVReaderRun.uniqueNames(fields.map { tokenizer.string(of: $0) }), tokenizer.position)
    }

    func run() throws -> DataFrame {
        var (names, bodyStart) = try readHeader()
        // pandas' implicit index: a first data row with one field more than the header means
        // the first column holds the row labels.
        let firstWidth: Int? = try firstRowWidth(from: bodyStart)
        let implicitIndex = (options.header != nil || options.names != nil) && options.useColumns == nil && options.useColumnPositions == nil
            && firstWidth == names.count + 1
        if implicitIndex { names.insert("", at: 0) }
        let selected = try selectedPositions(names)
        let limit = options.rowLimit ?? Int.max
        guard limit >= 0 else { throw FrameError(.value, "'nrows' must be an integer >=0") }
        var columns: [Column]
        if numericFastPathApplies,
           let numbers = numericColumns(from: bodyStart, width: names.count, selected: selected, limit: limit) {
            columns = numbers
        } else if limit == Int.max, bytes.count - bodyStart >= CSVReaderRun.parallelThreshold,
           let halves = parallelRun(width: names.count, selected: selected, bodyStart: bodyStart) {
            columns = halves
        } else {
            columns = try readRows(from: bodyStart, to: bytes.count, width: names.count, selected: selected, limit: limit)
        }
        let rowCount = columns.first?.count ?? 0
        var index = FrameIndex.default(rowCount)
        if implicitIndex {
            index = .labels(columns.removeFirst().values)
            names.removeFirst()
            return try DataFrame(columns: Array(zip(names, columns)), index: index)
        }
        return try DataFrame(columns: zip(selected, columns).map { (names[$0], $1) }, index: index)
    }

    /// The number of fields in the first data row, if there is one.
    private func firstRowWidth(from start: Int) throws -> Int? {
        var tokenizer = makeTokenizer(from: start)
        var fields: [FieldRef] = []
        do {
            return try tokenizer.nextRow(into: &fields) ? fields.count : nil
        } catch is UnterminatedQuote {
            return nil
        }
    }

    /// Parses the rows between two row boundaries into one column per selected position.
    private func readRows(from start: Int, to end: Int, width: Int, selected: [Int], limit: Int) throws -> [Column] {
        var tokenizer = makeTokenizer(from: start, to: end)
        var fields: [FieldRef] = []
        fields.reserveCapacity(64)
        let estimate = min((end - start) / max(2 * width, 1), 1 << 22)
        var builders = selected.map { _ in CSVColumnBuilder(reserving: estimate) }
        var rowCount = 0
        // One uniqueness check for the whole loop rather than one per field.
        try builders.withUnsafeMutableBufferPointer { columns in
            while rowCount < limit {
                do {
                    if try !tokenizer.nextRow(into: &fields) { break }
                } catch let open as UnterminatedQuote {
                    let row = open.rowLine + lineOffset(before: start) - 1
                    throw FrameError(.parser, "Error tokenizing data. C error: EOF inside string starting at row \(row)")
                }
                if fields.count > width {
                    throw FrameError(.parser, "Error tokenizing data. C error: Expected \(width) fields in line \(tokenizer.currentLine + lineOffset(before: start)), saw \(fields.count)")
                }
                for k in 0..<selected.count {
                    let position = selected[k]
                    if position >= fields.count {
                        columns[k].appendMissing()
                        continue
                    }
                    tokenizer.withBytes(of: fields[position]) { b in
                        if missing.matches(b) { columns[k].appendMissing() } else { columns[k].append(b) }
                    }
                    if columns[k].needsText {
                        columns[k].restartAsText(capacity: estimate)
                        try replayAsText(position, from: start, to: end, rows: rowCount + 1, into: &columns[k])
                    }
                }
                rowCount += 1
            }
        }
        return builders.map { $0.finish() }
    }

    /// Rows ended before `start` (for error line numbers when parsing starts mid-file).
    private func lineOffset(before start: Int) -> Int {
        var tokenizer = makeTokenizer(from: dataStart, to: start)
        var fields: [FieldRef] = []
        while (try? tokenizer.nextRow(into: &fields)) == true {}
        return tokenizer.currentLine
    }

    /// Parses the two halves of a quote-free body on two cores and joins them. Returns nil when
    /// the halves disagree on a column's type or either half fails: the caller then parses
    /// sequentially, which gives the one true answer (and the error with its line number).
    private func parallelRun(width: Int, selected: [Int], bodyStart: Int) -> [Column]? {
        guard let base = bytes.baseAddress, memchr(base + bodyStart, 0x22, bytes.count - bodyStart) == nil,
              let ranges = halves(from: bodyStart) else { return nil }
        let results = UnsafeMutableBufferPointer<[Column]?>.allocate(capacity: 2)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results[i] = try? readRows(from: ranges[i].0, to: ranges[i].1, width: width, selected: selected, limit: Int.max)
        }
        guard var first = results[0], var second = results[1] else { return nil }
        results[0] = nil
        results[1] = nil
        var joined: [Column] = []
        for k in selected.indices {
            guard let column = Column.joining(first[k], second[k]) else { return nil }
            // Free each half as soon as it is joined, to keep the peak near one copy.
            first[k] = .int64([])
            second[k] = .int64([])
            joined.append(column)
        }
        return joined
    }

    /// The rows from `start` to the end in two ranges split at the first line end past the
    /// middle, or nil when there is none (both ranges then hold at least one byte).
    func halves(from start: Int) -> [(Int, Int)]? {
        guard let base = bytes.baseAddress else { return nil }
        let middle = start + (bytes.count - start) / 2
        guard let newline = memchr(base + middle, 0x0A, bytes.count - middle) else { return nil }
        let split = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
        return split < bytes.count ? [(start, split), (split, bytes.count)] : nil
    }

    /// Re-reads the first `rows` rows' field `position` from `start` as text (the column turned
    /// out to hold strings after numbers or booleans).
    private func replayAsText(_ position: Int, from start: Int, to end: Int, rows: Int, into builder: inout CSVColumnBuilder) throws {
        var tokenizer = makeTokenizer(from: start, to: end)
        var fields: [FieldRef] = []
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
struct MissingMatcher {
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
