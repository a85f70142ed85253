/// NumPy 2's type promotion (NEP 50), beside PyTorch's in Promotion.swift. Arrays and NumPy
/// scalars are "strong" and promote by `np.promote_types`; Python numbers are "weak": they
/// take the array's dtype when their kind (bool < int < float < complex) fits in it, and
/// otherwise the default dtype of their kind (int64, float64, complex128), so a Python float
/// never widens a float32 array and a Python int never widens an int8 one.
///
///     >>> (np.ones(2, dtype=np.float32) + 1.5).dtype
///     dtype('float32')
public enum NumPyPromotion {
    /// `np.promote_types(a, b)` for tcalc's dtypes.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isComplex || b.isComplex {
            // The real type both sides need, then its complex counterpart.
            let real = promote(a.realCounterpart, b.realCounterpart)
            return real == .float32 ? .complex64 : .complex128
        }
        if a.isFloatingPoint || b.isFloatingPoint {
            if a.isFloatingPoint && b.isFloatingPoint { return a == .float64 || b == .float64 ? .float64 : .float32 }
            let (f, i) = a.isFloatingPoint ? (a, b) : (b, a)
            if f == .float64 { return .float64 }
            // float32 holds integers of up to 16 bits exactly; wider ones need float64.
            return i.itemSize <= 2 ? .float32 : .float64
        }
        // Both integers (uint8 is tcalc's only unsigned type).
        if a == .uint8 || b == .uint8 {
            let other = a == .uint8 ? b : a
            return other == .int8 ? .int16 : other
        }
        return a.itemSize >= b.itemSize ? a : b
    }

    /// The dtype a Python number gets on its own (`np.asarray(1.5)` is float64).
    public static func defaultDType(_ s: Scalar) -> DType {
        switch s {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float64
        case .complex: return .complex128
        }
    }

    /// `np.result_type` over strong dtypes and weak Python numbers.
    public static func resultType(strong: [DType], weak: [Scalar]) -> DType {
        guard var result = strong.first else {
            // Only Python numbers: they are strong among themselves.
            return weak.map(defaultDType).reduce(DType.bool) { promote($0, $1) }
        }
        for d in strong.dropFirst() { result = promote(result, d) }
        for s in weak where s.category > result.category {
            switch s.category {
            case .bool: break
            case .integer: result = .int64
            case .floating: result = result.isComplex ? result : .float64
            case .complex: result = result == .float32 ? .complex64 : promote(result, .complex128)
            }
        }
        return result
    }

    /// NumPy 2 refuses a Python int that the array's integer dtype cannot hold
    /// ("Python integer 300 out of bounds for int8") instead of wrapping it.
    /// Returns the message when out of bounds (the caller raises OverflowError), else nil.
    public static func weakIntegerOutOfBounds(_ s: Scalar, _ dtype: DType) -> String? {
        guard case .int(let v) = s, dtype.isInteger else { return nil }
        let range: ClosedRange<Int64>
        switch dtype {
        case .uint8: range = 0...255
        case .int8: range = -128...127
        case .int16: range = -32768...32767
        case .int32: range = Int64(Int32.min)...Int64(Int32.max)
        default: return nil
        }
        return range.contains(v) ? nil : "Python integer \(v) out of bounds for \(dtype.name)"
    }

    /// NumPy's broadcasting, with its message: "operands could not be broadcast together
    /// with shapes (3,4) (3,) ".
    public static func broadcastShapes(_ shapes: [[Int]]) throws -> [Int] {
        let n = shapes.map(\.count).max() ?? 0
        var out = [Int](repeating: 1, count: n)
        for s in shapes {
            for (i, d) in s.enumerated() {
                let j = n - s.count + i
                if out[j] == d || d == 1 { continue }
                if out[j] == 1 { out[j] = d; continue }
                let text = shapes.map { "(" + $0.map(String.init).joined(separator: ",") + ($0.count == 1 ? ",)" : ")") }
                throw TensorError.value("operands could not be broadcast together with shapes " + text.joined(separator: " ") + " ")
            }
        }
        return out
    }
}
