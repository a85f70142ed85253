import Autograd
import TensorCore

/// Where a binary operator and its operands stand in the source, so that an engine error from
/// `x + y` (a shape mismatch, a dtype that cannot take the operation) puts the caret under the
/// operator, underlines both operands, and says what each one was:
///
///     <stdin>:1:3: error: RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1
///     x + torch.ones(4)
///     ~ ^ ~~~~~~~~~~~~~
///     note: left operand is a float32 tensor of shape (2, 3); right operand is a float32 tensor of shape (4,)
struct OperatorCulprit {
    let left: SourceRange
    let right: SourceRange
    /// The operator token's span, kept by the parser (nil when the expression was built
    /// without one).
    let operatorRange: SourceRange?
}

extension OperatorCulprit {
    /// "a float32 tensor of shape (2, 3)", "the int 4", …
    static func describe(_ v: Value) -> String {
        switch v {
        case .object(let t as Tensor):
            if t.rank == 0 { return "a 0-d \(t.dtype.name) tensor" }
            let article: String = t.dtype.name.hasPrefix("i") ? "an" : "a"
            return "\(article) \(t.dtype.name) tensor of shape \(TensorError.shapeString(t.shape))"
        case .object(let a as NumPyArray):
            let article: String = a.array.dtype.name.hasPrefix("i") ? "an" : "a"
            return a.array.rank == 0 ? "a 0-d \(a.array.dtype.name) array" : "\(article) \(a.array.dtype.name) array of shape \(TensorError.shapeString(a.array.shape))"
        case .object(let s as NumPyScalar): return "a numpy.\(s.dtype.name) scalar"
        case .int(let i): return "the int \(i)"
        case .float(let d): return "the float \(formatFloatRepr(d))"
        case .bool(let b): return "the bool \(b ? "True" : "False")"
        default: return "a value of type '\(v.typeName)'"
        }
    }
}

extension Compiler {
    /// `locate` for a failing binary operator: engine errors involving a tensor get the operator
    /// caret, both operands underlined, and a note describing them; anything else is located
    /// as usual, on the whole expression.
    static func locate(_ error: Error, _ range: SourceRange, _ file: SourceFile, _ interp: Interpreter,
                       culprit: OperatorCulprit?, _ a: Value, _ b: Value) -> Error {
        guard let culprit, let opRange = culprit.operatorRange, error is TensorError else {
            return locate(error, range, file, interp)
        }
        func isTensor(_ v: Value) -> Bool {
            if case .object(let o) = v, o is Tensor || o is NumPyArray || o is NumPyScalar { return true }
            return false
        }
        guard isTensor(a) || isTensor(b) else { return locate(error, range, file, interp) }
        var e: PyException = interp.pyException(from: error)
        e.range = opRange
        e.file = file
        e.frameRange = range
        e.frameFile = file
        e.highlights = [culprit.left, culprit.right]
        e.notes = ["left operand is \(OperatorCulprit.describe(a)); right operand is \(OperatorCulprit.describe(b))"]
        return e
    }
}
