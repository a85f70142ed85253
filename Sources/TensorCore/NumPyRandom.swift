import Foundation

/// NumPy's legacy `RandomState` stream (`np.random.seed(n)` and the functions after it):
/// MT19937 seeded by `init_genrand` for an int seed (by `init_by_array` for a sequence),
/// `random_sample` as 53-bit doubles from two draws, `randn`/`normal` by the polar Box–Muller
/// method keeping the second value for the next call, `randint` by masked rejection, and
/// `shuffle`/`permutation` by Fisher–Yates over `random_interval`. Same seed, same calls,
/// same numbers as NumPy.
public struct NumPyLegacyRandom {
    var twister: MersenneTwister
    var cachedGauss: Double? = nil

    /// `np.random.seed(n)` for 0 ≤ n < 2**32.
    public init(seed: UInt32) { twister = MersenneTwister(seed: UInt64(seed)) }
    /// `np.random.seed([words])`.
    public init(key: [UInt32]) { twister = MersenneTwister(key: key) }

    /// A state seeded from the system's entropy (NumPy's state before any `seed`).
    public static func fromEntropy() -> NumPyLegacyRandom {
        var system = SystemRandomNumberGenerator()
        return NumPyLegacyRandom(seed: UInt32(truncatingIfNeeded: system.next()))
    }

    public mutating func next32() -> UInt32 { twister.next() }

    /// Two draws, the first as the high half (NumPy's `next_uint64` for MT19937).
    public mutating func next64() -> UInt64 { (UInt64(twister.next()) << 32) | UInt64(twister.next()) }

    /// `random_sample`: U[0, 1) with 53 random bits (27 from one draw, 26 from the next).
    public mutating func randomSample() -> Double {
        let a = Double(twister.next() >> 5), b = Double(twister.next() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `legacy_gauss`: a standard normal by the polar method; every other call returns the
    /// value kept from the previous pair.
    public mutating func gauss() -> Double {
        if let g = cachedGauss {
            cachedGauss = nil
            return g
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2.0 * randomSample() - 1.0
            x2 = 2.0 * randomSample() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cachedGauss = f * x1
        return f * x2
    }

    /// The smallest all-ones mask covering `n`.
    static func mask(_ n: UInt64) -> UInt64 {
        var m = n
        m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32
        return m
    }

    /// `random_bounded_uint64` with masking: a value in [0, range] (inclusive), drawing 32
    /// bits at a time when the range fits them.
    public mutating func boundedMasked(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        let m = NumPyLegacyRandom.mask(range)
        if range <= 0xffff_ffff {
            if range == 0xffff_ffff { return UInt64(twister.next()) }
            while true {
                let v = UInt64(twister.next()) & m
                if v <= range { return v }
            }
        }
        if range == UInt64.max { return next64() }
        while true {
            let v = next64() & m
            if v <= range { return v }
        }
    }

    /// `random_interval`: a value in [0, max] (shuffle's draws).
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let m = NumPyLegacyRandom.mask(max)
        if max <= 0xffff_ffff {
            while true {
                let v = UInt64(twister.next()) & m
                if v <= max { return v }
            }
        }
        while true {
            let v = next64() & m
            if v <= max { return v }
        }
    }

    /// The legacy `shuffle` order of `n` positions: for i from n-1 down to 1, swap i with
    /// `interval(i)`. Returns the permutation of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int64] {
        var p = (0..<Int64(n)).map { $0 }
        if n > 1 {
            for i in stride(from: n - 1, through: 1, by: -1) {
                let j = Int(interval(UInt64(i)))
                p.swapAt(i, j)
            }
        }
        return p
    }
}
