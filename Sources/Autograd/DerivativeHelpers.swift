import Foundation
import TensorCore

/// Helpers that several derivative records' formulas share (the records themselves are in
/// Records*.swift, one per operation).
extension Node {
    static func containsZero(_ x: Tensor) throws -> Bool {
        let zeros = try NDArray.binary(.eq, .array(x.data), .scalar(.int(0)))
        return try zeros.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue
    }

    /// For each element, the product of the other elements of its reduction group, without
    /// dividing (so zeros are exact): exclusive cumulative products from both ends.
    static func productOfOthers(_ x: Tensor, dims: [Int]) throws -> Tensor {
        let shape = x.shape
        let kept = (0..<shape.count).filter { !dims.contains($0) }
        let perm = kept + dims
        let keptSizes = kept.map { shape[$0] }
        let reducedSizes = dims.map { shape[$0] }
        let n = reducedSizes.reduce(1, *)
        let flat = try x.permuted(perm).reshaped(keptSizes + [n])
        let one = Tensor(try NDArray.full(keptSizes + [1], .int(1), dtype: x.dtype))
        let left = try Tensor.cat([one, flat.cumulative(.prod, dim: -1).narrowed(dim: -1, start: 0, length: n - 1)], dim: -1)
        let reversed = try flat.flipped([-1]).cumulative(.prod, dim: -1).narrowed(dim: -1, start: 0, length: n - 1)
        let right = try Tensor.cat([one, reversed], dim: -1).flipped([-1])
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, d) in perm.enumerated() { inverse[d] = i }
        return try left.mul(right).reshaped(keptSizes + reducedSizes).permuted(inverse)
    }

    /// Townsend's SVD derivative, split by factor (the total is linear in the factors'
    /// gradients): for U, U (F∘(UᵀŪ − ŪᵀU)) S Vᵀ + (I − UUᵀ) Ū S⁻¹ Vᵀ; for Vh (V̄ = ḡᵀ),
    /// U S (F∘(VᵀV̄ − V̄ᵀV)) Vᵀ + U S⁻¹ V̄ᵀ (I − VVᵀ), with F_ij = 1/(s_j² − s_i²) off the diagonal.
    static func singularVectorGradient(_ g: Tensor, isU: Bool, u: Tensor, s: Tensor, vh: Tensor) throws -> Tensor {
        let k = s.shape.last ?? 0
        let eye = Tensor(try NDArray.eye(k, k, dtype: s.dtype))
        let s2 = try s.mul(s)
        let gaps = try s2.unsqueezed(-2).sub(s2.unsqueezed(-1)).add(eye)
        let offDiagonal = try eye.subtracted(from: 1)
        let f = try offDiagonal.div(gaps)
        let sInverse = try s.unary(.reciprocal)
        if isU {
            let utg = try Tensor.matmul(u.mT(), g)
            let j = try f.mul(utg.sub(utg.mT()))
            let core = try Tensor.matmul(Tensor.matmul(u, j.mul(s.unsqueezed(-2))), vh)
            let m = u.shape[u.rank - 2]
            let projector = try Tensor(try NDArray.eye(m, m, dtype: s.dtype)).sub(Tensor.matmul(u, u.mT()))
            let extra = try Tensor.matmul(Tensor.matmul(projector, g.mul(sInverse.unsqueezed(-2))), vh)
            return try core.add(extra)
        }
        let vtvbar = try Tensor.matmul(vh, g.mT())
        let kMatrix = try f.mul(vtvbar.sub(vtvbar.mT()))
        let core = try Tensor.matmul(Tensor.matmul(u, kMatrix.mul(s.unsqueezed(-1))), vh)
        let n = vh.shape[vh.rank - 1]
        let projector = try Tensor(try NDArray.eye(n, n, dtype: s.dtype)).sub(Tensor.matmul(vh.mT(), vh))
        let extra = try Tensor.matmul(u, Tensor.matmul(g.mul(sInverse.unsqueezed(-1)), projector))
        return try core.add(extra)
    }

    /// Rules whose constants would need their own derivatives for a second order refuse it.
    static func refuseSecondOrder(_ what: String) throws {
        if GradMode.isEnabled {
            throw TensorError(.notImplemented, "the second derivative of \(what) is not implemented in tcalc")
        }
    }

    /// cumprod's gradient where the input holds zeros (dividing by x is then undefined):
    /// d out_k / d x_i is the product of x_j for j ≤ k, j ≠ i, so slice i of the gradient is
    /// Σ_{k ≥ i} g_k · cumprod(x with x_i set to 1)_k. Quadratic in the length of `dim`, and
    /// built from differentiable operations like every rule.
    static func cumprodGradientWithZeros(_ g: Tensor, _ x: Tensor, dim: Int) throws -> Tensor {
        let d = try x.data.normalizedDim(dim)
        let n = x.shape[d]
        var slices: [Tensor] = []
        for i in 0..<n {
            var maskShape = [Int](repeating: 1, count: x.rank)
            maskShape[d] = n
            let oneHot = try NDArray(zeros: maskShape, dtype: .bool)
            oneHot.setScalar(.bool(true), atLinear: i)
            let xi = try Tensor.whereSelect(Tensor(oneHot), .scalar(.int(1)), .tensor(x))
            let weighted = try g.mul(xi.cumulative(.prod, dim: d)).narrowed(dim: d, start: i, length: n - i)
            slices.append(try weighted.sum(dims: [d], keepdim: false))
        }
        return try Tensor.stack(slices, dim: d)
    }

    /// Σ_{j ≥ i} g_j along `dim`, from differentiable operations.
    static func reverseCumsum(_ g: Tensor, dim: Int) throws -> Tensor {
        let total = try g.sum(dims: [dim], keepdim: true)
        return try total.sub(g.cumulative(.sum, dim: dim)).add(g)
    }

    /// The gradient of a selection: each input element receives the sum of the gradients of the
    /// output elements that came from it.
    static func selectionGradient(_ g: Tensor, shape: [Int], select: (NDArray) throws -> NDArray) throws -> Tensor {
        let count = shape.reduce(1, *)
        let numbers = try Tensor.elementNumbers(shape, zeroBased: false)
        let picked = try select(numbers)
        if picked.count == 0 || count == 0 {
            return Tensor(try NDArray(zeros: shape, dtype: g.dtype))
        }
        let smallest = try picked.reduce(.amin, dims: nil, keepdim: false, dtype: nil).item().int64Value
        var values = g
        var positions = picked
        if smallest <= 0 {
            // Zeros mark output elements that came from no input element (tril, masked_fill).
            let mask = try NDArray.binary(.gt, .array(picked), .scalar(.int(0)))
            values = try g.subscripted([.array(mask)])
            positions = try picked.subscripted([.array(mask)])
        }
        let zeroBased = try NDArray.binary(.sub, .array(positions), .scalar(.int(1)))
        return try Tensor.scatterAddFlat(values, positions: zeroBased, count: count).reshaped(shape)
    }

    /// d/d operand i of einsum: the output's gradient contracted with the other operands onto
    /// operand i's subscripts; letters that appear nowhere else were summed, so the result is
    /// expanded along them.
    func einsumGradient(_ g: Tensor, operand i: Int, inputs: [String], output: String,
                                saved: [Tensor]) throws -> Tensor {
        let mine = Array(inputs[i])
        let shape = inputShape(i)
        guard Set(mine).count != mine.count else {
            return try einsumGradient(g, subscripts: mine, shape: shape, operand: i, inputs: inputs, output: output, saved: saved)
        }
        // A repeated subscript ('ii->') reads a generalized diagonal D of the operand: take the
        // gradient with respect to D, then spread it back onto that diagonal, pairing each
        // repeat with a fresh letter through an identity matrix: einsum('i,ia->ia', dD, eye).
        var distinct: [Character] = []
        for c in mine where !distinct.contains(c) { distinct.append(c) }
        let diagonalShape = distinct.map { c in shape[mine.firstIndex(of: c) ?? 0] }
        let gDiagonal = try einsumGradient(g, subscripts: distinct, shape: diagonalShape, operand: i,
                                           inputs: inputs, output: output, saved: saved)
        let used = Set(inputs.joined() + output)
        var fresh = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".filter { !used.contains($0) })
        var full: [Character] = [], eyeSubscripts: [String] = [], eyes: [Tensor] = []
        var seen = Set<Character>()
        for (position, c) in mine.enumerated() {
            if seen.insert(c).inserted { full.append(c); continue }
            guard !fresh.isEmpty else { throw TensorError.runtime("einsum: too many subscripts to differentiate") }
            let f = fresh.removeFirst()
            full.append(f)
            eyeSubscripts.append(String([c, f]))
            eyes.append(Tensor(try NDArray.eye(shape[position], nil, dtype: g.dtype)))
        }
        let equation = ([String(distinct)] + eyeSubscripts).joined(separator: ",") + "->" + String(full)
        return try Tensor.einsum(equation, [gDiagonal] + eyes)
    }

    /// The gradient of the einsum operand `i`, read with distinct `subscripts` and of `shape`.
    private func einsumGradient(_ g: Tensor, subscripts mine: [Character], shape: [Int], operand i: Int,
                                inputs: [String], output: String, saved: [Tensor]) throws -> Tensor {
        var available = Set(output)
        var otherSubscripts: [String] = []
        var others: [Tensor] = []
        for (j, s) in inputs.enumerated() where j != i {
            available.formUnion(s)
            otherSubscripts.append(s)
            others.append(saved[j])
        }
        let target = String(mine.filter { available.contains($0) })
        let equation = ([output] + otherSubscripts).joined(separator: ",") + "->" + target
        var r = try Tensor.einsum(equation, [g] + others)
        for (position, letter) in mine.enumerated() where !available.contains(letter) {
            r = try r.unsqueezed(position)
        }
        return r.shape == shape ? r : try r.expanded(to: shape)
    }
}
