import XCTest
import TensorCore
@testable import Autograd

/// The `autograd/` cases of the conformance reference, through the Swift API, compared with the
/// text PyTorch printed.
final class ReferenceCaseTests: XCTestCase {
    func testRequiresGradAndPrint() throws {
        let x = try arange(4)
        try x.requiresGrad_(true)
        XCTAssertEqual(x.repr(), "tensor([0., 1., 2., 3.], requires_grad=True)")
        XCTAssertNil(x.grad)
        let y = try 2 * Tensor.dot(x, x)
        XCTAssertEqual(y.repr(), "tensor(28., grad_fn=<MulBackward0>)")
        try y.backward()
        XCTAssertEqual(show(x.grad), "tensor([ 0.,  4.,  8., 12.])")
        XCTAssertEqual(show(try Tensor.binary(.eq, .tensor(x.grad!), .tensor(try 4 * x))), "tensor([True, True, True, True])")
    }

    func testZeroThenSumAndAccumulate() throws {
        let x = try arange(4, requiresGrad: true)
        try (try 2 * Tensor.dot(x, x)).backward()
        try x.grad?.fill(.int(0))
        XCTAssertEqual(show(x.grad), "tensor([0., 0., 0., 0.])")
        try x.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([1., 1., 1., 1.])")
        try x.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([2., 2., 2., 2.])")
    }

    func testNonScalarOutputs() throws {
        let x = try arange(4, requiresGrad: true)
        let y = try x * x
        try y.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([0., 2., 4., 6.])")
        let x2 = try arange(4, requiresGrad: true)
        try (try x2 * x2).backward(gradient: try ones([4]))
        XCTAssertEqual(show(x2.grad), "tensor([0., 2., 4., 6.])")
    }

    func testDetach() throws {
        let x = try arange(4, requiresGrad: true)
        let y = try x * x
        let u = y.detach()
        let z = try u * x
        try z.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(try Tensor.binary(.eq, .tensor(x.grad!), .tensor(u))), "tensor([True, True, True, True])")
        XCTAssertTrue(try (x * 2.0).requiresGrad)
        XCTAssertFalse(try (x * 2.0).detach().requiresGrad)
    }

    func testSimpleRules() throws {
        let x = try tensor([1, 2, 3, 4], requiresGrad: true)
        try x.reduce(.mean, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([0.2500, 0.2500, 0.2500, 0.2500])")

        let w = try ones([2, 3], requiresGrad: true)
        try Tensor.matmul(w, try tensor([1, 2, 3])).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(w.grad), "tensor([[1., 2., 3.],\n        [1., 2., 3.]])")

        let b = try Tensor(NDArray(zeros: [3], dtype: .float32), requiresGrad: true)
        try (try ones([4, 3]) + b).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(b.grad), "tensor([4., 4., 4.])")

        let r = try tensor([-1, 0, 2], requiresGrad: true)
        try r.unary(.relu).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(r.grad), "tensor([0., 0., 1.])")

        let a = try tensor([-1, 0, 2], requiresGrad: true)
        try a.unary(.abs).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(a.grad), "tensor([-1.,  0.,  1.])")

        let e = try tensor([0.5, 1], requiresGrad: true)
        try (try e.unary(.exp) + e.unary(.log)).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(e.grad), "tensor([3.6487, 3.7183])")

        let p = try tensor([1, 2, 3], requiresGrad: true)
        try Tensor.binary(.pow, .tensor(p), .scalar(.int(3))).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(p.grad), "tensor([ 3., 12., 27.])")

        let n = try tensor([3, 4], requiresGrad: true)
        try n.vectorNorm(p: 2, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(n.grad), "tensor([0.6000, 0.8000])")
    }

    func testIndexingShapesAndCat() throws {
        let x = try arange(5, requiresGrad: true)
        let part = try x.subscripted([.slice(start: 1, stop: 3, step: nil)])
        try (part * 10.0).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([ 0., 10., 10.,  0.,  0.])")

        let y = try arange(6, requiresGrad: true)
        let t = try y.reshaped([2, 3]).matrixTransposed
        try (try t * arange(6).reshaped([3, 2])).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(y.grad), "tensor([0., 2., 4., 1., 3., 5.])")

        let a = try ones([2], requiresGrad: true)
        let b = try ones([3], requiresGrad: true)
        try (try Tensor.cat([a, b], dim: 0) * arange(5)).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(b.grad), "tensor([2., 3., 4.])")
    }

    func testActivationsDivisionMax() throws {
        let x = try tensor([0, 1], requiresGrad: true)
        try (try x.unary(.sigmoid) + x.unary(.tanh)).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(x.grad), "tensor([1.2500, 0.6166])")

        let d = try tensor([1, 2], requiresGrad: true)
        try (try 1.0 / d).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(show(d.grad), "tensor([-1.0000, -0.2500])")

        let m = try tensor([1, 5, 3], requiresGrad: true)
        try m.extremumAll(max: true).backward()
        XCTAssertEqual(show(m.grad), "tensor([0., 1., 0.])")
    }

    func testGradFnNames() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        XCTAssertEqual(try (x + 1.0).repr(), "tensor([2., 3.], grad_fn=<AddBackward0>)")
        XCTAssertEqual(try x.reduce(.sum, dims: nil, keepdim: false).repr(), "tensor(3., grad_fn=<SumBackward0>)")
        XCTAssertEqual(try (1.0 / x).gradFn?.name, "MulBackward0")
        XCTAssertEqual(try x.reshaped([2, 1]).gradFn?.name, "ViewBackward0")
        XCTAssertEqual(try x.unsqueezed(0).matrixTransposed.gradFn?.name, "PermuteBackward0")
        XCTAssertEqual(try x.subscripted([.int(0)]).gradFn?.name, "SelectBackward0")
        XCTAssertEqual(try x.extremum(max: true, dim: 0, keepdim: false).values.gradFn?.name, "MaxBackward0")
        XCTAssertEqual(try x.extremumAll(max: true).gradFn?.name, "MaxBackward1")
    }

    /// d2l's f(a): the while loop and the branch run in Swift, the gradient follows the path taken.
    func f(_ a: Tensor) throws -> Tensor {
        var b = try a * 2.0
        while try b.vectorNorm(p: 2, dims: nil, keepdim: false).item().doubleValue < 1000 {
            b = try b * 2.0
        }
        if try b.reduce(.sum, dims: nil, keepdim: false).item().doubleValue > 0 {
            return b
        }
        return try 100.0 * b
    }

    func testControlFlow() throws {
        let a = try scalarTensor(0.75, requiresGrad: true)
        let d = try f(a)
        try d.backward()
        XCTAssertEqual(show(try Tensor.binary(.eq, .tensor(a.grad!), .tensor(try d / a))), "tensor(True)")

        let a2 = try scalarTensor(-0.3, requiresGrad: true)
        try f(a2).backward()
        XCTAssertEqual(show(a2.grad), "tensor(409600.)")
    }

    func testAutogradGradAndSecondOrder() throws {
        let x = try tensor([1, 2, 3], requiresGrad: true)
        let y = try (x ** 2).reduce(.sum, dims: nil, keepdim: false)
        let g = try autogradGrad(outputs: [y], inputs: [x], gradOutputs: nil, retainGraph: nil, createGraph: false, allowUnused: false)
        XCTAssertEqual(show(g[0]), "tensor([2., 4., 6.])")
        XCTAssertNil(x.grad)

        let s = try scalarTensor(2, requiresGrad: true)
        let cube = try s ** 3
        let first = try autogradGrad(outputs: [cube], inputs: [s], gradOutputs: nil, retainGraph: nil, createGraph: true, allowUnused: false)
        let second = try autogradGrad(outputs: [first[0]!], inputs: [s], gradOutputs: nil, retainGraph: nil, createGraph: false, allowUnused: false)
        XCTAssertEqual(show(second[0]), "tensor(12.)")
    }

    func testNoGrad() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        let y = try GradMode.with(enabled: false) { try x * 2.0 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(GradMode.isEnabled)
    }

    func testFunctional() throws {
        let g = try Functional.grad({ xs in try (xs[0] ** 2).reduce(.sum, dims: nil, keepdim: false) },
                                    at: [try tensor([1, 2])], argnums: [0])
        XCTAssertEqual(show(g[0]), "tensor([2., 4.])")

        let inner: ([Tensor]) throws -> Tensor = { xs in
            try Functional.grad({ ys in try ys[0] ** 3 }, at: xs, argnums: [0])[0]
        }
        let x = try scalarTensor(2)
        let gg = try Functional.grad(inner, at: [x], argnums: [0])
        XCTAssertEqual(show(gg[0]), "tensor(12.)")
        XCTAssertNil(x.grad)

        let j = try Functional.jacobian({ xs in try xs[0] ** 2 }, at: [try tensor([1, 2])])
        XCTAssertEqual(show(j[0]), "tensor([[2., 0.],\n        [0., 4.]])")

        let h = try Functional.hessian({ xs in try (xs[0] ** 3).reduce(.sum, dims: nil, keepdim: false) }, at: try tensor([1, 2]))
        XCTAssertEqual(show(h), "tensor([[ 6.,  0.],\n        [ 0., 12.]])")
    }

    func testBackwardTwiceWithRetainGraph() throws {
        let x = try scalarTensor(2, requiresGrad: true)
        let y = try x ** 2
        try y.backward(retainGraph: true)
        try y.backward()
        XCTAssertEqual(show(x.grad), "tensor(8.)")
    }
}

final class ReprWrapTests: XCTestCase {
    func testSuffixesWrapAsPyTorch() throws {
        let x = try arange(20, requiresGrad: true)
        XCTAssertEqual(x.repr(), "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19.], requires_grad=True)")
        XCTAssertEqual(try (x * 2.0).repr(), "tensor([ 0.,  2.,  4.,  6.,  8., 10., 12., 14., 16., 18., 20., 22., 24., 26.,\n        28., 30., 32., 34., 36., 38.], grad_fn=<MulBackward0>)")
    }

    func testNonLeafGradWarning() throws {
        let x = try arange(3, requiresGrad: true)
        let y = try x * 2.0
        XCTAssertNil(x.nonLeafGradWarning)
        XCTAssertNotNil(y.nonLeafGradWarning)
        try y.retainGrad()
        XCTAssertNil(y.nonLeafGradWarning)
    }
}
