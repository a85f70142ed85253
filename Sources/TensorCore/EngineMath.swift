import CKernels

/// Element functions the engine computes with its own kernels instead of the C library, so
/// that other layers computing single elements (autograd's 0-d fast path) get the same bits.
public enum EngineMath {
    /// e^x for float32, within 1 ulp of the correctly rounded value (checked on all 2^32
    /// inputs), vectorised for arrays (Sources/CKernels).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { tcalc_expf(x) }
}

extension UnaryRun where S == Float, D == Float {
    /// `exp` over one run: contiguous runs go to the vectorised array kernel, which gives the
    /// same bits as the scalar function used for strided ones.
    func runExp() {
        if sd == 1 && ss == 1 {
            tcalc_expf_array(d, s, n)
        } else {
            for i in 0..<n { d[i * sd] = tcalc_expf(s[i * ss]) }
        }
    }
}
