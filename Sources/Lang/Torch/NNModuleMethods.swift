import Autograd
import TensorCore

/// `torch.nn.Module`'s methods, declared in the builtin table under `Module.*`: every module
/// class (built-in or user-defined) finds them through its MRO.
enum NNModuleMethods {
    static func module(_ a: BoundArguments) throws -> NNModule {
        guard case .object(let o) = a["self"], let m = o as? NNModule else {
            throw PyException.typeError("descriptor requires a 'Module' object but received a '\(a["self"].typeName)'")
        }
        return m
    }

    static func generator(_ values: [Value]) -> Value { .object(PyIterator("generator", values)) }

    static func sizeText(_ shape: [Int]) -> String { "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])" }

    static func register(_ r: BuiltinRegistry) {
        r.add(["Module.__init__"], "__init__(self, *args, **kwargs)", doc: "Initialises the module: empty parameter, buffer and submodule registries, training mode.") { a in
            if let extra = a.varArgs.first {
                throw PyException.typeError("Module.__init__() takes 1 positional argument but \(a.varArgs.count + 1) were given (\(extra.typeName))")
            }
            try module(a).initialize()
            return .none
        }
        r.add(["Module.forward"], "forward(self, *input)", doc: "The computation a subclass defines; net(X) calls it.") { a in
            throw PyException.notImplemented("Module [\(try module(a).displayName)] is missing the required \"forward\" function")
        }
        r.add(["Module.__call__"], "__call__(self, *args, **kwargs)", doc: "Runs forward with the arguments (what net(X) does).") { a in
            let m: NNModule = try module(a)
            let forward: Value = try a.interp.getAttribute(.object(m), "forward")
            return try a.interp.call(forward, Arguments(a.varArgs, keywords: a.varKeywords.map { (name: $0.0, value: $0.1) }))
        }
        r.add(["Module.__repr__"], "__repr__(self, /)", doc: "The class name with extra_repr() and the children, as PyTorch prints modules.") { a in
            .str(try module(a).moduleRepr(a.interp))
        }
        r.add(["Module.extra_repr"], "extra_repr(self)", doc: "The layer's own settings for its repr ('' for plain modules).") { _ in .str("") }
        r.add(["Module.parameters"], "parameters(self, recurse=True)", doc: "The parameters of the module and its submodules, each once, in registration order.") { a in
            generator(try module(a).namedParameters(recurse: try a.bool("recurse")).map { .object($0.1) })
        }
        r.add(["Module.named_parameters"], "named_parameters(self, prefix='', recurse=True, remove_duplicate=True)", doc: "(name, parameter) pairs with dotted names such as 'hidden.weight'.") { a in
            generator(try module(a).namedParameters(prefix: try a.string("prefix"), recurse: try a.bool("recurse")).map { .tuple([.str($0.0), .object($0.1)]) })
        }
        r.add(["Module.buffers"], "buffers(self, recurse=True)", doc: "The buffers (registered tensors that are not parameters).") { a in
            generator(try module(a).namedBuffers(recurse: try a.bool("recurse")).map { .object($0.1) })
        }
        r.add(["Module.named_buffers"], "named_buffers(self, prefix='', recurse=True)", doc: "(name, buffer) pairs.") { a in
            generator(try module(a).namedBuffers(prefix: try a.string("prefix"), recurse: try a.bool("recurse")).map { .tuple([.str($0.0), .object($0.1)]) })
        }
        r.add(["Module.children"], "children(self)", doc: "The direct submodules, in registration order.") { a in
            generator(try module(a).children.map { .object($0.1) })
        }
        r.add(["Module.named_children"], "named_children(self)", doc: "(name, submodule) pairs of the direct submodules.") { a in
            generator(try module(a).children.map { .tuple([.str($0.0), .object($0.1)]) })
        }
        r.add(["Module.modules"], "modules(self)", doc: "The module itself and every submodule, depth first.") { a in
            generator(try module(a).namedModules().map { .object($0.1) })
        }
        r.add(["Module.named_modules"], "named_modules(self, memo=None, prefix='', remove_duplicate=True)", doc: "(dotted name, module) pairs, the module itself first with name ''.") { a in
            generator(try module(a).namedModules(prefix: try a.string("prefix")).map { .tuple([.str($0.0), .object($0.1)]) })
        }
        r.add(["Module.zero_grad"], "zero_grad(self, set_to_none=True)", doc: "Clears the gradients of every parameter (sets them to None, or zeros them).") { a in
            let setToNone: Bool = try a.bool("set_to_none")
            for (_, p) in try module(a).namedParameters() {
                if setToNone { p.grad = nil } else if let g = p.grad { try g.fill(.int(0)) }
            }
            return .none
        }
        r.add(["Module.train"], "train(self, mode=True)", doc: "Sets training mode (Dropout drops) on the module and its submodules; returns the module.") { a in
            let m: NNModule = try module(a)
            let mode: Bool = try a.bool("mode")
            for (_, sub) in m.namedModules() { sub.training = mode }
            return .object(m)
        }
        r.add(["Module.eval"], "eval(self)", doc: "Sets evaluation mode (train(False)); returns the module.") { a in
            let m: NNModule = try module(a)
            for (_, sub) in m.namedModules() { sub.training = false }
            return .object(m)
        }
        r.add(["Module.requires_grad_"], "requires_grad_(self, requires_grad=True)", doc: "Sets requires_grad on every parameter; returns the module.") { a in
            let m: NNModule = try module(a)
            for (_, p) in m.namedParameters() { try p.setRequiresGrad(try a.bool("requires_grad")) }
            return .object(m)
        }
        r.add(["Module.apply"], "apply(self, fn)", doc: "Calls fn on every submodule (children first) and then on the module; returns the module.") { a in
            let m: NNModule = try module(a)
            func visit(_ x: NNModule) throws {
                for (_, c) in x.children { try visit(c) }
                _ = try a.interp.call(a["fn"], [.object(x)])
            }
            try visit(m)
            return .object(m)
        }
        r.add(["Module.to"], "to(self, *args, **kwargs)", doc: "Moves the module to a device: tcalc computes on the CPU, so this returns the module.") { a in
            for v in a.varArgs + a.varKeywords.map({ $0.1 }) {
                if case .str(let s) = v, !s.hasPrefix("cpu") { throw PyException.runtimeError("tcalc computes on the CPU; device '\(s)' is not available") }
            }
            return .object(try module(a))
        }
        r.add(["Module.add_module", "Module.register_module"], "add_module(self, name, module)", doc: "Registers a submodule under name (what attribute assignment of a Module does).") { a in
            let m: NNModule = try module(a)
            guard case .str(let name) = a["name"] else { throw PyException.typeError("module name should be a string. Got \(a["name"].typeName)") }
            if name.contains(".") { throw PyException.keyError(.str("module name can't contain \".\", got: \(name)")) }
            if name.isEmpty { throw PyException.keyError(.str("module name can't be empty string \"\"")) }
            let child: NNModule?
            switch a["module"] {
            case .none: child = nil
            case .object(let o as NNModule): child = o
            default: throw PyException.typeError("\(NNModule.typename(a["module"])) is not a Module subclass")
            }
            if !m.modules.contains(name), try m.dict.get(.str(name)) != nil || m.parameters.contains(name) {
                throw PyException.keyError(.str("attribute '\(name)' already exists"))
            }
            m.modules.set(name, child)
            return .none
        }
        r.add(["Module.register_parameter"], "register_parameter(self, name, param)", doc: "Registers a Parameter (or None) under name.") { a in
            let m: NNModule = try module(a)
            let name: String = try a.string("name")
            guard m.initialized else { throw PyException.attributeError("cannot assign parameter before Module.__init__() call") }
            if name.contains(".") { throw PyException.keyError(.str("parameter name can't contain \".\"")) }
            switch a["param"] {
            case .none: m.parameters.set(name, nil)
            case .object(let t as Tensor) where t.isParameter: m.parameters.set(name, t)
            default:
                throw PyException.typeError("cannot assign '\(NNModule.typename(a["param"]))' object to parameter '\(name)' (torch.nn.Parameter or None required)")
            }
            return .none
        }
        r.add(["Module.register_buffer"], "register_buffer(self, name, tensor, persistent=True)", doc: "Registers a tensor that is saved in state_dict but is not a parameter.") { a in
            let m: NNModule = try module(a)
            let name: String = try a.string("name")
            guard m.initialized else { throw PyException.attributeError("cannot assign buffer before Module.__init__() call") }
            switch a["tensor"] {
            case .none: m.buffers.set(name, nil)
            case .object(let t as Tensor): m.buffers.set(name, t)
            default: throw PyException.typeError("cannot assign '\(NNModule.typename(a["tensor"]))' object to buffer '\(name)' (torch Tensor or None required)")
            }
            if try a.bool("persistent") { m.nonPersistentBuffers.remove(name) } else { m.nonPersistentBuffers.insert(name) }
            return .none
        }
        r.add(["Module.state_dict"], "state_dict(self, *args, destination=None, prefix='', keep_vars=False)", doc: "An OrderedDict of every parameter and persistent buffer by dotted name (detached tensors sharing storage).") { a in
            try StateDict.make(try module(a).stateEntries(keepVars: true), prefix: try a.string("prefix"), keepVars: try a.bool("keep_vars"))
        }
        r.add(["Module.load_state_dict"], "load_state_dict(self, state_dict, strict=True, assign=False)", doc: "Copies tensors from a state_dict into the parameters and buffers (names must match when strict).") { a in
            let m: NNModule = try module(a)
            return try StateDict.load(try m.stateEntries(keepVars: true), from: a["state_dict"], strict: try a.interp.truthy(a["strict"]), owner: m.displayName, a.interp)
        }
    }
}
