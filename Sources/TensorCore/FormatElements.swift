/// Turns the elements of one tensor into equally wide strings, choosing a notation from all the
/// values that will be shown (PyTorch's `_Formatter` in `torch/_tensor_str.py`).
///
/// For floating values the choice is made over the nonzero finite values only:
/// - all integral → "int mode" (`%.0f` plus a `.`), unless the range calls for scientific;
/// - otherwise `%.{precision}f`, unless max/min > 1000, max > 1e8 or min < 1e-4, which
///   switch to `%.{precision}e`.
/// The width is the longest of those strings; every element is right-aligned to it.
struct ElementFormatter {
    /// Whether the values are floating (else they are pre-rendered integers or booleans).
    let isFloating: Bool
    private(set) var intMode: Bool = true
    private(set) var sciMode: Bool = false
    private(set) var width: Int = 1
    let precision: Int

    /// A formatter for integers or booleans, already rendered with Python's `str`.
    init(texts: [String]) {
        isFloating = false
        precision = 0
        for t in texts { width = max(width, t.utf8.count) }
    }

    /// A formatter for floating values (the real or imaginary parts of complex values too).
    init(floats: [Double], options: PrintOptions) {
        isFloating = true
        precision = options.precision
        var finite: [Double] = []
        finite.reserveCapacity(floats.count)
        for v in floats where v.isFinite && v != 0 { finite.append(v) }
        // With nothing to measure PyTorch keeps int mode and width 1, and returns before the
        // sci_mode option is even looked at.
        if finite.isEmpty { return }

        var minAbs: Double = .infinity
        var maxAbs: Double = 0
        for v in finite {
            let a: Double = Swift.abs(v)
            minAbs = Swift.min(minAbs, a)
            maxAbs = Swift.max(maxAbs, a)
            if intMode && v != v.rounded(.up) { intMode = false }
        }
        let ratio: Double = maxAbs / minAbs
        if intMode {
            sciMode = ratio > 1000 || maxAbs > 1.0e8
        } else {
            sciMode = ratio > 1000 || maxAbs > 1.0e8 || minAbs < 1.0e-4
        }
        for v in finite {
            let text: String
            if sciMode {
                text = NumberText.scientific(v, precision: precision)
            } else if intMode {
                text = NumberText.fixed(v, precision: 0) + "."
            } else {
                text = NumberText.fixed(v, precision: precision)
            }
            width = Swift.max(width, text.utf8.count)
        }
        if let forced = options.sciMode { sciMode = forced }
    }

    /// One floating value, right-aligned to the common width.
    func format(_ value: Double) -> String {
        let text: String
        if sciMode {
            text = NumberText.scientific(value, precision: precision)
        } else if intMode {
            if let special = NumberText.nonFinite(value) {
                text = special
            } else {
                text = NumberText.fixed(value, precision: 0) + "."
            }
        } else {
            text = NumberText.fixed(value, precision: precision)
        }
        return NumberText.padded(text, to: width)
    }

    /// One pre-rendered integer or boolean, right-aligned to the common width.
    func format(text: String) -> String {
        NumberText.padded(text, to: width)
    }
}

/// Formats single elements of one dtype: a real formatter, plus one for imaginary parts when
/// the dtype is complex.
struct ScalarRenderer {
    let real: ElementFormatter
    let imaginary: ElementFormatter?

    /// Builds the formatters from every element that will be shown.
    init(dtype: DType, shown: [Scalar], options: PrintOptions) {
        if dtype.isComplex {
            var reals: [Double] = []
            var imags: [Double] = []
            reals.reserveCapacity(shown.count)
            imags.reserveCapacity(shown.count)
            for s in shown {
                if case .complex(let r, let i) = s {
                    reals.append(r); imags.append(i)
                } else {
                    reals.append(s.doubleValue); imags.append(0)
                }
            }
            real = ElementFormatter(floats: reals, options: options)
            imaginary = ElementFormatter(floats: imags, options: options)
        } else if dtype.isFloatingPoint {
            real = ElementFormatter(floats: shown.map(\.doubleValue), options: options)
            imaginary = nil
        } else {
            real = ElementFormatter(texts: shown.map(ScalarRenderer.pythonString))
            imaginary = nil
        }
    }

    /// Characters an element takes in a row, counting the `, ` separator (PyTorch's
    /// `element_length`; complex adds the imaginary width and its `j`).
    var elementLength: Int {
        var n: Int = real.width + 2
        if let im = imaginary { n += im.width + 1 }
        return n
    }

    /// One element, padded.
    func render(_ value: Scalar) -> String {
        if let im = imaginary {
            var re: Double = value.doubleValue
            var imValue: Double = 0
            if case .complex(let r, let i) = value { re = r; imValue = i }
            let realText: String = real.format(re)
            // Padding spaces are stripped from the imaginary part; a sign (`-`, or `+` never
            // produced here) joins directly, otherwise `+` is inserted.
            let imagText: String = String((im.format(imValue) + "j").drop(while: { $0 == " " }))
            if imagText.hasPrefix("-") || imagText.hasPrefix("+") { return realText + imagText }
            return realText + "+" + imagText
        }
        if real.isFloating { return real.format(value.doubleValue) }
        return real.format(text: ScalarRenderer.pythonString(value))
    }

    /// Python's `str` of an integer or boolean element.
    static func pythonString(_ value: Scalar) -> String {
        switch value {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .complex(let r, let i): return "(\(r)+\(i)j)"
        }
    }
}
