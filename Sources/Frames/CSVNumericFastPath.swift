import CKernels
import Foundation

/// read_csv's fast path for the commonest file: every field a plain number or empty. A C loop
/// (`Sources/CKernels/csv_numeric.c`) tokenizes and converts in one pass, straight into 8-byte
/// column slots, on two cores for large bodies. Anything it does not handle (text, quotes,
/// spaces, blank lines, ragged rows) makes it give up and the general tokenizer and column
/// builders read the file instead, so both paths always give the same frame.
extension CSVReaderRun {
    /// Tests turn the fast path off to compare it with the general parser.
    nonisolated(unsafe) static var numericFastPathEnabled = true

    /// Whether the file's options leave the fast path's meaning equal to the general one: only
    /// pandas' default NA strings (of which the fast path sees only the empty field; the rest are
    /// letters it refuses) and a separator that cannot be part of a number.
    var numericFastPathApplies: Bool {
        CSVReaderRun.numericFastPathEnabled && options.keepDefaultNA && options.naValues.isEmpty && !"0123456789+-.eE".utf8.contains(separator)
    }

    /// The selected columns of the rows from `start` to the end, or nil when the body holds
    /// anything but numbers and empty fields.
    func numericColumns(from start: Int, width: Int, selected: [Int], limit: Int) -> [Column]? {
        let end = bytes.count
        // No rows: pandas' column types come from the general path (object columns).
        guard width > 0, start < end, limit > 0, let base = bytes.baseAddress else { return nil }
        var ranges = [(start, end)]
        if limit == Int.max, end - start >= CSVReaderRun.parallelThreshold, let two = halves(from: start) {
            ranges = two
        }
        let blocks = UnsafeMutableBufferPointer<NumericBlock?>.allocate(capacity: ranges.count)
        blocks.initialize(repeating: nil)
        defer {
            for i in blocks.indices { blocks[i]?.free() }
            blocks.deinitialize()
            blocks.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            blocks[i] = NumericBlock.parse(base, from: ranges[i].0, to: ranges[i].1, separator: separator,
                                           width: width, limit: limit)
        }
        var parts: [NumericBlock] = []
        for i in blocks.indices {
            guard let block = blocks[i] else { return nil }
            parts.append(block)
        }
        return selected.map { k in
            let column = NumericBlock.join(parts, column: k)
            for i in blocks.indices { blocks[i]?.freeColumn(k) }
            return column
        }
    }
}

/// One range of rows as parsed by the C loop: a malloc'ed slot array per column, each holding
/// int64 values or (once `isFloat`) doubles.
struct NumericBlock {
    var slots: [UnsafeMutableRawPointer?]
    var isFloat: [UInt8]
    var rows: Int

    /// Parses base[start..<end]; nil when the rows leave the fast path.
    static func parse(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, separator: UInt8,
                      width: Int, limit: Int) -> NumericBlock? {
        // A row ends at a '\n' or at the end: this many slots always suffice (a file ending
        // rows with a lone '\r' runs out and falls back to the general path).
        let capacity = min(tcalc_count_byte(base + start, end - start, 0x0A) + 1, limit)
        var block = NumericBlock(slots: [], isFloat: [UInt8](repeating: 0, count: width), rows: 0)
        for _ in 0..<width {
            guard let p = malloc(max(capacity, 1) * 8) else { block.free(); return nil }
            block.slots.append(p)
        }
        let result = block.slots.withUnsafeBufferPointer { slots in
            tcalc_csv_numeric(base, start, end, separator, Int32(width), Int64(limit),
                              UnsafeRawPointer(slots.baseAddress!).assumingMemoryBound(to: UnsafeMutableRawPointer?.self),
                              capacity, &block.isFloat)
        }
        guard result.unsupported == 0 else { block.free(); return nil }
        block.rows = Int(result.rows)
        return block
    }

    /// Column `k` of the blocks one after another: int64 when every block kept it integral.
    static func join(_ parts: [NumericBlock], column k: Int) -> Column {
        let total = parts.reduce(0) { $0 + $1.rows }
        if parts.allSatisfy({ $0.isFloat[k] == 0 }) {
            return .int64([Int64](unsafeUninitializedCapacity: total) { out, count in
                var at = 0
                for part in parts {
                    if part.rows > 0 { memcpy(out.baseAddress! + at, part.slots[k]!, part.rows * 8) }
                    at += part.rows
                }
                count = total
            })
        }
        return .float64([Double](unsafeUninitializedCapacity: total) { out, count in
            var at = 0
            for part in parts {
                let source = part.slots[k]!
                if part.isFloat[k] != 0 {
                    if part.rows > 0 { memcpy(out.baseAddress! + at, source, part.rows * 8) }
                } else {
                    let ints = source.assumingMemoryBound(to: Int64.self)
                    for r in 0..<part.rows { out[at + r] = Double(ints[r]) }
                }
                at += part.rows
            }
            count = total
        })
    }

    mutating func freeColumn(_ k: Int) {
        Foundation.free(slots[k])
        slots[k] = nil
    }

    mutating func free() {
        for k in slots.indices { freeColumn(k) }
    }
}
