import Foundation

/// The 32-bit Mersenne Twister (MT19937). `init(seed:)` seeds it as PyTorch's CPU generator
/// does, so that `torch.manual_seed(s)` followed by the same calls gives PyTorch's numbers;
/// `init(key:)` seeds it as CPython's `random.seed(n)` does (the language's `random` module).
public struct MersenneTwister {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt64) {
        // PyTorch keeps only the low 32 bits of the seed for the engine.
        self.init(word: UInt32(truncatingIfNeeded: seed))
    }

    /// The reference `init_genrand`.
    private init(word: UInt32) {
        state[0] = word
        for j in 1..<624 {
            let previous = state[j - 1]
            state[j] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(j)
        }
        index = 624
    }

    /// The reference `init_by_array`, which CPython uses for an int seed (its 32-bit words,
    /// least significant first).
    public init(key: [UInt32]) {
        self.init(word: 19_650_218)
        let key = key.isEmpty ? [0] : key
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    /// The next 32 random bits.
    public mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// 64 bits from two draws, the first as the high half (PyTorch's `random64`).
    mutating func next64() -> UInt64 {
        let high = UInt64(next())
        let low = UInt64(next())
        return (high << 32) | low
    }

    /// Regenerates all 624 words. Three loops instead of index arithmetic modulo 624, over
    /// unchecked storage: generating is most of the cost of `torch.rand` on large shapes.
    private mutating func twist() {
        state.withUnsafeMutableBufferPointer { mt in
            @inline(__always) func mix(_ i: Int, _ next: Int, _ far: Int) {
                let y = (mt[i] & 0x8000_0000) | (mt[next] & 0x7fff_ffff)
                mt[i] = mt[far] ^ (y >> 1) ^ ((y & 1) &* 0x9908_b0df)
            }
            for i in 0..<227 { mix(i, i + 1, i + 397) }
            for i in 227..<623 { mix(i, i + 1, i - 227) }
            mix(623, 0, 396)
        }
        index = 0
    }
}

/// The process-wide default generator (`torch.manual_seed`, `torch.initial_seed`).
///
///     >>> torch.manual_seed(0)
///     >>> torch.rand(3)
///     tensor([0.4963, 0.7682, 0.0885])
public enum RandomSource {
    /// PyTorch's default seed for the CPU generator when none was set.
    public static let defaultSeed: UInt64 = 67_280_421_310_721

    nonisolated(unsafe) static var engine = MersenneTwister(seed: defaultSeed)
    nonisolated(unsafe) private static var seed: UInt64 = defaultSeed
    /// Box–Muller makes two normals at a time; the second waits here for the next draw.
    nonisolated(unsafe) static var pendingNormal: Double? = nil

    /// `torch.manual_seed`: restarts the stream.
    public static func manualSeed(_ seed: UInt64) {
        self.seed = seed
        engine = MersenneTwister(seed: seed)
        pendingNormal = nil
    }

    /// `torch.initial_seed`: the seed the stream started from.
    public static func initialSeed() -> UInt64 { seed }

    /// `torch.seed`: reseeds from the system's entropy and returns the new seed.
    public static func reseedNondeterministically() -> UInt64 {
        var bits = SystemRandomNumberGenerator()
        let fresh = bits.next() & 0x001f_ffff_ffff_ffff
        manualSeed(fresh)
        return fresh
    }

    /// U[0, 1) with the float's 24 bits of mantissa from one draw.
    static func uniformFloat() -> Float {
        Float(engine.next() & 0x00ff_ffff) * (1.0 / 16_777_216.0)
    }

    /// U[0, 1) with the double's 53 bits from a 64-bit draw.
    static func uniformDouble() -> Double {
        Double(engine.next64() & 0x001f_ffff_ffff_ffff) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// One N(mean, std²) sample by Box–Muller in double, caching the sine half (PyTorch's
    /// `normal_distribution<double>`, used for tensors of fewer than 16 elements).
    static func normalDouble(mean: Double, std: Double) -> Double {
        if let cached = pendingNormal {
            pendingNormal = nil
            return cached * std + mean
        }
        let u1 = uniformDouble()
        let u2 = uniformDouble()
        let radius: Double = (-2.0 * Foundation.log1p(-u2)).squareRoot()
        let theta: Double = 2.0 * Double.pi * u1
        pendingNormal = radius * Foundation.sin(theta)
        return radius * Foundation.cos(theta) * std + mean
    }
}
