import Autograd
import Foundation
import TensorCore

/// Tensors made from other tensors or from legacy spellings: the `torch.Tensor(...)` and
/// `torch.FloatTensor(...)` constructors, `x.new_zeros(...)` and friends, `type_as`, in-place
/// random fills (`uniform_`, `normal_`, `bernoulli_`), `bernoulli`, `multinomial` and
/// `randint_like`.
enum TorchFactory {
    /// The legacy tensor types and their dtypes (`torch.Tensor` follows the default dtype).
    static let legacyTypes: [(String, DType?)] = [
        ("Tensor", nil), ("FloatTensor", .float32), ("DoubleTensor", .float64), ("LongTensor", .int64),
        ("IntTensor", .int32), ("ShortTensor", .int16), ("CharTensor", .int8), ("ByteTensor", .uint8),
        ("BoolTensor", .bool),
    ]

    /// The dtype named by a legacy type string ('torch.LongTensor'), as `x.type(str)` takes.
    static func dtype(legacyName s: String) -> DType? {
        let name = s.hasPrefix("torch.") ? String(s.dropFirst(6)) : s
        guard let entry = legacyTypes.first(where: { $0.0 == name }) else { return nil }
        return entry.1 ?? DTypeDefaults.floating
    }

    /// `torch.Tensor(data)` / `torch.Tensor(2, 3)` / `torch.Tensor()`: a sequence is copied
    /// into a tensor of the type's dtype; ints are sizes of an uninitialised tensor (zeros here).
    static func construct(_ name: String, dtype fixed: DType?) -> (Arguments, Interpreter) throws -> Value {
        { args, interp in
            let dtype = fixed ?? DTypeDefaults.floating
            var device: Value = .none
            for (k, v) in args.keywords {
                guard k == "device" else {
                    throw PyException.typeError("\(name)() got an unexpected keyword argument '\(k)'")
                }
                device = v
            }
            switch device {
            case .none: break
            case .str(let s) where s == "cpu": break
            case .object(let o as DeviceObject) where o.name == "cpu": break
            default: throw TensorError.runtime("tcalc computes on the CPU only; device \(try interp.repr(device)) is not available")
            }
            let p = args.positional
            if p.isEmpty { return .object(Tensor(try NDArray(zeros: [0], dtype: dtype))) }
            if p.count == 1, case .object(let t as Tensor) = p[0] {
                guard t.dtype == dtype else {
                    throw PyException.typeError("expected \(legacyName(dtype)) (got \(legacyName(t.dtype)))")
                }
                return .object(t)
            }
            let allSizes = try p.allSatisfy { v in
                if case .bool = v { return false }
                return try interp.asIndex(v) != nil
            }
            if allSizes {
                let shape = try p.map { try interp.asIndex($0) ?? 0 }
                if let bad = shape.first(where: { $0 < 0 }) {
                    throw TensorError.runtime("Trying to create tensor with negative dimension \(bad): \(shape)")
                }
                return .object(Tensor(try NDArray(zeros: shape, dtype: dtype)))
            }
            if p.count == 1, case .object(let s as SizeObject) = p[0] {
                return .object(Tensor(try NDArray(zeros: s.dims, dtype: dtype)))
            }
            guard p.count == 1 else {
                throw PyException.typeError("\(name)() takes sizes as ints or one sequence of data, not \(p.map(\.typeName).joined(separator: ", "))")
            }
            switch p[0] {
            case .list, .tuple: break
            default: throw PyException.typeError("new(): data must be a sequence (got \(p[0].typeName))")
            }
            return .object(Tensor(try TorchConvert.array(from: p[0], dtype: dtype, interp)))
        }
    }

    static func legacyName(_ d: DType) -> String {
        "torch." + TorchModule.legacyName(d)
    }

    static func registerTypes(_ r: BuiltinRegistry) {
        for (name, dtype) in legacyTypes {
            let type = PyType(name == "Tensor" ? "Tensor" : name, qualifiedName: "torch.\(name)")
            type.construct = construct(name, dtype: dtype)
            r.registerType(type, as: "torch.\(name)")
        }
    }

    static func register(_ t: TorchTable) {
        let options = "dtype=None, device=None, requires_grad=False"
        for (name, value, doc) in [("new_zeros", Scalar.int(0), "Zeros of the given size, with self's dtype unless dtype= is given."),
                                   ("new_ones", .int(1), "Ones of the given size, with self's dtype unless dtype= is given."),
                                   ("new_empty", .int(0), "An uninitialised tensor (zeros in tcalc) of the given size and self's dtype.")] {
            t.add("\(name)(input, *size, \(options))", .method, doc: doc, grad: .notApplicable) { a in
                let x = try a.tensor()
                let shape = try TorchConvert.sizes(a.varArgs, a.interp, function: name)
                return try a.finish(try NDArray.full(shape, value, dtype: try a.dtypeArg() ?? x.dtype))
            }
        }
        t.add("new_full(input, size, fill_value, *, \(options))", .method,
              doc: "fill_value in the given size, with self's dtype unless dtype= is given.", grad: .notApplicable) { a in
            let x = try a.tensor()
            let shape = try TorchConvert.sizes([a["size"]], a.interp, function: "new_full")
            return try a.finish(try NDArray.full(shape, try TorchCreation.scalarArg(a, "fill_value"), dtype: try a.dtypeArg() ?? x.dtype))
        }
        t.add("new_tensor(input, data, *, \(options))", .method,
              doc: "A new tensor holding a copy of data, with self's dtype unless dtype= is given.", grad: .notApplicable) { a in
            let x = try a.tensor()
            return try a.finish(try TorchConvert.array(from: a["data"], dtype: try a.dtypeArg() ?? x.dtype, a.interp).clone())
        }
        t.add("type_as(input, other)", .method, doc: "self converted to other's dtype (self when they already match).", grad: .differentiable) { a in
            let x = try a.tensor(), other = try a.tensor("other")
            return .object(x.dtype == other.dtype ? x : try x.converted(to: other.dtype))
        }
        registerRandom(t)
    }

    static func registerRandom(_ t: TorchTable) {
        t.add("uniform_(input, from=0, to=1, *, generator=None)", .method,
              doc: "In place: uniform random numbers in [from, to).", grad: .notApplicable) { a in
            let x = try a.tensor()
            guard x.dtype.isFloatingPoint else {
                throw TensorError(.notImplemented, "\"check_uniform_bounds\" not implemented for '\(x.dtype.kernelName)'")
            }
            let lo = try a.double("from"), hi = try a.double("to")
            guard lo <= hi else {
                throw TensorError.runtime("uniform_ expects to return a [from, to) range, but found from=\(lo) > to=\(hi)")
            }
            let u = try NDArray.rand(x.shape, dtype: x.dtype)
            let scaled = try NDArray.binary(.add, .scalar(.float(lo)), .array(try NDArray.binary(.mul, .array(u), .scalar(.float(hi - lo)))))
            try x.copyFrom(Tensor(try scaled.converted(to: x.dtype)))
            return .object(x)
        }
        t.add("normal_(input, mean=0, std=1, *, generator=None)", .method,
              doc: "In place: normal random numbers with the given mean and standard deviation.", grad: .notApplicable) { a in
            let x = try a.tensor()
            guard x.dtype.isFloatingPoint else {
                throw TensorError(.notImplemented, "\"normal_kernel_cpu\" not implemented for '\(x.dtype.kernelName)'")
            }
            let std = try a.double("std")
            guard std >= 0 else { throw TensorError.runtime("normal expects std >= 0.0, but found std \(std)") }
            try x.copyFrom(Tensor(try NDArray.normal(mean: try a.double("mean"), std: std, x.shape, dtype: x.dtype)))
            return .object(x)
        }
        t.add("bernoulli_(input, p=0.5, *, generator=None)", .method,
              doc: "In place: 1 with probability p (a number or a tensor of probabilities), else 0.", grad: .notApplicable) { a in
            let x = try a.tensor()
            let draws: NDArray
            if case .object(let p as Tensor) = a["p"] {
                draws = try NDArray.bernoulli(try p.data.expanded(to: x.shape).contiguous())
            } else {
                let p = try a.double("p")
                draws = try NDArray(zeros: x.shape, dtype: x.dtype)
                try draws.fillBernoulli(probability: p)
            }
            try x.copyFrom(Tensor(try draws.converted(to: x.dtype)))
            return .object(x)
        }
        t.add("bernoulli(input, p=None, *, generator=None)",
              doc: "1 with probability input (or p) element-wise, else 0, in input's dtype.", grad: .notDifferentiable) { a in
            let x = try a.tensor()
            if let p = try a.optionalDouble("p") {
                let out = try NDArray(zeros: x.shape, dtype: x.dtype)
                try out.fillBernoulli(probability: p)
                return .object(Tensor(out))
            }
            return .object(Tensor(try NDArray.bernoulli(x.data).converted(to: x.dtype)))
        }
        t.add("multinomial(input, num_samples, replacement=False, *, generator=None)",
              doc: "Category indices drawn from the rows of input (weights, not necessarily normalised).", grad: .notDifferentiable) { a in
            .object(Tensor(try NDArray.multinomial(try a.tensor().data, numSamples: try a.int("num_samples"),
                                                   replacement: try a.bool("replacement"))))
        }
        t.add("randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Random integers in [low, high) with input's shape (randint_like(x, high) takes one bound).", grad: .notApplicable) { a in
            let x = try a.tensor()
            var low = try a.int("low")
            let high: Int
            if a["high"].isNone { high = low; low = 0 } else { high = try a.int("high") }
            if high <= low { throw TensorError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)") }
            return try a.finish(try NDArray.randint(low: Int64(low), high: Int64(high), x.shape, dtype: try a.dtypeArg() ?? x.dtype))
        }
    }
}
