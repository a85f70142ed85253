import Foundation
import TensorCore

/// A random state: the module's legacy one (`np.random.seed`, `np.random.rand`, …) or a
/// `Generator` from `np.random.default_rng(seed)`. Both draw from TensorCore's legacy
/// MT19937 stream; the legacy functions give NumPy's numbers for a seed, while a Generator's
/// numbers differ from NumPy's (NumPy's Generator uses PCG64, which tcalc does not implement).
final class NumPyRandomState: PyObject {
    var state: NumPyLegacyRandom
    init(_ state: NumPyLegacyRandom) { self.state = state }

    /// The state behind the `np.random.*` functions.
    nonisolated(unsafe) static var legacy = NumPyRandomState(NumPyLegacyRandom.fromEntropy())

    var typeName: String { "numpy.random.Generator" }
    func repr(_ interp: Interpreter) throws -> String { "Generator(MT19937)" }
}

enum NumPyRandom {
    /// A `size` argument: None (one value), an int, or a tuple.
    static func size(_ v: Value, _ interp: Interpreter) throws -> [Int]? {
        if v.isNone { return nil }
        let s = try NumPyConvert.shape(v, interp)
        if s.contains(where: { $0 < 0 }) { throw PyException.valueError("negative dimensions are not allowed") }
        return s
    }

    /// `count` draws as a float64 array of `shape`, or one Python float when `shape` is nil.
    static func doubles(_ shape: [Int]?, _ draw: () -> Double) throws -> Value {
        guard let shape else { return .float(draw()) }
        let n = try NDArray.checkedCount(shape)
        let values = (0..<n).map { _ in draw() }
        return .object(NumPyArray(try NDArray(values, shape: shape)))
    }

    /// Integers in [low, high) by masked rejection, as int64 (or one np.int64).
    static func integers(_ r: NumPyRandomState, low: Int64, high: Int64, _ shape: [Int]?, python: Bool) throws -> Value {
        guard high > low else { throw PyException.valueError("low >= high") }
        let range = UInt64(bitPattern: high &- low &- 1)
        guard let shape else {
            let v = low &+ Int64(bitPattern: r.state.boundedMasked(range))
            return python ? .int(Int(v)) : .object(NumPyScalar(.int(v), dtype: .int64))
        }
        let n = try NDArray.checkedCount(shape)
        let values = (0..<n).map { _ in low &+ Int64(bitPattern: r.state.boundedMasked(range)) }
        return .object(NumPyArray(try NDArray(values, shape: shape)))
    }

    /// The shape from `rand(2, 3)`-style varargs.
    static func dims(_ a: BoundArguments) throws -> [Int]? {
        if a.varArgs.isEmpty { return nil }
        return try a.varArgs.map { v in
            guard let i = try a.interp.asIndex(v), i >= 0 else { throw PyException.valueError("negative dimensions are not allowed") }
            return i
        }
    }

    static func register(_ t: NumPyTable) {
        let m = "numpy.random"
        let g = "numpy.random.Generator"
        t.add("seed(seed=None)", .function, module: m, doc: "Restarts the legacy stream: NumPy's numbers follow for the same seed (int or list of ints).") { a in
            let v = a["seed"]
            if v.isNone { NumPyRandomState.legacy.state = .fromEntropy(); return .none }
            if let i = try a.interp.asIndex(v) {
                guard i >= 0 && i <= Int(UInt32.max) else { throw PyException.valueError("Seed must be between 0 and 2**32 - 1") }
                NumPyRandomState.legacy.state = NumPyLegacyRandom(seed: UInt32(i))
                return .none
            }
            let words = try NumPyConvert.array(v, dtype: .int64, a.interp).scalars.map { s -> UInt32 in
                let w = s.int64Value
                guard w >= 0 && w <= Int64(UInt32.max) else { throw PyException.valueError("Seed must be between 0 and 2**32 - 1") }
                return UInt32(w)
            }
            guard !words.isEmpty else { throw PyException.valueError("Seed must be non-empty") }
            NumPyRandomState.legacy.state = NumPyLegacyRandom(key: words)
            return .none
        }
        t.add("rand(*shape)", .function, module: m, doc: "Uniform samples in [0, 1) of the given shape (a float without arguments).") { a in
            try doubles(try dims(a)) { NumPyRandomState.legacy.state.randomSample() }
        }
        t.add("randn(*shape)", .function, module: m, doc: "Standard normal samples of the given shape (a float without arguments).") { a in
            try doubles(try dims(a)) { NumPyRandomState.legacy.state.gauss() }
        }
        t.add("random(size=None)", .function, module: m, aliases: ["random_sample"], doc: "Uniform samples in [0, 1).") { a in
            try doubles(try size(a["size"], a.interp)) { NumPyRandomState.legacy.state.randomSample() }
        }
        t.add("randint(low, high=None, size=None, dtype=int)", .function, module: m, doc: "Random integers in [low, high) (in [0, low) without high).") { a in
            var low = Int64(try a.int("low")), high: Int64
            if a["high"].isNone { high = low; low = 0 } else { high = Int64(try a.int("high")) }
            let r = try integers(NumPyRandomState.legacy, low: low, high: high, try size(a["size"], a.interp), python: true)
            if case .object(let arr as NumPyArray) = r, let d = try a.npDType(), d != .int64 { return .object(NumPyArray(try arr.array.converted(to: d))) }
            return r
        }
        for module in [m, g] {
            let state: (BoundArguments) throws -> NumPyRandomState = module == m ? { _ in NumPyRandomState.legacy } : { a in
                guard case .object(let s as NumPyRandomState) = a["self"] else { throw PyException.typeError("expected a Generator") }
                return s
            }
            let selfParam = module == m ? "" : "self, "
            t.add("normal(\(selfParam)loc=0.0, scale=1.0, size=None)", .function, module: module, doc: "Normal samples with mean loc and standard deviation scale.") { a in
                let r = try state(a)
                let loc = try a.double("loc"), scale = try a.double("scale")
                guard scale >= 0 else { throw PyException.valueError("scale < 0") }
                return try doubles(try size(a["size"], a.interp)) { loc + scale * r.state.gauss() }
            }
            t.add("uniform(\(selfParam)low=0.0, high=1.0, size=None)", .function, module: module, doc: "Uniform samples in [low, high).") { a in
                let r = try state(a)
                let low = try a.double("low"), high = try a.double("high")
                return try doubles(try size(a["size"], a.interp)) { low + (high - low) * r.state.randomSample() }
            }
            t.add("choice(\(selfParam)a, size=None, replace=True, p=None)", .function, module: module, doc: "Random elements of a (or of arange(a)), with or without replacement, optionally weighted by p.") { a in
                let r = try state(a)
                let population: NDArray
                if let n = try a.interp.asIndex(a["a"]) {
                    guard n > 0 else { throw PyException.valueError("a must be a positive integer unless no samples are taken") }
                    population = try NDArray((0..<Int64(n)).map { $0 }, shape: [n])
                } else {
                    population = try NumPyConvert.array(a["a"], dtype: nil, a.interp)
                    guard population.rank == 1, population.count > 0 else { throw PyException.valueError("a must be 1-dimensional and non-empty") }
                }
                let n = population.count
                let shape = try size(a["size"], a.interp)
                let count = try shape.map { try NDArray.checkedCount($0) } ?? 1
                var picks: [Int] = []
                if !a["p"].isNone {
                    let p = try NumPyConvert.array(a["p"], dtype: .float64, a.interp).doubles
                    guard p.count == n else { throw PyException.valueError("'a' and 'p' must have same size") }
                    guard p.allSatisfy({ $0 >= 0 }) else { throw PyException.valueError("probabilities are not non-negative") }
                    var cdf: [Double] = []
                    var acc = 0.0
                    for v in p { acc += v; cdf.append(acc) }
                    guard Swift.abs(acc - 1) <= 1e-8 * Double(n).squareRoot() + 1e-8 else { throw PyException.valueError("probabilities do not sum to 1") }
                    cdf = cdf.map { $0 / acc }
                    for _ in 0..<count {
                        let u = r.state.randomSample()
                        picks.append(min(n - 1, cdf.firstIndex { $0 > u } ?? n - 1))
                    }
                } else if try a.interp.truthy(a["replace"]) {
                    for _ in 0..<count { picks.append(Int(r.state.boundedMasked(UInt64(n - 1)))) }
                } else {
                    guard count <= n else { throw PyException.valueError("Cannot take a larger sample than population when 'replace=False'") }
                    picks = r.state.permutation(n).prefix(count).map { Int($0) }
                }
                let chosen = try population.subscripted([.array(try NDArray(picks.map { Int64($0) }, shape: [picks.count]))])
                guard let shape else { return NumPyConvert.result(try chosen.reshaped([])) }
                return .object(NumPyArray(try chosen.reshaped(shape)))
            }
            t.add("permutation(\(selfParam)x)", .function, module: module, doc: "A shuffled arange(x), or a shuffled copy of x along its first axis.") { a in
                let r = try state(a)
                if let n = try a.interp.asIndex(a["x"]) {
                    return .object(NumPyArray(try NDArray(r.state.permutation(n), shape: [n])))
                }
                let x = try NumPyConvert.array(a["x"], dtype: nil, a.interp)
                guard x.rank > 0 else { throw PyException.indexError("x must be an integer or at least 1-dimensional") }
                let order = r.state.permutation(x.shape[0])
                return .object(NumPyArray(try x.subscripted([.array(try NDArray(order, shape: [order.count]))])))
            }
            t.add("shuffle(\(selfParam)x)", .function, module: module, doc: "Shuffles an array in place along its first axis.") { a in
                let r = try state(a)
                guard case .object(let arr as NumPyArray) = a["x"], arr.array.rank > 0 else {
                    throw PyException.typeError("shuffle(): x must be an ndarray with at least one dimension")
                }
                let order = r.state.permutation(arr.array.shape[0])
                let shuffled = try arr.array.subscripted([.array(try NDArray(order, shape: [order.count]))])
                try arr.array.copyElements(from: shuffled)
                return .none
            }
        }
        t.add("default_rng(seed=None)", .function, module: m,
              doc: "A Generator with its own stream (tcalc's MT19937: not NumPy's PCG64 numbers for the same seed).") { a in
            if let i = try a.interp.asIndex(a["seed"]) {
                guard i >= 0 else { throw PyException.valueError("Seed must be non-negative") }
                return .object(NumPyRandomState(NumPyLegacyRandom(key: [UInt32(truncatingIfNeeded: i), UInt32(truncatingIfNeeded: i >> 32)])))
            }
            return .object(NumPyRandomState(.fromEntropy()))
        }
        t.add("random(self, size=None)", .function, module: g, doc: "Uniform samples in [0, 1).") { a in
            guard case .object(let r as NumPyRandomState) = a["self"] else { throw PyException.typeError("expected a Generator") }
            return try doubles(try size(a["size"], a.interp)) { r.state.randomSample() }
        }
        t.add("standard_normal(self, size=None)", .function, module: g, doc: "Standard normal samples.") { a in
            guard case .object(let r as NumPyRandomState) = a["self"] else { throw PyException.typeError("expected a Generator") }
            return try doubles(try size(a["size"], a.interp)) { r.state.gauss() }
        }
        t.add("integers(self, low, high=None, size=None, endpoint=False)", .function, module: g, doc: "Random integers in [low, high) (or [low, high] with endpoint=True).") { a in
            guard case .object(let r as NumPyRandomState) = a["self"] else { throw PyException.typeError("expected a Generator") }
            var low = Int64(try a.int("low")), high: Int64
            if a["high"].isNone { high = low; low = 0 } else { high = Int64(try a.int("high")) }
            if try a.interp.truthy(a["endpoint"]) { high += 1 }
            return try integers(r, low: low, high: high, try size(a["size"], a.interp), python: false)
        }
    }
}
