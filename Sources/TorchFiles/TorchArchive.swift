import Foundation
import TensorCore

/// PyTorch's checkpoint format, as `torch.save` has written it since 1.6: a zip archive whose
/// records are `<name>/data.pkl` (the object, pickled with protocol 2), `<name>/data/<key>` (one
/// raw little-endian record per storage, 64-byte aligned), `<name>/byteorder`,
/// `<name>/version`, `<name>/.format_version`, `<name>/.storage_alignment` and
/// `<name>/.data/serialization_id`, where `<name>` is the file's name without its extension.
///
/// ```
/// >>> torch.save({'w': torch.ones(2)}, 'w.pt')
/// >>> torch.load('w.pt')
/// {'w': tensor([1., 1.])}
/// ```
public enum TorchArchive {
    /// Options of `torch.load`.
    public struct LoadOptions {
        /// `map_location` given as a device ('cpu'): storages saved on any device load on the
        /// CPU. nil means "where they were saved", which fails for a CUDA storage, as in PyTorch
        /// on a machine without CUDA.
        public var mapLocation: String?
        public init(mapLocation: String? = nil) { self.mapLocation = mapLocation }
    }

    /// Writes `value` to `path` (created or replaced). The object is pickled before the file
    /// is opened, so an object that cannot be saved leaves no file behind.
    public static func save(_ value: PickleValue, to path: String) throws {
        let pickle = try PickleWriter.pickle(value)
        let name = archiveName(path)
        // A regular file is written beside its target and renamed over it, so that an
        // interrupted save never leaves half a checkpoint where the last good one was (and a
        // reader never sees one). Anything else (a FIFO, a device, a symlink) is written in place.
        var info = stat()
        let regular = lstat(path, &info) != 0 ? errno == ENOENT : (info.st_mode & S_IFMT) == S_IFREG
        let target = regular ? path + ".tcalc-\(getpid())-partial" : path
        do {
            try write(pickle, archive: name, to: target, shownPath: path)
        } catch {
            if regular { unlink(target) }
            throw error
        }
        if regular && rename(target, path) != 0 {
            let code = errno
            unlink(target)
            throw TorchFileError.os(errno: code, path: path)
        }
    }

    private static func write(_ pickle: PickleWriter, archive name: String, to path: String, shownPath: String) throws {
        let zip = try ZipRecordWriter(path: path, shownPath: shownPath)
        try pickle.out.withUnsafeBytes { try zip.add(name + "/data.pkl", $0) }
        try zip.add(name + "/.format_version", "1")
        try zip.add(name + "/.storage_alignment", String(ZipRecordWriter.alignment))
        try zip.add(name + "/byteorder", "little")
        for (key, storage, _) in pickle.storages {
            try zip.add(name + "/data/" + key, UnsafeRawBufferPointer(start: storage.pointer, count: storage.byteCount))
        }
        try zip.add(name + "/version", "3\n")
        try zip.add(name + "/.data/serialization_id", serializationID())
        try zip.finish()
    }

    /// The archive's top folder: the file name without its last extension, as PyTorch's writer
    /// names it (`model.pt` → `model`).
    static func archiveName(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base.isEmpty ? "archive" : base }
        return String(base[..<dot])
    }

    /// Forty decimal digits, the form PyTorch's writer gives this record.
    static func serializationID() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in Character(String(Int.random(in: 0...9, using: &g))) })
    }

    /// Reads the object saved in `path`.
    public static func load(path: String, options: LoadOptions = LoadOptions()) throws -> PickleValue {
        let zip: ZipRecordReader
        do {
            zip = try ZipRecordReader(path: path)
        } catch let e as TorchFileError where e.kind == .runtime {
            if isLegacy(path) {
                throw TorchFileError.runtime("\(TorchFileError.quoted(path)) is in PyTorch's legacy format (before 1.6); tcalc reads the zip format: load it in PyTorch and save it again")
            }
            throw e
        }
        guard let pklName = zip.names.first(where: { $0.hasSuffix("data.pkl") && $0.split(separator: "/").count == 2 }) else {
            throw TorchFileError.runtime("PytorchStreamReader failed locating file data.pkl: file not found (\(TorchFileError.quoted(path)) is not a file torch.save wrote)")
        }
        let prefix = String(pklName.dropLast("data.pkl".count))
        var bigEndian = false
        if zip.entries[prefix + "byteorder"] != nil {
            let order = String(decoding: try zip.record(prefix + "byteorder"), as: UTF8.self)
            guard order == "little" || order == "big" else { throw TorchFileError.runtime("Unknown endianness type: \(order)") }
            bigEndian = order == "big"
        }
        var cache: [String: NDArray] = [:]
        let loader: PickleReader.StorageLoader = { ref, element in
            let cacheKey = ref.key + "/" + element.rawValue
            if let hit = cache[cacheKey] { return hit }
            try checkLocation(ref.location, options)
            let count = ref.elementType == .untyped ? ref.count / element.size : ref.count
            let array = try readStorage(zip, prefix + "data/" + ref.key, element: element, count: count, bigEndian: bigEndian)
            cache[cacheKey] = array
            return array
        }
        let pickle = try zip.record(pklName)
        let tree = try PickleReader.load(pickle, storage: loader)
        do {
            try tree.checkLimits(budget: 1_000_000 + 64 * pickle.count)
        } catch {
            tree.dismantle()
            throw error
        }
        return tree
    }

    private static func checkLocation(_ location: String, _ options: LoadOptions) throws {
        if options.mapLocation != nil || location == "cpu" { return }
        if location.hasPrefix("cuda") {
            throw TorchFileError.runtime("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.")
        }
        if location.hasPrefix("mps") || location.hasPrefix("xpu") || location.hasPrefix("meta") {
            throw TorchFileError.runtime("the file holds storages on device '\(location)', which tcalc does not have: pass map_location='cpu' to load them on the CPU")
        }
    }

    /// A legacy (pre-zip) file starts with a pickled magic number.
    private static func isLegacy(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 16))
        return head.count >= 13 && head[0] == 0x80 && head[2] == 0x8A && head[3] == 0x0A
            && Array(head[4..<14]) == [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    }

    /// Record `name` as a 1-d array of `count` elements in the engine's dtype for `element`.
    static func readStorage(_ zip: ZipRecordReader, _ name: String, element: RecordElement, count: Int, bigEndian: Bool) throws -> NDArray {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: element.size)
        guard !overflow else { throw TorchFileError.runtime("storage \(name) is too large") }
        let size = try zip.size(of: name)
        guard size >= bytes else {
            throw TorchFileError.runtime("record \(name) holds \(size) bytes, fewer than the \(bytes) its storage needs (the file seems truncated)")
        }
        let dtype = element.dtype
        // Every byte is written below, so the block need not be zeroed first.
        let storage = try Storage(byteCount: count * dtype.itemSize, zeroed: false)
        let result = NDArray(storage: storage, dtype: dtype, shape: [count], strides: [1], offset: 0)
        // Elements the engine holds as they are stored are read straight into the storage;
        // the rest are widened, checked (uint64) or normalised (bool) on the way.
        let exact: Set<RecordElement> = [.uint8, .int8, .int16, .int32, .int64, .float32, .float64, .complex64, .complex128, .untyped]
        let direct = exact.contains(element) && !bigEndian
        if direct {
            try zip.read(name, into: result.baseAddress, count: bytes)
            return result
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 16)
        defer { buffer.deallocate() }
        try zip.read(name, into: buffer, count: bytes)
        if bigEndian { swapBytes(buffer, count: count, element: element) }
        try widen(buffer, element: element, count: count, into: result.baseAddress, name: name)
        return result
    }

    private static func swapBytes(_ p: UnsafeMutableRawPointer, count: Int, element: RecordElement) {
        // Complex numbers swap each of their two parts.
        let part = element == .complex64 || element == .complex128 ? element.size / 2 : element.size
        guard part > 1 else { return }
        let b = p.assumingMemoryBound(to: UInt8.self)
        var k = 0
        while k < count * element.size {
            var lo = k, hi = k + part - 1
            while lo < hi { let t = b[lo]; b[lo] = b[hi]; b[hi] = t; lo += 1; hi -= 1 }
            k += part
        }
    }

    private static func widen(_ source: UnsafeMutableRawPointer, element: RecordElement, count: Int,
                              into out: UnsafeMutableRawPointer, name: String) throws {
        switch element {
        case .bool:
            // Anything but 0 is True, and Swift's Bool must be 0 or 1.
            let s = source.assumingMemoryBound(to: UInt8.self), d = out.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { d[i] = s[i] == 0 ? 0 : 1 }
        case .float16:
            let s = source.assumingMemoryBound(to: UInt16.self), d = out.assumingMemoryBound(to: Float.self)
            for i in 0..<count { d[i] = halfToFloat(s[i]) }
        case .bfloat16:
            let s = source.assumingMemoryBound(to: UInt16.self), d = out.assumingMemoryBound(to: UInt32.self)
            for i in 0..<count { d[i] = UInt32(s[i]) << 16 }
        case .uint16:
            let s = source.assumingMemoryBound(to: UInt16.self), d = out.assumingMemoryBound(to: Int32.self)
            for i in 0..<count { d[i] = Int32(s[i]) }
        case .uint32:
            let s = source.assumingMemoryBound(to: UInt32.self), d = out.assumingMemoryBound(to: Int64.self)
            for i in 0..<count { d[i] = Int64(s[i]) }
        case .uint64:
            let s = source.assumingMemoryBound(to: UInt64.self), d = out.assumingMemoryBound(to: Int64.self)
            for i in 0..<count {
                guard s[i] <= UInt64(Int64.max) else { throw TorchFileError.runtime("uint64 value \(s[i]) in \(name) does not fit tcalc's int64") }
                d[i] = Int64(s[i])
            }
        default:
            out.copyMemory(from: source, byteCount: count * element.size)
        }
    }

    /// IEEE half precision to single, exactly (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
    }
}
