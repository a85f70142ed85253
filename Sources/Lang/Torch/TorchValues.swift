import Autograd
import Foundation
import TensorCore

/// Conversions between interpreter values and the engine's types, shared by every torch binding.
enum TorchConvert {
    /// A Python number as an engine scalar; nil for anything else.
    static func scalar(_ v: Value) throws -> Scalar? {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return .float(d)
        case .bigInt(let b): throw PyException(ExceptionTypes.overflowError, "Python int too large to convert to C long: \(b.value)")
        case .object(let o as ComplexValue): return .complex(o.real, o.imaginary)
        case .object(let o as NumPyScalar): return o.value
        default: return nil
        }
    }

    /// The value as a Python scalar (`item()`, `tolist()` elements).
    static func value(_ s: Scalar) -> Value {
        switch s {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        case .complex(let r, let i): return .object(ComplexValue(r, i))
        }
    }

    /// A tensor argument, or a TypeError in PyTorch's words.
    static func tensor(_ v: Value, function: String, argument: String = "input") throws -> Tensor {
        if case .object(let t as Tensor) = v { return t }
        throw PyException.typeError("\(function)(): argument '\(argument)' must be Tensor, not \(v.typeName)")
    }

    static func optionalTensor(_ v: Value, function: String, argument: String) throws -> Tensor? {
        if v.isNone { return nil }
        return try tensor(v, function: function, argument: argument)
    }

    /// A tensor or a Python number (the second operand of most element-wise functions).
    static func operand(_ v: Value, function: String, argument: String = "other") throws -> TensorOperand {
        if case .object(let t as Tensor) = v { return .tensor(t) }
        if let s = try scalar(v) { return .scalar(s) }
        throw PyException.typeError("\(function)(): argument '\(argument)' must be Tensor or Number, not \(v.typeName)")
    }

    /// A list of tensors (`cat`, `stack`).
    /// A lone tensor or a non-sequence is refused as PyTorch's argument parser refuses it (a
    /// tensor is iterable, but `torch.cat(x, x)` means the brackets are missing).
    static func tensors(_ v: Value, _ interp: Interpreter, function: String) throws -> [Tensor] {
        switch v {
        case .list, .tuple: break
        default:
            throw PyException.typeError("\(function)(): argument 'tensors' (position 1) must be tuple of Tensors, not \(v.typeName)")
        }
        return try interp.iterate(v).map {
            guard case .object(let t as Tensor) = $0 else {
                throw PyException.typeError("\(function)(): expected Tensor as element in argument 'tensors', but got \($0.typeName)")
            }
            return t
        }
    }

    /// A dtype argument, or nil for None.
    static func dtype(_ v: Value, function: String) throws -> DType? {
        switch v {
        case .none: return nil
        case .object(let d as DTypeObject): return d.dtype
        default:
            if case .object(let t as PyType) = v {
                switch t.name {
                case "float": return .float64
                case "int": return .int64
                case "bool": return .bool
                case "complex": return .complex128
                default: break
                }
            }
            throw PyException.typeError("\(function)(): argument 'dtype' must be torch.dtype, not \(v.typeName)")
        }
    }

    /// Sizes passed as varargs (`zeros(2, 3)`), as one tuple/list/Size (`zeros((2, 3))`), or
    /// by the `size=` keyword.
    static func sizes(_ varArgs: [Value], keyword: Value = .none, _ interp: Interpreter, function: String) throws -> [Int] {
        var items = varArgs
        if items.isEmpty && !keyword.isNone { items = [keyword] }
        if items.count == 1, try interp.asIndex(items[0]) == nil {
            items = try interp.iterate(items[0])
        }
        return try items.map {
            guard let i = try interp.asIndex($0) else {
                throw PyException.typeError("\(function)(): argument 'size' must be tuple of ints, but found element of type \($0.typeName)")
            }
            return i
        }
    }

    /// Dims given as an int, a tuple or a list; nil for None.
    static func dims(_ v: Value, _ interp: Interpreter, function: String) throws -> [Int]? {
        if v.isNone { return nil }
        if let i = try interp.asIndex(v) { return [i] }
        return try interp.iterate(v).map {
            guard let i = try interp.asIndex($0) else {
                throw PyException.typeError("\(function)(): argument 'dim' must be tuple of ints, not \($0.typeName)")
            }
            return i
        }
    }

    /// Nested Python data (numbers, bools, lists, tuples, tensors) as an array. The dtype is
    /// inferred as PyTorch does when not given: bool < int64 < default float < complex.
    static func array(from data: Value, dtype: DType?, _ interp: Interpreter) throws -> NDArray {
        if case .object(let t as Tensor) = data {
            return try t.data.converted(to: dtype ?? t.dtype)
        }
        // torch.tensor(ndarray) copies, keeping NumPy's dtype (float64 stays float64).
        if case .object(let a as NumPyArray) = data {
            return try a.array.converted(to: dtype ?? a.array.dtype)
        }
        var shape: [Int] = []
        var scalars: [Scalar] = []
        var category = DType.Category.bool
        var sawTensorDType: DType?
        func visit(_ v: Value, depth: Int) throws {
            if let s = try scalar(v) {
                if depth != shape.count {
                    throw PyException.valueError("expected sequence of length \(shape.count > depth ? shape[depth] : 0) at dim \(depth) (got a number)")
                }
                category = max(category, s.category)
                scalars.append(s)
                return
            }
            if case .object(let t as Tensor) = v {
                guard t.count == 1 && t.rank == 0 else {
                    throw PyException.valueError("only one element tensors can be converted to Python scalars")
                }
                let s = try t.item()
                category = max(category, s.category)
                sawTensorDType = sawTensorDType ?? t.dtype
                scalars.append(s)
                return
            }
            let items: [Value]
            switch v {
            case .list(let l): items = l.items
            case .tuple(let t): items = t
            case .object(let o) where o is SizeObject: items = try interp.iterate(v)
            default:
                throw PyException.typeError("new(): invalid data type '\(v.typeName)'")
            }
            // PyTorch's limit (MAX_DIMS = 128); it also stops a list that contains itself,
            // which would otherwise recurse until the stack ends.
            if depth >= 128 { throw PyException.valueError("too many dimensions '\(v.typeName)'") }
            if depth == shape.count {
                if !scalars.isEmpty {
                    throw PyException.valueError("expected a number at dim \(depth - 1) (got a sequence)")
                }
                shape.append(items.count)
            } else if depth < shape.count && shape[depth] != items.count {
                throw PyException.valueError("expected sequence of length \(shape[depth]) at dim \(depth) (got \(items.count))")
            } else if depth > shape.count {
                throw PyException.valueError("expected a number at dim \(depth - 1) (got a sequence)")
            }
            for item in items { try visit(item, depth: depth + 1) }
        }
        try visit(data, depth: 0)
        let inferred: DType
        switch category {
        case .bool: inferred = .bool
        case .integer: inferred = .int64
        case .floating: inferred = (sawTensorDType?.isFloatingPoint ?? false) ? sawTensorDType! : DTypeDefaults.floating
        case .complex: inferred = DTypeDefaults.floating.complexCounterpart
        }
        let finalDType = dtype ?? (scalars.isEmpty ? DTypeDefaults.floating : inferred)
        return try NDArray(scalars: scalars, shape: shape, dtype: finalDType)
    }

    /// Wraps an engine error (or passes through any other) for the interpreter.
    static func tensorValue(_ t: Tensor) -> Value { .object(t) }

    static func tuple(_ ts: [Tensor]) -> Value { .tuple(ts.map { .object($0) }) }
}

/// `torch.float32` and friends: one object per dtype, so `is` and `==` both work.
final class DTypeObject: PyObject {
    let dtype: DType
    private init(_ dtype: DType) { self.dtype = dtype }
    static let all: [DType: DTypeObject] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, DTypeObject($0)) })
    static func of(_ d: DType) -> Value { .object(all[d]!) }

    var typeName: String { "torch.dtype" }
    func repr(_ interp: Interpreter) throws -> String { dtype.description }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "is_floating_point": return .bool(dtype.isFloatingPoint)
        case "is_complex": return .bool(dtype.isComplex)
        case "is_signed": return .bool(dtype != .uint8 && dtype != .bool)
        case "itemsize": return .int(dtype.itemSize)
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["is_floating_point", "is_complex", "is_signed", "itemsize"] }
    func hash(_ interp: Interpreter) throws -> Int { dtype.rawValue }
}

/// `torch.Size`: a tuple of ints that prints as `torch.Size([2, 3])`.
final class SizeObject: PyObject {
    let dims: [Int]
    init(_ dims: [Int]) { self.dims = dims }
    var typeName: String { "torch.Size" }
    var items: [Value] { dims.map { .int($0) } }
    func repr(_ interp: Interpreter) throws -> String {
        "torch.Size([" + dims.map(String.init).joined(separator: ", ") + "])"
    }
    func isInstance(of typeName: String) -> Bool { typeName == "torch.Size" || typeName == "Size" || typeName == "tuple" }
    func length(_ interp: Interpreter) throws -> Int? { dims.count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { items }
    func truthiness(_ interp: Interpreter) throws -> Bool? { !dims.isEmpty }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let s as PySlice) = key {
            let picked = try interp.getItem(.tuple(items), .object(s))
            return .object(SizeObject(try interp.iterate(picked).map { try interp.asIndex($0) ?? 0 }))
        }
        return try interp.getItem(.tuple(items), key)
    }
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let rhs: [Value]
        switch other {
        case .tuple(let t): rhs = t
        case .object(let s as SizeObject): rhs = s.items
        default: return nil
        }
        let result = try interp.compare(op, .tuple(reflected ? rhs : items), .tuple(reflected ? items : rhs))
        return result
    }
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .add else { return nil }
        let rhs: [Value]
        switch other {
        case .tuple(let t): rhs = t
        case .object(let s as SizeObject): rhs = s.items
        default: return nil
        }
        let all = reflected ? rhs + items : items + rhs
        if all.allSatisfy({ if case .int = $0 { return true }; return false }) {
            return .object(SizeObject(all.map { if case .int(let i) = $0 { return i }; return 0 }))
        }
        return .tuple(all)
    }
    func hash(_ interp: Interpreter) throws -> Int { try interp.hash(.tuple(items)) }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard let i = try interp.asIndex(other) else { return false }
        return dims.contains(i)
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let dims = self.dims
        switch name {
        case "numel":
            let n = dims.reduce(1, *)
            return .object(NativeClosure(name: "numel") { _ in .int(n) })
        case "index":
            return .object(NativeClosure(name: "index") { args in
                guard args.positional.count == 1, let v = try interp.asIndex(args.positional[0]), let i = dims.firstIndex(of: v) else {
                    throw PyException.valueError("tuple.index(x): x not in tuple")
                }
                return .int(i)
            })
        case "count":
            return .object(NativeClosure(name: "count") { args in
                guard args.positional.count == 1 else { throw PyException.typeError("count() takes exactly one argument (\(args.positional.count) given)") }
                guard let v = try interp.asIndex(args.positional[0]) else { return .int(0) }
                return .int(dims.filter { $0 == v }.count)
            })
        default:
            return nil
        }
    }
}

/// `torch.device('cpu')`: tcalc computes on the CPU only.
final class DeviceObject: PyObject {
    let name: String
    init(_ name: String) { self.name = name }
    var typeName: String { "torch.device" }
    func repr(_ interp: Interpreter) throws -> String { "device(type='\(name)')" }
    func str(_ interp: Interpreter) throws -> String { name }
    func getAttribute(_ attr: String, _ interp: Interpreter) throws -> Value? {
        switch attr {
        case "type": return .str(name)
        case "index": return Value.none
        default: return nil
        }
    }
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        var same = false
        if case .object(let d as DeviceObject) = other { same = d.name == name }
        if case .str(let s) = other { same = s == name }
        return .bool(op == .equal ? same : !same)
    }
}

/// PyTorch's named tuples (`torch.return_types.max(values=…, indices=…)`).
final class ReturnTuple: PyObject {
    let kind: String
    let fields: [String]
    let values: [Value]
    init(_ kind: String, _ fields: [(String, Value)]) {
        self.kind = kind
        self.fields = fields.map(\.0)
        self.values = fields.map(\.1)
    }
    var typeName: String { "torch.return_types.\(kind)" }
    func repr(_ interp: Interpreter) throws -> String {
        let body = try zip(fields, values).map { "\($0)=\(try interp.repr($1))" }.joined(separator: ",\n")
        return "torch.return_types.\(kind)(\n\(body))"
    }
    func isInstance(of typeName: String) -> Bool { typeName == self.typeName || typeName == "tuple" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard let i = fields.firstIndex(of: name) else { return nil }
        return values[i]
    }
    func attributeNames(_ interp: Interpreter) -> [String] { fields }
    func length(_ interp: Interpreter) throws -> Int? { values.count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { values }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try interp.getItem(.tuple(values), key) }
}

/// A small callable made in Swift (bound helpers such as `Size.numel`).
final class NativeClosure: PyObject, CallableMarker {
    let name: String
    let body: (Arguments) throws -> Value
    init(name: String, _ body: @escaping (Arguments) throws -> Value) { self.name = name; self.body = body }
    var typeName: String { "builtin_function_or_method" }
    func repr(_ interp: Interpreter) throws -> String { "<built-in method \(name)>" }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { try body(args) }
}

/// `with torch.no_grad():` / `torch.enable_grad()` / `torch.set_grad_enabled(b)`: sets grad mode
/// on entry and restores the previous mode on exit, also when the block raises.
final class GradModeContext: PyObject {
    let enabled: Bool
    let label: String
    private var saved: [Bool] = []
    /// The mode an exit restores when it was fixed at creation (set_grad_enabled), not at enter.
    private let restoring: Bool?
    init(enabled: Bool, label: String, restoring: Bool? = nil) {
        self.enabled = enabled
        self.label = label
        self.restoring = restoring
    }
    var typeName: String { "torch.autograd.grad_mode.\(label)" }
    func repr(_ interp: Interpreter) throws -> String {
        "<torch.autograd.grad_mode.\(label) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16))>"
    }
    func enter(_ interp: Interpreter) throws -> Value? {
        saved.append(restoring ?? GradMode.isEnabled)
        GradMode.isEnabled = enabled
        return Value.none
    }
    func exit(error: Error?, _ interp: Interpreter) throws {
        GradMode.isEnabled = saved.popLast() ?? true
    }
    /// As a decorator (`@torch.no_grad()`): a function that runs the decorated one in this mode.
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.positional.count == 1, args.keywords.isEmpty, interp.isCallable(args.positional[0]) else {
            throw PyException.typeError("'\(typeName)' object is not callable with these arguments: it decorates one function")
        }
        let function = args.positional[0]
        let enabled = self.enabled
        let name = label
        return .object(NativeClosure(name: name) { inner in
            let previous = GradMode.isEnabled
            GradMode.isEnabled = enabled
            defer { GradMode.isEnabled = previous }
            return try interp.call(function, inner)
        })
    }
}
