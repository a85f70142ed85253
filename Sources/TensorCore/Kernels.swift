/// Generic element-wise kernels. The walkers (`mapUnary`, `mapBinary`, `mapTernary`) split the
/// work into runs along the innermost dim and hand each run to a kernel closure; call sites write
/// `{ (r: BinaryRun<T, T, T>) in r.run { (a: T, b: T) -> T in a + b } }`, so that the element
/// operation is a literal inside the run's loop and inlines (a closure captured across
/// `concurrentPerform` would cost an indirect call per element: 10× slower in measurement).

/// One run of a unary map: `n` elements, strides in elements.
struct UnaryRun<S: Element, D: Element> {
    let d: UnsafeMutablePointer<D>
    let s: UnsafePointer<S>
    let n: Int
    let sd: Int
    let ss: Int

    @inline(__always)
    func run(_ f: (S) -> D) {
        if sd == 1 && ss == 1 {
            for i in 0..<n { d[i] = f(s[i]) }
        } else if ss == 0 {
            let v = f(s[0])
            for i in 0..<n { d[i * sd] = v }
        } else {
            for i in 0..<n { d[i * sd] = f(s[i * ss]) }
        }
    }
}

/// One run of a binary map.
struct BinaryRun<A: Element, B: Element, D: Element> {
    let d: UnsafeMutablePointer<D>
    let x: UnsafePointer<A>
    let y: UnsafePointer<B>
    let n: Int
    let sd: Int
    let sa: Int
    let sb: Int

    @inline(__always)
    func run(_ f: (A, B) -> D) {
        if sd == 1 && sa == 1 && sb == 1 {
            for i in 0..<n { d[i] = f(x[i], y[i]) }
        } else if sd == 1 && sa == 1 && sb == 0 {
            let v = y[0]
            for i in 0..<n { d[i] = f(x[i], v) }
        } else if sd == 1 && sa == 0 && sb == 1 {
            let u = x[0]
            for i in 0..<n { d[i] = f(u, y[i]) }
        } else {
            for i in 0..<n { d[i * sd] = f(x[i * sa], y[i * sb]) }
        }
    }
}

/// One run of a ternary map (where, lerp): not a hot path, so no special cases.
struct TernaryRun<A: Element, B: Element, C: Element, D: Element> {
    let d: UnsafeMutablePointer<D>
    let x: UnsafePointer<A>
    let y: UnsafePointer<B>
    let z: UnsafePointer<C>
    let n: Int
    let strides: (Int, Int, Int, Int)

    @inline(__always)
    func run(_ f: (A, B, C) -> D) {
        let (sd, sa, sb, sc) = strides
        for i in 0..<n { d[i * sd] = f(x[i * sa], y[i * sb], z[i * sc]) }
    }
}

/// dst[i] = f(src[i]) where `src` is already broadcast to `dst.shape`.
/// `cost` scales the element count when deciding to use several cores (libm calls cost ~10×
/// an add, so they pay for threads on smaller arrays).
func mapUnary<S: Element, D: Element>(_ dst: NDArray, _ src: NDArray, cost: Int = 1, _ kernel: (UnaryRun<S, D>) -> Void) {
    let n = dst.count
    if n == 0 { return }
    let pd = dst.storage.pointer.assumingMemoryBound(to: D.self)
    let ps = UnsafePointer(src.storage.pointer.assumingMemoryBound(to: S.self))
    if (dst.isContiguous && src.isContiguous && src.strides.allSatisfy({ $0 != 0 })) || n == 1 {
        let d = pd + dst.offset, s = ps + src.offset
        Parallel.forRanges(n, cost: cost) { r in
            kernel(UnaryRun(d: d + r.lowerBound, s: s + r.lowerBound, n: r.count, sd: 1, ss: 1))
        }
        return
    }
    let layout = StridedLayout(shape: dst.shape, strides: [dst.strides, src.strides])
    let sd = layout.innerStride(0), ss = layout.innerStride(1)
    Parallel.forRanges(n, cost: cost) { r in
        layout.forEachRun(in: r, base: [dst.offset, src.offset]) { o, len in
            kernel(UnaryRun(d: pd + o[0], s: ps + o[1], n: len, sd: sd, ss: ss))
        }
    }
}

/// dst[i] = f(a[i], b[i]) where `a` and `b` are already broadcast to `dst.shape`.
func mapBinary<A: Element, B: Element, D: Element>(_ dst: NDArray, _ a: NDArray, _ b: NDArray, _ kernel: (BinaryRun<A, B, D>) -> Void) {
    let n = dst.count
    if n == 0 { return }
    let pd = dst.storage.pointer.assumingMemoryBound(to: D.self)
    let pa = UnsafePointer(a.storage.pointer.assumingMemoryBound(to: A.self))
    let pb = UnsafePointer(b.storage.pointer.assumingMemoryBound(to: B.self))
    // Contiguous output over operands that are each contiguous or one repeated element: one
    // linear run, without the strided walker's setup (it allocates, and dominates small arrays).
    if dst.isContiguous, let sa = a.linearStride(n), let sb = b.linearStride(n) {
        let d = pd + dst.offset, x = pa + a.offset, y = pb + b.offset
        Parallel.forRanges(n) { r in
            let lo = r.lowerBound
            kernel(BinaryRun(d: d + lo, x: x + lo * sa, y: y + lo * sb, n: r.count, sd: 1, sa: sa, sb: sb))
        }
        return
    }
    let layout = StridedLayout(shape: dst.shape, strides: [dst.strides, a.strides, b.strides])
    let sd = layout.innerStride(0), sa = layout.innerStride(1), sb = layout.innerStride(2)
    Parallel.forRanges(n) { r in
        layout.forEachRun(in: r, base: [dst.offset, a.offset, b.offset]) { o, len in
            kernel(BinaryRun(d: pd + o[0], x: pa + o[1], y: pb + o[2], n: len, sd: sd, sa: sa, sb: sb))
        }
    }
}

/// dst[i] = f(a[i], b[i], c[i]) for three operands already broadcast to `dst.shape`.
func mapTernary<A: Element, B: Element, C: Element, D: Element>(
    _ dst: NDArray, _ a: NDArray, _ b: NDArray, _ c: NDArray, _ kernel: (TernaryRun<A, B, C, D>) -> Void
) {
    let n = dst.count
    if n == 0 { return }
    let pd = dst.storage.pointer.assumingMemoryBound(to: D.self)
    let pa = UnsafePointer(a.storage.pointer.assumingMemoryBound(to: A.self))
    let pb = UnsafePointer(b.storage.pointer.assumingMemoryBound(to: B.self))
    let pc = UnsafePointer(c.storage.pointer.assumingMemoryBound(to: C.self))
    let layout = StridedLayout(shape: dst.shape, strides: [dst.strides, a.strides, b.strides, c.strides])
    let st = (layout.innerStride(0), layout.innerStride(1), layout.innerStride(2), layout.innerStride(3))
    Parallel.forRanges(n) { r in
        layout.forEachRun(in: r, base: [dst.offset, a.offset, b.offset, c.offset]) { o, len in
            kernel(TernaryRun(d: pd + o[0], x: pa + o[1], y: pb + o[2], z: pc + o[3], n: len, strides: st))
        }
    }
}

extension NDArray {
    /// The step between consecutive logical elements when this array (already broadcast to the
    /// output's shape, `count` elements) is walked in row-major order as one run: 1 when
    /// contiguous, 0 when every stride is 0 (one element repeated), nil otherwise.
    @inline(__always)
    func linearStride(_ count: Int) -> Int? {
        if isContiguous { return 1 }
        for s in strides where s != 0 { return nil }
        return 0
    }
}

// MARK: Casting copies

private struct CastOuter: NumericVisitor {
    let dst: NDArray
    let src: NDArray
    func visit<D: NumericElement>(_ type: D.Type) throws {
        try src.dtype.numeric(CastInner<D>(dst: dst, src: src))
    }
}

private struct CastInner<D: NumericElement>: NumericVisitor {
    let dst: NDArray
    let src: NDArray
    func visit<S: NumericElement>(_ type: S.Type) throws {
        mapUnary(dst, src) { (r: UnaryRun<S, D>) in r.run { (s: S) -> D in D.cast(s) } }
    }
}

extension NDArray {
    /// Writes `source` (broadcastable to this shape, any dtype) into this array's elements with
    /// cast semantics. A source sharing storage with `self` is copied first, so overlapping views
    /// (`x[1:] = x[:-1]`) read the values from before the write.
    func assignElements(from source: NDArray) throws {
        var src = try source.broadcast(to: shape)
        if src.storage === storage && !(src.offset == offset && src.strides == strides) {
            src = try source.clone().broadcast(to: shape)
        }
        if src.dtype == dtype && src.isContiguous && isContiguous && src.count == count
            && src.strides.allSatisfy({ $0 != 0 }) || (src.dtype == dtype && count == 1 && src.count == 1) {
            if src.storage === storage && src.offset == offset { return }
            baseAddress.copyMemory(from: src.baseAddress, byteCount: count * itemSize)
            return
        }
        try dtype.numeric(CastOuter(dst: self, src: src))
    }

    /// `self` when already of `dtype`, else a contiguous converted copy.
    func casted(to target: DType) throws -> NDArray {
        if target == dtype { return self }
        let out = try NDArray(zeros: shape, dtype: target)
        try out.assignElements(from: self)
        return out
    }

    /// A new array of `shape` with a memory layout following `like`'s stride order when `like`
    /// is dense (so that `M.T + M.T` writes and reads memory in the same order, as PyTorch does).
    /// Its elements are not initialised: element-wise kernels write every one.
    static func allocate(_ shape: [Int], dtype: DType, like: NDArray?) throws -> NDArray {
        guard let like = like, like.shape == shape, shape.count > 1, !like.isContiguous,
              let perm = like.densePermutation() else {
            return try NDArray(uninitialized: shape, dtype: dtype)
        }
        // perm lists dims from outermost to innermost in memory.
        let permShape = perm.map { shape[$0] }
        let base = try NDArray(uninitialized: permShape, dtype: dtype)
        var strides = [Int](repeating: 0, count: shape.count)
        for (i, d) in perm.enumerated() { strides[d] = base.strides[i] }
        return base.viewing(shape: shape, strides: strides)
    }

    /// The dim order (outermost first) under which this array is contiguous, if it is a
    /// permutation of a contiguous array with positive strides.
    func densePermutation() -> [Int]? {
        var order = Array(0..<rank)
        order.sort { (strides[$0], $0) > (strides[$1], $1) }
        var expected = 1
        for d in order.reversed() where shape[d] != 1 {
            if strides[d] != expected { return nil }
            expected *= shape[d]
        }
        return order
    }
}
