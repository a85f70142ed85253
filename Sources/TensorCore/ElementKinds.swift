import ComplexModule
import RealModule
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions and constants every element type supports, so that casts and mixed-type kernels
/// work on raw elements instead of boxing each one in a `Scalar`.
public protocol NumericElement: Element {
    static var zeroValue: Self { get }
    static var oneValue: Self { get }
    /// True for bool and the integer types: casts between them go through `Int64`.
    static var isIntegral: Bool { get }
    /// The value as a double (complex: the real part).
    var realPart: Double { get }
    /// The imaginary part (zero for real types).
    var imagPart: Double { get }
    /// Truncating conversion to Int64, as a cast to an integer dtype does.
    var int64Value: Int64 { get }
    /// A cast from a floating or complex value (real types drop the imaginary part).
    init(castingReal real: Double, imag: Double)
    /// A cast from an integral value (integers wrap like C casts).
    init(castingInt value: Int64)
}

extension NumericElement {
    /// A cast from any element type with PyTorch's `.to(dtype)` semantics.
    @inline(__always)
    static func cast<S: NumericElement>(_ s: S) -> Self {
        if S.isIntegral { return Self(castingInt: s.int64Value) }
        return Self(castingReal: s.realPart, imag: s.imagPart)
    }
}

@inline(__always)
func truncatedInt64(_ d: Double) -> Int64 {
    if d.isNaN || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18 { return Int64.min }
    return Int64(d.rounded(.towardZero))
}

extension Bool: NumericElement {
    public static var zeroValue: Bool { false }
    public static var oneValue: Bool { true }
    public static var isIntegral: Bool { true }
    public var realPart: Double { self ? 1 : 0 }
    public var imagPart: Double { 0 }
    public var int64Value: Int64 { self ? 1 : 0 }
    public init(castingReal real: Double, imag: Double) { self = real != 0 || imag != 0 }
    public init(castingInt value: Int64) { self = value != 0 }
}

/// Integer element types: wrapping arithmetic, Python floor semantics for `//` and `%`.
public protocol IntegerElement: NumericElement, FixedWidthInteger {}

extension IntegerElement {
    public static var zeroValue: Self { 0 }
    public static var oneValue: Self { 1 }
    public static var isIntegral: Bool { true }
    public var realPart: Double { Double(self) }
    public var imagPart: Double { 0 }
    public var int64Value: Int64 { Int64(truncatingIfNeeded: self) }
    public init(castingReal real: Double, imag: Double) { self.init(truncatingIfNeeded: truncatedInt64(real)) }
    public init(castingInt value: Int64) { self.init(truncatingIfNeeded: value) }
}
extension UInt8: IntegerElement {}
extension Int8: IntegerElement {}
extension Int16: IntegerElement {}
extension Int32: IntegerElement {}
extension Int64: IntegerElement {}

/// Real floating element types (float32, float64), with the elementary functions of `Real`.
public protocol FloatElement: NumericElement, BinaryFloatingPoint, Real, LibmFunctions, SIMDScalar, Codable {}

extension FloatElement {
    public static var zeroValue: Self { 0 }
    public static var oneValue: Self { 1 }
    public static var isIntegral: Bool { false }
    public var imagPart: Double { 0 }
    public var int64Value: Int64 { truncatedInt64(realPart) }
}
extension Float: FloatElement {
    public var realPart: Double { Double(self) }
    public init(castingReal real: Double, imag: Double) { self = Float(real) }
    public init(castingInt value: Int64) { self = Float(value) }
}
extension Double: FloatElement {
    public var realPart: Double { self }
    public init(castingReal real: Double, imag: Double) { self = real }
    public init(castingInt value: Int64) { self = Double(value) }
}

/// Complex element types; arithmetic is carried out in double precision pairs.
public protocol ComplexElement: NumericElement {
    init(_ real: Double, _ imag: Double)
}

extension ComplexElement {
    public static var zeroValue: Self { Self(0, 0) }
    public static var oneValue: Self { Self(1, 0) }
    public static var isIntegral: Bool { false }
    public var int64Value: Int64 { truncatedInt64(realPart) }
    public init(castingReal real: Double, imag: Double) { self.init(real, imag) }
    public init(castingInt value: Int64) { self.init(Double(value), 0) }
}
extension Complex: NumericElement, ComplexElement where RealType == Float {
    public init(_ real: Double, _ imag: Double) { self.init(Float(real), Float(imag)) }
    public var realPart: Double { Double(real) }
    public var imagPart: Double { Double(imaginary) }
}
extension Complex128: NumericElement, ComplexElement {
    public var realPart: Double { real }
    public var imagPart: Double { imaginary }
}

// MARK: Family dispatch

/// Visits the element type of a dtype with the conversions of `NumericElement` available.
protocol NumericVisitor {
    associatedtype Result
    func visit<T: NumericElement>(_ type: T.Type) throws -> Result
}

/// Visits the element type of a dtype by family, so that each family's kernels are written once.
protocol FamilyVisitor {
    associatedtype Result
    func visitBool() throws -> Result
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws -> Result
    func visitFloat<T: FloatElement>(_ type: T.Type) throws -> Result
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws -> Result
}

extension DType {
    func numeric<V: NumericVisitor>(_ v: V) throws -> V.Result {
        switch self {
        case .bool: return try v.visit(Bool.self)
        case .uint8: return try v.visit(UInt8.self)
        case .int8: return try v.visit(Int8.self)
        case .int16: return try v.visit(Int16.self)
        case .int32: return try v.visit(Int32.self)
        case .int64: return try v.visit(Int64.self)
        case .float32: return try v.visit(Float.self)
        case .float64: return try v.visit(Double.self)
        case .complex64: return try v.visit(Complex<Float>.self)
        case .complex128: return try v.visit(Complex128.self)
        }
    }

    func family<V: FamilyVisitor>(_ v: V) throws -> V.Result {
        switch self {
        case .bool: return try v.visitBool()
        case .uint8: return try v.visitInteger(UInt8.self)
        case .int8: return try v.visitInteger(Int8.self)
        case .int16: return try v.visitInteger(Int16.self)
        case .int32: return try v.visitInteger(Int32.self)
        case .int64: return try v.visitInteger(Int64.self)
        case .float32: return try v.visitFloat(Float.self)
        case .float64: return try v.visitFloat(Double.self)
        case .complex64: return try v.visitComplex(Complex<Float>.self)
        case .complex128: return try v.visitComplex(Complex128.self)
        }
    }

    /// The C++ scalar-type name PyTorch uses in kernel errors: `"exp_vml_cpu" not implemented for 'Long'`.
    public var kernelName: String {
        switch self {
        case .bool: return "Bool"
        case .uint8: return "Byte"
        case .int8: return "Char"
        case .int16: return "Short"
        case .int32: return "Int"
        case .int64: return "Long"
        case .float32: return "Float"
        case .float64: return "Double"
        case .complex64: return "ComplexFloat"
        case .complex128: return "ComplexDouble"
        }
    }
}

extension TensorError {
    /// PyTorch's error for a kernel that has no implementation for a dtype.
    static func notImplemented(_ kernel: String, _ dtype: DType) -> TensorError {
        TensorError(.notImplemented, "\"\(kernel)\" not implemented for '\(dtype.kernelName)'")
    }
}

/// C library functions that `Real` does not offer with C's semantics (`pow` of a negative base
/// with an integral exponent, `fmod`).
public protocol LibmFunctions {
    static func cPow(_ a: Self, _ b: Self) -> Self
    static func cErf(_ a: Self) -> Self
}
extension Float: LibmFunctions {
    public static func cPow(_ a: Float, _ b: Float) -> Float { powf(a, b) }
    public static func cErf(_ a: Float) -> Float { erff(a) }
}
extension Double: LibmFunctions {
    // Module-qualified: inside an extension of Double a bare `pow` finds swift-numerics'
    // `Double.pow`, which is NaN for a negative base even with an integral exponent (and for 0⁰).
    #if canImport(Glibc)
    public static func cPow(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) }
    public static func cErf(_ a: Double) -> Double { Glibc.erf(a) }
    #else
    public static func cPow(_ a: Double, _ b: Double) -> Double { Darwin.pow(a, b) }
    public static func cErf(_ a: Double) -> Double { Darwin.erf(a) }
    #endif
}
