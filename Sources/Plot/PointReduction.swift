import CKernels
import Foundation

/// Long series are reduced before drawing: each run of points falling in one pixel (or dot)
/// column keeps its first, lowest, highest and last point (M4), which draws the same pixels.
/// The loop over every point is C (Sources/CKernels/plot_reduce.c), so 10⁷ points take tens of
/// milliseconds even in a debug build.
enum PointReduction {
    /// Points mapped to pixels by `x` and `y` (`nil` entries are breaks at NaN, infinities and
    /// non-positive values on a log axis), reduced when there are many; nil when the series is
    /// too irregular to reduce (x going back and forth), and must be drawn point by point.
    static func reduce(_ xs: [Double], _ ys: [Double], x: tcalc_plot_axis, y: tcalc_plot_axis) -> [(Double, Double)?]? {
        let n = min(xs.count, ys.count)
        let cap = n <= 100_000 ? 2 * n + 2 : 1_000_000
        var ox = [Double](repeating: 0, count: cap), oy = [Double](repeating: 0, count: cap)
        let m = xs.withUnsafeBufferPointer { xp in
            ys.withUnsafeBufferPointer { yp in
                ox.withUnsafeMutableBufferPointer { oxp in
                    oy.withUnsafeMutableBufferPointer { oyp in
                        tcalc_plot_m4(xp.baseAddress, yp.baseAddress, n, x, y, oxp.baseAddress, oyp.baseAddress, cap)
                    }
                }
            }
        }
        guard m >= 0 else { return nil }
        var out: [(Double, Double)?] = []
        out.reserveCapacity(m)
        for i in 0..<m { out.append(ox[i].isNaN ? nil : (ox[i], oy[i])) }
        return out
    }

    /// The finite extent of `values` (positive values only for a log axis); nil when empty.
    static func range(_ values: [Double], positiveOnly: Bool) -> (Double, Double)? {
        var lo = 0.0, hi = 0.0
        values.withUnsafeBufferPointer { tcalc_plot_range($0.baseAddress, $0.count, positiveOnly ? 1 : 0, &lo, &hi) }
        return lo <= hi ? (lo, hi) : nil
    }
}

extension AxisMap {
    /// This axis as a C mapping to `length` pixels from `origin` (reversed for y, which grows
    /// downward), clamped `slack` lengths beyond either end so that a segment toward a far
    /// point still leaves the edge in the right direction.
    func pixels(origin: Double, length: Double, reversed: Bool, slack: Double = 1) -> tcalc_plot_axis {
        let k = (reversed ? -length : length) / span
        let b = reversed ? origin + length : origin
        return tcalc_plot_axis(a: a, k: k, b: b, lo: origin - slack * length, hi: origin + (1 + slack) * length,
                               log: scale == .log ? 1 : 0)
    }
}
