import Foundation
import TensorCore

/// The objects a PyTorch checkpoint can hold, as a small tree between the pickle machine and the
/// interpreter: numbers, strings, containers, tensors and the few torch objects `torch.save`
/// writes for them. Containers and tensors are classes, so an object that appears twice (or
/// inside itself) is one node, as it is one object in Python; the pickle memo keeps it so.
public indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An int beyond 64 bits: little-endian two's complement bytes, as pickle's LONG1 stores it.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    case set([PickleValue])
    case complex(Double, Double)
    case tensor(SavedTensor)
    /// `torch.Size`.
    case size([Int])
    /// `torch.device('cpu')`, `torch.device('cuda', 0)`: the device string.
    case device(String)
    /// A dtype object (`torch.float32`), by PyTorch's name without `torch.`.
    case dtype(String)
    /// A class or function the file names (`torch.FloatStorage`) that is not itself data;
    /// only meaningful as the callee of a REDUCE. Reaching the interpreter it is an error.
    case global(String)
    /// A storage loaded on its own (`torch.save(t.untyped_storage())`).
    case storage(StorageRef)
}

/// A Python list in the tree (a class: shared and self-containing lists stay one object).
public final class PickleList {
    public var items: [PickleValue]
    public init(_ items: [PickleValue] = []) { self.items = items }
}

/// A dict or `collections.OrderedDict` (what `state_dict()` returns) in insertion order.
public final class PickleDict {
    public var entries: [(key: PickleValue, value: PickleValue)]
    /// Written as `collections.OrderedDict` rather than `dict`.
    public var ordered: Bool
    public init(_ entries: [(key: PickleValue, value: PickleValue)] = [], ordered: Bool = false) {
        self.entries = entries
        self.ordered = ordered
    }
}

/// A tensor in the tree: a view (storage, offset, shape, strides) plus what PyTorch saves with
/// it. Tensors that share a storage in memory share one record in the file, and come back
/// sharing one storage.
public final class SavedTensor {
    public let array: NDArray
    public let requiresGrad: Bool
    /// An `nn.Parameter` (rebuilt by `torch._utils._rebuild_parameter`).
    public let isParameter: Bool
    public init(_ array: NDArray, requiresGrad: Bool = false, isParameter: Bool = false) {
        self.array = array
        self.requiresGrad = requiresGrad
        self.isParameter = isParameter
    }
}

/// A storage named by a persistent id: `('storage', torch.FloatStorage, '0', 'cpu', 6)`.
public final class StorageRef {
    /// The record's name under `data/`.
    public let key: String
    public let elementType: RecordElement
    /// Elements (bytes for an untyped storage) the pickle says the storage holds.
    public let count: Int
    public let location: String
    public init(key: String, elementType: RecordElement, count: Int, location: String) {
        self.key = key
        self.elementType = elementType
        self.count = count
        self.location = location
    }
}

/// The element types a checkpoint's records may hold: PyTorch's storage classes, and the dtypes
/// `_rebuild_tensor_v3` names for an untyped storage. Types tcalc lacks are widened on load
/// (float16 and bfloat16 to float32, uint16 to int32, uint32 and uint64 to int64).
public enum RecordElement: String, CaseIterable {
    case bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64
    case complex64, complex128, uint16, uint32, uint64
    /// `torch.UntypedStorage`: bytes, typed by the tensor that uses it.
    case untyped

    /// Bytes per element in the file.
    public var size: Int {
        switch self {
        case .bool, .uint8, .int8, .untyped: return 1
        case .int16, .float16, .bfloat16, .uint16: return 2
        case .int32, .float32, .uint32: return 4
        case .int64, .float64, .complex64, .uint64: return 8
        case .complex128: return 16
        }
    }

    /// The engine dtype that holds these elements (exactly, or widened).
    public var dtype: DType {
        switch self {
        case .bool: return .bool
        case .uint8, .untyped: return .uint8
        case .int8: return .int8
        case .int16: return .int16
        case .int32, .uint16: return .int32
        case .int64, .uint32, .uint64: return .int64
        case .float16, .bfloat16, .float32: return .float32
        case .float64: return .float64
        case .complex64: return .complex64
        case .complex128: return .complex128
        }
    }

    /// PyTorch's legacy storage class for these elements (`FloatStorage`).
    public var storageClass: String? {
        switch self {
        case .bool: return "BoolStorage"
        case .uint8: return "ByteStorage"
        case .int8: return "CharStorage"
        case .int16: return "ShortStorage"
        case .int32: return "IntStorage"
        case .int64: return "LongStorage"
        case .float16: return "HalfStorage"
        case .bfloat16: return "BFloat16Storage"
        case .float32: return "FloatStorage"
        case .float64: return "DoubleStorage"
        case .complex64: return "ComplexFloatStorage"
        case .complex128: return "ComplexDoubleStorage"
        case .uint16, .uint32, .uint64, .untyped: return nil
        }
    }

    /// The record type of an engine dtype (every engine dtype has a storage class).
    public init(_ dtype: DType) {
        switch dtype {
        case .bool: self = .bool
        case .uint8: self = .uint8
        case .int8: self = .int8
        case .int16: self = .int16
        case .int32: self = .int32
        case .int64: self = .int64
        case .float32: self = .float32
        case .float64: self = .float64
        case .complex64: self = .complex64
        case .complex128: self = .complex128
        }
    }

    /// The element type a storage class names (`FloatStorage` → float32).
    public init?(storageClass name: String) {
        if name == "UntypedStorage" { self = .untyped; return }
        guard let e = RecordElement.allCases.first(where: { $0.storageClass == name }) else { return nil }
        self = e
    }
}

/// An error of the checkpoint layer; `kind` is the Python exception class the user sees.
public struct TorchFileError: Error, CustomStringConvertible {
    public enum Kind: String {
        case unpickling = "UnpicklingError"
        case runtime = "RuntimeError"
        case value = "ValueError"
        case type = "TypeError"
        case fileNotFound = "FileNotFoundError"
        case isADirectory = "IsADirectoryError"
        case permission = "PermissionError"
        case os = "OSError"
        case eof = "EOFError"
    }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { "\(kind.rawValue): \(message)" }

    static func unpickling(_ m: String) -> TorchFileError { TorchFileError(.unpickling, m) }
    static func runtime(_ m: String) -> TorchFileError { TorchFileError(.runtime, m) }

    /// Python's `[Errno 2] No such file or directory: 'x.pt'` for a failed system call.
    static func os(errno code: Int32, path: String) -> TorchFileError {
        let text = "[Errno \(code)] \(String(cString: strerror(code))): \(quoted(path))"
        switch code {
        case ENOENT: return TorchFileError(.fileNotFound, text)
        case EISDIR: return TorchFileError(.isADirectory, text)
        case EACCES, EPERM: return TorchFileError(.permission, text)
        default: return TorchFileError(.os, text)
        }
    }

    /// Python's repr of a string (single quotes unless the text holds one).
    static func quoted(_ s: String) -> String {
        let q: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if Character(c) == q { out += "\\" + String(q) }
                else if c.value < 0x20 || c.value == 0x7F { out += String(format: "\\x%02x", c.value) }
                else { out.append(Character(c)) }
            }
        }
        return out + String(q)
    }
}
