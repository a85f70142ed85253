import Autograd
import TensorCore

/// `torch.optim.SGD` as a class of the object model (a subclass of `torch.optim.Optimizer`,
/// subclassable from Python): p ← p − lr·(grad + weight_decay·p), with momentum when asked.
final class SGDOptimizer: PyInstance {
    var params: [Tensor] = []
    var lr: Double = 0.001
    var momentum: Double = 0
    var dampening: Double = 0
    var weightDecay: Double = 0
    var nesterov: Bool = false
    var buffers: [ObjectIdentifier: Tensor] = [:]

    override init(type: PyType) { super.init(type: type) }

    /// Python's repr of a hyperparameter given as an int or a float.
    static func number(_ d: Double, _ interp: Interpreter) throws -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : try interp.repr(.float(d))
    }

    func describe(_ interp: Interpreter) throws -> String {
        "\(pyType.name) (\nParameter Group 0\n    dampening: \(try SGDOptimizer.number(dampening, interp))\n    differentiable: False\n    foreach: None\n    fused: None\n    lr: \(try interp.repr(.float(lr)))\n    maximize: False\n    momentum: \(try SGDOptimizer.number(momentum, interp))\n    nesterov: \(nesterov ? "True" : "False")\n    weight_decay: \(try SGDOptimizer.number(weightDecay, interp))\n)"
    }

    func step() throws {
        try GradMode.with(enabled: false) {
            for p in params {
                guard let g0 = p.grad else { continue }
                var g: Tensor = g0
                if weightDecay != 0 { g = try Tensor.binary(.add, .tensor(g), .tensor(try Tensor.binary(.mul, .tensor(p), .scalar(.float(weightDecay))))) }
                if momentum != 0 {
                    let key: ObjectIdentifier = ObjectIdentifier(p)
                    let buf: Tensor
                    if let existing = buffers[key] {
                        try existing.binaryInPlace(.mul, .scalar(.float(momentum)))
                        try existing.binaryInPlace(.add, .tensor(try Tensor.binary(.mul, .tensor(g), .scalar(.float(1 - dampening)))))
                        buf = existing
                    } else {
                        buf = try g.clone().detach()
                        buffers[key] = buf
                    }
                    g = nesterov ? try Tensor.binary(.add, .tensor(g), .tensor(try Tensor.binary(.mul, .tensor(buf), .scalar(.float(momentum))))) : buf
                }
                try p.binaryInPlace(.sub, .tensor(try Tensor.binary(.mul, .tensor(g), .scalar(.float(lr)))))
            }
        }
    }

    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "param_groups" {
            let group: PyDict = PyDict()
            try group.set(.str("params"), .list(PyList(params.map { .object($0) })))
            try group.set(.str("lr"), .float(lr))
            try group.set(.str("momentum"), .float(momentum))
            try group.set(.str("dampening"), .float(dampening))
            try group.set(.str("weight_decay"), .float(weightDecay))
            try group.set(.str("nesterov"), .bool(nesterov))
            return .list(PyList([.dict(group)]))
        }
        return try super.getAttribute(name, interp)
    }
}

enum Optimizers {
    static func optimizer(_ a: BoundArguments) throws -> SGDOptimizer {
        guard case .object(let o) = a["self"], let opt = o as? SGDOptimizer else {
            throw PyException.typeError("descriptor requires an 'SGD' object but received a '\(a["self"].typeName)'")
        }
        return opt
    }

    static func register(_ r: BuiltinRegistry) {
        let optimizer: PyType = PyType("Optimizer", qualifiedName: "torch.optim.optimizer.Optimizer")
        optimizer.allocate = { type, _, _ in SGDOptimizer(type: type) }
        r.registerType(optimizer, as: "torch.optim.Optimizer")
        let sgd: PyType = PyType("SGD", qualifiedName: "torch.optim.sgd.SGD", base: optimizer)
        r.registerType(sgd, as: "torch.optim.SGD")
        r.add(["SGD.__init__"], "__init__(self, params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False)",
              doc: "Stochastic gradient descent over params (a module's parameters()), with optional momentum and weight decay.") { a in
            let opt: SGDOptimizer = try Optimizers.optimizer(a)
            opt.params = try a.interp.iterate(a["params"]).map { try TorchConvert.tensor($0, function: "SGD", argument: "params") }
            if opt.params.isEmpty { throw PyException.valueError("optimizer got an empty parameter list") }
            guard let lr = a["lr"].numericDouble, lr >= 0 else { throw PyException.valueError("Invalid learning rate: \(try a.interp.repr(a["lr"]))") }
            guard let momentum = a["momentum"].numericDouble, momentum >= 0 else { throw PyException.valueError("Invalid momentum value: \(try a.interp.repr(a["momentum"]))") }
            guard let decay = a["weight_decay"].numericDouble, decay >= 0 else { throw PyException.valueError("Invalid weight_decay value: \(try a.interp.repr(a["weight_decay"]))") }
            opt.lr = lr
            opt.momentum = momentum
            opt.dampening = a["dampening"].numericDouble ?? 0
            opt.weightDecay = decay
            opt.nesterov = try a.interp.truthy(a["nesterov"])
            return .none
        }
        r.add(["SGD.step"], "step(self, closure=None)", doc: "Updates every parameter from its gradient (parameters without a gradient are skipped).") { a in
            let opt: SGDOptimizer = try Optimizers.optimizer(a)
            var loss: Value = .none
            if !a["closure"].isNone { loss = try GradMode.with(enabled: true) { try a.interp.call(a["closure"], []) } }
            try opt.step()
            return loss
        }
        r.add(["Optimizer.zero_grad"], "zero_grad(self, set_to_none=True)", doc: "Clears the gradients of the optimised parameters (sets them to None, or zeros them).") { a in
            let opt: SGDOptimizer = try Optimizers.optimizer(a)
            let setToNone: Bool = try a.interp.truthy(a["set_to_none"])
            for p in opt.params {
                if setToNone { p.grad = nil } else if let g = p.grad { try g.fill(.int(0)) }
            }
            return .none
        }
        r.add(["Optimizer.__repr__"], "__repr__(self, /)", doc: "The optimizer's name and its parameter group's settings, as PyTorch prints them.") { a in
            .str(try Optimizers.optimizer(a).describe(a.interp))
        }
    }
}
