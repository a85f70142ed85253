import Foundation

/// Axis ticks at "nice" values (1, 2 or 5 times a power of ten), the way plotting libraries
/// choose them, and their labels in the shortest form that tells them apart.
public enum Ticks {
    /// About `count` tick values covering [low, high].
    public static func nice(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite, count > 0 else { return [] }
        if low == high { return [low] }
        let span = niceNumber(high - low, round: false)
        let step = niceNumber(span / Double(max(count - 1, 1)), round: true)
        let first = (low / step).rounded(.up) * step
        var ticks: [Double] = []
        var v = first
        while v <= high + step * 1e-9 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
            if ticks.count > 100 { break }
        }
        return ticks
    }

    /// The nice number near `x`: rounded (for steps) or taken up (for ranges).
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }

    /// Labels with as few decimals as the ticks need (`0`, `0.5`, `1`), or scientific when huge
    /// or tiny.
    public static func labels(_ ticks: [Double]) -> [String] {
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) {
            return ticks.map { $0 == 0 ? "0" : String(format: "%.1e", $0) }
        }
        for decimals in 0...6 {
            let texts = ticks.map { String(format: "%.\(decimals)f", $0) }
            let parsed = texts.compactMap(Double.init)
            let distinct = Set(texts).count == ticks.count
            let exact = zip(parsed, ticks).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
            if distinct && exact { return texts.map { $0 == "-0" ? "0" : $0 } }
        }
        return ticks.map { String(format: "%g", $0) }
    }
}
