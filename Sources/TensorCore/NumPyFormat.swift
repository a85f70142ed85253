import Foundation

/// `np.set_printoptions`: NumPy's own printing settings, apart from PyTorch's `PrintOptions`
/// (the two libraries keep separate settings, so changing one never changes the other).
public struct NumPyPrintOptions: Equatable, Sendable {
    public var precision: Int = 8
    /// Arrays with more elements than this are summarised. `Int.max` stands for `sys.maxsize`.
    public var threshold: Int = 1000
    public var edgeitems: Int = 3
    public var linewidth: Int = 75
    /// Never scientific notation; tiny values print as `0.`.
    public var suppress: Bool = false

    public init() {}

    /// The options in force; the interpreter is one thread (see Package.swift).
    nonisolated(unsafe) public static var current = NumPyPrintOptions()
}

/// Formats one element of an array by NumPy's rules for its dtype, after seeing every element
/// that will be shown (the widths and the notation are shared by the whole array).
struct NumPyElementFormat {
    enum Kind { case bool, integer, floating, complex }
    let kind: Kind
    let float32: Bool
    // Integers and bools.
    var width: Int = 0
    // Floats (NumPy's FloatingFormat.fillFormat).
    var scientific = false
    var precision = 8
    var padLeft = 0
    var padRight = 0
    var expDigits = 2
    var minDigits = 0
    // Complex: one float format for each part.
    var realPart: [NumPyElementFormat] = []

    init(_ values: [Scalar], dtype: DType, options: NumPyPrintOptions, zeroDimensional: Bool) {
        float32 = dtype == .float32 || dtype == .complex64
        switch dtype.category {
        case .bool:
            kind = .bool
            // NumPy pads True to ' True' in any array but a 0-d one; False needs no padding.
            width = zeroDimensional ? 0 : 5
        case .integer:
            kind = .integer
            width = values.map { String($0.int64Value).count }.max() ?? 0
        case .floating:
            kind = .floating
            fill(values.map(\.doubleValue), options: options)
        case .complex:
            kind = .complex
            var re = NumPyElementFormat(values.map { .float($0.doubleValue) }, dtype: float32 ? .float32 : .float64, options: options, zeroDimensional: zeroDimensional)
            let im = NumPyElementFormat(values.map { s -> Scalar in
                if case .complex(_, let i) = s { return .float(i) }
                return .float(0)
            }, dtype: float32 ? .float32 : .float64, options: options, zeroDimensional: zeroDimensional)
            re.realPart = []
            realPart = [re, im]
        }
    }

    private mutating func fill(_ data: [Double], options: NumPyPrintOptions) {
        precision = options.precision
        let finite = data.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        if let maxV = nonZero.max(), let minV = nonZero.min() {
            if maxV >= 1e8 || (!options.suppress && (minV < 0.0001 || maxV / minV > 1000)) {
                scientific = true
            }
        }
        if finite.isEmpty {
            padLeft = 0; padRight = 0; expDigits = -1
        } else if scientific {
            let parts = finite.map { NumPyDigits.scientific($0, float32: float32, precision: options.precision) }
            expDigits = max(2, parts.map { String(Swift.abs($0.exponent)).count }.max() ?? 2)
            precision = parts.map(\.fraction.count).max() ?? 0
            minDigits = precision
            padLeft = parts.map(\.integer.count).max() ?? 0
            padRight = expDigits + 2 + precision
        } else {
            let parts = finite.map { NumPyDigits.positional($0, float32: float32, precision: options.precision) }
            padLeft = parts.map(\.integer.count).max() ?? 0
            padRight = parts.map(\.fraction.count).max() ?? 0
        }
        if finite.count != data.count {
            let negInf = data.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
        }
    }

    func format(_ s: Scalar) -> String {
        switch kind {
        case .bool:
            let text = s.boolValue ? "True" : "False"
            return NumberText.padded(text, to: width)
        case .integer:
            return NumberText.padded(String(s.int64Value), to: width)
        case .floating:
            return formatFloat(s.doubleValue)
        case .complex:
            var im = 0.0
            if case .complex(_, let i) = s { im = i }
            let r = realPart[0].formatFloat(s.doubleValue)
            var i = realPart[1].formatFloat(Swift.abs(im) == 0 && im.sign == .minus ? -0.0 : im)
            if !i.hasPrefix("-") && !i.hasPrefix(" ") { i = "+" + i } else if i.hasPrefix(" ") {
                // NumPy puts the imaginary sign where the padding starts.
                let trimmed = i.drop { $0 == " " }
                i = String(repeating: " ", count: i.count - trimmed.count - (trimmed.hasPrefix("-") ? 0 : 1)) + (trimmed.hasPrefix("-") ? "" : "+") + trimmed
            }
            return r + i + "j"
        }
    }

    func formatFloat(_ x: Double) -> String {
        if !x.isFinite {
            let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return NumberText.padded(text, to: padLeft + padRight + 1)
        }
        if scientific {
            var (int, frac, exp) = NumPyDigits.scientific(x, float32: float32, precision: precision)
            if frac.count < minDigits { frac += String(repeating: "0", count: minDigits - frac.count) }
            return NumberText.padded(int, to: padLeft) + "." + frac + NumPyDigits.exponentText(exp, minDigits: expDigits)
        }
        let (int, frac) = NumPyDigits.positional(x, float32: float32, precision: precision)
        let right = frac + String(repeating: " ", count: max(0, padRight - frac.count))
        return NumberText.padded(int, to: padLeft) + "." + right
    }
}

extension NDArray {
    /// NumPy's `repr(a)`: `array([...])`, with `shape=` for summarised or empty arrays and
    /// `dtype=` unless the values already imply it (float64, int64, bool, complex128).
    ///
    ///     >>> np.array([1, 2], dtype=np.int32)
    ///     array([1, 2], dtype=int32)
    public func numpyRepr(options: NumPyPrintOptions = .current) -> String {
        let prefix = "array("
        var extras: [String] = []
        if (count == 0 && shape != [0]) || count > options.threshold {
            extras.append("shape=" + NDArray.pythonTuple(shape))
        }
        let implied: Set<DType> = [.float64, .int64, .bool, .complex128]
        if !implied.contains(dtype) || count == 0 { extras.append("dtype=" + dtype.name) }
        let suffix = extras.isEmpty ? ")" : ","
        let body: String
        if count == 0 {
            body = "[]"
        } else {
            body = numpyBody(separator: ", ", prefix: prefix, linewidth: options.linewidth - suffix.count, options: options)
        }
        if extras.isEmpty { return prefix + body + ")" }
        let text = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = text.count - ((text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) + 1 }) ?? 0)
        let spacer = lastLine + extra.count + 1 > options.linewidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return text + spacer + extra
    }

    /// NumPy's `str(a)`: the elements without commas, `[0.  0.1 0.2]`; a 0-d array prints as its scalar.
    public func numpyStr(options: NumPyPrintOptions = .current) -> String {
        if rank == 0 { return NDArray.numpyScalarText(scalar(atLinear: 0), dtype: dtype) }
        if count == 0 { return "[]" }
        return numpyBody(separator: " ", prefix: "", linewidth: options.linewidth, options: options)
    }

    /// `(2, 3)`, `(4,)`, `()` as Python writes a tuple of ints.
    public static func pythonTuple(_ shape: [Int]) -> String {
        if shape.count == 1 { return "(\(shape[0]),)" }
        return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// `str()` of a NumPy scalar: `1.5`, `3`, `True`, `0.1` for float32's 0.1.
    public static func numpyScalarText(_ s: Scalar, dtype: DType) -> String {
        switch s {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return NumPyDigits.scalarText(d, float32: dtype == .float32)
        case .complex(let r, let i):
            let f32 = dtype == .complex64
            let im = NumPyDigits.scalarText(i, float32: f32).replacingOccurrences(of: ".0", with: "")
            if r == 0 && r.sign == .plus { return im + "j" }
            let re = NumPyDigits.scalarText(r, float32: f32).replacingOccurrences(of: ".0", with: "")
            return "(" + re + (i.sign == .minus || i.isNaN ? "" : "+") + im + "j)"
        }
    }

    /// `_formatArray`: nested brackets, rows wrapped at the line width, `...` in summaries.
    private func numpyBody(separator: String, prefix: String, linewidth: Int, options: NumPyPrintOptions) -> String {
        let summarize = count > options.threshold
        let edge = max(0, options.edgeitems)
        // The elements shown decide the format (NumPy formats the summarised data only).
        var shown: [Scalar] = []
        func collect(_ index: inout [Int], _ d: Int) {
            if d == rank { shown.append(scalar(at: index)); return }
            let n = shape[d]
            let ids: [Int] = summarize && n > 2 * edge ? Array(0..<edge) + Array((n - edge)..<n) : Array(0..<n)
            for i in ids { index[d] = i; collect(&index, d + 1) }
        }
        var start = [Int](repeating: 0, count: rank)
        collect(&start, 0)
        let fmt = NumPyElementFormat(shown, dtype: dtype, options: options, zeroDimensional: rank == 0)
        if rank == 0 { return fmt.format(scalar(atLinear: 0)) }
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
        var index = [Int](repeating: 0, count: rank)

        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ hanging: String) {
            var wrap = line.count + word.count > width
            if line.count <= hanging.count { wrap = false }
            if wrap {
                while line.hasSuffix(" ") { line.removeLast() }
                s += line + "\n"
                line = hanging
            }
            line += word
        }

        func recurse(_ axis: Int, _ hanging: String, _ width: Int) -> String {
            if axis == rank { return fmt.format(scalar(at: index)) }
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let n = shape[axis]
            let showSummary = summarize && 2 * edge < n
            let leading = showSummary ? edge : 0
            let trailing = showSummary ? edge : n
            var s = ""
            let axesLeft = rank - axis
            if axesLeft == 1 {
                let sepTrim = separator.trimmingCharacters(in: .whitespaces)
                let elemWidth = width - max(sepTrim.count, 1)
                var line = hanging
                for i in 0..<leading {
                    index[axis] = i
                    extend(&s, &line, recurse(axis + 1, nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                }
                if showSummary {
                    extend(&s, &line, "...", elemWidth, hanging)
                    line += separator
                }
                if trailing > 1 {
                    for i in stride(from: trailing, to: 1, by: -1) {
                        index[axis] = n - i
                        extend(&s, &line, recurse(axis + 1, nextHanging, nextWidth), elemWidth, hanging)
                        line += separator
                    }
                }
                index[axis] = n - 1
                extend(&s, &line, recurse(axis + 1, nextHanging, nextWidth), elemWidth, hanging)
                s += line
            } else {
                var sepTrim = separator
                while sepTrim.hasSuffix(" ") { sepTrim.removeLast() }
                let lineSep = sepTrim + String(repeating: "\n", count: axesLeft - 1)
                for i in 0..<leading {
                    index[axis] = i
                    s += hanging + recurse(axis + 1, nextHanging, nextWidth) + lineSep
                }
                if showSummary { s += hanging + "..." + lineSep }
                if trailing > 1 {
                    for i in stride(from: trailing, to: 1, by: -1) {
                        index[axis] = n - i
                        s += hanging + recurse(axis + 1, nextHanging, nextWidth) + lineSep
                    }
                }
                index[axis] = n - 1
                s += hanging + recurse(axis + 1, nextHanging, nextWidth)
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        return recurse(0, nextLinePrefix, linewidth)
    }
}
