/// Complex tensors: enough to hold, print, take apart and rebuild the results of `eig`/`eigvals`.
/// complex64 elements are `Complex<Float>` and complex128 elements `Complex128`; both are two
/// reals side by side, which is what lets `real`/`imag` be views.
extension NDArray {
    /// `x.real`: for a complex array, a view of the real parts (writing through it changes the
    /// complex array, as in PyTorch); for a real array, the array itself.
    public func realPart() throws -> NDArray {
        guard dtype.isComplex else { return self }
        return componentView(offsetWithinElement: 0)
    }

    /// `x.imag`: a view of the imaginary parts of a complex array.
    public func imagPart() throws -> NDArray {
        guard dtype.isComplex else {
            throw TensorError.type("imag is not implemented for tensors with non-complex dtypes.")
        }
        return componentView(offsetWithinElement: 1)
    }

    /// A complex array measured in units of its real type: every stride and the offset double.
    private func componentView(offsetWithinElement part: Int) -> NDArray {
        NDArray(storage: storage, dtype: dtype.realCounterpart, shape: shape,
                strides: strides.map { $0 * 2 }, offset: offset * 2 + part)
    }

    /// `torch.view_as_real(x)`: a complex array as reals with a last dim of 2 (real, imaginary),
    /// sharing its storage.
    public func viewAsReal() throws -> NDArray {
        guard dtype.isComplex else { throw TensorError.type("view_as_real is only supported for complex tensors") }
        return NDArray(storage: storage, dtype: dtype.realCounterpart, shape: shape + [2],
                       strides: strides.map { $0 * 2 } + [1], offset: offset * 2)
    }

    /// `torch.view_as_complex(x)`: pairs along a last dim of 2 read as complex numbers, sharing
    /// storage; PyTorch's conditions on the layout, since no copy is made.
    public func viewAsComplex() throws -> NDArray {
        guard dtype.isFloatingPoint else {
            throw TensorError(.notImplemented, "view_as_complex is only supported for half, float and double tensors, but got a tensor of scalar type: \(dtype.kernelName)")
        }
        guard shape.last == 2 else { throw TensorError.runtime("Tensor must have a last dimension of size 2") }
        guard strides.last == 1 else { throw TensorError.runtime("Tensor must have a last dimension with stride 1") }
        guard strides.dropLast().allSatisfy({ $0 % 2 == 0 }) else {
            throw TensorError.runtime("Tensor must have a stride divisible by 2 for all but last dimension")
        }
        guard offset % 2 == 0 else { throw TensorError.runtime("Tensor must have a storage_offset divisible by 2") }
        return NDArray(storage: storage, dtype: dtype.complexCounterpart, shape: Array(shape.dropLast()),
                       strides: strides.dropLast().map { $0 / 2 }, offset: offset / 2)
    }

    /// `torch.complex(real, imag)`: a complex array from equally shaped float32 or float64 parts
    /// of one dtype (complex64 from float32, complex128 from float64).
    public static func complex(real: NDArray, imag: NDArray) throws -> NDArray {
        guard real.dtype == imag.dtype else {
            throw TensorError.runtime("Expected object of scalar type \(real.dtype.kernelName) but got scalar type \(imag.dtype.kernelName) for second argument")
        }
        guard real.dtype.isFloatingPoint else {
            throw TensorError.runtime("Expected both inputs to be Half, Float or Double tensors but got \(real.dtype.kernelName) and \(imag.dtype.kernelName)")
        }
        guard real.shape == imag.shape else {
            throw TensorError.runtime("complex: real part \(TensorError.shapeString(real.shape)) and imaginary part \(TensorError.shapeString(imag.shape)) must have the same shape")
        }
        let out = try NDArray(zeros: real.shape, dtype: real.dtype.complexCounterpart)
        try out.componentView(offsetWithinElement: 0).copyElements(from: real)
        try out.componentView(offsetWithinElement: 1).copyElements(from: imag)
        return out
    }

    /// `x.conj()` materialized: the complex conjugate (real arrays are returned unchanged).
    public func conjugated() throws -> NDArray {
        guard dtype.isComplex else { return self }
        let out = try clone()
        let imag = out.componentView(offsetWithinElement: 1)
        let negated = try imag.clone()
        negated.forEachOffset { off in
            negated.setScalar(.float(-negated.scalar(atStorageOffset: off).doubleValue), atStorageOffset: off)
        }
        try imag.copyElements(from: negated)
        return out
    }
}
