extension NDArray {
    /// The `tensor(...)` repr, exactly as PyTorch prints it.
    ///
    ///     >>> torch.tensor([1.0, 2.5])
    ///     tensor([1.0000, 2.5000])
    ///
    /// `suffixes` are extra items already rendered, such as `requires_grad=True` or
    /// `grad_fn=<MulBackward0>`; they follow the `size=`/`dtype=` items this function adds itself,
    /// and all of them wrap by PyTorch's rule (a new line once the line would pass the width).
    public func formatted(suffixes: [String] = [], options: PrintOptions = .current) -> String {
        let indent = 7  // "tensor("
        var items: [String] = []
        let body: String
        if count == 0 {
            // NumPy-style: the shape is spelled out unless it is (0,), and the dtype is always
            // shown unless it is the default floating one (nothing else hints at it).
            if rank != 1 { items.append("size=" + TensorError.shapeString(shape)) }
            if dtype != DTypeDefaults.floating { items.append("dtype=" + dtype.description) }
            body = "[]"
        } else {
            if options.edgeitems == 0 { items.append("size=" + TensorError.shapeString(shape)) }
            if !NDArray.isDefaultPrintedDType(dtype) { items.append("dtype=" + dtype.description) }
            body = TensorTextLayout(array: self, options: options).render(indent: indent)
        }
        items.append(contentsOf: suffixes)
        return NDArray.appendSuffixes(to: "tensor(" + body, items, indent: indent, linewidth: options.linewidth)
    }

    /// Dtypes whose repr needs no `dtype=`: the values already show them.
    static func isDefaultPrintedDType(_ dtype: DType) -> Bool {
        let floating: DType = DTypeDefaults.floating
        return dtype == floating || dtype == floating.complexCounterpart || dtype == .int64 || dtype == .bool
    }

    /// PyTorch's `_add_suffixes`: each item follows `, ` while the line stays within the width,
    /// otherwise it starts a new line indented under the opening bracket.
    static func appendSuffixes(to text: String, _ items: [String], indent: Int, linewidth: Int) -> String {
        var out = text
        // PyTorch counts the last line's length plus 2 (for the `, ` about to be added).
        var lineLength: Int
        if let newline = text.lastIndex(of: "\n") {
            lineLength = text.distance(from: newline, to: text.endIndex) - 1 + 2
        } else {
            lineLength = text.utf8.count + 2
        }
        for item in items {
            let n = item.utf8.count
            if lineLength + n + 2 > linewidth {
                out += ",\n" + String(repeating: " ", count: indent) + item
                lineLength = indent + n
            } else {
                out += ", " + item
                lineLength += n + 2
            }
        }
        return out + ")"
    }
}

/// The bracketed body of a non-empty tensor's repr: which elements are shown when the tensor is
/// summarized, how they are formatted, and how rows and blocks are nested and wrapped.
struct TensorTextLayout {
    let array: NDArray
    let options: PrintOptions
    let summarize: Bool
    /// Per dimension, the indices shown, and whether a `...` stands between the two ends.
    let kept: [[Int]]
    let elided: [Bool]

    init(array: NDArray, options: PrintOptions) {
        self.array = array
        self.options = options
        summarize = array.count > options.threshold
        let edge: Int = Swift.max(0, options.edgeitems)
        var kept: [[Int]] = []
        var elided: [Bool] = []
        for size in array.shape {
            // `size > 2 * edge` without the overflow of a huge edgeitems.
            if summarize && size > edge && size - edge > edge {
                kept.append(Array(0..<edge) + Array((size - edge)..<size))
                elided.append(true)
            } else {
                kept.append(Array(0..<size))
                elided.append(false)
            }
        }
        self.kept = kept
        self.elided = elided
    }

    /// The elements the formatter measures. PyTorch measures exactly the summarized data, with
    /// two quirks for `edgeitems=0`: a 1-d tensor is measured whole (`x[-0:]` is all of it), an
    /// n-d one not at all.
    func measuredElements() -> [Scalar] {
        if summarize && options.edgeitems <= 0 {
            return array.rank == 1 ? array.scalars : []
        }
        var out: [Scalar] = []
        forEachKept(dim: 0, position: array.offset) { out.append(array.scalar(atStorageOffset: $0)) }
        return out
    }

    private func forEachKept(dim: Int, position: Int, _ body: (Int) -> Void) {
        if dim == array.rank { body(position); return }
        let stride = array.strides[dim]
        for i in kept[dim] { forEachKept(dim: dim + 1, position: position + i * stride, body) }
    }

    func render(indent: Int) -> String {
        let renderer = ScalarRenderer(dtype: array.dtype, shown: measuredElements(), options: options)
        return render(dim: 0, position: array.offset, indent: indent, renderer: renderer)
    }

    /// PyTorch's `_tensor_str_with_formatter` for the sub-tensor starting at dimension `dim`.
    private func render(dim: Int, position: Int, indent: Int, renderer: ScalarRenderer) -> String {
        let remaining = array.rank - dim
        if remaining == 0 {
            return renderer.render(array.scalar(atStorageOffset: position))
        }
        let stride = array.strides[dim]
        let edge = options.edgeitems
        if remaining == 1 {
            var data: [String] = []
            if summarize && edge <= 0 {
                data = ["..."]
            } else {
                for (n, i) in kept[dim].enumerated() {
                    if elided[dim] && n == edge { data.append(" ...") }
                    data.append(renderer.render(array.scalar(atStorageOffset: position + i * stride)))
                }
            }
            let perLine: Int = Swift.max(1, (options.linewidth - indent) / renderer.elementLength)
            var lines: [String] = []
            var start = 0
            while start < data.count {
                let end = Swift.min(start + perLine, data.count)
                lines.append(data[start..<end].joined(separator: ", "))
                start = end
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        var slices: [String] = []
        for (n, i) in kept[dim].enumerated() {
            if elided[dim] && n == edge { slices.append("...") }
            slices.append(render(dim: dim + 1, position: position + i * stride, indent: indent + 1, renderer: renderer))
        }
        // With edgeitems=0 nothing is kept, and the placeholder stands alone: `[...]`.
        if elided[dim] && edge <= 0 { slices.append("...") }
        let separator: String = "," + String(repeating: "\n", count: remaining - 1)
            + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
    }
}
