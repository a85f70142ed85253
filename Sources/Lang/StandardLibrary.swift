import BigInt
import Foundation

/// The standard builtin table: Python's built-ins and methods, `math`, `sys`, and whatever
/// the other parts of tcalc install. To add a family of builtins, write an installer
/// `(BuiltinRegistry) -> Void` and list it in `installers` (the torch and pandas bindings
/// in Sources/Lang/Torch and Sources/Lang/Pandas go here).
extension BuiltinRegistry {
    /// Installers run, in order, to build `standard`.
    public static var installers: [(BuiltinRegistry) -> Void] = [
        PythonBuiltins.register,
        PythonMethods.register,
        StringMethods.register,
        ComplexModule.register,
        ObjectModel.register,
        MathModule.register,
        SysModule.register,
        TimeModule.register,
        RandomModule.register,
        FileBuiltins.register,
        OSModule.register,
        TorchModule.register,
        TorchSerialization.register,
        PandasModule.register,
        NumPyModule.register,
        PyplotModule.register,
        TcalcPlot.register,
    ]

    /// The registry every `Interpreter` uses by default, built on first use.
    public static var standard: BuiltinRegistry = makeStandard()

    /// A fresh registry with every installer applied (tests that add entries use their own).
    public static func makeStandard() -> BuiltinRegistry {
        let r: BuiltinRegistry = BuiltinRegistry()
        for install in installers { install(r) }
        return r
    }
}

extension Interpreter {
    /// `help(x)` text: a builtin's signature and doc, a user function's signature and
    /// docstring, a module's contents, or an overview when called without arguments.
    public func helpText(_ v: Value) -> String {
        switch v {
        case .none:
            let modules: String = registry.modules.keys.filter { !$0.contains(".") }.sorted().joined(separator: ", ")
            return HelpTopics.overview.replacingOccurrences(of: "{modules}", with: modules)
        case .function(let f):
            var text: String = f.name + f.parameters.description + "\n"
            if let d = f.doc { text += "    " + d + "\n" }
            return text
        case .object(let o):
            if let b = o as? BuiltinFunction { return registry.helpText(for: b.builtin, calledAs: b.displayName) }
            if let m = o as? ModuleObject {
                var text: String = "module \(m.name)"
                if !m.doc.isEmpty { text += ": " + m.doc }
                text += "\n"
                let names: [String] = m.attributeNames(self).filter { !$0.hasPrefix("_") }
                if names.count > HelpTopics.sectionThreshold { return text + moduleSections(m, names) }
                for name in names {
                    if let b = registry.builtin(named: m.name + "." + name) {
                        text += "    " + b.signature + ": " + b.doc + "\n"
                    } else {
                        text += "    " + name + "\n"
                    }
                }
                return text
            }
            if let t = o as? PyType {
                if let b = registry.builtin(named: t.name) { return registry.helpText(for: b) }
                let methods: [String] = registry.names(under: t.name)
                return "class \(t.qualifiedName)\n" + (methods.isEmpty ? "" : "    methods: " + methods.joined(separator: ", ") + "\n")
            }
            let methods: [String] = attributeNames(v)
            return "\(o.typeName) object\n" + (methods.isEmpty ? "" : "    attributes: " + methods.joined(separator: ", ") + "\n")
        case .str(let s):
            if let topic = HelpTopics.topics[s.lowercased()] { return topic }
            if let b = registry.builtin(named: s) { return registry.helpText(for: b) }
            return "No help found for '\(s)'. Topics: " + HelpTopics.topics.keys.sorted().map { "'\($0)'" }.joined(separator: ", ") + "\n"
        default:
            let methods: [String] = attributeNames(v)
            return "\(v.typeName) object\n" + (methods.isEmpty ? "" : "    methods: " + methods.joined(separator: ", ") + "\n")
        }
    }
}

extension Interpreter {
    /// A large module's help: its names grouped by kind, functions in columns, so that
    /// `help(torch)` fits on a screen or two.
    func moduleSections(_ m: ModuleObject, _ names: [String]) -> String {
        var submodules: [String] = [], types: [String] = [], functions: [String] = [], values: [String] = []
        for name in names {
            guard let v = try? m.getAttribute(name, self) else { continue }  // unreadable: left out
            switch v {
            case .object(let o) where o is ModuleObject: submodules.append(name)
            case .object(let o) where o is PyType: types.append(name)
            case .object(let o) where o is BuiltinFunction: functions.append(name)
            case .function: functions.append(name)
            default: values.append(name)
            }
        }
        var text: String = ""
        for (title, group) in [("Submodules", submodules), ("Types", types), ("Constants and dtypes", values),
                               ("Functions", functions)] where !group.isEmpty {
            text += "\n\(title) (\(group.count)):\n" + HelpTopics.columns(group)
        }
        text += "\nhelp(\(m.name).NAME) describes one of them; \(m.name).NAME? does the same at the prompt.\n"
        return text
    }
}

/// `sys.stdout` / `sys.stderr`, for `print(..., file=sys.stderr)` and `sys.stdout.write`.
final class StandardStream: PyObject {
    let name: String
    let isError: Bool
    init(name: String, isError: Bool) { self.name = name; self.isError = isError }
    var typeName: String { "TextIO" }
    func repr(_ interp: Interpreter) throws -> String { "<_io.TextIOWrapper name='\(name)' mode='w' encoding='utf-8'>" }
}

/// `sys`: the recursion limit (tcalc's calls have no C stack limit of their own).
enum SysModule {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("sys", doc: "Interpreter settings.")
        r.add(["sys.setrecursionlimit"], "setrecursionlimit(limit, /)", doc: "Sets the maximum depth of nested Python calls.") { a in
            let n: Int = try a.int("limit")
            if n < 1 { throw PyException.valueError("recursion limit must be greater or equal than 1") }
            if n > 100_000 { throw PyException.valueError("tcalc allows a recursion limit of at most 100000") }
            a.interp.recursionLimit = n
            return .none
        }
        r.add(["sys.getrecursionlimit"], "getrecursionlimit()", doc: "The maximum depth of nested Python calls.") { a in
            .int(a.interp.recursionLimit)
        }
        r.setConstant("sys.maxsize", .int(Int.max))
        r.setConstant("sys.stdout", .object(StandardStream(name: "<stdout>", isError: false)))
        r.setConstant("sys.stderr", .object(StandardStream(name: "<stderr>", isError: true)))
        r.add(["TextIO.write"], "write(self, s, /)", doc: "Writes text to the stream; returns the number of characters.") { a in
            guard case .object(let o) = a["self"], let stream = o as? StandardStream else {
                throw PyException.typeError("write() needs a stream")
            }
            let text: String = try a.string("s")
            if stream.isError { a.interp.errorOutput(text) } else { a.interp.output(text) }
            return .int(text.count)
        }
        r.add(["TextIO.flush"], "flush(self)", doc: "Flushes the stream (output is unbuffered here).") { _ in .none }
        r.setConstant("sys.version", .str("3.11 (tcalc)"))
    }
}

/// Python's `math` module.
enum MathModule {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("math", doc: "Mathematical functions on Python numbers.")
        r.setConstant("math.pi", .float(Double.pi))
        r.setConstant("math.e", .float(M_E))
        r.setConstant("math.tau", .float(2 * Double.pi))
        r.setConstant("math.inf", .float(.infinity))
        r.setConstant("math.nan", .float(.nan))

        func unary(_ name: String, _ doc: String, domain: ((Double) -> Bool)? = nil, _ f: @escaping (Double) -> Double) {
            r.add(["math." + name], "\(name)(x, /)", doc: doc) { a in
                let x: Double = try mathArg(a, "x")
                if let ok = domain, !ok(x) { throw PyException.valueError("math domain error") }
                let y: Double = f(x)
                if y.isNaN && !x.isNaN { throw PyException.valueError("math domain error") }
                if y.isInfinite && x.isFinite { throw PyException.overflowError("math range error") }
                return .float(y)
            }
        }
        unary("sqrt", "Square root.", domain: { $0 >= 0 || $0.isNaN }) { $0.squareRoot() }
        unary("exp", "e raised to x.") { Foundation.exp($0) }
        unary("expm1", "exp(x) - 1, accurate for small x.") { Foundation.expm1($0) }
        unary("log2", "Base-2 logarithm.", domain: { $0 > 0 || $0.isNaN }) { Foundation.log2($0) }
        unary("log10", "Base-10 logarithm.", domain: { $0 > 0 || $0.isNaN }) { Foundation.log10($0) }
        unary("log1p", "log(1 + x), accurate for small x.", domain: { $0 > -1 || $0.isNaN }) { Foundation.log1p($0) }
        unary("sin", "Sine (radians).") { Foundation.sin($0) }
        unary("cos", "Cosine (radians).") { Foundation.cos($0) }
        unary("tan", "Tangent (radians).") { Foundation.tan($0) }
        unary("asin", "Arc sine.", domain: { abs($0) <= 1 || $0.isNaN }) { Foundation.asin($0) }
        unary("acos", "Arc cosine.", domain: { abs($0) <= 1 || $0.isNaN }) { Foundation.acos($0) }
        unary("atan", "Arc tangent.") { Foundation.atan($0) }
        unary("sinh", "Hyperbolic sine.") { Foundation.sinh($0) }
        unary("cosh", "Hyperbolic cosine.") { Foundation.cosh($0) }
        unary("tanh", "Hyperbolic tangent.") { Foundation.tanh($0) }
        unary("asinh", "Inverse hyperbolic sine.") { Foundation.asinh($0) }
        unary("acosh", "Inverse hyperbolic cosine.", domain: { $0 >= 1 || $0.isNaN }) { Foundation.acosh($0) }
        unary("atanh", "Inverse hyperbolic tangent.", domain: { abs($0) < 1 || $0.isNaN }) { Foundation.atanh($0) }
        unary("erf", "Error function.") { Foundation.erf($0) }
        unary("erfc", "Complementary error function.") { Foundation.erfc($0) }
        unary("gamma", "Gamma function.", domain: { !($0 <= 0 && $0.rounded() == $0) }) { Foundation.tgamma($0) }
        unary("lgamma", "Natural log of |gamma(x)|.", domain: { !($0 <= 0 && $0.rounded() == $0) }) { Foundation.lgamma($0) }
        unary("degrees", "Radians to degrees.") { $0 * 180 / Double.pi }
        unary("radians", "Degrees to radians.") { $0 * Double.pi / 180 }
        unary("fabs", "Absolute value as a float.") { abs($0) }

        r.add(["math.log"], "log(x, base=None, /)", doc: "Natural logarithm, or logarithm to base.") { a in
            let x: Double = try mathArg(a, "x")
            if x <= 0 { throw PyException.valueError("math domain error") }
            if a["base"].isNone { return .float(Foundation.log(x)) }
            let b: Double = try mathArg(a, "base")
            if b <= 0 || b == 1 { throw PyException(b == 1 ? ExceptionTypes.zeroDivisionError : ExceptionTypes.valueError, b == 1 ? "float division by zero" : "math domain error") }
            return .float(Foundation.log(x) / Foundation.log(b))
        }
        r.add(["math.pow"], "pow(x, y, /)", doc: "x raised to y, as floats.") { a in
            let x: Double = try mathArg(a, "x"), y: Double = try mathArg(a, "y")
            if x == 0 && y < 0 { throw PyException.valueError("math domain error") }
            if x < 0 && y.rounded() != y && y.isFinite { throw PyException.valueError("math domain error") }
            let v: Double = Foundation.pow(x, y)
            if v.isInfinite && x.isFinite && y.isFinite { throw PyException.overflowError("math range error") }
            return .float(v)
        }
        r.add(["math.atan2"], "atan2(y, x, /)", doc: "Arc tangent of y/x in the right quadrant.") { a in
            .float(Foundation.atan2(try mathArg(a, "y"), try mathArg(a, "x")))
        }
        r.add(["math.hypot"], "hypot(*coordinates)", doc: "Euclidean norm of the coordinates.") { a in
            var s: Double = 0
            for v in a.varArgs { let d: Double = try a.interp.floatValue(v); s += d * d }
            return .float(s.squareRoot())
        }
        r.add(["math.copysign"], "copysign(x, y, /)", doc: "x with the sign of y.") { a in
            .float(Foundation.copysign(try mathArg(a, "x"), try mathArg(a, "y")))
        }
        r.add(["math.fmod"], "fmod(x, y, /)", doc: "C's fmod: remainder with the sign of x.") { a in
            let y: Double = try mathArg(a, "y")
            if y == 0 { throw PyException.valueError("math domain error") }
            return .float(Foundation.fmod(try mathArg(a, "x"), y))
        }
        r.add(["math.floor"], "floor(x, /)", doc: "The largest integer <= x.") { a in try integral(a, .down) }
        r.add(["math.ceil"], "ceil(x, /)", doc: "The smallest integer >= x.") { a in try integral(a, .up) }
        r.add(["math.trunc"], "trunc(x, /)", doc: "x truncated toward zero, as an int.") { a in try integral(a, .towardZero) }
        r.add(["math.isnan"], "isnan(x, /)", doc: "Whether x is NaN.") { a in .bool(try mathArg(a, "x").isNaN) }
        r.add(["math.isinf"], "isinf(x, /)", doc: "Whether x is infinite.") { a in .bool(try mathArg(a, "x").isInfinite) }
        r.add(["math.isfinite"], "isfinite(x, /)", doc: "Whether x is neither infinite nor NaN.") { a in .bool(try mathArg(a, "x").isFinite) }
        r.add(["math.isclose"], "isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)", doc: "Whether a and b are close in relative or absolute terms.") { a in
            let x: Double = try mathArg(a, "a"), y: Double = try mathArg(a, "b")
            let rel: Double = try a.double("rel_tol"), absTol: Double = try a.double("abs_tol")
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let diff: Double = abs(x - y)
            return .bool(diff <= abs(rel * y) || diff <= abs(rel * x) || diff <= absTol)
        }
        r.add(["math.factorial"], "factorial(n, /)", doc: "n! for a non-negative integer n.") { a in
            guard let n = try a.interp.asIndex(a["n"]) else {
                throw PyException.typeError("'\(a["n"].typeName)' object cannot be interpreted as an integer")
            }
            if n < 0 { throw PyException.valueError("factorial() not defined for negative values") }
            if n > 20000 { throw PyException.overflowError("factorial() argument should not exceed 20000 in tcalc") }
            var r: BigInt = 1
            if n > 1 { for i in 2...n { r *= BigInt(i) } }
            return Value.integer(r)
        }
        r.add(["math.gcd"], "gcd(*integers)", doc: "Greatest common divisor.") { a in
            var g: BigInt = 0
            for v in a.varArgs {
                guard let b = v.bigIntValue else { throw PyException.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
                g = g.greatestCommonDivisor(with: b)
            }
            return Value.integer(g)
        }
        r.add(["math.lcm"], "lcm(*integers)", doc: "Least common multiple.") { a in
            var l: BigInt = 1
            for v in a.varArgs {
                guard let b = v.bigIntValue else { throw PyException.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
                if b == 0 { return .int(0) }
                l = abs(l * b) / l.greatestCommonDivisor(with: b)
            }
            return Value.integer(l)
        }
        r.add(["math.comb"], "comb(n, k, /)", doc: "Number of ways to choose k items from n.") { a in
            let n: Int = try a.int("n"), k: Int = try a.int("k")
            if n < 0 || k < 0 { throw PyException.valueError("n must be a non-negative integer") }
            if k > n { return .int(0) }
            if min(k, n - k) > 1_000_000 { throw PyException.overflowError("comb() is limited to min(k, n - k) <= 1000000 in tcalc") }
            var r: BigInt = 1
            let kk: Int = min(k, n - k)
            if kk > 0 { for i in 0..<kk { r = r * BigInt(n - i) / BigInt(i + 1) } }
            return Value.integer(r)
        }
        r.add(["math.perm"], "perm(n, k=None, /)", doc: "Number of ordered arrangements of k items from n.") { a in
            let n: Int = try a.int("n")
            let k: Int = try a.optionalInt("k") ?? n
            if n < 0 || k < 0 { throw PyException.valueError("n must be a non-negative integer") }
            if k > n { return .int(0) }
            if k > 1_000_000 { throw PyException.overflowError("perm() is limited to k <= 1000000 in tcalc") }
            var r: BigInt = 1
            if k > 0 { for i in 0..<k { r *= BigInt(n - i) } }
            return Value.integer(r)
        }
        r.add(["math.prod"], "prod(iterable, /, *, start=1)", doc: "start times the product of the items.") { a in
            var p: Value = a["start"]
            for v in try a.interp.iterate(a["iterable"]) { p = try a.interp.binary(.multiply, p, v) }
            return p
        }
        r.add(["math.fsum"], "fsum(iterable, /)", doc: "Accurate floating-point sum.") { a in
            var partials: [Double] = []
            for v in try a.interp.iterate(a["iterable"]) {
                var x: Double = try a.interp.floatValue(v)
                var kept: [Double] = []
                for var y in partials {
                    if abs(x) < abs(y) { swap(&x, &y) }
                    let hi: Double = x + y
                    let lo: Double = y - (hi - x)
                    if lo != 0 { kept.append(lo) }
                    x = hi
                }
                kept.append(x)
                partials = kept
            }
            return .float(partials.reduce(0, +))
        }
        r.add(["math.isqrt"], "isqrt(n, /)", doc: "Integer square root.") { a in
            guard let n = a["n"].bigIntValue else { throw PyException.typeError("'\(a["n"].typeName)' object cannot be interpreted as an integer") }
            if n < 0 { throw PyException.valueError("isqrt() argument must be nonnegative") }
            return Value.integer(n.squareRoot())
        }
    }

    static func mathArg(_ a: BoundArguments, _ name: String) throws -> Double {
        let v: Value = a[name]
        if case .str = v { throw PyException.typeError("must be real number, not str") }
        return try a.interp.floatValue(v)
    }

    static func integral(_ a: BoundArguments, _ rule: FloatingPointRoundingRule) throws -> Value {
        let v: Value = a["x"]
        if let b = v.bigIntValue { return Value.integer(b) }
        let d: Double = try mathArg(a, "x")
        if d.isNaN { throw PyException.valueError("cannot convert float NaN to integer") }
        if d.isInfinite { throw PyException.overflowError("cannot convert float infinity to integer") }
        return Value.integer(BigInt(d.rounded(rule)))
    }
}
