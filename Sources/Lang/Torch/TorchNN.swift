import Autograd
import Foundation
import TensorCore

/// The parts of `torch.nn`, `torch.optim` and `torch.utils.data` that d2l's concise
/// implementations use without defining classes: `nn.Sequential`, `nn.Linear`, activations,
/// `nn.Flatten`, `nn.Dropout`, `nn.MSELoss`, `nn.CrossEntropyLoss`, `nn.init.*`,
/// `torch.optim.SGD`, `data.TensorDataset` and `data.DataLoader`. (tcalc has no `class`
/// statement, so modules cannot be subclassed.)
enum TorchNN {
    static func register(_ r: BuiltinRegistry, _ t: TorchTable) {
        r.declareModule("torch.nn", doc: "Layers and losses: Sequential, Linear, ReLU, Flatten, Dropout, MSELoss, CrossEntropyLoss.")
        r.declareModule("torch.nn.init", doc: "Parameter initialisers: normal_, uniform_, zeros_, ones_, constant_, xavier_uniform_, xavier_normal_.")
        r.declareModule("torch.nn.functional", doc: "Functions: relu, sigmoid, tanh, softmax, log_softmax, mse_loss, cross_entropy.")
        r.declareModule("torch.optim", doc: "Optimisers: SGD.")
        r.declareModule("torch.utils", doc: "Utilities: data.")
        r.declareModule("torch.utils.data", doc: "TensorDataset and DataLoader.")
        // The classes' qualified names are where PyTorch defines them (type(m) shows them).
        let homes: [String: String] = [
            "Linear": "torch.nn.modules.linear", "Identity": "torch.nn.modules.linear", "Parameter": "torch.nn.parameter",
            "Sequential": "torch.nn.modules.container", "Flatten": "torch.nn.modules.flatten",
            "ReLU": "torch.nn.modules.activation", "Sigmoid": "torch.nn.modules.activation",
            "Tanh": "torch.nn.modules.activation", "Softmax": "torch.nn.modules.activation",
            "Dropout": "torch.nn.modules.dropout", "MSELoss": "torch.nn.modules.loss",
            "CrossEntropyLoss": "torch.nn.modules.loss", "SGD": "torch.optim.sgd",
            "TensorDataset": "torch.utils.data.dataset", "DataLoader": "torch.utils.data.dataloader",
        ]
        func type(_ name: String, module: String, _ make: @escaping (Arguments, Interpreter) throws -> Value) {
            let t = PyType(name, qualifiedName: "\(homes[name] ?? module).\(name)")
            t.construct = make
            r.registerType(t, as: "\(module).\(name)")
        }
        type("Linear", module: "torch.nn") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Linear", ["in_features", "out_features", "bias", "device", "dtype"],
                                                defaults: [.none, .none, .bool(true), .none, .none])
            guard let inF = try interp.asIndex(a[0]), let outF = try interp.asIndex(a[1]), inF >= 0, outF >= 0 else {
                throw PyException.typeError("Linear.__init__() requires in_features and out_features as non-negative ints")
            }
            let dtype = try TorchConvert.dtype(a[4], function: "Linear") ?? DTypeDefaults.floating
            let m = NNModule(.linear(inF, outF))
            // PyTorch's reset_parameters: kaiming_uniform_(a=√5) gives U(-1/√in, 1/√in), the bias the same.
            let bound = inF > 0 ? 1 / Double(inF).squareRoot() : 0
            m.parameters.append(("weight", try NNModule.uniformParameter([outF, inF], bound, dtype)))
            if case .bool(true) = a[2] { m.parameters.append(("bias", try NNModule.uniformParameter([outF], bound, dtype))) }
            return .object(m)
        }
        type("Parameter", module: "torch.nn") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Parameter", ["data", "requires_grad"], defaults: [.none, .bool(true)])
            // A leaf sharing the data's storage, as nn.Parameter(t) is.
            let data = a[0].isNone ? try NDArray(zeros: [0], dtype: DTypeDefaults.floating)
                : try TorchConvert.tensor(a[0], function: "Parameter", argument: "data").data
            guard case .bool(let flag) = a[1] else { throw PyException.typeError("Parameter(): argument 'requires_grad' must be bool, not \(a[1].typeName)") }
            let p = try Tensor(data, requiresGrad: flag)
            Parameters.mark(p)
            return .object(p)
        }
        type("Sequential", module: "torch.nn") { args, _ in
            let modules = try args.positional.map { v -> NNModule in
                guard case .object(let m as NNModule) = v else {
                    throw PyException.typeError("\(v.typeName) is not a Module subclass")
                }
                return m
            }
            return .object(NNModule(.sequential(modules)))
        }
        for (name, kind) in [("ReLU", NNModule.Kind.relu), ("Sigmoid", .sigmoid), ("Tanh", .tanh), ("Identity", .identity)] {
            type(name, module: "torch.nn") { _, _ in .object(NNModule(kind)) }
        }
        type("Softmax", module: "torch.nn") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Softmax", ["dim"], defaults: [.none])
            return .object(NNModule(.softmax(try interp.asIndex(a[0]))))
        }
        type("Flatten", module: "torch.nn") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Flatten", ["start_dim", "end_dim"], defaults: [.int(1), .int(-1)])
            return .object(NNModule(.flatten(try interp.asIndex(a[0]) ?? 1, try interp.asIndex(a[1]) ?? -1)))
        }
        type("Dropout", module: "torch.nn") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "Dropout", ["p", "inplace"], defaults: [.float(0.5), .bool(false)])
            guard let p = a[0].numericDouble, p >= 0, p <= 1 else {
                throw PyException.valueError("dropout probability has to be between 0 and 1, but got \(try interp.repr(a[0]))")
            }
            return .object(NNModule(.dropout(p)))
        }
        for (name, isMSE) in [("MSELoss", true), ("CrossEntropyLoss", false)] {
            type(name, module: "torch.nn") { args, interp in
                let a = try TorchDistributions.bind(args, interp, name: name, ["size_average", "reduce", "reduction"], defaults: [.none, .none, .str("mean")])
                guard case .str(let reduction) = a[2], ["mean", "sum", "none"].contains(reduction) else {
                    throw PyException.valueError("\(try interp.repr(a[2])) is not a valid value for reduction")
                }
                return .object(NNModule(isMSE ? .mse(reduction) : .crossEntropy(reduction)))
            }
        }
        type("SGD", module: "torch.optim") { args, interp in
            let a = try TorchDistributions.bind(args, interp, name: "SGD", ["params", "lr", "momentum", "dampening", "weight_decay", "nesterov"],
                                                defaults: [.none, .float(0.001), .int(0), .int(0), .int(0), .bool(false)])
            let params = try interp.iterate(a[0]).map { try TorchConvert.tensor($0, function: "SGD", argument: "params") }
            guard let lr = a[1].numericDouble, lr >= 0 else { throw PyException.valueError("Invalid learning rate: \(try interp.repr(a[1]))") }
            return .object(SGDOptimizer(params, lr: lr, momentum: a[2].numericDouble ?? 0, weightDecay: a[4].numericDouble ?? 0))
        }
        type("TensorDataset", module: "torch.utils.data") { args, _ in
            let tensors = try args.positional.map { try TorchConvert.tensor($0, function: "TensorDataset", argument: "tensors") }
            guard let n = tensors.first?.shape.first, tensors.allSatisfy({ $0.shape.first == n }) else {
                throw PyException(ExceptionTypes.assertionError, "Size mismatch between tensors")
            }
            return .object(TensorDataset(tensors))
        }
        type("DataLoader", module: "torch.utils.data") { args, interp in
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
            return try write(x, try NNModule.uniform(x.shape, low: try a.double("a"), high: try a.double("b"), x.dtype))
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
                    return try write(x, try NNModule.uniform(x.shape, low: -bound, high: bound, x.dtype))
                }
                return try write(x, try NDArray.normal(mean: 0, std: std, x.shape, dtype: x.dtype))
            }
        }
    }

    static func registerFunctional(_ t: TorchTable) {
        let f = "torch.nn.functional"
        t.add("mse_loss(input, target, reduction='mean')", .function, module: f, doc: "Mean (or sum, or none) of squared differences.", grad: .differentiable) { a in
            .object(try NNModule.mseLoss(try a.tensor(), try a.tensor("target"), reduction: try a.string("reduction")))
        }
        t.add("cross_entropy(input, target, reduction='mean')", .function, module: f, doc: "Cross-entropy of logits against class indices (or probabilities).", grad: .differentiable) { a in
            .object(try NNModule.crossEntropy(try a.tensor(), try a.tensor("target"), reduction: try a.string("reduction")))
        }
    }
}

func isTrue(_ v: Value) -> Bool {
    if case .bool(true) = v { return true }
    return false
}

/// A `torch.nn` module value: layer, container or loss.
final class NNModule: PyObject {
    enum Kind {
        case linear(Int, Int)
        case sequential([NNModule])
        case relu, sigmoid, tanh, identity
        case softmax(Int?)
        case flatten(Int, Int)
        case dropout(Double)
        case mse(String)
        case crossEntropy(String)
    }
    let kind: Kind
    var parameters: [(String, Tensor)] = []
    var training = true

    init(_ kind: Kind) { self.kind = kind }

    static func uniform(_ shape: [Int], low: Double, high: Double, _ dtype: DType) throws -> NDArray {
        let u = try NDArray.rand(shape, dtype: dtype)
        return try NDArray.binary(.add, .scalar(.float(low)), .array(try NDArray.binary(.mul, .array(u), .scalar(.float(high - low)))))
    }

    static func uniformParameter(_ shape: [Int], _ bound: Double, _ dtype: DType) throws -> Tensor {
        let p = try Tensor(try uniform(shape, low: -bound, high: bound, dtype).converted(to: dtype), requiresGrad: true)
        Parameters.mark(p)
        return p
    }

    var typeName: String {
        switch kind {
        case .linear: return "Linear"
        case .sequential: return "Sequential"
        case .relu: return "ReLU"
        case .sigmoid: return "Sigmoid"
        case .tanh: return "Tanh"
        case .identity: return "Identity"
        case .softmax: return "Softmax"
        case .flatten: return "Flatten"
        case .dropout: return "Dropout"
        case .mse: return "MSELoss"
        case .crossEntropy: return "CrossEntropyLoss"
        }
    }

    func isInstance(of name: String) -> Bool { name == typeName || name == "Module" }

    func repr(_ interp: Interpreter) throws -> String {
        switch kind {
        case .linear(let i, let o): return "Linear(in_features=\(i), out_features=\(o), bias=\(parameters.count == 2 ? "True" : "False"))"
        case .sequential(let ms):
            if ms.isEmpty { return "Sequential()" }
            var lines = ["Sequential("]
            for (i, m) in ms.enumerated() {
                let inner = try m.repr(interp).split(separator: "\n", omittingEmptySubsequences: false)
                lines.append("  (\(i)): " + inner[0])
                for l in inner.dropFirst() { lines.append("  " + l) }
            }
            lines.append(")")
            return lines.joined(separator: "\n")
        case .softmax(let d): return "Softmax(dim=\(d.map(String.init) ?? "None"))"
        case .flatten(let s, let e): return "Flatten(start_dim=\(s), end_dim=\(e))"
        case .dropout(let p): return "Dropout(p=\(try interp.repr(.float(p))), inplace=False)"
        default: return "\(typeName)()"
        }
    }

    /// Every parameter, this module's first, then its children's in order.
    func allParameters(prefix: String = "") -> [(String, Tensor)] {
        var out = parameters.map { (prefix + $0.0, $0.1) }
        if case .sequential(let ms) = kind {
            for (i, m) in ms.enumerated() { out += m.allParameters(prefix: prefix + "\(i).") }
        }
        return out
    }

    func allModules() -> [NNModule] {
        var out: [NNModule] = []
        if case .sequential(let ms) = kind { for m in ms { out += m.allModules() } }
        out.append(self)
        return out
    }

    func forward(_ args: [Tensor]) throws -> Tensor {
        switch kind {
        case .mse(let r), .crossEntropy(let r):
            guard args.count == 2 else { throw PyException.typeError("\(typeName).forward() takes 2 positional arguments (input, target) but \(args.count) were given") }
            if case .mse = kind { return try NNModule.mseLoss(args[0], args[1], reduction: r) }
            return try NNModule.crossEntropy(args[0], args[1], reduction: r)
        default: break
        }
        guard args.count == 1 else { throw PyException.typeError("\(typeName).forward() takes 1 positional argument but \(args.count) were given") }
        let x = args[0]
        switch kind {
        case .linear(let i, _):
            guard x.shape.last == i else {
                throw TensorError.runtime("mat1 and mat2 shapes cannot be multiplied (\(x.shape.dropLast().reduce(1, *))x\(x.shape.last ?? 0) and \(i)x\(parameters[0].1.shape[0]))")
            }
            let w = try parameters[0].1.t()
            if parameters.count == 2 {
                let b = parameters[1].1
                if x.rank == 2 { return try Tensor.addmm(b, x, w) }
                return try Tensor.binary(.add, .tensor(try Tensor.matmul(x, w)), .tensor(b))
            }
            return try Tensor.matmul(x, w)
        case .sequential(let ms):
            var y = x
            for m in ms { y = try m.forward([y]) }
            return y
        case .relu: return try x.unary(.relu)
        case .sigmoid: return try x.unary(.sigmoid)
        case .tanh: return try x.unary(.tanh)
        case .identity: return x
        case .softmax(let d):
            return try x.softmax(dim: d ?? (x.rank == 0 || x.rank == 1 || x.rank == 3 ? 0 : 1))
        case .flatten(let s, let e): return try x.flattened(startDim: s, endDim: e)
        case .dropout(let p):
            guard training, p > 0 else { return x }
            if p == 1 { return try Tensor.binary(.mul, .tensor(x), .scalar(.int(0))) }
            let keep = try NDArray.binary(.ge, .array(try NDArray.rand(x.shape, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32)), .scalar(.float(p)))
            let scaled = try NDArray.binary(.div, .array(try keep.converted(to: x.dtype)), .scalar(.float(1 - p)))
            return try Tensor.binary(.mul, .tensor(x), .tensor(Tensor(scaled)))
        case .mse, .crossEntropy: fatalError("handled above")
        }
    }

    static func reduce(_ t: Tensor, _ reduction: String) throws -> Tensor {
        switch reduction {
        case "sum": return try t.reduce(.sum, dims: nil, keepdim: false)
        case "none": return t
        default: return try t.reduce(.mean, dims: nil, keepdim: false)
        }
    }

    static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: String) throws -> Tensor {
        guard ["mean", "sum", "none"].contains(reduction) else { throw PyException.valueError("\(reduction) is not a valid value for reduction") }
        let d = try Tensor.binary(.sub, .tensor(input), .tensor(target))
        return try reduce(try d.unary(.square), reduction).named("MseLossBackward0")
    }

    static func crossEntropy(_ input: Tensor, _ target: Tensor, reduction: String) throws -> Tensor {
        guard ["mean", "sum", "none"].contains(reduction) else { throw PyException.valueError("\(reduction) is not a valid value for reduction") }
        guard input.rank >= 1 else { throw TensorError.runtime("cross_entropy expects input with a class dim") }
        let classDim = input.rank == 1 ? 0 : 1
        let logp = try input.logSoftmax(dim: classDim)
        if target.dtype.isFloatingPoint {
            // Class probabilities of the input's shape.
            let per = try Tensor.binary(.mul, .tensor(target), .tensor(logp)).reduce(.sum, dims: [classDim], keepdim: false)
            return try reduce(try per.unary(.neg), reduction)
        }
        guard target.dtype == .int64 || target.dtype == .int32 || target.dtype == .uint8 else {
            throw TensorError.runtime("expected scalar type Long but found \(target.dtype.kernelName)")
        }
        let n = input.shape[classDim]
        for v in target.data.scalars where v.int64Value < 0 || v.int64Value >= Int64(n) {
            throw PyException.indexError("Target \(v.int64Value) is out of bounds.")
        }
        let idx = try target.converted(to: .int64).unsqueezed(classDim)
        let picked = try logp.gather(dim: classDim, index: idx).squeezed([classDim])
        return try reduce(try picked.unary(.neg), reduction).named("NllLossBackward0")
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.keywords.isEmpty else { throw PyException.typeError("\(typeName).forward() got an unexpected keyword argument '\(args.keywords[0].name)'") }
        let tensors = try args.positional.map { try TorchConvert.tensor($0, function: "\(typeName).forward", argument: "input") }
        return .object(try forward(tensors))
    }

    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .sequential(let ms) = kind else { throw PyException.typeError("'\(typeName)' object is not subscriptable") }
        if case .object(let s as PySlice) = key {
            let picked = try interp.getItem(.list(PyList(ms.map { .object($0) })), .object(s))
            let sub = try interp.iterate(picked).compactMap { v -> NNModule? in if case .object(let m as NNModule) = v { return m }; return nil }
            return .object(NNModule(.sequential(sub)))
        }
        guard var i = try interp.asIndex(key) else { throw PyException.typeError("Sequential indices must be integers or slices") }
        if i < 0 { i += ms.count }
        guard i >= 0 && i < ms.count else { throw PyException.indexError("index \(i) is out of range") }
        return .object(ms[i])
    }

    func length(_ interp: Interpreter) throws -> Int? {
        if case .sequential(let ms) = kind { return ms.count }
        return nil
    }

    func iterate(_ interp: Interpreter) throws -> [Value]? {
        if case .sequential(let ms) = kind { return ms.map { .object($0) } }
        return nil
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let p = parameters.first(where: { $0.0 == name }) { return .object(p.1) }
        switch name {
        case "in_features": if case .linear(let i, _) = kind { return .int(i) }
        case "out_features": if case .linear(_, let o) = kind { return .int(o) }
        case "bias": if case .linear = kind { return Value.none }
        case "training": return .bool(training)
        case "p": if case .dropout(let p) = kind { return .float(p) }
        case "reduction":
            if case .mse(let r) = kind { return .str(r) }
            if case .crossEntropy(let r) = kind { return .str(r) }
        case "parameters":
            return .object(NativeClosure(name: "parameters") { [self] _ in .list(PyList(allParameters().map { .object($0.1) })) })
        case "named_parameters":
            return .object(NativeClosure(name: "named_parameters") { [self] _ in
                .list(PyList(allParameters().map { .tuple([.str($0.0), .object($0.1)]) }))
            })
        case "children", "modules":
            return .object(NativeClosure(name: name) { [self] _ in
                if name == "modules" { return .list(PyList(allModules().reversed().map { .object($0) })) }
                if case .sequential(let ms) = kind { return .list(PyList(ms.map { .object($0) })) }
                return .list(PyList([]))
            })
        case "zero_grad":
            return .object(NativeClosure(name: "zero_grad") { [self] _ in
                for (_, p) in allParameters() { p.grad = nil }
                return .none
            })
        case "train", "eval":
            return .object(NativeClosure(name: name) { [self] args in
                let mode = name == "train" ? (args.positional.first.map { isTrue($0) } ?? true) : false
                for m in allModules() { m.training = mode }
                return .object(self)
            })
        case "apply":
            return .object(NativeClosure(name: "apply") { [self] args in
                guard let fn = args.positional.first else { throw PyException.typeError("apply() missing 1 required positional argument: 'fn'") }
                for m in allModules() { _ = try interp.call(fn, [.object(m)]) }
                return .object(self)
            })
        case "forward":
            return .object(NativeClosure(name: "forward") { [self] args in try call(args, interp) ?? .none })
        case "state_dict":
            return .object(NativeClosure(name: name) { [self] args in
                let a = try TorchDistributions.bind(args, interp, name: "state_dict", ["destination", "prefix", "keep_vars"], defaults: [.none, .str(""), .bool(false)])
                guard case .str(let prefix) = a[1] else { throw PyException.typeError("state_dict(): prefix must be a str") }
                return try StateDict.make(allParameters(), prefix: prefix, keepVars: isTrue(a[2]))
            })
        case "load_state_dict":
            return .object(NativeClosure(name: name) { [self] args in
                let a = try TorchDistributions.bind(args, interp, name: "load_state_dict", ["state_dict", "strict", "assign"], defaults: [.none, .bool(true), .bool(false)])
                return try StateDict.load(allParameters(), from: a[0], strict: try interp.truthy(a[1]), owner: typeName, interp)
            })
        default: break
        }
        return nil
    }

    func attributeNames(_ interp: Interpreter) -> [String] {
        parameters.map { $0.0 } + ["apply", "children", "eval", "forward", "modules", "load_state_dict", "named_parameters", "parameters", "state_dict", "train", "training", "zero_grad"]
    }
}

/// `torch.optim.SGD`: p ← p − lr·(grad + weight_decay·p), with momentum when asked.
final class SGDOptimizer: PyObject {
    let params: [Tensor]
    var lr: Double
    let momentum: Double
    let weightDecay: Double
    var buffers: [ObjectIdentifier: Tensor] = [:]

    init(_ params: [Tensor], lr: Double, momentum: Double, weightDecay: Double) {
        self.params = params
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    var typeName: String { "SGD" }

    func repr(_ interp: Interpreter) throws -> String {
        "SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: \(try interp.repr(.float(lr)))\n    maximize: False\n    momentum: \(try SGDOptimizer.number(momentum, interp))\n    nesterov: False\n    weight_decay: \(try SGDOptimizer.number(weightDecay, interp))\n)"
    }

    /// Python's repr of a hyperparameter given as an int or a float.
    static func number(_ d: Double, _ interp: Interpreter) throws -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : try interp.repr(.float(d))
    }

    func step() throws {
        try GradMode.with(enabled: false) {
            for p in params {
                guard let g0 = p.grad else { continue }
                var g = g0
                if weightDecay != 0 { g = try Tensor.binary(.add, .tensor(g), .tensor(try Tensor.binary(.mul, .tensor(p), .scalar(.float(weightDecay))))) }
                if momentum != 0 {
                    let key = ObjectIdentifier(p)
                    if let buf = buffers[key] {
                        try buf.binaryInPlace(.mul, .scalar(.float(momentum)))
                        try buf.binaryInPlace(.add, .tensor(g))
                        g = buf
                    } else {
                        let buf = try g.clone().detach()
                        buffers[key] = buf
                        g = buf
                    }
                }
                try p.binaryInPlace(.sub, .tensor(try Tensor.binary(.mul, .tensor(g), .scalar(.float(lr)))))
            }
        }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "step":
            return .object(NativeClosure(name: "step") { [self] _ in try step(); return .none })
        case "zero_grad":
            return .object(NativeClosure(name: "zero_grad") { [self] args in
                let setToNone = args.positional.first.map { isTrue($0) } ?? true
                for p in params {
                    if setToNone { p.grad = nil } else if let g = p.grad { try g.fill(.int(0)) }
                }
                return .none
            })
        case "param_groups":
            let group = PyDict()
            try group.set(.str("params"), .list(PyList(params.map { .object($0) })))
            try group.set(.str("lr"), .float(lr))
            try group.set(.str("momentum"), .float(momentum))
            try group.set(.str("weight_decay"), .float(weightDecay))
            return .list(PyList([.dict(group)]))
        default: return nil
        }
    }
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

/// The tensors that are `nn.Parameter`s (a module's weights), which print as
/// `Parameter containing:` followed by the tensor. Held strongly: modules keep them anyway,
/// and an identity must not be reused by another tensor.
enum Parameters {
    nonisolated(unsafe) private static var tensors: [ObjectIdentifier: Tensor] = [:]
    static func mark(_ t: Tensor) { tensors[ObjectIdentifier(t)] = t }
    static func contains(_ t: Tensor) -> Bool { tensors[ObjectIdentifier(t)] === t }
}
