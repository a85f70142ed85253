import BigInt
import Foundation

/// The order in which CPython iterates (and prints) a set of numbers.
///
/// CPython's set is an open-addressing hash table, iterated slot by slot, so `{3, 1, 2}` prints
/// as `{1, 2, 3}` and `{100, 5, 37, 8}` as `{8, 5, 100, 37}`. Numbers hash the same in every
/// process (an int is its own hash modulo 2**61 - 1, floats follow from that), so tcalc replays
/// the insertions into a table laid out as CPython 3.11's setobject.c lays it out (8 slots to
/// start, 9 linear probes then perturbed probing, growth at 3/5 full to 4x the used count) and
/// reads the slots in order. Strings hash differently in every CPython process (hash
/// randomization), so a set holding anything but numbers keeps insertion order. The replay
/// uses the set's insertion order, which matches CPython for sets built by adding; after
/// removals CPython's leftover "dummy" slots can give another order.
enum CPythonSetOrder {
    static let modulus: UInt64 = (1 << 61) - 1

    /// `hash(v)` for ints, bools and floats as CPython computes it; nil for other values
    /// (and NaN, whose hash is its identity).
    static func hash(_ v: Value) -> Int? {
        switch v {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return hashInteger(BigInt(i))
        case .bigInt(let b): return hashInteger(b.value)
        case .float(let d): return hashDouble(d)
        default: return nil
        }
    }

    static func hashInteger(_ n: BigInt) -> Int {
        let magnitude: UInt64 = UInt64(n.magnitude % BigUInt(modulus))
        var h: Int = Int(magnitude)
        if n.sign == .minus { h = -h }
        return h == -1 ? -2 : h
    }

    /// CPython's `_Py_HashDouble`: the value modulo 2**61 - 1, computed from its binary digits.
    static func hashDouble(_ v: Double) -> Int? {
        if v.isNaN { return nil }
        if v.isInfinite { return v > 0 ? 314_159 : -314_159 }
        var exponent: Int32 = 0
        var m: Double = frexp(v, &exponent)
        var e: Int = Int(exponent)
        var sign: Int = 1
        if m < 0 { sign = -1; m = -m }
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | (x >> (61 - 28))
            m *= 268_435_456.0
            e -= 28
            let y: UInt64 = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61)
        x = ((x << UInt64(e)) & modulus) | (x >> UInt64(61 - e))
        var h: Int = Int(x) * sign
        if h == -1 { h = -2 }
        return h
    }

    /// `keys` (in insertion order) in the order CPython's table holds them; unchanged when a
    /// key is not a number.
    static func arrange(_ keys: [Value]) -> [Value] {
        if keys.count < 2 { return keys }
        var hashes: [Int] = []
        hashes.reserveCapacity(keys.count)
        for k in keys {
            guard let h = hash(k) else { return keys }
            hashes.append(h)
        }
        var table: [Int?] = Array(repeating: nil, count: 8)  // key numbers, by slot
        var used: Int = 0
        for (number, h) in hashes.enumerated() {
            insert(number, hash: h, into: &table)
            used += 1
            // No dummies: fill == used. CPython grows when fill * 5 >= mask * 3.
            if used * 5 >= (table.count - 1) * 3 {
                let minUsed: Int = used > 50_000 ? used * 2 : used * 4
                var size: Int = 8
                while size <= minUsed { size <<= 1 }
                var grown: [Int?] = Array(repeating: nil, count: size)
                for case let n? in table { insert(n, hash: hashes[n], into: &grown) }
                table = grown
            }
        }
        return table.compactMap { $0 }.map { keys[$0] }
    }

    /// `set_insert_clean`: the first free slot along the key's probe sequence (keys are
    /// distinct, so no comparison is needed).
    private static func insert(_ number: Int, hash: Int, into table: inout [Int?]) {
        let mask: UInt = UInt(table.count - 1)
        var perturb: UInt = UInt(bitPattern: hash)
        var i: UInt = UInt(bitPattern: hash) & mask
        while true {
            if table[Int(i)] == nil { table[Int(i)] = number; return }
            if i + 9 <= mask {
                for j in 1...9 where table[Int(i) + j] == nil {
                    table[Int(i) + j] = number
                    return
                }
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
    }
}
