import Autograd
import Foundation
import TensorCore

/// NumPy's reductions with `axis` (an int, a tuple or None), `keepdims`, `dtype` and `out`:
/// float sums in NumPy's pairwise order, means and variances built from them, int and bool
/// sums in int64; a full reduction returns a NumPy scalar.
enum NumPyReductions {
    /// `np.sum` of `x` over `axes` (nil: all).
    static func sum(_ x: NDArray, axes: [Int]?, keepdims: Bool) throws -> NDArray {
        switch x.dtype {
        case .float32, .float64: return try x.numpyFloatSum(axes: axes, keepdims: keepdims)
        default: return try x.reduce(.sum, dims: axes ?? Array(0..<x.rank), keepdim: keepdims, dtype: nil)
        }
    }

    /// The number of elements each output of a reduction over `axes` combines.
    static func count(_ x: NDArray, _ axes: [Int]?) throws -> Int {
        guard let axes else { return x.count }
        return try Set(axes.map { try x.normalizedDim($0) }).reduce(1) { $0 * x.shape[$1] }
    }

    /// `np.mean`: the float sum divided by the count (ints and bools in float64).
    static func mean(_ x: NDArray, axes: [Int]?, keepdims: Bool, dtype: DType?) throws -> NDArray {
        var input = x
        if let d = dtype { input = try x.converted(to: d) } else if !(x.dtype.isFloatingPoint || x.dtype.isComplex) {
            input = try x.converted(to: .float64)
        }
        let s = try sum(input, axes: axes, keepdims: keepdims)
        return try NumPyOps.binary(.div, .strong(s), .weak(.int(Int64(try count(x, axes)))))
    }

    /// `np.var` as NumPy computes it: mean(|x - mean|²) with `ddof` taken from the count.
    static func variance(_ x: NDArray, axes: [Int]?, ddof: Double, keepdims: Bool) throws -> NDArray {
        let input = x.dtype.isFloatingPoint ? x : try x.converted(to: .float64)
        let m = try mean(input, axes: axes, keepdims: true, dtype: nil)
        let centered = try NumPyOps.binary(.sub, .strong(input), .strong(m))
        let squared = try NumPyOps.binary(.mul, .strong(centered), .strong(centered))
        let s = try sum(squared, axes: axes, keepdims: keepdims)
        let n = Double(try count(x, axes)) - ddof
        return try NumPyOps.binary(.div, .strong(s), .weak(.float(max(n, 0))))
    }

    static func register(_ t: NumPyTable) {
        let common = "axis=None, dtype=None, out=None, keepdims=False"
        t.add("sum(a, \(common))", doc: "Sum over the given axes (all by default); floats in NumPy's pairwise order.") { a in
            var x = try a.ndarray()
            if let d = try a.npDType() { x = try x.converted(to: d) }
            return try a.npFinish(try sum(x, axes: try a.axes(), keepdims: try a.interp.truthy(a["keepdims"])))
        }
        t.add("mean(a, \(common))", doc: "Arithmetic mean over the given axes (float64 for ints).") { a in
            try a.npFinish(try mean(try a.ndarray(), axes: try a.axes(), keepdims: try a.interp.truthy(a["keepdims"]), dtype: try a.npDType()))
        }
        for (name, isStd) in [("var", false), ("std", true)] {
            t.add("\(name)(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
                  doc: isStd ? "Standard deviation (population form unless ddof=1)." : "Variance (population form unless ddof=1).") { a in
                var x = try a.ndarray()
                if let d = try a.npDType() { x = try x.converted(to: d) }
                let v = try variance(x, axes: try a.axes(), ddof: try a.double("ddof"), keepdims: try a.interp.truthy(a["keepdims"]))
                return try a.npFinish(isStd ? try v.unary(.sqrt) : v)
            }
        }
        for (name, op, ufunc) in [("max", ReduceOp.amax, "maximum"), ("min", .amin, "minimum")] {
            t.add("\(name)(a, axis=None, out=None, keepdims=False)", aliases: ["a" + name], doc: "The \(name == "max" ? "largest" : "smallest") element over the given axes.") { a in
                let x = try a.ndarray()
                let axes = try a.axes()
                let emptyAxis: Bool = try axes?.contains { try x.shape[x.normalizedDim($0)] == 0 } ?? false
                if x.count == 0 || emptyAxis {
                    throw PyException.valueError("zero-size array to reduction operation \(ufunc) which has no identity")
                }
                return try a.npFinish(try x.reduce(op, dims: axes ?? Array(0..<x.rank), keepdim: try a.interp.truthy(a["keepdims"]), dtype: nil))
            }
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            t.add("\(name)(a, axis=None, out=None, keepdims=False)", doc: "Index of the \(isMax ? "largest" : "smallest") element (flattened, or along axis).") { a in
                let x = try a.ndarray()
                if x.count == 0 { throw PyException.valueError("attempt to get \(name) of an empty sequence") }
                return try a.npFinish(try x.argExtremum(max: isMax, dim: try a.axis(), keepdim: try a.interp.truthy(a["keepdims"])))
            }
        }
        t.add("prod(a, \(common))", doc: "Product over the given axes.") { a in
            var x = try a.ndarray()
            if let d = try a.npDType() { x = try x.converted(to: d) }
            let axes = try a.axes() ?? Array(0..<x.rank)
            var r = try x.reduce(.prod, dims: axes, keepdim: try a.interp.truthy(a["keepdims"]), dtype: nil)
            if x.dtype == .float32 && r.dtype != .float32 { r = try r.converted(to: .float32) }
            return try a.npFinish(r)
        }
        for (name, op) in [("all", ReduceOp.all), ("any", .any)] {
            t.add("\(name)(a, axis=None, out=None, keepdims=False)", doc: "Whether \(name == "all" ? "every" : "some") element (over the axes) is nonzero.") { a in
                let x = try a.ndarray()
                return try a.npFinish(try x.reduce(op, dims: try a.axes() ?? Array(0..<x.rank), keepdim: try a.interp.truthy(a["keepdims"]), dtype: nil))
            }
        }
        for (name, op) in [("cumsum", CumulativeOp.sum), ("cumprod", .prod)] {
            t.add("\(name)(a, axis=None, dtype=None, out=None)", doc: "Running \(op == .sum ? "sum" : "product") along axis (of the flattened array by default).") { a in
                var x = try a.ndarray()
                if let d = try a.npDType() { x = try x.converted(to: d) }
                guard let axis = try a.axis() else { return try a.npFinish(try x.reshaped([-1]).cumulative(op, dim: 0), scalar: false) }
                return try a.npFinish(try x.cumulative(op, dim: axis), scalar: false)
            }
        }
        t.add("median(a, axis=None, keepdims=False)", .function, doc: "The middle value (mean of the two middle ones for an even count).") { a in
            var x = try a.ndarray()
            var axis = try a.axis() ?? 0
            if try a.axis() == nil { x = try x.reshaped([-1]) }
            axis = try x.normalizedDim(axis)
            let n = x.shape[axis]
            guard n > 0 else { return NumPyConvert.result(try NDArray.full([], .float(.nan), dtype: .float64)) }
            let sorted = try x.sorted(dim: axis, descending: false, stable: true).values
            let lo = try sorted.narrowed(dim: axis, start: (n - 1) / 2, length: n % 2 == 1 ? 1 : 2)
            var m = try mean(lo, axes: [axis], keepdims: true, dtype: nil)
            if !(try a.interp.truthy(a["keepdims"])) { m = try m.squeezed([axis]) }
            if try a.axis() == nil, try a.interp.truthy(a["keepdims"]) { m = try m.reshaped(Array(repeating: 1, count: try a.ndarray().rank)) }
            return NumPyConvert.result(m)
        }
        t.add("count_nonzero(a, axis=None)", .function, doc: "Number of nonzero elements (over the axes).") { a in
            NumPyConvert.result(try a.ndarray().countNonzero(dims: try a.axes()))
        }
    }
}
