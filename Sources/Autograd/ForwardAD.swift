import TensorCore

/// Forward-mode automatic differentiation (`torch.autograd.forward_ad`): while a dual level is
/// open, a tensor may carry a tangent, and every differentiable operation computes its output's
/// tangent from its inputs' tangents with the forward rule of its derivative record, in the same
/// pass as the values. One level at a time, as PyTorch's forward_ad allows; leaving the level
/// forgets every tangent made in it (a tensor's tangent is valid only at the level it was set).
public enum ForwardAD {
    /// The open level's id (0: none). Ids are never reused, so tangents of a closed level are
    /// recognisably stale without visiting the tensors that hold them.
    nonisolated(unsafe) public private(set) static var level = 0
    nonisolated(unsafe) private static var lastLevel = 0
    /// Set while a forward formula runs: its own operations compute no tangents.
    nonisolated(unsafe) static var suspended = false
    /// A level is open and no forward formula is running: operations propagate tangents.
    nonisolated(unsafe) static var isActive = false

    /// `enter_dual_level()`; returns the level.
    @discardableResult
    public static func enter() throws -> Int {
        guard level == 0 else {
            throw TensorError.runtime("Nested forward mode AD is not supported at the moment")
        }
        lastLevel += 1
        level = lastLevel
        isActive = true
        return level
    }

    /// `exit_dual_level()`.
    public static func exit() {
        level = 0
        isActive = false
    }

    /// Runs `body` inside a fresh dual level (closing it afterwards, even on error).
    public static func withLevel<R>(_ body: () throws -> R) throws -> R {
        try enter()
        defer { exit() }
        return try body()
    }

    /// Sets `output`'s tangent from the tangents of `inputs` through `record`'s forward rule.
    static func propagate(_ record: any Derivative, inputs: [Tensor], output: Tensor) throws {
        var tangents: [Tensor?] = []
        tangents.reserveCapacity(inputs.count)
        var any = false
        for t in inputs {
            let tangent = t.tangent
            if tangent != nil { any = true }
            tangents.append(tangent)
        }
        guard any else { return }
        suspended = true
        isActive = false
        defer { suspended = false; isActive = level != 0 }
        let context = Node(record: record,
                           edges: inputs.map { Edge(target: .none, shape: $0.shape, dtype: $0.dtype) },
                           saved: [])
        context.forwardInputs = inputs
        let primal = Tensor(output.data, gradFn: output.gradFn)
        context.forwardResult = primal
        var tangent: Tensor
        switch record.forward {
        case .elementwise:
            var total: Tensor? = nil
            for (i, t) in tangents.enumerated() {
                guard let t = t else { continue }
                context.forwardOnly = i
                let parts = try record.backward(context, t)
                guard i < parts.count, let part = parts[i] else { continue }
                total = try total.map { try $0.add(part) } ?? part
            }
            tangent = try total ?? Tensor(NDArray(zeros: output.shape, dtype: output.dtype))
        case .linear:
            tangent = try record.forwardLinear(context, tangents)
        case .reduction(let dims, let keepdim):
            let ones = Tensor(try NDArray.full(output.shape, .int(1), dtype: output.dtype))
            let slope = try record.backward(context, ones)[0] ?? Tensor(NDArray(zeros: inputs[0].shape, dtype: output.dtype))
            let t = try tangents[0] ?? Tensor(NDArray(zeros: inputs[0].shape, dtype: output.dtype))
            tangent = try slope.mul(t).reduce(.sum, dims: dims ?? Array(0..<inputs[0].rank), keepdim: keepdim)
            if dims == nil && !keepdim { tangent = try tangent.reshaped(output.shape) }
        case .custom:
            tangent = try record.forwardFormula(context, tangents)
        case .unsupported:
            throw TensorError(.notImplemented, "the forward-mode derivative of \(record.name) is not implemented in tcalc")
        }
        if tangent.shape != output.shape { tangent = try tangent.expanded(to: output.shape) }
        if tangent.dtype != output.dtype { tangent = try tangent.converted(to: output.dtype) }
        OpCount.count(output.count)
        output.fwTangent = tangent
        output.fwLevel = level
    }
}

/// Counts elementary operations (one per output element of every operation the tensor layer
/// runs, and one per tangent element forward mode computes), for `jacobian(..., count_ops=True)`:
/// the measure of the notes' forward-versus-reverse cost argument.
public enum OpCount {
    nonisolated(unsafe) public static var isCounting = false
    nonisolated(unsafe) public private(set) static var total = 0

    @inline(__always)
    static func count(_ n: Int) {
        if isCounting { total += n }
    }

    /// The elementary operations `body` performs.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (R, Int) {
        let wasCounting = isCounting, before = total
        isCounting = true
        defer { isCounting = wasCounting }
        let r = try body()
        return (r, total - before)
    }
}

extension Tensor {
    /// The tangent at the open dual level, if this tensor carries one.
    public var tangent: Tensor? {
        ForwardAD.level != 0 && fwLevel == ForwardAD.level ? fwTangent : nil
    }

    /// Whether this tensor carries a tangent that operations must propagate now.
    @inline(__always)
    var hasTangent: Bool { fwTangent != nil && fwLevel == ForwardAD.level }

    /// `fwAD.make_dual(primal, tangent)`: a view of this tensor carrying `tangent`.
    public func makeDual(_ tangent: Tensor) throws -> Tensor {
        guard ForwardAD.level != 0 else {
            throw TensorError.runtime("Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.")
        }
        guard tangent.shape == shape else {
            throw TensorError.runtime("Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size \(Tensor.sizeList(shape)) while the given forward gradient is of size \(Tensor.sizeList(tangent.shape)).")
        }
        guard dtype.isFloatingPoint || dtype.isComplex else {
            throw TensorError.value("Expected primal to be floating point or complex, but got: \(dtype)")
        }
        let dual = try GradMode.isEnabled && requiresGrad
            ? Tensor.make(AliasRecord(nodeName: "AliasBackward0"), data, inputs: [self])
            : Tensor(data)
        dual.viewBase = viewBase ?? self
        dual.fwTangent = tangent.dtype == dtype ? tangent : try tangent.converted(to: dtype)
        dual.fwLevel = ForwardAD.level
        return dual
    }

    static func sizeList(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// `fwAD.unpack_dual(t).primal`: the same values, without the tangent.
    public func primalView() -> Tensor {
        let p = Tensor(data, gradFn: gradFn)
        if isLeaf && requiresGrad { return self.detachedKeepingGrad() }
        return p
    }

    /// A leaf's primal: the leaf itself minus the tangent is not expressible as another object
    /// sharing `.grad`, so it is a new leaf sharing storage (PyTorch returns a view).
    private func detachedKeepingGrad() -> Tensor {
        let t = Tensor(data)
        t.viewBase = self
        return t
    }
}
