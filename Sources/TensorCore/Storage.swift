import Foundation

/// A reference-counted, 64-byte aligned block of elements. Several `NDArray`s (views) may share
/// one storage; writing through any of them is seen by all.
public final class Storage: @unchecked Sendable {
    public let pointer: UnsafeMutableRawPointer
    public let byteCount: Int
    /// Bumped by every in-place write; autograd compares it with the value it saved to detect
    /// a tensor changed after being recorded for backward (PyTorch's version counter).
    public var version: Int = 0

    /// Allocates zero-filled memory. Throws `MemoryError` past `Storage.allocationLimit`.
    public convenience init(byteCount: Int) throws {
        try self.init(byteCount: byteCount, zeroed: true)
    }

    /// Allocates memory, zero-filled or not: kernels that write every element of their result
    /// skip the zeroing (for small and medium blocks `calloc` clears them with `memset`; for a
    /// 64×64 matmul that costs a sixth of the product).
    public init(byteCount: Int, zeroed: Bool) throws {
        guard byteCount >= 0 else { throw TensorError(.runtime, "negative allocation size") }
        if byteCount > Storage.allocationLimit {
            throw TensorError(.memory, "cannot allocate \(Storage.describe(bytes: byteCount)): over tcalc's limit of \(Storage.describe(bytes: Storage.allocationLimit)) (set it with torch.set_memory_limit)")
        }
        let size = max(byteCount, 1)
        guard let p = zeroed ? calloc(1, size + 128) : malloc(size + 128) else {
            throw TensorError(.memory, "cannot allocate \(Storage.describe(bytes: byteCount)): out of memory")
        }
        // Keep the raw calloc pointer just before the aligned block so deinit can free it.
        let raw = UInt(bitPattern: p)
        let aligned = (raw + 8 + 63) & ~UInt(63)
        let alignedPtr = UnsafeMutableRawPointer(bitPattern: aligned)!
        alignedPtr.storeBytes(of: p, toByteOffset: -8, as: UnsafeMutableRawPointer.self)
        // `aligned` lies in [p + 8, p + 71]: the 128 spare bytes hold the block and the saved pointer.
        self.pointer = alignedPtr
        self.byteCount = byteCount
        Storage.adviseHugePages(alignedPtr, byteCount)
    }

    /// Large blocks ask for transparent huge pages (as NumPy does): first-touch page faults
    /// otherwise cost more than the arithmetic of an element-wise op on 10M floats.
    private static func adviseHugePages(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        #if os(Linux)
        let hugeThreshold = 1 << 22
        guard bytes >= hugeThreshold else { return }
        let page = 4096
        let start = (UInt(bitPattern: p) + UInt(page - 1)) & ~UInt(page - 1)
        let end = (UInt(bitPattern: p) + UInt(bytes)) & ~UInt(page - 1)
        guard end > start, let base = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(base, Int(end - start), 14 /* MADV_HUGEPAGE */)
        #endif
    }

    deinit {
        free(pointer.load(fromByteOffset: -8, as: UnsafeMutableRawPointer.self))
    }

    /// The largest single allocation allowed; default half of physical memory.
    nonisolated(unsafe) public static var allocationLimit: Int =
        Int(ProcessInfo.processInfo.physicalMemory / 2)

    public static func describe(bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(bytes), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", v, units[u])
    }
}
