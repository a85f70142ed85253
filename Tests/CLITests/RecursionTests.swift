import Foundation
import XCTest

/// Deep recursion through the built binary (the interpreter runs on its own large stack there).
final class RecursionTests: XCTestCase {
    /// Reaching RecursionError at a high limit is linear in the depth: 20,000 frames took 4.8 s
    /// when each unwinding frame copied the traceback, and takes well under a second now.
    func testDeepRecursionErrorIsReachedQuicklyAndKeepsTheSession() throws {
        let script = """
            import sys
            sys.setrecursionlimit(20000)
            def f(n):
                return f(n + 1)
            try:
                f(0)
            except RecursionError as e:
                print('caught:', e)
            print('still here')
            f(0)
            """
        let start = Date()
        let r = try TCalcBinary.run([], stdin: script + "\n", timeout: 60)
        XCTAssertEqual(r.stdout, "caught: maximum recursion depth exceeded\nstill here\n")
        XCTAssertTrue(r.stderr.contains("RecursionError: maximum recursion depth exceeded"), r.stderr)
        XCTAssertTrue(r.stderr.contains("[Previous line repeated"), r.stderr)
        XCTAssertEqual(r.status, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "unwinding 20,000 frames should be linear")
    }
}
