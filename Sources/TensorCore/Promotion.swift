/// Type promotion (`torch.result_type`, `torch.promote_types`) and broadcasting of shapes.

extension DType {
    /// `torch.promote_types`: the smallest dtype both values fit in, by PyTorch's table.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a.isComplex || b.isComplex {
            let ra = a.isComplex ? a.realCounterpart : a
            let rb = b.isComplex ? b.realCounterpart : b
            return (ra == .float64 || rb == .float64) ? .complex128 : .complex64
        }
        if a.isFloatingPoint || b.isFloatingPoint {
            if a.isFloatingPoint && b.isFloatingPoint { return (a == .float64 || b == .float64) ? .float64 : .float32 }
            return a.isFloatingPoint ? a : b
        }
        if a == .bool { return b }
        if b == .bool { return a }
        // Both integers.
        if a == .uint8 || b == .uint8 {
            let other = a == .uint8 ? b : a
            return other == .int8 ? .int16 : other
        }
        return a.rawValue > b.rawValue ? a : b
    }

    /// `torch.can_cast`: a value may be written into an output of the same or a higher category
    /// (bool < integer < floating < complex), never a lower one.
    public static func canCast(_ from: DType, to: DType) -> Bool {
        from.category <= to.category
    }
}

extension Operand {
    /// The operand as an array: Python numbers become 0-d arrays of their default dtype.
    public var array: NDArray {
        switch self {
        case .array(let a): return a
        case .scalar(let s): return NDArray(scalar: s)
        }
    }

    /// The shape the operand contributes to broadcasting.
    var shape: [Int] {
        switch self {
        case .array(let a): return a.shape
        case .scalar: return []
        }
    }
}

extension NDArray {
    /// `torch.result_type` over several operands. Dimensioned arrays take precedence over 0-d arrays,
    /// which take precedence over Python numbers, unless a lower-priority operand is of a higher
    /// category (bool < integer < floating < complex).
    ///
    ///     >>> (torch.ones(2, dtype=torch.int32) + 5).dtype
    ///     torch.int32
    public static func resultType(_ operands: [Operand]) -> DType {
        var slots = PromotionSlots()
        for op in operands { slots.add(op) }
        return slots.result
    }

    /// `resultType([a, b])` without building an array (the binary operators' hot path).
    public static func resultType(_ a: Operand, _ b: Operand) -> DType {
        var slots = PromotionSlots()
        slots.add(a)
        slots.add(b)
        return slots.result
    }

    /// The running promotion of dimensioned arrays, 0-d arrays and Python numbers.
    private struct PromotionSlots {
        var dimResult: DType? = nil
        var zeroResult: DType? = nil
        var wrappedResult: DType? = nil

        static func merge(_ slot: inout DType?, _ t: DType) {
            slot = slot.map { DType.promote($0, t) } ?? t
        }

        mutating func add(_ op: Operand) {
            switch op {
            case .scalar(let s): Self.merge(&wrappedResult, s.defaultDType)
            case .array(let a):
                if a.rank == 0 { Self.merge(&zeroResult, a.dtype) } else { Self.merge(&dimResult, a.dtype) }
            }
        }

        var result: DType {
            NDArray.combine(dimResult, NDArray.combine(zeroResult, wrappedResult)) ?? DTypeDefaults.floating
        }
    }

    /// PyTorch's `combine_categories`: the higher-priority result wins unless the other is of a
    /// higher category.
    fileprivate static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let h = higher else { return lower }
        guard let l = lower else { return h }
        if h.isComplex { return h }
        if l.isComplex { return h.isFloatingPoint ? h.complexCounterpart : l }
        if h.isFloatingPoint { return h }
        if h == .bool || l.isFloatingPoint { return DType.promote(h, l) }
        return h
    }

    /// The broadcast shape of two shapes, aligned at the right.
    ///
    /// Throws PyTorch's "The size of tensor a (3) must match the size of tensor b (4) at
    /// non-singleton dimension 1".
    public static func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        // From the last dim backwards, as PyTorch checks, so the reported mismatch is the same.
        for i in stride(from: n - 1, through: 0, by: -1) {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw TensorError.runtime("The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)")
            }
        }
        _ = try NDArray.checkedCount(out)
        return out
    }

    /// A view of `self` broadcast to `shape` (stride 0 along stretched dims); no data is copied.
    func broadcast(to shape: [Int]) throws -> NDArray {
        if shape == self.shape { return self }
        let lead = shape.count - rank
        guard lead >= 0 else {
            throw TensorError.runtime("The expanded size of the tensor (\(shape.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        var newStrides = [Int](repeating: 0, count: shape.count)
        for i in 0..<rank {
            let target = shape[lead + i]
            if self.shape[i] == target {
                newStrides[lead + i] = self.shape[i] == 1 ? 0 : strides[i]
            } else if self.shape[i] == 1 {
                newStrides[lead + i] = 0
            } else {
                throw TensorError.runtime("The expanded size of the tensor (\(target)) must match the existing size (\(self.shape[i])) at non-singleton dimension \(lead + i).  Target sizes: \(TensorError.listString(shape)).  Tensor sizes: \(TensorError.listString(self.shape))")
            }
        }
        return viewing(shape: shape, strides: newStrides)
    }
}

extension TensorError {
    /// PyTorch's list spelling of sizes in messages: `[2, 3]`.
    static func listString(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
