import Autograd
import BigInt
import Foundation
import TensorCore

/// NumPy's `ndarray`: the same `NDArray` storage and kernels as a tensor, in NumPy's dialect
/// (its promotion, printing, views and messages). `t.numpy()` and `torch.from_numpy(a)` wrap
/// one storage in both faces, so a write through either shows in the other. Methods
/// (`a.sum()`, `a.reshape(...)`) are the builtin table's `ndarray.*` entries.
public final class NumPyArray: PyObject {
    public let array: NDArray

    public init(_ array: NDArray) { self.array = array }

    public var typeName: String { "ndarray" }

    public func repr(_ interp: Interpreter) throws -> String { array.numpyRepr() }
    public func str(_ interp: Interpreter) throws -> String { array.numpyStr() }

    public func isInstance(of name: String) -> Bool { name == "ndarray" || name == "numpy.ndarray" }

    static let dataAttributes = ["shape", "ndim", "size", "dtype", "itemsize", "nbytes", "T", "real", "imag", "strides", "flat", "base"]

    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(array.shape.map { .int($0) })
        case "ndim": return .int(array.rank)
        case "size": return .int(array.count)
        case "dtype": return .object(NumPyDType.of(array.dtype))
        case "itemsize": return .int(array.itemSize)
        case "nbytes": return .int(array.count * array.itemSize)
        case "strides": return .tuple(array.strides.map { .int($0 * array.itemSize) })
        case "T": return .object(NumPyArray(try array.permuted(Array((0..<array.rank).reversed()))))
        case "real": return .object(array.dtype.isComplex ? NumPyArray(try array.realPart()) : self)
        case "imag":
            if array.dtype.isComplex { return .object(NumPyArray(try array.imagPart())) }
            return .object(NumPyArray(try NDArray(zeros: array.shape, dtype: array.dtype)))
        case "flat": return .object(NumPyArray(try array.reshaped([-1])))
        default: return nil
        }
    }
    public func attributeNames(_ interp: Interpreter) -> [String] { NumPyArray.dataAttributes }

    // MARK: Operators

    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumPyOps.operator(op, .object(self), other, reflected: reflected, interp)
    }

    /// `a += b` writes into `a`'s storage; the result must keep `a`'s shape and cast to its
    /// dtype by NumPy's 'same_kind' rule (an int array cannot take `+= 1.5`).
    public func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let kind = NumPyOps.elementwise(op), let rhs = try NumPyConvert.operand(other, interp) else { return nil }
        let result = try NumPyOps.binary(kind, .strong(array), rhs)
        if result.dtype.category > array.dtype.category {
            throw PyException(NumPyModule.castingError, "Cannot cast ufunc '\(NumPyOps.ufuncName(kind))' output from dtype('\(result.dtype.name)') to dtype('\(array.dtype.name)') with casting rule 'same_kind'")
        }
        guard result.shape == array.shape else {
            throw PyException.valueError("non-broadcastable output operand with shape \(NDArray.pythonTuple(array.shape).replacingOccurrences(of: " ", with: "")) doesn't match the broadcast shape \(NDArray.pythonTuple(result.shape).replacingOccurrences(of: " ", with: ""))")
        }
        try array.copyElements(from: result)
        array.storage.version += 1
        return .object(self)
    }

    public func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate:
            if array.dtype == .bool {
                throw PyException.typeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
            }
            return NumPyConvert.result(try array.unary(.neg))
        case .plus: return NumPyConvert.result(try array.clone())
        case .invert:
            if array.dtype.isFloatingPoint || array.dtype.isComplex {
                throw PyException.typeError("ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
            }
            return NumPyConvert.result(try array.unary(.bitwiseNot))
        case .not: return nil
        }
    }

    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumPyOps.comparison(op, .object(self), other, reflected: reflected, interp)
    }

    // MARK: Indexing

    /// The subscript as engine index items: NumPy arrays and scalars join the tensor forms.
    static func indexItems(_ key: Value, _ interp: Interpreter) throws -> [IndexItem] {
        if case .tuple(let parts) = key { return try parts.map { try indexItem($0, interp) } }
        return [try indexItem(key, interp)]
    }

    static func indexItem(_ v: Value, _ interp: Interpreter) throws -> IndexItem {
        switch v {
        case .object(let a as NumPyArray):
            guard a.array.dtype.isInteger || a.array.dtype == .bool else {
                throw PyException.indexError("arrays used as indices must be of integer (or boolean) type")
            }
            return .array(a.array)
        case .object(let s as NumPyScalar):
            if case .bool(let b) = s.value { return .array(NDArray(scalar: .bool(b))) }
            guard let i = try s.index(interp) else {
                throw PyException.indexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
            }
            return .int(i)
        case .list, .tuple:
            let a = try NumPyConvert.array(v, dtype: nil, interp)
            guard a.dtype.isInteger || a.dtype == .bool || a.count == 0 else {
                throw PyException.indexError("arrays used as indices must be of integer (or boolean) type")
            }
            return .array(a.count == 0 ? try a.converted(to: .int64) : a)
        case .float:
            throw PyException.indexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
        default:
            return try Tensor.indexItem(v, interp)
        }
    }

    /// NumPy allows negative slice steps (PyTorch does not): each such dim is first viewed
    /// reversed (a negative stride), and the slice rewritten as the equivalent positive one.
    static func reversingNegativeSteps(_ array: NDArray, _ items: [IndexItem]) throws -> (NDArray, [IndexItem]) {
        guard items.contains(where: { if case .slice(_, _, let st?) = $0 { return st < 0 }; return false }) else { return (array, items) }
        func consumed(_ item: IndexItem) -> Int {
            switch item {
            case .int, .slice: return 1
            case .newAxis, .ellipsis: return 0
            case .array(let a): return a.dtype == .bool ? max(a.rank, 1) : 1
            }
        }
        let explicit = items.reduce(0) { $0 + consumed($1) }
        var strides = array.strides
        var offset = array.offset
        var out = items
        var dim = 0
        for (k, item) in items.enumerated() {
            switch item {
            case .ellipsis: dim += max(0, array.rank - explicit)
            case .slice(let start, let stop, let step?) where step < 0:
                guard dim < array.rank else { break }
                let n = array.shape[dim]
                // Python's slice.indices for a negative step.
                var lo = start ?? (n - 1)
                if lo < 0 { lo += n }
                lo = Swift.min(Swift.max(lo, -1), n - 1)
                var hi: Int
                if let s = stop { hi = s < 0 ? s + n : s; hi = Swift.min(Swift.max(hi, -1), n - 1) } else { hi = -1 }
                let count = lo > hi ? (lo - hi - 1) / (-step) + 1 : 0
                if n > 0 {
                    offset += (n - 1) * strides[dim]
                    strides[dim] = -strides[dim]
                }
                let first = n - 1 - lo
                out[k] = .slice(start: first, stop: first + count * (-step), step: -step)
                dim += 1
            default: dim += consumed(item)
            }
        }
        return (array.viewing(shape: array.shape, strides: strides, offset: offset), out)
    }

    public func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let (base, items) = try NumPyArray.reversingNegativeSteps(array, try NumPyArray.indexItems(key, interp))
        return NumPyConvert.result(try base.subscripted(items))
    }

    public func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        let (base, items) = try NumPyArray.reversingNegativeSteps(array, try NumPyArray.indexItems(key, interp))
        let source: Operand
        switch try NumPyConvert.operand(value, interp) {
        case .strong(let a)?: source = .array(a)
        case .weak(let s)?: source = .array(NDArray(scalar: s, dtype: array.dtype))
        case nil: source = .array(try NumPyConvert.array(value, dtype: array.dtype, interp))
        }
        try base.assign(items, source)
    }

    // MARK: Python protocols

    public func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if array.rank == 0 { return try interp.format(NumPyConvert.pythonValue(array.scalar(atLinear: 0)), spec) }
        if spec.isEmpty { return array.numpyStr() }
        throw PyException.typeError("unsupported format string passed to numpy.ndarray.__format__")
    }

    public func length(_ interp: Interpreter) throws -> Int? {
        guard array.rank > 0 else { throw PyException.typeError("len() of unsized object") }
        return array.shape[0]
    }

    public func iterate(_ interp: Interpreter) throws -> [Value]? {
        guard array.rank > 0 else { throw PyException.typeError("iteration over a 0-d array") }
        return try (0..<array.shape[0]).map { NumPyConvert.result(try array.subscripted([.int($0)])) }
    }

    public func truthiness(_ interp: Interpreter) throws -> Bool? {
        if array.count == 0 {
            throw PyException.valueError("The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.")
        }
        guard array.count == 1 else {
            throw PyException.valueError("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        return array.scalar(atLinear: 0).boolValue
    }

    private func onlyElement() throws -> NumPyScalar {
        guard array.rank == 0 || array.count == 1 else {
            throw PyException.typeError("only length-1 arrays can be converted to Python scalars")
        }
        return NumPyScalar(array.scalar(atLinear: 0), dtype: array.dtype)
    }
    public func toFloat(_ interp: Interpreter) throws -> Double? { try onlyElement().toFloat(interp) }
    public func toInt(_ interp: Interpreter) throws -> Value? { try onlyElement().toInt(interp) }
    public func index(_ interp: Interpreter) throws -> Int? {
        guard array.rank == 0, array.dtype.isInteger else { return nil }
        return Int(array.scalar(atLinear: 0).int64Value)
    }

    public func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard let rhs = try NumPyConvert.operand(other, interp) else { return false }
        let eq = try NumPyOps.binary(.eq, .strong(array), rhs)
        return try eq.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue
    }
}

/// A NumPy dtype object (`a.dtype`): `dtype('float64')`, printing as its name and equal to
/// the scalar type and the name that describe it (`a.dtype == np.float32`, `== 'float32'`).
public final class NumPyDType: PyObject {
    public let dtype: DType
    private init(_ dtype: DType) { self.dtype = dtype }
    private static let all: [DType: NumPyDType] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, NumPyDType($0)) })
    public static func of(_ d: DType) -> NumPyDType { all[d]! }

    public var typeName: String { "numpy.dtype" }
    public func repr(_ interp: Interpreter) throws -> String { "dtype('\(dtype.name)')" }
    public func str(_ interp: Interpreter) throws -> String { dtype.name }
    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(dtype.name)
        case "itemsize": return .int(dtype.itemSize)
        case "kind":
            switch dtype.category {
            case .bool: return .str("b")
            case .integer: return .str(dtype == .uint8 ? "u" : "i")
            case .floating: return .str("f")
            case .complex: return .str("c")
            }
        case "type": return interp.registry.type(named: NumPyScalar.typeName(dtype)).map { .object($0) }
        default: return nil
        }
    }
    public func attributeNames(_ interp: Interpreter) -> [String] { ["name", "itemsize", "kind", "type"] }
    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        let same = NumPyConvert.dtypeLike(other) == dtype
        return .bool(op == .equal ? same : !same)
    }
    public func hash(_ interp: Interpreter) throws -> Int { dtype.name.hashValue }
}
