import Autograd
import Foundation
import TensorCore

/// The parts of `torch.nn`, `torch.optim` and `torch.utils.data` that d2l's concise
/// implementations use without defining classes: `nn.Sequential`, `nn.Linear`, activations,
/// `nn.Flatten`, `nn.Dropout`, `nn.MSELoss`, `nn.CrossEntropyLoss`, `nn.init.*`,
/// `torch.optim.SGD`, `data.TensorDataset` and `data.DataLoader`. The module classes live in
/// NNModule.swift, NNModuleMethods.swift and NNLayers.swift, the optimizer in Optimizers.swift.
enum TorchNN {
    static func register(_ r: BuiltinRegistry, _ t: TorchTable) {
        r.declareModule("torch.nn", doc: "Layers and losses: Sequential, Linear, ReLU, Flatten, Dropout, MSELoss, CrossEntropyLoss.")
        r.declareModule("torch.nn.init", doc: "Parameter initialisers: normal_, uniform_, zeros_, ones_, constant_, xavier_uniform_, xavier_normal_.")
        r.declareModule("torch.nn.functional", doc: "Functions: relu, sigmoid, tanh, softmax, log_softmax, mse_loss, cross_entropy.")
        r.declareModule("torch.optim", doc: "Optimisers: SGD.")
        r.declareModule("torch.utils", doc: "Utilities: data.")
        r.declareModule("torch.utils.data", doc: "TensorDataset and DataLoader.")
        // nn.Module and its built-in subclasses are classes of the object model: a module is an
        // NNModule whatever its class, and a class's methods come from the builtin table.
        let module = PyType("Module", qualifiedName: "torch.nn.modules.module.Module")
        module.allocate = { type, _, _ in NNModule(type: type) }
        r.registerType(module, as: "torch.nn.Module")
        NNModuleMethods.register(r)
        NNLayers.register(r, module: module)
        Optimizers.register(r)
        func type(_ name: String, module: String, home: String, _ make: @escaping (Arguments, Interpreter) throws -> Value) {
            let t = PyType(name, qualifiedName: "\(home).\(name)")
            t.construct = make
            r.registerType(t, as: "\(module).\(name)")
        }
        type("Parameter", module: "torch.nn", home: "torch.nn.parameter") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Parameter", ["data", "requires_grad"], defaults: [.none, .bool(true)])
            // A leaf sharing the data's storage, as nn.Parameter(t) is.
            let data = a[0].isNone ? try NDArray(zeros: [0], dtype: DTypeDefaults.floating)
                : try TorchConvert.tensor(a[0], function: "Parameter", argument: "data").data
            guard case .bool(let flag) = a[1] else { throw PyException.typeError("Parameter(): argument 'requires_grad' must be bool, not \(a[1].typeName)") }
            let p = try Tensor(data, requiresGrad: flag)
            p.isParameter = true
            return .object(p)
        }
        type("TensorDataset", module: "torch.utils.data", home: "torch.utils.data.dataset") { args, _ in
            let tensors = try args.positional.map { try TorchConvert.tensor($0, function: "TensorDataset", argument: "tensors") }
            guard let n = tensors.first?.shape.first, tensors.allSatisfy({ $0.shape.first == n }) else {
                throw PyException(ExceptionTypes.assertionError, "Size mismatch between tensors")
            }
            return .object(TensorDataset(tensors))
        }
        type("DataLoader", module: "torch.utils.data", home: "torch.utils.data.dataloader") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "DataLoader", ["dataset", "batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn", "pin_memory", "drop_last"],
                                                defaults: [.none, .int(1), .bool(false), .none, .none, .int(0), .none, .bool(false), .bool(false)])
            guard case .object(let d as TensorDataset) = a[0] else {
                throw PyException.typeError("DataLoader in tcalc takes a TensorDataset, not \(a[0].typeName)")
            }
            guard let bs = try interp.asIndex(a[1]), bs > 0 else {
                throw PyException.valueError("batch_size should be a positive integer value, but got batch_size=\(try interp.repr(a[1]))")
            }
            return .object(DataLoader(d, batchSize: bs, shuffle: isTrue(a[2]), dropLast: isTrue(a[8])))
        }
        registerInit(t)
        registerFunctional(t)
    }

    static func registerInit(_ t: TorchTable) {
        let m = "torch.nn.init"
        func write(_ x: Tensor, _ values: NDArray) throws -> Value {
            try GradMode.with(enabled: false) { try x.copyFrom(Tensor(try values.converted(to: x.dtype))) }
            return .object(x)
        }
        t.add("normal_(tensor, mean=0.0, std=1.0)", .function, module: m, doc: "Fills tensor with N(mean, std²) draws (no grad recorded).", grad: .notDifferentiable) { a in
            let x = try a.tensor("tensor")
            return try write(x, try NDArray.normal(mean: try a.double("mean"), std: try a.double("std"), x.shape, dtype: x.dtype))
        }
        t.add("uniform_(tensor, a=0.0, b=1.0)", .function, module: m, doc: "Fills tensor with U(a, b) draws (no grad recorded).", grad: .notDifferentiable) { a in
            let x = try a.tensor("tensor")
            return try write(x, try NNLayers.uniform(x.shape, low: try a.double("a"), high: try a.double("b"), x.dtype))
        }
        for (name, value) in [("zeros_", 0.0), ("ones_", 1.0)] as [(String, Double)] {
            t.add("\(name)(tensor)", .function, module: m, doc: "Fills tensor with \(Int(value))s (no grad recorded).", grad: .notDifferentiable) { a in
                let x = try a.tensor("tensor")
                return try write(x, try NDArray.full(x.shape, .float(value), dtype: x.dtype))
            }
        }
        t.add("constant_(tensor, val)", .function, module: m, doc: "Fills tensor with val (no grad recorded).", grad: .notDifferentiable) { a in
            let x = try a.tensor("tensor")
            return try write(x, try NDArray.full(x.shape, .float(try a.double("val")), dtype: x.dtype))
        }
        for (name, isUniform) in [("xavier_uniform_", true), ("xavier_normal_", false)] {
            t.add("\(name)(tensor, gain=1.0)", .function, module: m, doc: "Glorot initialisation from the fan-in and fan-out of a 2-d or larger tensor.", grad: .notDifferentiable) { a in
                let x = try a.tensor("tensor")
                guard x.rank >= 2 else { throw PyException.valueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions") }
                let receptive = x.shape.dropFirst(2).reduce(1, *)
                let fanIn = Double(x.shape[1] * receptive), fanOut = Double(x.shape[0] * receptive)
                let std = try a.double("gain") * (2 / (fanIn + fanOut)).squareRoot()
                if isUniform {
                    let bound = 3.0.squareRoot() * std
                    return try write(x, try NNLayers.uniform(x.shape, low: -bound, high: bound, x.dtype))
                }
                return try write(x, try NDArray.normal(mean: 0, std: std, x.shape, dtype: x.dtype))
            }
        }
    }

    static func registerFunctional(_ t: TorchTable) {
        let f = "torch.nn.functional"
        t.add("mse_loss(input, target, reduction='mean')", .function, module: f, doc: "Mean (or sum, or none) of squared differences.", grad: .differentiable) { a in
            .object(try NNLayers.mseLoss(try a.tensor(), try a.tensor("target"), reduction: try a.string("reduction")))
        }
        t.add("cross_entropy(input, target, reduction='mean')", .function, module: f, doc: "Cross-entropy of logits against class indices (or probabilities).", grad: .differentiable) { a in
            .object(try NNLayers.crossEntropy(try a.tensor(), try a.tensor("target"), reduction: try a.string("reduction")))
        }
    }
}

func isTrue(_ v: Value) -> Bool {
    if case .bool(true) = v { return true }
    return false
}

/// `torch.utils.data.TensorDataset`: item i is the tuple of each tensor's row i.
final class TensorDataset: PyObject {
    let tensors: [Tensor]
    init(_ tensors: [Tensor]) { self.tensors = tensors }
    var typeName: String { "TensorDataset" }
    var count: Int { tensors.first?.shape.first ?? 0 }
    func repr(_ interp: Interpreter) throws -> String { "<torch.utils.data.dataset.TensorDataset object>" }
    func length(_ interp: Interpreter) throws -> Int? { count }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        .tuple(try tensors.map { try $0.getItem(key, interp) })
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "tensors" ? .tuple(tensors.map { .object($0) }) : nil
    }
}

/// `torch.utils.data.DataLoader` over a TensorDataset: each batch is a list of tensors (shuffled
/// by `torch.randperm` when asked, afresh for every pass).
final class DataLoader: PyObject {
    let dataset: TensorDataset
    let batchSize: Int
    let shuffle: Bool
    let dropLast: Bool
    init(_ dataset: TensorDataset, batchSize: Int, shuffle: Bool, dropLast: Bool) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
    }
    var typeName: String { "DataLoader" }
    func repr(_ interp: Interpreter) throws -> String { "<torch.utils.data.dataloader.DataLoader object>" }
    func length(_ interp: Interpreter) throws -> Int? {
        let n = dataset.count
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }
    func iterate(_ interp: Interpreter) throws -> [Value]? {
        let n = dataset.count
        let order: NDArray = shuffle ? try NDArray.randperm(n, dtype: .int64) : try NDArray((0..<Int64(n)).map { $0 }, shape: [n])
        var batches: [Value] = []
        var start = 0
        while start < n {
            let size = min(batchSize, n - start)
            if size < batchSize && dropLast { break }
            let idx = Tensor(try order.narrowed(dim: 0, start: start, length: size))
            batches.append(.list(PyList(try dataset.tensors.map { .object(try $0.indexSelect(dim: 0, index: idx)) })))
            start += size
        }
        return batches
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "dataset": return .object(dataset)
        case "batch_size": return .int(batchSize)
        default: return nil
        }
    }
}
