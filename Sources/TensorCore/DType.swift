import ComplexModule

/// The element types a tensor can hold, as PyTorch names them.
///
///     >>> torch.arange(3).dtype
///     torch.int64
public enum DType: Int, CaseIterable, Sendable, CustomStringConvertible {
    case bool, uint8, int8, int16, int32, int64, float32, float64, complex64, complex128

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .int64, .float64, .complex64: return 8
        case .complex128: return 16
        }
    }

    /// PyTorch's spelling: `torch.float32`.
    public var description: String { "torch." + name }

    /// The bare name: `float32`.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        case .complex64: return "complex64"
        case .complex128: return "complex128"
        }
    }

    public init?(name: String) {
        switch name {
        case "bool": self = .bool
        case "uint8": self = .uint8
        case "int8": self = .int8
        case "int16", "short": self = .int16
        case "int32", "int": self = .int32
        case "int64", "long": self = .int64
        case "float32", "float": self = .float32
        case "float64", "double": self = .float64
        case "complex64", "cfloat": self = .complex64
        case "complex128", "cdouble": self = .complex128
        default: return nil
        }
    }

    public var isBool: Bool { self == .bool }
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    public var isComplex: Bool { self == .complex64 || self == .complex128 }
    /// Integer types, not counting `bool`.
    public var isInteger: Bool {
        switch self {
        case .uint8, .int8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    /// The promotion category: bool < integer < floating < complex.
    public var category: Category {
        if isBool { return .bool }
        if isInteger { return .integer }
        if isComplex { return .complex }
        return .floating
    }

    public enum Category: Int, Comparable, Sendable {
        case bool, integer, floating, complex
        public static func < (a: Category, b: Category) -> Bool { a.rawValue < b.rawValue }
    }

    /// The real type underlying a complex type (`complex64` → `float32`); itself otherwise.
    public var realCounterpart: DType {
        switch self {
        case .complex64: return .float32
        case .complex128: return .float64
        default: return self
        }
    }

    /// The complex type built on a floating type (`float32` → `complex64`).
    public var complexCounterpart: DType {
        switch self {
        case .float64, .complex128: return .complex128
        default: return .complex64
        }
    }
}

/// Swift element types that back a dtype. Kernels are written once, generically, over these.
public protocol Element {
    static var dtype: DType { get }
    /// Converts with a cast's semantics (floats truncate toward zero into integers, nonzero is `True`).
    init(scalar: Scalar)
    /// This element as a scalar of its category.
    var scalar: Scalar { get }
}
extension Bool: Element {
    public static var dtype: DType { .bool }
    public init(scalar: Scalar) { self = scalar.boolValue }
    public var scalar: Scalar { .bool(self) }
}
extension UInt8: Element {
    public static var dtype: DType { .uint8 }
    public init(scalar: Scalar) { self = UInt8(truncatingIfNeeded: scalar.int64Value) }
    public var scalar: Scalar { .int(Int64(self)) }
}
extension Int8: Element {
    public static var dtype: DType { .int8 }
    public init(scalar: Scalar) { self = Int8(truncatingIfNeeded: scalar.int64Value) }
    public var scalar: Scalar { .int(Int64(self)) }
}
extension Int16: Element {
    public static var dtype: DType { .int16 }
    public init(scalar: Scalar) { self = Int16(truncatingIfNeeded: scalar.int64Value) }
    public var scalar: Scalar { .int(Int64(self)) }
}
extension Int32: Element {
    public static var dtype: DType { .int32 }
    public init(scalar: Scalar) { self = Int32(truncatingIfNeeded: scalar.int64Value) }
    public var scalar: Scalar { .int(Int64(self)) }
}
extension Int64: Element {
    public static var dtype: DType { .int64 }
    public init(scalar: Scalar) { self = scalar.int64Value }
    public var scalar: Scalar { .int(self) }
}
extension Float: Element {
    public static var dtype: DType { .float32 }
    public init(scalar: Scalar) { self = Float(scalar.doubleValue) }
    public var scalar: Scalar { .float(Double(self)) }
}
extension Double: Element {
    public static var dtype: DType { .float64 }
    public init(scalar: Scalar) { self = scalar.doubleValue }
    public var scalar: Scalar { .float(self) }
}
extension Complex: Element where RealType == Float {
    public static var dtype: DType { .complex64 }
    public init(scalar: Scalar) {
        if case .complex(let r, let i) = scalar { self.init(Float(r), Float(i)) } else { self.init(Float(scalar.doubleValue), 0) }
    }
    public var scalar: Scalar { .complex(Double(real), Double(imaginary)) }
}

/// `Complex<Double>` cannot conform to `Element` a second time through the same generic type, so
/// complex128 elements are stored as this two-double struct with the same layout.
public struct Complex128: Element, Equatable {
    public var real: Double
    public var imaginary: Double
    public init(_ real: Double, _ imaginary: Double) { self.real = real; self.imaginary = imaginary }
    public static var dtype: DType { .complex128 }
    public init(scalar: Scalar) {
        if case .complex(let r, let i) = scalar { self.init(r, i) } else { self.init(scalar.doubleValue, 0) }
    }
    public var scalar: Scalar { .complex(real, imaginary) }
}

/// Calls `body` with the Swift element type behind `dtype`: the one dtype switch an operation
/// needs, after which the kernel runs specialised for its element type.
public protocol DTypeVisitor {
    associatedtype Result
    /// `Never` for visitors that cannot fail, so their dispatch needs no `try`.
    associatedtype Failure: Error = Never
    func visit<T: Element>(_ type: T.Type) throws(Failure) -> Result
}

extension DType {
    public func dispatch<V: DTypeVisitor>(_ visitor: V) throws(V.Failure) -> V.Result {
        switch self {
        case .bool: return try visitor.visit(Bool.self)
        case .uint8: return try visitor.visit(UInt8.self)
        case .int8: return try visitor.visit(Int8.self)
        case .int16: return try visitor.visit(Int16.self)
        case .int32: return try visitor.visit(Int32.self)
        case .int64: return try visitor.visit(Int64.self)
        case .float32: return try visitor.visit(Float.self)
        case .float64: return try visitor.visit(Double.self)
        case .complex64: return try visitor.visit(Complex<Float>.self)
        case .complex128: return try visitor.visit(Complex128.self)
        }
    }
}
