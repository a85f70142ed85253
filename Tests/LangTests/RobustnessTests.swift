import XCTest
@testable import Lang

/// No input may crash the interpreter: every one of these ends in output or a diagnostic.
final class RobustnessTests: XCTestCase {
    func testHostileInputs() {
        let cases: [(String, String)] = [
            ("x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), "too many nested parentheses"),
            ("x = " + String(repeating: "-", count: 5000) + "1", "expression is too deeply nested"),
            ("x = " + String(repeating: "not ", count: 5000) + "1", "expression is too deeply nested"),
            ("range(-2**63, 2**63 - 1)", "OverflowError"),
            ("len(range(-2**63, 2**63 - 1, 2**62))", "4"),
            ("[0] * (2**62)", "MemoryError"),
            ("'ab' * (2**62)", "MemoryError"),
            ("'%d' % float('inf')", "OverflowError: cannot convert float infinity to integer"),
            ("format(2**40, 'c')", "OverflowError"),
            ("a = []\nfor i in range(3000):\n    a = [a]\nlen(repr(a))", "RecursionError"),
            ("[1, 2, 3][2**63 - 1]", "IndexError"),
            ("[1, 2, 3][-2**63]", "IndexError"),
            ("[1, 2][2**64]", "IndexError: cannot fit 'int' into an index-sized integer"),
            ("range(10)[::2**62]", "range(0, 10, 4611686018427387904)"),
            ("list(range(5)[::-1])", "[4, 3, 2, 1, 0]"),
            ("x = [1, 2, 3]\nx[::-2**63]", "[3]"),
            ("2 ** 10 ** 10", "OverflowError: exponent too large"),
            ("1 << 2 ** 40", "OverflowError"),
            ("-(2**63) // -1", "9223372036854775808"),
            ("(-2**63) % -1", "0"),
            ("abs(-2**63)", "9223372036854775808"),
            ("int('9' * 5000) > 0", "True"),
            ("float(2**2000)", "OverflowError: int too large to convert to float"),
            ("1e308 * 10", "inf"),
            ("math.factorial(10**9)", "NameError"),
            ("chr(-1)", "ValueError"),
            ("'\\N{DASH}'", "'\\\\N{DASH}'"),
            ("f'{'", "SyntaxError"),
            ("f'}'", "SyntaxError: f-string: single '}' is not allowed"),
            ("'%(a)s' % {'a': 1}", "'1'"),
            ("'%' % ()", "ValueError: incomplete format"),
            ("{}.get", "<built-in method get of dict object>"),
            ("del x", "NameError"),
            ("x = 1\ndel x\nx", "NameError"),
            ("def f():\n    y += 1\nf()", "UnboundLocalError: cannot access local variable 'y' where it is not associated with a value"),
            ("def f():\n    nonlocal q\n", "SyntaxError: no binding for nonlocal 'q' found"),
            ("nonlocal q", "SyntaxError: nonlocal declaration not allowed at module level"),
            ("lambda: (yield)", "<function <lambda>"),
            ("yield 5", "SyntaxError: 'yield' outside function"),
            ("[(yield) for x in [1]]", "SyntaxError: 'yield' inside comprehension"),
            ("\t\tx = 1", "IndentationError: unexpected indent"),
            ("x = 1\n" + String(repeating: " ", count: 3) + "y = 2", "IndentationError: unexpected indent"),
            ("\u{0}", "SyntaxError"),
            ("$", "SyntaxError: invalid character '$' (U+24)"),
            ("a = {}\na[[1]] = 2", "TypeError: unhashable type: 'list'"),
            ("[1, 2] < [1, 'a']", "TypeError: '<' not supported between instances of 'int' and 'str'"),
            ("sorted([1, 'a'])", "TypeError"),
            ("None()", "TypeError: 'NoneType' object is not callable"),
            ("1[0]", "TypeError: 'int' object is not subscriptable"),
            ("for x in 5: pass", "TypeError: 'int' object is not iterable"),
            ("a, b = 1", "TypeError: cannot unpack non-iterable int object"),
            ("a, *b, c = [1]", "ValueError: not enough values to unpack (expected at least 2, got 1)"),
            ("raise 5", "TypeError: exceptions must derive from BaseException"),
            ("try:\n    pass\nexcept 5:\n    pass\n", ""),
            ("try:\n    1/0\nexcept 5:\n    pass\n", "TypeError: catching classes that do not inherit from BaseException is not allowed"),
            ("raise", "RuntimeError: No active exception to reraise"),
            ("with 5: pass", "TypeError: 'int' object does not support the context manager protocol"),
            ("import sys\nsys.setrecursionlimit(10**9)", "ValueError"),
            ("int('12', 99)", "ValueError: int() base must be >= 2 and <= 36, or 0"),
            ("int('1__0')", "ValueError: invalid literal for int() with base 10: '1__0'"),
            ("x = 5\nx.y = 1", "AttributeError: 'int' object has no attribute 'y'"),
            ("'abc'.upper = 1", "AttributeError: 'str' object attribute 'upper' is read-only"),
            ("2 ** 0.5 ** -1", "4.0"),
            ("(-8) ** (1/3)", "(1.0000000000000002+1.7320508075688772j)"),
            ("0.0 ** -1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
            ("10 ** 400 / 10 ** 399", "10.0"),
        ]
        for (source, expected) in cases {
            let got: String = output(source)
            if expected.isEmpty { XCTAssertEqual(got, "", source); continue }
            XCTAssertTrue(got.contains(expected), "\(source.prefix(60)) → \(got.prefix(300))")
        }
    }

    /// The traps issue 18 lists, one per class; each used to end the process.
    func testTrapClassesRaisePythonErrors() {
        let cases: [(String, String)] = [
            // A library precondition on a user value (BigInt's radix < 36).
            ("int('10', 36)", "36"),
            ("int('-Zz', 36)", "-1295"),
            ("int('1+2')", "ValueError: invalid literal for int() with base 10: '1+2'"),
            // 0-d tensors given a dim, in ops that then read shape[dim].
            ("torch.roll(torch.tensor(1.0), 1, 0)", "IndexError: Dimension specified as 0 but tensor has no dimensions"),
            ("torch.movedim(torch.tensor(1.0), 0, 0)", "tensor(1.)"),
            ("torch.movedim(torch.tensor(1.0, requires_grad=True), -1, 0)", "tensor(1., grad_fn=<PermuteBackward0>)"),
            ("torch.tensor(1.0).unflatten(0, (1,))", "IndexError: Dimension specified as 0"),
            ("torch.repeat_interleave(torch.tensor(1.0), 2, 0)", "IndexError"),
            ("torch.cross(torch.tensor(1.0), torch.tensor(1.0), 0)", "IndexError: Dimension specified as 0"),
            ("torch.linalg.cross(torch.tensor(1.0), torch.tensor(1.0))", "IndexError: Dimension specified as -1"),
            ("torch.tensordot(torch.tensor(1.0), torch.tensor(1.0), ([0], [0]))", "IndexError"),
            // Size and option arithmetic.
            ("torch.zeros(0, 2**62, 4)", "RuntimeError: Stride calculation overflowed"),
            ("torch.zeros(4, 0).reshape(0, 2**62, 4).shape", "torch.Size([0, 4611686018427387904, 4])"),
            ("torch.set_printoptions(edgeitems=2**62, threshold=0)\ntorch.arange(4)", "tensor([0, 1, 2, 3])"),
            ("torch.set_printoptions(linewidth=-2**62)\ntorch.arange(2)", "tensor([0,\n        1])"),
            ("torch.set_printoptions(precision=2**40)", "ValueError: precision too big"),
            // Foundation formatting of a huge precision; widths past the cap.
            ("f'{1:.10000000000f}'", "ValueError: precision too big"),
            ("'%.2147483648f' % 1", "ValueError: precision too big"),
            ("f'{1:99999999999999999999}'", "ValueError: Too many decimal digits in format string"),
            ("len(f'{1:.5000f}'), f'{1:.5000f}'[:4]", "(5002, '1.00')"),
            ("f'{0.5:.1000e}'[-8:]", "0000e-01"),
            ("len(f'{0.5:#.2000g}')", "2002"),
            ("f'{1:>{2**40}}'", "MemoryError"),
            // Allocations the cap did not see.
            ("'a'.center(2**40)", "MemoryError"),
            ("'a'.zfill(2**40)", "MemoryError"),
            ("'ab'.center(5, '*'), 'abc'.center(6, '*'), 'a'.center(-3), 'x'.ljust(3, '-')", "('**ab*', '*abc**', 'a', 'x--')"),
            ("'a'.center(3, 'ab')", "TypeError: The fill character must be exactly one character long"),
            ("list(range(10**18))", "MemoryError"),
            ("[i for i in range(10**18)]", "MemoryError"),
            ("def g():\n    yield from range(10**18)\nit = g()\nnext(it), next(it)", "(0, 1)"),
            ("g = (i * 2 for i in range(10**18) if i % 3)\nnext(g), next(g)", "(2, 4)"),
            // Self-referencing containers.
            ("x = []\nx.append(x)\ntorch.tensor(x)", "ValueError: too many dimensions 'list'"),
            ("x = []\nx.append(x)\nx", "[[...]]"),
            // Errors in a comprehension's filter carry their place.
            ("def f(xs):\n    return [y for y in xs if y.foo]\nf([1])", "<stdin>:2:30: error: AttributeError"),
        ]
        for (source, expected) in cases {
            // Print options are process-wide: each case starts from and returns to the defaults.
            var printed: String = ""
            let interp: Interpreter = Interpreter(output: { printed += $0 }, registry: BuiltinRegistry.standard)
            do {
                try interp.run(source + "\ntorch.set_printoptions(profile='default')", filename: "<stdin>")
            } catch let d as Diagnostic {
                printed += d.rendered
            } catch {
                printed += "unexpected error: \(error)"
            }
            let got: String = printed
            XCTAssertTrue(got.contains(expected), "\(source.prefix(70)) → \(got.prefix(300))")
        }
    }

    func testRandomTokenSoup() {
        // Deterministic pseudo-random programs from Python tokens; none may crash.
        let pieces: [String] = ["x", "y", "1", "2.5", "'s'", "f'{x}'", "(", ")", "[", "]", "{", "}", ":", ",", ".", "+", "-", "*",
                                "**", "/", "//", "%", "@", "<", "==", "=", "+=", "not", "and", "or", "if", "else", "for", "in",
                                "lambda", "def", "return", "while", "\n", "\n    ", ";", "None", "True", "...", "*", "range(3)",
                                "print", "len", "is", "del", "try", "except", "raise", "import", "math", "\\\n", "#c\n", "'''", "\""]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(pieces.count))
        }
        let session: Session = Session()
        for _ in 0..<600 {
            var program: String = ""
            for _ in 0..<(next() % 12 + 1) { program += pieces[next()] + " " }
            _ = session.run(program)
            _ = session.interp.isComplete(program)
        }
    }
}

final class GeneratorLimitTests: XCTestCase {
    func testInterruptInsideGeneratorLoop() {
        let s: Session = Session()
        let before: Int = PythonGenerator.liveThreads
        _ = s.run("def naturals():\n    n = 0\n    while True:\n        yield n\n        n += 1\n")
        Interpreter.interruptRequested = true
        let text: String = s.run("for v in naturals():\n    pass\n")
        XCTAssertTrue(text.contains("error: KeyboardInterrupt"), text)
        XCTAssertEqual(PythonGenerator.liveThreads, before)
        XCTAssertEqual(s.run("g = naturals()\nnext(g), next(g)"), "(0, 1)\n")
        XCTAssertEqual(s.run("del g\nlist(zip(range(3), naturals()))"), "[(0, 0), (1, 1), (2, 2)]\n")
    }

    func testManySuspendedGeneratorsIsAnErrorNotACrash() {
        let s: Session = Session()
        let before: Int = PythonGenerator.liveThreads
        let text: String = s.run("def g():\n    yield 1\n    yield 2\nkeep = []\nfor i in range(1200):\n    it = g()\n    next(it)\n    keep.append(it)\n")
        XCTAssertTrue(text.contains("RuntimeError: too many suspended generators (1000)"), text)
        // Dropping them closes their threads; new generators work again.
        XCTAssertEqual(s.run("keep.clear()\nit = None\nlist(g())"), "[1, 2]\n")
        XCTAssertEqual(PythonGenerator.liveThreads, before)
    }
}

/// After any error the session's variables are as they were before the failing statement.
final class StatePreservationTests: XCTestCase {
    func run(_ interp: Interpreter, _ source: String) -> String {
        do { try interp.run(source, filename: "<stdin>") } catch let d as Diagnostic { return d.rendered } catch {
            return "unexpected error: \(error)"
        }
        return ""
    }

    func testFailingStatementsLeaveVariablesAsTheyWere() {
        // (setup, failing statement, expression printed afterwards, its expected repr)
        let cases: [(String, String, String, String)] = [
            ("x = 5", "x = 1 / 0", "x", "5"),
            ("x = 5", "x, y = [1, 2, 3]", "x", "5"),
            ("x = 5", "x, y = (1, 2), 1 / 0", "x", "5"),
            ("x = 5", "y = x = [][1]", "x", "5"),
            ("x = [1, 2]", "x += 5", "x", "[1, 2]"),
            ("x = [1, 2]", "x[5] = 0", "x", "[1, 2]"),
            ("d = {'a': 1}", "d['b'] = [][0]", "d", "{'a': 1}"),
            ("t = torch.ones(3)", "t += torch.ones(4)", "t", "tensor([1., 1., 1.])"),
            ("t = torch.ones(3)", "t.add_(torch.ones(2, 3))", "t", "tensor([1., 1., 1.])"),
            ("t = torch.ones(3)", "t[0:2] = torch.ones(3)", "t", "tensor([1., 1., 1.])"),
            ("t = torch.ones(3)", "t.copy_(torch.ones(2))", "t", "tensor([1., 1., 1.])"),
            ("t = torch.ones(3, dtype=torch.int64)", "t += 1.5", "t", "tensor([1, 1, 1])"),
            ("t = torch.ones(3, dtype=torch.int64)", "t //= torch.tensor([1, 0, 1])", "t", "tensor([1, 1, 1])"),
            ("t = torch.ones(3, dtype=torch.int64)", "t %= torch.tensor([1, 1, 0])", "t", "tensor([1, 1, 1])"),
            ("t = torch.ones(2, 2)", "t.mul_(torch.ones(3))", "t", "tensor([[1., 1.],\n        [1., 1.]])"),
            ("t = torch.ones(2)", "t.resize_(-1)", "t", "tensor([1., 1.])"),
            ("t = torch.ones(2, requires_grad=True)", "t.add_(1)", "t", "tensor([1., 1.], requires_grad=True)"),
            ("f = lambda: 1", "def f(: pass", "f()", "1"),
            ("n = 3", "for n in [7, 1 / 0]: pass", "n", "3"),
        ]
        for (setup, failing, check, expected) in cases {
            var printed = ""
            let interp = Interpreter(output: { printed += $0 }, registry: BuiltinRegistry.standard)
            XCTAssertEqual(run(interp, setup), "", setup)
            let error = run(interp, failing)
            XCTAssertTrue(error.contains("error:"), "\(failing) should fail: \(error)")
            printed = ""
            XCTAssertEqual(run(interp, check), "", check)
            XCTAssertEqual(printed, expected + "\n", "after \(setup); \(failing)")
        }
    }
}
