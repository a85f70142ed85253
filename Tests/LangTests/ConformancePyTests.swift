import XCTest
@testable import Lang

/// The `py/` cases of the conformance reference that need no tensors, with the output real
/// PyTorch sessions printed (copied from shared/conformance/reference.txt).
final class ConformancePyTests: XCTestCase {
    func testPythonCases() {
        let cases: [(String, String, String)] = [
            ("py/int-arith", "7 // 2\n", "3\n"),
            ("py/float-arith", "7 / 2\n", "3.5\n"),
            ("py/pow", "2 ** 10\n", "1024\n"),
            ("py/float-repr", "0.1 + 0.2\n", "0.30000000000000004\n"),
            ("py/tuple", "(1, 2.5, \"a\")\n", "(1, 2.5, 'a')\n"),
            ("py/list", "[1, 2, 3]\n", "[1, 2, 3]\n"),
            ("py/bool", "3 > 2 and not False\n", "True\n"),
            ("py/string", "\"tensor\"\n", "'tensor'\n"),
            ("py/def-return", "def sq(v):\n    return v * v\nsq(12)\n", "144\n"),
            ("py/for-loop", "total = 0\nfor i in range(5):\n    total = total + i\ntotal\n", "10\n"),
            ("py/while-loop", "n = 1\nwhile n < 100:\n    n = n * 3\nn\n", "243\n"),
            ("py/if-else", "x = 5\ny = 0\nif x > 3:\n    y = 1\nelse:\n    y = 2\ny\n", "1\n"),
            ("py/none", "x = None\nx is None\n", "True\n"),
            ("py/elif", "x = 5\ny = 0\nif x < 3:\n    y = 1\nelif x < 10:\n    y = 2\nelse:\n    y = 3\ny\n", "2\n"),
            ("py/fstring", "h = 0.1\nf'h={h:.5f}, twice={2 * h!r}'\n", "'h=0.10000, twice=0.2'\n"),
            ("py/list-comprehension", "[i * i for i in range(5)]\n", "[0, 1, 4, 9, 16]\n"),
            ("py/print-sep", "print('id(Z):', 5, sep=' ')\n", "id(Z): 5\n"),
            ("py/dict", "d = {'a': 1, 'b': 2.5}\nd['b']\n", "2.5\n"),
            ("py/int-big", "2 ** 100\n", "1267650600228229401496703205376\n"),
            ("py/float-repr-small", "1 / 3\n", "0.3333333333333333\n"),
        ]
        for (name, source, expected) in cases {
            XCTAssertEqual(output(source), expected, name)
        }
    }
}
