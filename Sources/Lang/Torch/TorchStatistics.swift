import Autograd
import Foundation
import TensorCore

/// Order statistics and paired reductions built from the engine's differentiable pieces:
/// `median`, `kthvalue`, `mode`, `var_mean`, `std_mean`, `aminmax`, `cummax`, `cummin`, `diff`.
/// Values are selected from the input (by sort, gather or indexing), so gradients flow to the
/// selected elements as PyTorch's rules send them.
enum TorchStatistics {
    static func register(_ t: TorchTable) {
        t.add("median(input, dim=None, keepdim=False)",
              doc: "The lower median of all elements; along dim, (values, indices).", grad: .differentiable) { a in
            let x = try a.tensor()
            guard let d = try a.optionalInt("dim") else {
                guard x.count > 0 else { return .object(Tensor(NDArray(scalar: .float(.nan), dtype: x.dtype))) }
                if x.dtype.isFloatingPoint, try x.unary(.isnan).reduce(.any, dims: nil, keepdim: false).item().boolValue {
                    return .object(Tensor(NDArray(scalar: .float(.nan), dtype: x.dtype)))
                }
                let flat = try x.reshaped([-1]).sorted(dim: 0, descending: false, stable: true).values
                return .object(try flat.subscripted([.int((x.count - 1) / 2)]))
            }
            let (v, i) = try select(x, dim: d, keepdim: try a.bool("keepdim"), function: "median") { n in (n - 1) / 2 }
            return .object(ReturnTuple("median", [("values", .object(v)), ("indices", .object(i))]))
        }
        t.add("kthvalue(input, k, dim=-1, keepdim=False)",
              doc: "(values, indices) of the k-th smallest element along dim (k counts from 1).", grad: .differentiable) { a in
            let x = try a.tensor()
            let k = try a.int("k")
            let (v, i) = try select(x, dim: try a.int("dim"), keepdim: try a.bool("keepdim"), function: "kthvalue") { n in
                guard k >= 1 && k <= n else {
                    throw TensorError.runtime("kthvalue(): selected number k out of range for dimension \(try a.int("dim"))")
                }
                return k - 1
            }
            return .object(ReturnTuple("kthvalue", [("values", .object(v)), ("indices", .object(i))]))
        }
        t.add("mode(input, dim=-1, keepdim=False)",
              doc: "(values, indices): the most frequent value along dim (the smallest among ties) and its last index.",
              grad: .differentiable) { a in
            let x = try a.tensor()
            let (v, i) = try mode(x, dim: try a.int("dim"), keepdim: try a.bool("keepdim"))
            return .object(ReturnTuple("mode", [("values", .object(v)), ("indices", .object(i))]))
        }
        for (name, isStd) in [("var_mean", false), ("std_mean", true)] {
            t.add("\(name)(input, dim=None, unbiased=None, keepdim=False, *, correction=None)", .function,
                  doc: "(\(isStd ? "std" : "var"), mean) over dim(s), with Bessel's correction by default.", grad: .differentiable) { a in
                let x = try a.tensor()
                var dimsValue = a["dim"]
                var correction = 1.0
                if case .bool(let unbiased) = dimsValue { correction = unbiased ? 1 : 0; dimsValue = .none }
                if case .bool(let unbiased) = a["unbiased"] { correction = unbiased ? 1 : 0 }
                if let c = try a.optionalDouble("correction") { correction = c }
                let dims = try TorchConvert.dims(dimsValue, a.interp, function: name)
                let keep = try a.bool("keepdim")
                let spread = isStd ? try x.standardDeviation(dims: dims, correction: correction, keepdim: keep)
                                   : try x.variance(dims: dims, correction: correction, keepdim: keep)
                let mean = try x.reduce(.mean, dims: dims, keepdim: keep)
                return .tuple([.object(spread), .object(mean)])
            }
        }
        t.add("aminmax(input, *, dim=None, keepdim=False)",
              doc: "(min, max) of all elements, or along dim.", grad: .differentiable) { a in
            let x = try a.tensor()
            let dims = try a.optionalInt("dim").map { [$0] } ?? []
            if dims.isEmpty && x.count == 0 {
                throw TensorError.runtime("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.")
            }
            let keep = try a.bool("keepdim")
            let lo = try x.reduce(.amin, dims: dims, keepdim: keep), hi = try x.reduce(.amax, dims: dims, keepdim: keep)
            return .object(ReturnTuple("aminmax", [("min", .object(lo)), ("max", .object(hi))]))
        }
        for (name, isMax) in [("cummax", true), ("cummin", false)] {
            t.add("\(name)(input, dim)", doc: "(values, indices) of the running \(isMax ? "maximum" : "minimum") along dim.",
                  grad: .differentiable) { a in
                let x = try a.tensor()
                let d = x.rank == 0 ? 0 : try x.data.normalizedDim(try a.int("dim"))
                if x.rank == 0 {
                    _ = try NDArray(zeros: [1], dtype: .int64).normalizedDim(try a.int("dim"))
                    return .object(ReturnTuple(name, [("values", .object(try x.clone())), ("indices", .object(Tensor(NDArray(scalar: .int(0)))))]))
                }
                let idx = try runningExtremumIndices(x.data, dim: d, max: isMax)
                let values = try x.gather(dim: d, index: Tensor(idx))
                return .object(ReturnTuple(name, [("values", .object(values)), ("indices", .object(Tensor(idx)))]))
            }
        }
        t.add("diff(input, n=1, dim=-1, prepend=None, append=None)",
              doc: "n-th forward differences along dim (prepend/append joined first).", grad: .differentiable) { a in
            var x = try a.tensor()
            guard x.rank >= 1 else { throw TensorError.runtime("diff expects input to be at least one-dimensional") }
            let d = try x.data.normalizedDim(try a.int("dim"))
            let n = try a.int("n")
            guard n >= 0 else { throw TensorError.runtime("order must be non-negative but got \(n)") }
            var parts: [Tensor] = []
            if let p = try TorchConvert.optionalTensor(a["prepend"], function: "diff", argument: "prepend") { parts.append(p) }
            parts.append(x)
            if let p = try TorchConvert.optionalTensor(a["append"], function: "diff", argument: "append") { parts.append(p) }
            if parts.count > 1 { x = try Tensor.cat(parts, dim: d) }
            for _ in 0..<n {
                let len = x.shape[d]
                guard len > 0 else { break }
                let hi = try x.narrowed(dim: d, start: 1, length: len - 1)
                let lo = try x.narrowed(dim: d, start: 0, length: len - 1)
                x = try Tensor.binary(x.dtype == .bool ? .logicalXor : .sub, .tensor(hi), .tensor(lo))
            }
            return .object(x)
        }
    }

    /// Sorts along `dim` (stably) and keeps position `pick(n)` of each line: the values (with
    /// their gradient path) and the indices they came from.
    static func select(_ x: Tensor, dim: Int, keepdim: Bool, function: String,
                       pick: (Int) throws -> Int) throws -> (Tensor, Tensor) {
        if x.rank == 0 {
            _ = try NDArray(zeros: [1], dtype: .int64).normalizedDim(dim)
            _ = try pick(1)
            return (try x.clone(), Tensor(NDArray(scalar: .int(0))))
        }
        let d = try x.data.normalizedDim(dim)
        let n = x.shape[d]
        guard n > 0 else {
            throw PyException.indexError("\(function)(): Expected reduction dim \(d) to have non-zero size.")
        }
        let k = try pick(n)
        let sorted = try x.sorted(dim: d, descending: false, stable: true)
        var v = try sorted.values.narrowed(dim: d, start: k, length: 1)
        var i = try sorted.indices.narrowed(dim: d, start: k, length: 1)
        if !keepdim {
            v = try v.squeezed([d])
            i = try i.squeezed([d])
        }
        return (v, try i.contiguous())
    }

    /// PyTorch's mode: per line, the most frequent value (smallest among ties) and the index of
    /// its last occurrence.
    static func mode(_ x: Tensor, dim: Int, keepdim: Bool) throws -> (Tensor, Tensor) {
        if x.rank == 0 {
            _ = try NDArray(zeros: [1], dtype: .int64).normalizedDim(dim)
            return (try x.clone(), Tensor(NDArray(scalar: .int(0))))
        }
        let d = try x.data.normalizedDim(dim)
        let n = x.shape[d]
        guard n > 0 else { throw PyException.indexError("mode(): Expected reduction dim \(d) to have non-zero size.") }
        let moved = try x.data.movedim([d], [x.rank - 1]).contiguous()
        let values = moved.doubles
        let lines = values.count / n
        var picked: [Int64] = []
        picked.reserveCapacity(lines)
        for line in 0..<lines {
            let base = line * n
            var best: (value: Double, count: Int, last: Int)? = nil
            let order = (0..<n).sorted { values[base + $0] < values[base + $1] || (values[base + $0] == values[base + $1] && $0 < $1) }
            var j = 0
            while j < n {
                var k = j
                var last = order[j]
                while k + 1 < n && values[base + order[k + 1]] == values[base + order[j]] { k += 1; last = max(last, order[k]) }
                let count = k - j + 1
                if best == nil || count > best!.count { best = (values[base + order[j]], count, last) }
                j = k + 1
            }
            picked.append(Int64(best?.last ?? 0))
        }
        var outShape = x.shape
        outShape[d] = 1
        var movedShape = x.shape
        movedShape.remove(at: d)
        movedShape.append(1)
        let idx = try NDArray(picked, shape: movedShape).movedim([x.rank - 1], [d]).contiguous()
        var v = try x.gather(dim: d, index: Tensor(idx))
        var i = Tensor(idx)
        if !keepdim {
            v = try v.squeezed([d])
            i = try i.squeezed([d]).contiguous()
        }
        return (v, i)
    }

    /// For each position along `dim`, the index of the running maximum (minimum) so far; ties and
    /// NaN move the index forward, as PyTorch's cummax/cummin kernels do.
    static func runningExtremumIndices(_ x: NDArray, dim d: Int, max isMax: Bool) throws -> NDArray {
        let rank = x.rank
        let n = x.shape[d]
        let moved = try x.movedim([d], [rank - 1]).contiguous()
        let values = moved.doubles
        var out = [Int64](repeating: 0, count: values.count)
        if n > 0 {
            for line in 0..<(values.count / n) {
                let base = line * n
                var best = values[base]
                var at = 0
                for j in 0..<n {
                    let v = values[base + j]
                    let better = v.isNaN || (!best.isNaN && (isMax ? v >= best : v <= best))
                    if better { best = v; at = j }
                    out[base + j] = Int64(at)
                }
            }
        }
        return try NDArray(out, shape: moved.shape).movedim([rank - 1], [d]).contiguous()
    }
}
