/// `help()` without arguments, `help('topic')` for the ideas a learner meets first, and the
/// sectioned overview of a large module (`help(torch)`).
enum HelpTopics {
    static let overview: String = """
    tcalc: a calculator for tensors that speaks PyTorch's Python.

      >>> x = torch.arange(6.0).reshape(2, 3)
      >>> x.sum(dim=0)
      tensor([3., 5., 7.])
      >>> w = torch.ones(3, requires_grad=True)
      >>> (x @ w).sum().backward(); w.grad
      tensor([3., 5., 7.])

    help(obj), obj? or ?obj        what a function, module or value is (obj?? adds its source)
    help(torch), help(math)        a module's contents;  dir(x) lists attributes
    help('broadcasting'), help('autograd'), help('indexing'), help('dtypes')   short topics
    %quickref                      the prompt's keys, magics and completion on one screen
    Modules: {modules}

    """

    static let topics: [String: String] = [
        "broadcasting": """
        Broadcasting: how shapes combine in elementwise operations (PyTorch's and NumPy's rules).
        Shapes are compared from the last dimension backwards; two sizes fit when they are equal or
        one of them is 1 (that dimension is repeated), and a missing leading dimension counts as 1.

          >>> torch.ones(2, 3) + torch.tensor([10., 20., 30.])      # (2, 3) with (3,) -> (2, 3)
          >>> torch.arange(3).reshape(3, 1) * torch.arange(4)       # (3, 1) with (4,) -> (3, 4)
          >>> torch.ones(2, 3) + torch.ones(2)                      # error: 3 and 2 do not fit

        Nothing is copied: the size-1 dimension is read again. In-place operations (x += y) must
        keep x's own shape. See also: expand, unsqueeze, help('indexing').

        """,
        "autograd": """
        Autograd: gradients recorded as you compute.
        A tensor made with requires_grad=True records every operation on it; .backward() on a
        scalar result fills .grad of each leaf with d(result)/d(leaf). Gradients add up across
        calls, so zero them between steps.

          >>> x = torch.arange(4.0, requires_grad=True)
          >>> y = 2 * torch.dot(x, x)
          >>> y.backward()
          >>> x.grad                         # 4 * x
          >>> x.grad.zero_()
          >>> with torch.no_grad(): x -= 0.1 * x.grad     # update without recording

        y.detach() stops recording; torch.autograd.grad(y, x, create_graph=True) gives higher
        derivatives; grad(f), jacobian(f), hessian(f) are functional forms.

        """,
        "indexing": """
        Indexing: x[i], x[a:b:c], x[..., None], x[mask], x[[0, 2]] as in PyTorch and NumPy.
        Integers remove a dimension, slices keep it and share storage with x (a view), None adds a
        dimension of size 1, and boolean masks or integer lists pick elements into a new tensor.

          >>> x = torch.arange(12).reshape(3, 4)
          >>> x[1]            # row 1, shape (4,)
          >>> x[:, 1:3]       # columns 1 and 2, a view
          >>> x[x > 5]        # a mask: the elements above 5, flattened
          >>> x[[0, 2]]       # rows 0 and 2, a copy
          >>> x[0, 0] = 100   # writes into x (and every view of it)

        Negative indices count from the end; out-of-range integers raise IndexError.

        """,
        "dtypes": """
        Dtypes: the element type of a tensor (x.dtype).
        torch.float32 (the default for floats), float64, float16, bfloat16, int64 (the default for
        integers), int32, int16, int8, uint8, bool, complex64, complex128.

          >>> torch.tensor([1, 2]).dtype          # torch.int64
          >>> torch.tensor([1.0, 2]).dtype        # torch.float32
          >>> torch.tensor([1, 2]) / 2            # true division promotes to float32
          >>> x.to(torch.float64), x.double(), x.int()

        Mixing dtypes promotes to the wider category (bool < int < float < complex); a Python
        number never widens a tensor within its category. torch.set_default_dtype changes the
        float default.

        """,
    ]

    /// Module attributes shown as names in columns rather than one line each, above this many.
    static let sectionThreshold: Int = 40

    /// Names laid out in columns down the page across 80 characters, each column as wide as
    /// its longest name, as `ls` does.
    static func columns(_ names: [String], indent: String = "    ") -> String {
        guard !names.isEmpty else { return "" }
        let available: Int = 80 - indent.count
        var rows: Int = names.count
        var widths: [Int] = [names.map(\.count).max() ?? 0]
        for count in stride(from: min(names.count, available / 3), through: 1, by: -1) {
            let r: Int = (names.count + count - 1) / count
            let w: [Int] = stride(from: 0, to: names.count, by: r).map { start in
                names[start..<min(start + r, names.count)].map(\.count).max() ?? 0
            }
            if w.reduce(0, +) + 2 * (w.count - 1) <= available {
                rows = r
                widths = w
                break
            }
        }
        var out: String = ""
        for row in 0..<rows {
            var line: String = indent
            for (column, width) in widths.enumerated() {
                let i: Int = column * rows + row
                guard i < names.count else { break }
                line += names[i]
                if column < widths.count - 1 && (column + 1) * rows + row < names.count {
                    line += String(repeating: " ", count: width - names[i].count + 2)
                }
            }
            out += line + "\n"
        }
        return out
    }
}
