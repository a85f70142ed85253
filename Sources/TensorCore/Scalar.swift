/// One element, or a Python number, outside any tensor. Python scalars take part in type promotion
/// as "wrapped numbers": they never widen a dimensioned tensor's dtype within its category.
public enum Scalar: Equatable, CustomStringConvertible, Sendable {
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case complex(Double, Double)

    /// The dtype this scalar would get on its own (`tensor(3)` is int64, `tensor(3.0)` float32).
    public var defaultDType: DType {
        switch self {
        case .bool: return .bool
        case .int: return .int64
        case .float: return DTypeDefaults.floating
        case .complex: return DTypeDefaults.floating.complexCounterpart
        }
    }

    public var category: DType.Category {
        switch self {
        case .bool: return .bool
        case .int: return .integer
        case .float: return .floating
        case .complex: return .complex
        }
    }

    public var doubleValue: Double {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .complex(let r, _): return r
        }
    }

    /// Truncating conversion, as a cast to an integer dtype does.
    public var int64Value: Int64 {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return i
        case .float(let d), .complex(let d, _):
            if d.isNaN { return Int64.min }
            if d >= 9.2233720368547758e18 || d < -9.2233720368547758e18 { return Int64.min }
            return Int64(d.rounded(.towardZero))
        }
    }

    public var boolValue: Bool {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .complex(let r, let i): return r != 0 || i != 0
        }
    }

    public var description: String {
        switch self {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .complex(let r, let i): return "(\(r)+\(i)j)"
        }
    }
}

/// Process-wide defaults that PyTorch keeps globally (`torch.set_default_dtype`).
public enum DTypeDefaults {
    /// The dtype of Python floats turned into tensors, and of int / int true division.
    nonisolated(unsafe) public static var floating: DType = .float32
}
