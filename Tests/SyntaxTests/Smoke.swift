import XCTest
@testable import Syntax
final class SyntaxSmokeTests: XCTestCase { func testLinks() {} }
