import Autograd
import Foundation
import TensorCore

/// Shape operations with NumPy's view rules: `reshape` (a view when the layout allows),
/// `ravel` (a view of contiguous data), `transpose`/`.T`/`swapaxes` (views); `flatten`,
/// `concatenate`, `stack` and `split` results are new arrays (split's parts are views).
enum NumPyShape {
    static func arrays(_ v: Value, _ interp: Interpreter) throws -> [NDArray] {
        try interp.iterate(v).map { try NumPyConvert.array($0, dtype: nil, interp) }
    }

    /// The arrays converted to their common dtype (NumPy's concatenate promotes).
    static func common(_ xs: [NDArray]) throws -> [NDArray] {
        guard let first = xs.first else { throw PyException.valueError("need at least one array to concatenate") }
        let d = xs.dropFirst().reduce(first.dtype) { NumPyPromotion.promote($0, $1.dtype) }
        return try xs.map { $0.dtype == d ? $0 : try $0.converted(to: d) }
    }

    static func concatenate(_ xs: [NDArray], axis: Int) throws -> NDArray {
        let ys = try common(xs)
        let rank = ys[0].rank
        guard rank > 0 else { throw PyException.valueError("zero-dimensional arrays cannot be concatenated") }
        for (i, y) in ys.enumerated() where y.rank != rank {
            throw PyException.valueError("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(rank) dimension(s) and the array at index \(i) has \(y.rank) dimension(s)")
        }
        let ax = try ys[0].normalizedDim(axis)
        for (i, y) in ys.enumerated() {
            for d in 0..<rank where d != ax && y.shape[d] != ys[0].shape[d] {
                throw PyException.valueError("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(ys[0].shape[d]) and the array at index \(i) has size \(y.shape[d])")
            }
        }
        return try NDArray.cat(ys, dim: ax)
    }

    static func register(_ t: NumPyTable) {
        t.add("reshape(a, *shape, order='C')", doc: "The same elements in a new shape (a view when the layout allows; -1 infers one size).") { a in
            let x = try a.ndarray()
            var dims = a.varArgs
            if dims.count == 1, try a.interp.asIndex(dims[0]) == nil { dims = try a.interp.iterate(dims[0]) }
            let shape = try dims.map { v -> Int in
                guard let i = try a.interp.asIndex(v) else { throw PyException.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
                return i
            }
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            if shape.filter({ $0 == -1 }).count > 1 { throw PyException.valueError("can only specify one unknown dimension") }
            if (shape.contains(-1) && (known == 0 || x.count % known != 0)) || (!shape.contains(-1) && known != x.count) {
                throw PyException.valueError("cannot reshape array of size \(x.count) into shape \(NDArray.pythonTuple(shape))")
            }
            return .object(NumPyArray(try x.reshaped(shape)))
        }
        t.add("ravel(a)", doc: "The elements as a 1-d array (a view of contiguous data, else a copy).") { a in
            .object(NumPyArray(try a.ndarray().reshaped([-1])))
        }
        t.add("flatten(a)", .method, doc: "A 1-d copy of the elements.") { a in
            .object(NumPyArray(try a.ndarray().clone().reshaped([-1])))
        }
        t.add("transpose(a, *axes)", doc: "The axes reversed, or permuted as given (a view).") { a in
            let x = try a.ndarray()
            var axes = try a.varArgs.compactMap { v -> [Int]? in v.isNone ? nil : try NumPyConvert.axes(v, a.interp) }.flatMap { $0 }
            if axes.isEmpty { axes = Array((0..<x.rank).reversed()) }
            guard axes.count == x.rank else { throw PyException.valueError("axes don't match array") }
            return .object(NumPyArray(try x.permuted(axes)))
        }
        t.add("swapaxes(a, axis1, axis2)", doc: "A view with two axes exchanged.") { a in
            .object(NumPyArray(try a.ndarray().transposed(try a.int("axis1"), try a.int("axis2"))))
        }
        t.add("moveaxis(a, source, destination)", .function, doc: "A view with axes moved to new positions.") { a in
            let x = try a.ndarray()
            return .object(NumPyArray(try x.movedim(try NumPyConvert.axes(a["source"], a.interp) ?? [], try NumPyConvert.axes(a["destination"], a.interp) ?? [])))
        }
        t.add("expand_dims(a, axis)", .function, doc: "A view with a new axis of size 1 at the given position.") { a in
            var x = try a.ndarray()
            let axes = try a.axes() ?? []
            let outRank = x.rank + axes.count
            for ax in axes.map({ $0 < 0 ? $0 + outRank : $0 }).sorted() {
                guard ax >= 0 && ax < outRank else { throw PyException(ExceptionTypes.indexError, "axis \(ax) is out of bounds for array of dimension \(outRank)") }
                x = try x.unsqueezed(ax)
            }
            return .object(NumPyArray(x))
        }
        t.add("squeeze(a, axis=None)", doc: "A view without the axes of size 1 (or only the given ones).") { a in
            let x = try a.ndarray()
            guard let axes = try a.axes() else { return .object(NumPyArray(try x.squeezed(nil))) }
            let dims = try axes.map { try x.normalizedDim($0) }
            for d in dims where x.shape[d] != 1 {
                throw PyException.valueError("cannot select an axis to squeeze out which has size not equal to one")
            }
            return .object(NumPyArray(try x.squeezed(dims)))
        }
        t.add("concatenate(arrays, axis=0)", .function, doc: "The arrays joined along an existing axis (flattened first when axis=None).") { a in
            var xs = try arrays(a["arrays"], a.interp)
            if a["axis"].isNone { xs = try xs.map { try $0.reshaped([-1]) } }
            return .object(NumPyArray(try concatenate(xs, axis: try a.axis() ?? 0)))
        }
        t.add("stack(arrays, axis=0)", .function, doc: "The arrays joined along a new axis.") { a in
            let xs = try common(try arrays(a["arrays"], a.interp))
            for x in xs where x.shape != xs[0].shape { throw PyException.valueError("all input arrays must have the same shape") }
            var axis = try a.int("axis")
            if axis < 0 { axis += xs[0].rank + 1 }
            return .object(NumPyArray(try NDArray.stack(xs, dim: axis)))
        }
        t.add("vstack(tup)", .function, aliases: ["row_stack"], doc: "The arrays stacked as rows (1-d arrays become rows).") { a in
            let xs = try arrays(a["tup"], a.interp).map { $0.rank < 2 ? try $0.reshaped([1, -1]) : $0 }
            return .object(NumPyArray(try concatenate(xs, axis: 0)))
        }
        t.add("hstack(tup)", .function, doc: "The arrays joined horizontally (along axis 1, or 0 for 1-d arrays).") { a in
            let xs = try arrays(a["tup"], a.interp).map { $0.rank == 0 ? try $0.reshaped([1]) : $0 }
            return .object(NumPyArray(try concatenate(xs, axis: xs.first?.rank == 1 ? 0 : 1)))
        }
        t.add("column_stack(tup)", .function, doc: "1-d arrays as the columns of a 2-d array.") { a in
            let xs = try arrays(a["tup"], a.interp).map { $0.rank < 2 ? try $0.reshaped([-1, 1]) : $0 }
            return .object(NumPyArray(try concatenate(xs, axis: 1)))
        }
        t.add("split(ary, indices_or_sections, axis=0)", .function, doc: "Views of equal sections, or split before the given indices.") { a in
            let x = try a.ndarray("ary")
            let axis = try x.normalizedDim(try a.int("axis"))
            let n = x.shape[axis]
            var bounds: [Int]
            if let sections = try a.interp.asIndex(a["indices_or_sections"]) {
                guard sections > 0, n % sections == 0 else { throw PyException.valueError("array split does not result in an equal division") }
                bounds = (1..<sections).map { $0 * n / sections }
            } else {
                bounds = try NumPyConvert.axes(a["indices_or_sections"], a.interp) ?? []
            }
            var parts: [Value] = []
            var start = 0
            for b in bounds + [n] {
                let lo = min(max(start, 0), n), hi = min(max(b < 0 ? b + n : b, lo), n)
                parts.append(.object(NumPyArray(try x.narrowed(dim: axis, start: lo, length: hi - lo))))
                start = b < 0 ? b + n : b
            }
            return .list(PyList(parts))
        }
        t.add("flip(m, axis=None)", .function, doc: "The elements in reverse order along the axes (all by default).") { a in
            let x = try a.ndarray("m")
            return .object(NumPyArray(try x.flipped(try a.axes() ?? Array(0..<x.rank))))
        }
        t.add("sort(a, axis=-1)", .function, doc: "A sorted copy along axis.") { a in
            .object(NumPyArray(try a.ndarray().sorted(dim: try a.int("axis"), descending: false, stable: true).values))
        }
        t.add("argsort(a, axis=-1)", doc: "The indices that sort the array along axis.") { a in
            .object(NumPyArray(try a.ndarray().sorted(dim: try a.int("axis"), descending: false, stable: true).indices))
        }
        t.add("unique(ar)", .function, doc: "The sorted distinct elements.") { a in
            .object(NumPyArray(try a.ndarray("ar").reshaped([-1]).unique(sorted: true, returnInverse: false, returnCounts: false, dim: nil).values))
        }
        t.add("shares_memory(a, b)", .function, doc: "Whether the two arrays use some of the same memory.") { a in
            .bool(try overlap(try a.ndarray(), try a.ndarray("b")))
        }
        t.add("may_share_memory(a, b)", .function, doc: "Whether the two arrays might use the same memory (same storage and overlapping bounds).") { a in
            .bool(try overlap(try a.ndarray(), try a.ndarray("b")))
        }
    }

    /// Whether two arrays touch a common element of one storage.
    static func overlap(_ x: NDArray, _ y: NDArray) throws -> Bool {
        guard x.storage === y.storage, x.count > 0, y.count > 0 else { return false }
        let ox = Set(x.elementOffsets())
        return y.elementOffsets().contains { ox.contains($0) }
    }
}
