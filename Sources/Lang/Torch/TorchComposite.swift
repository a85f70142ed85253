import Autograd
import Foundation
import TensorCore

/// Functions PyTorch has that are compositions of the engine's differentiable operations:
/// `fmod`, `clamp_min`/`clamp_max`, `float_power`, `logaddexp`, `exp2`, `meshgrid`,
/// `repeat_interleave`, `cross`, `tensordot`, `addmm`, `column_stack`, `atleast_*d`, the
/// triangle index helpers, counting (`bincount`, `histc`, `bucketize`, `searchsorted`) and the
/// in-place and out-of-place index writers (`scatter_`, `scatter_add`, `index_fill`,
/// `index_add_`, `index_put`).
enum TorchComposite {
    static func register(_ t: TorchTable) {
        registerElementwise(t)
        registerJoining(t)
        registerCounting(t)
        registerIndexWriters(t)
    }

    /// C's fmod: the remainder with the dividend's sign (Python's % keeps the divisor's).
    static func fmod(_ x: Tensor, _ other: TensorOperand) throws -> Tensor {
        let r = try Tensor.binary(.remainder, .tensor(x), other)
        let nonzero = try Tensor.binary(.ne, .tensor(r), .scalar(.int(0)))
        let rNeg = try Tensor.binary(.lt, .tensor(r), .scalar(.int(0)))
        let xNeg = try Tensor.binary(.lt, .tensor(x), .scalar(.int(0)))
        let differ = try Tensor.binary(.logicalXor, .tensor(rNeg), .tensor(xNeg))
        let fix = try Tensor.binary(.logicalAnd, .tensor(nonzero), .tensor(differ))
        let shifted = try Tensor.binary(.sub, .tensor(r), other)
        return try Tensor.whereSelect(fix, .tensor(shifted), .tensor(r))
    }

    static func registerElementwise(_ t: TorchTable) {
        t.add("fmod(input, other)", doc: "Remainder of input / other with the sign of input (C's fmod).", grad: .differentiable) { a in
            .object(try fmod(try a.tensor(), try a.operand()))
        }
        t.add("fmod_(input, other)", .method, doc: "In place: fmod(input, other).", grad: .differentiable) { a in
            let x = try a.tensor()
            let other = try a.operand()
            try x.overwrite { try fmod($0, other) }
            return .object(x)
        }
        for (name, isMin) in [("clamp_min", true), ("clamp_max", false)] {
            let bound = isMin ? "min" : "max"
            t.add("\(name)(input, \(bound))", doc: "clamp(input, \(bound)=\(bound)).", grad: .differentiable) { a in
                let b = try a.operand(bound)
                return .object(try a.tensor().clamp(min: isMin ? b : nil, max: isMin ? nil : b))
            }
            t.add("\(name)_(input, \(bound))", .method, doc: "In place: clamp(input, \(bound)=\(bound)).", grad: .differentiable) { a in
                let x = try a.tensor(), b = try a.operand(bound)
                try x.overwrite { try $0.clamp(min: isMin ? b : nil, max: isMin ? nil : b) }
                return .object(x)
            }
        }
        t.add("float_power(input, exponent)", doc: "input ** exponent computed in float64.", grad: .differentiable) { a in
            let x = try a.tensor().converted(to: .float64)
            var e = try a.operand("exponent")
            if case .tensor(let et) = e { e = .tensor(try et.converted(to: .float64)) }
            if case .scalar(let s) = e { e = .scalar(.float(s.doubleValue)) }
            return .object(try Tensor.binary(.pow, .tensor(x), e))
        }
        t.add("exp2(input)", doc: "2 to the power input.", grad: .differentiable) { a in
            let x = try a.tensor()
            let base: Scalar = x.dtype.isFloatingPoint ? .float(2) : .float(2)
            return .object(try Tensor.binary(.pow, .scalar(base), .tensor(x)))
        }
        t.add("logaddexp(input, other)", doc: "log(exp(input) + exp(other)), computed stably.", grad: .differentiable) { a in
            let x = try a.tensor(), y = try a.tensor("other")
            let m = try Tensor.binary(.maximum, .tensor(x), .tensor(y))
            // Where both are the same infinity, m - m is NaN: use m itself there.
            let same = try Tensor.binary(.eq, .tensor(x), .tensor(y))
            let dx = try Tensor.binary(.sub, .tensor(x), .tensor(m)), dy = try Tensor.binary(.sub, .tensor(y), .tensor(m))
            let s = try Tensor.binary(.add, .tensor(try dx.unary(.exp)), .tensor(try dy.unary(.exp)))
            let out = try Tensor.binary(.add, .tensor(m), .tensor(try s.unary(.log)))
            let inf = try Tensor.binary(.logicalAnd, .tensor(same), .tensor(try m.unary(.isinf)))
            return .object(try Tensor.whereSelect(inf, .tensor(m), .tensor(out)))
        }
        t.add("addmm(input, mat1, mat2, *, beta=1, alpha=1)", doc: "beta * input + alpha * (mat1 @ mat2).", grad: .differentiable) { a in
            let bias = try a.tensor(), m1 = try a.tensor("mat1"), m2 = try a.tensor("mat2")
            if case .int(1) = a["beta"], case .int(1) = a["alpha"] { return .object(try Tensor.addmm(bias, m1, m2)) }
            let prod = try Tensor.binary(.mul, .tensor(try Tensor.mm(m1, m2)), try a.operand("alpha"))
            let b = try Tensor.binary(.mul, .tensor(bias), try a.operand("beta"))
            return .object(try Tensor.binary(.add, .tensor(b), .tensor(prod)))
        }
    }

    static func registerJoining(_ t: TorchTable) {
        t.add("meshgrid(*tensors, indexing=None)", .function,
              doc: "Coordinate grids from 1-d tensors ('ij' indexing by default, or 'xy').", grad: .differentiable) { a in
            var ts = a.varArgs
            if ts.count == 1, !isTensor(ts[0]) { ts = try a.interp.iterate(ts[0]) }
            let tensors = try ts.map { try TorchConvert.tensor($0, function: "meshgrid", argument: "tensors") }
            guard !tensors.isEmpty else { throw TensorError.runtime("torch.meshgrid expects a non-empty TensorList") }
            let indexing = try a.optionalString("indexing") ?? "ij"
            guard indexing == "ij" || indexing == "xy" else {
                throw TensorError.runtime("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: \(indexing)")
            }
            for x in tensors where x.rank > 1 {
                throw TensorError.runtime("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: \(x.shape)")
            }
            var flat = try tensors.map { try $0.reshaped([-1]) }
            let swap = indexing == "xy" && flat.count >= 2
            if swap { flat.swapAt(0, 1) }
            let shape = flat.map { $0.shape[0] }
            var grids = try flat.enumerated().map { i, x -> Tensor in
                var view = Array(repeating: 1, count: shape.count)
                view[i] = shape[i]
                return try x.reshaped(view).expanded(to: shape)
            }
            if swap { grids = try grids.map { try $0.transposed(0, 1) } }
            return TorchConvert.tuple(grids)
        }
        t.add("repeat_interleave(input, repeats=None, dim=None, *, output_size=None)",
              doc: "Repeats each element (along dim, or of the flattened input) repeats times.", grad: .differentiable) { a in
            var x = try a.tensor()
            if a["repeats"].isNone {
                // repeat_interleave(repeats): the indices 0..n-1, each repeated.
                return .object(try repeatIndices(x))
            }
            var dim = try a.optionalInt("dim")
            if dim == nil { x = try x.reshaped([-1]); dim = 0 }
            let d = try x.data.existingDim(dim ?? 0)
            let n = x.shape[d]
            let counts: Tensor
            if case .object(let r as Tensor) = a["repeats"] {
                counts = r.rank == 0 ? Tensor(try NDArray.full([n], try r.item(), dtype: .int64)) : r
            } else {
                counts = Tensor(try NDArray.full([n], .int(Int64(try a.int("repeats"))), dtype: .int64))
            }
            guard counts.shape == [n] else {
                throw TensorError.runtime("repeats must have the same size as input along dim, but got repeats.size(0) = \(counts.count) and input.size(\(d)) = \(n)")
            }
            return .object(try x.indexSelect(dim: d, index: try repeatIndices(counts)))
        }
        t.add("cross(input, other, dim=None)", doc: "The cross product of 3-vectors along dim (the first dim of size 3 when None).", grad: .differentiable) { a in
            let x = try a.tensor(), y = try a.tensor("other")
            let shape = try NDArray.broadcastShapes(x.shape, y.shape)
            let d: Int
            if let given = try a.optionalInt("dim") {
                d = try NDArray(zeros: shape, dtype: .bool).existingDim(given)
            } else {
                guard let first = shape.firstIndex(of: 3) else { throw TensorError.runtime("no dimension of size 3 in input") }
                d = first
            }
            return .object(try cross(try x.expanded(to: shape), try y.expanded(to: shape), dim: d))
        }
        t.add("cross(input, other, dim=-1)", .function, module: "torch.linalg", doc: "The cross product of 3-vectors along dim.", grad: .differentiable) { a in
            let x = try a.tensor(), y = try a.tensor("other")
            let shape = try NDArray.broadcastShapes(x.shape, y.shape)
            let d = try NDArray(zeros: shape, dtype: .bool).existingDim(try a.int("dim"))
            return .object(try cross(try x.expanded(to: shape), try y.expanded(to: shape), dim: d))
        }
        t.add("tensordot(a, b, dims=2)", .function, doc: "Sums products over the last dims of a and first dims of b (or the listed pairs).", grad: .differentiable) { a in
            let x = try TorchConvert.tensor(a["a"], function: "tensordot", argument: "a")
            let y = try TorchConvert.tensor(a["b"], function: "tensordot", argument: "b")
            var dx: [Int], dy: [Int]
            if let n = try a.interp.asIndex(a["dims"]) {
                guard n >= 0 && n <= min(x.rank, y.rank) else { throw TensorError.runtime("tensordot expects dims >= 0 and at most the number of dims, but got dims=\(n)") }
                dx = Array((x.rank - n)..<x.rank)
                dy = Array(0..<n)
            } else {
                let pair = try a.interp.iterate(a["dims"])
                guard pair.count == 2 else { throw PyException.typeError("tensordot(): argument 'dims' must be an int or a pair of dim lists") }
                func list(_ v: Value) throws -> [Int] {
                    if let i = try a.interp.asIndex(v) { return [i] }
                    return try a.ints(from: v)
                }
                dx = try list(pair[0]).map { try x.data.existingDim($0) }
                dy = try list(pair[1]).map { try y.data.existingDim($0) }
            }
            guard dx.count == dy.count else { throw TensorError.runtime("both dimension lists should have same length") }
            for (i, j) in zip(dx, dy) where x.shape[i] != y.shape[j] {
                throw TensorError.runtime("contracted dimensions need to match, but first has size \(x.shape[i]) in dim \(i) and second has size \(y.shape[j]) in dim \(j)")
            }
            let freeX = (0..<x.rank).filter { !dx.contains($0) }, freeY = (0..<y.rank).filter { !dy.contains($0) }
            let k = dx.reduce(1) { $0 * x.shape[$1] }
            let px = try x.permuted(freeX + dx).reshaped([freeX.reduce(1) { $0 * x.shape[$1] }, k])
            let py = try y.permuted(dy + freeY).reshaped([k, freeY.reduce(1) { $0 * y.shape[$1] }])
            let prod = try Tensor.mm(px, py)
            return .object(try prod.reshaped(freeX.map { x.shape[$0] } + freeY.map { y.shape[$0] }))
        }
        t.add("column_stack(tensors)", .function, doc: "Joins tensors as columns (1-d tensors become columns).", grad: .differentiable) { a in
            let ts = try TorchConvert.tensors(a["tensors"], a.interp, function: "column_stack").map { x -> Tensor in
                x.rank <= 1 ? try x.reshaped([x.count, 1]) : x
            }
            return .object(try Tensor.cat(ts, dim: 1))
        }
        for (name, minRank) in [("atleast_1d", 1), ("atleast_2d", 2), ("atleast_3d", 3)] {
            t.add("\(name)(*tensors)", .function, doc: "Each tensor viewed with at least \(minRank) dims.", grad: .differentiable) { a in
                var items = a.varArgs
                var single = items.count == 1
                if single, !isTensor(items[0]) {
                    switch items[0] {
                    case .list, .tuple: items = try a.interp.iterate(items[0]); single = false
                    default: throw PyException.typeError("\(name)(): argument 'tensors' must be Tensor or a sequence of Tensors, not \(items[0].typeName)")
                    }
                }
                let out = try items.map { v -> Tensor in
                    let x = try TorchConvert.tensor(v, function: name, argument: "tensors")
                    return try atLeast(x, minRank)
                }
                return single ? .object(out[0]) : TorchConvert.tuple(out)
            }
        }
        for (name, lower) in [("triu_indices", false), ("tril_indices", true)] {
            t.add("\(name)(row, col, offset=0, *, dtype=None, device=None)", .function,
                  doc: "The 2×N (row, column) indices of the \(lower ? "lower" : "upper") triangle of a row×col matrix.", grad: .notApplicable) { a in
                let rows = try a.int("row"), cols = try a.int("col"), offset = try a.int("offset")
                guard rows >= 0 else { throw TensorError.runtime("row must be non-negative, got\(rows)") }
                guard cols >= 0 else { throw TensorError.runtime("col must be non-negative, got\(cols)") }
                let (cells, overflow) = rows.multipliedReportingOverflow(by: cols)
                try checkAllocation(overflow ? Int.max : cells, itemSize: 16)
                var r: [Int64] = [], c: [Int64] = []
                for i in 0..<rows {
                    for j in 0..<cols where lower ? (j - i <= offset) : (j - i >= offset) {
                        r.append(Int64(i)); c.append(Int64(j))
                    }
                }
                let out = try NDArray(r + c, shape: [2, r.count])
                return try a.finish(try out.converted(to: try a.dtypeArg() ?? .int64))
            }
        }
    }

    /// Throws tcalc's MemoryError before a result of `count` elements is built in Swift arrays
    /// (which would trap instead of throwing).
    static func checkAllocation(_ count: Int, itemSize: Int = 8) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
        if overflow || bytes > Storage.allocationLimit {
            let shown = overflow ? "more than \(Storage.describe(bytes: Int.max))" : Storage.describe(bytes: bytes)
            throw TensorError(.memory, "cannot allocate \(shown): over tcalc's limit of \(Storage.describe(bytes: Storage.allocationLimit)) (set it with torch.set_memory_limit)")
        }
    }

    /// A double as C++ streams print it in PyTorch's messages (`inf`, `-inf`, `nan`, `1.5`).
    static func cFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return String(format: "%g", d)
    }

    static func isTensor(_ v: Value) -> Bool {
        if case .object(let o) = v, o is Tensor { return true }
        return false
    }

    static func atLeast(_ x: Tensor, _ rank: Int) throws -> Tensor {
        guard x.rank < rank else { return x }
        switch (x.rank, rank) {
        case (0, 1): return try x.reshaped([1])
        case (0, 2): return try x.reshaped([1, 1])
        case (1, 2): return try x.unsqueezed(0)
        case (0, 3): return try x.reshaped([1, 1, 1])
        case (1, 3): return try x.reshaped([1, x.shape[0], 1])
        default: return try x.unsqueezed(2)
        }
    }

    /// 0, 1, … each repeated counts[i] times (an int64 tensor).
    static func repeatIndices(_ counts: Tensor) throws -> Tensor {
        guard counts.rank == 1, counts.dtype.isInteger else {
            throw TensorError.runtime("repeat_interleave only accept 1D vector as repeat")
        }
        let repeats = counts.data.scalars.map { $0.int64Value }
        var total = 0
        for n in repeats {
            guard n >= 0 else { throw TensorError.runtime("repeats can not be negative") }
            let (sum, overflow) = total.addingReportingOverflow(Int(n))
            total = overflow ? Int.max : sum
        }
        try checkAllocation(total)
        var out: [Int64] = []
        out.reserveCapacity(total)
        for (i, n) in repeats.enumerated() {
            out.append(contentsOf: repeatElement(Int64(i), count: Int(n)))
        }
        return Tensor(try NDArray(out, shape: [out.count]))
    }

    static func cross(_ x: Tensor, _ y: Tensor, dim d: Int) throws -> Tensor {
        guard x.shape[d] == 3 else {
            throw TensorError.runtime("linalg.cross: inputs dimension \(d) must have length 3. Got \(x.shape[d]) and \(y.shape[d])")
        }
        func part(_ t: Tensor, _ i: Int) throws -> Tensor { try t.narrowed(dim: d, start: i, length: 1) }
        func term(_ i: Int, _ j: Int) throws -> Tensor {
            let p = try Tensor.binary(.mul, .tensor(try part(x, i)), .tensor(try part(y, j)))
            let q = try Tensor.binary(.mul, .tensor(try part(x, j)), .tensor(try part(y, i)))
            return try Tensor.binary(.sub, .tensor(p), .tensor(q))
        }
        return try Tensor.cat([try term(1, 2), try term(2, 0), try term(0, 1)], dim: d)
    }

    static func registerCounting(_ t: TorchTable) {
        t.add("bincount(input, weights=None, minlength=0)", doc: "Counts of each value 0, 1, … in a 1-d non-negative integer tensor (sums of weights when given).", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            guard x.rank == 1, x.dtype.isInteger || x.dtype == .bool else {
                throw TensorError.runtime("bincount only supports 1-d non-negative integral inputs.")
            }
            let values = x.data.scalars.map { $0.int64Value }
            if values.contains(where: { $0 < 0 }) { throw TensorError.runtime("bincount only supports 1-d non-negative integral inputs.") }
            let minlength = try a.int("minlength")
            guard minlength >= 0 else { throw TensorError.runtime("minlength should be >= 0") }
            let top = values.max() ?? -1
            try checkAllocation(top >= Int64(Int.max / 8) ? Int.max : Int(top) + 1)
            let n = max(minlength, Int(top) + 1)
            try checkAllocation(n)
            if let w = try TorchConvert.optionalTensor(a["weights"], function: "bincount", argument: "weights") {
                guard w.shape == x.shape else { throw TensorError.runtime("weights should be 1-d and have the same length as input") }
                var sums = [Double](repeating: 0, count: n)
                for (v, wv) in zip(values, w.data.doubles) { sums[Int(v)] += wv }
                let dtype: DType = w.dtype == .float32 ? .float32 : .float64
                return .object(Tensor(try NDArray(sums, shape: [n]).converted(to: dtype)))
            }
            var counts = [Int64](repeating: 0, count: n)
            for v in values { counts[Int(v)] += 1 }
            return .object(Tensor(try NDArray(counts, shape: [n])))
        }
        t.add("histc(input, bins=100, min=0, max=0)", doc: "Histogram of equal-width bins between min and max (the data's range when both are 0).", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            guard x.dtype.isFloatingPoint else { throw TensorError(.notImplemented, "\"histogram_cpu\" not implemented for '\(x.dtype.kernelName)'") }
            let bins = try a.int("bins")
            guard bins > 0 else { throw TensorError.runtime("torch.histc: bins must be > 0, but got \(bins) for bins") }
            try checkAllocation(bins)
            let values = x.data.doubles
            var lo = try a.double("min"), hi = try a.double("max")
            if lo == hi && !values.isEmpty { lo = values.min() ?? 0; hi = values.max() ?? 0 }
            guard lo.isFinite && hi.isFinite else {
                throw TensorError.runtime("torch.histc: range of [\(TorchComposite.cFloat(lo)), \(TorchComposite.cFloat(hi))] is not finite")
            }
            if lo == hi { lo -= 1; hi += 1 }
            guard lo < hi else { throw TensorError.runtime("torch.histc: max must be larger than min") }
            var counts = [Double](repeating: 0, count: bins)
            for v in values where v >= lo && v <= hi {
                var b = Int((v - lo) * Double(bins) / (hi - lo))
                if b == bins { b -= 1 }
                counts[b] += 1
            }
            return .object(Tensor(try NDArray(counts, shape: [bins]).converted(to: x.dtype)))
        }
        t.add("bucketize(input, boundaries, *, out_int32=False, right=False)", .function,
              doc: "For each element, the index of the bucket of sorted boundaries it falls into.", grad: .notDifferentiable) { a in
            let x = try a.tensor(), b = try a.tensor("boundaries")
            guard b.rank == 1 else { throw TensorError.runtime("boundaries tensor must be 1 dimension, but got dim(\(b.rank))") }
            let bounds = b.data.doubles
            let right = try a.bool("right")
            let out = x.data.doubles.map { Int64(insertionPoint(bounds, $0, right: right)) }
            let r = try NDArray(out, shape: x.shape)
            return .object(Tensor(try a.bool("out_int32") ? try r.converted(to: .int32) : r))
        }
        t.add("searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None)", .function,
              doc: "Indices where input's elements would be inserted into the sorted innermost dim of sorted_sequence.", grad: .notDifferentiable) { a in
            let s = try a.tensor("sorted_sequence")
            var right = try a.bool("right")
            if let side = try a.optionalString("side") {
                guard side == "left" || side == "right" else { throw TensorError.runtime("torch.searchsorted(): side can only be 'left' or 'right' but got \(side)") }
                right = side == "right"
            }
            let values: NDArray
            var outShape: [Int]
            if case .object(let v as Tensor) = a["input"] { values = v.data; outShape = v.shape } else {
                let sc = try TorchCreation.scalarArg(a, "input")
                values = NDArray(scalar: sc); outShape = []
            }
            var out: [Int64] = []
            if s.rank <= 1 {
                let bounds = s.data.doubles
                out = values.doubles.map { Int64(insertionPoint(bounds, $0, right: right)) }
            } else {
                guard Array(s.shape.dropLast()) == Array(values.shape.dropLast()) else {
                    throw TensorError.runtime("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor \(s.shape) and input value tensor \(values.shape)")
                }
                let m = s.shape.last ?? 0, k = values.shape.last ?? 0
                let bounds = try s.data.contiguous().doubles, vals = try values.contiguous().doubles
                for row in 0..<(m == 0 ? 0 : bounds.count / m) {
                    let line = Array(bounds[(row * m)..<(row * m + m)])
                    for j in 0..<k { out.append(Int64(insertionPoint(line, vals[row * k + j], right: right))) }
                }
                outShape = values.shape
            }
            let r = try NDArray(out, shape: outShape)
            return .object(Tensor(try a.bool("out_int32") ? try r.converted(to: .int32) : r))
        }
    }

    /// The first position whose boundary is >= v (or > v when right).
    static func insertionPoint(_ bounds: [Double], _ v: Double, right: Bool) -> Int {
        var lo = 0, hi = bounds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let goRight = right ? !(v < bounds[mid]) : bounds[mid] < v
            if goRight { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func registerIndexWriters(_ t: TorchTable) {
        t.add("scatter_(input, dim, index, src=None, value=None, *, reduce=None)", .method,
              doc: "In place: writes src (or value) at index along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            let src: TensorOperand = a["src"].isNone ? try a.operand("value") : try a.operand("src")
            let dim = try a.int("dim"), index = try a.tensor("index"), reduce = try a.optionalString("reduce")
            try x.overwrite { try $0.scatter(dim: dim, index: index, src: src, reduce: reduce) }
            return .object(x)
        }
        t.add("scatter_add(input, dim, index, src)", doc: "A copy of input with src added at index along dim.", grad: .differentiable) { a in
            .object(try a.tensor().scatter(dim: try a.int("dim"), index: try a.tensor("index"), src: .tensor(try a.tensor("src")), reduce: "add"))
        }
        t.add("scatter_add_(input, dim, index, src)", .method, doc: "In place: adds src at index along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            let dim = try a.int("dim"), index = try a.tensor("index"), src = try a.tensor("src")
            try x.overwrite { try $0.scatter(dim: dim, index: index, src: .tensor(src), reduce: "add") }
            return .object(x)
        }
        t.add("index_add_(input, dim, index, source, *, alpha=1)", .method, doc: "In place: adds alpha * source at index along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            let source = try TorchElementwise.scaled(.tensor(try a.tensor("source")), by: a["alpha"])
            guard case .tensor(let s) = source else { return .object(x) }
            let dim = try a.int("dim"), index = try a.tensor("index")
            try x.overwrite { try $0.indexAdd(dim: dim, index: index, source: s) }
            return .object(x)
        }
        t.add("index_fill(input, dim, index, value)", doc: "A copy of input with value at index along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            return .object(try indexFill(x, dim: try a.int("dim"), index: try a.tensor("index"), value: try a.operand("value")))
        }
        t.add("index_fill_(input, dim, index, value)", .method, doc: "In place: value at index along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            let dim = try a.int("dim"), index = try a.tensor("index"), value = try a.operand("value")
            try x.overwrite { try indexFill($0, dim: dim, index: index, value: value) }
            return .object(x)
        }
        t.add("index_put(input, indices, values, accumulate=False)", doc: "A copy of input with values at the tuple of index tensors (added when accumulate).", grad: .differentiable) { a in
            let x = try a.tensor()
            let out = try x.clone()
            try indexPut(out, a)
            return .object(out)
        }
        t.add("index_put_(input, indices, values, accumulate=False)", .method, doc: "In place: values at the tuple of index tensors (added when accumulate).", grad: .differentiable) { a in
            let x = try a.tensor()
            try indexPut(x, a)
            return .object(x)
        }
    }

    static func indexFill(_ x: Tensor, dim: Int, index: Tensor, value: TensorOperand) throws -> Tensor {
        guard index.rank <= 1, index.dtype == .int64 else {
            throw TensorError.runtime("index_fill_(): Expected a long tensor for index, but got \(index.dtype.kernelName)")
        }
        let d = x.rank == 0 ? 0 : try x.data.normalizedDim(dim)
        if x.rank == 0, let bad = index.data.scalars.map({ $0.int64Value }).first(where: { $0 != 0 && $0 != -1 }) {
            throw TensorError.index("index \(bad) is out of bounds for dimension 0 with size 1")
        }
        var items: [IndexItem] = Array(repeating: .slice(start: nil, stop: nil, step: nil), count: max(x.rank, 1))
        items[d] = .array(try index.data.reshaped([-1]))
        let out = try x.clone()
        if case .tensor(let v) = value, v.rank != 0 {
            throw TensorError.runtime("index_fill_ only supports a 0-dimensional value tensor, but got tensor with \(v.rank) dimension(s).")
        }
        try out.assign(x.rank == 0 ? [] : items, value)
        return out
    }

    static func indexPut(_ x: Tensor, _ a: BoundArguments) throws {
        let parts = try a.interp.iterate(a["indices"])
        let items: [IndexItem] = try parts.map { v in
            if v.isNone { return .slice(start: nil, stop: nil, step: nil) }
            let t = try TorchConvert.tensor(v, function: "index_put_", argument: "indices")
            guard t.dtype.isInteger || t.dtype == .bool else {
                throw PyException.indexError("tensors used as indices must be long, int, byte or bool tensors")
            }
            return .array(t.data)
        }
        let values = try a.tensor("values")
        if try a.bool("accumulate") {
            let positions = try Tensor(try Tensor.elementNumbersForIndexPut(x.shape)).subscripted(items)
            // Repeated positions must add up, so accumulate through index_add on the flat view.
            let expandedValues = try values.expanded(to: positions.shape).reshaped([-1])
            let index = try positions.reshaped([-1]), source = try expandedValues.converted(to: x.dtype)
            try x.overwrite { try $0.reshaped([-1]).indexAdd(dim: 0, index: index, source: source).reshaped(x.shape) }
        } else {
            try x.assign(items, .tensor(values))
        }
    }
}

extension Tensor {
    /// The row-major element numbers 0..<n of `shape`, as int64 (positions for index_put).
    static func elementNumbersForIndexPut(_ shape: [Int]) throws -> NDArray {
        let n = shape.reduce(1, *)
        return try NDArray((0..<Int64(n)).map { $0 }, shape: shape)
    }
}
