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
