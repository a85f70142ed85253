import Foundation
import Lang
import XCTest

/// docs/builtins.md is generated from the builtin table; this test fails when it is stale.
/// Regenerate with `scripts/gen-docs` (which runs this test with TCALC_UPDATE_DOCS=1).
final class BuiltinDocsTests: XCTestCase {
    func testBuiltinReferenceIsCurrent() throws {
        let url = TCalcBinary.packageRoot.appendingPathComponent("docs/builtins.md")
        let generated = BuiltinRegistry.standard.markdown()
        if ProcessInfo.processInfo.environment["TCALC_UPDATE_DOCS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        XCTAssertTrue(committed == generated, "docs/builtins.md is stale: run scripts/gen-docs")
    }

    func testEveryBuiltinHasADoc() {
        for b in BuiltinRegistry.standard.entries {
            XCTAssertFalse(b.doc.trimmingCharacters(in: .whitespaces).isEmpty, "\(b.names) has no doc")
        }
    }
}
