import Foundation

/// Which axis of an `Axes`.
public enum AxisName { case x, y }

/// matplotlib's autoscaling: the data's extent over every artist, widened by 5% margins on each
/// side except at "sticky" edges (a bar's baseline, an image's border), and made non-singular
/// when the data is one value or empty. Explicit limits win, side by side.
struct Autoscale {
    let axes: Axes

    static let margin = 0.05

    func limits(for axis: AxisName) -> (Double, Double) {
        let explicit = axis == .x ? axes.xlim : axes.ylim
        let scale = axis == .x ? axes.xscale : axes.yscale
        if let lo = explicit.0, let hi = explicit.1 { return (lo, hi) }
        var (lo, hi, sticky) = dataBounds(axis, positiveOnly: scale == .log)
        var auto: (Double, Double)
        if !lo.isFinite {
            auto = scale == .log ? (1, 10) : (0, 1)
        } else {
            if scale == .log { lo = log10(lo); hi = log10(hi); sticky = sticky.filter { $0 > 0 }.map(log10) }
            if lo == hi {
                let d = lo == 0 ? 0.05 : abs(lo) * 0.05
                lo -= d
                hi += d
            }
            let pad = (hi - lo) * Autoscale.margin
            let stuckLow = sticky.contains(lo), stuckHigh = sticky.contains(hi)
            auto = (stuckLow ? lo : lo - pad, stuckHigh ? hi : hi + pad)
            if scale == .log { auto = (pow(10, auto.0), pow(10, auto.1)) }
        }
        let result = (explicit.0 ?? auto.0, explicit.1 ?? auto.1)
        if result.0 == result.1 { return (result.0 - 1, result.1 + 1) }
        return result
    }

    /// The finite data extent along `axis`, and the values margins must not cross.
    func dataBounds(_ axis: AxisName, positiveOnly: Bool) -> (Double, Double, [Double]) {
        var lo = Double.infinity, hi = -Double.infinity
        var sticky: [Double] = []
        func take(_ v: Double) {
            guard v.isFinite, !positiveOnly || v > 0 else { return }
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        for artist in axes.artists {
            switch artist {
            case .line(let l), .scatter(let l):
                if let (a, b) = PointReduction.range(axis == .x ? l.xs : l.ys, positiveOnly: positiveOnly) {
                    take(a)
                    take(b)
                }
            case .bars(let b):
                for i in b.lefts.indices {
                    if axis == .x {
                        take(b.lefts[i])
                        take(b.lefts[i] + b.widths[i])
                    } else {
                        take(b.bottoms[i])
                        take(b.bottoms[i] + b.heights[i])
                        sticky.append(b.bottoms[i])
                    }
                }
            case .image(let m):
                let extent = axis == .x ? Double(m.columns) : Double(m.rows)
                take(-0.5)
                take(extent - 0.5)
                sticky += [-0.5, extent - 0.5]
            case .reference(let r):
                if r.horizontal == (axis == .y) { take(r.value) }
            case .text:
                break
            }
        }
        return (lo, hi, sticky)
    }
}

/// Colour maps for `imshow`: colours at evenly spaced stops, interpolated linearly.
public enum Colormap: String, CaseIterable {
    case viridis, gray, Greys, Blues, Reds, hot

    var stops: [UInt32] {
        switch self {
        case .viridis: return [0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725]
        case .gray: return [0x000000, 0xffffff]
        case .Greys: return [0xffffff, 0x000000]
        case .Blues: return [0xf7fbff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b]
        case .Reds: return [0xfff5f0, 0xfcbba1, 0xfb6a4a, 0xcb181d, 0x67000d]
        case .hot: return [0x0b0000, 0xff0000, 0xffff00, 0xffffff]
        }
    }

    /// The colour at `t` in 0...1 (clamped).
    public func color(at t: Double) -> RGB {
        let s = stops.map(RGB.init(hex:))
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(s.count - 1)
        let i = min(Int(x), s.count - 2)
        let f = x - Double(i)
        let a = s[i], b = s[i + 1]
        return RGB(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }
}

extension Axes {
    /// X ticks and labels: the fixed ones (bar categories, `xticks`) inside the view, else the
    /// locator's for about `bins` intervals.
    func xTicks(low: Double, high: Double, bins: Int) -> ([Double], [String]) {
        if let fixed = xticks {
            let labels = xtickLabels ?? Ticks.labels(fixed, scale: xscale)
            let inside = zip(fixed, labels).filter { $0.0 >= min(low, high) - 1e-9 && $0.0 <= max(low, high) + 1e-9 }
            return (inside.map(\.0), inside.map(\.1))
        }
        let t = Ticks.ticks(low: low, high: high, scale: xscale, bins: bins)
        return (t, Ticks.labels(t, scale: xscale))
    }
}
