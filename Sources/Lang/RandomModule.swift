import BigInt
import Foundation
import TensorCore

/// Python's `random` module, stream-compatible with CPython: TensorCore's Mersenne Twister, seeded
/// the way CPython seeds it from an int (`init_by_array` over the int's 32-bit words), and the
/// same derivations (`random()` from two draws, `_randbelow` by rejection on `getrandbits`), so
/// `random.seed(0); random.shuffle(x)` orders `x` exactly as Python does. d2l's data iterators
/// use it (`random.shuffle(indices)`).
final class PythonRandom {
    private var twister = MersenneTwister(seed: 0)
    /// The second normal deviate of `gauss`, kept as CPython keeps it.
    private var gaussNext: Double?

    init() { seed(fromTime: ()) }

    /// `random.seed(n)` for an int: the 32-bit words of |n|, least significant first.
    func seed(_ n: BigInt) {
        var magnitude = BigUInt(n.magnitude)
        var key: [UInt32] = []
        while magnitude > 0 {
            key.append(UInt32(truncatingIfNeeded: magnitude & 0xFFFF_FFFF))
            magnitude >>= 32
        }
        twister = MersenneTwister(key: key)
        gaussNext = nil
    }

    func seed(fromTime: Void) {
        var words: [UInt32] = (0..<4).map { _ in UInt32.random(in: .min ... .max) }
        words.append(UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970 * 1e6)))
        twister = MersenneTwister(key: words)
        gaussNext = nil
    }

    private func next32() -> UInt32 { twister.next() }

    /// A float in [0, 1) with 53 random bits, as CPython's `random()`.
    func random() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`: 32-bit words filled from the least significant one.
    func bits(_ k: Int) -> BigUInt {
        if k <= 32 { return BigUInt(next32() >> UInt32(32 - k)) }
        // CPython's order: 32-bit draws, least significant first, the last one shifted down.
        // Collected into words and built once (shifting each draw into a growing BigUInt was
        // quadratic: getrandbits(2**30) never finished).
        var words: [UInt] = []
        words.reserveCapacity(k / 64 + 1)
        var remaining = k
        var low: UInt32? = nil
        while remaining > 0 {
            var word = next32()
            if remaining < 32 { word >>= UInt32(32 - remaining) }
            remaining -= 32
            if let l = low {
                words.append(UInt(l) | UInt(word) << 32)
                low = nil
            } else {
                low = word
            }
        }
        if let l = low { words.append(UInt(l)) }
        return BigUInt(words: words)
    }

    /// A uniform int in [0, n), by rejection as CPython's `_randbelow_with_getrandbits`.
    func below(_ n: BigUInt) -> BigUInt {
        // n.bit_length(): BigUInt's words are little-endian UInts.
        var k = 0
        if let top = n.words.last(where: { $0 != 0 }), let topIndex = n.words.lastIndex(where: { $0 != 0 }) {
            k = topIndex * UInt.bitWidth + (UInt.bitWidth - top.leadingZeroBitCount)
        }
        var r = bits(k)
        while r >= n { r = bits(k) }
        return r
    }

    func below(_ n: Int) -> Int { Int(below(BigUInt(n))) }

    func gauss(mu: Double, sigma: Double) -> Double {
        if let z = gaussNext {
            gaussNext = nil
            return mu + z * sigma
        }
        let x2pi = random() * 2 * Double.pi
        let g2rad = (-2.0 * Foundation.log(1.0 - random())).squareRoot()
        gaussNext = sin(x2pi) * g2rad
        return mu + cos(x2pi) * g2rad * sigma
    }

    func normalVariate(mu: Double, sigma: Double) -> Double {
        let magic = 4 * exp(-0.5) / 2.0.squareRoot()
        while true {
            let u1 = random(), u2 = 1.0 - random()
            let z = magic * (u1 - 0.5) / u2
            if z * z / 4.0 <= -Foundation.log(u2) { return mu + z * sigma }
        }
    }
}

enum RandomModule {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("random", doc: "Python's random numbers (CPython's Mersenne Twister stream).")
        let g = PythonRandom()
        r.add(["random.seed"], "seed(a=None)", doc: "Seeds the generator: an int gives CPython's stream; None seeds from the clock.") { a in
            switch a["a"] {
            case .none: g.seed(fromTime: ())
            case let v:
                if let n = v.bigIntValue {
                    g.seed(n)
                } else if case .float(let d) = v {
                    // CPython seeds floats through their hash.
                    g.seed(BigInt(try a.interp.hash(.float(d))))
                } else if case .str(let s) = v {
                    // CPython's version 2 string seed: the text's bytes and their SHA-512 as one int.
                    throw PyException.typeError("tcalc: random.seed() takes an int (or None), not a str like '\(s)'")
                } else {
                    throw PyException.typeError("The only supported seed types are: None, int, float")
                }
            }
            return .none
        }
        r.add(["random.random"], "random()", doc: "A float in [0.0, 1.0).") { _ in .float(g.random()) }
        r.add(["random.getrandbits"], "getrandbits(k, /)", doc: "An int with k random bits.") { a in
            let k = try a.int("k")
            guard k >= 0 else { throw PyException.valueError("number of bits must be non-negative") }
            guard k <= Int(Int32.max) else { throw PyException.overflowError("Python int too large to convert to C int") }
            return .integer(BigInt(g.bits(k)))
        }
        r.add(["random.uniform"], "uniform(a, b)", doc: "A float between a and b.") { a in
            let lo = try a.double("a"), hi = try a.double("b")
            return .float(lo + (hi - lo) * g.random())
        }
        r.add(["random.randrange"], "randrange(start, stop=None, step=1)", doc: "A random int from range(start, stop, step).") { a in
            let start = try bigInt(a, "start")
            let step = try bigInt(a, "step")
            guard let stop = a["stop"].isNone ? nil : Optional(try bigInt(a, "stop")) else {
                guard start > 0 else { throw PyException.valueError("empty range for randrange()") }
                return .integer(BigInt(g.below(BigUInt(start))))
            }
            let width = stop - start
            if step == 1 {
                guard width > 0 else { throw PyException.valueError("empty range in randrange(\(start), \(stop))") }
                return .integer(start + BigInt(g.below(BigUInt(width))))
            }
            guard step != 0 else { throw PyException.valueError("zero step for randrange()") }
            let n = step > 0 ? (width + step - 1) / step : (width + step + 1) / step
            guard n > 0 else { throw PyException.valueError("empty range in randrange(\(start), \(stop), \(step))") }
            return .integer(start + step * BigInt(g.below(BigUInt(n))))
        }
        r.add(["random.randint"], "randint(a, b)", doc: "A random int N with a <= N <= b.") { a in
            let lo = try bigInt(a, "a"), hi = try bigInt(a, "b")
            guard hi >= lo else { throw PyException.valueError("empty range in randrange(\(lo), \(hi + 1))") }
            return .integer(lo + BigInt(g.below(BigUInt(hi - lo + 1))))
        }
        r.add(["random.choice"], "choice(seq)", doc: "A random element of a non-empty sequence.") { a in
            let n = try a.interp.length(a["seq"])
            guard n > 0 else { throw PyException.indexError("Cannot choose from an empty sequence") }
            return try a.interp.getItem(a["seq"], .int(g.below(n)))
        }
        r.add(["random.shuffle"], "shuffle(x)", doc: "Shuffles the list x in place (CPython's order for the same seed).") { a in
            guard case .list(let list) = a["x"] else {
                throw PyException.typeError("shuffle(): x must be a list, not \(a["x"].typeName)")
            }
            var i = list.items.count - 1
            while i > 0 {
                let j = g.below(i + 1)
                list.items.swapAt(i, j)
                i -= 1
            }
            return .none
        }
        r.add(["random.sample"], "sample(population, k)", doc: "k distinct elements chosen from the population, as a list.") { a in
            let population = try a.interp.iterate(a["population"])
            let n = population.count, k = try a.int("k")
            guard k >= 0 && k <= n else { throw PyException.valueError("Sample larger than population or is negative") }
            var result: [Value] = []
            // CPython's choice between a shrinking pool and rejection from a set.
            var setsize = 21
            if k > 5 { setsize += Int(pow(4.0, ceil(Foundation.log(Double(k * 3)) / Foundation.log(4.0)))) }
            if n <= setsize {
                var pool = population
                for i in 0..<k {
                    let j = g.below(n - i)
                    result.append(pool[j])
                    pool[j] = pool[n - i - 1]
                }
            } else {
                var selected = Set<Int>()
                for _ in 0..<k {
                    var j = g.below(n)
                    while selected.contains(j) { j = g.below(n) }
                    selected.insert(j)
                    result.append(population[j])
                }
            }
            return .list(PyList(result))
        }
        r.add(["random.gauss"], "gauss(mu=0.0, sigma=1.0)", doc: "A normal deviate (CPython's gauss, two per pair of draws).") { a in
            .float(g.gauss(mu: try a.double("mu"), sigma: try a.double("sigma")))
        }
        r.add(["random.normalvariate"], "normalvariate(mu=0.0, sigma=1.0)", doc: "A normal deviate (Kinderman–Monahan, as CPython).") { a in
            .float(g.normalVariate(mu: try a.double("mu"), sigma: try a.double("sigma")))
        }
    }

    static func bigInt(_ a: BoundArguments, _ name: String) throws -> BigInt {
        guard let v = a[name].bigIntValue else {
            throw PyException.typeError("\(a.builtin.name)(): '\(name)' must be an int, not \(a[name].typeName)")
        }
        return v
    }
}
