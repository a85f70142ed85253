import Autograd
import BigInt
import Foundation
import TensorCore
import TorchFiles

/// `torch.save` and `torch.load` in PyTorch's own file format (TorchFiles does the format;
/// this file converts between its `PickleValue` tree and Python values), and `collections`'
/// `OrderedDict`, the type `state_dict()` returns and checkpoints hold.
enum TorchSerialization {
    /// `_pickle.UnpicklingError`: what PyTorch raises for a file its weights-only unpickler refuses.
    static let unpicklingError: PyType = {
        let t = PyType("UnpicklingError", qualifiedName: "_pickle.UnpicklingError", base: ExceptionTypes.exception)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()

    static func register(_ r: BuiltinRegistry) {
        r.add(["torch.save"], "save(obj, f)",
              doc: "Writes obj (tensors, numbers, strings, None, lists, tuples, dicts, state_dicts) to the file f in PyTorch's format; torch.load in PyTorch reads it.") { a in
            let path = try fileName(a["f"], function: "save")
            var conversion = SaveConversion(a.interp)
            let tree = try conversion.convert(a["obj"])
            try run { try TorchArchive.save(tree, to: path) }
            return .none
        }
        r.add(["torch.load"], "load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None)",
              doc: "Reads an object saved by torch.save (tcalc's or PyTorch's); only tensors, numbers, strings and containers are read, never code.") { a in
            let path = try fileName(a["f"], function: "load")
            let options = TorchArchive.LoadOptions(mapLocation: try mapLocation(a["map_location"], a.interp))
            if !a["pickle_module"].isNone {
                throw PyException.typeError("load(): tcalc reads checkpoints with its own unpickler; pickle_module is not supported")
            }
            for flag in ["weights_only", "mmap"] {
                switch a[flag] {
                case .none, .bool: break
                default: throw PyException.typeError("load(): argument '\(flag)' must be bool, not \(a[flag].typeName)")
                }
            }
            let tree = try run { try TorchArchive.load(path: path, options: options) }
            var conversion = LoadConversion(a.interp)
            return try conversion.convert(tree)
        }
        r.declareModule("collections", doc: "Container types: OrderedDict.")
        r.add(["collections.OrderedDict"], "OrderedDict(mapping=None, /, **kwargs)",
              doc: "A dict that remembers insertion order and prints as OrderedDict([...]) (what state_dict() returns).") { a in
            var args = Arguments(a["mapping"].isNone ? [] : [a["mapping"]])
            args.keywords = a.varKeywords.map { (name: $0.0, value: $0.1) }
            guard case .dict(let d) = try a.interp.invokeConstructor("dict", args) else {
                throw PyException.typeError("OrderedDict() could not build a dict")
            }
            d.isOrderedDict = true
            return .dict(d)
        }
    }

    static func fileName(_ v: Value, function: String) throws -> String {
        guard case .str(let path) = v else {
            throw PyException.typeError("\(function)(): tcalc's torch.\(function) takes a file name (str), not \(v.typeName)")
        }
        return path
    }

    /// `map_location`: None, 'cpu', torch.device('cpu'), a dict of locations, or a function
    /// (PyTorch's `lambda storage, loc: storage` idiom). tcalc has only the CPU, so every form
    /// that names a device must name it.
    static func mapLocation(_ v: Value, _ interp: Interpreter) throws -> String? {
        func device(_ name: String) throws -> String {
            guard name == "cpu" || name.hasPrefix("cpu:") else {
                throw PyException.runtimeError("tcalc has only the CPU: load with map_location='cpu', not \(TorchFileErrorText.quoted(name))")
            }
            return "cpu"
        }
        switch v {
        case .none: return nil
        case .str(let s): return try device(s)
        case .object(let d as DeviceObject): return try device(d.name)
        case .dict(let d):
            for value in d.values { _ = try mapLocation(value, interp) }
            return "cpu"
        case .function: return "cpu"
        case .object(let o) where o is BuiltinFunction || o is NativeClosure: return "cpu"
        default:
            throw PyException.typeError("load(): map_location must be a str, torch.device, dict or function, not \(v.typeName)")
        }
    }

    /// Runs checkpoint code, turning its errors into the Python exceptions PyTorch raises.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as TorchFileError {
            switch e.kind {
            case .unpickling: throw PyException(unpicklingError, "Weights only load failed. " + e.message)
            case .runtime: throw PyException.runtimeError(e.message)
            case .value: throw PyException.valueError(e.message)
            case .type: throw PyException.typeError(e.message)
            case .fileNotFound: throw PyException(PandasErrors.fileNotFound, e.message)
            case .isADirectory: throw PyException(PandasErrors.isADirectory, e.message)
            case .permission: throw PyException(PandasErrors.permission, e.message)
            case .os: throw PyException(PandasErrors.osError, e.message)
            case .eof: throw PyException(PandasErrors.eof, e.message)
            }
        }
    }
}

/// Python's string repr for messages (TorchFiles has its own; Lang's lives on the interpreter).
enum TorchFileErrorText {
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'" }
}

/// Python values to the checkpoint tree. Lists, dicts and tensors met twice become one node,
/// so that they load as one object (and a list that contains itself can be saved).
private struct SaveConversion {
    let interp: Interpreter
    var lists: [ObjectIdentifier: PickleList] = [:]
    var dicts: [ObjectIdentifier: PickleDict] = [:]
    var tensors: [ObjectIdentifier: SavedTensor] = [:]
    var depth = 0

    init(_ interp: Interpreter) { self.interp = interp }

    mutating func convert(_ v: Value) throws -> PickleValue {
        depth += 1
        defer { depth -= 1 }
        guard depth < 5000 else { throw PyException(ExceptionTypes.recursionError, "maximum recursion depth exceeded while pickling an object") }
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .bigInt(let b): return .bigInt(BigIntBytes.twosComplement(b.value))
        case .float(let d): return .float(d)
        case .str(let s): return .string(s)
        case .tuple(let items): return .tuple(try items.map { try convert($0) })
        case .list(let l):
            if let done = lists[ObjectIdentifier(l)] { return .list(done) }
            let node = PickleList()
            lists[ObjectIdentifier(l)] = node
            node.items = try l.items.map { try convert($0) }
            return .list(node)
        case .dict(let d):
            if let done = dicts[ObjectIdentifier(d)] { return .dict(done) }
            let node = PickleDict(ordered: d.isOrderedDict)
            dicts[ObjectIdentifier(d)] = node
            node.entries = try d.entries.map { (try convert($0.0), try convert($0.1)) }
            return .dict(node)
        case .object(let t as Tensor):
            if let done = tensors[ObjectIdentifier(t)] { return .tensor(done) }
            let node = SavedTensor(t.data, requiresGrad: t.requiresGrad, isParameter: t.isParameter)
            tensors[ObjectIdentifier(t)] = node
            return .tensor(node)
        case .object(let s as SizeObject): return .size(s.dims)
        case .object(let d as DeviceObject): return .device(d.name)
        case .object(let d as DTypeObject): return .dtype(d.dtype.name)
        case .object(let s as PySet): return .set(try s.items.map { try convert($0) })
        case .object(let c as ComplexValue): return .complex(c.real, c.imaginary)
        case .object(let m as NNModule):
            throw PyException.typeError("cannot pickle '\(m.typeName)' object: tcalc saves a module's weights, as PyTorch recommends: torch.save(net.state_dict(), path)")
        default:
            throw PyException.typeError("cannot pickle '\(v.typeName)' object: torch.save in tcalc writes tensors, numbers, strings, None, and lists, tuples, dicts and sets of them")
        }
    }
}

/// The checkpoint tree to Python values, keeping shared nodes shared.
private struct LoadConversion {
    let interp: Interpreter
    var lists: [ObjectIdentifier: PyList] = [:]
    var dicts: [ObjectIdentifier: PyDict] = [:]
    var tensors: [ObjectIdentifier: Tensor] = [:]

    init(_ interp: Interpreter) { self.interp = interp }

    mutating func convert(_ v: PickleValue) throws -> Value {
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .bigInt(let bytes): return .integer(BigIntBytes.value(bytes))
        case .float(let d): return .float(d)
        case .string(let s): return .str(s)
        case .bytes:
            throw PyException.typeError("the file holds a bytes object, which tcalc does not have")
        case .complex(let re, let im): return .object(ComplexValue(re, im))
        case .tuple(let items): return .tuple(try items.map { try convert($0) })
        case .list(let node):
            if let done = lists[ObjectIdentifier(node)] { return .list(done) }
            let l = PyList()
            lists[ObjectIdentifier(node)] = l
            l.items = try node.items.map { try convert($0) }
            return .list(l)
        case .dict(let node):
            if let done = dicts[ObjectIdentifier(node)] { return .dict(done) }
            let d = PyDict()
            d.isOrderedDict = node.ordered
            dicts[ObjectIdentifier(node)] = d
            for (k, value) in node.entries { try d.set(try convert(k), try convert(value)) }
            return .dict(d)
        case .set(let items): return .object(try PySet(try items.map { try convert($0) }))
        case .tensor(let node):
            if let done = tensors[ObjectIdentifier(node)] { return .object(done) }
            let t = try Tensor(node.array, requiresGrad: node.requiresGrad)
            if node.isParameter { t.isParameter = true }
            tensors[ObjectIdentifier(node)] = t
            return .object(t)
        case .size(let dims): return .object(SizeObject(dims))
        case .device(let name): return .object(DeviceObject(String(name.prefix { $0 != ":" })))
        case .dtype(let name):
            guard let d = DType(name: name) else { throw PyException.typeError("the file holds dtype torch.\(name), which tcalc does not have") }
            return DTypeObject.of(d)
        case .global(let name):
            throw PyException(TorchSerialization.unpicklingError, "the file holds a reference to \(name) rather than data")
        case .storage:
            throw PyException.typeError("the file holds a bare storage; tcalc loads tensors, not storages")
        }
    }
}

/// Python ints beyond 64 bits as pickle's LONG1 bytes (little-endian two's complement).
enum BigIntBytes {
    static func twosComplement(_ x: BigInt) -> [UInt8] {
        let n = (x.magnitude.bitWidth + 8) / 8  // room for the sign bit
        let encoded: BigUInt = x.sign == .minus ? (BigUInt(1) << (8 * n)) - x.magnitude : x.magnitude
        var bytes = Array(encoded.serialize().reversed())
        while bytes.count < n { bytes.append(0) }
        // Drop redundant sign bytes, as Python's encoder writes the shortest form.
        while bytes.count > 1 {
            let last = bytes[bytes.count - 1], next = bytes[bytes.count - 2]
            if (last == 0 && next & 0x80 == 0) || (last == 0xFF && next & 0x80 != 0) { bytes.removeLast() } else { break }
        }
        return bytes
    }

    static func value(_ bytes: [UInt8]) -> BigInt {
        let magnitude = BigUInt(Data(bytes.reversed()))
        guard let last = bytes.last, last & 0x80 != 0 else { return BigInt(magnitude) }
        return BigInt(magnitude) - (BigInt(1) << (8 * bytes.count))
    }
}
