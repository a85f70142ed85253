import TensorCore

/// Which of an operation's tensors its derivative formulas read, declared once in the record
/// beside the formulas (PyTorch's derivatives.yaml derives the same list from the formula text).
/// Recording sites never decide what is saved: `Tensor.make` saves exactly this.
public struct Saves: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Input 0 (`self`), input 1 (`other`), input 2.
    public static let input0 = Saves(rawValue: 1)
    public static let input1 = Saves(rawValue: 2)
    public static let input2 = Saves(rawValue: 4)
    /// Every input, however many (einsum, cat's operands).
    public static let allInputs = Saves(rawValue: 8)
    /// The operation's output.
    public static let result = Saves(rawValue: 16)
    public static let inputs01: Saves = [.input0, .input1]

    func savesInput(_ i: Int) -> Bool {
        if contains(.allInputs) { return true }
        return i < 3 && rawValue & (1 << UInt8(i)) != 0
    }
}

/// How an operation's forward-mode (tangent) formula is obtained.
public enum ForwardRule {
    /// PyTorch's `auto_element_wise`: the backward formula with the output gradient replaced by
    /// each input's tangent, summed over the inputs. Exact when each input gradient is the
    /// output gradient times a factor (element-wise operations on real numbers).
    case elementwise
    /// PyTorch's `auto_linear`: the operation is linear in its inputs, so it applies itself to
    /// the tangents (`forwardLinear`).
    case linear
    /// A reduction whose outputs each depend only on their own group of inputs: the tangent is
    /// the group sum of (gradient of the outputs' sum) × tangent, from the backward formula.
    case reduction(dims: [Int]?, keepdim: Bool)
    /// Written beside the backward formula (`forwardFormula`).
    case custom
    /// tcalc has no forward formula: forward mode through this operation is an error.
    case unsupported
}

/// One derivative record: everything tcalc knows about differentiating one operation, in one
/// place, as a row of PyTorch's derivatives.yaml is. The record is the node's payload; small
/// records are stored inline in the node (no allocation per recorded operation).
///
/// - `name`: the node name PyTorch prints (`grad_fn=<TanhBackward0>`).
/// - `saves`: which inputs (and whether the result) the formulas read, through
///   `c.input(i)` / `c.result()`; reading anything else is an internal error caught by the tests.
/// - `backward`: the gradient of each input from the output's gradient `g`, written with
///   differentiable tensor operations (create_graph and grad-of-grad work for free). Gradients
///   may be shaped like the output: the engine un-broadcasts them.
/// - `forward`: how the tangent of the output follows from the inputs' tangents.
public protocol Derivative {
    var name: String { get }
    var saves: Saves { get }
    func backward(_ c: Node, _ g: Tensor) throws -> [Tensor?]
    var forward: ForwardRule { get }
    /// For `.linear`: the operation applied to tangents (nil where an input has none).
    func forwardLinear(_ c: Node, _ tangents: [Tensor?]) throws -> Tensor
    /// For `.custom`: the output's tangent.
    func forwardFormula(_ c: Node, _ tangents: [Tensor?]) throws -> Tensor
    /// PyTorch's names of the saved inputs, for `grad_fn._saved_self`-style attributes.
    var savedInputNames: [String] { get }
    /// Inputs PyTorch has that tcalc does not record as edges (a Python number wrapped as a
    /// tensor, as in `x * 2`), shown as `(None, 0)` after the real ones in `next_functions`.
    var wrappedNumberInputs: Int { get }
    /// How many of the inputs PyTorch's node shows in `next_functions` (nil: all).
    var displayedInputs: Int? { get }
}

extension Derivative {
    public var forward: ForwardRule { .elementwise }
    public func forwardLinear(_ c: Node, _ tangents: [Tensor?]) throws -> Tensor {
        throw TensorError.runtime("internal autograd error: \(name) declares no linear forward formula")
    }
    public func forwardFormula(_ c: Node, _ tangents: [Tensor?]) throws -> Tensor {
        throw TensorError.runtime("internal autograd error: \(name) declares no forward formula")
    }
    public var savedInputNames: [String] { ["self", "other"] }
    public var wrappedNumberInputs: Int { 0 }
    public var displayedInputs: Int? { nil }
}

/// What derivative formulas read: the node is the context. In backward it holds the saved
/// tensors; in forward mode a transient node holds every input and the result.
extension Node {
    /// Input `i` as the operation saw it (checked against in-place changes since).
    public func input(_ i: Int) throws -> Tensor {
        if let all = forwardInputs { return all[i] }
        guard record.saves.savesInput(i) else {
            throw TensorError.runtime("internal autograd error: \(name) reads input \(i), which its record does not save")
        }
        var slot = i
        if !record.saves.contains(.allInputs) {
            slot = 0
            for j in 0..<i where record.saves.savesInput(j) { slot += 1 }
        }
        return try unpack(slot)
    }

    /// The operation's output.
    public func result() throws -> Tensor {
        if let r = forwardResult { return r }
        guard record.saves.contains(.result) else {
            throw TensorError.runtime("internal autograd error: \(name) reads its result, which its record does not save")
        }
        return try unpack(saved.count - 1)
    }

    /// Whether input `i` wants a gradient (in forward mode: is the input whose tangent is being
    /// pushed through an element-wise formula).
    public func wants(_ i: Int) -> Bool {
        if forwardInputs != nil { return forwardOnly == nil || forwardOnly == i }
        if case .none = edges[i].target { return false }
        return true
    }

    /// The shape of input `i`.
    public func inputShape(_ i: Int) -> [Int] { edges[i].shape }

    /// The number of tensor inputs.
    public var inputCount: Int { edges.count }
}

/// The derivative record types, for the tests that walk them: every record needs a gradcheck
/// case and a forward-mode check. A new record type adds its name here (unary operations share
/// `UnaryRecord`, one record per operation, and need nothing).
public enum DerivativeRecords {
    static let types: [any Derivative.Type] = [
        AddRecord.self, SubRecord.self, RsubRecord.self, MulRecord.self, MulScalarRecord.self, DivRecord.self,
        DivScalarRecord.self, PowScalarRecord.self, PowTensorRecord.self, PowBaseRecord.self, ExtremumRecord.self,
        Atan2Record.self, RemainderRecord.self, WhereRecord.self, ClampRecord.self, ClampTensorRecord.self,
        SumRecord.self, MeanRecord.self, ProdRecord.self, AmaxRecord.self, VarianceRecord.self, VectorNormRecord.self,
        LogSumExpRecord.self, SoftmaxRecord.self, LogSoftmaxRecord.self, CumsumRecord.self, CumprodRecord.self,
        ReshapeRecord.self, PermuteRecord.self, ExpandRecord.self, AliasRecord.self, SelectionRecord.self,
        TakeFlatRecord.self, ScatterAddFlatRecord.self, CatRecord.self, StackRecord.self, CopySlicesRecord.self,
        MatmulRecord.self, AddmmRecord.self, EinsumRecord.self, TraceRecord.self, DetRecord.self, InvRecord.self,
        SolveRecord.self, LogDetRecord.self, CholeskyRecord.self, EighRecord.self, SingularValuesRecord.self,
        SingularVectorsRecord.self, QRRecord.self,
    ]

    /// The key a walk uses for a record: its type, and for unary records the operation's node.
    public static func key(_ record: any Derivative) -> String {
        if let u = record as? UnaryRecord { return "UnaryRecord " + u.name }
        return String(describing: type(of: record))
    }

    /// Every key a walk must reach.
    public static var allKeys: [String] {
        let unary = UnaryOp.allCases.compactMap { UnaryRecord.of($0) }.map { key($0) }
        return unary + types.map { String(describing: $0) }
    }
}
