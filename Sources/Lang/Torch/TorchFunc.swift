import Autograd
import Foundation
import TensorCore

/// `torch.func`'s forward-mode transforms and `vmap`. `jvp` and `jacfwd` push tangents through
/// the operations' forward rules (one forward pass per tangent); `hessian` is jacfwd(jacrev(f));
/// `vmap` runs the function once per index of the mapped dims and stacks the results (a loop,
/// not a batching interpreter: the same results and errors as PyTorch, at a loop's speed).
enum TorchFunc {
    static func register(_ t: TorchTable) {
        let r = t.registry
        r.add(["torch.func.jacfwd"], "jacfwd(func, argnums=0, has_aux=False, *, randomness='error', count_ops=False)",
              doc: "A function computing the Jacobian of func in forward mode: one forward pass per input element (count_ops=True prints the elementary operations).") { a in
            .object(try Transform(.jacfwd, a, name: "jacfwd"))
        }
        r.add(["torch.func.hessian"], "hessian(func, argnums=0)",
              doc: "A function computing the Hessian of scalar-valued func, as jacfwd(jacrev(func)).") { a in
            .object(try Transform(.hessian, a, name: "hessian"))
        }
        r.add(["torch.func.jvp"], "jvp(func, primals, tangents, *, has_aux=False)",
              doc: "(func(*primals), J·tangents) in one forward pass (forward mode).") { a in
            let f = a["func"]
            guard case .tuple(let p) = a["primals"] else {
                throw PyException.runtimeError("jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to call f(*primals).")
            }
            guard case .tuple(let tv) = a["tangents"] else {
                throw PyException.runtimeError("jvp(f, primals, tangents): Expected tangents to be a tuple. E.g. it should be valid to call f(*primals).")
            }
            let xs = try p.map { try TorchConvert.tensor($0, function: "jvp", argument: "primals") }
            let ts = try tv.map { try TorchConvert.tensor($0, function: "jvp", argument: "tangents") }
            var aux: Value = .none
            let hasAux = try a.bool("has_aux")
            let (value, jvp) = try Functional.jvpForward({ duals in
                var r = try a.interp.call(f, duals.map { .object($0) })
                if hasAux {
                    guard case .tuple(let parts) = r, parts.count == 2 else {
                        throw PyException.typeError("jvp(f, primals, tangents): output of function f should be a tuple: (output, aux) if has_aux is True")
                    }
                    r = parts[0]; aux = parts[1]
                }
                guard case .object(let y as Tensor) = r else {
                    throw PyException.typeError("jvp(f, primals, tangents): expected f(*primals) to return only tensors, got unsupported type \(r.typeName)")
                }
                return y
            }, at: xs, tangents: ts)
            return hasAux ? .tuple([.object(value), .object(jvp), aux]) : .tuple([.object(value), .object(jvp)])
        }
        r.add(["vmap", "torch.func.vmap", "torch.vmap"], "vmap(func, in_dims=0, out_dims=0, randomness='error', *, chunk_size=None)",
              doc: "func mapped over a dim of its inputs (in_dims: an int, None, or one per argument) with results stacked at out_dims; vmap(grad(f)) gives per-example gradients.") { a in
            .object(try VmapTransform(a))
        }
    }
}

/// What `vmap(f, in_dims, out_dims)` returns.
final class VmapTransform: PyObject, CallableMarker {
    let function: Value
    let inDims: Value
    let outDims: Value
    let name: String

    init(_ a: BoundArguments) throws {
        function = a["func"]
        guard a.interp.isCallable(function) else {
            throw PyException.typeError("vmap(func): func must be callable, got \(function.typeName)")
        }
        inDims = a["in_dims"]
        outDims = a["out_dims"]
        name = VmapTransform.functionName(function, a.interp)
    }

    static func functionName(_ f: Value, _ interp: Interpreter) -> String {
        if case .object(let b as BuiltinFunction) = f { return String(b.builtin.name.split(separator: ".").last ?? "function") }
        if case .object(let o) = f, let n = try? o.getAttribute("__name__", interp), case .str(let s) = n { return s }
        return "function"
    }

    var typeName: String { "function" }
    func repr(_ interp: Interpreter) throws -> String { "<function vmap(\(name))>" }

    private func describe(_ v: Value, _ interp: Interpreter) -> String {
        (try? interp.repr(v)) ?? "?"
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        let positional = args.positional
        let prefix = "vmap(\(name), in_dims=\(describe(inDims, interp)), ...)(<inputs>)"
        // One in_dim per positional argument.
        var dims: [Int?]
        switch inDims {
        case .tuple, .list:
            let items = try interp.iterate(inDims)
            guard items.count == positional.count else {
                throw PyException.valueError("\(prefix): in_dims is not compatible with the structure of `inputs`. in_dims has \(items.count) entries but inputs has \(positional.count)")
            }
            dims = try items.map { $0.isNone ? nil : try interp.asIndex($0) }
        default:
            let d: Int? = inDims.isNone ? nil : try interp.asIndex(inDims)
            dims = Array(repeating: d, count: positional.count)
        }
        var size: Int? = nil
        var sizes: [Int] = []
        for (i, d) in dims.enumerated() {
            guard let d = d else { continue }
            guard case .object(let x as Tensor) = positional[i] else {
                if case .tuple = inDims { throw PyException.valueError("\(prefix): Got in_dim=\(d) for an input but the input is of type \(positional[i].typeName). We cannot vmap over non-Tensor arguments, please use None as the respective in_dim") }
                dims[i] = nil
                continue
            }
            guard d >= -x.rank && d < x.rank else {
                throw PyException.valueError("\(prefix): Got in_dim=\(d) for some input, but that input is a Tensor of dimensionality \(x.rank) so expected in_dim to satisfy -\(x.rank) <= in_dim < \(x.rank).")
            }
            let n = x.shape[d < 0 ? d + x.rank : d]
            sizes.append(n)
            if size == nil { size = n }
        }
        guard let batch = size else {
            throw PyException.valueError("vmap: Expected at least one Tensor to vmap over")
        }
        if sizes.contains(where: { $0 != batch }) {
            throw PyException.valueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes \(sizes) for the mapped dimension")
        }
        var results: [Value] = []
        for b in 0..<batch {
            var call = positional
            for (i, d) in dims.enumerated() {
                guard let d = d, case .object(let x as Tensor) = positional[i] else { continue }
                let dim = d < 0 ? d + x.rank : d
                call[i] = .object(try x.narrowed(dim: dim, start: b, length: 1).squeezed([dim]))
            }
            results.append(try interp.call(function, Arguments(call, keywords: args.keywords)))
        }
        return try stackResults(results, interp)
    }

    /// Stacks the per-index results at out_dims (a tensor, or a tuple of tensors).
    private func stackResults(_ results: [Value], _ interp: Interpreter) throws -> Value {
        func stack(_ parts: [Value], outDim: Value) throws -> Value {
            var tensors: [Tensor] = []
            for p in parts {
                guard case .object(let t as Tensor) = p else {
                    throw PyException.valueError("vmap(\(name), ...): `\(name)` must only return Tensors, got type \(p.typeName). Did you mean to set out_dims= to None for output?")
                }
                tensors.append(t)
            }
            guard let d = try interp.asIndex(outDim) else { return parts[0] }
            let rank = (tensors.first?.rank ?? 0) + 1
            guard d >= -rank && d < rank else {
                throw TensorError.index("Dimension out of range (expected to be in range of [\(-rank), \(rank - 1)], but got \(d))")
            }
            return .object(try Tensor.stack(tensors, dim: d))
        }
        guard let first = results.first else { return .none }
        if case .tuple(let items) = first {
            var outs: [Value] = []
            for k in items.indices {
                var column: [Value] = []
                for r in results {
                    guard case .tuple(let parts) = r, k < parts.count else {
                        throw PyException.valueError("vmap(\(name), ...): `\(name)` must return the same structure for every input")
                    }
                    column.append(parts[k])
                }
                var od = outDims
                if case .tuple(let ods) = outDims { od = k < ods.count ? ods[k] : .int(0) }
                outs.append(try stack(column, outDim: od))
            }
            return .tuple(outs)
        }
        return try stack(results, outDim: outDims)
    }
}
