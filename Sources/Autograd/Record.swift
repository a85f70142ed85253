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
    /// Whether an operation on these inputs records a node or carries a tangent.
    @inline(__always)
    static func recording(_ a: Tensor) -> Bool {
        (GradMode.isEnabled && a.requiresGrad) || (ForwardAD.isActive && a.hasTangent)
    }

    @inline(__always)
    static func recording(_ inputs: [Tensor]) -> Bool {
        if GradMode.isEnabled {
            for t in inputs where t.requiresGrad { return true }
        }
        if ForwardAD.isActive {
            for t in inputs where t.hasTangent { return true }
        }
        return false
    }

    /// The result of a differentiable operation: a tensor whose grad_fn holds `record` (when
    /// grad mode records and an input requires grad), saving what the record declares, and
    /// carrying the tangent its forward rule gives (when an input has one).
    /// Call only when `recording(inputs)` holds.
    static func make(_ record: any Derivative, _ result: NDArray, inputs: [Tensor]) throws -> Tensor {
        var node: Node? = nil
        if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
            var edges: [Edge] = []
            edges.reserveCapacity(inputs.count)
            for t in inputs { edges.append(try t.edge()) }
            let saves = record.saves
            var saved: [SavedTensor] = []
            if !saves.isEmpty {
                for (i, t) in inputs.enumerated() where saves.savesInput(i) { saved.append(.input(t)) }
            }
            node = Node(record: record, edges: edges, saved: saved)
        }
        let out = Tensor(result, gradFn: node)
        if ForwardAD.isActive {
            try ForwardAD.propagate(record, inputs: inputs, output: out)
        }
        if let n = node, record.saves.contains(.result) { n.saved.append(.output(out)) }
        return out
    }

    /// `make`, or a plain tensor when nothing requires grad.
    static func maybeMake(_ record: any Derivative, _ result: NDArray, inputs: [Tensor]) throws -> Tensor {
        guard recording(inputs) else { return Tensor(result) }
        return try make(record, result, inputs: inputs)
    }

    /// A result that may share this tensor's storage: remembers the base for in-place writes
    /// through views.
    func viewResult(_ record: any Derivative, _ result: NDArray) throws -> Tensor {
        let out = try Tensor.maybeMake(record, result, inputs: [self])
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
