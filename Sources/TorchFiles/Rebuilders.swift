import Foundation
import TensorCore

/// The functions and classes a checkpoint may call through REDUCE, each interpreted here rather
/// than looked up: tensor and parameter rebuilders, `OrderedDict`, `torch.Size`,
/// `torch.device`, `set`, `complex` and `_codecs.encode` (how protocol 2 spells bytes).
enum Rebuilders {
    static let allowed: Set<String> = [
        "collections.OrderedDict", "collections.Counter",
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._tensor._rebuild_from_type_v2", "torch.Tensor", "torch.nn.parameter.Parameter",
        "torch.Size", "torch.device", "_codecs.encode", "builtins.set", "builtins.complex", "builtins.bytearray",
    ]

    private static func fail(_ m: String) -> TorchFileError { .unpickling(m) }

    static func call(_ callee: PickleValue, _ args: [PickleValue], storage: PickleReader.StorageLoader) throws -> PickleValue {
        guard case .global(let name) = callee else {
            throw fail("Trying to call reduce for unrecognized function \(describe(callee))")
        }
        switch name {
        case "collections.OrderedDict", "collections.Counter":
            let d = PickleDict(ordered: name == "collections.OrderedDict")
            if let first = args.first {
                switch first {
                case .list(let l): try pairs(l.items, into: d)
                case .tuple(let items): try pairs(items, into: d)
                case .dict(let other): d.entries = other.entries
                default: throw fail("\(name) expects pairs")
                }
            }
            return .dict(d)
        case "torch._utils._rebuild_tensor":
            guard args.count == 4 else { throw arity(name, args.count) }
            return .tensor(try tensor(args[0], args[1], args[2], args[3], dtype: nil, requiresGrad: false, storage: storage))
        case "torch._utils._rebuild_tensor_v2":
            guard args.count == 6 || args.count == 7 else { throw arity(name, args.count) }
            return .tensor(try tensor(args[0], args[1], args[2], args[3], dtype: nil, requiresGrad: try flag(args[4]), storage: storage))
        case "torch._utils._rebuild_tensor_v3":
            guard args.count == 7 || args.count == 8 else { throw arity(name, args.count) }
            guard case .dtype(let dtypeName) = args[6] else { throw fail("_rebuild_tensor_v3 expects a dtype") }
            guard let element = RecordElement(rawValue: dtypeName), element != .untyped else {
                throw TorchFileError.runtime("tcalc has no dtype torch.\(dtypeName)")
            }
            return .tensor(try tensor(args[0], args[1], args[2], args[3], dtype: element, requiresGrad: try flag(args[4]), storage: storage))
        case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
            guard args.count == (name.hasSuffix("state") ? 4 : 3) else { throw arity(name, args.count) }
            guard case .tensor(let data) = args[0] else { throw fail("\(name) expects a tensor") }
            return .tensor(SavedTensor(data.array, requiresGrad: try flag(args[1]), isParameter: true))
        case "torch._tensor._rebuild_from_type_v2":
            // (function, type, args, state): a Tensor or Parameter (subclasses are classes tcalc
            // cannot create).
            guard args.count == 4, case .tuple(let inner) = args[2] else { throw arity(name, args.count) }
            guard case .global(let type) = args[1], type == "torch.Tensor" || type == "torch.nn.parameter.Parameter" else {
                throw fail("Trying to rebuild a tensor of type \(describe(args[1])); tcalc rebuilds torch.Tensor and nn.Parameter only")
            }
            let result = try call(args[0], inner, storage: storage)
            if type == "torch.nn.parameter.Parameter", case .tensor(let t) = result {
                return .tensor(SavedTensor(t.array, requiresGrad: t.requiresGrad, isParameter: true))
            }
            return result
        case "torch.Size":
            guard args.count <= 1 else { throw arity(name, args.count) }
            guard let first = args.first else { return .size([]) }
            let items: [PickleValue]
            switch first {
            case .tuple(let t): items = t
            case .list(let l): items = l.items
            default: throw fail("torch.Size expects a tuple of ints")
            }
            return .size(try items.map { v -> Int in
                guard case .int(let i) = v else { throw fail("torch.Size expects a tuple of ints") }
                return i
            })
        case "torch.device":
            guard case .string(let kind)? = args.first else { throw fail("torch.device expects a string") }
            if args.count == 2, case .int(let index) = args[1] { return .device("\(kind):\(index)") }
            return .device(kind)
        case "_codecs.encode":
            guard case .string(let text)? = args.first else { throw fail("_codecs.encode expects a string") }
            let encoding: String
            if args.count > 1, case .string(let e) = args[1] { encoding = e.lowercased() } else { encoding = "utf-8" }
            if encoding == "latin1" || encoding == "latin-1" || encoding == "iso-8859-1" {
                return .bytes(try text.unicodeScalars.map { s -> UInt8 in
                    guard s.value < 256 else { throw fail("'latin-1' codec can't encode character") }
                    return UInt8(s.value)
                })
            }
            guard encoding == "utf-8" || encoding == "utf8" || encoding == "ascii" else {
                throw fail("_codecs.encode with encoding \(encoding) is not supported")
            }
            return .bytes(Array(text.utf8))
        case "builtins.bytearray":
            if case .bytes(let b)? = args.first { return .bytes(b) }
            if args.isEmpty { return .bytes([]) }
            throw fail("bytearray expects bytes")
        case "builtins.set":
            guard let first = args.first else { return .set([]) }
            switch first {
            case .list(let l): return .set(l.items)
            case .tuple(let t): return .set(t)
            default: throw fail("set expects a list")
            }
        case "builtins.complex":
            func number(_ v: PickleValue) throws -> Double {
                switch v {
                case .float(let d): return d
                case .int(let i): return Double(i)
                case .bool(let b): return b ? 1 : 0
                default: throw fail("complex expects numbers")
                }
            }
            return .complex(args.count > 0 ? try number(args[0]) : 0, args.count > 1 ? try number(args[1]) : 0)
        default:
            throw fail("Trying to call reduce for unrecognized function \(name)")
        }
    }

    private static func arity(_ name: String, _ n: Int) -> TorchFileError {
        fail("\(name) called with \(n) arguments")
    }

    private static func describe(_ v: PickleValue) -> String {
        if case .global(let n) = v { return n }
        return "a value that is not a function"
    }

    private static func flag(_ v: PickleValue) throws -> Bool {
        guard case .bool(let b) = v else { throw fail("requires_grad must be a bool") }
        return b
    }

    private static func pairs(_ items: [PickleValue], into d: PickleDict) throws {
        for item in items {
            let pair: [PickleValue]
            switch item {
            case .tuple(let t): pair = t
            case .list(let l): pair = l.items
            default: throw fail("OrderedDict expects (key, value) pairs")
            }
            guard pair.count == 2 else { throw fail("OrderedDict expects (key, value) pairs") }
            d.entries.append((pair[0], pair[1]))
        }
    }

    private static func ints(_ v: PickleValue, _ what: String) throws -> [Int] {
        let items: [PickleValue]
        switch v {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        case .size(let s): return s
        default: throw fail("tensor \(what) must be a tuple of ints")
        }
        return try items.map {
            guard case .int(let i) = $0 else { throw fail("tensor \(what) must be a tuple of ints") }
            return i
        }
    }

    /// A view over a loaded storage, checked to stay inside it (a corrupt file must not read
    /// outside the storage's memory).
    private static func tensor(_ storageValue: PickleValue, _ offsetValue: PickleValue, _ sizeValue: PickleValue,
                               _ strideValue: PickleValue, dtype: RecordElement?, requiresGrad: Bool,
                               storage: PickleReader.StorageLoader) throws -> SavedTensor {
        guard case .storage(let ref) = storageValue else { throw fail("a tensor's storage must come from persistent_load") }
        guard case .int(let offset) = offsetValue, offset >= 0 else { throw fail("storage offset must be a non-negative int") }
        let shape = try ints(sizeValue, "size"), strides = try ints(strideValue, "stride")
        guard shape.count == strides.count else {
            throw TorchFileError.runtime("mismatch in length of strides and shape")
        }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw TorchFileError.runtime("a tensor in the file has a negative size or stride")
        }
        let element = dtype ?? ref.elementType
        if ref.elementType != .untyped && dtype != nil && dtype != ref.elementType {
            throw fail("a typed storage is rebuilt with another dtype")
        }
        let whole = try storage(ref, element)
        let available = whole.count
        var last = offset
        var empty = false
        for (n, s) in zip(shape, strides) {
            if n == 0 { empty = true }
            let (step, o1) = (n - 1).multipliedReportingOverflow(by: s)
            let (sum, o2) = last.addingReportingOverflow(max(step, 0))
            if o1 || o2 { throw TorchFileError.runtime("a tensor in the file is too large") }
            last = sum
        }
        if !empty && last >= available {
            throw TorchFileError.runtime("setStorage: sizes \(shape), strides \(strides), storage offset \(offset), and itemsize \(element.size) requiring a storage size of \((last + 1) * element.size) are out of bounds for storage of size \(available * element.size)")
        }
        _ = try NDArray.checkedCount(shape)
        return SavedTensor(whole.viewing(shape: shape, strides: strides, offset: offset), requiresGrad: requiresGrad)
    }
}
