import TensorCore

/// The backward engine: walks the graph from the outputs in dependency order, applies each
/// node's rule once all the gradients flowing into it have been summed, brings every gradient
/// back to its input's shape and dtype (the one place broadcasting is undone), and delivers
/// gradients to leaves (`.grad`) or to the caller (`autograd.grad`).
enum BackwardEngine {
    nonisolated(unsafe) private static var runCounter = 0

    /// Where gradients end: accumulated into leaves' `.grad`, or captured for chosen inputs.
    final class Capture {
        var leaves: [ObjectIdentifier: Int] = [:]
        var nodes: [ObjectIdentifier: Int] = [:]
        var results: [Tensor?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
    }

    static func run(roots: [Tensor], gradients: [Tensor?], retainGraph: Bool, createGraph: Bool,
                    capture: Capture?) throws {
        var rootEdges: [Edge] = []
        var rootGrads: [Tensor] = []
        for (i, root) in roots.enumerated() {
            guard root.requiresGrad else {
                throw TensorError.runtime("element \(i) of tensors does not require grad and does not have a grad_fn")
            }
            rootEdges.append(try root.edge())
            rootGrads.append(try initialGradient(for: root, given: i < gradients.count ? gradients[i] : nil, index: i))
        }

        runCounter += 1
        let mark = runCounter
        let order = discover(rootEdges, mark: mark)
        defer { for node in order { node.pendingGrad = nil } }

        try GradMode.with(enabled: createGraph) {
            let leaves = LeafGradients()
            for (edge, grad) in zip(rootEdges, rootGrads) {
                try deliver(grad, along: edge, leaves: leaves)
            }
            var ready: [Node] = order.filter { $0.dependencies == 0 }
            while let node = ready.popLast() {
                let grad = node.pendingGrad
                node.pendingGrad = nil
                var inputGrads: [Tensor?] = []
                if var g = grad {
                    for hook in node.hooks { g = try hook.body(g) ?? g }
                    if let kept = node.retainedTensor {
                        try accumulate(g, into: kept, createGraph: createGraph)
                    }
                    if let c = capture, let slot = c.nodes[ObjectIdentifier(node)] {
                        c.results[slot] = try sumGradients(c.results[slot], g)
                    }
                    inputGrads = try node.record.backward(node, g)
                }
                if !retainGraph { node.release() }
                for (i, edge) in node.edges.enumerated() {
                    if i < inputGrads.count, let g = inputGrads[i] {
                        try deliver(g, along: edge, leaves: leaves)
                    }
                    if case .node(let next) = edge.target, next.visitMark == mark {
                        next.dependencies -= 1
                        if next.dependencies == 0 { ready.append(next) }
                    }
                }
            }
            try finish(leaves, createGraph: createGraph, capture: capture)
        }
    }

    /// The gradient backward starts from: the one given, or ones for a one-element output.
    private static func initialGradient(for root: Tensor, given: Tensor?, index: Int) throws -> Tensor {
        if let g = given {
            guard g.shape == root.shape else {
                throw TensorError.runtime("Mismatch in shape: grad_output[\(index)] has a shape of \(sizeString(g.shape)) and output[\(index)] has a shape of \(sizeString(root.shape)).")
            }
            return g
        }
        guard root.count == 1 else {
            throw TensorError.runtime("grad can be implicitly created only for scalar outputs")
        }
        return Tensor(try NDArray.full(root.shape, .int(1), dtype: root.dtype))
    }

    static func sizeString(_ shape: [Int]) -> String {
        "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])"
    }

    /// Every node reachable from the roots, each with the number of edges into it from other
    /// reachable nodes. Iterative: graphs of loops are deeper than the stack.
    private static func discover(_ rootEdges: [Edge], mark: Int) -> [Node] {
        var order: [Node] = []
        var stack: [Node] = []
        for edge in rootEdges {
            if case .node(let n) = edge.target, n.visitMark != mark {
                n.visitMark = mark
                n.dependencies = 0
                n.pendingGrad = nil
                stack.append(n)
            }
        }
        while let node = stack.popLast() {
            order.append(node)
            for edge in node.edges {
                guard case .node(let next) = edge.target else { continue }
                if next.visitMark != mark {
                    next.visitMark = mark
                    next.dependencies = 0
                    next.pendingGrad = nil
                    stack.append(next)
                }
                next.dependencies += 1
            }
        }
        return order
    }

    /// Sends `g` (shaped like the consumer's view of the input) to the edge's target.
    /// Gradients reaching leaves, summed over every path before hooks and accumulation run, as
    /// PyTorch's AccumulateGrad receives them.
    final class LeafGradients {
        var order: [Tensor] = []
        var sums: [ObjectIdentifier: Tensor] = [:]
    }

    private static func deliver(_ g: Tensor, along edge: Edge, leaves: LeafGradients) throws {
        switch edge.target {
        case .none:
            return
        case .node(let node):
            let fitted = try fit(g, to: edge)
            node.pendingGrad = try sumGradients(node.pendingGrad, fitted)
        case .leaf(let leaf):
            let fitted = try fit(g, to: edge)
            let key = ObjectIdentifier(leaf)
            if let existing = leaves.sums[key] {
                leaves.sums[key] = try existing.add(fitted)
            } else {
                leaves.sums[key] = fitted
                leaves.order.append(leaf)
            }
        }
    }

    /// Runs the leaves' hooks, then accumulates into `.grad` or hands the gradient to the caller.
    private static func finish(_ leaves: LeafGradients, createGraph: Bool, capture: Capture?) throws {
        for leaf in leaves.order {
            let key = ObjectIdentifier(leaf)
            guard var g = leaves.sums[key] else { continue }
            for hook in leaf.hooks { g = try hook.body(g) ?? g }
            if let c = capture {
                if let slot = c.leaves[key] { c.results[slot] = try sumGradients(c.results[slot], g) }
            } else {
                try accumulate(g, into: leaf, createGraph: createGraph)
            }
        }
    }

    /// Un-broadcasting and dtype conversion, once for every rule.
    static func fit(_ g: Tensor, to edge: Edge) throws -> Tensor {
        if g.dtype.isComplex || edge.dtype.isComplex {
            // The rules are written for real inputs (no conjugation): refuse rather than be wrong.
            throw TensorError(.notImplemented, "gradients of complex tensors are not supported in tcalc")
        }
        var r = g
        if r.shape != edge.shape { r = try r.summed(to: edge.shape) }
        if r.dtype != edge.dtype && (edge.dtype.isFloatingPoint || edge.dtype.isComplex) {
            r = try r.converted(to: edge.dtype)
        }
        return r
    }

    private static func sumGradients(_ existing: Tensor?, _ g: Tensor) throws -> Tensor {
        guard let e = existing else { return g }
        return try e.add(g)
    }

    /// AccumulateGrad: the first gradient is stored (copied, so it aliases nothing), later ones
    /// are added in place, keeping the identity of `x.grad` as PyTorch does.
    private static func accumulate(_ g: Tensor, into t: Tensor, createGraph: Bool) throws {
        if createGraph {
            t.grad = try t.grad.map { try $0.add(g) } ?? g
            return
        }
        guard let existing = t.grad else {
            t.grad = Tensor(try g.data.clone())
            return
        }
        if existing.requiresGrad {
            t.grad = Tensor(try NDArray.binary(.add, .array(existing.data), .array(g.data)))
        } else {
            try existing.data.binaryInPlace(.add, .array(g.data))
        }
    }
}

extension Tensor {
    /// Sums a broadcast gradient back to `shape` (leading dims away, size-1 dims kept).
    func summed(to target: [Int]) throws -> Tensor {
        let lead = rank - target.count
        guard lead >= 0 else {
            throw TensorError.runtime("internal autograd error: gradient of shape \(TensorError.shapeString(shape)) cannot be reduced to \(TensorError.shapeString(target))")
        }
        var dims: [Int] = Array(0..<lead)
        for (i, size) in target.enumerated() where size == 1 && shape[i + lead] != 1 {
            dims.append(i + lead)
        }
        var r = self
        if !dims.isEmpty { r = try r.reduce(.sum, dims: dims, keepdim: true) }
        if r.shape != target { r = try r.reshaped(target) }
        return r
    }

    /// `torch.autograd.backward(tensors, grad_tensors)`: one pass from several outputs, so a
    /// graph they share is traversed once.
    public static func backward(_ roots: [Tensor], gradients: [Tensor?], retainGraph: Bool? = nil,
                                createGraph: Bool = false) throws {
        try BackwardEngine.run(roots: roots, gradients: gradients, retainGraph: retainGraph ?? createGraph,
                               createGraph: createGraph, capture: nil)
    }

    /// `y.backward(gradient=None, retain_graph=None, create_graph=False)`.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false) throws {
        try BackwardEngine.run(roots: [self], gradients: [gradient], retainGraph: retainGraph ?? createGraph,
                               createGraph: createGraph, capture: nil)
    }
}

/// `torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)`:
/// the gradients of the outputs with respect to the inputs, without touching any `.grad`.
public func autogradGrad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?]?, retainGraph: Bool?,
                         createGraph: Bool, allowUnused: Bool) throws -> [Tensor?] {
    let capture = BackwardEngine.Capture(count: inputs.count)
    var slotOf: [Int] = []
    for (i, input) in inputs.enumerated() {
        guard input.requiresGrad else {
            throw TensorError.runtime("One of the differentiated Tensors does not require grad")
        }
        if let node = try input.currentGradFn() {
            let key = ObjectIdentifier(node)
            if let existing = capture.nodes[key] { slotOf.append(existing); continue }
            capture.nodes[key] = i
        } else {
            let key = ObjectIdentifier(input)
            if let existing = capture.leaves[key] { slotOf.append(existing); continue }
            capture.leaves[key] = i
        }
        slotOf.append(i)
    }
    try BackwardEngine.run(roots: outputs, gradients: gradOutputs ?? [], retainGraph: retainGraph ?? createGraph,
                           createGraph: createGraph, capture: capture)
    var results: [Tensor?] = []
    for slot in slotOf {
        let r = capture.results[slot]
        if r == nil && !allowUnused {
            throw TensorError.runtime("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        }
        results.append(r)
    }
    return results
}
