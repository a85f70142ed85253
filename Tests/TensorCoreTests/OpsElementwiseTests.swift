import XCTest
@testable import TensorCore

final class OpsElementwiseTests: XCTestCase {
    func testAddBroadcastAndDtypes() throws {
        let a = try T.arange(6).reshaped([2, 3])
        let b = try T.i([10, 20, 30])
        let c = try NDArray.binary(.add, .array(a), .array(b))
        XCTAssertEqual(c.shape, [2, 3])
        XCTAssertEqual(c.ints, [10, 21, 32, 13, 24, 35])
        XCTAssertEqual(c.dtype, .int64)
        let d = try NDArray.binary(.mul, .array(a), .scalar(.float(0.5)))
        XCTAssertEqual(d.dtype, .float32)
        XCTAssertEqual(d.doubles, [0, 0.5, 1, 1.5, 2, 2.5])
    }

    func testStridedOperands() throws {
        let m = try T.arange(6, .float32).reshaped([2, 3])
        let t = try m.matrixTransposed
        let s = try NDArray.binary(.add, .array(t), .array(t))
        XCTAssertEqual(s.shape, [3, 2])
        XCTAssertEqual(s.doubles, [0, 6, 2, 8, 4, 10])
        let u = try NDArray.binary(.sub, .array(t), .array(T.f([1, 2])))
        XCTAssertEqual(u.doubles, [-1, 1, 0, 2, 1, 3])
    }

    func testTrueDivisionOfIntegersGivesDefaultFloat() throws {
        let r = try NDArray.binary(.div, .array(T.i([1, 2])), .scalar(.int(2)))
        XCTAssertEqual(r.dtype, .float32)
        XCTAssertEqual(r.doubles, [0.5, 1])
    }

    func testFloorDivideAndRemainderFollowPython() throws {
        let a = try T.i([7, -7, 7, -7]), b = try T.i([2, 2, -2, -2])
        XCTAssertEqual(try NDArray.binary(.floorDiv, .array(a), .array(b)).ints, [3, -4, -4, 3])
        XCTAssertEqual(try NDArray.binary(.remainder, .array(a), .array(b)).ints, [1, 1, -1, -1])
        let fa = try T.f([7, -7, 7.5]), fb = try T.f([2, 2, -2])
        XCTAssertEqual(try NDArray.binary(.floorDiv, .array(fa), .array(fb)).doubles, [3, -4, -4])
        XCTAssertEqual(try NDArray.binary(.remainder, .array(fa), .array(fb)).doubles, [1, 1, -0.5])
        XCTAssertThrowsMessage(try NDArray.binary(.floorDiv, .array(a), .scalar(.int(0))), "ZeroDivisionError")
    }

    func testComparisonsAndLogical() throws {
        let a = try T.f([1, 2, 3])
        XCTAssertEqual(try NDArray.binary(.gt, .array(a), .scalar(.int(1))).bools, [false, true, true])
        XCTAssertEqual(try NDArray.binary(.eq, .array(a), .array(T.i([1, 0, 3]))).bools, [true, false, true])
        let m = try T.b([true, false, true])
        XCTAssertEqual(try NDArray.binary(.bitAnd, .array(m), .array(T.b([true, true, false]))).bools, [true, false, false])
        XCTAssertEqual(try NDArray.binary(.bitXor, .array(T.i([6])), .array(T.i([3]))).ints, [5])
        XCTAssertThrowsMessage(try NDArray.binary(.bitAnd, .array(a), .array(a)), "\"bitwise_and_cpu\" not implemented for 'Float'")
        XCTAssertThrowsMessage(try NDArray.binary(.sub, .array(m), .array(m)),
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
    }

    func testPowAndMaximumNaN() throws {
        XCTAssertEqual(try NDArray.binary(.pow, .array(T.i([2, 3])), .scalar(.int(3))).ints, [8, 27])
        XCTAssertEqual(try NDArray.binary(.pow, .array(T.f([-2])), .scalar(.int(2))).doubles, [4])
        let r = try NDArray.binary(.maximum, .array(T.f([1, .nan])), .array(T.f([2, 0])))
        XCTAssertEqual(r.doubles[0], 2)
        XCTAssertTrue(r.doubles[1].isNaN)
        XCTAssertThrowsMessage(try NDArray.binary(.pow, .array(T.i([2])), .scalar(.int(-1))),
                               "Integers to negative integer powers are not allowed.")
        // A tensor exponent is taken element by element, as PyTorch's powi: 1, ±1, else 0.
        XCTAssertEqual(try NDArray.binary(.pow, .array(T.i([1, -1, -1, 2, 0])), .array(T.i([-1, -1, -2, -1, -1]))).ints,
                       [1, -1, 1, 0, 0])
        XCTAssertEqual(try NDArray.binary(.pow, .scalar(.int(2)), .array(T.i([-1, -2]))).ints, [0, 0])
        XCTAssertEqual(try NDArray.binary(.pow, .array(T.f([2])), .scalar(.int(-1))).doubles, [0.5])
    }

    func testUnary() throws {
        let s = try T.i([1, 4, 9]).unary(.sqrt)
        XCTAssertEqual(s.dtype, .float32)
        XCTAssertEqual(s.doubles, [1, 2, 3])
        XCTAssertEqual(try T.i([-2, 3]).unary(.abs).ints, [2, 3])
        XCTAssertEqual(try T.f([-1.5, 0.5, 2.5]).unary(.round).doubles, [-2, 0, 2])
        XCTAssertEqual(try T.f([-1, 2]).unary(.relu).doubles, [0, 2])
        XCTAssertEqual(try T.b([true, false]).unary(.bitwiseNot).bools, [false, true])
        XCTAssertEqual(try T.i([0]).unary(.bitwiseNot).ints, [-1])
        XCTAssertEqual(try T.f([.nan, 1, .infinity]).unary(.isfinite).bools, [false, true, false])
        XCTAssertThrowsMessage(try T.f([1]).unary(.bitwiseNot), "\"bitwise_not_cpu\" not implemented for 'Float'")
        let t = try T.f([0, 1, 2, 3], [2, 2]).matrixTransposed.unary(.exp)
        XCTAssertEqual(t.doubles.map { ($0 * 1000).rounded() / 1000 }, [1, 7.389, 2.718, 20.086])
    }

    func testInPlaceKeepsDtypeAndStorage() throws {
        let x = try T.i([1, 2, 3])
        let before = x.storage.version
        try x.binaryInPlace(.add, .scalar(.int(1)))
        XCTAssertEqual(x.ints, [2, 3, 4])
        XCTAssertGreaterThan(x.storage.version, before)
        XCTAssertThrowsMessage(try x.binaryInPlace(.div, .scalar(.int(2))),
                               "result type Float can't be cast to the desired output type Long")
        XCTAssertThrowsMessage(try x.binaryInPlace(.add, .array(T.i([1, 2, 3, 4, 5, 6], [2, 3]))),
                               "output with shape [3] doesn't match the broadcast shape [2, 3]")
        let f = try T.f([1, 4])
        try f.unaryInPlace(.sqrt)
        XCTAssertEqual(f.doubles, [1, 2])
        XCTAssertThrowsMessage(try x.unaryInPlace(.sqrt), "result type Float can't be cast to the desired output type Long")
    }

    func testWhereClampLerpNanToNum() throws {
        let c = try T.b([true, false, true])
        XCTAssertEqual(try NDArray.whereSelect(c, .array(T.f([1, 2, 3])), .scalar(.int(0))).doubles, [1, 0, 3])
        XCTAssertEqual(try T.f([-2, 0.5, 3]).clamp(min: .scalar(.int(0)), max: .scalar(.int(1))).doubles, [0, 0.5, 1])
        XCTAssertEqual(try T.i([-2, 5]).clamp(min: .scalar(.int(0)), max: nil).ints, [0, 5])
        XCTAssertEqual(try T.f([0, 10]).lerp(.array(T.f([10, 20])), weight: .scalar(.float(0.5))).doubles, [5, 15])
        let n = try T.f([.nan, .infinity, -.infinity, 1]).nanToNum(nan: 0, posinf: 9, neginf: nil)
        XCTAssertEqual(n.doubles, [0, 9, Double(-Float.greatestFiniteMagnitude), 1])
    }

    func testFillCopyAllclose() throws {
        let x = try NDArray(zeros: [2, 3], dtype: .float32)
        try x.subscripted([.int(0)]).fill(.int(7))
        XCTAssertEqual(x.doubles, [7, 7, 7, 0, 0, 0])
        try x.copyFrom(T.f([1, 2, 3]))
        XCTAssertEqual(x.doubles, [1, 2, 3, 1, 2, 3])
        XCTAssertTrue(try NDArray.allClose(T.f([1, 2]), T.f([1, 2.000001]), rtol: 1e-5, atol: 1e-8, equalNaN: false))
        XCTAssertFalse(try NDArray.allClose(T.f([.nan]), T.f([.nan]), rtol: 1e-5, atol: 1e-8, equalNaN: false))
        XCTAssertTrue(try NDArray.allClose(T.f([.nan]), T.f([.nan]), rtol: 1e-5, atol: 1e-8, equalNaN: true))
        XCTAssertTrue(NDArray.equal(try T.i([1, 2]), try T.i([1, 2])))
        XCTAssertFalse(NDArray.equal(try T.i([1, 2]), try T.i([1, 3])))
    }

    func testLargeParallelAddMatchesSerial() throws {
        let n = 300_000
        let a = try T.arange(n, .float32)
        let r = try NDArray.binary(.add, .array(a), .array(a))
        let p = r.pointer(as: Float.self)
        XCTAssertEqual(p[0], 0)
        XCTAssertEqual(p[n - 1], Float(2 * (n - 1)))
        XCTAssertEqual(p[n / 2], Float(n))
    }
}

final class OpsInPlaceTests: XCTestCase {
    func testInPlaceWithOverlappingOperand() throws {
        let x = try T.arange(4, .float32).reshaped([2, 2])
        try x.binaryInPlace(.add, .array(x.matrixTransposed))
        XCTAssertEqual(x.doubles, [0, 3, 3, 6])
        try x.binaryInPlace(.mul, .array(x))
        XCTAssertEqual(x.doubles, [0, 9, 9, 36])
    }

    func testInPlaceOnStridedViewWritesThrough() throws {
        let x = try T.arange(6).reshaped([2, 3])
        let col = try x.subscripted([.slice(start: nil, stop: nil, step: nil), .int(1)])
        try col.binaryInPlace(.mul, .scalar(.int(10)))
        XCTAssertEqual(x.ints, [0, 10, 2, 3, 40, 5])
    }

    func testInPlaceOnExpandedIsRefused() throws {
        let e = try T.i([1]).expanded(to: [3])
        XCTAssertThrowsMessage(try e.binaryInPlace(.add, .scalar(.int(1))),
            "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
    }
}
