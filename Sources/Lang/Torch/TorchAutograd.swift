import Autograd
import Foundation
import TensorCore

/// Autograd the way d2l teaches it (`requires_grad`, `backward()`, `.grad`, `no_grad`) and the
/// functional transforms (`grad(f)`, `jacobian`, `hessian`, `torch.func.*`,
/// `torch.autograd.functional.*`).
enum TorchAutograd {
    static func register(_ t: TorchTable) {
        t.add("backward(input, gradient=None, retain_graph=None, create_graph=False, inputs=None)", .method,
              doc: "Accumulates d(self)/d(leaf) into every leaf's .grad (gradient required for non-scalars).", grad: .notApplicable) { a in
            let x = try a.tensor()
            let g = try TorchConvert.optionalTensor(a["gradient"], function: "backward", argument: "gradient")
            let retain: Bool? = a["retain_graph"].isNone ? nil : try a.bool("retain_graph")
            try x.backward(gradient: g, retainGraph: retain, createGraph: try a.bool("create_graph"))
            return .none
        }
        t.add("requires_grad_(input, requires_grad=True)", .method, doc: "Sets requires_grad in place and returns self.", grad: .notApplicable) { a in
            .object(try a.tensor().requiresGrad_(try a.bool("requires_grad")))
        }
        t.add("detach(input)", doc: "A tensor sharing storage, outside the graph.", grad: .notDifferentiable) { a in
            .object(try a.tensor().detach())
        }
        t.add("detach_(input)", .method, doc: "Detaches self from the graph in place.", grad: .notApplicable) { a in
            .object(try a.tensor().detach_())
        }
        t.add("retain_grad(input)", .method, doc: "Keeps .grad for this non-leaf after backward.", grad: .notApplicable) { a in
            try a.tensor().retainGrad()
            return .none
        }
        t.add("register_hook(input, hook)", .method,
              doc: "Calls hook(grad) when this tensor's gradient is computed; a tensor it returns replaces the gradient. Returns a handle with remove().",
              grad: .notApplicable) { a in
            let x = try a.tensor()
            let hookValue = a["hook"]
            let interp = a.interp
            guard interp.isCallable(hookValue) else {
                throw PyException.typeError("register_hook(): hook must be callable, not \(hookValue.typeName)")
            }
            let handle = try x.registerHook { grad in
                let result = try interp.call(hookValue, [.object(grad)])
                if result.isNone { return nil }
                return try TorchConvert.tensor(result, function: "register_hook", argument: "hook's result")
            }
            return .object(RemovableHandle { x.removeHook(handle) })
        }
        t.add("no_grad()", .function, doc: "Context manager: operations inside record no graph.", grad: .notApplicable) { _ in
            .object(GradModeContext(enabled: false, label: "no_grad"))
        }
        t.add("enable_grad()", .function, doc: "Context manager: re-enables recording inside no_grad.", grad: .notApplicable) { _ in
            .object(GradModeContext(enabled: true, label: "enable_grad"))
        }
        t.add("inference_mode()", .function, doc: "Context manager: like no_grad.", grad: .notApplicable) { _ in
            .object(GradModeContext(enabled: false, label: "inference_mode"))
        }
        t.add("set_grad_enabled(mode)", .function, doc: "Turns recording on or off (also usable in with).", grad: .notApplicable) { a in
            let mode = try a.bool("mode")
            // PyTorch switches the mode at the call and restores the mode from before the call
            // when a with-block over it ends.
            let context = GradModeContext(enabled: mode, label: "set_grad_enabled", restoring: GradMode.isEnabled)
            GradMode.isEnabled = mode
            return .object(context)
        }
        t.add("is_grad_enabled()", .function, doc: "Whether operations currently record a graph.", grad: .notApplicable) { _ in
            .bool(GradMode.isEnabled)
        }
        t.add("grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False)", .function,
              module: "torch.autograd", doc: "Gradients of outputs with respect to inputs, as a tuple (leaves' .grad untouched).",
              grad: .notApplicable) { a in
            let outs = try tensorList(a["outputs"], a.interp, "outputs")
            let ins = try tensorList(a["inputs"], a.interp, "inputs")
            var gos: [Tensor?]? = nil
            if !a["grad_outputs"].isNone {
                gos = try tensorList(a["grad_outputs"], a.interp, "grad_outputs").map { Optional($0) }
            }
            let retain: Bool? = a["retain_graph"].isNone ? nil : try a.bool("retain_graph")
            let gs = try autogradGrad(outputs: outs, inputs: ins, gradOutputs: gos, retainGraph: retain,
                                      createGraph: try a.bool("create_graph"), allowUnused: try a.bool("allow_unused"))
            return .tuple(gs.map { $0.map { .object($0) } ?? Value.none })
        }
        t.add("backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False)", .function, module: "torch.autograd",
              doc: "Calls backward on each tensor with its grad_tensor.", grad: .notApplicable) { a in
            let ts = try tensorList(a["tensors"], a.interp, "tensors")
            let gs: [Tensor?] = a["grad_tensors"].isNone ? ts.map { _ in nil } : try tensorList(a["grad_tensors"], a.interp, "grad_tensors")
            let retain: Bool? = a["retain_graph"].isNone ? nil : try a.bool("retain_graph")
            for (i, x) in ts.enumerated() {
                try x.backward(gradient: i < gs.count ? gs[i] : nil, retainGraph: retain, createGraph: try a.bool("create_graph"))
            }
            return .none
        }
        registerTransforms(t)
    }

    static func tensorList(_ v: Value, _ interp: Interpreter, _ name: String) throws -> [Tensor] {
        if case .object(let x as Tensor) = v { return [x] }
        return try interp.iterate(v).map { try TorchConvert.tensor($0, function: "grad", argument: name) }
    }

    static func registerTransforms(_ t: TorchTable) {
        let r = t.registry
        r.add(["grad", "torch.func.grad"], "grad(func, argnums=0, has_aux=False, create_graph=False)",
              doc: "grad(f) is a function computing df/dx of a scalar-valued f (argnums picks the argument(s)); grad(y, x) is dy/dx for a tensor y.",
              differentiable: .notApplicable) { a in
            if case .object(let y as Tensor) = a["func"] {
                // grad(y, x): the second positional lands in argnums.
                let xs = try tensorList(a["argnums"], a.interp, "inputs")
                let gs = try autogradGrad(outputs: [y], inputs: xs, gradOutputs: nil, retainGraph: true, createGraph: try a.bool("create_graph"), allowUnused: true)
                let values: [Value] = try zip(gs, xs).map { g, x in .object(try g ?? Tensor(try NDArray.full(x.shape, .int(0), dtype: x.dtype))) }
                if case .object(let o) = a["argnums"], o is Tensor { return values[0] }
                return .tuple(values)
            }
            return .object(try Transform(.grad, a, name: "grad"))
        }
        r.add(["value_and_grad"], "value_and_grad(func, argnums=0, has_aux=False)",
              doc: "Like grad(f) but returns (value, gradient).", differentiable: .notApplicable) { a in
            .object(try Transform(.valueAndGrad, a, name: "value_and_grad"))
        }
        r.add(["torch.func.grad_and_value"], "grad_and_value(func, argnums=0, has_aux=False)",
              doc: "Like grad(f) but returns (gradient, value).", differentiable: .notApplicable) { a in
            .object(try Transform(.gradAndValue, a, name: "grad_and_value"))
        }
        r.add(["torch.func.jacrev"], "jacrev(func, argnums=0, has_aux=False, *, count_ops=False)",
              doc: "A function computing the Jacobian of func in reverse mode: one backward pass per output element (count_ops=True prints the elementary operations).",
              differentiable: .notApplicable) { a in
            .object(try Transform(.jacobian, a, name: "jacrev"))
        }
        r.add(["jacobian", "torch.autograd.functional.jacobian"],
              "jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy='reverse-mode', *, mode=None, count_ops=False)",
              doc: "The Jacobian of func at inputs (a tensor, or a tuple for several inputs); mode='forward' (or strategy='forward-mode') computes it in forward mode, one pass per input element; count_ops=True prints the elementary operations.",
              differentiable: .notApplicable) { a in
            let (xs, single) = try inputsOf(a["inputs"], a.interp)
            let f = userFunction(a["func"], a.interp)
            let forward = try jacobianMode(a)
            let createGraph = try a.bool("create_graph")
            let (js, ops) = try OpCount.measure {
                forward ? try Functional.jacobianForward(f, at: xs, argnums: Array(xs.indices))
                        : try Functional.jacobian(f, at: xs, createGraph: createGraph)
            }
            if try a.bool("count_ops") {
                reportCost(a.interp, forward ? "forward" : "reverse", inputs: xs, jacobians: js, ops: ops)
            }
            let results = createGraph || !forward ? js : js.map { $0.detach() }
            return single ? .object(results[0]) : TorchConvert.tuple(results)
        }
        r.add(["hessian", "torch.autograd.functional.hessian"], "hessian(func, inputs, create_graph=False)",
              doc: "The Hessian of scalar-valued func at inputs.", differentiable: .notApplicable) { a in
            let (xs, _) = try inputsOf(a["inputs"], a.interp)
            guard xs.count == 1 else { throw TensorError.runtime("hessian: tcalc supports one input tensor") }
            return .object(try Functional.hessian(userFunction(a["func"], a.interp), at: xs[0], createGraph: try a.bool("create_graph")))
        }
        r.add(["vjp", "torch.autograd.functional.vjp"], "vjp(func, inputs, v=None, create_graph=False)",
              doc: "(func(inputs), v^T J): a vector-Jacobian product.", differentiable: .notApplicable) { a in
            let (xs, single) = try inputsOf(a["inputs"], a.interp)
            let v = try TorchConvert.optionalTensor(a["v"], function: "vjp", argument: "v")
            let (value, g) = try Functional.vjp(userFunction(a["func"], a.interp), at: xs, v, createGraph: try a.bool("create_graph"))
            return .tuple([.object(value), single ? .object(g[0]) : TorchConvert.tuple(g)])
        }
        r.add(["jvp", "torch.autograd.functional.jvp"], "jvp(func, inputs, v=None, create_graph=False)",
              doc: "(func(inputs), J v): a Jacobian-vector product, in one forward pass (forward mode).", differentiable: .notApplicable) { a in
            let (xs, _) = try inputsOf(a["inputs"], a.interp)
            let (vs, _) = a["v"].isNone ? (try xs.map { Tensor(try NDArray.full($0.shape, .int(1), dtype: $0.dtype)) }, true) : try inputsOf(a["v"], a.interp)
            for (x, v) in zip(xs, vs) where x.shape != v.shape {
                throw TensorError.runtime("jvp: the tangent v has shape \(TensorError.shapeString(v.shape)) but the input has shape \(TensorError.shapeString(x.shape))")
            }
            let (value, g) = try Functional.jvpForward(userFunction(a["func"], a.interp), at: xs, tangents: vs)
            if try a.bool("create_graph") { return .tuple([.object(value), .object(g)]) }
            return .tuple([.object(value.detach()), .object(g.detach())])
        }
        r.add(["gradcheck", "torch.autograd.gradcheck"], "gradcheck(func, inputs, eps=1e-06, atol=1e-05, rtol=0.001)",
              doc: "Compares analytic gradients with central differences in float64; True when they agree (raises with the largest error otherwise).",
              differentiable: .notApplicable) { a in
            let (xs, _) = try inputsOf(a["inputs"], a.interp)
            let r = try Functional.gradcheck(userFunction(a["func"], a.interp), at: xs, eps: try a.double("eps"),
                                             atol: try a.double("atol"), rtol: try a.double("rtol"))
            if !r.ok {
                throw TensorError.runtime("Jacobian mismatch: the largest difference between analytic and numerical gradients is \(r.maxError)")
            }
            return .bool(true)
        }
    }

    /// Whether `jacobian(...)` was asked for forward mode (`mode='forward'` or PyTorch's
    /// `strategy='forward-mode'`).
    static func jacobianMode(_ a: BoundArguments) throws -> Bool {
        let strategy = try a.string("strategy")
        guard strategy == "reverse-mode" || strategy == "forward-mode" else {
            throw PyException.valueError("Expected strategy to be either \"forward-mode\" or \"reverse-mode\". Got \(strategy) instead.")
        }
        if a["mode"].isNone { return strategy == "forward-mode" }
        let mode = try a.string("mode")
        guard mode == "forward" || mode == "reverse" else {
            throw PyException.valueError("jacobian(): mode must be 'forward' or 'reverse', got '\(mode)'")
        }
        return mode == "forward"
    }

    /// The `count_ops=True` report: passes and elementary operations of one Jacobian.
    static func reportCost(_ interp: Interpreter, _ mode: String, inputs: [Tensor], jacobians: [Tensor], ops: Int) {
        var n = 0
        for x in inputs { n += x.count }
        var m = 0
        if let j = jacobians.first, let x = inputs.first, x.count > 0 { m = j.count / x.count }
        let passes: String
        if mode == "forward" {
            passes = "\(n) forward pass" + (n == 1 ? "" : "es") + " (one per input element)"
        } else {
            passes = "\(m) backward pass" + (m == 1 ? "" : "es") + " (one per output element)"
        }
        interp.output("jacobian of R^\(n) -> R^\(m), \(mode) mode: \(passes), \(ops) elementary operations\n")
    }

    /// A tensor or a tuple/list of tensors; `single` tells which, to shape the result alike.
    static func inputsOf(_ v: Value, _ interp: Interpreter) throws -> ([Tensor], single: Bool) {
        if case .object(let x as Tensor) = v { return ([x], true) }
        if case .float = v { return ([Tensor(NDArray(scalar: try TorchConvert.scalar(v)!, dtype: DTypeDefaults.floating))], true) }
        return (try tensorList(v, interp, "inputs"), false)
    }

    /// A Python callable as the Swift function the functional API differentiates.
    static func userFunction(_ f: Value, _ interp: Interpreter) -> ([Tensor]) throws -> Tensor {
        return { xs in
            let r = try interp.call(f, xs.map { .object($0) })
            guard case .object(let y as Tensor) = r else {
                throw PyException.typeError("the function must return a Tensor, got \(r.typeName)")
            }
            return y
        }
    }
}

/// The callable that `grad(f)`, `value_and_grad(f)`, `torch.func.jacrev(f)` … return.
final class Transform: PyObject, CallableMarker {
    enum Kind { case grad, valueAndGrad, gradAndValue, jacobian, jacfwd, hessian }
    let kind: Kind
    let function: Value
    let argnums: [Int]
    let singleArgnum: Bool
    let hasAux: Bool
    let countOps: Bool
    let name: String

    init(_ kind: Kind, _ a: BoundArguments, name: String) throws {
        self.kind = kind
        self.name = name
        function = a["func"]
        guard a.interp.isCallable(function) else {
            throw PyException.typeError("\(name)(): argument 'func' must be callable, not \(function.typeName)")
        }
        if let i = try a.interp.asIndex(a["argnums"]) {
            argnums = [i]; singleArgnum = true
        } else {
            argnums = try a.ints(from: a["argnums"]); singleArgnum = false
        }
        let params = a.builtin.parameters.parameters
        hasAux = params.contains { $0.name == "has_aux" } ? try a.bool("has_aux") : false
        countOps = params.contains { $0.name == "count_ops" } ? try a.bool("count_ops") : false
    }

    var typeName: String { "function" }
    func repr(_ interp: Interpreter) throws -> String { "<function \(name)(\(try interp.repr(function)))>" }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        var positional = args.positional
        let count = positional.count
        var chosen: [Tensor] = []
        for i in argnums {
            let j = i < 0 ? i + count : i
            guard j >= 0 && j < count else {
                throw PyException.valueError("\(name)(f)(*args): Got argnums=\(i), but only \(count) positional inputs")
            }
            switch positional[j] {
            case .object(let x as Tensor): chosen.append(x)
            case .float, .int:
                chosen.append(Tensor(NDArray(scalar: .float(positional[j].numericDouble ?? 0), dtype: DTypeDefaults.floating)))
            default:
                throw PyException.typeError("\(name)(f)(*args): argument \(j) must be a Tensor, got \(positional[j].typeName)")
            }
        }
        var aux: Value = .none
        let f: ([Tensor]) throws -> Tensor = { [function, argnums, hasAux, keywords = args.keywords] xs in
            for (k, i) in argnums.enumerated() { positional[i < 0 ? i + count : i] = .object(xs[k]) }
            var r = try interp.call(function, Arguments(positional, keywords: keywords))
            if hasAux {
                guard case .tuple(let parts) = r, parts.count == 2 else {
                    throw PyException.typeError("grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if has_aux is True")
                }
                r = parts[0]; aux = parts[1]
            }
            guard case .object(let y as Tensor) = r else {
                throw PyException.typeError("\(self.name)(f)(*args): Expected f(*args) to return a Tensor, got \(r.typeName)")
            }
            return y
        }
        func pack(_ ts: [Tensor]) -> Value { singleArgnum ? .object(ts[0]) : TorchConvert.tuple(ts) }
        func withAux(_ v: Value) -> Value { hasAux ? .tuple([v, aux]) : v }
        switch kind {
        case .grad:
            return withAux(pack(try Functional.grad(f, at: chosen, argnums: Array(chosen.indices))))
        case .valueAndGrad:
            let (v, g) = try Functional.valueAndGrad(f, at: chosen, argnums: Array(chosen.indices))
            return .tuple([hasAux ? .tuple([.object(v), aux]) : .object(v), pack(g)])
        case .gradAndValue:
            let (v, g) = try Functional.valueAndGrad(f, at: chosen, argnums: Array(chosen.indices))
            return .tuple([pack(g), hasAux ? .tuple([.object(v), aux]) : .object(v)])
        case .jacobian, .jacfwd:
            let forward = kind == .jacfwd
            let (js, ops) = try OpCount.measure {
                forward ? try Functional.jacobianForward(f, at: chosen, argnums: Array(chosen.indices))
                        : try Functional.jacobian(f, at: chosen)
            }
            if countOps {
                TorchAutograd.reportCost(interp, forward ? "forward" : "reverse", inputs: chosen, jacobians: js, ops: ops)
            }
            return withAux(pack(js))
        case .hessian:
            guard chosen.count == 1 else { throw TensorError.runtime("hessian: tcalc supports one differentiated argument") }
            return .object(try Functional.hessianForwardOverReverse(f, at: chosen, argnum: 0))
        }
    }
}

/// `torch.utils.hooks.RemovableHandle`: what `register_hook` returns; `remove()` detaches the hook.
final class RemovableHandle: PyObject {
    let onRemove: () -> Void
    init(_ onRemove: @escaping () -> Void) { self.onRemove = onRemove }
    var typeName: String { "RemovableHandle" }
    func repr(_ interp: Interpreter) throws -> String { "<torch.utils.hooks.RemovableHandle object>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard name == "remove" else { return nil }
        let remove = onRemove
        return .object(NativeClosure(name: "remove") { _ in remove(); return .none })
    }
}
