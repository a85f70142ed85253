/// The vocabulary of element-wise, reduction and indexing operations. Kernels (TensorCore),
/// gradient rules (Autograd) and builtins (Lang) all name operations through these enums, so
/// an operation is spelled the same way in every layer.

/// An operand of an element-wise operation: an array, or a Python number that takes part in
/// type promotion as a "wrapped number" (it never widens a tensor's dtype within its category).
public enum Operand {
    case array(NDArray)
    case scalar(Scalar)
}

public enum UnaryOp: String, CaseIterable, Sendable {
    case neg, abs, sign, exp, expm1, log, log1p, log2, log10, sqrt, rsqrt, square, reciprocal
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
    case sigmoid, relu, erf, floor, ceil, round, trunc, frac
    /// `~`: logical not on bool, bitwise not on integers.
    case bitwiseNot
    case logicalNot
    case isnan, isinf, isfinite
}

public enum BinaryOp: String, CaseIterable, Sendable {
    case add, sub, mul
    /// True division: integer inputs give the default floating dtype.
    case div
    /// Python's `//` (floor) and `%` (sign of the divisor); integer division by zero is an error.
    case floorDiv, remainder
    case pow, atan2, maximum, minimum
    case eq, ne, lt, le, gt, ge
    /// `& | ^`: logical on bool, bitwise on integers, an error on floats.
    case bitAnd, bitOr, bitXor
    case logicalAnd, logicalOr, logicalXor
    case shiftLeft, shiftRight
}

public enum ReduceOp: String, CaseIterable, Sendable {
    case sum, mean, prod, amax, amin, all, any, countNonzero
}

public enum CumulativeOp: String, Sendable {
    case sum, prod
}

/// One item of a subscript `x[...]`, after the interpreter has evaluated it.
public enum IndexItem {
    case int(Int)
    /// Python slice; nil bounds mean "from the start/to the end" for the step's direction.
    case slice(start: Int?, stop: Int?, step: Int?)
    case ellipsis
    /// `None`: inserts a dimension of size 1.
    case newAxis
    /// A bool array (mask) or an integer array (advanced indexing); lists arrive as arrays.
    case array(NDArray)
}
