import Autograd
import Foundation
import TensorCore

/// Registers torch builtins under PyTorch's three spellings at once: `torch.name`, the bare
/// name (unless Python already has a builtin of that name, such as `abs` or `max`), and the
/// method `Tensor.name`, whose receiver binds to the first parameter.
struct TorchTable {
    let registry: BuiltinRegistry

    enum Reach {
        /// `torch.name`, bare `name` and `x.name()`.
        case everywhere
        /// `torch.name` and bare `name` only.
        case function
        /// `x.name()` only.
        case method
    }

    func add(_ signature: String, _ reach: Reach = .everywhere, module: String = "torch",
             aliases: [String] = [], also: [String] = [], doc: String, grad: Differentiability,
             _ body: @escaping (BoundArguments) throws -> Value) {
        let name = String(signature.prefix { $0 != "(" })
        var names: [String] = []
        for n in [name] + aliases {
            if reach != .method {
                names.append("\(module).\(n)")
                if module == "torch" && registry.builtin(named: n) == nil && !TorchTable.reservedBare.contains(n) {
                    names.append(n)
                }
            }
            if reach != .function { names.append("Tensor.\(n)") }
        }
        // `also`: fully qualified extra names (`torch.nn.functional.relu`) for the same entry.
        registry.add(names + also, signature, doc: doc, differentiable: grad, body)
    }

    /// Bare names kept for Python's own meaning even before Python's builtins claim them.
    static let reservedBare: Set<String> = ["abs", "all", "any", "max", "min", "sum", "round", "pow", "divmod", "float", "int", "bool", "type", "range", "sorted", "reversed", "tensor_split", "print", "len", "id", "hash", "format", "input", "map", "filter", "zip", "iter", "next", "set", "list", "dict", "tuple", "str", "repr", "help", "dir"]
}

extension BoundArguments {
    /// The tensor bound to `name`.
    func tensor(_ name: String = "input") throws -> Tensor {
        try TorchConvert.tensor(self[name], function: builtin.name, argument: name)
    }
    /// A tensor or a Python number bound to `name`.
    func operand(_ name: String = "other") throws -> TensorOperand {
        try TorchConvert.operand(self[name], function: builtin.name, argument: name)
    }
    func dtypeArg(_ name: String = "dtype") throws -> DType? {
        try TorchConvert.dtype(self[name], function: builtin.name)
    }
    /// dims from `dim` or its NumPy alias `axis`.
    func dims(_ name: String = "dim", alias: String? = "axis") throws -> [Int]? {
        if let alias, builtin.parameters.parameters.contains(where: { $0.name == alias }), !self[alias].isNone {
            if !self[name].isNone {
                throw PyException.typeError("\(builtin.name)(): got both '\(name)' and its alias '\(alias)'")
            }
            return try TorchConvert.dims(self[alias], interp, function: builtin.name)
        }
        return try TorchConvert.dims(self[name], interp, function: builtin.name)
    }
    /// One dim from `dim`/`axis`, or nil.
    func singleDim(_ name: String = "dim", alias: String? = "axis") throws -> Int? {
        guard let d = try dims(name, alias: alias) else { return nil }
        guard d.count == 1 else {
            throw PyException.typeError("\(builtin.name)(): argument '\(name)' must be int, not tuple")
        }
        return d[0]
    }
    /// `keepdim` or its NumPy alias `keepdims`.
    func keepdim() throws -> Bool {
        if builtin.parameters.parameters.contains(where: { $0.name == "keepdims" }), !self["keepdims"].isNone {
            return try bool("keepdims")
        }
        return try bool("keepdim")
    }
    /// `requires_grad=` applied to a freshly created tensor.
    func finish(_ array: NDArray) throws -> Value {
        let requires = builtin.parameters.parameters.contains(where: { $0.name == "requires_grad" }) ? try bool("requires_grad") : false
        try checkDevice()
        return .object(try Tensor(array, requiresGrad: requires))
    }
    /// tcalc computes on the CPU; other devices are a clear error.
    func checkDevice() throws {
        guard builtin.parameters.parameters.contains(where: { $0.name == "device" }) else { return }
        let d = self["device"]
        switch d {
        case .none: return
        case .str(let s) where s == "cpu": return
        case .object(let o as DeviceObject) where o.name == "cpu": return
        default:
            throw TensorError.runtime("tcalc computes on the CPU only; device \(try interp.repr(d)) is not available")
        }
    }
}

extension Tensor {
    /// Writes `make(previous value)` into this tensor in place (PyTorch's `op_` methods that have
    /// no in-place kernel here). While recording, the previous value is cloned first, so that
    /// what `make` saves for backward is not the storage being overwritten.
    func overwrite(with make: (Tensor) throws -> Tensor) throws {
        let recording = GradMode.isEnabled && requiresGrad
        let source = recording ? try clone() : self
        try overwrite(withResult: try make(source))
    }
}
