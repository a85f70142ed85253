import Foundation
import TensorCore

/// Unpickles what `torch.save` writes into a `PickleValue` tree, allowing only the globals
/// PyTorch's own `weights_only` unpickler allows (tensor and parameter rebuilders, storage
/// classes, dtypes, `torch.Size`, `torch.device`, `OrderedDict`, `set`, `complex`, bytes).
/// Nothing named in a file is ever called: each allowed global is interpreted here, and any
/// other is an `UnpicklingError`. Opcodes cover protocol 2 (what torch.save uses) and the
/// common ones of protocols 0–5.
struct PickleReader {
    /// Gives the tensor data of a persistent id: a 1-d contiguous array over the whole
    /// storage, in the engine dtype for `element` (the same array for the same key and type).
    typealias StorageLoader = (StorageRef, RecordElement) throws -> NDArray

    private let data: [UInt8]
    private var position = 0
    private var stack: [PickleValue] = []
    private var metastack: [[PickleValue]] = []
    private var memo: [Int: PickleValue] = [:]
    /// Hash indexes of the dicts being filled (and the dicts, so that their identifiers stay theirs).
    private var dictIndex: [ObjectIdentifier: [SimpleKey: Int]] = [:]
    private var dicts: [PickleDict] = []
    private let loadStorage: StorageLoader

    init(_ data: [UInt8], storage: @escaping StorageLoader) {
        self.data = data
        self.loadStorage = storage
    }

    static func load(_ data: [UInt8], storage: @escaping StorageLoader) throws -> PickleValue {
        var r = PickleReader(data, storage: storage)
        do {
            return try r.run()
        } catch {
            // What was built so far may nest deeply: release it without recursion.
            for v in r.stack + r.metastack.joined() + Array(r.memo.values) { v.dismantle() }
            throw error
        }
    }

    private func fail(_ message: String) -> TorchFileError { .unpickling(message) }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= data.count - position else { throw fail("pickle data was truncated") }
        defer { position += n }
        return data[position..<(position + n)]
    }

    private mutating func byte() throws -> Int { Int(try take(1).first!) }

    private mutating func le(_ n: Int) throws -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(n).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    private mutating func length(_ n: Int) throws -> Int {
        let v = try le(n)
        guard v <= UInt64(data.count - position) else { throw fail("pickle data was truncated") }
        return Int(v)
    }

    private mutating func line() throws -> String {
        guard let end = data[position...].firstIndex(of: 0x0A) else { throw fail("pickle data was truncated") }
        defer { position = end + 1 }
        return String(decoding: data[position..<end], as: UTF8.self)
    }

    private mutating func pop() throws -> PickleValue {
        guard let v = stack.popLast() else { throw fail("unpickling stack underflow") }
        return v
    }

    private func top() throws -> PickleValue {
        guard let v = stack.last else { throw fail("unpickling stack underflow") }
        return v
    }

    private mutating func popMark() throws -> [PickleValue] {
        guard let outer = metastack.popLast() else { throw fail("could not find MARK") }
        let items = stack
        stack = outer
        return items
    }

    private mutating func text(_ bytes: ArraySlice<UInt8>) throws -> String {
        guard let s = String(bytes: bytes, encoding: .utf8) else { throw fail("a string in the pickle is not valid UTF-8") }
        return s
    }

    private mutating func run() throws -> PickleValue {
        while true {
            let op = try byte()
            switch op {
            case 0x80: _ = try byte()                           // PROTO
            case 0x95: _ = try take(8)                          // FRAME
            case 0x2E:                                          // STOP
                return try pop()
            case 0x28:                                          // MARK
                metastack.append(stack)
                stack = []
            case 0x30: _ = try pop()                            // POP
            case 0x31: _ = try popMark()                        // POP_MARK
            case 0x32: stack.append(try top())                  // DUP
            case 0x4E: stack.append(.none)                      // NONE
            case 0x88: stack.append(.bool(true))                // NEWTRUE
            case 0x89: stack.append(.bool(false))               // NEWFALSE
            case 0x4B: stack.append(.int(try byte()))           // BININT1
            case 0x4D: stack.append(.int(Int(try le(2))))       // BININT2
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try le(4)))))  // BININT
            case 0x8A: stack.append(long(Array(try take(try length(1)))))             // LONG1
            case 0x8B: stack.append(long(Array(try take(try length(4)))))             // LONG4
            case 0x49:                                          // INT (protocol 0)
                let s = try line()
                if s == "01" { stack.append(.bool(true)) } else if s == "00" { stack.append(.bool(false)) }
                else if let v = Int(s) { stack.append(.int(v)) } else { throw fail("invalid INT \(s)") }
            case 0x4C:                                          // LONG (protocol 0)
                var s = try line()
                if s.hasSuffix("L") { s.removeLast() }
                guard let v = Int(s) else { throw fail("ints beyond 64 bits in protocol 0 are not supported") }
                stack.append(.int(v))
            case 0x47:                                          // BINFLOAT (big-endian)
                var bits: UInt64 = 0
                for b in try take(8) { bits = bits << 8 | UInt64(b) }
                stack.append(.float(Double(bitPattern: bits)))
            case 0x46:                                          // FLOAT (protocol 0)
                let s = try line()
                guard let d = Double(s) else { throw fail("invalid FLOAT \(s)") }
                stack.append(.float(d))
            case 0x58: stack.append(.string(try text(try take(try length(4)))))   // BINUNICODE
            case 0x8C: stack.append(.string(try text(try take(try length(1)))))   // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try text(try take(try length(8)))))   // BINUNICODE8
            case 0x55: stack.append(.bytes(Array(try take(try length(1)))))       // SHORT_BINSTRING
            case 0x54: stack.append(.bytes(Array(try take(try length(4)))))       // BINSTRING
            case 0x43: stack.append(.bytes(Array(try take(try length(1)))))       // SHORT_BINBYTES
            case 0x42: stack.append(.bytes(Array(try take(try length(4)))))       // BINBYTES
            case 0x8E: stack.append(.bytes(Array(try take(try length(8)))))       // BINBYTES8
            case 0x29: stack.append(.tuple([]))                 // EMPTY_TUPLE
            case 0x5D: stack.append(.list(PickleList()))        // EMPTY_LIST
            case 0x7D: stack.append(.dict(PickleDict()))        // EMPTY_DICT
            case 0x8F: stack.append(.set([]))                   // EMPTY_SET
            case 0x74: stack.append(.tuple(try popMark()))      // TUPLE
            case 0x85: stack.append(.tuple([try pop()]))        // TUPLE1
            case 0x86:                                          // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(.tuple([a, b]))
            case 0x87:                                          // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(.tuple([a, b, c]))
            case 0x6C: stack.append(.list(PickleList(try popMark())))   // LIST
            case 0x64:                                          // DICT
                let items = try popMark()
                let d = PickleDict()
                try setItems(d, items)
                stack.append(.dict(d))
            case 0x61:                                          // APPEND
                let item = try pop()
                try append([item])
            case 0x65: try append(try popMark())                // APPENDS
            case 0x73:                                          // SETITEM
                let v = try pop(), k = try pop()
                try setItems(on: [k, v])
            case 0x75: try setItems(on: try popMark())          // SETITEMS
            case 0x90:                                          // ADDITEMS
                let items = try popMark()
                guard case .set(let s) = try pop() else { throw fail("Can only add items to sets") }
                stack.append(.set(s + items))
            case 0x71: try memoPut(try byte())                  // BINPUT
            case 0x72: try memoPut(Int(try le(4)))              // LONG_BINPUT
            case 0x70:                                          // PUT
                guard let i = Int(try line()) else { throw fail("invalid PUT index") }
                try memoPut(i)
            case 0x94: try memoPut(memo.count)                  // MEMOIZE
            case 0x68: try memoGet(try byte())                  // BINGET
            case 0x6A: try memoGet(Int(try le(4)))              // LONG_BINGET
            case 0x67:                                          // GET
                guard let i = Int(try line()) else { throw fail("invalid GET index") }
                try memoGet(i)
            case 0x63:                                          // GLOBAL
                let module = try line(), name = try line()
                stack.append(try resolveGlobal(module, name))
            case 0x93:                                          // STACK_GLOBAL
                guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                    throw fail("STACK_GLOBAL requires str")
                }
                stack.append(try resolveGlobal(module, name))
            case 0x51:                                          // BINPERSID
                stack.append(try persistentLoad(try pop()))
            case 0x52:                                          // REDUCE
                let args = try pop()
                let callee = try pop()
                guard case .tuple(let items) = args else { throw fail("REDUCE arguments must be a tuple") }
                stack.append(try Rebuilders.call(callee, items, storage: loadStorage))
            case 0x62:                                          // BUILD
                let state = try pop()
                try build(try top(), state)
            case 0x81, 0x92:                                    // NEWOBJ, NEWOBJ_EX
                throw fail("Can only create new object for nn.Parameter or classes allowlisted via `add_safe_globals`; tcalc creates no objects of classes named in a file")
            default:
                throw fail("Unsupported operand \(op)")
            }
        }
    }

    private func long(_ bytes: [UInt8]) -> PickleValue {
        if bytes.isEmpty { return .int(0) }
        if bytes.count <= 8 {
            var v: UInt64 = 0
            for (i, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
            // Sign-extend from the top byte.
            if bytes.count < 8 && bytes.last! & 0x80 != 0 { v |= ~0 << (8 * UInt64(bytes.count)) }
            return .int(Int(Int64(bitPattern: v)))
        }
        return .bigInt(bytes)
    }

    private mutating func memoPut(_ index: Int) throws {
        memo[index] = try top()
    }

    private mutating func memoGet(_ index: Int) throws {
        guard let v = memo[index] else { throw fail("Memo value not found at index \(index)") }
        stack.append(v)
    }

    private mutating func append(_ items: [PickleValue]) throws {
        guard case .list(let list) = try top() else { throw fail("Can only append to lists, but got \(try kind(try top()))") }
        list.items += items
    }

    private mutating func setItems(on items: [PickleValue]) throws {
        guard case .dict(let d) = try top() else {
            throw fail("Can only SETITEMS for dict, collections.OrderedDict, collections.Counter, but got \(try kind(try top()))")
        }
        try setItems(d, items)
    }

    /// Python's rule for a key set twice: the first position, the last value. Keys that are
    /// strings or ints (a state_dict's) are found through a hash index, others by a scan.
    private mutating func setItems(_ d: PickleDict, _ items: [PickleValue]) throws {
        guard items.count % 2 == 0 else { throw fail("odd number of items for SETITEMS") }
        let id = ObjectIdentifier(d)
        // Indexed dicts are kept alive, so that no later dict can reuse the identifier.
        if dictIndex[id] == nil { dicts.append(d) }
        var index = dictIndex[id] ?? [:]
        if index.isEmpty && !d.entries.isEmpty {
            for (n, entry) in d.entries.enumerated() {
                if let k = SimpleKey(entry.key), index[k] == nil { index[k] = n }
            }
        }
        var i = 0
        while i < items.count {
            let key = items[i]
            let existing: Int?
            if let k = SimpleKey(key) {
                existing = index[k]
                if existing == nil { index[k] = d.entries.count }
            } else {
                existing = d.entries.firstIndex(where: { PickleValue.sameKey($0.key, key) })
            }
            if let existing = existing {
                d.entries[existing].value = items[i + 1]
            } else {
                d.entries.append((key, items[i + 1]))
            }
            i += 2
        }
        dictIndex[id] = index
    }

    private func kind(_ v: PickleValue) throws -> String {
        switch v {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict(let d): return d.ordered ? "collections.OrderedDict" : "dict"
        case .set: return "set"
        case .complex: return "complex"
        case .tensor: return "torch.Tensor"
        case .size: return "torch.Size"
        case .device: return "torch.device"
        case .dtype: return "torch.dtype"
        case .global(let name): return name
        case .storage: return "torch.storage.TypedStorage"
        }
    }

    /// BUILD: PyTorch's weights-only unpickler sets an OrderedDict's attributes (a
    /// state_dict's `_metadata`, which tcalc does not keep) and a Parameter's state.
    private func build(_ target: PickleValue, _ state: PickleValue) throws {
        switch target {
        case .dict(let d) where d.ordered: return
        case .tensor: return
        default:
            throw fail("Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, but got \(try kind(target))")
        }
    }

    private func resolveGlobal(_ module: String, _ name: String) throws -> PickleValue {
        // Python 2 spellings that PyTorch's NAME_MAPPING and IMPORT_MAPPING translate.
        let home = module == "__builtin__" ? "builtins" : module
        let full = home + "." + name
        if ["sys", "os", "posix", "nt"].contains(home) {
            throw fail("Trying to load unsupported GLOBAL \(full) whose module \(home) is blocked.")
        }
        if home == "torch", let dtype = PickleValue.dtypeNames[name] { return .dtype(dtype) }
        if Rebuilders.allowed.contains(full) { return .global(full) }
        if home == "torch" || home == "torch.storage", RecordElement(storageClass: name) != nil { return .global(full) }
        let shown = home == "builtins" ? name : full
        throw fail("Unsupported global: GLOBAL \(shown) was not an allowed global by default. tcalc reads tensors, numbers, strings, containers and the few torch objects PyTorch's weights_only=True allows, and never runs code named in a file.")
    }

    /// A persistent id is `('storage', storage class, key, location, numel)`.
    private func persistentLoad(_ pid: PickleValue) throws -> PickleValue {
        guard case .tuple(let items) = pid else { throw fail("persistent_load id must be tuple or int, but got \(try kind(pid))") }
        guard items.count == 5, case .string(let tag) = items[0], tag == "storage" else {
            throw fail("Only persistent_load of storage is allowed")
        }
        guard case .global(let cls) = items[1],
              let element = RecordElement(storageClass: String(cls.split(separator: ".").last ?? "")) else {
            throw fail("persistent id names an unknown storage type")
        }
        guard case .string(let key) = items[2], case .string(let location) = items[3], case .int(let count) = items[4], count >= 0 else {
            throw fail("malformed storage persistent id")
        }
        return .storage(StorageRef(key: key, elementType: element, count: count, location: location))
    }
}

extension PickleValue {
    /// PyTorch's dtype names that the torch module pickles by name (`torch.float32`).
    static let dtypeNames: [String: String] = {
        var m: [String: String] = [:]
        for n in ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64",
                  "complex32", "complex64", "complex128", "uint16", "uint32", "uint64"] { m[n] = n }
        return m
    }()

    /// Whether two keys are the same dict key (Python equality for the key types files hold).
    static func sameKey(_ a: PickleValue, _ b: PickleValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
        case (.none, .none): return true
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bigInt(let x), .bigInt(let y)): return x == y
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameKey($0, $1) }
        case (.tensor(let x), .tensor(let y)): return x === y
        default: return false
        }
    }
}

/// A dict key that hashes: a string, or an int (bools and integral floats are the same key as
/// the int, as in Python).
enum SimpleKey: Hashable {
    case string(String)
    case int(Int)

    init?(_ v: PickleValue) {
        switch v {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .bool(let b): self = .int(b ? 1 : 0)
        case .float(let d) where d == d.rounded() && abs(d) < 9.0e18: self = .int(Int(d))
        default: return nil
        }
    }
}
