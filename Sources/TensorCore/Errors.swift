/// Errors raised by the engine. They carry no source position: the interpreter attaches the
/// range of the expression it was evaluating. `kind` maps to the Python exception class the user
/// sees (`RuntimeError`, `IndexError`, …) and `message` is PyTorch's wording where it has one.
public struct TensorError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case runtime = "RuntimeError"
        case index = "IndexError"
        case value = "ValueError"
        case type = "TypeError"
        case zeroDivision = "ZeroDivisionError"
        case memory = "MemoryError"
        case notImplemented = "NotImplementedError"
        case linalg = "torch.linalg.LinAlgError"
    }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public var description: String { "\(kind.rawValue): \(message)" }

    public static func runtime(_ m: String) -> TensorError { TensorError(.runtime, m) }
    public static func index(_ m: String) -> TensorError { TensorError(.index, m) }
    public static func value(_ m: String) -> TensorError { TensorError(.value, m) }
    public static func type(_ m: String) -> TensorError { TensorError(.type, m) }

    /// "shapes (2, 3) and (4,) cannot be broadcast in '+'"-style messages use this spelling.
    public static func shapeString(_ shape: [Int]) -> String {
        if shape.count == 1 { return "(\(shape[0]),)" }
        return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
