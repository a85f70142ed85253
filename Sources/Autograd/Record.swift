import TensorCore

/// An operand of an element-wise operation on tensors: a tensor, or a Python number that takes
/// part in type promotion as a wrapped number (and never in the graph).
public enum TensorOperand {
    case tensor(Tensor)
    case scalar(Scalar)

    /// The engine's operand for the same value.
    public var operand: Operand {
        switch self {
        case .tensor(let t): return .array(t.data)
        case .scalar(let s): return .scalar(s)
        }
    }

    /// The tensor, when this operand is one.
    public var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    var requiresGrad: Bool {
        if case .tensor(let t) = self { return t.requiresGrad }
        return false
    }
}

extension Tensor {
    /// Whether an operation on these inputs records a node.
    @inline(__always)
    static func recording(_ a: Tensor) -> Bool {
        GradMode.isEnabled && a.requiresGrad
    }

    @inline(__always)
    static func recording(_ inputs: [Tensor]) -> Bool {
        guard GradMode.isEnabled else { return false }
        for t in inputs where t.requiresGrad { return true }
        return false
    }

    /// The result of a differentiable operation: a tensor whose grad_fn applies `rule`.
    /// Call only when `recording(inputs)` holds.
    static func make(_ rule: Rule, _ result: NDArray, inputs: [Tensor], save: [Tensor] = [],
                     saveOutput: Bool = false) throws -> Tensor {
        var edges: [Edge] = []
        edges.reserveCapacity(inputs.count)
        for t in inputs { edges.append(try t.edge()) }
        var saved: [SavedTensor] = []
        saved.reserveCapacity(save.count + (saveOutput ? 1 : 0))
        for t in save { saved.append(.input(t)) }
        let node = Node(rule: rule, edges: edges, saved: saved)
        let out = Tensor(result, gradFn: node)
        if saveOutput { node.saved.append(.output(out)) }
        return out
    }

    /// `make`, or a plain tensor when nothing requires grad.
    static func maybeMake(_ rule: Rule, _ result: NDArray, inputs: [Tensor], save: [Tensor] = [],
                          saveOutput: Bool = false) throws -> Tensor {
        guard recording(inputs) else { return Tensor(result) }
        return try make(rule, result, inputs: inputs, save: save, saveOutput: saveOutput)
    }

    /// A result that may share this tensor's storage: remembers the base for in-place writes
    /// through views.
    func viewResult(_ rule: Rule, _ result: NDArray) throws -> Tensor {
        let out = try Tensor.maybeMake(rule, result, inputs: [self])
        if result.storage === data.storage {
            out.viewBase = viewBase ?? self
        }
        return out
    }

    /// A leaf tensor of this tensor's dtype holding `value` everywhere in `shape`.
    static func constant(_ value: Scalar, shape: [Int], dtype: DType) throws -> Tensor {
        Tensor(try NDArray.full(shape, value, dtype: dtype))
    }
}
