import Foundation

/// Where one field's text lies: in the file's bytes, or (for quoted fields whose doubled quotes
/// were collapsed) in the tokenizer's scratch buffer. `length < 0` marks a field the row lacked.
struct FieldRef {
    var start: Int
    var length: Int
    var inScratch: Bool

    static let absent = FieldRef(start: 0, length: -1, inScratch: false)
}

/// A quoted field still open at the end of the input; `rowLine` counts from where the
/// tokenizer started, so the reader adds the rows before that to report pandas' row number.
struct UnterminatedQuote: Error {
    var rowLine: Int
}

/// Splits CSV bytes into rows of fields with the C engine of pandas' rules: a quote opens a
/// quoted field only at the field's start; `""` inside quotes is one quote; newlines inside quotes
/// belong to the field; `\n`, `\r\n` and a lone `\r` end a row; blank and whitespace-only lines
/// are skipped but still counted for error messages.
///
/// Written by hand rather than on yaslab/CSV.swift: that package decodes scalar by scalar and read a
/// 117 MB numeric file in 10.6 s against pandas' 1.06 s here (see docs/architecture.md).
struct CSVTokenizer {
    let base: UnsafePointer<UInt8>
    let count: Int
    let separator: UInt8
    let quote: UInt8 = 0x22

    /// Next byte to read.
    private(set) var position: Int
    /// Rows ended so far, blank ones included: pandas' "line" in its error messages.
    private(set) var linesEnded: Int = 0
    /// Holds unescaped copies of quoted fields that contained `""`; cleared per row.
    private(set) var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, separator: UInt8, start: Int) {
        self.base = base
        self.count = count
        self.separator = separator
        self.position = start
    }

    /// The pandas line number of the row that `nextRow` returned last.
    var currentLine: Int { linesEnded }

    /// Reads the next non-blank row into `fields` (emptied first). Returns false at the end.
    mutating func nextRow(into fields: inout [FieldRef]) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        while position < count {
            if skipBlankLine() { continue }
            try readRow(into: &fields)
            return true
        }
        return false
    }

    /// Consumes a line holding only spaces and tabs, if the next line is one.
    private mutating func skipBlankLine() -> Bool {
        var p = position
        while p < count && (base[p] == 0x20 || base[p] == 0x09) && base[p] != separator { p += 1 }
        guard p < count else {
            if p > position { position = p; linesEnded += 1; return true }
            return false
        }
        let c = base[p]
        if c == 0x0A || c == 0x0D {
            p += 1
            if c == 0x0D && p < count && base[p] == 0x0A { p += 1 }
            position = p
            linesEnded += 1
            return true
        }
        return false
    }

    private mutating func readRow(into fields: inout [FieldRef]) throws {
        let rowLine = linesEnded + 1
        while true {
            var p = position
            if p < count && base[p] == quote {
                p = try readQuoted(from: p + 1, into: &fields, rowLine: rowLine)
            } else {
                let start = p
                // The hot loop: most fields are short runs of plain bytes.
                while p < count {
                    let c = base[p]
                    if c == separator || c == 0x0A || c == 0x0D { break }
                    p += 1
                }
                fields.append(FieldRef(start: start, length: p - start, inScratch: false))
            }
            if p >= count {
                position = p
                linesEnded += 1
                return
            }
            let c = base[p]
            if c == separator {
                position = p + 1
                if position >= count {
                    // "a,b," at the very end still has a third, empty field.
                    fields.append(FieldRef(start: position, length: 0, inScratch: false))
                    linesEnded += 1
                    return
                }
                continue
            }
            p += 1
            if c == 0x0D && p < count && base[p] == 0x0A { p += 1 }
            position = p
            linesEnded += 1
            return
        }
    }

    /// Reads a quoted field whose text starts at `start`; returns the position after it (at the
    /// separator or row end). Bytes after the closing quote join the field, as in pandas.
    private mutating func readQuoted(from start: Int, into fields: inout [FieldRef], rowLine: Int) throws -> Int {
        var p = start
        var runStart = start
        var usesScratch = false
        let scratchStart = scratch.count
        while true {
            guard p < count else {
                throw UnterminatedQuote(rowLine: rowLine)
            }
            let c = base[p]
            if c != quote {
                p += 1
                continue
            }
            if p + 1 < count && base[p + 1] == quote {
                // A doubled quote: copy the run so far plus one quote into scratch.
                if !usesScratch { usesScratch = true }
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: p + 1 - runStart))
                p += 2
                runStart = p
                continue
            }
            // The closing quote.
            let end = p
            p += 1
            let tailStart = p
            while p < count {
                let t = base[p]
                if t == separator || t == 0x0A || t == 0x0D { break }
                p += 1
            }
            if p > tailStart && !usesScratch {
                // Text after the closing quote: keep it, which needs the scratch buffer.
                usesScratch = true
            }
            if usesScratch {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: end - runStart))
                if p > tailStart {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + tailStart, count: p - tailStart))
                }
                fields.append(FieldRef(start: scratchStart, length: scratch.count - scratchStart, inScratch: true))
            } else {
                fields.append(FieldRef(start: start, length: end - start, inScratch: false))
            }
            return p
        }
    }

    /// Calls `body` with the bytes of a field from the last row read.
    @inline(__always)
    func withBytes<R>(of field: FieldRef, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if field.inScratch {
            return try scratch.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[field.start..<(field.start + field.length)]))
            }
        }
        return try body(UnsafeBufferPointer(start: base + field.start, count: max(field.length, 0)))
    }

    /// A field's text as a String (the bytes were validated as UTF-8 up front).
    func string(of field: FieldRef) -> String {
        withBytes(of: field) { String(decoding: $0, as: UTF8.self) }
    }
}
