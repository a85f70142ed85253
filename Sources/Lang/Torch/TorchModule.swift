import Autograd
import Foundation
import TensorCore

/// The `torch` module: installs every torch builtin family, the dtype constants, `torch.Size`,
/// `torch.device`, printing options and the tensor's information methods.
public enum TorchModule {
    public static func register(_ r: BuiltinRegistry) {
        let torch = r.declareModule("torch", preload: true, doc: "Tensors, their operations and autograd, with PyTorch's names.")
        r.declareModule("torch.linalg", doc: "Linear algebra: norms, decompositions, solvers.")
        r.declareModule("torch.autograd", doc: "Reverse-mode automatic differentiation.")
        r.declareModule("torch.autograd.functional", doc: "jacobian, hessian, vjp, jvp of Python functions.")
        r.declareModule("torch.func", doc: "Function transforms: grad, grad_and_value, jvp, jacfwd, jacrev, hessian, vmap.")
        _ = torch
        let t = TorchTable(registry: r)
        registerConstants(r)
        TorchCreation.register(t)
        TorchElementwise.register(t)
        TorchShape.register(t)
        TorchReduce.register(t)
        TorchLinalg.register(t)
        TorchAutograd.register(t)
        TorchForwardAD.register(t)
        TorchFunc.register(t)
        TorchGraph.register(t)
        TorchStatistics.register(t)
        TorchFactory.register(t)
        TorchComposite.register(t)
        TorchExtraOps.register(t)
        registerInformation(t)
        registerSettings(t)
        TorchDistributions.register(r)
        TorchInfo.register(r, t)
        TorchNN.register(r, t)
        TcalcExtras.register(r)
    }

    static func registerConstants(_ r: BuiltinRegistry) {
        let names: [(String, DType)] = [
            ("float32", .float32), ("float", .float32), ("float64", .float64), ("double", .float64),
            ("int64", .int64), ("long", .int64), ("int32", .int32), ("int", .int32), ("int16", .int16),
            ("short", .int16), ("int8", .int8), ("uint8", .uint8), ("bool", .bool),
            ("complex64", .complex64), ("cfloat", .complex64), ("complex128", .complex128), ("cdouble", .complex128),
        ]
        for (n, d) in names { r.setConstant("torch.\(n)", DTypeObject.of(d)) }
        r.setConstant("torch.pi", .float(Double.pi))
        r.setConstant("torch.e", .float(M_E))
        r.setConstant("torch.inf", .float(.infinity))
        r.setConstant("torch.nan", .float(.nan))
        TorchFactory.registerTypes(r)
        let sizeType = PyType("torch.Size", qualifiedName: "torch.Size")
        sizeType.construct = { args, interp in
            let items = args.positional.isEmpty ? [] : try interp.iterate(args.positional[0])
            return .object(SizeObject(try items.map { try interp.asIndex($0) ?? 0 }))
        }
        r.registerType(sizeType, as: "torch.Size")
        let deviceType = PyType("torch.device", qualifiedName: "torch.device")
        deviceType.construct = { args, interp in
            guard case .str(let name)? = args.positional.first else {
                throw PyException.typeError("device() expects a string such as 'cpu'")
            }
            let kind = String(name.prefix { $0 != ":" })
            guard ["cpu", "cuda", "mps", "meta"].contains(kind) else {
                throw TensorError.runtime("Expected one of cpu, cuda, mps, meta device type at start of device string: \(name)")
            }
            return .object(DeviceObject(kind))
        }
        r.registerType(deviceType, as: "torch.device")
        r.registerType(PyType("torch.dtype", qualifiedName: "torch.dtype"), as: "torch.dtype")
    }

    /// A dim of `x` normalised, with PyTorch's IndexError for a 0-d tensor (which has none).
    static func dimIndex(_ x: Tensor, _ d: Int) throws -> Int {
        guard x.rank > 0 else { throw PyException.indexError("Dimension specified as \(d) but tensor has no dimensions") }
        return try x.data.normalizedDim(d)
    }

    static func registerInformation(_ t: TorchTable) {
        t.add("size(input, dim=None)", .method, doc: "The shape as torch.Size, or one dim's size.", grad: .notApplicable) { a in
            let x = try a.tensor()
            guard let d = try a.optionalInt("dim") else { return .object(SizeObject(x.shape)) }
            return .int(x.shape[try TorchModule.dimIndex(x, d)])
        }
        t.add("dim(input)", .method, aliases: ["ndimension"], doc: "Number of dims.", grad: .notApplicable) { a in .int(try a.tensor().rank) }
        t.add("numel(input)", aliases: ["nelement"], doc: "Number of elements.", grad: .notApplicable) { a in .int(try a.tensor().count) }
        t.add("item(input)", .method, doc: "The only element as a Python number.", grad: .notApplicable) { a in
            TorchConvert.value(try a.tensor().onlyElement())
        }
        t.add("tolist(input)", .method, doc: "The elements as (nested) Python lists.", grad: .notApplicable) { a in
            let x = try a.tensor().data
            let flat = x.scalars.map(TorchConvert.value)
            if x.rank == 0 { return flat[0] }
            var index = 0
            func build(_ d: Int) -> Value {
                if d == x.rank - 1 {
                    let items = Array(flat[index..<index + x.shape[d]])
                    index += x.shape[d]
                    return .list(PyList(items))
                }
                return .list(PyList((0..<x.shape[d]).map { _ in build(d + 1) }))
            }
            return build(0)
        }
        t.add("stride(input, dim=None)", .method, doc: "Element steps between neighbours along each dim.", grad: .notApplicable) { a in
            let x = try a.tensor()
            if let d = try a.optionalInt("dim") { return .int(x.data.strides[try TorchModule.dimIndex(x, d)]) }
            return .tuple(x.data.strides.map { .int($0) })
        }
        t.add("storage_offset(input)", .method, doc: "Offset of the first element in the storage (in elements).", grad: .notApplicable) { a in
            .int(try a.tensor().data.offset)
        }
        t.add("data_ptr(input)", .method, doc: "Address of the first element (views of one storage share it).", grad: .notApplicable) { a in
            .int(Int(bitPattern: UInt(bitPattern: try a.tensor().data.baseAddress)))
        }
        t.add("untyped_storage(input)", .method, doc: "The storage's address and size, as (data_ptr, nbytes).", grad: .notApplicable) { a in
            let s = try a.tensor().data.storage
            return .tuple([.int(Int(bitPattern: UInt(bitPattern: s.pointer))), .int(s.byteCount)])
        }
        t.add("element_size(input)", .method, doc: "Bytes per element.", grad: .notApplicable) { a in .int(try a.tensor().dtype.itemSize) }
        t.add("is_contiguous(input)", .method, doc: "Whether the elements are laid out row-major without gaps.", grad: .notApplicable) { a in
            .bool(try a.tensor().data.isContiguous)
        }
        t.add("is_floating_point(input)", doc: "Whether the dtype is floating.", grad: .notApplicable) { a in .bool(try a.tensor().dtype.isFloatingPoint) }
        t.add("is_complex(input)", doc: "Whether the dtype is complex.", grad: .notApplicable) { a in .bool(try a.tensor().dtype.isComplex) }
        t.add("is_tensor(obj)", .function, doc: "Whether obj is a tensor.", grad: .notApplicable) { a in
            if case .object(let o) = a["obj"], o is Tensor { return .bool(true) }
            return .bool(false)
        }
        t.add("to(input, *args, dtype=None, device=None, copy=False)", .method, doc: "A tensor of another dtype (device 'cpu' only); self when nothing changes.", grad: .differentiable) { a in
            let x = try a.tensor()
            var target: DType? = try a.dtypeArg()
            for v in a.varArgs {
                switch v {
                case .object(let d as DTypeObject): target = d.dtype
                case .object(let o as Tensor): target = o.dtype
                case .str(let s) where s == "cpu": break
                case .object(let d as DeviceObject) where d.name == "cpu": break
                default: throw TensorError.runtime("to(): tcalc computes on the CPU only, with a dtype or 'cpu' as argument, not \(try a.interp.repr(v))")
                }
            }
            try a.checkDevice()
            let copy: Bool = try a.bool("copy")
            guard let d = target, d != x.dtype || copy else { return .object(x) }
            return .object(try x.converted(to: d))
        }
        for (name, dtype) in [("float", DType.float32), ("double", .float64), ("long", .int64), ("int", .int32),
                              ("short", .int16), ("byte", .uint8), ("char", .int8), ("bool", .bool)] {
            // An integer or bool result is outside the graph (Tensor.converted records floating targets only).
            t.add("\(name)(input)", .method, doc: "self as \(dtype).", grad: dtype.isFloatingPoint ? .differentiable : .notDifferentiable) { a in
                let x = try a.tensor()
                return .object(x.dtype == dtype ? x : try x.converted(to: dtype))
            }
        }
        t.add("type(input, dtype=None)", .method, doc: "With no argument, the type name ('torch.FloatTensor'); else a tensor of that dtype.", grad: .differentiable) { a in
            let x = try a.tensor()
            if case .str(let name) = a["dtype"] {
                guard let d = TorchFactory.dtype(legacyName: name) else { throw TensorError.runtime("invalid type: '\(name)'") }
                return .object(x.dtype == d ? x : try x.converted(to: d))
            }
            guard let d = try a.dtypeArg() else { return .str("torch.\(legacyName(x.dtype))") }
            return .object(x.dtype == d ? x : try x.converted(to: d))
        }
        t.add("cpu(input)", .method, doc: "self (tcalc computes on the CPU).", grad: .notApplicable) { a in .object(try a.tensor()) }
        t.add("cuda(input)", .method, doc: "Not available: tcalc computes on the CPU.", grad: .notApplicable) { _ in
            throw TensorError.runtime("tcalc computes on the CPU only; there is no CUDA device")
        }
        t.add("numpy(input)", .method, doc: "The tensor as a NumPy ndarray sharing its memory (writes through either show in the other).", grad: .notApplicable) { a in
            let x = try a.tensor()
            if x.requiresGrad {
                throw TensorError.runtime("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
            }
            return .object(NumPyArray(x.data))
        }
        t.add("from_numpy(ndarray)", .function, doc: "A tensor sharing the ndarray's memory and dtype.", grad: .notApplicable) { a in
            guard case .object(let x as NumPyArray) = a["ndarray"] else {
                throw PyException.typeError("expected np.ndarray (got \(a["ndarray"].typeName))")
            }
            return .object(Tensor(x.array))
        }
        t.add("result_type(tensor1, tensor2)", .function, doc: "The dtype an operation on both would produce.", grad: .notApplicable) { a in
            func operand(_ v: Value) throws -> Operand {
                if case .object(let x as Tensor) = v { return .array(x.data) }
                if let s = try TorchConvert.scalar(v) { return .scalar(s) }
                throw PyException.typeError("result_type(): expected Tensor or Number, got \(v.typeName)")
            }
            return DTypeObject.of(NDArray.resultType([try operand(a["tensor1"]), try operand(a["tensor2"])]))
        }
        t.add("promote_types(type1, type2)", .function, doc: "The smallest dtype both promote to.", grad: .notApplicable) { a in
            guard let d1 = try TorchConvert.dtype(a["type1"], function: "promote_types"),
                  let d2 = try TorchConvert.dtype(a["type2"], function: "promote_types") else {
                throw PyException.typeError("promote_types(): expected two dtypes")
            }
            let x = try NDArray(zeros: [1], dtype: d1), y = try NDArray(zeros: [1], dtype: d2)
            return DTypeObject.of(NDArray.resultType([.array(x), .array(y)]))
        }
    }

    static func legacyName(_ d: DType) -> String {
        switch d {
        case .float32: return "FloatTensor"
        case .float64: return "DoubleTensor"
        case .int64: return "LongTensor"
        case .int32: return "IntTensor"
        case .int16: return "ShortTensor"
        case .int8: return "CharTensor"
        case .uint8: return "ByteTensor"
        case .bool: return "BoolTensor"
        case .complex64: return "ComplexFloatTensor"
        case .complex128: return "ComplexDoubleTensor"
        }
    }

    static func registerSettings(_ t: TorchTable) {
        t.add("set_default_dtype(d)", .function, doc: "The dtype of Python floats turned into tensors (float32 or float64).", grad: .notApplicable) { a in
            guard let d = try TorchConvert.dtype(a["d"], function: "set_default_dtype"), d.isFloatingPoint else {
                throw PyException.typeError("only floating-point types are supported as the default type")
            }
            DTypeDefaults.floating = d
            return .none
        }
        t.add("get_default_dtype()", .function, doc: "The current default floating dtype.", grad: .notApplicable) { _ in
            DTypeObject.of(DTypeDefaults.floating)
        }
        t.add("set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None)", .function,
              doc: "Printing options as PyTorch's (profile 'default', 'short' or 'full').", grad: .notApplicable) { a in
            var o = PrintOptions.current
            if let p = try a.optionalString("profile") { try o.apply(profile: p) }
            if let v = try a.optionalInt("precision") {
                // PyTorch fails at the next print ('{:.{}f}'); failing here keeps printing working.
                guard v >= 0 else { throw PyException.valueError("Format specifier missing precision") }
                guard v <= Int(Int32.max) else { throw PyException.valueError("precision too big") }
                o.precision = v
            }
            if !a["threshold"].isNone {
                let th = try a.double("threshold")
                guard !th.isNaN else { throw PyException.valueError("set_printoptions(): threshold must be a number, not nan") }
                // Python's inf (or anything past Int's range) means "never summarize".
                o.threshold = th >= Double(Int.max) ? Int.max : max(0, Int(th))
            }
            // Sizes beyond ±2**40 print as those do; clamping here keeps the layout's arithmetic
            // (2 * edgeitems, linewidth - indent) from overflowing.
            let bound = 1 << 40
            if let v = try a.optionalInt("edgeitems") { o.edgeitems = min(max(v, -bound), bound) }
            if let v = try a.optionalInt("linewidth") { o.linewidth = min(max(v, -bound), bound) }
            // PyTorch sets sci_mode on every call: leaving it out returns to automatic.
            o.sciMode = a["sci_mode"].isNone ? nil : try a.bool("sci_mode")
            PrintOptions.current = o
            return .none
        }
        t.add("set_memory_limit(bytes)", .function, doc: "tcalc: the largest single allocation allowed (default half of physical memory).", grad: .notApplicable) { a in
            let n = try a.int("bytes")
            guard n > 0 else { throw PyException.valueError("set_memory_limit(): the limit must be positive") }
            Storage.allocationLimit = n
            return .none
        }
    }
}
