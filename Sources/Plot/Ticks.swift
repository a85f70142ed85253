import Foundation

/// Tick positions and labels the way matplotlib chooses them: `MaxNLocator` with steps
/// 1, 2, 2.5, 5 × 10^k for linear axes, powers of ten for log axes, and `ScalarFormatter`'s
/// habit of giving every label the same number of decimals.
public enum Ticks {
    /// Nice steps within a decade, as matplotlib's default `AutoLocator` uses.
    static let steps: [Double] = [1, 2, 2.5, 5, 10]

    /// At most about `bins + 1` ticks covering [low, high] at a nice step, only those inside.
    public static func linear(low: Double, high: Double, bins: Int) -> [Double] {
        guard low.isFinite, high.isFinite else { return [] }
        let lo = min(low, high), hi = max(low, high)
        if lo == hi { return [lo] }
        let n = Double(max(1, bins))
        let rawStep = (hi - lo) / n
        let scale = pow(10, floor(log10(rawStep)))
        // Candidate steps from the chosen one downward, so that at least two ticks land inside.
        let candidates = (steps + steps.map { $0 * 10 }).map { $0 * scale }
        guard let first = candidates.firstIndex(where: { $0 >= rawStep * (1 - 1e-12) }) else { return [] }
        var best: [Double] = []
        for step in candidates[...first].reversed() {
            let start = (lo / step).rounded(.up)
            let end = (hi / step).rounded(.down)
            guard end - start < 1000 else { continue }
            var ticks: [Double] = []
            var k = start
            // Written out to a few digits past the step and read back, so that 19 × 0.05 is 0.95
            // and not 0.9500000000000001.
            let digits = max(0, Int(-Foundation.log10(step).rounded(.down)) + 3)
            while k <= end + 1e-9 {
                let v = Double(String(format: "%.\(digits)f", k * step)) ?? k * step
                ticks.append(v == 0 ? 0 : v)
                k += 1
            }
            best = ticks
            if ticks.count >= 2 { break }
        }
        return best
    }

    /// Powers of ten inside [low, high] (every n-th decade when there are many).
    public static func log(low: Double, high: Double, bins: Int) -> [Double] {
        let lo = min(low, high), hi = max(low, high)
        guard lo > 0, hi.isFinite else { return [] }
        let a = Foundation.log10(lo).rounded(.up), b = Foundation.log10(hi).rounded(.down)
        guard b >= a else { return [] }
        let decades = Int(b - a) + 1
        let stride = max(1, Int((Double(decades) / Double(max(1, bins))).rounded(.up)))
        var ticks: [Double] = []
        // Decades on multiples of the stride, so that 10⁰ is always among them.
        var e = (a / Double(stride)).rounded(.up) * Double(stride)
        while e <= b {
            ticks.append(pow(10, e))
            e += Double(stride)
        }
        return ticks
    }

    /// Ticks for an axis of the given scale.
    public static func ticks(low: Double, high: Double, scale: AxisScale, bins: Int) -> [Double] {
        scale == .log ? log(low: low, high: high, bins: bins) : linear(low: low, high: high, bins: bins)
    }

    /// Labels for ticks: `10⁻¹`-style powers on a log axis; otherwise all with the same number
    /// of decimals (`0.0 0.5 1.0`), or `1e6`-style when the values are huge or tiny.
    public static func labels(_ ticks: [Double], scale: AxisScale = .linear) -> [String] {
        if scale == .log {
            return ticks.map { v in
                let e = Foundation.log10(v)
                if abs(e - e.rounded()) < 1e-9 { return "10" + superscript(Int(e.rounded())) }
                return format(v, decimals: 2)
            }
        }
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e5 || (largest > 0 && largest < 1e-4) {
            return ticks.map { $0 == 0 ? "0" : scientific($0) }
        }
        for decimals in 0...8 {
            let texts = ticks.map { format($0, decimals: decimals) }
            let exact = zip(texts, ticks).allSatisfy { (t, v) in
                guard let p = Double(t.replacingOccurrences(of: "−", with: "-")) else { return false }
                return abs(p - v) <= 1e-9 * max(1, abs(v))
            }
            if exact { return texts }
        }
        return ticks.map { String(format: "%g", $0) }
    }

    static func format(_ v: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", v)
        // matplotlib writes a true minus sign; "-0" is just zero.
        if Double(s) == 0 { return String(s.drop { $0 == "-" }) }
        return s.hasPrefix("-") ? "−" + s.dropFirst() : s
    }

    /// `2e6`, `2.5e-05` → `2×10⁶`, `2.5×10⁻⁵`.
    static func scientific(_ v: Double) -> String {
        let e = Int(Foundation.log10(abs(v)).rounded(.down))
        var mantissa = v / pow(10, Double(e))
        if abs(abs(mantissa) - 10) < 1e-9 { mantissa /= 10 }
        let m = String(format: "%g", mantissa).replacingOccurrences(of: "-", with: "−")
        return (m == "1" ? "" : m == "−1" ? "−" : m + "×") + "10" + superscript(e)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(abs(n)).map { digits[$0.wholeNumberValue ?? 0] }.map(String.init).joined()
    }
}
