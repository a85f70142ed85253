/// Accumulates one CSV column while inferring its dtype as pandas does: int64 while every field is
/// an integer; float64 once a float or a missing value appears among numbers; bool when every field
/// is a boolean (object when booleans meet missing values); `str` text otherwise.
///
/// Inference runs field by field so the file is read once. The rare change to text after numbers
/// or booleans needs the earlier fields' original spelling (`1.50` stays `'1.50'`), so the builder
/// reports `needsText` and the reader re-reads that column's earlier fields.
struct CSVColumnBuilder {
    private enum State {
        case onlyMissing
        case int
        case float
        case bool
        case text
    }

    private var state: State = .onlyMissing
    private var missingCount = 0
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    /// Positions of missing values among `bools` (a bool column with NaN becomes object).
    private var boolMissing: [Int] = []
    private var texts: [FrameValue] = []
    private(set) var rows = 0

    init(reserving capacity: Int) {
        ints.reserveCapacity(capacity)
    }

    /// Whether the column switched to text and wants the earlier fields' original text.
    private(set) var needsText = false

    /// Records a field that is missing (an NA marker or absent from a short row).
    mutating func appendMissing() {
        rows += 1
        switch state {
        case .onlyMissing: missingCount += 1
        case .int:
            doubles = ints.map { Double($0) }
            ints = []
            doubles.append(.nan)
            state = .float
        case .float: doubles.append(.nan)
        case .bool:
            boolMissing.append(bools.count)
            bools.append(false)
        case .text: texts.append(.missing)
        }
    }

    /// Records a present, non-NA field.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        rows += 1
        switch state {
        case .int:
            if let v = CSVFieldParsing.parseInt(bytes) { ints.append(v); return }
            // pandas keeps integers beyond int64 as text rather than rounding them to floats.
            if CSVFieldParsing.isIntegerText(bytes) { becomeText(); return }
            if let d = CSVFieldParsing.parseDouble(bytes) {
                doubles = ints.map { Double($0) }
                ints = []
                doubles.append(d)
                state = .float
                return
            }
            becomeText()
        case .float:
            if let d = CSVFieldParsing.parseDouble(bytes) { doubles.append(d); return }
            becomeText()
        case .bool:
            if let b = CSVFieldParsing.parseBool(bytes) { bools.append(b); return }
            becomeText()
        case .text:
            texts.append(.string(String(decoding: bytes, as: UTF8.self)))
        case .onlyMissing:
            if CSVFieldParsing.parseInt(bytes) == nil && CSVFieldParsing.isIntegerText(bytes) {
                if missingCount == 0 {
                    state = .text
                    texts.append(.string(String(decoding: bytes, as: UTF8.self)))
                } else {
                    texts = [FrameValue](repeating: .missing, count: missingCount)
                    texts.append(.string(String(decoding: bytes, as: UTF8.self)))
                    state = .text
                }
            } else if let v = CSVFieldParsing.parseInt(bytes) {
                if missingCount == 0 {
                    ints.append(v)
                    state = .int
                } else {
                    doubles = [Double](repeating: .nan, count: missingCount)
                    doubles.append(Double(v))
                    state = .float
                }
            } else if let d = CSVFieldParsing.parseDouble(bytes) {
                doubles = [Double](repeating: .nan, count: missingCount)
                doubles.append(d)
                state = .float
            } else if let b = CSVFieldParsing.parseBool(bytes) {
                boolMissing = Array(0..<missingCount)
                bools = [Bool](repeating: false, count: missingCount)
                bools.append(b)
                state = .bool
            } else if missingCount == 0 {
                state = .text
                texts.append(.string(String(decoding: bytes, as: UTF8.self)))
            } else {
                texts = [FrameValue](repeating: .missing, count: missingCount)
                texts.append(.string(String(decoding: bytes, as: UTF8.self)))
                state = .text
            }
        }
    }

    /// Drops the typed values: the reader will replay every field of this column as text.
    private mutating func becomeText() {
        ints = []; doubles = []; bools = []; boolMissing = []; texts = []
        state = .text
        needsText = true
    }

    /// Starts over as a text column fed by the reader's replay of the earlier rows.
    mutating func restartAsText(capacity: Int) {
        needsText = false
        rows = 0
        texts = []
        texts.reserveCapacity(capacity)
    }

    /// Appends an already-classified text or missing value during a replay.
    mutating func appendText(_ value: FrameValue) {
        rows += 1
        texts.append(value)
    }

    /// The finished column. A column with no values at all is text, one of only NAs float64.
    func finish() -> Column {
        switch state {
        case .onlyMissing:
            if missingCount == 0 { return .object([]) }
            return .float64([Double](repeating: .nan, count: missingCount))
        case .int: return .int64(ints)
        case .float: return .float64(doubles)
        case .bool:
            if boolMissing.isEmpty { return .bool(bools) }
            var values = bools.map { FrameValue.bool($0) }
            for k in boolMissing { values[k] = .missing }
            return .object(values)
        case .text: return .object(texts)
        }
    }
}
