import Foundation

extension NDArray {
    /// `torch.multinomial(input, num_samples, replacement)`: category indices drawn with the
    /// weights in each row of `probabilities` (1-d, or 2-d for one draw set per row); int64.
    ///
    /// With replacement and more than one sample this is PyTorch's CPU algorithm exactly (a
    /// double uniform per sample, located by binary search in the normalized cumulative
    /// weights), so seeded results match PyTorch. Otherwise PyTorch ranks p / E with E ~ Exp(1)
    /// (the exponential-race form of Gumbel top-k); the same ranking is used here, but
    /// PyTorch's MKL builds draw E from MKL's own stream, so those values differ from PyTorch's
    /// while the distribution is the same.
    public static func multinomial(_ probabilities: NDArray, numSamples: Int, replacement: Bool) throws -> NDArray {
        guard probabilities.rank == 1 || probabilities.rank == 2 else {
            throw TensorError.runtime("prob_dist must be 1 or 2 dim")
        }
        guard probabilities.dtype.isFloatingPoint else {
            throw TensorError.runtime("multinomial only supports floating-point dtypes for input, got: \(probabilities.dtype.kernelName)")
        }
        guard numSamples > 0 else { throw TensorError.runtime("cannot sample n_sample <= 0 samples") }
        let categories = probabilities.shape[probabilities.rank - 1]
        guard replacement || numSamples <= categories else {
            throw TensorError.runtime("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        }
        guard categories <= 1 << 24 else { throw TensorError.runtime("number of categories cannot exceed 2^24") }
        let rows = probabilities.rank == 2 ? probabilities.shape[0] : 1
        let shape = probabilities.rank == 2 ? [rows, numSamples] : [numSamples]
        let out = try NDArray(zeros: shape, dtype: .int64)
        let result = out.pointer(as: Int64.self)
        let weights = probabilities.doubles
        let single = probabilities.dtype == .float32
        for r in 0..<rows {
            let row = Array(weights[(r * categories)..<(r * categories + categories)])
            for w in row {
                if w < 0 { throw TensorError.runtime("invalid multinomial distribution (encountering probability entry < 0)") }
                if !w.isFinite { throw TensorError.runtime("invalid multinomial distribution (encountering probability entry = infinity or NaN)") }
            }
            let picks: [Int]
            if replacement && numSamples > 1 {
                picks = try drawWithReplacement(row, count: numSamples, single: single)
            } else {
                picks = try drawByExponentialRace(row, count: numSamples, single: single)
            }
            for (j, k) in picks.enumerated() { result[r * numSamples + j] = Int64(k) }
        }
        return out
    }

    /// PyTorch's `multinomial_with_replacement_apply`: cumulative sums in the input's
    /// precision, normalized, the last bucket forced to 1, then a binary search per sample.
    private static func drawWithReplacement(_ weights: [Double], count: Int, single: Bool) throws -> [Int] {
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        var sum: Double = 0
        for w in weights {
            sum = single ? Double(Float(sum) + Float(w)) : sum + w
            cumulative.append(sum)
        }
        guard sum > 0 else { throw TensorError.runtime("invalid multinomial distribution (sum of probabilities <= 0)") }
        for j in 0..<cumulative.count {
            cumulative[j] = single ? Double(Float(cumulative[j]) / Float(sum)) : cumulative[j] / sum
        }
        cumulative[cumulative.count - 1] = 1
        var picks: [Int] = []
        picks.reserveCapacity(count)
        for _ in 0..<count {
            let u = RandomSource.uniformDouble()
            var left = 0, right = cumulative.count
            while right - left > 0 {
                let mid = left + (right - left) / 2
                if cumulative[mid] < u { left = mid + 1 } else { right = mid }
            }
            picks.append(left)
        }
        return picks
    }

    /// The `count` largest p / E with E ~ Exp(1), largest first (argmax for one sample).
    private static func drawByExponentialRace(_ weights: [Double], count: Int, single: Bool) throws -> [Int] {
        guard weights.contains(where: { $0 > 0 }) else {
            throw TensorError.runtime("invalid multinomial distribution (sum of probabilities <= 0)")
        }
        guard weights.filter({ $0 > 0 }).count >= count else {
            throw TensorError.runtime("invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)")
        }
        var keys: [(key: Double, index: Int)] = []
        keys.reserveCapacity(weights.count)
        for (i, w) in weights.enumerated() {
            // PyTorch's portable exponential transform: −log1p(−u) for u ~ U[0, 1).
            let u: Double = single ? Double(RandomSource.uniformFloat()) : RandomSource.uniformDouble()
            let e: Double = -Foundation.log1p(-u)
            keys.append((w / e, i))
        }
        keys.sort { $0.key > $1.key || ($0.key == $1.key && $0.index < $1.index) }
        return keys.prefix(count).map(\.index)
    }
}
