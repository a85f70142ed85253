import Autograd
import Foundation
import TensorCore

/// Tensor creation: `tensor`, `arange`, `zeros`, `ones`, `full`, `empty`, `eye`, `linspace`,
/// `logspace`, random tensors and the `*_like` family.
enum TorchCreation {
    static func register(_ t: TorchTable) {
        t.add("tensor(data, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "A new tensor holding a copy of data (nested lists/tuples of numbers, or a tensor).",
              grad: .notApplicable) { a in
            try a.finish(try TorchConvert.array(from: a["data"], dtype: try a.dtypeArg(), a.interp))
        }
        t.add("as_tensor(data, dtype=None, device=None)", .function,
              doc: "data as a tensor (no copy when it already is one of that dtype).", grad: .notApplicable) { a in
            let wanted: DType? = try a.dtypeArg()
            if case .object(let x as Tensor) = a["data"], wanted == nil || wanted == x.dtype { return .object(x) }
            // An ndarray of the wanted dtype is shared, as PyTorch shares NumPy's memory.
            if case .object(let x as NumPyArray) = a["data"], wanted == nil || wanted == x.array.dtype { return .object(Tensor(x.array)) }
            return try a.finish(try TorchConvert.array(from: a["data"], dtype: try a.dtypeArg(), a.interp))
        }
        t.add("arange(start=None, end=None, step=1, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Values from start (default 0) up to but excluding end, spaced by step.", grad: .notApplicable) { a in
            if a["start"].isNone && a["end"].isNone {
                throw PyException.typeError("arange() missing 1 required positional argument: 'end'")
            }
            var start = a["start"].isNone ? Scalar.int(0) : try scalarArg(a, "start")
            let end: Scalar
            if a["end"].isNone {
                end = start
                start = .int(0)
            } else {
                end = try scalarArg(a, "end")
            }
            let step = try scalarArg(a, "step")
            return try a.finish(try NDArray.arange(start: start, end: end, step: step, dtype: try a.dtypeArg()))
        }
        for (name, value, doc) in [("zeros", Scalar.int(0), "A tensor of zeros."), ("ones", Scalar.int(1), "A tensor of ones."),
                                   ("empty", Scalar.int(0), "An uninitialised tensor (tcalc fills it with zeros).")] {
            t.add("\(name)(*sizes, size=None, dtype=None, device=None, requires_grad=False)", .function,
                  doc: doc + " Sizes as varargs, a tuple or list, or size=.", grad: .notApplicable) { a in
                let shape = try TorchConvert.sizes(a.varArgs, keyword: a["size"], a.interp, function: name)
                return try a.finish(try NDArray.full(shape, value, dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
            }
        }
        t.add("full(size, fill_value, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "A tensor of the given size filled with fill_value (its dtype follows the value).", grad: .notApplicable) { a in
            let shape = try TorchConvert.sizes([a["size"]], a.interp, function: "full")
            let value = try scalarArg(a, "fill_value")
            let dtype = try a.dtypeArg() ?? value.defaultDType
            return try a.finish(try NDArray.full(shape, value, dtype: dtype))
        }
        t.add("eye(n, m=None, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "The n×m identity matrix (m defaults to n).", grad: .notApplicable) { a in
            try a.finish(try NDArray.eye(try a.int("n"), try a.optionalInt("m"), dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        t.add("linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "steps values evenly spaced from start to end inclusive.", grad: .notApplicable) { a in
            try a.finish(try NDArray.linspace(start: try a.double("start"), end: try a.double("end"), steps: try a.int("steps"),
                                              dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        t.add("logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "steps values base**x for x evenly spaced from start to end.", grad: .notApplicable) { a in
            try a.finish(try NDArray.logspace(start: try a.double("start"), end: try a.double("end"), steps: try a.int("steps"),
                                              base: try a.double("base"), dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        registerRandom(t)
        registerLike(t)
    }

    static func scalarArg(_ a: BoundArguments, _ name: String, default: Scalar? = nil) throws -> Scalar {
        let v = a[name]
        if case .object(let x as Tensor) = v { return try x.onlyElement() }
        if let s = try TorchConvert.scalar(v) { return s }
        if let d = `default`, v.isNone { return d }
        throw PyException.typeError("\(a.builtin.name)(): argument '\(name)' must be Number, not \(v.typeName)")
    }

    static func registerRandom(_ t: TorchTable) {
        t.add("manual_seed(seed)", .function, doc: "Seeds the random generator (PyTorch's CPU generator stream).", grad: .notApplicable) { a in
            let seed = try a.int("seed")
            RandomSource.manualSeed(UInt64(bitPattern: Int64(seed)))
            return .object(GeneratorObject())
        }
        t.add("seed()", .function, doc: "Seeds the generator from the clock and returns the seed.", grad: .notApplicable) { _ in
            let s = UInt64(Date().timeIntervalSince1970 * 1_000_000) & 0x7fff_ffff_ffff
            RandomSource.manualSeed(s)
            return .int(Int(s))
        }
        t.add("initial_seed()", .function, doc: "The seed the generator was last seeded with.", grad: .notApplicable) { _ in
            .int(Int(truncatingIfNeeded: RandomSource.initialSeed()))
        }
        t.add("rand(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Uniform random numbers in [0, 1).", grad: .notApplicable) { a in
            let shape = try TorchConvert.sizes(a.varArgs, keyword: a["size"], a.interp, function: "rand")
            return try a.finish(try NDArray.rand(shape, dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        t.add("randn(*sizes, size=None, generator=None, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Standard normal random numbers.", grad: .notApplicable) { a in
            let shape = try TorchConvert.sizes(a.varArgs, keyword: a["size"], a.interp, function: "randn")
            return try a.finish(try NDArray.randn(shape, dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        t.add("randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Random integers in [low, high) (low defaults to 0 when only high and size are given).", grad: .notApplicable) { a in
            var low = try a.int("low")
            var high: Int
            var sizeValue = a["size"]
            if a["size"].isNone {
                // randint(high, size): the second positional is the size.
                high = low; low = 0
                sizeValue = a["high"]
            } else {
                high = try a.int("high")
            }
            guard !sizeValue.isNone else { throw PyException.typeError("randint() missing 1 required argument: 'size'") }
            let shape = try TorchConvert.sizes([sizeValue], a.interp, function: "randint")
            if high <= low { throw TensorError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)") }
            return try a.finish(try NDArray.randint(low: Int64(low), high: Int64(high), shape, dtype: try a.dtypeArg() ?? .int64))
        }
        t.add("normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False)", .function,
              doc: "Normal random numbers with the given mean and standard deviation.", grad: .notApplicable) { a in
            var meanTensor: Tensor? = nil, stdTensor: Tensor? = nil
            if case .object(let m as Tensor) = a["mean"] { meanTensor = m }
            if case .object(let s as Tensor) = a["std"] { stdTensor = s }
            if meanTensor != nil || stdTensor != nil {
                // normal(mean, std) with a tensor for either: one draw per element of their shape.
                let tensors = [meanTensor, stdTensor].compactMap { $0 }
                for t in tensors where !t.dtype.isFloatingPoint {
                    throw TensorError(.notImplemented, "\"normal_kernel_cpu\" not implemented for '\(t.dtype.kernelName)'")
                }
                let shape = tensors.count == 2 ? try NDArray.broadcastShapes(tensors[0].shape, tensors[1].shape) : tensors[0].shape
                let dtype = tensors.count == 2 ? NDArray.resultType(tensors.map { .array($0.data) }) : tensors[0].dtype
                if let s = stdTensor, try NDArray.binary(.lt, .array(s.data), .scalar(.int(0))).reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue {
                    throw TensorError.runtime("normal expects all elements of std >= 0.0")
                }
                let noise = try NDArray.randn(shape, dtype: dtype)
                let stdOperand: Operand, meanOperand: Operand
                if let s = stdTensor { stdOperand = .array(s.data) } else { stdOperand = .scalar(.float(try a.double("std"))) }
                if let m = meanTensor { meanOperand = .array(m.data) } else { meanOperand = .scalar(.float(try a.double("mean"))) }
                let scaled = try NDArray.binary(.mul, .array(noise), stdOperand)
                return .object(Tensor(try NDArray.binary(.add, .array(scaled), meanOperand).converted(to: dtype)))
            }
            guard !a["size"].isNone else { throw PyException.typeError("normal() missing 1 required argument: 'size'") }
            let shape = try TorchConvert.sizes([a["size"]], a.interp, function: "normal")
            return try a.finish(try NDArray.normal(mean: try a.double("mean"), std: try a.double("std"), shape,
                                                   dtype: try a.dtypeArg() ?? DTypeDefaults.floating))
        }
        t.add("randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False)", .function,
              doc: "A random permutation of 0..n-1.", grad: .notApplicable) { a in
            try a.finish(try NDArray.randperm(try a.int("n"), dtype: try a.dtypeArg() ?? .int64))
        }
    }

    static func registerLike(_ t: TorchTable) {
        func like(_ name: String, _ doc: String, _ make: @escaping (Tensor, DType, BoundArguments) throws -> NDArray) {
            t.add("\(name)(input, *, dtype=None, device=None, requires_grad=False)", .function, doc: doc, grad: .notApplicable) { a in
                let x = try a.tensor()
                return try a.finish(try make(x, try a.dtypeArg() ?? x.dtype, a))
            }
        }
        like("zeros_like", "Zeros with input's shape and dtype.") { x, d, _ in try NDArray.full(x.shape, .int(0), dtype: d) }
        like("ones_like", "Ones with input's shape and dtype.") { x, d, _ in try NDArray.full(x.shape, .int(1), dtype: d) }
        like("empty_like", "An uninitialised tensor with input's shape and dtype (zeros in tcalc).") { x, d, _ in try NDArray.full(x.shape, .int(0), dtype: d) }
        like("rand_like", "Uniform [0, 1) numbers with input's shape.") { x, d, _ in try NDArray.rand(x.shape, dtype: d) }
        like("randn_like", "Standard normal numbers with input's shape.") { x, d, _ in try NDArray.randn(x.shape, dtype: d) }
        t.add("full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False)", .function,
              doc: "fill_value with input's shape and dtype.", grad: .notApplicable) { a in
            let x = try a.tensor()
            return try a.finish(try NDArray.full(x.shape, try scalarArg(a, "fill_value"), dtype: try a.dtypeArg() ?? x.dtype))
        }
    }
}

/// What `torch.manual_seed` returns (PyTorch returns its generator object).
final class GeneratorObject: PyObject {
    var typeName: String { "torch._C.Generator" }
    func repr(_ interp: Interpreter) throws -> String {
        "<torch._C.Generator object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16))>"
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "initial_seed" {
            return .object(NativeClosure(name: "initial_seed") { _ in .int(Int(truncatingIfNeeded: RandomSource.initialSeed())) })
        }
        return nil
    }
}
