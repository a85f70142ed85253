import XCTest
@testable import Lang

/// A stand-in for a native type (what the torch bindings add), to test the extension point.
final class Meter: PyObject, CallableMarker {
    var value: Double
    init(_ value: Double) { self.value = value }
    var typeName: String { "Meter" }
    func repr(_ interp: Interpreter) throws -> String { "Meter(\(formatFloatRepr(value)))" }
    func str(_ interp: Interpreter) throws -> String { "\(formatFloatRepr(value)) m" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "value" ? .float(value) : nil
    }
    func setAttribute(_ name: String, _ v: Value, _ interp: Interpreter) throws -> Bool {
        guard name == "value", let d = v.numericDouble else { return false }
        value = d
        return true
    }
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let o: Double
        if case .object(let m) = other, let meter = m as? Meter { o = meter.value } else if let d = other.numericDouble { o = d } else { return nil }
        switch op {
        case .add: return .object(Meter(value + o))
        case .multiply: return .object(Meter(value * o))
        case .subtract: return .object(Meter(reflected ? o - value : value - o))
        default: return nil
        }
    }
    func inplace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard op == .add, let d = other.numericDouble else { return nil }
        value += d
        return .object(self)
    }
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let d = other.numericDouble else { return nil }
        switch op {
        case .greater: return .bool(reflected ? d > value : value > d)
        case .less: return .bool(reflected ? d < value : value < d)
        case .equal: return .bool(value == d)
        default: return nil
        }
    }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let o) = key, let s = o as? PySlice { return .str("slice(\(try interp.repr(s.start)), \(try interp.repr(s.stop)))") }
        return .str("item \(try interp.repr(key))")
    }
    func truthiness(_ interp: Interpreter) throws -> Bool? { value != 0 }
    func toFloat(_ interp: Interpreter) throws -> Double? { value }
    func iterate(_ interp: Interpreter) throws -> [Value]? { [.float(value), .float(value * 2)] }
    func length(_ interp: Interpreter) throws -> Int? { 2 }
    func format(_ spec: String, _ interp: Interpreter) throws -> String? { try interp.format(.float(value), spec) }
}

final class BuiltinTableTests: XCTestCase {
    func makeSession() -> Session {
        let s: Session = Session(privateRegistry: true)
        let r: BuiltinRegistry = s.interp.registry
        r.declareModule("units", preload: true, doc: "Test units.")
        r.add(["units.meter", "meter"], "meter(value=0.0)", doc: "A length in meters.", differentiable: .notDifferentiable) { a in
            .object(Meter(try a.double("value")))
        }
        r.add(["units.scale", "Meter.scale"], "scale(input, factor, *, offset=0.0)", doc: "input * factor + offset.") { a in
            guard case .object(let o) = a["input"], let m = o as? Meter else {
                throw PyException.typeError("scale(): argument 'input' must be Meter, not \(a["input"].typeName)")
            }
            return .object(Meter(m.value * (try a.double("factor")) + (try a.double("offset"))))
        }
        r.add(["units.total"], "total(*meters, start=0.0)", doc: "Sum of lengths.") { a in
            var t: Double = try a.double("start")
            for v in a.varArgs { t += try a.interp.floatValue(v) }
            return .float(t)
        }
        r.setConstant("units.unit", .str("m"))
        s.interp.rebuildBuiltinScope()
        return s
    }

    func testCallsThroughEveryName() {
        let s: Session = makeSession()
        XCTAssertEqual(s.run("units.meter(2.5)"), "Meter(2.5)\n")
        XCTAssertEqual(s.run("m = meter(2)\nm.scale(3)"), "Meter(6.0)\n")
        XCTAssertEqual(s.run("units.scale(m, 2, offset=1)"), "Meter(5.0)\n")
        XCTAssertEqual(s.run("import units as u\nfrom units import unit, total\nu.total(m, 1, start=0.5), unit"), "(3.5, 'm')\n")
        XCTAssertEqual(s.run("units.meter is units.meter"), "True\n")
    }

    func testBindingErrorsNameTheFunction() {
        let s: Session = makeSession()
        XCTAssertEqual(s.run("try:\n    units.scale()\nexcept TypeError as e:\n    print(e)\n"), "scale() missing 2 required positional arguments: 'input' and 'factor'\n")
        XCTAssertEqual(s.run("try:\n    meter(1, 2)\nexcept TypeError as e:\n    print(e)\n"), "meter() takes from 0 to 1 positional arguments but 2 were given\n")
        XCTAssertEqual(s.run("try:\n    meter(valu=1)\nexcept TypeError as e:\n    print(e)\n"), "meter() got an unexpected keyword argument 'valu'\n")
        XCTAssertEqual(s.run("try:\n    units.scale(meter(), 1, 2)\nexcept TypeError as e:\n    print(e)\n"), "scale() takes 2 positional arguments but 3 were given\n")
        XCTAssertEqual(s.run("try:\n    meter(1, value=2)\nexcept TypeError as e:\n    print(e)\n"), "meter() got multiple values for argument 'value'\n")
        XCTAssertEqual(s.run("try:\n    meter('a')\nexcept TypeError as e:\n    print(e)\n"), "meter(): argument 'value' must be float, not str\n")
        XCTAssertEqual(s.run("try:\n    len()\nexcept TypeError as e:\n    print(e)\n"), "len() missing 1 required positional argument: 'obj'\n")
        XCTAssertEqual(s.run("def f(a, *, b): pass\ntry:\n    f(1)\nexcept TypeError as e:\n    print(e)\n"), "f() missing 1 required keyword-only argument: 'b'\n")
    }

    func testNativeObjectProtocol() {
        let s: Session = makeSession()
        XCTAssertEqual(s.run("m = meter(2)\nm + 1, 1 + m, 10 - m, m * m"), "(Meter(3.0), Meter(3.0), Meter(8.0), Meter(4.0))\n")
        XCTAssertEqual(s.run("n = m\nn += 1\nn is m, m"), "(True, Meter(3.0))\n")
        XCTAssertEqual(s.run("m > 2, 2 < m, m == 3.0, m != 3.0"), "(True, True, True, False)\n")
        XCTAssertEqual(s.run("m[1], m[1:2], m[...]"), "('item 1', 'slice(1, 2)', 'item Ellipsis')\n")
        XCTAssertEqual(s.run("print(m)\nstr(m), float(m), len(m), list(m), bool(meter(0))"), "3.0 m\n('3.0 m', 3.0, 2, [3.0, 6.0], False)\n")
        XCTAssertEqual(s.run("m.value = 7\nm.value, f'{m:.2f}', type(m).__name__"), "(7.0, '7.00', 'Meter')\n")
        XCTAssertEqual(s.run("a, b = m\na + b"), "21.0\n")
        XCTAssertEqual(s.run("m.nope"), "<stdin>:1:1: error: AttributeError: 'Meter' object has no attribute 'nope'\nm.nope\n^~~~~~\n")
        XCTAssertEqual(s.run("m @ m"), "<stdin>:1:1: error: TypeError: unsupported operand type(s) for @: 'Meter' and 'Meter'\nm @ m\n^~~~~\n")
        XCTAssertEqual(s.run("'scale' in dir(m)"), "True\n")
        XCTAssertEqual(s.run("{m: 1}[m]"), "1\n")
        XCTAssertEqual(s.run("id(m) == id(m), m is n"), "(True, True)\n")
    }

    func testHelpAndDocs() {
        let s: Session = makeSession()
        XCTAssertEqual(s.run("help(units.scale)"), "scale(input, factor, *, offset=0.0)\n    input * factor + offset.\n    Names: units.scale, Meter.scale\n")
        XCTAssertEqual(s.run("help(meter)"), "meter(value=0.0)\n    A length in meters.\n    Autograd: not differentiable.\n    Names: units.meter, meter\n")
        XCTAssertEqual(s.run("help(print)"), "print(*args, sep=' ', end='\\n', file=None, flush=False)\n    Writes the str() of each argument, separated by sep and followed by end.\n")
        XCTAssertEqual(s.run("def g(x, y=2):\n    'Adds.'\n    return x + y\nhelp(g)"), "g(x, y=2)\n    Adds.\n")
        let md: String = s.interp.registry.markdown()
        XCTAssertTrue(md.contains("## units\n"))
        XCTAssertTrue(md.contains("| `scale(input, factor, *, offset=0.0)` | `units.scale`, `Meter.scale` | n/a | input * factor + offset. |"), md)
        XCTAssertTrue(md.contains("## math\n"))
    }

    func testRegistryWalk() {
        // Every entry has a doc and a parsable signature; bare-name lookups resolve.
        let r: BuiltinRegistry = BuiltinRegistry.standard
        XCTAssertGreaterThan(r.entries.count, 100)
        for b in r.entries {
            XCTAssertFalse(b.doc.isEmpty, b.name)
            for n in b.names { XCTAssertTrue(r.builtin(named: n) === b, n) }
        }
        XCTAssertNotNil(r.method("str", "upper"))
        XCTAssertEqual(r.names(under: "math").contains("sqrt"), true)
    }

    func testCompletions() {
        let s: Session = makeSession()
        _ = s.run("import math\nmy_value = 3")
        XCTAssertEqual(s.interp.completions(for: "my_"), ["my_value"])
        XCTAssertEqual(s.interp.completions(for: "math.sq"), ["math.sqrt"])
        XCTAssertEqual(s.interp.completions(for: "units.sc"), ["units.scale"])
        XCTAssertTrue(s.interp.completions(for: "pri").contains("print"))
        XCTAssertEqual(s.interp.completions(for: "nothing.x"), [])
    }
}
