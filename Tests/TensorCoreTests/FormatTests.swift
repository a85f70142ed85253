import XCTest
@testable import TensorCore

/// Expected strings are PyTorch's own output (most from ../shared/conformance/reference.txt).
final class FormatTests: XCTestCase {
    private func floats(_ values: [Double], _ shape: [Int]? = nil, _ dtype: DType = .float32) throws -> NDArray {
        try NDArray(scalars: values.map { Scalar.float($0) }, shape: shape ?? [values.count], dtype: dtype)
    }
    private func ints(_ values: [Int64], _ shape: [Int]? = nil, _ dtype: DType = .int64) throws -> NDArray {
        try NDArray(scalars: values.map { Scalar.int($0) }, shape: shape ?? [values.count], dtype: dtype)
    }
    private func range(_ n: Int, _ shape: [Int], _ dtype: DType) throws -> NDArray {
        try NDArray(scalars: (0..<n).map { Scalar.int(Int64($0)) }, shape: shape, dtype: dtype)
    }
    private let defaults = PrintOptions()

    func testIntegers() throws {
        XCTAssertEqual(try range(12, [12], .int64).formatted(options: defaults),
                       "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11])")
        XCTAssertEqual(try ints([1, -20, 300]).formatted(options: defaults), "tensor([  1, -20, 300])")
        XCTAssertEqual(try ints([123456789, 1]).formatted(options: defaults), "tensor([123456789,         1])")
        XCTAssertEqual(NDArray(scalar: .int(-4)).formatted(options: defaults), "tensor(-4)")
        XCTAssertEqual(try ints([1, 2], nil, .int32).formatted(options: defaults), "tensor([1, 2], dtype=torch.int32)")
    }

    func testBooleans() throws {
        let b = try NDArray(scalars: [.bool(true), .bool(false), .bool(true)], shape: [3], dtype: .bool)
        XCTAssertEqual(b.formatted(options: defaults), "tensor([ True, False,  True])")
        let eye = try NDArray(scalars: [.bool(true), .bool(false), .bool(false), .bool(true)], shape: [2, 2], dtype: .bool)
        XCTAssertEqual(eye.formatted(options: defaults), "tensor([[ True, False],\n        [False,  True]])")
    }

    func testFloatModes() throws {
        XCTAssertEqual(try floats([0, 1, 2, 3]).formatted(options: defaults), "tensor([0., 1., 2., 3.])")
        XCTAssertEqual(try floats([0, 0.25, 0.5, 0.75]).formatted(options: defaults),
                       "tensor([0.0000, 0.2500, 0.5000, 0.7500])")
        XCTAssertEqual(try floats([1, 2.5, -3, 4], [2, 2]).formatted(options: defaults),
                       "tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]])")
        XCTAssertEqual(try floats([1e10, 1]).formatted(options: defaults), "tensor([1.0000e+10, 1.0000e+00])")
        XCTAssertEqual(try floats([1e-5, 1]).formatted(options: defaults), "tensor([1.0000e-05, 1.0000e+00])")
        XCTAssertEqual(try floats([1.23456789, 100.5]).formatted(options: defaults), "tensor([  1.2346, 100.5000])")
        XCTAssertEqual(try floats([-1, 2.5, -300.25]).formatted(options: defaults),
                       "tensor([  -1.0000,    2.5000, -300.2500])")
        XCTAssertEqual(try floats([100000, 1]).formatted(options: defaults), "tensor([1.0000e+05, 1.0000e+00])")
        XCTAssertEqual(try floats([0.0001, 12345]).formatted(options: defaults), "tensor([1.0000e-04, 1.2345e+04])")
        XCTAssertEqual(try floats([0, 0, 0]).formatted(options: defaults), "tensor([0., 0., 0.])")
    }

    func testNonFiniteAndNegativeZero() throws {
        XCTAssertEqual(try floats([.nan, .infinity, -.infinity, 1]).formatted(options: defaults),
                       "tensor([nan, inf, -inf, 1.])")
        XCTAssertEqual(try floats([-.nan, 0.5]).formatted(options: defaults), "tensor([   nan, 0.5000])")
        XCTAssertEqual(try floats([-0.0, 1]).formatted(options: defaults), "tensor([-0., 1.])")
        XCTAssertEqual(try floats([.nan, 1e-6]).formatted(options: defaults), "tensor([       nan, 1.0000e-06])")
    }

    func testZeroDimensional() throws {
        XCTAssertEqual(NDArray(scalar: .float(3), dtype: .float32).formatted(options: defaults), "tensor(3.)")
        XCTAssertEqual(NDArray(scalar: .float(2.5), dtype: .float32).formatted(options: defaults), "tensor(2.5000)")
        XCTAssertEqual(NDArray(scalar: .float(5.0 / 3.0), dtype: .float32).formatted(options: defaults), "tensor(1.6667)")
        XCTAssertEqual(NDArray(scalar: .float(28), dtype: .float32).formatted(suffixes: ["grad_fn=<MulBackward0>"], options: defaults),
                       "tensor(28., grad_fn=<MulBackward0>)")
        XCTAssertEqual(NDArray(scalar: .float(1.5), dtype: .float64).formatted(options: defaults),
                       "tensor(1.5000, dtype=torch.float64)")
    }

    func testEmpty() throws {
        XCTAssertEqual(try NDArray(zeros: [0, 3], dtype: .float32).formatted(options: defaults), "tensor([], size=(0, 3))")
        XCTAssertEqual(try NDArray(zeros: [0], dtype: .int64).formatted(options: defaults), "tensor([], dtype=torch.int64)")
        XCTAssertEqual(try NDArray(zeros: [0], dtype: .float32).formatted(options: defaults), "tensor([])")
        XCTAssertEqual(try NDArray(zeros: [2, 0], dtype: .bool).formatted(options: defaults),
                       "tensor([], size=(2, 0), dtype=torch.bool)")
    }

    func testNesting() throws {
        XCTAssertEqual(try NDArray(zeros: [2, 3, 4], dtype: .float32).formatted(options: defaults), """
            tensor([[[0., 0., 0., 0.],
                     [0., 0., 0., 0.],
                     [0., 0., 0., 0.]],

                    [[0., 0., 0., 0.],
                     [0., 0., 0., 0.],
                     [0., 0., 0., 0.]]])
            """)
        XCTAssertEqual(try range(16, [2, 2, 2, 2], .int64).formatted(options: defaults), """
            tensor([[[[ 0,  1],
                      [ 2,  3]],

                     [[ 4,  5],
                      [ 6,  7]]],


                    [[[ 8,  9],
                      [10, 11]],

                     [[12, 13],
                      [14, 15]]]])
            """)
    }

    func testStridedView() throws {
        // The transpose of arange(6).reshape(2, 3), read through strides without copying.
        let base = try range(6, [2, 3], .float32)
        let t = base.viewing(shape: [3, 2], strides: [1, 3])
        XCTAssertEqual(t.formatted(options: defaults), "tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]])")
    }

    func testSummarize() throws {
        XCTAssertEqual(try range(2000, [2000], .int64).formatted(options: defaults),
                       "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])")
        XCTAssertEqual(try range(3000, [100, 30], .float32).formatted(options: defaults), """
            tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 2.7000e+01, 2.8000e+01,
                     2.9000e+01],
                    [3.0000e+01, 3.1000e+01, 3.2000e+01,  ..., 5.7000e+01, 5.8000e+01,
                     5.9000e+01],
                    [6.0000e+01, 6.1000e+01, 6.2000e+01,  ..., 8.7000e+01, 8.8000e+01,
                     8.9000e+01],
                    ...,
                    [2.9100e+03, 2.9110e+03, 2.9120e+03,  ..., 2.9370e+03, 2.9380e+03,
                     2.9390e+03],
                    [2.9400e+03, 2.9410e+03, 2.9420e+03,  ..., 2.9670e+03, 2.9680e+03,
                     2.9690e+03],
                    [2.9700e+03, 2.9710e+03, 2.9720e+03,  ..., 2.9970e+03, 2.9980e+03,
                     2.9990e+03]])
            """)
        var noEdges = PrintOptions()
        noEdges.threshold = 3
        noEdges.edgeitems = 0
        XCTAssertEqual(try range(5, [5], .int64).formatted(options: noEdges), "tensor([...], size=(5,))")
        XCTAssertEqual(try range(6, [2, 3], .int64).formatted(options: noEdges), "tensor([...], size=(2, 3))")
    }

    func testLineWrappingAndSuffixes() throws {
        let x = try range(20, [20], .float32)
        XCTAssertEqual(x.formatted(suffixes: ["requires_grad=True"], options: defaults), """
            tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,
                    14., 15., 16., 17., 18., 19.], requires_grad=True)
            """)
        let doubled = try NDArray(scalars: (0..<20).map { Scalar.float(Double(2 * $0)) }, shape: [20], dtype: .float32)
        XCTAssertEqual(doubled.formatted(suffixes: ["grad_fn=<MulBackward0>"], options: defaults), """
            tensor([ 0.,  2.,  4.,  6.,  8., 10., 12., 14., 16., 18., 20., 22., 24., 26.,
                    28., 30., 32., 34., 36., 38.], grad_fn=<MulBackward0>)
            """)
        // A suffix that no longer fits moves to its own line, indented by 7.
        let wide = try floats([1.5, 2, 3, 4, 5, 6, 7, 8], nil, .float64)
        XCTAssertEqual(wide.formatted(suffixes: ["requires_grad=True"], options: defaults), """
            tensor([1.5000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, 7.0000, 8.0000],
                   dtype=torch.float64, requires_grad=True)
            """)
    }

    func testOptions() throws {
        var o = PrintOptions()
        o.precision = 2
        XCTAssertEqual(try floats([1.23456, 2]).formatted(options: o), "tensor([1.23, 2.00])")
        o.sciMode = true
        XCTAssertEqual(try floats([1.5, 2]).formatted(options: o), "tensor([1.50e+00, 2.00e+00])")
        o.sciMode = false
        // PyTorch measures the width before applying the override, so the %e width stays.
        XCTAssertEqual(try floats([1e-5, 1]).formatted(options: o), "tensor([    0.00,     1.00])")
        var p = PrintOptions()
        try p.apply(profile: "short")
        XCTAssertEqual(p.precision, 2)
        XCTAssertEqual(p.edgeitems, 2)
        try p.apply(profile: "full")
        XCTAssertEqual(p.threshold, Int.max)
        XCTAssertThrowsError(try p.apply(profile: "tiny"))
    }

    func testComplex() throws {
        let z = try NDArray(scalars: [.complex(3, 0), .complex(1, 0)], shape: [2], dtype: .complex64)
        XCTAssertEqual(z.formatted(options: defaults), "tensor([3.+0.j, 1.+0.j])")
        let w = try NDArray(scalars: [.complex(1.5, -2), .complex(0, 0.25)], shape: [2], dtype: .complex64)
        XCTAssertEqual(w.formatted(options: defaults), "tensor([1.5000-2.0000j, 0.0000+0.2500j])")
        let d = try NDArray(scalars: [.complex(1, 1)], shape: [1], dtype: .complex128)
        XCTAssertEqual(d.formatted(options: defaults), "tensor([1.+1.j], dtype=torch.complex128)")
    }
}

/// The integer path of `%.Nf` must agree with glibc's printf digit for digit.
final class FormatNumberTests: XCTestCase {
    func testFixedMatchesPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.00005, 0.00015, 0.125, 1e-300, Double.leastNonzeroMagnitude, 123456.78905,
                                0.1, 0.7, 1.0 / 3.0, 99999.99995, 4.35, 2.675, 1e14, 8.9e17]
        for _ in 0..<4000 {
            let exponent = Double.random(in: -12...15, using: &generator)
            let sign: Double = Bool.random(using: &generator) ? 1 : -1
            values.append(sign * Double.pow(10, exponent))
            values.append(Double(Float(sign * Double.pow(10, exponent))))
            // Exact ties at the 4th and 0th decimal.
            values.append(Double(Int.random(in: -100000...100000, using: &generator)) / 10000 + 0.00005)
            values.append(Double(Int.random(in: -1000...1000, using: &generator)) + 0.5)
        }
        for v in values {
            for p in [0, 1, 2, 4, 8] {
                guard let fast = NumberText.exactFixed(v, precision: p) else { continue }
                XCTAssertEqual(fast, NumberText.printf("%.*f", p, v), "value \(v) precision \(p)")
            }
        }
    }

    func testScientificMatchesPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [1, -1, 9.99995, 9.99994999, 0.5, 1e-5, 1e10, 123456.78905, 99999.5, 1e300, Double.leastNonzeroMagnitude,
                                2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1.0 / 3.0, 1e22, 1e23]
        for _ in 0..<5000 {
            let exponent = Double.random(in: -40...40, using: &generator)
            let sign: Double = Bool.random(using: &generator) ? 1 : -1
            values.append(sign * Double.pow(10, exponent))
            values.append(Double(Float(sign * Double.pow(10, exponent))))
            // Ties in the fifth significant digit.
            values.append(Double(Int.random(in: 10000...99999, using: &generator)) + 0.5)
            values.append((Double(Int.random(in: 100000...999999, using: &generator)) + 0.5) * 1e-6)
        }
        var covered = 0
        for v in values {
            for p in [0, 1, 2, 4, 8, 17] {
                guard let fast = NumberText.exactScientific(v, precision: p) else { continue }
                covered += 1
                XCTAssertEqual(fast, NumberText.printf("%.*e", p, v), "value \(v) precision \(p)")
            }
        }
        XCTAssertGreaterThan(covered, values.count * 3)
    }
}
