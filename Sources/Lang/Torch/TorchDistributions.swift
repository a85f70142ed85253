import Autograd
import Foundation
import TensorCore

/// `torch.distributions`: the `Multinomial` and `Categorical` distributions d2l's probability
/// section samples from (`Multinomial(10, fair_probs).sample()`). Sampling follows PyTorch's
/// Python code step by step (normalise, `torch.multinomial(probs_2d, n, True).T`, move the draw
/// dim last, `scatter_add_` the counts), so seeded streams give PyTorch's numbers.
enum TorchDistributions {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("torch.distributions", doc: "Probability distributions: Multinomial, Categorical.")
        r.declareModule("torch.distributions.multinomial", doc: "The Multinomial distribution.")
        r.declareModule("torch.distributions.categorical", doc: "The Categorical distribution.")
        let multinomial = PyType("Multinomial", qualifiedName: "torch.distributions.multinomial.Multinomial")
        multinomial.construct = { args, interp in
            let a = try bind(args, interp, name: "Multinomial", ["total_count", "probs", "logits", "validate_args"], defaults: [.int(1), .none, .none, .none])
            guard let total = try interp.asIndex(a[0]) else {
                throw PyException.typeError("inhomogeneous total_count not supported by sampling")
            }
            return .object(Distribution(kind: .multinomial(total), probs: try probabilities(a[1], a[2], interp)))
        }
        let categorical = PyType("Categorical", qualifiedName: "torch.distributions.categorical.Categorical")
        categorical.construct = { args, interp in
            let a = try bind(args, interp, name: "Categorical", ["probs", "logits", "validate_args"], defaults: [.none, .none, .none])
            return .object(Distribution(kind: .categorical, probs: try probabilities(a[0], a[1], interp)))
        }
        for (type, module) in [(multinomial, "multinomial"), (categorical, "categorical")] {
            r.registerType(type, as: "torch.distributions.\(type.name)")
            r.setConstant("torch.distributions.\(module).\(type.name)", .object(type))
        }
    }

    /// Binds constructor arguments by position and keyword, Python style.
    static func bind(_ args: Arguments, _ interp: Interpreter, name: String, _ names: [String], defaults: [Value]) throws -> [Value] {
        guard args.positional.count <= names.count else {
            throw PyException.typeError("\(name).__init__() takes from 1 to \(names.count + 1) positional arguments but \(args.positional.count + 1) were given")
        }
        var values = defaults
        for (i, v) in args.positional.enumerated() { values[i] = v }
        for (k, v) in args.keywords {
            guard let i = names.firstIndex(of: k) else {
                throw PyException.typeError("\(name).__init__() got an unexpected keyword argument '\(k)'")
            }
            guard i >= args.positional.count else {
                throw PyException.typeError("\(name).__init__() got multiple values for argument '\(k)'")
            }
            values[i] = v
        }
        return values
    }

    /// The normalised event probabilities from `probs` or `logits` (exactly one of them).
    static func probabilities(_ probs: Value, _ logits: Value, _ interp: Interpreter) throws -> Tensor {
        guard probs.isNone != logits.isNone else {
            throw PyException.valueError("Either `probs` or `logits` must be specified, but not both.")
        }
        if !probs.isNone {
            let p = try TorchConvert.tensor(probs, function: "Multinomial", argument: "probs")
            guard p.rank >= 1 else { throw PyException.valueError("`probs` parameter must be at least one-dimensional.") }
            let sum = try p.reduce(.sum, dims: [-1], keepdim: true)
            return try Tensor.binary(.div, .tensor(p), .tensor(sum))
        }
        let l = try TorchConvert.tensor(logits, function: "Multinomial", argument: "logits")
        guard l.rank >= 1 else { throw PyException.valueError("`logits` parameter must be at least one-dimensional.") }
        return try l.softmax(dim: -1)
    }
}

/// A distribution object: `sample(sample_shape)`, `probs`, `mean`, `variance` and shapes.
final class Distribution: PyObject {
    enum Kind {
        case multinomial(Int)
        case categorical
    }
    let kind: Kind
    let probs: Tensor

    init(kind: Kind, probs: Tensor) {
        self.kind = kind
        self.probs = probs
    }

    var typeName: String {
        switch kind {
        case .multinomial: return "Multinomial"
        case .categorical: return "Categorical"
        }
    }

    var events: Int { probs.shape.last ?? 1 }
    var batchShape: [Int] { Array(probs.shape.dropLast()) }

    func repr(_ interp: Interpreter) throws -> String {
        // PyTorch lists the parameters stored on the object itself: a Multinomial keeps its
        // probabilities inside its Categorical, so it shows none.
        guard case .categorical = kind else { return "\(typeName)()" }
        return probs.count == 1 ? "\(typeName)(probs: \(probs.repr()))" : "\(typeName)(probs: torch.Size(\(probs.shape)))"
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "probs": return .object(probs)
        case "logits": return .object(try probs.unary(.log))
        case "total_count":
            if case .multinomial(let n) = kind { return .int(n) }
            return nil
        case "batch_shape": return .object(SizeObject(batchShape))
        case "event_shape":
            if case .multinomial = kind { return .object(SizeObject([events])) }
            return .object(SizeObject([]))
        case "mean":
            guard case .multinomial(let n) = kind else {
                return .object(Tensor(try NDArray.full(batchShape, .float(.nan), dtype: probs.dtype)))
            }
            return .object(try Tensor.binary(.mul, .tensor(probs), .scalar(.int(Int64(n)))))
        case "variance":
            guard case .multinomial(let n) = kind else {
                return .object(Tensor(try NDArray.full(batchShape, .float(.nan), dtype: probs.dtype)))
            }
            let q = try Tensor.binary(.sub, .scalar(.int(1)), .tensor(probs))
            let pq = try Tensor.binary(.mul, .tensor(probs), .tensor(q))
            return .object(try Tensor.binary(.mul, .tensor(pq), .scalar(.int(Int64(n)))))
        case "sample":
            return .object(NativeClosure(name: "sample") { [self] args in
                let shapeValue: Value = args.positional.first ?? args.keywords.first(where: { $0.name == "sample_shape" })?.value ?? .tuple([])
                let shape = try TorchConvert.sizes([shapeValue], interp, function: "sample")
                return .object(try self.sample(shape))
            })
        default: return nil
        }
    }

    /// Categorical draws of `shape` + batch shape (PyTorch's Categorical.sample).
    func categoricalSample(_ shape: [Int]) throws -> NDArray {
        let n = shape.reduce(1, *)
        let probs2d = try probs.data.reshaped([-1, events])
        let samples = try NDArray.multinomial(probs2d.contiguous(), numSamples: n, replacement: true)
        let transposed = try samples.transposed(0, 1).contiguous()
        return try transposed.reshaped(shape + batchShape)
    }

    func sample(_ shape: [Int]) throws -> Tensor {
        switch kind {
        case .categorical:
            return Tensor(try categoricalSample(shape))
        case .multinomial(let total):
            var samples = try categoricalSample([total] + shape)
            let rank = samples.rank
            samples = try samples.movedim([0], [rank - 1]).contiguous()
            let counts = try NDArray(zeros: shape + batchShape + [events], dtype: .int64)
            let ones = try NDArray.full(samples.shape, .int(1), dtype: .int64)
            let summed = try counts.scatter(dim: -1, index: samples, src: .array(ones), reduce: "add")
            return Tensor(try summed.converted(to: probs.dtype))
        }
    }
}
