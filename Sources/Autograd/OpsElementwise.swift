import TensorCore

/// Element-wise operations on tensors: the engine computes, these record the graph.
extension Tensor {
    /// `torch.exp(x)`, `x.sin()`, … Non-differentiable ones (`isnan`, `~`) never record.
    public func unary(_ op: UnaryOp) throws -> Tensor {
        let out = try ScalarFastPath.unary(op, data) ?? data.unary(op)
        guard Tensor.recording(self), let record = UnaryRecord.of(op) else { return Tensor(out) }
        return try Tensor.make(record, out, inputs: [self])
    }

    /// `a + b`, `a * b`, `torch.maximum(a, b)`, `a < b`, … with broadcasting and PyTorch's type
    /// promotion. Comparisons, bit operations and floor division never record.
    public static func binary(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
        guard recording(a, b), isDifferentiable(op) else {
            return Tensor(try Tensor.kernel(op, a.operand, b.operand))
        }
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)):
            return try binaryTensors(op, x, y)
        case (.tensor(let x), .scalar(let s)):
            return try binaryTensorScalar(op, x, s)
        case (.scalar(let s), .tensor(let y)):
            return try binaryScalarTensor(op, s, y)
        case (.scalar, .scalar):
            return Tensor(try Tensor.kernel(op, a.operand, b.operand))
        }
    }

    /// The engine's binary kernel, after the 0-d fast path.
    @inline(__always)
    static func kernel(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        if let r = try ScalarFastPath.binary(op, a, b) { return r }
        return try NDArray.binary(op, a, b)
    }

    /// Whether an operation on these operands records a node or carries a tangent.
    @inline(__always)
    static func recording(_ a: TensorOperand, _ b: TensorOperand) -> Bool {
        if GradMode.isEnabled && (a.requiresGrad || b.requiresGrad) { return true }
        return ForwardAD.isActive && ((a.tensor?.hasTangent ?? false) || (b.tensor?.hasTangent ?? false))
    }

    static func isDifferentiable(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .pow, .atan2, .maximum, .minimum, .remainder: return true
        default: return false
        }
    }

    private static func binaryTensors(_ op: BinaryOp, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        let out = try Tensor.kernel(op, .array(x.data), .array(y.data))
        let inputs: [Tensor] = [x, y]
        switch op {
        case .add: return try make(AddRecord(wrappedNumberInputs: 0), out, inputs: inputs)
        case .sub: return try make(SubRecord(wrappedNumberInputs: 0), out, inputs: inputs)
        case .mul: return try make(MulRecord(), out, inputs: inputs)
        case .div: return try make(DivRecord(), out, inputs: inputs)
        case .pow: return try make(PowTensorRecord(), out, inputs: inputs)
        case .maximum: return try make(ExtremumRecord(isMax: true), out, inputs: inputs)
        case .minimum: return try make(ExtremumRecord(isMax: false), out, inputs: inputs)
        case .atan2: return try make(Atan2Record(), out, inputs: inputs)
        case .remainder: return try make(RemainderRecord(), out, inputs: inputs)
        default: return Tensor(out)
        }
    }

    private static func binaryTensorScalar(_ op: BinaryOp, _ x: Tensor, _ s: Scalar) throws -> Tensor {
        switch op {
        case .add, .sub:
            let out = try Tensor.kernel(op, .array(x.data), .scalar(s))
            if op == .add { return try make(AddRecord(wrappedNumberInputs: 1), out, inputs: [x]) }
            return try make(SubRecord(wrappedNumberInputs: 1), out, inputs: [x])
        case .mul:
            return try make(MulScalarRecord(factor: s), try Tensor.kernel(op, .array(x.data), .scalar(s)), inputs: [x])
        case .div:
            return try make(DivScalarRecord(divisor: s), try Tensor.kernel(op, .array(x.data), .scalar(s)), inputs: [x])
        case .pow:
            return try make(PowScalarRecord(exponent: s), try Tensor.kernel(op, .array(x.data), .scalar(s)), inputs: [x])
        case .remainder:
            return try make(RemainderRecord(), try Tensor.kernel(op, .array(x.data), .scalar(s)), inputs: [x])
        default:
            // Other operations take the number as a constant 0-d tensor of the result's dtype.
            let c = Tensor(NDArray(scalar: s, dtype: NDArray.resultType([.array(x.data), .scalar(s)])))
            return try binaryTensors(op, x, c)
        }
    }

    private static func binaryScalarTensor(_ op: BinaryOp, _ s: Scalar, _ y: Tensor) throws -> Tensor {
        switch op {
        case .add, .mul:
            return try binaryTensorScalar(op, y, s)
        case .sub:
            return try make(RsubRecord(), try Tensor.kernel(op, .scalar(s), .array(y.data)), inputs: [y])
        case .div:
            // PyTorch's __rtruediv__: reciprocal, then multiply (so `1 / x` is MulBackward0).
            return try binaryTensorScalar(.mul, try y.unary(.reciprocal), s)
        case .pow:
            return try make(PowBaseRecord(base: s), try Tensor.kernel(op, .scalar(s), .array(y.data)), inputs: [y])
        default:
            let c = Tensor(NDArray(scalar: s, dtype: NDArray.resultType([.scalar(s), .array(y.data)])))
            return try binaryTensors(op, c, y)
        }
    }

    /// `torch.where(condition, a, b)`.
    public static func whereSelect(_ condition: Tensor, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
        let out = try NDArray.whereSelect(condition.data, a.operand, b.operand)
        guard recording(a, b) else { return Tensor(out) }
        let ta = try a.tensor ?? constant(a, like: out)
        let tb = try b.tensor ?? constant(b, like: out)
        return try make(WhereRecord(condition: condition.data), out, inputs: [ta, tb])
    }

    private static func constant(_ o: TensorOperand, like out: NDArray) throws -> Tensor {
        if case .scalar(let s) = o { return Tensor(NDArray(scalar: s, dtype: out.dtype)) }
        return o.tensor ?? Tensor(NDArray(scalar: .int(0), dtype: out.dtype))
    }

    /// `x.clamp(min, max)`: number bounds record ClampBackward1, tensor bounds ClampBackward0.
    public func clamp(min lower: TensorOperand?, max upper: TensorOperand?) throws -> Tensor {
        let out = try data.clamp(min: lower?.operand, max: upper?.operand)
        let boundsRecord = (lower.map { Tensor.recording($0, .scalar(.int(0))) } ?? false)
            || (upper.map { Tensor.recording($0, .scalar(.int(0))) } ?? false)
        guard Tensor.recording(self) || boundsRecord else { return Tensor(out) }
        if lower?.tensor == nil && upper?.tensor == nil {
            var lo: Scalar? = nil, hi: Scalar? = nil
            if case .scalar(let s)? = lower { lo = s }
            if case .scalar(let s)? = upper { hi = s }
            return try Tensor.make(ClampRecord(lower: lo, upper: hi), out, inputs: [self])
        }
        var inputs: [Tensor] = [self]
        if let l = lower { inputs.append(try Tensor.constant(l, like: out)) }
        if let u = upper { inputs.append(try Tensor.constant(u, like: out)) }
        return try Tensor.make(ClampTensorRecord(hasMin: lower != nil, hasMax: upper != nil), out, inputs: inputs)
    }

    /// A copy converted to `dtype` (`x.to(torch.float64)`, `x.double()`); self when unchanged.
    public func converted(to dtype: DType) throws -> Tensor {
        if dtype == data.dtype { return self }
        let out = try data.converted(to: dtype)
        guard dtype.isFloatingPoint || dtype.isComplex else { return Tensor(out) }
        return try Tensor.maybeMake(AliasRecord.toCopy, out, inputs: [self])
    }

    /// The same values as a result of a node called `nodeName`, for composites that should print
    /// the name of PyTorch's fused operation (`grad_fn=<MseLossBackward0>`); self when nothing
    /// records.
    public func named(_ nodeName: String) throws -> Tensor {
        guard Tensor.recording(self) else { return self }
        return try Tensor.make(AliasRecord(nodeName: nodeName), data, inputs: [self])
    }

    /// `x.clone()`.
    public func clone() throws -> Tensor {
        try Tensor.maybeMake(AliasRecord.clone, try data.clone(), inputs: [self])
    }

    /// `x.contiguous()`: self when already contiguous.
    public func contiguous() throws -> Tensor {
        data.isContiguous ? self : try clone()
    }

    /// `torch.lerp(x, end, weight)`, written from primitives so it differentiates for free.
    public func lerp(_ end: TensorOperand, weight: TensorOperand) throws -> Tensor {
        guard Tensor.recording(self) || Tensor.recording(end, weight) else {
            return Tensor(try data.lerp(end.operand, weight: weight.operand))
        }
        let diff = try Tensor.binary(.sub, end, .tensor(self))
        let step = try Tensor.binary(.mul, .tensor(diff), weight)
        let sum = try Tensor.binary(.add, .tensor(self), .tensor(step))
        let named = try sum.named(weight.tensor == nil ? "LerpBackward0" : "LerpBackward1")
        // The engine's values (its formula may round differently from the composite's).
        named.setData(try data.lerp(end.operand, weight: weight.operand))
        return named
    }
}
