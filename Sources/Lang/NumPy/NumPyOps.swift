import Autograd
import Foundation
import TensorCore

/// NumPy's element-wise operations over the engine's kernels: NEP 50 promotion picks the
/// dtype, the operands are cast to it, and TensorCore's `NDArray.binary` does the work (with
/// both operands of one dtype, PyTorch's promotion inside it has nothing left to decide).
enum NumPyOps {
    static func elementwise(_ op: BinaryOperator) -> BinaryOp? { Tensor.elementwise(op) }

    /// The ufunc's name in NumPy's messages.
    static func ufuncName(_ op: BinaryOp) -> String {
        switch op {
        case .add: return "add"
        case .sub: return "subtract"
        case .mul: return "multiply"
        case .div: return "divide"
        case .floorDiv: return "floor_divide"
        case .remainder: return "remainder"
        case .pow: return "power"
        case .bitAnd: return "bitwise_and"
        case .bitOr: return "bitwise_or"
        case .bitXor: return "bitwise_xor"
        case .shiftLeft: return "left_shift"
        case .shiftRight: return "right_shift"
        default: return op.rawValue
        }
    }

    /// A Python number converted to the kind of `dtype` (the weak operand's value in it).
    static func coerce(_ s: Scalar, to dtype: DType) -> Scalar {
        switch dtype.category {
        case .bool: return .bool(s.boolValue)
        case .integer: return .int(s.int64Value)
        case .floating: return .float(s.doubleValue)
        case .complex:
            if case .complex = s { return s }
            return .complex(s.doubleValue, 0)
        }
    }

    /// `op` on two operands by NumPy's rules.
    static func binary(_ op: BinaryOp, _ a: NumPyConvert.Operand, _ b: NumPyConvert.Operand) throws -> NDArray {
        var strong: [DType] = []
        var weak: [Scalar] = []
        var shapes: [[Int]] = []
        for x in [a, b] {
            switch x {
            case .strong(let arr): strong.append(arr.dtype); shapes.append(arr.shape)
            case .weak(let s): weak.append(s)
            }
        }
        var dtype = NumPyPromotion.resultType(strong: strong, weak: weak)
        for case .weak(let s) in [a, b] where !strong.isEmpty {
            if let message = NumPyPromotion.weakIntegerOutOfBounds(s, dtype) { throw PyException.overflowError(message) }
        }
        if shapes.count == 2 { _ = try NumPyPromotion.broadcastShapes(shapes) }
        if dtype == .bool && (op == .floorDiv || op == .remainder || op == .pow) {
            // NumPy has no bool loops for these: bools compute as int8.
            dtype = .int8
        }
        switch op {
        case .div, .atan2:
            if !(dtype.isFloatingPoint || dtype.isComplex) { dtype = .float64 }
        case .sub where dtype == .bool:
            throw PyException.typeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
        case .pow where dtype.isInteger:
            let exponent: NDArray
            switch b {
            case .strong(let arr): exponent = arr
            case .weak(let s): exponent = NDArray(scalar: coerce(s, to: .int64))
            }
            if try exponent.count > 0 && NDArray.binary(.lt, .array(exponent), .scalar(.int(0))).reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue {
                throw PyException.valueError("Integers to negative integer powers are not allowed.")
            }
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
            if dtype.isFloatingPoint || dtype.isComplex {
                throw PyException.typeError("ufunc '\(ufuncName(op))' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
            }
        default: break
        }
        func engineOperand(_ x: NumPyConvert.Operand) throws -> TensorCore.Operand {
            switch x {
            case .strong(let arr): return .array(arr.dtype == dtype ? arr : try arr.converted(to: dtype))
            case .weak(let s): return .scalar(coerce(s, to: dtype))
            }
        }
        let lhs = try engineOperand(a), rhs = try engineOperand(b)
        if (op == .floorDiv || op == .remainder) && (dtype.isInteger || dtype == .bool) {
            // NumPy gives 0 for an integer division by zero (with a warning) instead of raising:
            // divide by 1 there and zero those places.
            let divisor = rhs.array
            let zero = try NDArray.binary(.eq, .array(divisor), .scalar(.int(0)))
            if try zero.reduce(.any, dims: nil, keepdim: false, dtype: nil).item().boolValue {
                let safe = try NDArray.whereSelect(zero, .scalar(coerce(.int(1), to: dtype)), .array(divisor))
                let q = try NDArray.binary(op, lhs, .array(safe.dtype == dtype ? safe : try safe.converted(to: dtype)))
                let out = try NDArray.whereSelect(zero, .scalar(coerce(.int(0), to: dtype)), .array(q))
                return out.dtype == dtype ? out : try out.converted(to: dtype)
            }
        }
        return try NDArray.binary(op, lhs, rhs)
    }

    /// `a @ b`: both promoted to one dtype, then the engine's matmul.
    static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank > 0 && b.rank > 0 else {
            throw PyException.valueError("matmul: Input operand \(a.rank == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
        }
        let k1 = a.shape[a.rank - 1], k2 = b.shape[b.rank >= 2 ? b.rank - 2 : 0]
        if k1 != k2 {
            throw PyException.valueError("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k1))")
        }
        var d = NumPyPromotion.promote(a.dtype, b.dtype)
        if d == .bool { d = .int64 }
        // Negative strides (a[::-1]) are copied first: BLAS takes only positive leading dims.
        let x = a.dtype == d && !a.strides.contains(where: { $0 < 0 }) ? a : try a.converted(to: d)
        let y = b.dtype == d && !b.strides.contains(where: { $0 < 0 }) ? b : try b.converted(to: d)
        return try NDArray.matmul(x, y)
    }

    /// A Python operator with an ndarray or NumPy scalar on one side.
    static func `operator`(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        if case .object(let o) = rhs, o is Tensor { return nil }
        guard let x = try NumPyConvert.operand(lhs, interp), let y = try NumPyConvert.operand(rhs, interp) else { return nil }
        let (first, second) = reflected ? (y, x) : (x, y)
        if op == .matrixMultiply {
            func array(_ o: NumPyConvert.Operand) -> NDArray {
                switch o {
                case .strong(let a): return a
                case .weak(let s): return NDArray(scalar: s, dtype: NumPyPromotion.defaultDType(s))
                }
            }
            return NumPyConvert.result(try matmul(array(first), array(second)))
        }
        guard let kind = elementwise(op) else { return nil }
        return NumPyConvert.result(try binary(kind, first, second))
    }

    /// A rich comparison, element-wise.
    static func comparison(_ op: ComparisonOperator, _ lhs: Value, _ rhs: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
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
        if case .object(let o) = rhs, o is Tensor { return nil }
        guard let x = try NumPyConvert.operand(lhs, interp), let y = try NumPyConvert.operand(rhs, interp) else {
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            return nil
        }
        let (first, second) = reflected ? (y, x) : (x, y)
        return NumPyConvert.result(try binary(kind, first, second))
    }

    /// A unary float function (`np.exp`, `np.sqrt`): integer and bool inputs compute in float64.
    static func floatUnary(_ op: UnaryOp, _ x: NDArray) throws -> NDArray {
        let input = x.dtype.isFloatingPoint || x.dtype.isComplex ? x : try x.converted(to: .float64)
        return try input.unary(op)
    }
}
