import Foundation

/// Random tensors drawn from `RandomSource` with PyTorch's CPU transforms, so that the same seed
/// gives the same numbers as PyTorch (up to the last bits of its vectorized log/sin/cos).
extension NDArray {
    /// `torch.rand`: U[0, 1) samples of a floating dtype.
    public static func rand(_ shape: [Int], dtype: DType) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype)
        try out.fillUniform(low: 0, high: 1)
        return out
    }

    /// `torch.randn`: standard normal samples of a floating dtype.
    public static func randn(_ shape: [Int], dtype: DType) throws -> NDArray {
        try normal(mean: 0, std: 1, shape, dtype: dtype)
    }

    /// `torch.normal(mean, std, size)`: N(mean, std²) samples.
    public static func normal(mean: Double, std: Double, _ shape: [Int], dtype: DType) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype)
        try out.fillNormal(mean: mean, std: std)
        return out
    }

    /// `x.uniform_(low, high)`: overwrites every element with U[low, high) samples.
    public func fillUniform(low: Double, high: Double) throws {
        guard low <= high else {
            throw TensorError.runtime("uniform_ expects to return a [from, to) range, but found from=\(low) > to=\(high)")
        }
        switch dtype {
        case .float32:
            let from = Float(low), span = Float(high) - Float(low)
            let base = storage.pointer.assumingMemoryBound(to: Float.self)
            if isContiguous {
                // The common case without the per-element offset walk.
                let p = base + offset
                for i in 0..<count { p[i] = RandomSource.uniformFloat() * span + from }
            } else {
                forEachOffset { base[$0] = RandomSource.uniformFloat() * span + from }
            }
        case .float64:
            let span = high - low
            let base = storage.pointer.assumingMemoryBound(to: Double.self)
            if isContiguous {
                let p = base + offset
                for i in 0..<count { p[i] = RandomSource.uniformDouble() * span + low }
            } else {
                forEachOffset { base[$0] = RandomSource.uniformDouble() * span + low }
            }
        default:
            throw TensorError(.notImplemented, "\"check_uniform_bounds\" not implemented for '\(dtype.kernelName)'")
        }
        storage.version += 1
    }

    /// `x.normal_(mean, std)`: overwrites every element with N(mean, std²) samples.
    ///
    /// PyTorch has two paths and both are followed: contiguous tensors of 16 or more elements
    /// are filled with uniforms first and transformed by Box–Muller in blocks of 16 (the last
    /// block redrawn when the count is not a multiple of 16); smaller or strided tensors draw
    /// one double-precision normal per element, reusing the cached second sample.
    public func fillNormal(mean: Double, std: Double) throws {
        guard std >= 0 else { throw TensorError.runtime("normal expects std >= 0.0, but found std \(std)") }
        guard dtype.isFloatingPoint else {
            throw TensorError(.notImplemented, "\"normal_kernel_cpu\" not implemented for '\(dtype.kernelName)'")
        }
        defer { storage.version += 1 }
        let n = count
        if n >= 16 && isContiguous {
            if dtype == .float32 {
                NDArray.blockNormal(pointer(as: Float.self), count: n, mean: Float(mean), std: Float(std),
                                    uniform: RandomSource.uniformFloat)
            } else {
                NDArray.blockNormal(pointer(as: Double.self), count: n, mean: mean, std: std,
                                    uniform: RandomSource.uniformDouble)
            }
            return
        }
        forEachOffset { off in
            setScalar(.float(RandomSource.normalDouble(mean: mean, std: std)), atStorageOffset: off)
        }
    }

    private static func blockNormal<T: BoxMuller>(_ data: UnsafeMutablePointer<T>, count n: Int, mean: T, std: T,
                                                  uniform: () -> T) {
        for i in 0..<n { data[i] = uniform() }
        var start = 0
        while start + 16 <= n {
            T.transformBlock(data + start, mean: mean, std: std)
            start += 16
        }
        if n % 16 != 0 {
            let tail = data + (n - 16)
            for i in 0..<16 { tail[i] = uniform() }
            T.transformBlock(tail, mean: mean, std: std)
        }
    }

    /// `torch.bernoulli(p)`: 1 with probability `p[i]`, else 0, in `p`'s dtype. As PyTorch's
    /// CPU kernel: one uniform per element (float precision for float32 `p`, double for
    /// float64), compared with the probability.
    public static func bernoulli(_ probabilities: NDArray) throws -> NDArray {
        guard probabilities.dtype.isFloatingPoint else {
            throw TensorError(.notImplemented, "\"bernoulli_tensor_cpu_p_\" not implemented for '\(probabilities.dtype.kernelName)'")
        }
        let out = try NDArray(zeros: probabilities.shape, dtype: probabilities.dtype)
        var i = 0
        var invalid = false
        probabilities.forEachOffset { off in
            let p: Double = probabilities.scalar(atStorageOffset: off).doubleValue
            if !(p >= 0 && p <= 1) { invalid = true }
            let u: Double = probabilities.dtype == .float64 ? RandomSource.uniformDouble() : Double(RandomSource.uniformFloat())
            out.setScalar(.float(u < p ? 1 : 0), atLinear: i)
            i += 1
        }
        if invalid { throw TensorError.runtime("Expected p_in >= 0 && p_in <= 1 to be true, but got false.") }
        return out
    }

    /// `x.bernoulli_(p)`: every element becomes 1 with probability `p`, else 0. PyTorch builds
    /// with MKL draw these from MKL's own stream, so the values differ from PyTorch's while the
    /// distribution is the same; this is PyTorch's portable path (a double uniform per element).
    public func fillBernoulli(probability p: Double) throws {
        guard p >= 0 && p <= 1 else {
            throw TensorError.runtime("bernoulli_ expects p to be in [0, 1], but got p=\(p)")
        }
        if dtype.isComplex {
            throw TensorError(.notImplemented, "\"bernoulli_scalar_cpu_\" not implemented for '\(dtype.kernelName)'")
        }
        forEachOffset { off in
            setScalar(.int(RandomSource.uniformDouble() < p ? 1 : 0), atStorageOffset: off)
        }
        storage.version += 1
    }

    /// `torch.randint(low, high, size)`: integers uniform in [low, high), as `dtype`.
    public static func randint(low: Int64, high: Int64, _ shape: [Int], dtype: DType) throws -> NDArray {
        guard low < high else {
            throw TensorError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        if dtype.isComplex {
            throw TensorError(.notImplemented, "\"random_from_to_kernel_cpu\" not implemented for '\(dtype.kernelName)'")
        }
        let out = try NDArray(zeros: shape, dtype: dtype)
        let range = UInt64(bitPattern: high &- low)
        // Wide ranges take 64 bits per draw, but only for the dtypes PyTorch allows it.
        let wide = range >= (1 << 32) && (dtype == .int64 || dtype == .float32 || dtype == .float64)
        for i in 0..<out.count {
            let draw: UInt64 = wide ? RandomSource.engine.next64() : UInt64(RandomSource.engine.next())
            let value = Int64(bitPattern: (draw % range) &+ UInt64(bitPattern: low))
            out.setScalar(.int(value), atLinear: i)
        }
        return out
    }

    /// `torch.randperm(n)`: a random permutation of 0..<n, by PyTorch's swap-with-a-later-entry
    /// shuffle (one 32-bit draw per position).
    public static func randperm(_ n: Int, dtype: DType) throws -> NDArray {
        guard n >= 0 else { throw TensorError.runtime("n must be non-negative, got\(n)") }
        if dtype == .bool || dtype.isComplex {
            throw TensorError(.notImplemented, "\"randperm_cpu\" not implemented for '\(dtype.kernelName)'")
        }
        // Allocate through NDArray so that an enormous n is a MemoryError, not a crash.
        let out = try NDArray(zeros: [n], dtype: .int64)
        let values = out.pointer(as: Int64.self)
        for i in 0..<n { values[i] = Int64(i) }
        if n > 1 {
            for i in 0..<(n - 1) {
                let z = Int(UInt64(RandomSource.engine.next()) % UInt64(n - i))
                let saved = values[i]
                values[i] = values[z + i]
                values[z + i] = saved
            }
        }
        return dtype == .int64 ? out : try out.converted(to: dtype)
    }
}

/// PyTorch's `normal_fill_16`: uniforms in place become normals, pairing element j with j + 8.
protocol BoxMuller: Element {
    static func transformBlock(_ data: UnsafeMutablePointer<Self>, mean: Self, std: Self)
}

extension Float: BoxMuller {
    static func transformBlock(_ data: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        for j in 0..<8 {
            let u1: Float = 1 - data[j]
            let u2: Float = data[j + 8]
            let radius: Float = (-2 * Foundation.log(u1)).squareRoot()
            // The angle is formed in double and then rounded to float, as PyTorch's is.
            let theta = Float(2.0 * Double.pi * Double(u2))
            data[j] = radius * Foundation.cos(theta) * std + mean
            data[j + 8] = radius * Foundation.sin(theta) * std + mean
        }
    }
}

extension Double: BoxMuller {
    static func transformBlock(_ data: UnsafeMutablePointer<Double>, mean: Double, std: Double) {
        for j in 0..<8 {
            let u1: Double = 1 - data[j]
            let u2: Double = data[j + 8]
            let radius: Double = (-2 * Foundation.log(u1)).squareRoot()
            let theta: Double = 2.0 * Double.pi * u2
            data[j] = radius * Foundation.cos(theta) * std + mean
            data[j + 8] = radius * Foundation.sin(theta) * std + mean
        }
    }
}
