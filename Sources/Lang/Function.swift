/// Compiled code: closures over a frame, produced once by the `Compiler`.
typealias ExprCode = (Frame) throws -> Value
typealias StmtCode = (Frame) throws -> Flow

/// How a statement finished.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned
}

/// What a frame holds besides its slots.
struct FrameHeader {
    var returnValue: Value
    let parent: Frame?
    let size: Int
    /// Set for a generator function's frame: where `yield` hands values over.
    var generator: GeneratorChannel? = nil
}

/// The variables of one function activation (or comprehension). Variables live in slots
/// resolved at compile time; closures keep their defining frame alive through `parent`.
/// The slots are tail-allocated, so making a frame per call is a single allocation.
final class Frame: ManagedBuffer<FrameHeader, Value?> {
    static func make(size: Int, parent: Frame?) -> Frame {
        let n: Int = max(size, 1)
        let buffer: ManagedBuffer<FrameHeader, Value?> = Frame.create(minimumCapacity: n) { _ in
            FrameHeader(returnValue: .none, parent: parent, size: n)
        }
        let frame: Frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: n) }
        return frame
    }

    deinit {
        let n: Int = header.size
        _ = withUnsafeMutablePointerToElements { $0.deinitialize(count: n) }
    }

    /// The slots; valid while the frame lives (the closures that use it hold the frame).
    @inline(__always)
    var slots: UnsafeMutablePointer<Value?> { withUnsafeMutablePointerToElements { $0 } }

    var parent: Frame? { header.parent }

    var returnValue: Value {
        get { header.returnValue }
        set { header.returnValue = newValue }
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var f: Frame = self
        for _ in 0..<depth {
            guard let p = f.parent else { break }
            f = p
        }
        return f
    }
}

/// A compiled function body shared by every function object a `def` creates.
final class FunctionCode {
    let name: String
    let slotCount: Int
    let file: SourceFile
    var body: StmtCode = { _ in .normal }
    var isGenerator: Bool = false
    /// Where the `def` (or lambda) stands in `file`, for `f??` at the prompt.
    var definition: SourceRange?
    init(name: String, slotCount: Int, file: SourceFile) {
        self.name = name
        self.slotCount = slotCount
        self.file = file
    }
}

/// A user-defined function or lambda with its defaults and closure.
public final class PyFunction {
    public let name: String
    /// `__qualname__`: `Point.norm` for a method, else the name.
    public var qualifiedName: String
    let parameters: ParameterList
    let code: FunctionCode
    let closure: Frame
    public var doc: String?
    var attributes: [String: Value] = [:]
    /// Positional-only fast path: exactly these many plain parameters, no defaults needed.
    let simpleArity: Int?
    /// A function whose body yields: calling it makes a generator without running the body.
    let isGenerator: Bool

    init(name: String, parameters: ParameterList, code: FunctionCode, closure: Frame, doc: String?) {
        self.name = name
        self.qualifiedName = name
        self.parameters = parameters
        self.code = code
        self.closure = closure
        self.doc = doc
        isGenerator = code.isGenerator
        let plain: Bool = parameters.parameters.allSatisfy { $0.kind == .positionalOrKeyword }
        simpleArity = plain ? parameters.parameters.count : nil
    }

    /// Calls the function: binds arguments (Python's rules), runs the body in a new frame,
    /// records a traceback line when an exception leaves it.
    public func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let frame: Frame = Frame.make(size: code.slotCount, parent: closure)
        if let n = simpleArity, args.keywords.isEmpty, args.positional.count == n {
            for i in 0..<n { frame.slots[i] = args.positional[i] }
        } else {
            let values: [Value] = try parameters.bind(args, function: name)
            for i in 0..<values.count { frame.slots[i] = values[i] }
        }
        return try run(frame, interp)
    }

    func run(_ frame: Frame, _ interp: Interpreter) throws -> Value {
        if isGenerator { return .object(PythonGenerator(name: name, frame: frame, code: code)) }
        interp.callDepth += 1
        defer { interp.callDepth -= 1 }
        if interp.callDepth > interp.recursionLimit {
            throw PyException(ExceptionTypes.recursionError, "maximum recursion depth exceeded")
        }
        try interp.checkInterrupt()
        do {
            _ = try code.body(frame)
        } catch {
            var e: PyException = interp.pyException(from: error)
            if let r = e.frameRange {
                e.traceback.append(TraceEntry(function: name, file: e.frameFile, range: r))
            }
            e.frameRange = nil
            e.frameFile = nil
            throw e
        }
        return frame.returnValue
    }
}

