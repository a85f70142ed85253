import Foundation
import TensorCore

/// Pickles a `PickleValue` tree with protocol 2, as `torch.save` does: tensors become
/// `torch._utils._rebuild_tensor_v2(persistent_load(('storage', torch.FloatStorage, key, 'cpu',
/// numel)), offset, size, stride, requires_grad, OrderedDict())`, and each storage is collected
/// once, however many tensors view it, to be written as record `data/<key>`.
struct PickleWriter {
    private(set) var out: [UInt8] = [0x80, 2]
    /// Storages in key order ("0", "1", …), with their element type.
    private(set) var storages: [(key: String, storage: Storage, dtype: DType)] = []
    private var storageKeys: [ObjectIdentifier: Int] = [:]
    private var memo: [ObjectIdentifier: Int] = [:]
    private var globalMemo: [String: Int] = [:]
    private var nextMemo = 0
    private var depth = 0
    /// Objects `memo` points at, kept alive so that their identifiers stay unique.
    private var retained: [AnyObject] = []

    /// The pickle of `value`, ending with STOP.
    static func pickle(_ value: PickleValue) throws -> PickleWriter {
        var w = PickleWriter()
        try w.save(value)
        w.out.append(UInt8(ascii: "."))
        return w
    }

    private mutating func put() {
        if nextMemo < 256 {
            out += [UInt8(ascii: "q"), UInt8(nextMemo)]
        } else {
            out.append(UInt8(ascii: "r"))
            u32(nextMemo)
        }
        nextMemo += 1
    }

    private mutating func get(_ index: Int) {
        if index < 256 {
            out += [UInt8(ascii: "h"), UInt8(index)]
        } else {
            out.append(UInt8(ascii: "j"))
            u32(index)
        }
    }

    /// Memoizes the object just pushed; returns false after writing a BINGET when it was
    /// already written (the caller then writes nothing more).
    private mutating func remember(_ object: AnyObject) {
        memo[ObjectIdentifier(object)] = nextMemo
        retained.append(object)
        put()
    }

    private mutating func u32(_ v: Int) { for i in 0..<4 { out.append(UInt8((v >> (8 * i)) & 0xFF)) } }

    private mutating func global(_ module: String, _ name: String) {
        let key = module + "\n" + name
        if let i = globalMemo[key] { get(i); return }
        out.append(UInt8(ascii: "c"))
        out += Array((key + "\n").utf8)
        globalMemo[key] = nextMemo
        put()
    }

    private mutating func string(_ s: String) {
        let bytes = Array(s.utf8)
        out.append(UInt8(ascii: "X"))
        u32(bytes.count)
        out += bytes
    }

    private mutating func int(_ v: Int) {
        if v >= 0 && v < 256 {
            out += [UInt8(ascii: "K"), UInt8(v)]
        } else if v >= 0 && v < 65536 {
            out += [UInt8(ascii: "M"), UInt8(v & 0xFF), UInt8(v >> 8)]
        } else if v >= Int(Int32.min) && v <= Int(Int32.max) {
            out.append(UInt8(ascii: "J"))
            u32(v)
        } else {
            // LONG1: the shortest two's complement, little-endian.
            var bytes: [UInt8] = []
            var x = v
            repeat {
                bytes.append(UInt8(truncatingIfNeeded: x))
                x >>= 8
            } while !((x == 0 && bytes.last! & 0x80 == 0) || (x == -1 && bytes.last! & 0x80 != 0))
            long(bytes)
        }
    }

    private mutating func long(_ bytes: [UInt8]) {
        if bytes.count < 256 {
            out += [0x8A, UInt8(bytes.count)]
        } else {
            out.append(0x8B)
            u32(bytes.count)
        }
        out += bytes
    }

    private mutating func tuple(_ items: [PickleValue]) throws {
        switch items.count {
        case 0: out.append(UInt8(ascii: ")"))
        case 1...3:
            for v in items { try save(v) }
            out.append([0x85, 0x86, 0x87][items.count - 1])
        default:
            out.append(UInt8(ascii: "("))
            for v in items { try save(v) }
            out.append(UInt8(ascii: "t"))
        }
    }

    private mutating func ints(_ values: [Int]) throws { try tuple(values.map { .int($0) }) }

    /// `MARK items APPENDS` in batches of 1000, as Python's pickler writes them.
    private mutating func appends(_ items: [PickleValue]) throws {
        var start = 0
        while start < items.count {
            let batch = items[start..<min(start + 1000, items.count)]
            if batch.count == 1 {
                try save(batch.first!)
                out.append(UInt8(ascii: "a"))
            } else {
                out.append(UInt8(ascii: "("))
                for v in batch { try save(v) }
                out.append(UInt8(ascii: "e"))
            }
            start += 1000
        }
    }

    private mutating func setItems(_ entries: [(key: PickleValue, value: PickleValue)]) throws {
        var start = 0
        while start < entries.count {
            let batch = entries[start..<min(start + 1000, entries.count)]
            if batch.count == 1 {
                try save(batch.first!.key)
                try save(batch.first!.value)
                out.append(UInt8(ascii: "s"))
            } else {
                out.append(UInt8(ascii: "("))
                for (k, v) in batch {
                    try save(k)
                    try save(v)
                }
                out.append(UInt8(ascii: "u"))
            }
            start += 1000
        }
    }

    private mutating func emptyOrderedDict() {
        global("collections", "OrderedDict")
        out += [UInt8(ascii: ")"), UInt8(ascii: "R")]
    }

    mutating func save(_ value: PickleValue) throws {
        depth += 1
        defer { depth -= 1 }
        // Python's pickler gives up near its recursion limit; this keeps the Swift stack safe.
        guard depth < 10_000 else { throw TorchFileError(.value, "cannot save an object nested more than 10000 levels deep") }
        switch value {
        case .none: out.append(UInt8(ascii: "N"))
        case .bool(let b): out.append(b ? 0x88 : 0x89)
        case .int(let v): int(v)
        case .bigInt(let bytes): long(bytes)
        case .float(let d):
            out.append(UInt8(ascii: "G"))
            let bits = d.bitPattern
            for i in (0..<8).reversed() { out.append(UInt8((bits >> (8 * UInt64(i))) & 0xFF)) }
        case .string(let s): string(s)
        case .bytes(let bytes):
            // Protocol 2 has no bytes opcode: Python writes _codecs.encode(latin-1 text, 'latin1').
            global("_codecs", "encode")
            string(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
            string("latin1")
            out += [0x86, UInt8(ascii: "R")]
        case .tuple(let items): try tuple(items)
        case .list(let list):
            if let i = memo[ObjectIdentifier(list)] { get(i); return }
            out.append(UInt8(ascii: "]"))
            remember(list)
            try appends(list.items)
        case .dict(let dict):
            if let i = memo[ObjectIdentifier(dict)] { get(i); return }
            if dict.ordered { emptyOrderedDict() } else { out.append(UInt8(ascii: "}")) }
            remember(dict)
            try setItems(dict.entries)
        case .set(let items):
            global("__builtin__", "set")
            out.append(UInt8(ascii: "]"))
            put()
            try appends(items)
            out += [0x85, UInt8(ascii: "R")]
        case .complex(let re, let im):
            global("__builtin__", "complex")
            try tuple([.float(re), .float(im)])
            out.append(UInt8(ascii: "R"))
        case .tensor(let t): try tensor(t)
        case .size(let dims):
            global("torch", "Size")
            try ints(dims)
            out += [0x85, UInt8(ascii: "R")]
        case .device(let name):
            global("torch", "device")
            string(name)
            out += [0x85, UInt8(ascii: "R")]
        case .dtype(let name): global("torch", name)
        case .global(let name):
            throw TorchFileError(.type, "cannot save the reference \(name)")
        case .storage:
            throw TorchFileError(.type, "tcalc saves tensors, not bare storages")
        }
    }

    private mutating func tensor(_ t: SavedTensor) throws {
        if let i = memo[ObjectIdentifier(t)] { get(i); return }
        if t.isParameter {
            global("torch._utils", "_rebuild_parameter")
            try rebuildTensor(t.array, requiresGrad: false)
            out.append(t.requiresGrad ? 0x88 : 0x89)
            emptyOrderedDict()
            out += [0x87, UInt8(ascii: "R")]
        } else {
            try rebuildTensor(t.array, requiresGrad: t.requiresGrad)
        }
        remember(t)
    }

    private mutating func rebuildTensor(_ original: NDArray, requiresGrad: Bool) throws {
        // PyTorch has no negative strides (NumPy-style reversed views): such a view is saved
        // as a copy of its elements.
        let array = original.strides.contains(where: { $0 < 0 }) ? try original.clone() : original
        global("torch._utils", "_rebuild_tensor_v2")
        out.append(UInt8(ascii: "("))
        // The persistent id: ('storage', torch.FloatStorage, key, 'cpu', numel).
        let id = ObjectIdentifier(array.storage)
        let key: String
        if let k = storageKeys[id] {
            let existing = storages[k]
            guard existing.dtype == array.dtype else {
                throw TorchFileError.runtime("Cannot save multiple tensors or storages that view the same data as different types")
            }
            key = existing.key
        } else {
            key = String(storages.count)
            storageKeys[id] = storages.count
            storages.append((key, array.storage, array.dtype))
        }
        out.append(UInt8(ascii: "("))
        string("storage")
        global("torch", RecordElement(array.dtype).storageClass!)
        string(key)
        string("cpu")
        int(array.storage.byteCount / array.itemSize)
        out.append(UInt8(ascii: "t"))
        out.append(UInt8(ascii: "Q"))
        int(array.offset)
        try ints(array.shape)
        try ints(array.strides)
        out.append(requiresGrad ? 0x88 : 0x89)
        emptyOrderedDict()
        out += [UInt8(ascii: "t"), UInt8(ascii: "R")]
    }
}
