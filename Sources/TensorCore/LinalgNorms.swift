extension Linalg {
    /// `torch.linalg.matrix_norm` over the two dimensions `dims` (default the last two).
    /// `ord` is `"fro"`, `"nuc"`, or a number spelled as text: `"1"`, `"-1"`, `"2"`, `"-2"`,
    /// `"inf"`, `"-inf"` (max/min column sum, largest/smallest singular value, max/min row sum).
    public static func matrixNorm(_ a: NDArray, ord: String, dims: [Int], keepdim: Bool) throws -> NDArray {
        let function = "linalg.matrix_norm"
        try LinalgCheck.floating(a, function)
        guard a.rank >= 2 else {
            throw TensorError.runtime("\(function): The input tensor A must have at least 2 dimensions.")
        }
        let kind = try MatrixNormKind(ord)
        guard dims.count == 2 else { throw TensorError.runtime("\(function): dim must be a 2-tuple. Got \(dims.map(String.init).joined(separator: " "))") }
        var axes: [Int] = []
        for d in dims {
            guard d >= -a.rank && d < a.rank else {
                throw TensorError.index("Dimension out of range (expected to be in range of [\(-a.rank), \(a.rank - 1)], but got \(d))")
            }
            axes.append(d < 0 ? d + a.rank : d)
        }
        guard axes[0] != axes[1] else {
            throw TensorError.runtime("\(function): dims must be different. Got (\(dims[0]), \(dims[1]))")
        }
        // Move the two norm dimensions last (as rows, cols) without copying.
        let others = (0..<a.rank).filter { !axes.contains($0) }
        let order = others + axes
        let moved = a.viewing(shape: order.map { a.shape[$0] }, strides: order.map { a.strides[$0] })
        let rows = a.shape[axes[0]], cols = a.shape[axes[1]]
        let batchShape = others.map { a.shape[$0] }
        let batchCount = batchShape.reduce(1, *)
        var results = [Double](repeating: 0, count: batchCount)
        if kind.usesSingularValues {
            if (rows == 0 || cols == 0) && kind != .nuclear {
                throw TensorError.index("\(function): Expected a non-empty matrix for ord=\(ord)")
            }
            let s = try svdvals(moved).doubles
            let k = Swift.min(rows, cols)
            for b in 0..<batchCount {
                let values = s[(b * k)..<(b * k + k)]
                switch kind {
                case .nuclear: results[b] = values.reduce(0, +)
                case .spectral: results[b] = values.max() ?? 0
                default: results[b] = values.min() ?? 0
                }
            }
        } else {
            let x = moved.doubles
            for b in 0..<batchCount {
                let base = b * rows * cols
                switch kind {
                case .frobenius:
                    var total: Double = 0
                    for i in 0..<(rows * cols) { total += x[base + i] * x[base + i] }
                    results[b] = total.squareRoot()
                case .maxColumnSum, .minColumnSum:
                    if cols == 0 || rows == 0 { throw TensorError.index("\(function): Expected a non-empty matrix for ord=\(ord)") }
                    let sums: [Double] = (0..<cols).map { j in (0..<rows).reduce(0) { $0 + Swift.abs(x[base + $1 * cols + j]) } }
                    results[b] = (kind == .maxColumnSum ? sums.max() : sums.min()) ?? 0
                default:
                    if cols == 0 || rows == 0 { throw TensorError.index("\(function): Expected a non-empty matrix for ord=\(ord)") }
                    let sums: [Double] = (0..<rows).map { i in (0..<cols).reduce(0) { $0 + Swift.abs(x[base + i * cols + $1]) } }
                    results[b] = (kind == .maxRowSum ? sums.max() : sums.min()) ?? 0
                }
            }
        }
        var shape = batchShape
        if keepdim {
            shape = a.shape
            shape[axes[0]] = 1
            shape[axes[1]] = 1
        }
        let out = try NDArray(zeros: shape, dtype: a.dtype)
        for (i, v) in results.enumerated() { out.setScalar(.float(v), atLinear: i) }
        return out
    }
}

/// The matrix norms `torch.linalg.matrix_norm` accepts.
enum MatrixNormKind: Equatable {
    case frobenius, nuclear, spectral, smallestSingular, maxColumnSum, minColumnSum, maxRowSum, minRowSum

    init(_ ord: String) throws {
        switch ord {
        case "fro": self = .frobenius
        case "nuc": self = .nuclear
        case "2", "2.0": self = .spectral
        case "-2", "-2.0": self = .smallestSingular
        case "1", "1.0": self = .maxColumnSum
        case "-1", "-1.0": self = .minColumnSum
        case "inf": self = .maxRowSum
        case "-inf": self = .minRowSum
        default:
            throw TensorError.runtime("linalg.matrix_norm: Order \(ord) not supported.")
        }
    }

    var usesSingularValues: Bool { self == .nuclear || self == .spectral || self == .smallestSingular }
}
