import TensorCore

/// What a user holds: an `NDArray` plus the autograd state PyTorch attaches to it.
/// A class, because Python names bind objects: `id(x)` and `x is y` compare these references.
public final class Tensor {
    public var data: NDArray
    public var requiresGrad: Bool
    public var grad: Tensor?

    public init(_ data: NDArray, requiresGrad: Bool = false) {
        self.data = data
        self.requiresGrad = requiresGrad
    }
}
