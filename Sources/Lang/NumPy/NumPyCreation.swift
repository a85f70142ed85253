import Autograd
import Foundation
import TensorCore

/// Creating arrays with NumPy's defaults (float64 and int64; `np.arange(0, 3, 0.1)` is
/// float64) and the array's conversion methods (`astype`, `copy`, `tolist`, `item`).
enum NumPyCreation {
    static func register(_ t: NumPyTable) {
        t.add("array(object, dtype=None, copy=True, ndmin=0)", .function,
              doc: "A new array from nested sequences, an array or a tensor (always a copy unless copy=False).") { a in
            var x = try NumPyConvert.array(a["object"], dtype: try a.npDType(), a.interp)
            if try a.interp.truthy(a["copy"]) && sharesInput(a["object"], x) { x = try x.clone() }
            let ndmin = try a.int("ndmin")
            if x.rank < ndmin { x = try x.reshaped(Array(repeating: 1, count: ndmin - x.rank) + x.shape) }
            return .object(NumPyArray(x))
        }
        t.add("asarray(a, dtype=None)", .function, doc: "The input as an array, sharing its memory when no conversion is needed.") { a in
            .object(NumPyArray(try a.ndarray(dtype: try a.npDType())))
        }
        t.add("arange(start, stop=None, step=None, dtype=None)", .function,
              doc: "Evenly spaced values in [start, stop): int64 for ints, float64 when any bound is a float.") { a in
            .object(NumPyArray(try arange(a)))
        }
        t.add("linspace(start, stop, num=50, endpoint=True, dtype=None)", .function,
              doc: "num evenly spaced values from start to stop (inclusive unless endpoint=False).") { a in
            let start = try a.double("start"), stop = try a.double("stop")
            let num = try a.int("num")
            guard num >= 0 else { throw PyException.valueError("Number of samples, \(num), must be non-negative.") }
            let endpoint = try a.interp.truthy(a["endpoint"])
            let div = endpoint ? num - 1 : num
            let step = div > 0 ? (stop - start) / Double(div) : 0
            var values = (0..<num).map { Double($0) * step + start }
            if endpoint && num > 1 { values[num - 1] = stop }
            let x = try NDArray(values, shape: [num])
            let d = try a.npDType() ?? .float64
            return .object(NumPyArray(d == .float64 ? x : try x.converted(to: d)))
        }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            t.add("\(name)(shape, dtype=float)", .function, doc: name == "empty" ? "A new array (tcalc fills it with zeros)." : "A new array of \(name).") { a in
                let shape = try NumPyConvert.shape(a["shape"], a.interp)
                let d = try a.npDType() ?? .float64
                return .object(NumPyArray(try NDArray.full(shape, .float(fill), dtype: d)))
            }
            t.add("\(name)_like(a, dtype=None)", .function, doc: "A new array of \(name == "empty" ? "zeros" : name) with a's shape and dtype.") { a in
                let x = try a.ndarray()
                return .object(NumPyArray(try NDArray.full(x.shape, .float(fill), dtype: try a.npDType() ?? x.dtype)))
            }
        }
        t.add("full(shape, fill_value, dtype=None)", .function, doc: "A new array filled with fill_value (dtype from the value unless given).") { a in
            let shape = try NumPyConvert.shape(a["shape"], a.interp)
            let v = try NumPyConvert.array(a["fill_value"], dtype: try a.npDType(), a.interp)
            return .object(NumPyArray(try v.broadcast(toShape: shape).clone()))
        }
        t.add("full_like(a, fill_value, dtype=None)", .function, doc: "A new array with a's shape and dtype, filled with fill_value.") { a in
            let x = try a.ndarray()
            let v = try NumPyConvert.array(a["fill_value"], dtype: try a.npDType() ?? x.dtype, a.interp)
            return .object(NumPyArray(try v.broadcast(toShape: x.shape).clone()))
        }
        t.add("eye(N, M=None, k=0, dtype=float)", .function, doc: "A 2-d array with ones on the k-th diagonal.") { a in
            let n = try a.int("N"), m = try a.optionalInt("M") ?? n, k = try a.int("k")
            let x = try NDArray(zeros: [n, m], dtype: try a.npDType() ?? .float64)
            for i in 0..<n where i + k >= 0 && i + k < m { x.setScalar(.int(1), atLinear: i * m + i + k) }
            return .object(NumPyArray(x))
        }
        t.add("identity(n, dtype=None)", .function, doc: "The n×n identity matrix.") { a in
            let n = try a.int("n")
            return .object(NumPyArray(try NDArray.eye(n, n, dtype: try a.npDType() ?? .float64)))
        }
        t.add("diag(v, k=0)", .function, doc: "The k-th diagonal of a 2-d array, or a 2-d array with a 1-d array on it.") { a in
            let x = try a.ndarray("v")
            let k = try a.int("k")
            switch x.rank {
            case 1:
                let n = x.shape[0] + Swift.abs(k)
                let out = try NDArray(zeros: [n, n], dtype: x.dtype)
                for i in 0..<x.shape[0] {
                    let (r, c) = k >= 0 ? (i, i + k) : (i - k, i)
                    out.setScalar(x.scalar(atLinear: i), atLinear: r * n + c)
                }
                return .object(NumPyArray(out))
            case 2: return .object(NumPyArray(try x.diagonal(offset: k, dim1: 0, dim2: 1)))
            default: throw PyException.valueError("Input must be 1- or 2-d.")
            }
        }
        t.add("meshgrid(*xi, indexing='xy')", .function, doc: "Coordinate matrices from coordinate vectors ('xy' or 'ij' indexing).") { a in
            let xs = try a.varArgs.map { try NumPyConvert.array($0, dtype: nil, a.interp).reshaped([-1]) }
            let indexing = try a.string("indexing")
            guard indexing == "xy" || indexing == "ij" else { throw PyException.valueError("Valid values for `indexing` are 'xy' and 'ij'.") }
            var shape = xs.map { $0.shape[0] }
            if indexing == "xy" && shape.count > 1 { shape.swapAt(0, 1) }
            return .tuple(try xs.enumerated().map { i, x in
                var axis = i
                if indexing == "xy" && xs.count > 1 && i < 2 { axis = 1 - i }
                var s = [Int](repeating: 1, count: shape.count)
                s[axis] = x.shape[0]
                return .object(NumPyArray(try x.reshaped(s).broadcast(toShape: shape).clone()))
            })
        }
        t.add("copy(a)", doc: "A copy of the array (never sharing memory).") { a in
            .object(NumPyArray(try a.ndarray().clone()))
        }
        t.add("astype(a, dtype, copy=True)", .method, doc: "The array converted to dtype (floats truncate toward zero into ints).") { a in
            let x = try a.ndarray()
            guard let d = try a.npDType() else { throw PyException.typeError("Cannot interpret 'None' as a data type") }
            if try d == x.dtype && !a.interp.truthy(a["copy"]) { return .object(NumPyArray(x)) }
            return .object(NumPyArray(try x.converted(to: d)))
        }
        t.add("tolist(a)", .method, doc: "The elements as nested Python lists of Python numbers.") { a in
            let x = try a.ndarray()
            let flat = x.scalars.map(NumPyConvert.pythonValue)
            if x.rank == 0 { return flat[0] }
            var index = 0
            func build(_ d: Int) -> Value {
                if d == x.rank - 1 {
                    let items = Array(flat[index..<index + x.shape[d]])
                    index += x.shape[d]
                    return .list(PyList(items))
                }
                return .list(PyList((0..<x.shape[d]).map { _ in build(d + 1) }))
            }
            return build(0)
        }
        t.add("item(a, *args)", .method, doc: "One element as a Python number (the only one, or at a flat or multi-index).") { a in
            let x = try a.ndarray()
            let idx = try a.varArgs.map { v -> Int in
                guard let i = try a.interp.asIndex(v) else { throw PyException.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
                return i
            }
            if idx.isEmpty {
                guard x.count == 1 else { throw PyException.valueError("can only convert an array of size 1 to a Python scalar") }
                return NumPyConvert.pythonValue(x.scalar(atLinear: 0))
            }
            if idx.count == 1 {
                let i = idx[0] < 0 ? idx[0] + x.count : idx[0]
                guard i >= 0 && i < x.count else { throw PyException.indexError("index \(idx[0]) is out of bounds for size \(x.count)") }
                return NumPyConvert.pythonValue(x.scalar(atLinear: i))
            }
            return NumPyConvert.pythonValue(try x.subscripted(idx.map { .int($0) }).item())
        }
        t.add("fill(a, value)", .method, doc: "Sets every element to value, in place.") { a in
            let x = try a.ndarray()
            guard let op = try NumPyConvert.operand(a["value"], a.interp) else { throw PyException.typeError("fill(): value must be a number") }
            switch op {
            case .weak(let s): try x.fill(s)
            case .strong(let v): try x.fill(try v.converted(to: x.dtype).item())
            }
            return .none
        }
    }

    /// True when `x` still shares memory with the array or tensor `v` stands for.
    static func sharesInput(_ v: Value, _ x: NDArray) -> Bool {
        switch v {
        case .object(let o as NumPyArray): return o.array.storage === x.storage
        case .object(let t as Tensor): return t.data.storage === x.storage
        default: return false
        }
    }

    /// NumPy's arange: the length is ceil((stop - start) / step); float values are
    /// start + i·delta with delta = (start + step) - start, as NumPy fills them.
    static func arange(_ a: BoundArguments) throws -> NDArray {
        var bounds: [Value] = [a["start"], a["stop"], a["step"]]
        if bounds[1].isNone { bounds = [.int(0), bounds[0], bounds[2]] }
        if bounds[2].isNone { bounds[2] = .int(1) }
        var scalars: [Scalar] = []
        for v in bounds {
            switch try NumPyConvert.operand(v, a.interp) {
            case .weak(let s)?: scalars.append(s)
            case .strong(let x)? where x.count == 1: scalars.append(x.scalar(atLinear: 0))
            default: throw PyException.typeError("arange(): bounds must be numbers, not \(v.typeName)")
            }
        }
        let isFloat = scalars.contains { $0.category >= .floating }
        let requested = try a.npDType()
        if !isFloat && (requested == nil || requested!.isInteger) {
            let s = scalars.map { $0.int64Value }
            guard s[2] != 0 else { throw PyException.zeroDivision("division by zero") }
            let span = s[1] - s[0]
            var n = span / s[2]
            if span % s[2] != 0 { n += 1 }
            n = max(0, n)
            let values = (0..<Int(n)).map { s[0] + Int64($0) * s[2] }
            let x = try NDArray(values, shape: [values.count])
            return requested.map { $0 == .int64 ? x : try! x.converted(to: $0) } ?? x
        }
        let start = scalars[0].doubleValue, stop = scalars[1].doubleValue, step = scalars[2].doubleValue
        guard step != 0 else { throw PyException.zeroDivision("division by zero") }
        let length = ((stop - start) / step).rounded(.up)
        guard length.isFinite else { throw PyException.valueError("arange: cannot compute length") }
        let n = max(0, Int(length))
        let delta = (start + step) - start
        var values = [Double](repeating: start, count: n)
        if n > 1 { values[1] = start + step }
        if n > 2 { for i in 2..<n { values[i] = start + Double(i) * delta } }
        let x = try NDArray(values, shape: [n])
        guard let d = requested, d != .float64 else { return x }
        return try x.converted(to: d)
    }
}

extension NDArray {
    /// A read-only broadcast view of `self` at `shape`, with NumPy's error when it cannot be.
    func broadcast(toShape shape: [Int]) throws -> NDArray {
        let full = try NumPyPromotion.broadcastShapes([self.shape, shape])
        guard full == shape else {
            throw PyException.valueError("could not broadcast input array from shape \(NDArray.pythonTuple(self.shape)) into shape \(NDArray.pythonTuple(shape))")
        }
        return try expanded(to: shape)
    }
}
