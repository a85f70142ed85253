/// Element-wise operations beyond one unary or binary operator: selection, clamping,
/// interpolation, NaN replacement, in-place fills and copies, and closeness tests.

extension NDArray {
    /// `torch.where(condition, a, b)`: elements of `a` where the bool condition holds, else `b`,
    /// all three broadcast together, in the promoted dtype of `a` and `b`.
    public static func whereSelect(_ condition: NDArray, _ a: Operand, _ b: Operand) throws -> NDArray {
        guard condition.dtype == .bool || condition.dtype == .uint8 else {
            throw TensorError.runtime("where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype.kernelName)")
        }
        let target = resultType([a, b])
        let shape = try broadcastShapes(broadcastShapes(condition.shape, a.shape), b.shape)
        let c = try condition.casted(to: .bool).broadcast(to: shape)
        let x = try operandArray(a, target).broadcast(to: shape)
        let y = try operandArray(b, target).broadcast(to: shape)
        let out = try NDArray(zeros: shape, dtype: target)
        try target.numeric(SelectKernel(out: out, c: c, x: x, y: y))
        return out
    }

    /// `clamp(min, max)`: NaN stays NaN; when `min > max` every element becomes `max`, as in PyTorch.
    public func clamp(min: Operand?, max: Operand?) throws -> NDArray {
        guard min != nil || max != nil else {
            throw TensorError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        if dtype == .bool { throw TensorError.runtime("clamp is not supported for bool tensors") }
        var result = self
        if let lo = min { result = try NDArray.binary(.maximum, .array(result), lo) }
        if let hi = max { result = try NDArray.binary(.minimum, .array(result), hi) }
        if result.storage === storage { result = try clone() }
        return result
    }

    /// `torch.lerp(self, end, weight)`: `self + weight * (end - self)`, computed from the nearer
    /// end for accuracy as PyTorch does.
    public func lerp(_ end: Operand, weight: Operand) throws -> NDArray {
        guard dtype.isFloatingPoint || dtype.isComplex else {
            throw TensorError.notImplemented("lerp_kernel_scalar", dtype)
        }
        if case .array(let e) = end, e.dtype != dtype {
            throw TensorError.runtime("expected dtype \(dtype.kernelName) for `end` but got dtype \(e.dtype.kernelName)")
        }
        let diff = try NDArray.binary(.sub, end, .array(self))
        let fromStart = try NDArray.binary(.add, .array(self), .array(NDArray.binary(.mul, weight, .array(diff))))
        let oneMinus = try NDArray.binary(.sub, .scalar(.float(1)), weight)
        let fromEnd = try NDArray.binary(.sub, end, .array(NDArray.binary(.mul, .array(diff), .array(oneMinus))))
        let w = try NDArray.operandArray(weight, dtype.realCounterpart)
        let near = try NDArray.binary(.lt, .array(w.unary(.abs)), .scalar(.float(0.5)))
        let out = try NDArray.whereSelect(near, .array(fromStart), .array(fromEnd))
        return try out.casted(to: dtype)
    }

    /// `torch.nan_to_num`: NaN → `nan`, ±inf → `posinf`/`neginf` (default: the dtype's largest
    /// finite values). Integer and bool arrays are returned as copies.
    public func nanToNum(nan: Double, posinf: Double?, neginf: Double?) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: dtype)
        switch dtype {
        case .float32:
            let hi = posinf.map(Float.init) ?? Float.greatestFiniteMagnitude
            let lo = neginf.map(Float.init) ?? -Float.greatestFiniteMagnitude
            let n = Float(nan)
            mapUnary(out, self) { (r: UnaryRun<Float, Float>) in r.run { (a: Float) -> Float in a.isNaN ? n : (a == .infinity ? hi : (a == -.infinity ? lo : a)) } }
        case .float64:
            let hi = posinf ?? Double.greatestFiniteMagnitude
            let lo = neginf ?? -Double.greatestFiniteMagnitude
            mapUnary(out, self) { (r: UnaryRun<Double, Double>) in r.run { (a: Double) -> Double in a.isNaN ? nan : (a == .infinity ? hi : (a == -.infinity ? lo : a)) } }
        case .complex64, .complex128:
            throw TensorError.notImplemented("nan_to_num", dtype)
        default:
            try out.assignElements(from: self)
        }
        return out
    }

    /// `fill_(value)` / `zero_()`: writes `value` into every element in place.
    public func fill(_ value: Scalar) throws {
        // PyTorch casts any real Python number on fill_; only complex into real is refused.
        if value.category == .complex && !dtype.isComplex {
            throw TensorError.runtime("value cannot be converted to type \(dtype.name) without overflow")
        }
        try fillElements(value)
        storage.version += 1
    }

    /// `copy_(src)`: writes `src`, broadcast to this shape and cast to this dtype, in place.
    public func copyFrom(_ src: NDArray) throws {
        let joint = try NDArray.broadcastShapes(shape, src.shape)
        guard joint == shape else {
            throw TensorError.runtime("output with shape \(TensorError.listString(shape)) doesn't match the broadcast shape \(TensorError.listString(joint))")
        }
        try assignElements(from: src)
        storage.version += 1
    }

    /// `torch.allclose`: every `|a - b| <= atol + rtol * |b|` after broadcasting.
    public static func allClose(_ a: NDArray, _ b: NDArray, rtol: Double, atol: Double, equalNaN: Bool) throws -> Bool {
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("\(a.dtype.kernelName) did not match \(b.dtype.kernelName)")
        }
        let shape = try broadcastShapes(a.shape, b.shape)
        let x = try a.broadcast(to: shape), y = try b.broadcast(to: shape)
        let xs = x.scalars, ys = y.scalars
        for i in 0..<xs.count {
            let (ar, ai) = parts(xs[i]), (br, bi) = parts(ys[i])
            let nanA = ar.isNaN || ai.isNaN, nanB = br.isNaN || bi.isNaN
            if nanA || nanB {
                if equalNaN && nanA && nanB { continue }
                return false
            }
            if ar == br && ai == bi { continue }
            let diff = (ar - br) * (ar - br) + (ai - bi) * (ai - bi)
            let mag = (br * br + bi * bi).squareRoot()
            if !(diff.squareRoot() <= atol + rtol * mag) { return false }
        }
        return true
    }

    private static func parts(_ s: Scalar) -> (Double, Double) {
        if case .complex(let r, let i) = s { return (r, i) }
        return (s.doubleValue, 0)
    }

    /// `torch.equal`: same shape and the same values (NaN is never equal).
    public static func equal(_ a: NDArray, _ b: NDArray) -> Bool {
        guard a.shape == b.shape else { return false }
        guard let eq = try? binary(.eq, .array(a), .array(b)) else { return false }
        let p = eq.storage.pointer.assumingMemoryBound(to: Bool.self)
        for i in 0..<eq.count where !p[i] { return false }
        return true
    }
}

private struct SelectKernel: NumericVisitor {
    let out: NDArray
    let c: NDArray
    let x: NDArray
    let y: NDArray
    func visit<T: NumericElement>(_ type: T.Type) throws {
        mapTernary(out, c, x, y) { (r: TernaryRun<Bool, T, T, T>) in r.run { (c: Bool, a: T, b: T) -> T in c ? a : b } }
    }
}
