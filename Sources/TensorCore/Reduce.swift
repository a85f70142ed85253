/// Reductions over dims: `sum`, `mean`, `prod`, `amax`, `amin`, `all`, `any`, `count_nonzero`,
/// and `max`/`min`/`argmax`/`argmin` along one dim.

extension NDArray {
    /// Wrapped, duplicate-free reduction dims (nil or empty: all dims).
    func reductionDims(_ dims: [Int]?) throws -> [Int] {
        guard let dims = dims, !dims.isEmpty else { return Array(0..<rank) }
        var seen: [Int] = []
        for d in dims {
            let w = try normalizedDim(d)
            if seen.contains(w) { throw TensorError.runtime("dim \(w) appears multiple times in the list of dims") }
            if rank > 0 { seen.append(w) }
        }
        return seen
    }

    /// The output shape of a reduction (kept dims become 1 with `keepdim`).
    func reducedShape(_ dims: [Int], keepdim: Bool) -> [Int] {
        var out: [Int] = []
        for d in 0..<rank {
            if dims.contains(d) { if keepdim { out.append(1) } } else { out.append(shape[d]) }
        }
        return out
    }

    /// `out` (contiguous, shape of the kept dims) viewed with this shape and stride 0 on `dims`.
    func reductionView(_ out: NDArray, dims: [Int]) -> NDArray {
        var st = [Int](repeating: 0, count: rank)
        var acc = 1
        for d in stride(from: rank - 1, through: 0, by: -1) where !dims.contains(d) {
            st[d] = acc
            acc *= shape[d]
        }
        return out.viewing(shape: shape, strides: st)
    }

    /// A reduction over `dims` (nil: all). `sum`/`prod` of bool and integers give int64; `mean`
    /// needs a floating or complex input (or `dtype`); `amax`/`amin` of an empty extent fail.
    ///
    ///     >>> torch.arange(6).reshape(2, 3).sum(dim=0)
    ///     tensor([3, 5, 7])
    public func reduce(_ op: ReduceOp, dims: [Int]?, keepdim: Bool, dtype requested: DType?) throws -> NDArray {
        let rdims = try reductionDims(dims)
        let outShape = reducedShape(rdims, keepdim: keepdim)
        var input = self
        var work: DType
        switch op {
        case .sum, .prod:
            work = requested ?? ((dtype.isBool || dtype.isInteger) ? .int64 : dtype)
        case .mean:
            work = requested ?? dtype
            guard work.isFloatingPoint || work.isComplex else {
                let name = requested == nil ? "could not infer output dtype. Input dtype must be either a floating point or complex dtype" : "could not infer output dtype. Optional dtype must be either a floating point or complex dtype"
                throw TensorError(.notImplemented, "mean(): \(name). Got: \(work.kernelName)")
            }
        case .amax, .amin:
            work = dtype
            for d in rdims where shape[d] == 0 {
                throw TensorError.index("\(op.rawValue)(): Expected reduction dim \(d) to have non-zero size.")
            }
        case .all, .any:
            work = .bool
        case .countNonzero:
            input = try casted(to: .bool)
            work = .int64
        }
        input = try input.casted(to: work)
        // Float sums accumulate in float64 and are rounded once at the end.
        let accumulator: DType = ((op == .sum || op == .mean) && work.isFloatingPoint) ? .float64 : work
        let out = try NDArray(zeros: outShape, dtype: accumulator)
        let view = input.reductionView(out, dims: rdims)
        try work.family(ReduceKernel(op: op, input: input, out: out, view: view))
        if op == .mean {
            let n = rdims.reduce(1) { $0 * shape[$1] }
            let result = try NDArray.binary(.div, .array(out), .scalar(.float(Double(n))))
            return try result.casted(to: work)
        }
        return try out.casted(to: work)
    }

    /// `max(dim)`/`min(dim)`: the extreme values along `dim` and their first indices. NaN counts
    /// as the extreme (it propagates, with its index).
    public func extremum(max: Bool, dim: Int, keepdim: Bool) throws -> (values: NDArray, indices: NDArray) {
        let d = try normalizedDim(dim)
        let name = max ? "max" : "min"
        if rank > 0 && shape[d] == 0 {
            throw TensorError.index("\(name)(): Expected reduction dim \(d) to have non-zero size.")
        }
        let rows = try RowLayout(self, dim: d)
        let values = try NDArray(zeros: rows.outerShape, dtype: dtype)
        let indices = try NDArray(zeros: rows.outerShape, dtype: .int64)
        try dtype.family(ExtremumKernel(max: max, source: self, rows: rows, values: values, indices: indices))
        let shape = reducedShape(rank == 0 ? [] : [d], keepdim: keepdim)
        return (values.viewing(shape: shape, strides: NDArray.contiguousStrides(shape)),
                indices.viewing(shape: shape, strides: NDArray.contiguousStrides(shape)))
    }

    /// `argmax`/`argmin`: the first index of the extreme value along `dim`, or in the flattened
    /// array when `dim` is nil (then `keepdim` gives all-ones dims).
    public func argExtremum(max: Bool, dim: Int?, keepdim: Bool) throws -> NDArray {
        guard let dim = dim else {
            if isEmpty {
                throw TensorError.runtime("\(max ? "argmax" : "argmin")(): Expected reduction dim to be specified for input.numel() == 0.")
            }
            let flat = try reshaped([-1])
            let idx = try flat.extremum(max: max, dim: 0, keepdim: false).indices
            return keepdim ? try idx.reshaped([Int](repeating: 1, count: rank)) : idx
        }
        return try extremum(max: max, dim: dim, keepdim: keepdim).indices
    }
}

/// One reduction for the working dtype's family.
private struct ReduceKernel: FamilyVisitor {
    let op: ReduceOp
    let input: NDArray
    let out: NDArray
    let view: NDArray

    func fill<T: Element>(_ v: T) {
        let p = out.storage.pointer.assumingMemoryBound(to: T.self)
        for i in 0..<out.count { p[i] = v }
    }

    func visitBool() throws {
        switch op {
        case .all, .amin, .prod:
            fill(true)
            runReduction(BoolAll(), input: input, outView: view)
        default:
            runReduction(BoolAny(), input: input, outView: view)
        }
    }

    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        switch op {
        case .sum, .countNonzero:
            runReduction(IntegerSum<T>(), input: input, outView: view)
        case .prod:
            fill(T(1))
            runReduction(IntegerProduct<T>(), input: input, outView: view)
        case .amax:
            fill(T.min)
            runReduction(IntegerMax<T>(), input: input, outView: view)
        case .amin:
            fill(T.max)
            runReduction(IntegerMin<T>(), input: input, outView: view)
        default:
            throw TensorError.notImplemented(op.rawValue, T.dtype)
        }
    }

    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        switch op {
        case .sum, .mean:
            if let g = outerReductionGeometry(input: input, outView: view) {
                let src = UnsafePointer(input.storage.pointer.assumingMemoryBound(to: T.self)) + input.offset
                let acc = view.storage.pointer.assumingMemoryBound(to: Double.self) + view.offset
                outerSum(src, rows: g.rows, cols: g.cols, rowStride: g.rowStride, into: acc)
            } else {
                runReduction(FloatSumCombiner<T>(), input: input, outView: view)
            }
        case .prod:
            fill(T(1))
            runReduction(FloatProduct<T>(), input: input, outView: view)
        case .amax:
            fill(-T.infinity)
            runReduction(FloatMax<T>(), input: input, outView: view)
        case .amin:
            fill(T.infinity)
            runReduction(FloatMin<T>(), input: input, outView: view)
        default:
            throw TensorError.notImplemented(op.rawValue, T.dtype)
        }
    }

    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        switch op {
        case .sum, .mean:
            runReduction(ComplexSum<T>(), input: input, outView: view)
        default:
            throw TensorError.notImplemented(op.rawValue, T.dtype)
        }
    }
}

/// An array seen as rows along one dim: the storage offset where each row starts (in the
/// row-major order of the other dims), the row length and the step between row elements.
struct RowLayout {
    var outerShape: [Int]
    var starts: [Int]
    var length: Int
    var stride: Int

    init(_ a: NDArray, dim: Int) throws {
        if a.rank == 0 {
            outerShape = []
            starts = [a.offset]
            length = 1
            stride = 0
            return
        }
        var sh = a.shape, st = a.strides
        length = sh.remove(at: dim)
        stride = st.remove(at: dim)
        outerShape = sh
        starts = a.viewing(shape: sh, strides: st).elementOffsets()
    }
}

private struct ExtremumKernel: FamilyVisitor {
    let max: Bool
    let source: NDArray
    let rows: RowLayout
    let values: NDArray
    let indices: NDArray

    func run<T: Element>(_ type: T.Type, better: (T, T) -> Bool) {
        let src = source.storage.pointer.assumingMemoryBound(to: T.self)
        let vals = values.storage.pointer.assumingMemoryBound(to: T.self)
        let idx = indices.storage.pointer.assumingMemoryBound(to: Int64.self)
        for (r, start) in rows.starts.enumerated() {
            var best = src[start]
            var at = 0
            for i in 1..<Swift.max(rows.length, 1) {
                let v = src[start + i * rows.stride]
                if better(v, best) { best = v; at = i }
            }
            vals[r] = best
            idx[r] = Int64(at)
        }
    }

    func visitBool() throws {
        run(Bool.self, better: max ? { $0 && !$1 } : { !$0 && $1 })
    }
    func visitInteger<T: IntegerElement>(_ type: T.Type) throws {
        run(T.self, better: max ? { $0 > $1 } : { $0 < $1 })
    }
    func visitFloat<T: FloatElement>(_ type: T.Type) throws {
        // A NaN wins over any number and the first NaN is kept.
        if max {
            run(T.self) { v, best in !best.isNaN && (v.isNaN || v > best) }
        } else {
            run(T.self) { v, best in !best.isNaN && (v.isNaN || v < best) }
        }
    }
    func visitComplex<T: ComplexElement>(_ type: T.Type) throws {
        throw TensorError.runtime("\(max ? "max" : "min")(): does not support complex input")
    }
}
