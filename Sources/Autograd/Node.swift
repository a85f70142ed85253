import TensorCore

/// Whether operations record the graph, process-wide (PyTorch keeps it per thread; tcalc's
/// interpreter is single-threaded, see docs/architecture.md).
public enum GradMode {
    nonisolated(unsafe) public static var isEnabled: Bool = true

    /// Runs `body` with grad mode set to `enabled`, restoring the previous mode afterwards, even
    /// when `body` throws: `with torch.no_grad():` / `torch.enable_grad()` / `set_grad_enabled(b)`.
    public static func with<R>(enabled: Bool, _ body: () throws -> R) rethrows -> R {
        let previous = isEnabled
        isEnabled = enabled
        defer { isEnabled = previous }
        return try body()
    }
}

/// A function run on a tensor's gradient during backward (`x.register_hook(fn)`); returning a
/// tensor replaces the gradient.
public final class GradientHook {
    let body: (Tensor) throws -> Tensor?
    init(_ body: @escaping (Tensor) throws -> Tensor?) { self.body = body }
}

/// Where the gradient flowing into one input of a node goes next.
enum EdgeTarget {
    /// The input does not require grad: its gradient is not computed.
    case none
    /// A non-leaf input: the gradient joins the buffer of the node that produced it.
    case node(Node)
    /// A leaf that requires grad: the gradient accumulates into `.grad` (PyTorch's AccumulateGrad).
    case leaf(Tensor)
}

/// One input of a node, with the geometry the gradient must be brought back to: the backward
/// engine (never a rule) sums broadcast dimensions away and casts to the input's dtype.
struct Edge {
    let target: EdgeTarget
    let shape: [Int]
    let dtype: DType
}

/// A tensor a rule needs during backward, with the version of its storage when it was saved, so
/// that an in-place change made afterwards is an error rather than a wrong gradient.
struct SavedTensor {
    /// A saved input keeps its tensor (and through it the graph, for create_graph).
    /// A saved output keeps only its data: the tensor's grad_fn is the node itself, and holding
    /// the tensor would make a reference cycle; `Node.unpack` re-wraps it with the node.
    enum Value {
        case input(Tensor, producer: Node?)
        /// The output's data, and its tangent under forward mode (forward-over-reverse needs it).
        case output(NDArray, tangent: Tensor?, level: Int)
    }
    let value: Value
    let version: Int

    static func input(_ t: Tensor) -> SavedTensor {
        SavedTensor(value: .input(t, producer: t.gradFn), version: t.data.storage.version)
    }
    static func output(_ t: Tensor) -> SavedTensor {
        SavedTensor(value: .output(t.data, tangent: t.fwTangent, level: t.fwLevel), version: t.data.storage.version)
    }
}

/// A node of the backward graph: the operation that produced a non-leaf tensor (`grad_fn`).
/// It holds the operation's derivative record (formulas, what they read), the edges to its
/// inputs, and the tensors the record saves.
public final class Node {
    /// The operation's derivative record (Records*.swift).
    public let record: any Derivative
    var edges: [Edge]
    var saved: [SavedTensor]
    /// Set when backward freed the saved tensors (no retain_graph).
    var released = false
    /// Hooks registered on the (non-leaf) tensor this node produced, run on its gradient.
    var hooks: [GradientHook] = []
    /// The non-leaf tensor whose `.grad` should be kept (`retain_grad()`).
    weak var retainedTensor: Tensor?

    // Scratch state of one backward run (the engine is not re-entrant per node).
    var pendingGrad: Tensor?
    var dependencies = 0
    var visitMark = 0

    // Forward mode: a transient node is the context of a forward formula.
    var forwardInputs: [Tensor]?
    var forwardResult: Tensor?
    var forwardOnly: Int?

    init(record: any Derivative, edges: [Edge], saved: [SavedTensor]) {
        self.record = record
        self.edges = edges
        self.saved = saved
    }

    /// PyTorch's node name, as printed in `grad_fn=<MulBackward0>`.
    public var name: String { record.name }

    /// Where this node sends each input's gradient, in input order (PyTorch's `next_functions`).
    public enum NextFunction {
        /// The input needs no gradient.
        case none
        case node(Node)
        /// A leaf that requires grad (its AccumulateGrad).
        case leaf(Tensor)
    }

    public var nextFunctions: [NextFunction] {
        edges.map { e in
            switch e.target {
            case .none: return .none
            case .node(let n): return .node(n)
            case .leaf(let t): return .leaf(t)
            }
        }
    }

    /// The nodes this one sends gradients to (PyTorch's `next_functions`, leaves omitted).
    public var nextNodes: [Node] {
        edges.compactMap { if case .node(let n) = $0.target { return n } else { return nil } }
    }

    /// The saved tensor `i`, checked against in-place modification and release.
    func unpack(_ i: Int) throws -> Tensor {
        if released || i >= saved.count {
            throw TensorError.runtime(Node.secondBackwardMessage)
        }
        let s = saved[i]
        switch s.value {
        case .input(let t, let producer):
            if t.data.storage.version != s.version {
                throw Node.modifiedError(t.data, producer: producer, output: 0, now: t.data.storage.version, expected: s.version)
            }
            return t
        case .output(let data, let tangent, let level):
            if data.storage.version != s.version {
                throw Node.modifiedError(data, producer: self, output: 0, now: data.storage.version, expected: s.version)
            }
            let t = Tensor(data)
            t.adoptGradFn(self)
            if let tangent = tangent { t.fwTangent = tangent; t.fwLevel = level }
            return t
        }
    }

    /// Frees the saved tensors after a backward without retain_graph.
    func release() {
        saved = []
        released = true
    }

    static let secondBackwardMessage =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."

    static func modifiedError(_ data: NDArray, producer: Node?, output: Int, now: Int, expected: Int) -> TensorError {
        let typeName: String
        switch data.dtype {
        case .float64: typeName = "torch.DoubleTensor"
        case .float32: typeName = "torch.FloatTensor"
        case .complex64: typeName = "torch.ComplexFloatTensor"
        case .complex128: typeName = "torch.ComplexDoubleTensor"
        case .int64: typeName = "torch.LongTensor"
        default: typeName = "torch.Tensor"
        }
        let sizes = "[" + data.shape.map(String.init).joined(separator: ", ") + "]"
        var message = "one of the variables needed for gradient computation has been modified by an inplace operation: [\(typeName) \(sizes)]"
        if let p = producer { message += ", which is output \(output) of \(p.name)," }
        message += " is at version \(now); expected version \(expected) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True)."
        return TensorError.runtime(message)
    }

    /// Nodes whose references are being taken apart; one process-wide stack, reused, so that
    /// freeing a chain allocates nothing per node.
    nonisolated(unsafe) private static var teardown: [Node] = []
    nonisolated(unsafe) private static var tearingDown = false

    /// Takes the references this node holds to other nodes, so that a long chain (10,000 ops of
    /// a loop) is freed iteratively: the default recursive release would overflow the stack.
    /// A node freed while the outer loop runs only hands its children to that loop.
    deinit {
        if edges.isEmpty && saved.isEmpty { return }
        if Node.tearingDown {
            detachReferences()
            return
        }
        Node.tearingDown = true
        detachReferences()
        while var node = Node.teardown.popLast() {
            if isKnownUniquelyReferenced(&node) {
                node.detachReferences()
            }
        }
        Node.tearingDown = false
    }

    /// Moves the node references onto the teardown stack, then drops them (releases happen only
    /// after every append, outside any access to the stack).
    private func detachReferences() {
        for e in edges {
            if case .node(let n) = e.target { Node.teardown.append(n) }
        }
        for s in saved {
            if case .input(let t, let producer) = s.value {
                if let p = producer { Node.teardown.append(p) }
                if let n = t.gradFn { Node.teardown.append(n) }
            }
        }
        edges = []
        saved = []
    }
}
