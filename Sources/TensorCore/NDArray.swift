/// The raw strided array under every tensor: a shape, strides (in elements) and an offset
/// (in elements) over a shared `Storage`. Value semantics for the header, reference semantics
/// for the data: copying an `NDArray` makes a view, `clone()` copies the elements.
public struct NDArray {
    public let storage: Storage
    public let dtype: DType
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int

    /// A view over existing storage. The caller guarantees every reachable element is in bounds.
    public init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        precondition(shape.count == strides.count, "shape and strides differ in rank")
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// A new zero-filled contiguous array.
    public init(zeros shape: [Int], dtype: DType) throws {
        try self.init(shape, dtype: dtype, zeroed: true)
    }

    /// A new contiguous array whose elements the caller writes in full before anyone reads them.
    init(uninitialized shape: [Int], dtype: DType) throws {
        try self.init(shape, dtype: dtype, zeroed: false)
    }

    private init(_ shape: [Int], dtype: DType, zeroed: Bool) throws {
        for d in shape where d < 0 {
            throw TensorError.runtime("Trying to create tensor with negative dimension \(d): \(TensorError.listString(shape))")
        }
        let n = try NDArray.checkedCount(shape)
        let (bytes, overflow) = n.multipliedReportingOverflow(by: dtype.itemSize)
        if overflow { throw TensorError(.memory, "tensor of shape \(TensorError.shapeString(shape)) is too large to allocate") }
        self.storage = try Storage(byteCount: bytes, zeroed: zeroed)
        self.dtype = dtype
        self.shape = shape
        self.strides = NDArray.contiguousStrides(shape)
        self.offset = 0
    }

    /// A 0-d array holding one value.
    public init(scalar: Scalar, dtype: DType? = nil) {
        let dt = dtype ?? scalar.defaultDType
        // A one-element allocation cannot exceed the cap.
        self = try! NDArray(zeros: [], dtype: dt)
        setScalar(scalar, atLinear: 0)
    }

    /// A contiguous array from elements in row-major order.
    public init<T: Element>(_ elements: [T], shape: [Int]) throws {
        precondition(elements.count == shape.reduce(1, *), "element count does not match shape")
        self = try NDArray(zeros: shape, dtype: T.dtype)
        let p = storage.pointer.assumingMemoryBound(to: T.self)
        elements.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { p.update(from: base, count: src.count) }
        }
    }

    /// A contiguous array of `dtype` from scalars in row-major order (each converted by casting).
    public init(scalars: [Scalar], shape: [Int], dtype: DType) throws {
        precondition(scalars.count == shape.reduce(1, *), "element count does not match shape")
        self = try NDArray(zeros: shape, dtype: dtype)
        for (i, s) in scalars.enumerated() { setScalar(s, atLinear: i) }
    }

    // MARK: Geometry

    public var rank: Int { shape.count }
    public var count: Int { shape.reduce(1, *) }
    public var isEmpty: Bool { count == 0 }
    public var itemSize: Int { dtype.itemSize }

    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = acc
            // Saturates instead of trapping: `checkedCount` rejects every shape whose strides
            // overflow before an allocation gets here; this only guards unchecked callers.
            let (next, overflow) = acc.multipliedReportingOverflow(by: max(shape[i], 1))
            acc = overflow ? Int.max : next
        }
        return strides
    }

    /// Element count with overflow checking (a shape like (2**40, 2**40) must fail, not wrap).
    /// The strides are checked too: (0, 2**62, 4) has no elements, but its first stride
    /// (2**64) does not fit, which PyTorch reports as "Stride calculation overflowed".
    public static func checkedCount(_ shape: [Int]) throws -> Int {
        var n = 1
        var strideProduct = 1
        for d in shape {
            let (m, o) = n.multipliedReportingOverflow(by: d)
            if o { throw TensorError(.memory, "tensor of shape \(TensorError.shapeString(shape)) has too many elements") }
            n = m
            let (p, po) = strideProduct.multipliedReportingOverflow(by: max(d, 1))
            if po { throw TensorError.runtime("Stride calculation overflowed") }
            strideProduct = p
        }
        return n
    }

    /// PyTorch's rule: sizes-1 dims and empty tensors don't constrain strides.
    public var isContiguous: Bool {
        if count == 0 { return true }
        var expected = 1
        for i in stride(from: rank - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// Address of the first element.
    public var baseAddress: UnsafeMutableRawPointer {
        storage.pointer + offset * itemSize
    }

    /// A typed pointer to the first element; `T` must match `dtype`.
    public func pointer<T: Element>(as: T.Type) -> UnsafeMutablePointer<T> {
        precondition(T.dtype == dtype, "element type \(T.self) does not match \(dtype)")
        return storage.pointer.assumingMemoryBound(to: T.self) + offset
    }

    /// A view with new geometry over the same storage.
    public func viewing(shape: [Int], strides: [Int], offset: Int? = nil) -> NDArray {
        NDArray(storage: storage, dtype: dtype, shape: shape, strides: strides, offset: offset ?? self.offset)
    }

    // MARK: Element access (slow path: for printing, tests, small conversions)

    /// Storage offsets (in elements) of every element in row-major logical order.
    public func elementOffsets() -> [Int] {
        var result = [Int]()
        result.reserveCapacity(count)
        forEachOffset { result.append($0) }
        return result
    }

    /// Calls `body` with the storage offset of each element in row-major logical order.
    @inline(__always)
    public func forEachOffset(_ body: (Int) throws -> Void) rethrows {
        let n = count
        if n == 0 { return }
        if rank == 0 { try body(offset); return }
        if isContiguous {
            for i in 0..<n { try body(offset + i) }
            return
        }
        var index = [Int](repeating: 0, count: rank)
        var pos = offset
        let last = rank - 1
        for _ in 0..<n {
            try body(pos)
            var d = last
            while d >= 0 {
                index[d] += 1
                pos += strides[d]
                if index[d] < shape[d] { break }
                pos -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// The storage offset of the element at a logical row-major position.
    public func storageOffset(ofLinear linear: Int) -> Int {
        var rem = linear
        var pos = offset
        for d in stride(from: rank - 1, through: 0, by: -1) {
            let s = shape[d]
            pos += (rem % s) * strides[d]
            rem /= s
        }
        return pos
    }

    public func scalar(atStorageOffset off: Int) -> Scalar {
        dtype.dispatch(ReadScalar(base: storage.pointer, offset: off))
    }

    public func setScalar(_ value: Scalar, atStorageOffset off: Int) {
        dtype.dispatch(WriteScalar(base: storage.pointer, offset: off, value: value))
    }

    /// The element at a logical row-major position.
    public func scalar(atLinear i: Int) -> Scalar { scalar(atStorageOffset: storageOffset(ofLinear: i)) }
    public func setScalar(_ v: Scalar, atLinear i: Int) { setScalar(v, atStorageOffset: storageOffset(ofLinear: i)) }

    /// The element at a multi-index (no bounds checks beyond a precondition).
    public func scalar(at index: [Int]) -> Scalar {
        precondition(index.count == rank)
        var pos = offset
        for d in 0..<rank { pos += index[d] * strides[d] }
        return scalar(atStorageOffset: pos)
    }

    /// Every element in logical order.
    public var scalars: [Scalar] {
        var out = [Scalar]()
        out.reserveCapacity(count)
        forEachOffset { out.append(scalar(atStorageOffset: $0)) }
        return out
    }

    /// Every element as a Double (complex: the real part).
    public var doubles: [Double] { scalars.map(\.doubleValue) }

    /// The only element of a one-element array (PyTorch's `item()`).
    public func item() throws -> Scalar {
        guard count == 1 else {
            throw TensorError.runtime("a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return scalar(atStorageOffset: storageOffset(ofLinear: 0))
    }

    // MARK: Copies

    /// A contiguous copy with the same dtype (always a new storage).
    public func clone() throws -> NDArray { try converted(to: dtype) }

    /// `self` when already contiguous, else a contiguous copy.
    public func contiguous() throws -> NDArray { isContiguous ? self : try clone() }

    /// A contiguous copy converted to `dtype` with cast semantics.
    public func converted(to target: DType) throws -> NDArray {
        let out = try NDArray(zeros: shape, dtype: target)
        try out.copyElements(from: self)
        return out
    }

    /// Writes `source`'s elements (same shape, any dtype) into this array's elements in place.
    public func copyElements(from source: NDArray) throws {
        guard source.shape == shape else {
            throw TensorError.runtime("copy: shape \(TensorError.shapeString(source.shape)) does not match \(TensorError.shapeString(shape))")
        }
        if source.dtype == dtype && source.isContiguous && isContiguous {
            // Overlapping storage is fine with memmove semantics.
            baseAddress.copyMemory(from: source.baseAddress, byteCount: count * itemSize)
            return
        }
        // Typed strided kernel (Kernels.swift): one dtype dispatch, no Scalar per element.
        try assignElements(from: source)
    }
}

private struct ReadScalar: DTypeVisitor {
    let base: UnsafeMutableRawPointer
    let offset: Int
    func visit<T: Element>(_ type: T.Type) -> Scalar {
        base.assumingMemoryBound(to: T.self)[offset].scalar
    }
}

private struct WriteScalar: DTypeVisitor {
    let base: UnsafeMutableRawPointer
    let offset: Int
    let value: Scalar
    func visit<T: Element>(_ type: T.Type) {
        base.assumingMemoryBound(to: T.self)[offset] = T(scalar: value)
    }
}
