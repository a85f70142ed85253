import XCTest
@testable import Syntax

final class ParserTests: XCTestCase {
    func expr(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            return SExpression.print(try Parser.parseExpression(s))
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return ""
        }
    }

    func program(_ s: String) throws -> String { SExpression.print(program: try Parser.parseProgram(s)) }

    func syntaxError(_ s: String) -> SyntaxError? {
        do {
            _ = try Parser.parseProgram(s)
            return nil
        } catch let e as SyntaxError {
            return e
        } catch {
            return nil
        }
    }

    func testPrecedence() {
        XCTAssertEqual(expr("1 + 2 * 3"), "(binop + (num 1) (binop * (num 2) (num 3)))")
        XCTAssertEqual(expr("(1 + 2) * 3"), "(binop * (binop + (num 1) (num 2)) (num 3))")
        XCTAssertEqual(expr("-2 ** 2"), "(unary - (binop ** (num 2) (num 2)))")
        XCTAssertEqual(expr("2 ** 3 ** 2"), "(binop ** (num 2) (binop ** (num 3) (num 2)))")
        XCTAssertEqual(expr("2 ** -1"), "(binop ** (num 2) (unary - (num 1)))")
        XCTAssertEqual(expr("a - b - c"), "(binop - (binop - (name a) (name b)) (name c))")
        XCTAssertEqual(expr("a | b ^ c & d << 1 + 2"),
                       "(binop | (name a) (binop ^ (name b) (binop & (name c) (binop << (name d) (binop + (num 1) (num 2))))))")
        XCTAssertEqual(expr("a @ b / c // d % e"), "(binop % (binop // (binop / (binop @ (name a) (name b)) (name c)) (name d)) (name e))")
        XCTAssertEqual(expr("not a or b and c"), "(or (not (name a)) (and (name b) (name c)))")
        XCTAssertEqual(expr("a < b <= c != d"), "(compare (name a) < (name b) <= (name c) != (name d))")
        XCTAssertEqual(expr("a is not b"), "(compare (name a) is not (name b))")
        XCTAssertEqual(expr("a not in b"), "(compare (name a) not in (name b))")
        XCTAssertEqual(expr("x if c else y"), "(if (name c) (name x) (name y))")
        XCTAssertEqual(expr("lambda x, y=2: x + y"), "(lambda (x y=(num 2)) (binop + (name x) (name y)))")
        XCTAssertEqual(expr("~x + -y"), "(binop + (unary ~ (name x)) (unary - (name y)))")
    }

    func testPrimaries() {
        XCTAssertEqual(expr("f(1, *a, k=2, **kw)"), "(call (name f) (num 1) (* (name a)) (kw k (num 2)) (** (name kw)))")
        XCTAssertEqual(expr("x.T.sum(dim=0)"), "(call (attr (attr (name x) T) sum) (kw dim (num 0)))")
        XCTAssertEqual(expr("a[1:2, ..., None]"), "(index (name a) (tuple (slice (num 1) (num 2) _) ... None))")
        XCTAssertEqual(expr("a[::2]"), "(index (name a) (slice _ _ (num 2)))")
        XCTAssertEqual(expr("a[:, 1]"), "(index (name a) (tuple (slice _ _ _) (num 1)))")
        XCTAssertEqual(expr("a[i]"), "(index (name a) (name i))")
        XCTAssertEqual(expr("sum(x for x in xs)"), "(call (name sum) (generatorcomp (name x) (for (name x) (name xs))))")
        XCTAssertEqual(expr("[i * i for i in range(5) if i]"),
                       "(listcomp (binop * (name i) (name i)) (for (name i) (call (name range) (num 5)) (if (name i))))")
        XCTAssertEqual(expr("{k: v for k, v in d}"), "(dictcomp (name k) (name v) (for (tuple (name k) (name v)) (name d)))")
        XCTAssertEqual(expr("{1, 2}"), "(set (num 1) (num 2))")
        XCTAssertEqual(expr("{'a': 1, **b}"), "(dict ((str \"a\") (num 1)) (** (name b)))")
        XCTAssertEqual(expr("(1,)"), "(tuple (num 1))")
        XCTAssertEqual(expr("()"), "(tuple)")
        XCTAssertEqual(expr("[*a, 1]"), "(list (star (name a)) (num 1))")
    }

    func testLiterals() {
        XCTAssertEqual(expr("1_000"), "(num 1000)")
        XCTAssertEqual(expr("0x1F"), "(num 31)")
        XCTAssertEqual(expr("0o17"), "(num 15)")
        XCTAssertEqual(expr("0b101"), "(num 5)")
        XCTAssertEqual(expr("1."), "(num 1.0)")
        XCTAssertEqual(expr(".5"), "(num 0.5)")
        XCTAssertEqual(expr("1e-3"), "(num 0.001)")
        XCTAssertEqual(expr("2j"), "(imag 2.0)")
        XCTAssertEqual(expr("123456789012345678901234567890"), "(num 123456789012345678901234567890)")
        XCTAssertEqual(expr("'a\\tb' \"c\""), "(str \"a\tbc\")")
        XCTAssertEqual(expr("r'a\\n'"), "(str \"a\\\\n\")")
        XCTAssertEqual(expr("'''x\ny'''"), "(str \"x\\ny\")")
        XCTAssertEqual(expr("'\\x41\\u00e9\\101'"), "(str \"AéA\")")
        XCTAssertEqual(expr("f'h={h:.5f}, twice={2 * h!r}'"),
                       "(fstr \"h=\" {(name h) :\".5f\"} \", twice=\" {(binop * (num 2) (name h)) !r})")
        XCTAssertEqual(expr("f'{x:{w}.2f}'"), "(fstr {(name x) :{(name w)} \".2f\"})")
        XCTAssertEqual(expr("f'{{}}{a[\"k\"]}'"), "(fstr \"{}\" {(index (name a) (str \"k\"))})")
    }

    func testStatements() throws {
        XCTAssertEqual(try program("a = b = 0"), "(= (name a) (name b) (num 0))")
        XCTAssertEqual(try program("a, *b = x"), "(= (tuple (name a) (star (name b))) (name x))")
        XCTAssertEqual(try program("x[0] += 1; y.z = 2;"), "(+= (index (name x) (num 0)) (num 1))\n(= (attr (name y) z) (num 2))")
        XCTAssertEqual(try program("x;"), "(expr; (name x))")
        XCTAssertEqual(try program("def f(a, b=1, *args, c, d=2, **kw):\n    return a\n"),
                       "(def f (a b=(num 1) *args kw:c kw:d=(num 2) **kw) (block (return (name a))))")
        XCTAssertEqual(try program("if a:\n    pass\nelif b:\n    x = 1\nelse:\n    y = 2\n"),
                       "(if ((name a) (block (pass))) ((name b) (block (= (name x) (num 1)))) (else (block (= (name y) (num 2)))))")
        XCTAssertEqual(try program("for i, v in enumerate(xs):\n    continue\nelse:\n    break\n"),
                       "(for (tuple (name i) (name v)) (call (name enumerate) (name xs)) (block (continue)) (else (block (break))))")
        XCTAssertEqual(try program("while x: x -= 1"), "(while (name x) (block (-= (name x) (num 1))))")
        XCTAssertEqual(try program("with torch.no_grad():\n    y = x\n"),
                       "(with ((call (attr (name torch) no_grad))) (block (= (name y) (name x))))")
        XCTAssertEqual(try program("try:\n    f()\nexcept ValueError as e:\n    raise\nexcept:\n    pass\nelse:\n    g()\nfinally:\n    h()\n"),
                       "(try (block (call (name f))) (except (name ValueError) as e (block (raise))) (except (block (pass))) (else (block (call (name g)))) (finally (block (call (name h)))))")
        XCTAssertEqual(try program("raise X from Y"), "(raise (name X) from (name Y))")
        XCTAssertEqual(try program("import torch as t, math\nfrom torch import linalg, nn as n\n"),
                       "(import torch as t math)\n(from torch import linalg nn as n)")
        XCTAssertEqual(try program("assert x, 'msg'\ndel a[0], b\nglobal g\n"),
                       "(assert (name x) (str \"msg\"))\n(del (index (name a) (num 0)) (name b))\n(global g)")
        XCTAssertEqual(try program("@d\ndef f(): pass\n"), "(def f () (decorators (name d)) (block (pass)))")
        XCTAssertEqual(try program("class A: pass\n"), "(class A (block (pass)))")
        XCTAssertEqual(try program("@dataclass\nclass B(A, object, metaclass=M):\n    x = 1\n    def f(self): return self.x\n"),
                       "(class B (bases (name A) (name object) (kw metaclass (name M))) (decorators (name dataclass)) "
                           + "(block (= (name x) (num 1)) (def f (self) (block (return (attr (name self) x))))))")
        XCTAssertEqual(try program("x = (1 +\n     2)\ny = 3 \\\n  + 4\n"), "(= (name x) (binop + (num 1) (num 2)))\n(= (name y) (binop + (num 3) (num 4)))")
        XCTAssertEqual(try program("x: int = 5"), "(= (name x) (num 5))")
        XCTAssertEqual(try program("def g():\n    x = yield 1\n    yield\n    yield from xs\n"),
                       "(def g () (block (= (name x) (yield (num 1))) (yield) (yieldfrom (name xs))))")
        XCTAssertEqual(try program("# comment only\n\n   \nx = 1  # trailing\n"), "(= (name x) (num 1))")
        XCTAssertEqual(try program("\u{FEFF}if a:\r\n    b = 1\r\n"), "(if ((name a) (block (= (name b) (num 1)))))")
    }

    func testSyntaxErrors() {
        XCTAssertEqual(syntaxError("f(1 2)")?.message, "expected ')' to close '(' opened at 1:2")
        XCTAssertEqual(syntaxError("x = (1 +")?.message, "unexpected end of input: '(' opened at 1:5 is never closed")
        XCTAssertEqual(syntaxError("x = (1 +")?.atEndOfInput, true)
        XCTAssertEqual(syntaxError("  x = 1")?.message, "unexpected indent")
        XCTAssertEqual(syntaxError("if x:\ny = 1")?.message, "expected an indented block after 'if' statement on line 1")
        XCTAssertEqual(syntaxError("def f():\n")?.message, "expected an indented block after function definition on line 1")
        XCTAssertEqual(syntaxError("s = 'abc")?.message, "unterminated string literal (detected at line 1)")
        XCTAssertEqual(syntaxError("s = '''abc\n")?.message, "unterminated triple-quoted string literal (detected at line 2)")
        XCTAssertEqual(syntaxError("s = f'{x'")?.message, "f-string: expecting '}'")
        XCTAssertEqual(syntaxError("s = f'abc")?.message, "unterminated f-string literal (detected at line 1)")
        XCTAssertEqual(syntaxError("if x:\n\ty = 1\n        z = 2\n")?.message, "inconsistent use of tabs and spaces in indentation")
        XCTAssertEqual(syntaxError("if x:\n    y = 1\n  z = 2\n")?.message, "unindent does not match any outer indentation level")
        XCTAssertEqual(syntaxError("f() = 1")?.message, "cannot assign to function call here. Maybe you meant '==' instead of '='?")
        XCTAssertEqual(syntaxError("x = )")?.message, "unmatched ')'")
        XCTAssertEqual(syntaxError("class 1: pass")?.message, "expected a class name after 'class', found number")
        XCTAssertEqual(syntaxError("class A:\n")?.message, "expected an indented block after class definition on line 1")
        XCTAssertEqual(syntaxError("x = 1 +")?.message, "expected an expression, found end of line")
        XCTAssertEqual(syntaxError("(]")?.message, "closing parenthesis ']' does not match opening parenthesis '('")
        XCTAssertEqual(syntaxError("x = 01")?.message, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
    }

    func testRanges() throws {
        let e: Expr = try Parser.parseExpression("foo(1, bar)")
        XCTAssertEqual(e.range.start, SourceLocation(line: 1, column: 1))
        XCTAssertEqual(e.range.end, SourceLocation(line: 1, column: 12))
        guard case .call(_, let args) = e.kind, case .positional(let b) = args[1] else { return XCTFail("shape") }
        XCTAssertEqual(b.range, SourceRange(start: SourceLocation(line: 1, column: 8), end: SourceLocation(line: 1, column: 11)))
        let tokens: [Token] = try Lexer.tokenize("if x:\n    y\n")
        let kinds: [String] = tokens.map { t in
            switch t.kind {
            case .indent: return "INDENT"
            case .dedent: return "DEDENT"
            case .newline: return "NEWLINE"
            case .endOfInput: return "EOF"
            default: return t.display
            }
        }
        XCTAssertEqual(kinds, ["'if'", "name 'x'", "':'", "NEWLINE", "INDENT", "name 'y'", "NEWLINE", "DEDENT", "EOF"])
        XCTAssertEqual(tokens[5].range.start, SourceLocation(line: 2, column: 5))
    }

    func testCompleteness() {
        XCTAssertTrue(Completeness.isComplete("x = 1"))
        XCTAssertFalse(Completeness.isComplete("x = (1,"))
        XCTAssertFalse(Completeness.isComplete("s = '''abc"))
        XCTAssertFalse(Completeness.isComplete("x = 1 + \\"))
        XCTAssertFalse(Completeness.isComplete("if x:"))
        XCTAssertFalse(Completeness.isComplete("def f():\n    return 1"))
        XCTAssertTrue(Completeness.isComplete("def f():\n    return 1\n"))
        XCTAssertFalse(Completeness.isComplete("for i in range(3):\n    if i:\n        pass"))
        XCTAssertTrue(Completeness.isComplete("x = )"))
        XCTAssertTrue(Completeness.isComplete("s = 'abc"))
        XCTAssertTrue(Completeness.isComplete(""))
        XCTAssertFalse(Completeness.isComplete("for i in range(3): print(i)"))
        XCTAssertTrue(Completeness.isComplete("for i in range(3): print(i)\n"))
        XCTAssertTrue(Completeness.isComplete("x = 1  # note:"))
        XCTAssertTrue(Completeness.isComplete("d = {'a': 1}"))
        XCTAssertFalse(Completeness.isComplete("@decorator"))
        XCTAssertTrue(Completeness.isComplete("iffy = 3"))
    }
}
