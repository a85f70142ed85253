import XCTest
@testable import Frames
final class FramesSmokeTests: XCTestCase { func testLinks() {} }
