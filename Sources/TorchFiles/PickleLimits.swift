/// Bounds on a loaded tree, checked without recursion before anything walks it recursively.
/// A pickle of a few megabytes can nest lists millions deep (each level costs two bytes) or,
/// through memoized tuples, describe a tree exponentially larger than itself; walking either
/// recursively would overflow the stack or never end. Python survives the first and shares
/// the second; tcalc refuses both with an error instead.
extension PickleValue {
    /// Deepest nesting accepted (Python's own repr gives up at 1000).
    static let nestingLimit = 10_000

    /// Throws an UnpicklingError when the tree nests deeper than `nestingLimit` or, counting
    /// every shared tuple once per place it appears, holds more than `budget` nodes. Lists,
    /// dicts and tensors met again (shared or cyclic) are not walked twice.
    func checkLimits(budget: Int) throws {
        var visited = Set<ObjectIdentifier>()
        var work: [(PickleValue, Int)] = [(self, 1)]
        var seen = 0
        while let (value, depth) = work.popLast() {
            seen += 1
            if seen > budget {
                throw TorchFileError.unpickling("The file describes more objects than it can hold (over \(budget) through shared tuples)")
            }
            if depth > PickleValue.nestingLimit {
                throw TorchFileError.unpickling("The file nests containers more than \(PickleValue.nestingLimit) levels deep")
            }
            switch value {
            case .tuple(let items), .set(let items):
                for v in items.reversed() { work.append((v, depth + 1)) }
            case .list(let l):
                guard visited.insert(ObjectIdentifier(l)).inserted else { continue }
                for v in l.items.reversed() { work.append((v, depth + 1)) }
            case .dict(let d):
                guard visited.insert(ObjectIdentifier(d)).inserted else { continue }
                for (k, v) in d.entries.reversed() {
                    work.append((v, depth + 1))
                    work.append((k, depth + 1))
                }
            default: break
            }
        }
    }

    /// Takes the tree apart from the top, so that releasing a very deep one does not recurse
    /// once per level in the containers' deinitializers.
    func dismantle() {
        var work: [PickleValue] = [self]
        // Tuples shared through the memo share their element buffer: each is taken apart once
        // (the buffers stay alive in `work` or in their owners while this runs).
        var seenBuffers = Set<UnsafeRawPointer>()
        while let value = work.popLast() {
            switch value {
            case .tuple(let items), .set(let items):
                let buffer = items.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
                if let b = buffer, !seenBuffers.insert(b).inserted { continue }
                work += items
            case .list(let l):
                work += l.items
                l.items = []
            case .dict(let d):
                for (k, v) in d.entries { work.append(k); work.append(v) }
                d.entries = []
            default: break
            }
        }
    }
}
