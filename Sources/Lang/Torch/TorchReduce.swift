import Autograd
import Foundation
import TensorCore

/// Reductions with `dim`/`axis` and `keepdim`/`keepdims`, scans, sorting and selection.
enum TorchReduce {
    static func register(_ t: TorchTable) {
        let dimKeep = "dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None"
        for (name, op, doc) in [("sum", ReduceOp.sum, "Sum of elements, over dim(s) when given."),
                                ("mean", .mean, "Mean of elements (floating input), over dim(s) when given."),
                                ("nansum", .sum, "Sum treating NaN as zero."),
                                ("prod", .prod, "Product of elements, over dim when given.")] {
            t.add("\(name)(input, \(dimKeep))", doc: doc, grad: .differentiable) { a in
                var x = try a.tensor()
                if name == "nansum" { x = try Tensor.whereSelect(try x.unary(.isnan), .scalar(.int(0)), .tensor(x)) }
                return .object(try x.reduce(op, dims: try a.dims(), keepdim: try a.keepdim(), dtype: try a.dtypeArg()))
            }
        }
        for (name, op, doc) in [("amax", ReduceOp.amax, "Largest element over dim(s); ties share the gradient."),
                                ("amin", .amin, "Smallest element over dim(s); ties share the gradient.")] {
            t.add("\(name)(input, dim=None, keepdim=False, *, axis=None, keepdims=None)", doc: doc, grad: .differentiable) { a in
                .object(try a.tensor().reduce(op, dims: try a.dims() ?? [], keepdim: try a.keepdim()))
            }
        }
        for (name, op, doc) in [("all", ReduceOp.all, "True when every element (over dim) is nonzero."),
                                ("any", .any, "True when some element (over dim) is nonzero.")] {
            t.add("\(name)(input, dim=None, keepdim=False, *, axis=None, keepdims=None)", doc: doc, grad: .notDifferentiable) { a in
                .object(try a.tensor().reduce(op, dims: try a.dims(), keepdim: try a.keepdim()))
            }
        }
        t.add("count_nonzero(input, dim=None)", doc: "Number of nonzero elements (over dim(s)).", grad: .notDifferentiable) { a in
            .object(try a.tensor().countNonzero(dims: try a.dims(alias: nil)))
        }
        for (name, isMax) in [("max", true), ("min", false)] {
            t.add("\(name)(input, dim=None, keepdim=False, *, axis=None, keepdims=None, other=None)",
                  doc: "The \(isMax ? "largest" : "smallest") element; along dim, (values, indices); with a tensor, the element-wise \(isMax ? "maximum" : "minimum").",
                  grad: .differentiable) { a in
                let x = try a.tensor()
                if case .object(let other as Tensor) = a["dim"] {
                    return .object(try Tensor.binary(isMax ? .maximum : .minimum, .tensor(x), .tensor(other)))
                }
                if !a["other"].isNone {
                    return .object(try Tensor.binary(isMax ? .maximum : .minimum, .tensor(x), .tensor(try a.tensor("other"))))
                }
                guard let d = try a.singleDim() else {
                    if x.count == 0 {
                        throw TensorError.runtime("\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
                    }
                    return .object(try x.extremumAll(max: isMax))
                }
                let (v, i) = try x.extremum(max: isMax, dim: d, keepdim: try a.keepdim())
                return .object(ReturnTuple(name, [("values", .object(v)), ("indices", .object(i))]))
            }
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            t.add("\(name)(input, dim=None, keepdim=False, *, axis=None, keepdims=None)",
                  doc: "Index of the \(isMax ? "largest" : "smallest") element (of the flattened input, or along dim).", grad: .notDifferentiable) { a in
                .object(try a.tensor().argExtremum(max: isMax, dim: try a.singleDim(), keepdim: try a.keepdim()))
            }
        }
        for (name, isStd) in [("var", false), ("std", true)] {
            t.add("\(name)(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None)",
                  doc: "\(isStd ? "Standard deviation" : "Variance") with Bessel's correction by default (correction=0 for the population form).",
                  grad: .differentiable) { a in
                let x = try a.tensor()
                var dimsValue = a["dim"]
                var correction = 1.0
                if case .bool(let unbiased) = dimsValue { correction = unbiased ? 1 : 0; dimsValue = .none }
                if case .bool(let unbiased) = a["unbiased"] { correction = unbiased ? 1 : 0 }
                if let c = try a.optionalDouble("correction") { correction = c }
                let dims = try a.isGiven("axis") ? a.dims() : TorchConvert.dims(dimsValue, a.interp, function: name)
                let keep = try a.keepdim()
                return .object(isStd ? try x.standardDeviation(dims: dims, correction: correction, keepdim: keep)
                                     : try x.variance(dims: dims, correction: correction, keepdim: keep))
            }
        }
        t.add("norm(input, p='fro', dim=None, keepdim=False, dtype=None)", doc: "The p-norm (2 by default; 'fro', 'nuc', inf, any number).", grad: .differentiable) { a in
            let x = try a.tensor()
            let dims = try a.dims(alias: nil)
            let keep = try a.bool("keepdim")
            if case .str(let s) = a["p"] {
                switch s {
                case "fro": return .object(try x.vectorNorm(p: 2, dims: dims, keepdim: keep))
                case "nuc":
                    return .object(try Tensor.matrixNorm(x, ord: "nuc", dims: dims ?? [-2, -1], keepdim: keep))
                default: throw TensorError.runtime("norm(): unsupported p '\(s)'")
                }
            }
            return .object(try x.vectorNorm(p: try a.double("p"), dims: dims, keepdim: keep))
        }
        t.add("logsumexp(input, dim, keepdim=False)", doc: "log(sum(exp(input))) over dim, computed stably.", grad: .differentiable) { a in
            .object(try a.tensor().logSumExp(dims: try a.dims(alias: nil) ?? [], keepdim: try a.bool("keepdim")))
        }
        t.add("softmax(input, dim, dtype=None)", doc: "exp(input) normalised to sum to 1 along dim.", grad: .differentiable) { a in
            var x = try a.tensor()
            if let d = try a.dtypeArg() { x = try x.converted(to: d) }
            return .object(try x.softmax(dim: try a.int("dim")))
        }
        t.add("log_softmax(input, dim, dtype=None)", doc: "log(softmax(input, dim)), computed stably.", grad: .differentiable) { a in
            var x = try a.tensor()
            if let d = try a.dtypeArg() { x = try x.converted(to: d) }
            return .object(try x.logSoftmax(dim: try a.int("dim")))
        }
        for (name, op) in [("cumsum", CumulativeOp.sum), ("cumprod", .prod)] {
            t.add("\(name)(input, dim=None, *, dtype=None, axis=None)", doc: "Running \(op == .sum ? "sum" : "product") along dim.", grad: .differentiable) { a in
                guard let d = try a.singleDim() else { throw PyException.typeError("\(name)() missing 1 required positional argument: 'dim'") }
                var x = try a.tensor()
                if let dt = try a.dtypeArg() { x = try x.converted(to: dt) }
                return .object(try x.cumulative(op, dim: d))
            }
        }
        t.add("sort(input, dim=-1, descending=False, stable=False)", doc: "(values, indices) sorted along dim.", grad: .differentiable) { a in
            let (v, i) = try a.tensor().sorted(dim: try a.int("dim"), descending: try a.bool("descending"), stable: try a.bool("stable"))
            return .object(ReturnTuple("sort", [("values", .object(v)), ("indices", .object(i))]))
        }
        t.add("argsort(input, dim=-1, descending=False, stable=False)", doc: "The indices that sort input along dim.", grad: .notDifferentiable) { a in
            .object(try a.tensor().sorted(dim: try a.int("dim"), descending: try a.bool("descending"), stable: try a.bool("stable")).indices)
        }
        t.add("topk(input, k, dim=-1, largest=True, sorted=True)", doc: "(values, indices) of the k largest (or smallest) along dim.", grad: .differentiable) { a in
            let (v, i) = try a.tensor().topk(try a.int("k"), dim: try a.int("dim"), largest: try a.bool("largest"), sorted: try a.bool("sorted"))
            return .object(ReturnTuple("topk", [("values", .object(v)), ("indices", .object(i))]))
        }
        t.add("unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)",
              doc: "The distinct elements (sorted), optionally with inverse indices and counts.", grad: .notDifferentiable) { a in
            let r = try a.tensor().unique(sorted: try a.bool("sorted"), returnInverse: try a.bool("return_inverse"),
                                          returnCounts: try a.bool("return_counts"), dim: try a.optionalInt("dim"))
            var parts: [Value] = [.object(r.values)]
            if let inv = r.inverse { parts.append(.object(inv)) }
            if let c = r.counts { parts.append(.object(c)) }
            return parts.count == 1 ? parts[0] : .tuple(parts)
        }
    }
}
