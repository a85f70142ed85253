import Autograd
import Foundation
import TensorCore

/// The built-in layers and losses of `torch.nn` as classes of the object model: each is a
/// subclass of `nn.Module` whose `__init__`, `forward` and `extra_repr` are declared in the
/// builtin table, so `class MyLinear(nn.Linear)` and `super().forward(x)` work as in PyTorch.
enum NNLayers {
    /// Where PyTorch defines each class (what `type(m)` shows).
    static let homes: [String: String] = [
        "Linear": "torch.nn.modules.linear", "Identity": "torch.nn.modules.linear",
        "Sequential": "torch.nn.modules.container", "Flatten": "torch.nn.modules.flatten",
        "ReLU": "torch.nn.modules.activation", "Sigmoid": "torch.nn.modules.activation",
        "Tanh": "torch.nn.modules.activation", "Softmax": "torch.nn.modules.activation",
        "Dropout": "torch.nn.modules.dropout", "MSELoss": "torch.nn.modules.loss",
        "CrossEntropyLoss": "torch.nn.modules.loss",
    ]

    static func attribute(_ m: NNModule, _ name: String) throws -> Value { try m.dict.get(.str(name)) ?? Value.none }

    static func setAttribute(_ m: NNModule, _ name: String, _ v: Value) throws { try m.dict.set(.str(name), v) }

    static func input(_ a: BoundArguments, _ name: String = "input") throws -> Tensor {
        try TorchConvert.tensor(a[name], function: "forward", argument: name)
    }

    static func register(_ r: BuiltinRegistry, module: PyType) {
        for (name, home) in homes {
            let t: PyType = PyType(name, qualifiedName: "\(home).\(name)", base: module)
            r.registerType(t, as: "torch.nn.\(name)")
        }
        registerLinear(r)
        registerActivations(r)
        registerSequential(r)
        registerLosses(r)
    }

    static func registerLinear(_ r: BuiltinRegistry) {
        r.add(["Linear.__init__"], "__init__(self, in_features, out_features, bias=True, device=None, dtype=None)",
              doc: "y = x Wᵀ + b, with W of shape (out_features, in_features) and b drawn from U(-1/√in, 1/√in) as PyTorch's reset_parameters.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            guard let inF = try a.interp.asIndex(a["in_features"]), let outF = try a.interp.asIndex(a["out_features"]), inF >= 0, outF >= 0 else {
                throw PyException.typeError("Linear.__init__() requires in_features and out_features as non-negative ints")
            }
            let dtype: DType = try TorchConvert.dtype(a["dtype"], function: "Linear") ?? DTypeDefaults.floating
            m.initialize()
            try setAttribute(m, "in_features", .int(inF))
            try setAttribute(m, "out_features", .int(outF))
            // kaiming_uniform_(a=√5) gives U(-1/√in, 1/√in); the bias the same.
            let bound: Double = inF > 0 ? 1 / Double(inF).squareRoot() : 0
            m.parameters.set("weight", try uniformParameter([outF, inF], bound, dtype))
            m.parameters.set("bias", try a.interp.truthy(a["bias"]) ? try uniformParameter([outF], bound, dtype) : nil)
            return .none
        }
        r.add(["Linear.forward"], "forward(self, input)", doc: "input @ weight.T + bias.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            let x: Tensor = try input(a)
            guard let w = m.parameters.value("weight") ?? nil else { throw PyException.runtimeError("Linear has no weight") }
            guard x.shape.last == w.shape.last else {
                throw TensorError.runtime("mat1 and mat2 shapes cannot be multiplied (\(x.shape.dropLast().reduce(1, *))x\(x.shape.last ?? 0) and \(w.shape.last ?? 0)x\(w.shape.first ?? 0))")
            }
            let wt: Tensor = try w.t()
            if let b = m.parameters.value("bias") ?? nil {
                if x.rank == 2 { return .object(try Tensor.addmm(b, x, wt)) }
                return .object(try Tensor.binary(.add, .tensor(try Tensor.matmul(x, wt)), .tensor(b)))
            }
            return .object(try Tensor.matmul(x, wt))
        }
        r.add(["Linear.extra_repr"], "extra_repr(self)", doc: "in_features=…, out_features=…, bias=….") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            let hasBias: Bool = (m.parameters.value("bias") ?? nil) != nil
            return .str("in_features=\(try a.interp.repr(try attribute(m, "in_features"))), out_features=\(try a.interp.repr(try attribute(m, "out_features"))), bias=\(hasBias ? "True" : "False")")
        }
    }

    static func registerActivations(_ r: BuiltinRegistry) {
        for (name, op) in [("ReLU", UnaryOp.relu), ("Sigmoid", .sigmoid), ("Tanh", .tanh)] {
            r.add(["\(name).__init__"], "__init__(self, inplace=False)", doc: "The \(name) activation as a layer.") { a in
                let m: NNModule = try NNModuleMethods.module(a)
                m.initialize()
                if name == "ReLU" { try setAttribute(m, "inplace", a["inplace"]) }
                return .none
            }
            r.add(["\(name).forward"], "forward(self, input)", doc: "\(name) of the input, elementwise.") { a in
                .object(try input(a).unary(op))
            }
        }
        r.add(["ReLU.extra_repr"], "extra_repr(self)", doc: "'inplace=True' when in place, else ''.") { a in
            .str(try a.interp.truthy(try attribute(try NNModuleMethods.module(a), "inplace")) ? "inplace=True" : "")
        }
        r.add(["Identity.__init__"], "__init__(self, *args, **kwargs)", doc: "A layer that returns its input (arguments are ignored).") { a in
            try NNModuleMethods.module(a).initialize()
            return .none
        }
        r.add(["Identity.forward"], "forward(self, input)", doc: "The input itself.") { a in a["input"] }
        r.add(["Softmax.__init__"], "__init__(self, dim=None)", doc: "Softmax along dim as a layer.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            m.initialize()
            try setAttribute(m, "dim", a["dim"])
            return .none
        }
        r.add(["Softmax.forward"], "forward(self, input)", doc: "Softmax along the layer's dim (PyTorch's legacy choice when None).") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            let x: Tensor = try input(a)
            let d: Int = try a.interp.asIndex(try attribute(m, "dim")) ?? (x.rank == 0 || x.rank == 1 || x.rank == 3 ? 0 : 1)
            return .object(try x.softmax(dim: d))
        }
        r.add(["Softmax.extra_repr"], "extra_repr(self)", doc: "dim=….") { a in
            .str("dim=\(try a.interp.repr(try attribute(try NNModuleMethods.module(a), "dim")))")
        }
        r.add(["Flatten.__init__"], "__init__(self, start_dim=1, end_dim=-1)", doc: "Flattens dims start_dim..end_dim into one.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            m.initialize()
            try setAttribute(m, "start_dim", .int(try a.int("start_dim")))
            try setAttribute(m, "end_dim", .int(try a.int("end_dim")))
            return .none
        }
        r.add(["Flatten.forward"], "forward(self, input)", doc: "The input with dims start_dim..end_dim flattened.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            let s: Int = try a.interp.asIndex(try attribute(m, "start_dim")) ?? 1
            let e: Int = try a.interp.asIndex(try attribute(m, "end_dim")) ?? -1
            return .object(try input(a).flattened(startDim: s, endDim: e))
        }
        r.add(["Flatten.extra_repr"], "extra_repr(self)", doc: "start_dim=…, end_dim=….") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            return .str("start_dim=\(try a.interp.repr(try attribute(m, "start_dim"))), end_dim=\(try a.interp.repr(try attribute(m, "end_dim")))")
        }
        r.add(["Dropout.__init__"], "__init__(self, p=0.5, inplace=False)", doc: "Zeroes elements with probability p in training mode, scaling the rest by 1/(1-p).") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            guard let p = a["p"].numericDouble, p >= 0, p <= 1 else {
                throw PyException.valueError("dropout probability has to be between 0 and 1, but got \(try a.interp.repr(a["p"]))")
            }
            m.initialize()
            try setAttribute(m, "p", a["p"])
            try setAttribute(m, "inplace", a["inplace"])
            return .none
        }
        r.add(["Dropout.forward"], "forward(self, input)", doc: "Dropout in training mode, the input unchanged in eval mode.") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            let x: Tensor = try input(a)
            let p: Double = try attribute(m, "p").numericDouble ?? 0.5
            guard m.training, p > 0 else { return .object(x) }
            if p == 1 { return .object(try Tensor.binary(.mul, .tensor(x), .scalar(.int(0)))) }
            let keep: NDArray = try NDArray.binary(.ge, .array(try NDArray.rand(x.shape, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32)), .scalar(.float(p)))
            let scaled: NDArray = try NDArray.binary(.div, .array(try keep.converted(to: x.dtype)), .scalar(.float(1 - p)))
            return .object(try Tensor.binary(.mul, .tensor(x), .tensor(Tensor(scaled))))
        }
        r.add(["Dropout.extra_repr"], "extra_repr(self)", doc: "p=…, inplace=….") { a in
            let m: NNModule = try NNModuleMethods.module(a)
            return .str("p=\(try a.interp.str(try attribute(m, "p"))), inplace=\(try a.interp.repr(try attribute(m, "inplace")))")
        }
    }

    static func registerSequential(_ r: BuiltinRegistry) {
        func sequential(_ a: BoundArguments) throws -> NNModule { try NNModuleMethods.module(a) }
        r.add(["Sequential.__init__"], "__init__(self, *args)", doc: "Modules applied one after another; registered as '0', '1', … (or by the keys of one OrderedDict).") { a in
            let m: NNModule = try sequential(a)
            m.initialize()
            if a.varArgs.count == 1, case .dict(let d) = a.varArgs[0] {
                for (k, v) in d.entries {
                    guard case .str(let name) = k, case .object(let o as NNModule) = v else { throw PyException.typeError("\(v.typeName) is not a Module subclass") }
                    m.modules.set(name, o)
                }
                return .none
            }
            for (i, v) in a.varArgs.enumerated() {
                guard case .object(let o as NNModule) = v else { throw PyException.typeError("\(NNModule.typename(v)) is not a Module subclass") }
                m.modules.set(String(i), o)
            }
            return .none
        }
        r.add(["Sequential.forward"], "forward(self, input)", doc: "Each module applied in turn to the previous result.") { a in
            var y: Value = a["input"]
            for (_, child) in try sequential(a).modules.items {
                guard let child = child else { continue }
                y = try a.interp.call(.object(child), [y])
            }
            return y
        }
        r.add(["Sequential.__len__"], "__len__(self)", doc: "The number of modules.") { a in .int(try sequential(a).modules.keys.count) }
        r.add(["Sequential.__iter__"], "__iter__(self)", doc: "An iterator over the modules.") { a in
            .object(PyIterator("iterator", try sequential(a).modules.items.map { $0.1.map { .object($0) } ?? Value.none }))
        }
        r.add(["Sequential.__getitem__"], "__getitem__(self, idx)", doc: "The module at an index, or a Sequential of a slice of them.") { a in
            let m: NNModule = try sequential(a)
            let items: [(String, NNModule?)] = m.modules.items
            if case .object(let o as PySlice) = a["idx"] {
                let picked: NNModule = NNModule(type: m.pyType)
                picked.initialize()
                for i in try o.indices(count: items.count, a.interp) { picked.modules.set(items[i].0, items[i].1) }
                return .object(picked)
            }
            guard var i = try a.interp.asIndex(a["idx"]) else {
                throw PyException.typeError("Sequential indices must be integers or slices, not \(a["idx"].typeName)")
            }
            if i < 0 { i += items.count }
            guard i >= 0 && i < items.count else { throw PyException.indexError("index \(i) is out of range") }
            return items[i].1.map { .object($0) } ?? Value.none
        }
        r.add(["Sequential.append"], "append(self, module)", doc: "Adds a module at the end; returns the Sequential.") { a in
            let m: NNModule = try sequential(a)
            guard case .object(let o as NNModule) = a["module"] else { throw PyException.typeError("\(NNModule.typename(a["module"])) is not a Module subclass") }
            m.modules.set(String(m.modules.keys.count), o)
            return .object(m)
        }
    }

    static func registerLosses(_ r: BuiltinRegistry) {
        for name in ["MSELoss", "CrossEntropyLoss"] {
            r.add(["\(name).__init__"], "__init__(self, size_average=None, reduce=None, reduction='mean')",
                  doc: name == "MSELoss" ? "Mean squared error as a layer: loss(input, target)." : "Cross-entropy of logits against class indices (or probabilities) as a layer.") { a in
                let m: NNModule = try NNModuleMethods.module(a)
                guard case .str(let reduction) = a["reduction"], ["mean", "sum", "none"].contains(reduction) else {
                    throw PyException.valueError("\(try a.interp.repr(a["reduction"])) is not a valid value for reduction")
                }
                m.initialize()
                try setAttribute(m, "reduction", .str(reduction))
                return .none
            }
            r.add(["\(name).forward"], "forward(self, input, target)", doc: "The loss of input against target with the layer's reduction.") { a in
                let m: NNModule = try NNModuleMethods.module(a)
                guard case .str(let reduction) = try attribute(m, "reduction") else { throw PyException.typeError("reduction must be a str") }
                let x: Tensor = try input(a), t: Tensor = try input(a, "target")
                if name == "MSELoss" { return .object(try mseLoss(x, t, reduction: reduction)) }
                return .object(try crossEntropy(x, t, reduction: reduction))
            }
        }
    }

    // MARK: shared numerics

    static func uniform(_ shape: [Int], low: Double, high: Double, _ dtype: DType) throws -> NDArray {
        let u: NDArray = try NDArray.rand(shape, dtype: dtype)
        return try NDArray.binary(.add, .scalar(.float(low)), .array(try NDArray.binary(.mul, .array(u), .scalar(.float(high - low)))))
    }

    static func uniformParameter(_ shape: [Int], _ bound: Double, _ dtype: DType) throws -> Tensor {
        let p: Tensor = try Tensor(try uniform(shape, low: -bound, high: bound, dtype).converted(to: dtype), requiresGrad: true)
        p.isParameter = true
        return p
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
        let d: Tensor = try Tensor.binary(.sub, .tensor(input), .tensor(target))
        return try reduce(try d.unary(.square), reduction).named("MseLossBackward0")
    }

    static func crossEntropy(_ input: Tensor, _ target: Tensor, reduction: String) throws -> Tensor {
        guard ["mean", "sum", "none"].contains(reduction) else { throw PyException.valueError("\(reduction) is not a valid value for reduction") }
        guard input.rank >= 1 else { throw TensorError.runtime("cross_entropy expects input with a class dim") }
        let classDim: Int = input.rank == 1 ? 0 : 1
        let logp: Tensor = try input.logSoftmax(dim: classDim)
        if target.dtype.isFloatingPoint {
            // Class probabilities of the input's shape.
            let per: Tensor = try Tensor.binary(.mul, .tensor(target), .tensor(logp)).reduce(.sum, dims: [classDim], keepdim: false)
            return try reduce(try per.unary(.neg), reduction)
        }
        guard target.dtype == .int64 || target.dtype == .int32 || target.dtype == .uint8 else {
            throw TensorError.runtime("expected scalar type Long but found \(target.dtype.kernelName)")
        }
        let n: Int = input.shape[classDim]
        for v in target.data.scalars where v.int64Value < 0 || v.int64Value >= Int64(n) {
            throw PyException.indexError("Target \(v.int64Value) is out of bounds.")
        }
        let idx: Tensor = try target.converted(to: .int64).unsqueezed(classDim)
        let picked: Tensor = try logp.gather(dim: classDim, index: idx).squeezed([classDim])
        return try reduce(try picked.unary(.neg), reduction).named("NllLossBackward0")
    }
}
