import Autograd
import Foundation
import TensorCore

/// More of PyTorch's functions, each composed from differentiable engine operations: `select`,
/// `dist`, `cdist`, `nanmean`, `quantile`, `logit`, `xlogy`, `hypot`, `deg2rad`/`rad2deg`,
/// `sgn`, `heaviside`, `signbit`, `fmax`/`fmin`, `addcmul`/`addcdiv`, `diag_embed`, `diagflat`,
/// `rot90`, `dstack`/`row_stack`, `tensor_split`/`hsplit`/`vsplit`, `broadcast_tensors`,
/// `block_diag`, `cartesian_prod`, `cov`/`corrcoef`, `msort`, `real`/`imag`/`conj`, and the
/// pre-`linalg` spellings `torch.slogdet`, `logdet`, `svd`, `qr`, `cholesky`, `pinverse`.
///
/// Gradients flow through the compositions; BuiltinGradcheckTests gradchecks each entry.
enum TorchExtraOps {
    static func register(_ t: TorchTable) {
        registerElementwise(t)
        registerShapes(t)
        registerStatistics(t)
        registerLegacyLinalg(t)
    }

    static func bin(_ op: BinaryOp, _ a: Tensor, _ b: TensorOperand) throws -> Tensor { try Tensor.binary(op, .tensor(a), b) }
    static func bin(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor { try Tensor.binary(op, .tensor(a), .tensor(b)) }

    static func registerElementwise(_ t: TorchTable) {
        t.add("logit(input, eps=None)", doc: "log(p / (1 - p)), with p clamped to [eps, 1 - eps] when eps is given.", grad: .differentiable) { a in
            var p = try a.tensor()
            if !p.dtype.isFloatingPoint { p = try p.converted(to: DTypeDefaults.floating) }
            if let eps = try a.optionalDouble("eps") { p = try p.clamp(min: .scalar(.float(eps)), max: .scalar(.float(1 - eps))) }
            let q = try Tensor.binary(.sub, .scalar(.int(1)), .tensor(p))
            return .object(try bin(.div, p, q).unary(.log))
        }
        t.add("xlogy(input, other)", doc: "input * log(other), 0 where input is 0 (NaN stays NaN).", grad: .differentiable) { a in
            let x = try a.tensor()
            let y = try a.operand()
            let logY: Tensor
            switch y {
            case .tensor(let yt): logY = try yt.unary(.log)
            case .scalar(let s): logY = Tensor(NDArray(scalar: .float(Foundation.log(s.doubleValue)), dtype: DTypeDefaults.floating))
            }
            let product = try bin(.mul, x, logY)
            let zero = try bin(.eq, x, .scalar(.int(0)))
            let yNaN: Tensor
            switch y {
            case .tensor(let yt): yNaN = try yt.unary(.isnan)
            case .scalar(let s): yNaN = Tensor(try NDArray.full([], .bool(s.doubleValue.isNaN), dtype: .bool))
            }
            let keep = try bin(.logicalAnd, zero, try yNaN.unary(.logicalNot))
            return .object(try Tensor.whereSelect(keep, .scalar(.int(0)), .tensor(product)))
        }
        t.add("hypot(input, other)", doc: "sqrt(input² + other²) element-wise.", grad: .differentiable) { a in
            let x = try a.tensor(), y = try a.tensor("other")
            return .object(try bin(.add, try x.unary(.square), try y.unary(.square)).unary(.sqrt))
        }
        for (name, factor, doc) in [("deg2rad", Double.pi / 180, "Degrees to radians."), ("rad2deg", 180 / Double.pi, "Radians to degrees.")] {
            t.add("\(name)(input)", doc: doc, grad: .differentiable) { a in
                var x = try a.tensor()
                if !x.dtype.isFloatingPoint { x = try x.converted(to: DTypeDefaults.floating) }
                return .object(try bin(.mul, x, .scalar(.float(factor))))
            }
        }
        t.add("sgn(input)", doc: "The sign of each element (sign for real tensors).", grad: .differentiable) { a in
            .object(try a.tensor().unary(.sign))
        }
        t.add("heaviside(input, values)", doc: "0 where input < 0, 1 where input > 0, values where input == 0.", grad: .notDifferentiable) { a in
            let x = try a.tensor(), v = try a.tensor("values")
            guard x.dtype == v.dtype else {
                throw TensorError.runtime("heaviside is not yet implemented for tensors with different dtypes")
            }
            let positive = try bin(.gt, x, .scalar(.int(0))).converted(to: x.dtype)
            return .object(try Tensor.whereSelect(try bin(.eq, x, .scalar(.int(0))), .tensor(v), .tensor(positive)).detach())
        }
        t.add("signbit(input)", doc: "True where the sign bit is set (negative numbers and -0.0).", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            guard x.dtype.isFloatingPoint else { return .object(try bin(.lt, x, .scalar(.int(0))).detach()) }
            let bits = x.data.doubles.map { $0.sign == .minus }
            return .object(Tensor(try NDArray(bits, shape: x.shape)))
        }
        for (name, isMax) in [("fmax", true), ("fmin", false)] {
            t.add("\(name)(input, other)", doc: "Element-wise \(isMax ? "maximum" : "minimum") that ignores NaN (NaN only where both are).", grad: .differentiable) { a in
                let x = try a.tensor(), y = try a.tensor("other")
                let m = try bin(isMax ? .maximum : .minimum, x, y)
                let pickY = try Tensor.whereSelect(try y.unary(.isnan), .tensor(x), .tensor(m))
                return .object(try Tensor.whereSelect(try x.unary(.isnan), .tensor(y), .tensor(pickY)))
            }
        }
        for (name, op) in [("addcmul", BinaryOp.mul), ("addcdiv", .div)] {
            t.add("\(name)(input, tensor1, tensor2, *, value=1)", doc: "input + value * tensor1 \(op == .mul ? "*" : "/") tensor2.", grad: .differentiable) { a in
                let x = try a.tensor(), t1 = try a.tensor("tensor1"), t2 = try a.tensor("tensor2")
                let scaled = try bin(.mul, try bin(op, t1, t2), try a.operand("value"))
                return .object(try bin(.add, x, scaled))
            }
            t.add("\(name)_(input, tensor1, tensor2, *, value=1)", .method, doc: "In place: input += value * tensor1 \(op == .mul ? "*" : "/") tensor2.", grad: .differentiable) { a in
                let x = try a.tensor(), t1 = try a.tensor("tensor1"), t2 = try a.tensor("tensor2")
                let scaled = try bin(.mul, try bin(op, t1, t2), try a.operand("value"))
                try x.binaryInPlace(.add, .tensor(scaled))
                return .object(x)
            }
        }
        t.add("real(input)", .function, doc: "The real part (the tensor itself for real dtypes).", grad: .differentiable) { a in
            let x = try a.tensor()
            return .object(x.dtype.isComplex ? Tensor(try x.data.realPart()) : x)
        }
        t.add("view_as_real(input)", .function, doc: "A complex tensor as reals with a last dim of 2 (real, imag), sharing memory.", grad: .notDifferentiable) { a in
            .object(Tensor(try a.tensor().data.viewAsReal()))
        }
        t.add("view_as_complex(input)", .function, doc: "A float tensor whose last dim is 2 read as complex numbers, sharing memory.", grad: .notDifferentiable) { a in
            .object(Tensor(try a.tensor().data.viewAsComplex()))
        }
        t.add("imag(input)", .function, doc: "The imaginary part of a complex tensor.", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            guard x.dtype.isComplex else { throw TensorError.type("imag is not implemented for tensors with non-complex dtypes.") }
            return .object(Tensor(try x.data.imagPart()))
        }
        t.add("conj(input)", doc: "The complex conjugate (the tensor itself for real dtypes).", grad: .differentiable) { a in
            let x = try a.tensor()
            guard x.dtype.isComplex else { return .object(x) }
            throw TensorError(.notImplemented, "conj of complex tensors is not supported in tcalc")
        }
    }

    static func registerShapes(_ t: TorchTable) {
        t.add("select(input, dim, index)", doc: "The slice at index along dim (a view without that dim).", grad: .differentiable) { a in
            let x = try a.tensor()
            guard x.rank > 0 else { throw PyException.indexError("select() cannot be applied to a 0-dim tensor.") }
            let d = try x.data.normalizedDim(try a.int("dim"))
            var items: [IndexItem] = Array(repeating: .slice(start: nil, stop: nil, step: nil), count: d)
            items.append(.int(try a.int("index")))
            return .object(try x.subscripted(items))
        }
        t.add("diag_embed(input, offset=0, dim1=-2, dim2=-1)", doc: "Matrices with the last dim of input on their diagonal.", grad: .differentiable) { a in
            let x = try a.tensor()
            let offset = try a.int("offset")
            guard try a.int("dim1") == -2, try a.int("dim2") == -1 else {
                throw TensorError(.notImplemented, "diag_embed: tcalc supports dim1=-2, dim2=-1")
            }
            guard x.rank >= 1 else { throw TensorError.runtime("diag_embed expects input to be at least one-dimensional") }
            if x.rank == 1 { return .object(try x.diagEmbedOrExtract(offset)) }
            let n = x.shape[x.rank - 1] + abs(offset)
            let flat = try x.reshaped([-1, x.shape[x.rank - 1]])
            let mats = try flat.unbind(dim: 0).map { try $0.diagEmbedOrExtract(offset) }
            return .object(try Tensor.stack(mats, dim: 0).reshaped(Array(x.shape.dropLast()) + [n, n]))
        }
        t.add("diagflat(input, offset=0)", doc: "The flattened input as the diagonal of a matrix.", grad: .differentiable) { a in
            .object(try a.tensor().reshaped([-1]).diagEmbedOrExtract(try a.int("offset")))
        }
        t.add("rot90(input, k=1, dims=[0, 1])", doc: "Rotates by 90° k times in the plane of dims (from the first towards the second).", grad: .differentiable) { a in
            let x = try a.tensor()
            let dims = try TorchConvert.dims(a["dims"], a.interp, function: "rot90") ?? [0, 1]
            guard dims.count == 2 else { throw TensorError.runtime("expected total rotation dims == 2, but got dims = \(dims.count)") }
            guard x.rank >= 2 else { throw TensorError.runtime("expected total dims >= 2, but got total dims = \(x.rank)") }
            let d0 = try x.data.normalizedDim(dims[0]), d1 = try x.data.normalizedDim(dims[1])
            guard d0 != d1 else { throw TensorError.runtime("expected rotation dims to be different, but got dim0 = \(d0) and dim1 = \(d1)") }
            let k = ((try a.int("k") % 4) + 4) % 4
            switch k {
            case 1: return .object(try x.flipped([d1]).transposed(d0, d1))
            case 2: return .object(try x.flipped([d0, d1]))
            case 3: return .object(try x.flipped([d0]).transposed(d0, d1))
            default: return .object(try x.clone())
            }
        }
        t.add("dstack(tensors)", .function, doc: "Joins along dim 2 (tensors viewed as at least 3-d).", grad: .differentiable) { a in
            let ts = try TorchConvert.tensors(a["tensors"], a.interp, function: "dstack").map { try TorchComposite.atLeast($0, 3) }
            return .object(try Tensor.cat(ts, dim: 2))
        }
        t.add("row_stack(tensors)", .function, doc: "vstack: joins along dim 0, making 1-d tensors rows.", grad: .differentiable) { a in
            let ts = try TorchConvert.tensors(a["tensors"], a.interp, function: "row_stack").map { try TorchComposite.atLeast($0, 2) }
            return .object(try Tensor.cat(ts, dim: 0))
        }
        t.add("tensor_split(input, indices_or_sections, dim=0)", doc: "Pieces along dim: n nearly equal ones, or cut at the listed indices (views).", grad: .differentiable) { a in
            let x = try a.tensor()
            return TorchConvert.tuple(try tensorSplit(x, a["indices_or_sections"], dim: try a.int("dim"), a.interp))
        }
        for (name, dimFor) in [("hsplit", { (r: Int) in r == 1 ? 0 : 1 }), ("vsplit", { (_: Int) in 0 })] {
            t.add("\(name)(input, indices_or_sections)", doc: "tensor_split along dim \(name == "hsplit" ? "1 (0 for 1-d)" : "0"); sections must divide evenly.", grad: .differentiable) { a in
                let x = try a.tensor()
                if name == "hsplit" && x.rank < 1 {
                    throw TensorError.runtime("torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with \(x.rank) dimensions!")
                }
                if name == "vsplit" && x.rank < 2 {
                    throw TensorError.runtime("torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with \(x.rank) dimensions!")
                }
                let d = dimFor(x.rank)
                if let n = try a.interp.asIndex(a["indices_or_sections"]), n > 0, x.shape[d] % n != 0 {
                    throw TensorError.runtime("torch.\(name) attempted to split along dimension \(d), but the size of the dimension \(x.shape[d]) is not divisible by the split_size \(n)!")
                }
                return TorchConvert.tuple(try tensorSplit(x, a["indices_or_sections"], dim: d, a.interp))
            }
        }
        t.add("broadcast_tensors(*tensors)", .function, doc: "The tensors expanded to their common broadcast shape (views).", grad: .differentiable) { a in
            let ts = try a.varArgs.map { try TorchConvert.tensor($0, function: "broadcast_tensors", argument: "tensors") }
            var shape: [Int] = []
            for x in ts { shape = try NDArray.broadcastShapes(shape, x.shape) }
            return TorchConvert.tuple(try ts.map { try $0.expanded(to: shape) })
        }
        t.add("block_diag(*tensors)", .function, doc: "A block-diagonal matrix from the tensors (0-d and 1-d count as one row).", grad: .differentiable) { a in
            let ts = try a.varArgs.map { v -> Tensor in
                let x = try TorchConvert.tensor(v, function: "block_diag", argument: "tensors")
                guard x.rank <= 2 else { throw TensorError.runtime("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input has \(x.rank) dimensions") }
                return x.rank == 2 ? x : try x.reshaped([1, -1])
            }
            guard !ts.isEmpty else { return .object(Tensor(try NDArray(zeros: [1, 0], dtype: DTypeDefaults.floating))) }
            let dtype = NDArray.resultType(ts.map { .array($0.data) })
            let columns = ts.reduce(0) { $0 + $1.shape[1] }
            var rows: [Tensor] = []
            var left = 0
            for x in ts {
                let width = x.shape[1]
                var parts: [Tensor] = []
                if left > 0 { parts.append(Tensor(try NDArray(zeros: [x.shape[0], left], dtype: dtype))) }
                parts.append(try x.converted(to: dtype))
                let right = columns - left - width
                if right > 0 { parts.append(Tensor(try NDArray(zeros: [x.shape[0], right], dtype: dtype))) }
                rows.append(parts.count == 1 ? parts[0] : try Tensor.cat(parts, dim: 1))
                left += width
            }
            return .object(try Tensor.cat(rows, dim: 0))
        }
        t.add("cartesian_prod(*tensors)", .function, doc: "All combinations of elements of the 1-d tensors, one per row.", grad: .differentiable) { a in
            let ts = try a.varArgs.map { try TorchConvert.tensor($0, function: "cartesian_prod", argument: "tensors") }
            for x in ts where x.rank != 1 { throw TensorError.runtime("Expect a 1D vector, but got shape \(x.shape)") }
            guard ts.count > 1 else {
                if let only = ts.first { return .object(only) }
                throw TensorError.runtime("cartesian_prod expects at least one tensor")
            }
            let shape = ts.map { $0.shape[0] }
            let grids = try ts.enumerated().map { i, x -> Tensor in
                var view = Array(repeating: 1, count: shape.count)
                view[i] = shape[i]
                return try x.reshaped(view).expanded(to: shape).reshaped([-1])
            }
            return .object(try Tensor.stack(grids, dim: 1))
        }
        t.add("msort(input)", doc: "The values sorted along dim 0.", grad: .differentiable) { a in
            .object(try a.tensor().sorted(dim: 0, descending: false, stable: false).values)
        }
    }

    /// `tensor_split`: n sections (the first size % n one longer) or cuts at the listed indices.
    static func tensorSplit(_ x: Tensor, _ spec: Value, dim: Int, _ interp: Interpreter) throws -> [Tensor] {
        guard x.rank > 0 else { throw TensorError.runtime("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims") }
        let d = try x.data.normalizedDim(dim)
        let size = x.shape[d]
        var cuts: [Int] = []
        if let n = try interp.asIndex(spec) {
            guard n > 0 else { throw TensorError.runtime("number of sections must be larger than 0, got \(n)") }
            try TorchComposite.checkAllocation(n)
            let base = size / n, extra = size % n
            var at = 0
            for i in 0..<(n - 1) { at += base + (i < extra ? 1 : 0); cuts.append(at) }
        } else {
            cuts = try interp.iterate(spec).map {
                guard let i = try interp.asIndex($0) else { throw PyException.typeError("tensor_split(): indices must be ints") }
                return i
            }
        }
        var pieces: [Tensor] = []
        var start = 0
        for cut in cuts + [size] {
            let c = max(0, min(size, cut < 0 ? cut + size : cut))
            let s = min(start, size)
            pieces.append(try x.narrowed(dim: d, start: s, length: max(0, c - s)))
            start = max(start, c)
        }
        return pieces
    }

    static func registerStatistics(_ t: TorchTable) {
        t.add("nanmean(input, dim=None, keepdim=False, *, dtype=None)", doc: "Mean of the non-NaN elements.", grad: .differentiable) { a in
            var x = try a.tensor()
            if let d = try a.dtypeArg() { x = try x.converted(to: d) }
            guard x.dtype.isFloatingPoint else {
                throw TensorError(.notImplemented, "nanmean(): expected input to have floating point or complex dtype but got \(x.dtype.kernelName)")
            }
            let dims = try a.dims(alias: nil)
            let keep = try a.bool("keepdim")
            let present = try x.unary(.isnan).unary(.logicalNot)
            let zeroed = try Tensor.whereSelect(present, .tensor(x), .scalar(.int(0)))
            let total = try zeroed.reduce(.sum, dims: dims, keepdim: keep)
            let count = try present.reduce(.sum, dims: dims, keepdim: keep)
            return .object(try bin(.div, total, count))
        }
        t.add("dist(input, other, p=2)", doc: "The p-norm of input - other.", grad: .differentiable) { a in
            let diff = try bin(.sub, try a.tensor(), try a.tensor("other"))
            return .object(try diff.vectorNorm(p: try a.double("p"), dims: nil, keepdim: false))
        }
        t.add("cdist(x1, x2, p=2.0)", .function, doc: "Pairwise p-norm distances between the rows of x1 and x2 (batched).", grad: .differentiable) { a in
            let x1 = try TorchConvert.tensor(a["x1"], function: "cdist", argument: "x1")
            let x2 = try TorchConvert.tensor(a["x2"], function: "cdist", argument: "x2")
            guard x1.rank >= 2, x2.rank >= 2 else { throw TensorError.runtime("cdist only supports at least 2D tensors, X1 got: \(x1.rank)D") }
            guard x1.shape.last == x2.shape.last else {
                throw TensorError.runtime("X1 and X2 must have the same number of columns. X1: \(x1.shape.last ?? 0) X2: \(x2.shape.last ?? 0)")
            }
            let diff = try bin(.sub, try x1.unsqueezed(-2), try x2.unsqueezed(-3))
            return .object(try diff.vectorNorm(p: try a.double("p"), dims: [-1], keepdim: false))
        }
        t.add("quantile(input, q, dim=None, keepdim=False, *, interpolation='linear')",
              doc: "The q-th quantiles (q a number or 1-d tensor in [0, 1]) of all elements or along dim.", grad: .differentiable) { a in
            try quantile(a)
        }
        t.add("cov(input, *, correction=1, fweights=None, aweights=None)", doc: "Covariance matrix of the variables in the rows of input.", grad: .differentiable) { a in
            guard a["fweights"].isNone, a["aweights"].isNone else { throw TensorError(.notImplemented, "cov: tcalc does not support fweights/aweights") }
            return .object(try covariance(try a.tensor(), correction: try a.double("correction")))
        }
        t.add("corrcoef(input)", doc: "Pearson correlation coefficients of the variables in the rows of input.", grad: .differentiable) { a in
            let c = try covariance(try a.tensor(), correction: 1)
            guard c.rank == 2 else { return .object(try bin(.div, c, c)) }
            let d = try c.diagonal(offset: 0, dim1: 0, dim2: 1).unary(.sqrt)
            let scaled = try bin(.div, try bin(.div, c, try d.unsqueezed(1)), try d.unsqueezed(0))
            return .object(try scaled.clamp(min: .scalar(.int(-1)), max: .scalar(.int(1))))
        }
    }

    static func covariance(_ input: Tensor, correction: Double) throws -> Tensor {
        guard input.rank <= 2 else { throw TensorError.runtime("cov(): expected input to have two or fewer dimensions but got an input with \(input.rank) dimensions") }
        var x = input.rank < 2 ? try input.reshaped([1, -1]) : input
        if !x.dtype.isFloatingPoint { x = try x.converted(to: DTypeDefaults.floating) }
        let n = x.shape[1]
        let centred = try bin(.sub, x, try x.reduce(.mean, dims: [1], keepdim: true))
        let c = try Tensor.matmul(centred, try centred.transposed(0, 1))
        let out = try bin(.div, c, .scalar(.float(max(Double(n) - correction, 0))))
        return input.rank < 2 ? try out.reshaped([]) : out
    }

    static func quantile(_ a: BoundArguments) throws -> Value {
        let x = try a.tensor()
        guard x.dtype.isFloatingPoint else {
            throw TensorError.runtime("quantile() input tensor must be either float or double dtype")
        }
        let qs: [Double]
        let scalarQ: Bool
        if case .object(let qt as Tensor) = a["q"] {
            guard qt.rank <= 1 else { throw TensorError.runtime("quantile() q must be a scalar or 1D tensor") }
            qs = qt.data.doubles
            scalarQ = qt.rank == 0
        } else {
            qs = [try a.double("q")]
            scalarQ = true
        }
        for q in qs where !(q >= 0 && q <= 1) { throw TensorError.runtime("quantile() q values must be in the range [0, 1]") }
        let mode = try a.string("interpolation")
        guard ["linear", "lower", "higher", "midpoint", "nearest"].contains(mode) else {
            throw TensorError.runtime("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. Got \(mode)")
        }
        let keep = try a.bool("keepdim")
        var dim = try a.optionalInt("dim")
        var source = x
        if dim == nil { source = try x.reshaped([-1]); dim = 0 }
        let d = source.rank == 0 ? 0 : try source.data.normalizedDim(dim ?? 0)
        if source.rank == 0 { source = try source.reshaped([1]) }
        let n = source.shape[d]
        guard n > 0 else { throw TensorError.runtime("quantile() input tensor must be non-empty") }
        let sorted = try source.sorted(dim: d, descending: false, stable: false).values
        var results: [Tensor] = []
        for q in qs {
            let rank = q * Double(n - 1)
            var lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
            lo = min(max(lo, 0), n - 1); hi = min(max(hi, 0), n - 1)
            let low = try sorted.narrowed(dim: d, start: lo, length: 1)
            let high = try sorted.narrowed(dim: d, start: hi, length: 1)
            var value: Tensor
            switch mode {
            case "lower": value = low
            case "higher": value = high
            case "nearest": value = rank.rounded(.toNearestOrEven) == Double(lo) ? low : high
            case "midpoint": value = try bin(.mul, try bin(.add, low, high), .scalar(.float(0.5)))
            default: value = try low.lerp(.tensor(high), weight: .scalar(.float(rank - Double(lo))))
            }
            if !keep { value = try value.squeezed([d]) }
            else if a["dim"].isNone { value = try value.reshaped(Array(repeating: 1, count: x.rank)) }
            results.append(value)
        }
        if scalarQ { return .object(results[0]) }
        return .object(try Tensor.stack(results, dim: 0))
    }

    static func registerLegacyLinalg(_ t: TorchTable) {
        t.add("slogdet(input)", doc: "(sign, logabsdet) of the determinant (torch.slogdet).", grad: .differentiable) { a in
            let (s, v) = try Tensor.slogdet(try a.tensor())
            return .object(ReturnTuple("slogdet", [("sign", .object(s)), ("logabsdet", .object(v))]))
        }
        t.add("logdet(input)", doc: "log(det(input)): NaN for a negative determinant, -inf for zero.", grad: .differentiable) { a in
            let (s, v) = try Tensor.slogdet(try a.tensor())
            let negative = try bin(.lt, s, .scalar(.int(0)))
            return .object(try Tensor.whereSelect(negative, .scalar(.float(.nan)), .tensor(v)))
        }
        t.add("svd(input, some=True, compute_uv=True)", doc: "(U, S, V) with input = U @ diag(S) @ V.mT (torch.svd; reduced when some).", grad: .differentiable) { a in
            let x = try a.tensor()
            let (u, s, vh) = try Tensor.svd(x, fullMatrices: !(try a.bool("some")))
            let v = try vh.transposed(-2, -1)
            return .object(ReturnTuple("svd", [("U", .object(u)), ("S", .object(s)), ("V", .object(v))]))
        }
        t.add("qr(input, some=True)", doc: "(Q, R) with input = Q @ R (torch.qr; reduced when some).", grad: .differentiable) { a in
            let (q, r) = try Tensor.qr(try a.tensor(), mode: try a.bool("some") ? "reduced" : "complete")
            return .object(ReturnTuple("qr", [("Q", .object(q)), ("R", .object(r))]))
        }
        t.add("cholesky(input, upper=False)", doc: "The Cholesky factor (lower by default) of a positive-definite matrix (torch.cholesky).", grad: .differentiable) { a in
            .object(try Tensor.cholesky(try a.tensor(), upper: try a.bool("upper")))
        }
        t.add("pinverse(input, rcond=1e-15)", doc: "The Moore–Penrose pseudo-inverse (torch.pinverse).", grad: .differentiable) { a in
            .object(try Tensor.pinv(try a.tensor()))
        }
    }
}
