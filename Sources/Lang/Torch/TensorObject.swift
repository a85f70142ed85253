import Autograd
import BigInt
import Foundation
import TensorCore

/// Tensors as interpreter objects: Python's operators, indexing, iteration, truthiness and data
/// attributes. Methods (`x.sum()`, `x.view(…)`) come from the builtin table's `Tensor.*` entries.
extension Tensor: PyObject {
    public var typeName: String { "Tensor" }

    public func repr(_ interp: Interpreter) throws -> String {
        isParameter ? "Parameter containing:\n" + repr() : repr()
    }

    /// `isinstance(x, torch.Tensor)`, and the legacy types by dtype (`isinstance(x, torch.FloatTensor)`).
    public func isInstance(of typeName: String) -> Bool {
        if typeName == "Tensor" || typeName == "torch.Tensor" { return true }
        if typeName == "Parameter" || typeName == "torch.nn.parameter.Parameter" { return isParameter }
        return typeName == TorchModule.legacyName(dtype) || typeName == "torch." + TorchModule.legacyName(dtype)
    }

    public func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .object(SizeObject(shape))
        case "dtype": return DTypeObject.of(dtype)
        case "ndim": return .int(rank)
        case "T":
            if rank > 2 {
                return .object(try permuted(Array((0..<rank).reversed())))
            }
            return .object(try matrixTransposed)
        case "mT", "mH":
            guard rank >= 2 else { throw TensorError.runtime("tensor.mT is only supported on matrices or batches of matrices. Got \(rank)-D tensor.") }
            return .object(try transposed(-2, -1))
        case "H":
            guard rank == 2 || rank == 0 else {
                let hint = rank > 2 ? " For batches of matrices, consider using tensor.mH" : ""
                throw TensorError.runtime("tensor.H is only supported on matrices (2-D tensors). Got \(rank)-D tensor.\(hint)")
            }
            return .object(try matrixTransposed)
        case "grad": return grad.map { .object($0) } ?? Value.none
        case "requires_grad": return .bool(requiresGrad)
        case "is_leaf": return .bool(isLeaf)
        case "grad_fn": return gradFn.map { .object(GradFnObject($0)) } ?? Value.none
        case "data": return .object(detach())
        case "device": return .object(DeviceObject("cpu"))
        case "is_cuda": return .bool(false)
        case "itemsize": return .int(dtype.itemSize)
        case "nbytes": return .int(count * dtype.itemSize)
        case "real": return .object(dtype.isComplex ? Tensor(try data.realPart()) : self)
        case "imag":
            guard dtype.isComplex else { throw TensorError.type("imag is not implemented for tensors with non-complex dtypes.") }
            return .object(Tensor(try data.imagPart()))
        default: return nil
        }
    }

    public func attributeNames(_ interp: Interpreter) -> [String] {
        ["shape", "dtype", "ndim", "T", "mT", "H", "grad", "requires_grad", "is_leaf", "grad_fn", "data",
         "device", "itemsize", "nbytes", "real", "imag"]
    }

    public func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "grad":
            if value.isNone { grad = nil; return true }
            let g = try TorchConvert.tensor(value, function: "grad", argument: "grad")
            guard g.shape == shape else {
                throw TensorError.runtime("assigned grad has data of a different size")
            }
            grad = g
            return true
        case "data":
            // `x.data = y` (and `x.data -= …`, which assigns the updated view back): the elements
            // are replaced outside the graph; identity, grad and requires_grad stay.
            guard case .object(let t as Tensor) = value else {
                throw PyException.typeError("Variable data has to be a tensor, but got \(value.typeName)")
            }
            if requiresGrad && !(t.dtype.isFloatingPoint || t.dtype.isComplex) {
                throw TensorError.runtime("data set to a tensor that requires gradients must be floating point or complex dtype")
            }
            setData(t.data)
            return true
        case "requires_grad":
            guard case .bool(let flag) = value else {
                throw PyException.typeError("requires_grad must be a bool, not \(value.typeName)")
            }
            try setRequiresGrad(flag)
            return true
        default:
            return false
        }
    }

    // MARK: Operators

    static func elementwise(_ op: BinaryOperator) -> BinaryOp? {
        switch op {
        case .add: return .add
        case .subtract: return .sub
        case .multiply: return .mul
        case .trueDivide: return .div
        case .floorDivide: return .floorDiv
        case .modulo: return .remainder
        case .power: return .pow
        case .leftShift: return .shiftLeft
        case .rightShift: return .shiftRight
        case .bitAnd: return .bitAnd
        case .bitOr: return .bitOr
        case .bitXor: return .bitXor
        case .matrixMultiply: return nil
        }
    }

    static func operand(_ v: Value) throws -> TensorOperand? {
        if case .object(let t as Tensor) = v { return .tensor(t) }
        // An ndarray next to a tensor joins it as a tensor, as PyTorch's operators take them.
        if case .object(let a as NumPyArray) = v { return .tensor(Tensor(a.array)) }
        if let s = try TorchConvert.scalar(v) { return .scalar(s) }
        return nil
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let rhs = try Tensor.operand(other) else { return nil }
        if op == .matrixMultiply {
            guard case .tensor(let t) = rhs else { return nil }
            return .object(try reflected ? Tensor.matmul(t, self) : Tensor.matmul(self, t))
        }
        guard let kind = Tensor.elementwise(op) else { return nil }
        let lhs = TensorOperand.tensor(self)
        return .object(try reflected ? Tensor.binary(kind, rhs, lhs) : Tensor.binary(kind, lhs, rhs))
    }

    public func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let rhs = try Tensor.operand(other), let kind = Tensor.elementwise(op) else { return nil }
        try binaryInPlace(kind, rhs)
        return .object(self)
    }

    public func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate:
            if dtype == .bool {
                throw TensorError(.notImplemented, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            }
            return .object(try unary(.neg))
        case .plus: return .object(self)
        case .invert: return .object(try unary(.bitwiseNot))
        case .not: return nil
        }
    }

    public func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let kind: BinaryOp
        switch op {
        case .less: kind = .lt
        case .lessEqual: kind = .le
        case .greater: kind = .gt
        case .greaterEqual: kind = .ge
        case .equal: kind = .eq
        case .notEqual: kind = .ne
        default: return nil
        }
        guard let rhs = try Tensor.operand(other) else {
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            return nil
        }
        let lhs = TensorOperand.tensor(self)
        return .object(try reflected ? Tensor.binary(kind, rhs, lhs) : Tensor.binary(kind, lhs, rhs))
    }

    // MARK: Indexing

    /// The subscript of `x[key]` as engine index items.
    static func indexItems(_ key: Value, _ interp: Interpreter) throws -> [IndexItem] {
        if case .tuple(let parts) = key { return try parts.map { try indexItem($0, interp) } }
        return [try indexItem(key, interp)]
    }

    static func indexItem(_ v: Value, _ interp: Interpreter) throws -> IndexItem {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .array(NDArray(scalar: .bool(b)))
        case .none: return .newAxis
        case .object(let o):
            if o is EllipsisObject { return .ellipsis }
            if let s = o as? PySlice {
                func bound(_ b: Value) throws -> Int? {
                    if b.isNone { return nil }
                    guard let i = try interp.asIndex(b) else {
                        throw PyException.typeError("slice indices must be integers or None or have an __index__ method")
                    }
                    return i
                }
                return .slice(start: try bound(s.start), stop: try bound(s.stop), step: try bound(s.step))
            }
            if let t = o as? Tensor {
                guard t.dtype.isInteger || t.dtype == .bool else {
                    throw PyException.indexError("tensors used as indices must be long, int, byte or bool tensors")
                }
                return .array(t.data)
            }
            if o.typeName == "range" {
                // d2l's y_hat[range(len(y_hat)), y]: a range indexes like the list it produces.
                let items = try interp.iterate(v)
                return .array(try TorchConvert.array(from: .list(PyList(items)), dtype: .int64, interp))
            }
            if o is SizeObject {
                return .array(try TorchConvert.array(from: v, dtype: .int64, interp))
            }
        case .list, .tuple:
            let a = try TorchConvert.array(from: v, dtype: nil, interp)
            guard a.dtype.isInteger || a.dtype == .bool || a.count == 0 else {
                throw PyException.indexError("tensors used as indices must be long, int, byte or bool tensors")
            }
            return .array(a.count == 0 ? try a.converted(to: .int64) : a)
        default: break
        }
        throw PyException.indexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got \(v.typeName))")
    }

    public func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        .object(try subscripted(Tensor.indexItems(key, interp)))
    }

    public func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        let items = try Tensor.indexItems(key, interp)
        let v: TensorOperand
        if let op = try Tensor.operand(value) {
            v = op
        } else {
            v = .tensor(Tensor(try TorchConvert.array(from: value, dtype: dtype, interp)))
        }
        try assign(items, v)
    }

    // MARK: Python protocols

    /// PyTorch's `Tensor.__format__`: a 0-d tensor formats its element with the spec
    /// (`f'{loss:.4f}'`); any other tensor only with an empty spec.
    public func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if spec.isEmpty { return repr() }
        guard rank == 0 else { return nil }
        return try interp.format(TorchConvert.value(try item()), spec)
    }

    public func length(_ interp: Interpreter) throws -> Int? {
        guard rank > 0 else { throw PyException.typeError("len() of a 0-d tensor") }
        return shape[0]
    }

    public func iterate(_ interp: Interpreter) throws -> [Value]? {
        guard rank > 0 else { throw PyException.typeError("iteration over a 0-d tensor") }
        return try unbind(dim: 0).map { .object($0) }
    }

    public func truthiness(_ interp: Interpreter) throws -> Bool? {
        guard count == 1 else {
            if count == 0 { throw TensorError.runtime("Boolean value of Tensor with no values is ambiguous") }
            throw TensorError.runtime("Boolean value of Tensor with more than one value is ambiguous")
        }
        return try item().boolValue
    }

    func onlyElement() throws -> Scalar {
        guard count == 1 else {
            throw TensorError.runtime("a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return try item()
    }

    /// The only element for Python's `float()`/`int()`, which PyTorch refuses with a ValueError
    /// (`item()` raises a RuntimeError for the same tensor).
    func onlyElementForConversion() throws -> Scalar {
        guard count == 1 else { throw TensorError.value("only one element tensors can be converted to Python scalars") }
        return try item()
    }

    public func toFloat(_ interp: Interpreter) throws -> Double? {
        let s = try onlyElementForConversion()
        if case .complex = s { throw PyException.typeError("can't convert complex to float") }
        return s.doubleValue
    }

    public func toInt(_ interp: Interpreter) throws -> Value? {
        let s = try onlyElementForConversion()
        switch s {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(Int(i))
        case .float(let d):
            guard d.isFinite else {
                throw PyException(d.isNaN ? ExceptionTypes.valueError : ExceptionTypes.overflowError,
                                  d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
            }
            return .integer(BigInt(d.rounded(.towardZero)))
        case .complex: throw PyException.typeError("can't convert complex to int")
        }
    }

    public func index(_ interp: Interpreter) throws -> Int? {
        guard dtype.isInteger || dtype == .bool, count == 1 else { return nil }
        return Int(try item().int64Value)
    }

    public func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? {
        guard let rhs = try Tensor.operand(other) else {
            throw PyException.typeError("Tensor.__contains__ only supports Tensor or scalar, but you passed in a \(other.typeName).")
        }
        let eq = try Tensor.binary(.eq, .tensor(self), rhs)
        return try eq.data.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue
    }
}
