import Foundation

/// The reductions `mean`, `sum`, … over a column or over every column of a frame.
public enum Reduction: String, CaseIterable, Sendable {
    case sum, mean, min, max, std, `var`, count, median

    /// True for reductions that need numbers (strings raise pandas' TypeError).
    var needsNumbers: Bool {
        switch self {
        case .sum, .min, .max, .count: return false
        default: return true
        }
    }
}

extension Column {
    /// One reduction of this column's values, skipping missing values when `skipna` is set.
    public func reduce(_ reduction: Reduction, skipna: Bool = true) throws -> FrameValue {
        if reduction == .count {
            return .int(Int64((0..<count).filter { !isMissing(at: $0) }.count))
        }
        switch self {
        case .int64(let v):
            switch reduction {
            case .sum: return .int(v.reduce(0, &+))
            case .min: return v.min().map { .int($0) } ?? .float(.nan)
            case .max: return v.max().map { .int($0) } ?? .float(.nan)
            default: return .float(Column.floatReduce(reduction, v.map { Double($0) }, fromIntegers: true))
            }
        case .bool(let v):
            switch reduction {
            case .sum: return .int(Int64(v.filter { $0 }.count))
            case .min: return v.isEmpty ? .float(.nan) : .bool(v.allSatisfy { $0 })
            case .max: return v.isEmpty ? .float(.nan) : .bool(v.contains(true))
            default: return .float(Column.floatReduce(reduction, v.map { $0 ? 1 : 0 }, fromIntegers: true))
            }
        case .float64(let v):
            if !skipna && v.contains(where: { $0.isNaN }) { return .float(.nan) }
            return .float(Column.floatReduce(reduction, v))
        case .object(let v):
            let present = v.filter { !$0.isMissing }
            if !skipna && present.count != v.count { return .float(.nan) }
            if present.allSatisfy({ $0.doubleValue != nil }) && !present.isEmpty && present.contains(where: { if case .string = $0 { return false }; return true }) {
                return try Column.inferring(present).reduce(reduction)
            }
            if reduction.needsNumbers || present.contains(where: { $0.doubleValue != nil }) {
                throw FrameError.type("Cannot perform reduction '\(reduction.rawValue)' with string dtype")
            }
            let strings = present.map { v -> String in if case .string(let s) = v { return s }; return "" }
            switch reduction {
            case .sum: return .string(strings.joined())
            case .min: return strings.min().map { .string($0) } ?? .float(.nan)
            case .max: return strings.max().map { .string($0) } ?? .float(.nan)
            default: throw FrameError.type("Cannot perform reduction '\(reduction.rawValue)' with string dtype")
            }
        }
    }

    /// pandas' `nanops` over values with NaN for missing: sums and means add in NumPy's
    /// pairwise order (so the last digit agrees), variance is two-pass, empty input gives 0 for
    /// sums and NaN otherwise. `fromIntegers`: the values were integers, whose mean NumPy adds in
    /// cast buffers of 8192.
    static func floatReduce(_ reduction: Reduction, _ values: [Double], fromIntegers: Bool = false) -> Double {
        var zeroed = values
        var count = 0
        for i in zeroed.indices { if zeroed[i].isNaN { zeroed[i] = 0 } else { count += 1 } }
        let n = Double(count)
        switch reduction {
        case .sum: return NumPySum.pairwise(zeroed)
        case .count: return n
        case .mean:
            guard count > 0 else { return .nan }
            return (fromIntegers ? NumPySum.buffered(zeroed) : NumPySum.pairwise(zeroed)) / n
        case .min, .max:
            // Ties go to the later value, as NumPy's reduction leaves them (0.0 vs -0.0).
            var best = Double.nan
            for v in values where !v.isNaN {
                if best.isNaN || (reduction == .min ? v <= best : v >= best) { best = v }
            }
            return best
        case .std, .var:
            guard count > 1 else { return .nan }
            let mean = NumPySum.pairwise(zeroed) / n
            var squares = [Double](repeating: 0, count: values.count)
            for i in values.indices where !values[i].isNaN {
                let d = mean - values[i]
                squares[i] = d * d
            }
            let variance = NumPySum.pairwise(squares) / (n - 1)
            return reduction == .std ? variance.squareRoot() : variance
        case .median: return quantile(values.filter { !$0.isNaN }.sorted(), 0.5)
        }
    }

    /// Linear interpolation between order statistics (NumPy's default), over sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        if sorted.count == 1 { return sorted[0] }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        // NumPy's `_lerp`, which interpolates from the nearer end so the last digit agrees.
        let t = h - Double(lo)
        let a = sorted[lo], b = sorted[hi]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

extension Series {
    /// `s.mean()`, `s.sum()`, …: one value.
    public func reduce(_ reduction: Reduction, skipna: Bool = true) throws -> FrameValue {
        try values.reduce(reduction, skipna: skipna)
    }

    /// `s.describe()` for a numeric series: count, mean, std, min, quartiles, max.
    public func describe() throws -> Series {
        guard let d = values.doubles, dtype.isNumeric, dtype != .bool else {
            let present = (0..<count).filter { !values.isMissing(at: $0) }.map { values[$0] }
            let counts = Series(name: nil, values: .object(present)).valueCounts()
            let top: FrameValue = counts.count > 0 ? counts.index.label(at: 0) : .missing
            let freq: FrameValue = counts.count > 0 ? counts.values[0] : .missing
            let stats: [FrameValue] = [.int(Int64(present.count)), .int(Int64(counts.count)), top, freq]
            return Series(name: name, values: .object(stats), index: .labels(["count", "unique", "top", "freq"].map { .string($0) }))
        }
        let present = d.filter { !$0.isNaN }.sorted()
        let integral = dtype == .int64
        let stats: [Double] = [
            Double(present.count), Column.floatReduce(.mean, d, fromIntegers: integral), Column.floatReduce(.std, d),
            Column.floatReduce(.min, d), Column.quantile(present, 0.25),
            Column.quantile(present, 0.5), Column.quantile(present, 0.75), Column.floatReduce(.max, d),
        ]
        return Series(name: name, values: .float64(stats), index: Series.describeLabels)
    }

    static let describeLabels = FrameIndex.labels(["count", "mean", "std", "min", "25%", "50%", "75%", "max"].map { .string($0) })
}

extension DataFrame {
    /// `df.mean()`, `df.sum()`, …: one value per column, as a Series indexed by column name.
    /// Like pandas 3, a text column makes `mean`/`std` raise TypeError (pass `numericOnly` to skip it).
    public func reduce(_ reduction: Reduction, skipna: Bool = true, numericOnly: Bool = false) throws -> Series {
        var names: [FrameValue] = []
        var results: [FrameValue] = []
        for (k, column) in columnValues.enumerated() {
            if numericOnly && !column.dtype.isNumeric { continue }
            names.append(.string(columnNames[k]))
            results.append(try column.reduce(reduction, skipna: skipna))
        }
        var column = Column.inferring(results)
        if reduction == .count { column = .int64(results.map { if case .int(let i) = $0 { return i }; return 0 }) }
        if results.isEmpty { column = reduction == .count ? .int64([]) : .float64([]) }
        return Series(name: nil, values: column, index: .labels(names))
    }

    /// `df.describe()`: statistics of the numeric columns (of every column when none is numeric).
    public func describe() throws -> DataFrame {
        let numeric = columnNames.indices.filter { columnValues[$0].dtype.isNumeric && columnValues[$0].dtype != .bool }
        let chosen = numeric.isEmpty ? Array(columnNames.indices) : numeric
        guard !chosen.isEmpty else { throw FrameError.value("Cannot describe a DataFrame without columns") }
        let described = try chosen.map { try series(at: $0).describe() }
        return DataFrame(names: chosen.map { columnNames[$0] }, values: described.map(\.values), index: described[0].index)
    }
}

/// NumPy's summation orders, reproduced so that sums print with NumPy's last digit.
enum NumPySum {
    /// `pairwise_sum` from NumPy's loops: eight accumulators over blocks of up to 128, halves
    /// (rounded down to a multiple of eight) above that.
    static func pairwise(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { pairwise($0) }
    }

    static func pairwise(_ a: UnsafeBufferPointer<Double>) -> Double {
        let n = a.count
        if n < 8 {
            var r: Double = 0
            for x in a { r += x }
            return r
        }
        if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - n % 8 {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            let left: Double = (r0 + r1) + (r2 + r3)
            let right: Double = (r4 + r5) + (r6 + r7)
            var result = left + right
            while i < n { result += a[i]; i += 1 }
            return result
        }
        var half = n / 2
        half -= half % 8
        return pairwise(UnsafeBufferPointer(rebasing: a[0..<half])) + pairwise(UnsafeBufferPointer(rebasing: a[half...]))
    }

    /// A sum NumPy computes while casting (int64 → float64): pairwise within buffers of 8192,
    /// the buffers added in order.
    static func buffered(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { a in
            var total: Double = 0
            var start = 0
            while start < a.count {
                let end = min(start + 8192, a.count)
                total += pairwise(UnsafeBufferPointer(rebasing: a[start..<end]))
                start = end
            }
            return total
        }
    }
}
