extension NDArray {
    /// `torch.einsum`: sums of products named by subscripts, explicit (`"ij,jk->ik"`) or implicit
    /// (`"ij,jk"`: the output is every subscript used once, in alphabetical order). `...` stands
    /// for broadcast dimensions; a subscript repeated within one operand takes its diagonal.
    ///
    ///     >>> torch.einsum("ii", torch.eye(3))
    ///     tensor(3.)
    public static func einsum(_ equation: String, _ operands: [NDArray]) throws -> NDArray {
        let plan = try EinsumPlan(equation: equation, operands: operands)
        return try plan.evaluate(operands)
    }
}

/// A parsed einsum equation, with every subscript (and every dimension hidden in an ellipsis)
/// turned into a numeric label and given its size.
struct EinsumPlan {
    /// Per operand, the label of each dimension.
    var inputLabels: [[Int]] = []
    var outputLabels: [Int] = []
    /// Labels summed over (in no output position).
    var contracted: [Int] = []
    var sizes: [Int: Int] = [:]

    /// Labels 0..<128 are ASCII letters; ellipsis dimensions use 128 + position.
    private static let ellipsisBase = 128

    init(equation: String, operands: [NDArray]) throws {
        let text = equation.filter { $0 != " " }
        let parts = text.components(separatedBy: "->")
        guard parts.count <= 2 else { throw TensorError.value("einsum(): more than one '->' found in the equation") }
        let inputs = parts[0].components(separatedBy: ",")
        if inputs.count > operands.count {
            throw TensorError.value("einsum(): fewer operands were provided than specified in the equation")
        }
        if inputs.count < operands.count {
            throw TensorError.value("einsum(): more operands were provided than specified in the equation")
        }
        // Parse every operand's subscripts; an ellipsis expands to the dimensions not named.
        var parsed: [(letters: [Int], ellipsisAt: Int?)] = []
        var ellipsisRank = 0
        for (i, term) in inputs.enumerated() {
            let (letters, at) = try EinsumPlan.parseTerm(term)
            let rank = operands[i].rank
            if at == nil && letters.count != rank {
                throw TensorError.runtime("einsum(): the number of subscripts in the equation (\(letters.count)) does not match the number of dimensions (\(rank)) for operand \(i) and no ellipsis was given")
            }
            if at != nil && letters.count > rank {
                throw TensorError.runtime("einsum(): the number of subscripts in the equation (\(letters.count)) is more than the number of dimensions (\(rank)) for operand \(i)")
            }
            if at != nil { ellipsisRank = Swift.max(ellipsisRank, rank - letters.count) }
            parsed.append((letters, at))
        }
        var counts: [Int: Int] = [:]
        for (i, term) in parsed.enumerated() {
            var labels = term.letters
            if let at = term.ellipsisAt {
                let hidden = operands[i].rank - term.letters.count
                // Right-aligned, so that ellipsis dimensions broadcast like numpy shapes.
                let ids = (0..<hidden).map { EinsumPlan.ellipsisBase + ellipsisRank - hidden + $0 }
                labels.insert(contentsOf: ids, at: at)
            }
            for l in term.letters { counts[l, default: 0] += 1 }
            inputLabels.append(labels)
        }
        let ellipsisIDs = (0..<ellipsisRank).map { EinsumPlan.ellipsisBase + $0 }
        if parts.count == 2 {
            let (letters, at) = try EinsumPlan.parseTerm(parts[1])
            var seen = Set<Int>()
            for l in letters {
                let name = String(UnicodeScalar(UInt8(l)))
                guard counts[l] != nil else {
                    throw TensorError.value("einsum(): output subscript \(name) does not appear in the equation for any input operand")
                }
                guard seen.insert(l).inserted else {
                    throw TensorError.value("einsum(): output subscript \(name) appears more than once in the output")
                }
            }
            outputLabels = letters
            if let at = at {
                outputLabels.insert(contentsOf: ellipsisIDs, at: at)
            }
        } else {
            outputLabels = ellipsisIDs + counts.filter { $0.value == 1 }.map(\.key).sorted()
        }
        // Sizes: a size-1 dimension broadcasts against any other size of the same label.
        for (i, labels) in inputLabels.enumerated() {
            var within: [Int: Int] = [:]
            for (d, l) in labels.enumerated() {
                let size = operands[i].shape[d]
                if let first = within[l], first != size {
                    throw TensorError.runtime("einsum(): subscript \(EinsumPlan.name(l)) is repeated for operand \(i) but the sizes don't match, \(first) != \(size)")
                }
                within[l] = size
                if let known = sizes[l], known != size {
                    if known == 1 { sizes[l] = size } else if size != 1 {
                        throw TensorError.runtime("einsum(): operands do not broadcast: subscript \(EinsumPlan.name(l)) has size \(size) for operand \(i) which does not broadcast with previously seen size \(known)")
                    }
                } else if sizes[l] == nil {
                    sizes[l] = size
                }
            }
        }
        let outputSet = Set(outputLabels)
        contracted = sizes.keys.filter { !outputSet.contains($0) }.sorted()
    }

    private static func name(_ label: Int) -> String {
        label < ellipsisBase ? String(UnicodeScalar(UInt8(label))) : "..."
    }

    /// Letters as ASCII codes, and where `...` stood (as an index into the letters).
    private static func parseTerm(_ term: String) throws -> ([Int], Int?) {
        var letters: [Int] = []
        var ellipsisAt: Int? = nil
        let chars = Array(term.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                guard i + 2 < chars.count, chars[i + 1] == ".", chars[i + 2] == ".", ellipsisAt == nil else {
                    throw TensorError.value("einsum(): found '.' for operand that is not part of any ellipsis")
                }
                ellipsisAt = letters.count
                i += 3
                continue
            }
            guard c.isASCII, (c.properties.isAlphabetic) else {
                throw TensorError.value("einsum(): invalid subscript given at index \(i) in the equation string, subscripts must be in [a-zA-Z]")
            }
            letters.append(Int(c.value))
            i += 1
        }
        return (letters, ellipsisAt)
    }

    /// Sums the products, iterating every combination of label values (output labels outer,
    /// contracted labels inner). Accumulates in Double for floating dtypes, Int64 for integers.
    func evaluate(_ operands: [NDArray]) throws -> NDArray {
        var dtype = operands.first?.dtype ?? .float32
        for op in operands.dropFirst() { dtype = DType.promote(dtype, op.dtype) }
        if operands.count == 2, let product = try contractPair(operands, dtype: dtype) { return product }
        if dtype.isComplex { throw TensorError.runtime("einsum(): complex operands are not supported") }
        let order = outputLabels + contracted
        let extents: [Int] = order.map { sizes[$0] ?? 1 }
        // Per operand and per label, how far one step of that label moves in the operand.
        var steps: [[Int]] = []
        var floatValues: [[Double]] = []
        var intValues: [[Int64]] = []
        for (i, op) in operands.enumerated() {
            let strides = NDArray.contiguousStrides(op.shape)
            var step = [Int](repeating: 0, count: order.count)
            for (d, l) in inputLabels[i].enumerated() where op.shape[d] != 1 {
                if let position = order.firstIndex(of: l) { step[position] += strides[d] }
            }
            steps.append(step)
            if dtype.isFloatingPoint { floatValues.append(op.doubles) } else { intValues.append(op.scalars.map(\.int64Value)) }
        }
        let outShape: [Int] = outputLabels.map { sizes[$0] ?? 1 }
        let outCount = try NDArray.checkedCount(outShape)
        let innerCount = try NDArray.checkedCount(contracted.map { sizes[$0] ?? 1 })
        let (total, overflow) = outCount.multipliedReportingOverflow(by: innerCount)
        if overflow || outCount > Storage.allocationLimit / 8 {
            throw TensorError(.memory, "einsum(): the result or the summation is too large")
        }
        var positions = [Int](repeating: 0, count: operands.count)
        var index = [Int](repeating: 0, count: order.count)
        var floats = [Double](repeating: 0, count: dtype.isFloatingPoint ? outCount : 0)
        var ints = [Int64](repeating: 0, count: dtype.isFloatingPoint ? 0 : outCount)
        for linear in 0..<total {
            let out = linear / Swift.max(innerCount, 1)
            if dtype.isFloatingPoint {
                var product: Double = 1
                for o in 0..<operands.count { product *= floatValues[o][positions[o]] }
                floats[out] += product
            } else {
                var product: Int64 = 1
                for o in 0..<operands.count { product = product &* intValues[o][positions[o]] }
                ints[out] = ints[out] &+ product
            }
            // Advance the odometer over all labels, moving every operand's position with it.
            var d = order.count - 1
            while d >= 0 {
                index[d] += 1
                for o in 0..<operands.count { positions[o] += steps[o][d] }
                if index[d] < extents[d] { break }
                for o in 0..<operands.count { positions[o] -= steps[o][d] * extents[d] }
                index[d] = 0
                d -= 1
            }
        }
        if dtype.isFloatingPoint {
            if dtype == .float64 { return try NDArray(floats, shape: outShape) }
            return try NDArray(floats.map { Float($0) }, shape: outShape)
        }
        let result = try NDArray(ints, shape: outShape)
        return dtype == .int64 ? result : try result.converted(to: dtype)
    }

    /// Two operands without diagonals or broadcasting: one batched matrix product. Labels fall
    /// into batch (both operands and the output), left (first operand and output), right
    /// (second operand and output) and contracted (both operands, not the output); each operand
    /// is permuted and copied once so the product is a single `bmm`. Nil when the equation does
    /// not have that form (the general loop handles it).
    private func contractPair(_ operands: [NDArray], dtype: DType) throws -> NDArray? {
        if dtype == .bool { return nil }
        let a = inputLabels[0], b = inputLabels[1]
        guard Set(a).count == a.count, Set(b).count == b.count else { return nil }
        for (labels, op) in [(a, operands[0]), (b, operands[1])] {
            for (d, l) in labels.enumerated() where op.shape[d] != sizes[l] { return nil }
        }
        let output = Set(outputLabels)
        let batch = outputLabels.filter { a.contains($0) && b.contains($0) }
        let left = outputLabels.filter { a.contains($0) && !b.contains($0) }
        let right = outputLabels.filter { b.contains($0) && !a.contains($0) }
        let summed = a.filter { b.contains($0) && !output.contains($0) }
        // A label summed within one operand alone would need a reduction first.
        guard a.allSatisfy({ output.contains($0) || b.contains($0) }),
              b.allSatisfy({ output.contains($0) || a.contains($0) }) else { return nil }
        func size(_ labels: [Int]) -> Int { labels.reduce(1) { $0 * (sizes[$1] ?? 1) } }
        func arranged(_ op: NDArray, _ labels: [Int], _ order: [Int], _ shape: [Int]) throws -> NDArray {
            let converted = op.dtype == dtype ? op : try op.converted(to: dtype)
            let positions: [Int] = order.compactMap { labels.firstIndex(of: $0) }
            let permuted = converted.viewing(shape: positions.map { converted.shape[$0] },
                                             strides: positions.map { converted.strides[$0] })
            let packed = try permuted.contiguous()
            return packed.viewing(shape: shape, strides: NDArray.contiguousStrides(shape))
        }
        let nb = size(batch), nl = size(left), nr = size(right), nc = size(summed)
        let lhs = try arranged(operands[0], a, batch + left + summed, [nb, nl, nc])
        let rhs = try arranged(operands[1], b, batch + summed + right, [nb, nc, nr])
        let product = try NDArray.batchedProduct(lhs, rhs)
        // The product's labels are batch + left + right; put them in the output's order.
        let produced = batch + left + right
        let shape: [Int] = produced.map { sizes[$0] ?? 1 }
        let strides = NDArray.contiguousStrides(shape)
        let positions: [Int] = outputLabels.compactMap { produced.firstIndex(of: $0) }
        let view = product.viewing(shape: positions.map { shape[$0] }, strides: positions.map { strides[$0] })
        return try view.contiguous()
    }
}
