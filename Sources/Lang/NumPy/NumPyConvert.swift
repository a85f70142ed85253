import Autograd
import Foundation
import TensorCore

/// Conversions between interpreter values and NumPy's view of them: array-likes, dtypes,
/// operands (strong arrays and scalars, weak Python numbers) and results.
enum NumPyConvert {
    /// An operand of a NumPy operation, by NEP 50's two kinds.
    enum Operand {
        /// An array or NumPy scalar: its dtype takes part in promotion.
        case strong(NDArray)
        /// A Python number: it adapts to the other operand's dtype where its kind fits.
        case weak(Scalar)
    }

    /// A Python number as an engine scalar.
    static func pythonScalar(_ v: Value) throws -> Scalar? {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return .float(d)
        case .bigInt(let b): throw PyException.overflowError("Python int too large to convert to C long: \(b.value)")
        case .object(let c as ComplexValue): return .complex(c.real, c.imaginary)
        default: return nil
        }
    }

    /// The operand `v` stands for, or nil when it is not array-like.
    static func operand(_ v: Value, _ interp: Interpreter) throws -> Operand? {
        if let s = try pythonScalar(v) { return .weak(s) }
        switch v {
        case .object(let a as NumPyArray): return .strong(a.array)
        case .object(let s as NumPyScalar): return .strong(s.array)
        case .object(let t as Tensor): return .strong(t.data)
        case .list, .tuple: return .strong(try array(v, dtype: nil, interp))
        default: return nil
        }
    }

    /// `np.asarray(v, dtype)`: arrays and tensors as they are (sharing memory) unless a dtype
    /// asks for a conversion; nested sequences with NumPy's dtype discovery (bool < int64 <
    /// float64 < complex128, NumPy scalars and arrays inside keep their dtypes).
    static func array(_ v: Value, dtype: DType?, _ interp: Interpreter) throws -> NDArray {
        var base: NDArray?
        switch v {
        case .object(let a as NumPyArray): base = a.array
        case .object(let s as NumPyScalar): base = s.array
        case .object(let t as Tensor):
            if t.requiresGrad {
                throw PyException.runtimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
            }
            base = t.data
        default: break
        }
        if let b = base {
            guard let d = dtype, d != b.dtype else { return b }
            return try b.converted(to: d)
        }
        var shape: [Int] = []
        var scalars: [Scalar] = []
        var found: DType? = nil
        var shapeFixed = false
        func note(_ d: DType) { found = found.map { NumPyPromotion.promote($0, d) } ?? d }
        func inhomogeneous(_ depth: Int) -> PyException {
            let known = NDArray.pythonTuple(Array(shape.prefix(depth)))
            return PyException.valueError("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(known) + inhomogeneous part.")
        }
        func visit(_ v: Value, _ depth: Int) throws {
            if let s = try pythonScalar(v) {
                if !shapeFixed { shapeFixed = true; shape = Array(shape.prefix(depth)) }
                guard depth == shape.count else { throw inhomogeneous(min(depth, shape.count)) }
                note(NumPyPromotion.defaultDType(s))
                scalars.append(s)
                return
            }
            var inner: NDArray?
            switch v {
            case .object(let a as NumPyArray): inner = a.array
            case .object(let s as NumPyScalar): inner = s.array
            case .object(let t as Tensor): inner = t.data
            default: break
            }
            if let a = inner {
                let full = Array(shape.prefix(depth)) + a.shape
                if !shapeFixed { shapeFixed = true; shape = full }
                guard Array(shape.prefix(depth)) + a.shape == shape else { throw inhomogeneous(depth) }
                note(a.dtype)
                scalars.append(contentsOf: a.scalars)
                return
            }
            let items: [Value]
            switch v {
            case .list(let l): items = l.items
            case .tuple(let t): items = t
            case .object(let o) where o.typeName == "range": items = try interp.iterate(v)
            default:
                throw PyException.typeError("tcalc's arrays hold numbers and bools: cannot make an array element of a '\(v.typeName)'")
            }
            if !shapeFixed {
                if depth == shape.count { shape.append(items.count) }
                if items.isEmpty { shapeFixed = true; shape = Array(shape.prefix(depth + 1)) }
            } else if depth >= shape.count || shape[depth] != items.count {
                throw inhomogeneous(depth)
            }
            for item in items { try visit(item, depth + 1) }
        }
        try visit(v, 0)
        let target = dtype ?? found ?? .float64
        return try NDArray(scalars: scalars, shape: shape, dtype: target)
    }

    /// A dtype argument: None, `np.float32`, `float`/`int`/`bool`/`complex`, a dtype object,
    /// a name (`'float32'`, `'f8'`), or a torch dtype.
    static func dtype(_ v: Value, _ interp: Interpreter) throws -> DType? {
        if v.isNone { return nil }
        if let d = dtypeLike(v) { return d }
        if case .str(let s) = v { throw PyException.typeError("data type '\(s)' not understood") }
        throw PyException.typeError("Cannot interpret '\(try interp.repr(v))' as a data type")
    }

    /// The dtype `v` names, or nil when it names none.
    static func dtypeLike(_ v: Value) -> DType? {
        switch v {
        case .object(let d as NumPyDType): return d.dtype
        case .object(let d as DTypeObject): return d.dtype
        case .object(let t as PyType):
            switch t.name {
            case "float": return .float64
            case "int": return .int64
            case "bool": return .bool
            case "complex": return .complex128
            default:
                if t.name.hasPrefix("numpy.") { return DType(name: String(t.name.dropFirst(6))) }
                return nil
            }
        case .str(let s):
            let aliases: [String: DType] = ["f8": .float64, "f4": .float32, "i8": .int64, "i4": .int32, "i2": .int16,
                                            "i1": .int8, "u1": .uint8, "b1": .bool, "?": .bool, "c8": .complex64,
                                            "c16": .complex128, "float": .float64, "int": .int64, "complex": .complex128,
                                            "double": .float64, "d": .float64, "f": .float32, "l": .int64]
            let trimmed = s.hasPrefix("<") || s.hasPrefix("=") ? String(s.dropFirst()) : s
            return aliases[trimmed] ?? DType(name: trimmed)
        default: return nil
        }
    }

    /// A NumPy operation's result: a 0-d array becomes a NumPy scalar, as NumPy's ufuncs and
    /// reductions return.
    static func result(_ a: NDArray) -> Value {
        if a.rank == 0 { return .object(NumPyScalar(a.scalar(atLinear: 0), dtype: a.dtype)) }
        return .object(NumPyArray(a))
    }

    /// An element as the Python number `item()` and `tolist()` give.
    static func pythonValue(_ s: Scalar) -> Value {
        switch s {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .float(d)
        case .complex(let r, let i): return .object(ComplexValue(r, i))
        }
    }

    /// Axes from an int, a tuple/list of ints, or None.
    static func axes(_ v: Value, _ interp: Interpreter) throws -> [Int]? {
        if v.isNone { return nil }
        if let i = try interp.asIndex(v) { return [i] }
        return try interp.iterate(v).map {
            guard let i = try interp.asIndex($0) else {
                throw PyException.typeError("'\($0.typeName)' object cannot be interpreted as an integer")
            }
            return i
        }
    }

    /// A shape from an int or a sequence of ints.
    static func shape(_ v: Value, _ interp: Interpreter) throws -> [Int] {
        if let i = try interp.asIndex(v) { return [i] }
        guard case .tuple = v else {
            if case .list = v {} else {
                throw PyException.typeError("'\(v.typeName)' object cannot be interpreted as an integer")
            }
            return try axes(v, interp) ?? []
        }
        return try axes(v, interp) ?? []
    }
}

extension BoundArguments {
    /// The array-like bound to `name` as an array (`np.asarray` semantics).
    func ndarray(_ name: String = "a", dtype: DType? = nil) throws -> NDArray {
        try NumPyConvert.array(self[name], dtype: dtype, interp)
    }
    /// A NumPy dtype argument.
    func npDType(_ name: String = "dtype") throws -> DType? {
        try NumPyConvert.dtype(self[name], interp)
    }
    /// NumPy's `axis` argument (None, an int or a tuple).
    func axes(_ name: String = "axis") throws -> [Int]? {
        try NumPyConvert.axes(self[name], interp)
    }
    /// A single axis or None.
    func axis(_ name: String = "axis") throws -> Int? {
        guard let a = try axes(name) else { return nil }
        guard a.count == 1 else { throw PyException.typeError("'tuple' object cannot be interpreted as an integer") }
        return a[0]
    }
    /// Writes `result` into `out=` when given (returning `out`), else returns the result.
    func npFinish(_ result: NDArray, scalar: Bool = true) throws -> Value {
        if case .object(let o as NumPyArray) = self["out"] {
            guard o.array.shape == result.shape || result.count == 1 else {
                throw PyException.valueError("output array has wrong dimensions")
            }
            try o.array.copyElements(from: result.shape == o.array.shape ? result : try result.reshaped(o.array.shape))
            return .object(o)
        }
        return scalar ? NumPyConvert.result(result) : .object(NumPyArray(result))
    }
}
