import Foundation

/// A reference-counted, 64-byte aligned block of elements. Several `NDArray`s (views) may share
/// one storage; writing through any of them is seen by all.
public final class Storage: @unchecked Sendable {
    public let pointer: UnsafeMutableRawPointer
    public let byteCount: Int
    /// Bumped by every in-place write; autograd compares it with the value it saved to detect
    /// a tensor changed after being recorded for backward (PyTorch's version counter).
    public var version: Int = 0
    /// Usable bytes of the block behind `pointer` (at least `byteCount`; more when the block was
    /// a cached one), so that it can go back to `LargeBlockCache`. Large blocks record it in their
    /// header (16 bytes before `pointer`) rather than in a stored property: growing this object
    /// from 40 to 48 bytes moved every small tensor to a larger malloc size class and made
    /// allocation-heavy autograd loops 1.5x slower.
    var capacity: Int {
        byteCount < LargeBlockCache.minimumBytes
            ? Swift.max(byteCount, 1)
            : pointer.load(fromByteOffset: -16, as: Int.self)
    }

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
        if !zeroed, let block = LargeBlockCache.take(byteCount) {
            self.pointer = block.pointer
            self.byteCount = byteCount
            return
        }
        let size = max(byteCount, 1)
        guard let p = zeroed ? calloc(1, size + 128) : malloc(size + 128) else {
            throw TensorError(.memory, "cannot allocate \(Storage.describe(bytes: byteCount)): out of memory")
        }
        // Keep the raw calloc pointer just before the aligned block so deinit can free it.
        let raw = UInt(bitPattern: p)
        let aligned = (raw + 16 + 63) & ~UInt(63)
        let alignedPtr = UnsafeMutableRawPointer(bitPattern: aligned)!
        alignedPtr.storeBytes(of: p, toByteOffset: -8, as: UnsafeMutableRawPointer.self)
        alignedPtr.storeBytes(of: size, toByteOffset: -16, as: Int.self)
        // `aligned` lies in [p + 16, p + 79]: the 128 spare bytes hold the block, the saved
        // pointer and the block's capacity.
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
        if LargeBlockCache.keep(pointer, capacity: capacity) { return }
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

/// A few freed large blocks kept for the next unzeroed allocation of about the same size.
///
/// A 40 MB result is above glibc's largest mmap threshold (32 MB), so every `x + y` on 10M
/// floats would map fresh pages and fault them in (the kernel zeroing 40 MB) and unmap them
/// when the result dies: that costs as much as the addition. Loops that make and drop results
/// of one size (`timeit`, training steps) reuse the block instead. Bounded: at most
/// `maxBlocks` blocks and `maxBytes` in all, oldest freed first; only blocks of 4 MB or more,
/// and a block serves a request only if it wastes at most an eighth of itself. Zero-filled
/// allocations never take a cached block.
enum LargeBlockCache {
    static let minimumBytes = 1 << 22
    static let maxBlocks = 4
    static let maxBytes = Swift.min(512 << 20, Storage.allocationLimit / 8)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var blocks: [(pointer: UnsafeMutableRawPointer, capacity: Int)] = []
    nonisolated(unsafe) private static var cachedBytes = 0

    /// A cached block (aligned pointer, with the raw pointer stored before it as usual).
    static func take(_ bytes: Int) -> (pointer: UnsafeMutableRawPointer, capacity: Int)? {
        guard bytes >= minimumBytes else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let i = blocks.lastIndex(where: { $0.capacity >= bytes && $0.capacity - bytes <= $0.capacity / 8 }) else {
            return nil
        }
        let block = blocks.remove(at: i)
        cachedBytes -= block.capacity
        return block
    }

    /// Keeps a freed block for reuse; false when the caller should free it.
    static func keep(_ pointer: UnsafeMutableRawPointer, capacity: Int) -> Bool {
        guard capacity >= minimumBytes, capacity <= maxBytes else { return false }
        lock.lock()
        defer { lock.unlock() }
        while !blocks.isEmpty && (blocks.count >= maxBlocks || cachedBytes + capacity > maxBytes) {
            let old = blocks.removeFirst()
            cachedBytes -= old.capacity
            free(old.pointer.load(fromByteOffset: -8, as: UnsafeMutableRawPointer.self))
        }
        blocks.append((pointer, capacity))
        cachedBytes += capacity
        return true
    }
}
