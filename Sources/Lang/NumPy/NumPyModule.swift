import Autograd
import Foundation
import TensorCore

/// Registers NumPy builtins under NumPy's spellings: `numpy.name` (what `np.name` reaches
/// after `import numpy as np`) and, for methods, `ndarray.name` (the receiver binds to the
/// first parameter). One declaration per function, so `help(np.sum)`, completion after `np.`
/// or an array, and docs/builtins.md come from the same entry.
struct NumPyTable {
    let registry: BuiltinRegistry

    enum Reach {
        /// `np.name(...)` and `a.name(...)`.
        case everywhere
        /// `np.name(...)` only.
        case function
        /// `a.name(...)` only.
        case method
    }

    func add(_ signature: String, _ reach: Reach = .everywhere, module: String = "numpy", aliases: [String] = [],
             doc: String, _ body: @escaping (BoundArguments) throws -> Value) {
        let name = String(signature.prefix { $0 != "(" })
        var names: [String] = []
        for n in [name] + aliases {
            if reach != .method { names.append("\(module).\(n)") }
            if reach != .function { names.append("ndarray.\(n)") }
        }
        registry.add(names, signature, doc: doc, body)
    }
}

/// The `numpy` module (imported, never preloaded): its types, constants, printing options and
/// every family of functions.
public enum NumPyModule {
    /// NumPy's `UFuncTypeError` for casts that 'same_kind' forbids (`int_array += 1.5`).
    static let castingError: PyType = {
        let t = PyType("UFuncTypeError", qualifiedName: "numpy._core._exceptions._UFuncOutputCastingError", base: ExceptionTypes.typeError)
        t.construct = { args, _ in .object(ExceptionObject(type: t, args: args.positional)) }
        return t
    }()

    public static func register(_ r: BuiltinRegistry) {
        r.declareModule("numpy", doc: "NumPy's arrays and functions over tcalc's tensor engine (import numpy as np).")
        r.declareModule("numpy.linalg", doc: "NumPy's linear algebra.")
        r.declareModule("numpy.random", doc: "NumPy's random numbers (the legacy seed stream is MT19937 as NumPy's).")
        registerTypes(r)
        registerConstants(r)
        let t = NumPyTable(registry: r)
        registerPrinting(t)
        NumPyCreation.register(t)
        NumPyMath.register(t)
        NumPyReductions.register(t)
        NumPyShape.register(t)
        NumPyLinalg.register(t)
        NumPyRandom.register(t)
        NumPyIO.register(t)

    }

    static func registerTypes(_ r: BuiltinRegistry) {
        let ndarray = PyType("ndarray", qualifiedName: "numpy.ndarray")
        ndarray.construct = { args, interp in
            guard let shape = args.positional.first else { throw PyException.typeError("ndarray() missing required argument 'shape' (pos 0)") }
            return .object(NumPyArray(try NDArray(zeros: try NumPyConvert.shape(shape, interp), dtype: .float64)))
        }
        r.registerType(ndarray, as: "numpy.ndarray")
        for d in DType.allCases {
            let name = NumPyScalar.typeName(d)
            let type = PyType(name, qualifiedName: name)
            type.construct = { args, interp in
                let v = args.positional.first ?? .int(0)
                if case .str(let s) = v, d.isFloatingPoint {
                    return .object(NumPyScalar(.float(try interp.floatValue(.str(s))), dtype: d))
                }
                let a = try NumPyConvert.array(v, dtype: d, interp)
                return NumPyConvert.result(a)
            }
            r.registerType(type, as: "numpy." + (d == .bool ? "bool" : d.name))
        }
        r.setConstant("numpy.bool_", .object(r.type(named: NumPyScalar.typeName(.bool))!))
        r.setConstant("numpy.float_", .object(r.type(named: NumPyScalar.typeName(.float64))!))
        r.setConstant("numpy.double", .object(r.type(named: NumPyScalar.typeName(.float64))!))
        r.setConstant("numpy.single", .object(r.type(named: NumPyScalar.typeName(.float32))!))
        r.setConstant("numpy.int_", .object(r.type(named: NumPyScalar.typeName(.int64))!))
        r.registerType(PyType("numpy.dtype", qualifiedName: "numpy.dtype"))
        r.add(["numpy.dtype"], "dtype(dtype)", doc: "The dtype object for a name or type: np.dtype('float32').") { a in
            guard let d = try a.npDType() else { throw PyException.typeError("Cannot interpret 'None' as a data type") }
            return .object(NumPyDType.of(d))
        }
    }

    static func registerConstants(_ r: BuiltinRegistry) {
        r.setConstant("numpy.pi", .float(Double.pi))
        r.setConstant("numpy.e", .float(M_E))
        r.setConstant("numpy.inf", .float(.infinity))
        r.setConstant("numpy.nan", .float(.nan))
        r.setConstant("numpy.newaxis", .none)
        r.setConstant("numpy.True_", .object(NumPyScalar(.bool(true), dtype: .bool)))
        r.setConstant("numpy.False_", .object(NumPyScalar(.bool(false), dtype: .bool)))
        r.setConstant("numpy.__version__", .str("2.4.0"))
    }

    static func registerPrinting(_ t: NumPyTable) {
        t.add("set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None)", .function,
              doc: "NumPy's printing options (separate from torch.set_printoptions).") { a in
            NumPyPrintOptions.current = try options(a, base: NumPyPrintOptions.current)
            return .none
        }
        t.add("get_printoptions()", .function, doc: "The printing options as a dict.") { a in
            let o = NumPyPrintOptions.current
            let d = PyDict()
            try d.set(.str("edgeitems"), .int(o.edgeitems))
            try d.set(.str("threshold"), .int(o.threshold))
            try d.set(.str("floatmode"), .str("maxprec"))
            try d.set(.str("precision"), .int(o.precision))
            try d.set(.str("suppress"), .bool(o.suppress))
            try d.set(.str("linewidth"), .int(o.linewidth))
            return .dict(d)
        }
        t.add("printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None)", .function,
              doc: "A context manager: the options inside a with block, restored after it.") { a in
            .object(PrintOptionsScope(try options(a, base: NumPyPrintOptions.current)))
        }
        t.add("array2string(a, precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, separator=' ')", .function,
              doc: "The str() of an array with the given options.") { a in
            let o = try options(a, base: NumPyPrintOptions.current)
            return .str(try a.ndarray().numpyStr(options: o))
        }
    }

    static func options(_ a: BoundArguments, base: NumPyPrintOptions) throws -> NumPyPrintOptions {
        var o = base
        if let p = try a.optionalInt("precision") {
            guard p >= 0 else { throw PyException.valueError("precision must be >= 0") }
            o.precision = p
        }
        if !a["threshold"].isNone {
            let th = try a.double("threshold")
            guard !th.isNaN else { throw PyException.valueError("threshold must be non-NAN, try sys.maxsize for untruncated representation") }
            o.threshold = th >= Double(Int.max) ? Int.max : max(0, Int(th))
        }
        if let e = try a.optionalInt("edgeitems") { o.edgeitems = max(0, e) }
        if let w = try a.optionalInt("linewidth") { o.linewidth = w }
        if !a["suppress"].isNone { o.suppress = try a.interp.truthy(a["suppress"]) }
        return o
    }
}

/// `with np.printoptions(...)`: sets the options on entry and restores the previous ones on exit.
final class PrintOptionsScope: PyObject {
    let options: NumPyPrintOptions
    var saved: NumPyPrintOptions?
    init(_ options: NumPyPrintOptions) { self.options = options }
    var typeName: String { "_GeneratorContextManager" }
    func repr(_ interp: Interpreter) throws -> String { "<contextlib._GeneratorContextManager object>" }
    func enter(_ interp: Interpreter) throws -> Value? {
        saved = NumPyPrintOptions.current
        NumPyPrintOptions.current = options
        return Value.none
    }
    func exit(error: Error?, _ interp: Interpreter) throws {
        if let s = saved { NumPyPrintOptions.current = s }
    }
}
