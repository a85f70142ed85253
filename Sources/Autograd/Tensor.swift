import TensorCore

/// What a user holds: an `NDArray` plus the autograd state PyTorch attaches to it.
/// A class, because Python names bind objects: `id(x)` and `x is y` compare these references.
///
///     >>> x = torch.arange(4.0, requires_grad=True)
///     >>> (x * x).sum().backward()
///     >>> x.grad
///     tensor([0., 2., 4., 6.])
public final class Tensor {
    /// The elements. In-place operations write into this array's storage, so views and the
    /// identity of the tensor are preserved.
    public internal(set) var data: NDArray
    /// A leaf's own flag; for a non-leaf, whether it has a `grad_fn`.
    public private(set) var requiresGrad: Bool
    /// The accumulated gradient of a leaf (or of a non-leaf after `retainGrad()`); `x.grad = None`
    /// and `x.grad.zero_()` act on it directly.
    public var grad: Tensor?
    /// The node that produced this tensor; nil for leaves.
    public private(set) var gradFn: Node?
    /// The tensor this one is a view of (shares storage with), for in-place writes through views.
    var viewBase: Tensor?
    /// The storage version when `gradFn` was set: a later in-place write through another view of
    /// the same storage makes this view's history stale, and it is regenerated from the base.
    var gradFnVersion: Int = 0
    /// Marks an `nn.Parameter` (it prints as "Parameter containing:" and modules register it).
    public var isParameter: Bool = false
    /// Set by `retainGrad()` on a non-leaf.
    public private(set) var retainsGrad = false
    /// Hooks of a leaf (those of a non-leaf live on its node).
    var hooks: [GradientHook] = []
    /// Forward mode: the tangent, valid only at dual level `fwLevel` (see `ForwardAD`).
    var fwTangent: Tensor?
    var fwLevel = 0

    /// A leaf. Fails like PyTorch when asked to require grad on a non-floating dtype.
    public init(_ data: NDArray, requiresGrad: Bool) throws {
        self.data = data
        self.requiresGrad = false
        if requiresGrad { try setRequiresGrad(true) }
    }

    /// A leaf that does not require grad.
    public init(_ data: NDArray) {
        self.data = data
        self.requiresGrad = false
        // Every operation's result passes here: `jacobian(..., count_ops=True)` counts them.
        if OpCount.isCounting { OpCount.count(data.count) }
    }

    /// A leaf with a gradient flag known to be valid (no dtype check needed).
    init(_ data: NDArray, gradFn: Node?) {
        self.data = data
        self.requiresGrad = gradFn != nil
        self.gradFn = gradFn
        self.gradFnVersion = data.storage.version
        if OpCount.isCounting { OpCount.count(data.count) }
    }

    /// Makes this tensor the output of `node` (used when recording ops and re-wrapping outputs).
    func adoptGradFn(_ node: Node?) {
        gradFn = node
        requiresGrad = node != nil
        gradFnVersion = data.storage.version
    }

    // MARK: Leaf state

    /// True for tensors created by the user, and for results of operations that did not record.
    public var isLeaf: Bool { gradFn == nil }

    /// `x.shape`.
    public var shape: [Int] { data.shape }
    /// `x.dtype`.
    public var dtype: DType { data.dtype }
    /// `x.dim()`.
    public var rank: Int { data.rank }
    /// `x.numel()`.
    public var count: Int { data.count }

    /// `x.requires_grad_(flag)` / `x.requires_grad = flag`.
    public func setRequiresGrad(_ flag: Bool) throws {
        if !isLeaf {
            if flag { return }
            throw TensorError.runtime("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        }
        if flag && !(data.dtype.isFloatingPoint || data.dtype.isComplex) {
            throw TensorError.runtime("Only Tensors of floating point and complex dtype can require gradients")
        }
        requiresGrad = flag
    }

    /// `x.requires_grad_(True)`: returns self, as Python chains it.
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) throws -> Tensor {
        try setRequiresGrad(flag)
        return self
    }

    /// `retain_grad()`: keep `.grad` for a non-leaf after backward. A no-op on leaves.
    public func retainGrad() throws {
        if isLeaf {
            if !requiresGrad {
                throw TensorError.runtime("can't retain_grad on Tensor that has requires_grad=False")
            }
            return
        }
        retainsGrad = true
        gradFn?.retainedTensor = self
    }

    /// `x.register_hook(fn)`: `fn` sees this tensor's gradient during backward and may return a
    /// replacement. The returned hook is the handle for `removeHook`.
    @discardableResult
    public func registerHook(_ body: @escaping (Tensor) throws -> Tensor?) throws -> GradientHook {
        guard requiresGrad else {
            throw TensorError.runtime("cannot register a hook on a tensor that doesn't require gradient")
        }
        let hook = GradientHook(body)
        if let node = gradFn { node.hooks.append(hook) } else { hooks.append(hook) }
        return hook
    }

    /// `handle.remove()`.
    public func removeHook(_ hook: GradientHook) {
        hooks.removeAll { $0 === hook }
        gradFn?.hooks.removeAll { $0 === hook }
    }

    /// A new leaf sharing this tensor's storage, outside the graph (`detach()`).
    public func detach() -> Tensor {
        Tensor(data)
    }

    /// Makes this tensor a leaf in place (`detach_()`).
    @discardableResult
    public func detach_() -> Tensor {
        gradFn = nil
        requiresGrad = false
        viewBase = nil
        return self
    }

    /// PyTorch's UserWarning when `.grad` of a non-leaf without `retain_grad()` is read (the value
    /// is None); nil when reading `.grad` is unremarkable.
    public var nonLeafGradWarning: String? {
        guard !isLeaf && !retainsGrad else { return nil }
        return "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations."
    }

    /// `x.data = other` (PyTorch's escape hatch): replaces the elements outside the graph,
    /// keeping this tensor's identity and autograd flags.
    public func setData(_ newData: NDArray) {
        data = newData
        gradFnVersion = newData.storage.version
    }

    /// `x.data`: the same elements as a tensor outside the graph (shares storage).
    public var detachedData: Tensor { Tensor(data) }

    /// `x.item()`.
    public func item() throws -> Scalar { try data.item() }

    /// The graph edge an operation taking this tensor as input records.
    func edge() throws -> Edge {
        if let node = try currentGradFn() { return Edge(target: .node(node), shape: data.shape, dtype: data.dtype) }
        if requiresGrad { return Edge(target: .leaf(self), shape: data.shape, dtype: data.dtype) }
        return Edge(target: .none, shape: data.shape, dtype: data.dtype)
    }

    /// `gradFn`, regenerated when this is a view whose storage was written in place through
    /// another alias after this view's history was recorded (PyTorch regenerates view grad_fns).
    func currentGradFn() throws -> Node? {
        guard let base = viewBase, data.storage.version != gradFnVersion,
              base.requiresGrad, base.gradFn != nil else { return gradFn }
        adoptGradFn(try ViewTracking.regenerate(self, from: base))
        return gradFn
    }

    // MARK: Printing

    /// The REPL repr: PyTorch's `tensor(...)` with `grad_fn=<Name>` or `requires_grad=True`.
    public func repr() -> String {
        var suffixes: [String] = []
        if let fn = gradFn {
            suffixes.append("grad_fn=<\(fn.name)>")
        } else if requiresGrad {
            suffixes.append("requires_grad=True")
        }
        if let t = tangent { suffixes.append("tangent=" + t.repr()) }
        return data.formatted(suffixes: suffixes)
    }
}
