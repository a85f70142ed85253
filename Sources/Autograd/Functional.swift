import TensorCore

/// The functional API (`torch.func.grad`, `torch.autograd.functional.jacobian`, …). Each call
/// differentiates through fresh aliases of its inputs, so `x.grad` is never touched, and the
/// results stay connected to any outer differentiation: `grad(grad(f))` is the second derivative.
public enum Functional {
    /// `grad(f)(*inputs)`: d f / d inputs[argnums] for a scalar-valued `f`.
    public static func grad(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], argnums: [Int],
                            createGraph: Bool = false) throws -> [Tensor] {
        try valueAndGrad(f, at: inputs, argnums: argnums, createGraph: createGraph).grads
    }

    /// `torch.func.grad_and_value`: the value of `f` with its gradient.
    public static func valueAndGrad(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], argnums: [Int],
                                    createGraph: Bool = false) throws -> (value: Tensor, grads: [Tensor]) {
        let (aliases, chosen, outer) = try prepare(inputs, argnums: argnums)
        let out = try GradMode.with(enabled: true) { try f(aliases) }
        guard out.count == 1 else {
            throw TensorError.runtime("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with \(out.rank) dims. Maybe you wanted to use the vjp or jacrev APIs instead?")
        }
        let grads = try gradients(of: out, gradOutput: nil, wrt: chosen, createGraph: createGraph || outer)
        return (outer ? out : out.detach(), grads)
    }

    /// `torch.autograd.functional.jacobian(f, inputs)`: for each input, a tensor of shape
    /// `out.shape + input.shape`.
    public static func jacobian(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor],
                                createGraph: Bool = false) throws -> [Tensor] {
        let (aliases, chosen, outer) = try prepare(inputs, argnums: Array(inputs.indices))
        let out = try GradMode.with(enabled: true) { try f(aliases) }
        let keepGraph = createGraph || outer
        var rows: [[Tensor]] = Array(repeating: [], count: chosen.count)
        for k in 0..<out.count {
            let oneHot = try NDArray(zeros: [out.count], dtype: out.dtype)
            oneHot.setScalar(.int(1), atLinear: k)
            let g = Tensor(try oneHot.reshaped(out.shape))
            let grads = try gradients(of: out, gradOutput: g, wrt: chosen, createGraph: keepGraph)
            for (i, gi) in grads.enumerated() { rows[i].append(gi) }
        }
        var result: [Tensor] = []
        for (i, input) in chosen.enumerated() {
            if rows[i].isEmpty {
                result.append(Tensor(try NDArray(zeros: out.shape + input.shape, dtype: input.dtype)))
                continue
            }
            let stacked = try GradMode.with(enabled: keepGraph) { try Tensor.stack(rows[i], dim: 0) }
            result.append(try GradMode.with(enabled: keepGraph) { try stacked.reshaped(out.shape + input.shape) })
        }
        return result
    }

    /// `torch.autograd.functional.hessian(f, x)` for a scalar-valued `f` of one tensor.
    public static func hessian(_ f: ([Tensor]) throws -> Tensor, at input: Tensor,
                               createGraph: Bool = false) throws -> Tensor {
        let gradient: ([Tensor]) throws -> Tensor = { xs in
            try grad(f, at: xs, argnums: [0], createGraph: true)[0]
        }
        return try jacobian(gradient, at: [input], createGraph: createGraph)[0]
    }

    /// `torch.autograd.functional.vjp(f, x, v)`: (f(x), vᵀ J).
    public static func vjp(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], _ v: Tensor?,
                           createGraph: Bool = false) throws -> (value: Tensor, vjp: [Tensor]) {
        let (aliases, chosen, outer) = try prepare(inputs, argnums: Array(inputs.indices))
        let out = try GradMode.with(enabled: true) { try f(aliases) }
        let grads = try gradients(of: out, gradOutput: v, wrt: chosen, createGraph: createGraph || outer)
        return (outer ? out : out.detach(), grads)
    }

    /// `torch.autograd.functional.jvp(f, x, v)`: (f(x), J v), by differentiating a vjp with
    /// respect to its cotangent (the "double vjp" trick), so no forward-mode rules are needed.
    public static func jvp(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], _ v: [Tensor],
                           createGraph: Bool = false) throws -> (value: Tensor, jvp: Tensor) {
        guard v.count == inputs.count else {
            throw TensorError.runtime("jvp: expected \(inputs.count) tangents, got \(v.count)")
        }
        let (aliases, chosen, outer) = try prepare(inputs, argnums: Array(inputs.indices))
        let out = try GradMode.with(enabled: true) { try f(aliases) }
        let u = try Tensor(try NDArray(zeros: out.shape, dtype: out.dtype), requiresGrad: true)
        let result: Tensor = try GradMode.with(enabled: true) {
            guard out.requiresGrad else { return Tensor(try NDArray(zeros: out.shape, dtype: out.dtype)) }
            let vjps = try autogradGrad(outputs: [out], inputs: chosen, gradOutputs: [u], retainGraph: true,
                                        createGraph: true, allowUnused: true)
            var usedVjps: [Tensor] = []
            var tangents: [Tensor?] = []
            for (g, t) in zip(vjps, v) {
                if let g = g, g.requiresGrad { usedVjps.append(g); tangents.append(t) }
            }
            if usedVjps.isEmpty { return Tensor(try NDArray(zeros: out.shape, dtype: out.dtype)) }
            let r = try autogradGrad(outputs: usedVjps, inputs: [u], gradOutputs: tangents,
                                     retainGraph: createGraph || outer, createGraph: createGraph || outer,
                                     allowUnused: true)
            return try r[0] ?? Tensor(try NDArray(zeros: out.shape, dtype: out.dtype))
        }
        return (outer ? out : out.detach(), result)
    }

    /// Central differences in float64 against the analytic Jacobian: the largest absolute
    /// difference, and whether every entry is within `atol + rtol * |numerical|`.
    public static func gradcheck(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], eps: Double = 1e-6,
                                 atol: Double = 1e-5, rtol: Double = 1e-3) throws -> (ok: Bool, maxError: Double) {
        let doubles = try inputs.map { Tensor(try $0.data.converted(to: .float64)) }
        let analytic = try jacobian(f, at: doubles)
        var ok = true
        var maxError = 0.0
        for (i, input) in doubles.enumerated() {
            let jac = try analytic[i].data.converted(to: .float64).doubles
            let outCount = input.count == 0 ? 0 : jac.count / input.count
            for j in 0..<input.count {
                let original = input.data.scalar(atLinear: j).doubleValue
                input.data.setScalar(.float(original + eps), atLinear: j)
                let plus = try GradMode.with(enabled: false) { try f(doubles) }.data.converted(to: .float64).doubles
                input.data.setScalar(.float(original - eps), atLinear: j)
                let minus = try GradMode.with(enabled: false) { try f(doubles) }.data.converted(to: .float64).doubles
                input.data.setScalar(.float(original), atLinear: j)
                for k in 0..<outCount where k < plus.count && k < minus.count {
                    let numerical = (plus[k] - minus[k]) / (2 * eps)
                    let a = jac[k * input.count + j]
                    let err = Swift.abs(a - numerical)
                    maxError = Swift.max(maxError, err.isNaN ? .infinity : err)
                    if !(err <= atol + rtol * Swift.abs(numerical)) { ok = false }
                }
            }
        }
        return (ok, maxError)
    }

    // MARK: Plumbing

    /// Aliases of the inputs to differentiate through: connected to the caller's graph when an
    /// input already requires grad (an outer differentiation), fresh leaves otherwise.
    private static func prepare(_ inputs: [Tensor], argnums: [Int]) throws -> (all: [Tensor], chosen: [Tensor], outer: Bool) {
        var all = inputs
        var chosen: [Tensor] = []
        var outer = false
        for n in argnums {
            let i = n < 0 ? n + inputs.count : n
            guard i >= 0 && i < inputs.count else {
                throw TensorError.runtime("Got argnums=\(n), but only \(inputs.count) positional inputs")
            }
            let x = inputs[i]
            guard x.dtype.isFloatingPoint || x.dtype.isComplex else {
                throw TensorError.runtime("Only Tensors of floating point and complex dtype can require gradients")
            }
            let alias: Tensor
            if GradMode.isEnabled && x.requiresGrad {
                outer = true
                alias = try Tensor.make(AliasRecord(nodeName: "AliasBackward0"), x.data, inputs: [x])
            } else {
                alias = try Tensor(x.data, requiresGrad: true)
                // A tangent rides along, so forward mode sees through reverse (jacfwd(jacrev(f))).
                alias.fwTangent = x.fwTangent
                alias.fwLevel = x.fwLevel
            }
            all[i] = alias
            chosen.append(alias)
        }
        return (all, chosen, outer)
    }

    /// Gradients of `out` with respect to `wrt`, zeros where `out` does not depend on an input.
    private static func gradients(of out: Tensor, gradOutput: Tensor?, wrt: [Tensor], createGraph: Bool) throws -> [Tensor] {
        guard out.requiresGrad else {
            return try wrt.map { Tensor(try NDArray(zeros: $0.shape, dtype: $0.dtype)) }
        }
        let grads = try autogradGrad(outputs: [out], inputs: wrt, gradOutputs: [gradOutput], retainGraph: true,
                                     createGraph: createGraph, allowUnused: true)
        var result: [Tensor] = []
        for (g, x) in zip(grads, wrt) {
            result.append(try g ?? Tensor(try NDArray(zeros: x.shape, dtype: x.dtype)))
        }
        return result
    }
}
