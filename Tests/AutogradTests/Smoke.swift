import XCTest
@testable import Autograd
final class AutogradSmokeTests: XCTestCase { func testLinks() {} }
