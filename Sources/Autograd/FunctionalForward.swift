import TensorCore

/// The forward-mode side of the functional API: Jacobian-vector products in one forward pass,
/// Jacobians one forward pass per input element (`jacfwd`), and Hessians as forward over
/// reverse (`jacfwd(jacrev(f))`). Tangents ride on the values through every operation's
/// forward rule (see `ForwardAD`); nothing here goes through reverse mode except the reverse
/// half of `hessian`.
extension Functional {
    /// `torch.func.jvp(f, primals, tangents)`: (f(primals), J·tangents) in one forward pass.
    public static func jvpForward(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], tangents: [Tensor])
        throws -> (value: Tensor, jvp: Tensor) {
        guard tangents.count == inputs.count else {
            throw TensorError.runtime("jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, if primals is a tuple of \(inputs.count) tensors, tangents also must be. Got \(inputs.count) primals and \(tangents.count) tangents")
        }
        return try openLevel {
            let duals = try zip(inputs, tangents).map { x, t in try x.makeDual(t) }
            let out = try f(duals)
            let jvp = try out.tangent ?? Tensor(NDArray(zeros: out.shape, dtype: out.dtype))
            return (out.primalView(), jvp)
        }
    }

    /// `torch.func.jacfwd(f, argnums)(*inputs)`: for each chosen input, a tensor of shape
    /// `out.shape + input.shape`, one forward pass per element of that input.
    public static func jacobianForward(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor],
                                       argnums: [Int]) throws -> [Tensor] {
        try openLevel {
            var result: [Tensor] = []
            for n in argnums {
                let i = n < 0 ? n + inputs.count : n
                guard i >= 0 && i < inputs.count else {
                    throw TensorError.runtime("Got argnums=\(n), but only \(inputs.count) positional inputs")
                }
                let x = inputs[i]
                guard x.dtype.isFloatingPoint else {
                    throw TensorError.runtime("jacfwd: Expected all differentiated inputs to be floating point, got \(x.dtype)")
                }
                var columns: [Tensor] = []
                var outShape: [Int]? = nil
                for j in 0..<max(x.count, 1) where x.count > 0 {
                    let oneHot = try NDArray(zeros: x.shape, dtype: x.dtype)
                    oneHot.setScalar(.int(1), atLinear: j)
                    var args = inputs
                    args[i] = try x.makeDual(Tensor(oneHot))
                    let out = try f(args)
                    outShape = out.shape
                    columns.append(try out.tangent ?? Tensor(NDArray(zeros: out.shape, dtype: out.dtype)))
                }
                if x.count == 0 {
                    // No element to perturb: the Jacobian is empty; f runs once for its shape.
                    let out = try f(inputs)
                    result.append(Tensor(try NDArray(zeros: out.shape + x.shape, dtype: x.dtype)))
                    continue
                }
                let stacked = try Tensor.stack(columns, dim: -1)
                result.append(try stacked.reshaped((outShape ?? []) + x.shape))
            }
            return result
        }
    }

    /// `torch.func.hessian(f)(x)`: jacfwd(jacrev(f)), the reverse pass carrying tangents.
    public static func hessianForwardOverReverse(_ f: ([Tensor]) throws -> Tensor, at inputs: [Tensor],
                                                 argnum: Int) throws -> Tensor {
        let gradient: ([Tensor]) throws -> Tensor = { xs in
            let out = try valueAndGrad(f, at: xs, argnums: [argnum], createGraph: false)
            return out.grads[0]
        }
        return try jacobianForward(gradient, at: inputs, argnums: [argnum])[0]
    }

    /// Runs `body` in a fresh dual level, with tcalc's message for a nested forward transform.
    static func openLevel<R>(_ body: () throws -> R) throws -> R {
        if ForwardAD.level != 0 {
            throw TensorError(.notImplemented, "nested forward-mode transforms (jacfwd of jacfwd, jvp inside a dual level) are not supported in tcalc; use forward over reverse, jacfwd(jacrev(f))")
        }
        return try ForwardAD.withLevel(body)
    }
}
