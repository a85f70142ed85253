import XCTest
import TensorCore
@testable import Autograd

/// PyTorch's autograd errors, in its words, and higher derivatives.
final class AutogradErrorTests: XCTestCase {
    func testNonScalarWithoutGradient() throws {
        let x = try arange(4, requiresGrad: true)
        XCTAssertThrowsMessage(try (x * x).backward(), "grad can be implicitly created only for scalar outputs")
    }

    func testBackwardOfConstant() throws {
        let x = try arange(4)
        XCTAssertThrowsMessage(try x.reduce(.sum, dims: nil, keepdim: false).backward(),
                               "element 0 of tensors does not require grad and does not have a grad_fn")
    }

    func testSecondBackwardThroughFreedGraph() throws {
        let x = try scalarTensor(2, requiresGrad: true)
        let y = try x ** 2
        try y.backward()
        XCTAssertThrowsMessage(try y.backward(), Node.secondBackwardMessage)
        // Nodes that saved nothing can be traversed again, as in PyTorch.
        let s = try x.reduce(.sum, dims: nil, keepdim: false)
        try s.backward()
        try s.backward()
    }

    func testInPlaceChangeOfSavedTensor() throws {
        let x = try tensor([1, 2, 3, 4], requiresGrad: true)
        let y = try x * 2.0
        let z = try y * y
        try y.binaryInPlace(.mul, .scalar(.float(2)))
        XCTAssertThrowsMessage(try z.reduce(.sum, dims: nil, keepdim: false).backward(),
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [4]], which is output 0 of MulBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).")
    }

    func testInPlaceOnLeaf() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        XCTAssertThrowsMessage(try x.binaryInPlace(.add, .scalar(.int(1))),
                               "a leaf Variable that requires grad is being used in an in-place operation.")
        // Allowed under no_grad (the SGD update), and the leaf keeps its identity and flag.
        try GradMode.with(enabled: false) { try x.binaryInPlace(.sub, .scalar(.float(0.5))) }
        XCTAssertEqual(x.repr(), "tensor([0.5000, 1.5000], requires_grad=True)")
    }

    func testIntegerTensorsCannotRequireGrad() throws {
        let i = Tensor(try NDArray.arange(start: .int(0), end: .int(3), step: .int(1), dtype: .int64))
        XCTAssertThrowsMessage(try i.requiresGrad_(true), "Only Tensors of floating point and complex dtype can require gradients")
    }

    func testGradientShapeMismatch() throws {
        let x = try arange(4, requiresGrad: true)
        XCTAssertThrowsMessage(try (x * 2.0).backward(gradient: try ones([3])),
                               "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([4]).")
    }

    func testAutogradGradUnusedInput() throws {
        let x = try arange(3, requiresGrad: true)
        let unused = try arange(3, requiresGrad: true)
        let y = try x.reduce(.sum, dims: nil, keepdim: false)
        XCTAssertThrowsMessage(try autogradGrad(outputs: [y], inputs: [unused], gradOutputs: nil, retainGraph: true, createGraph: false, allowUnused: false),
                               "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
        let r = try autogradGrad(outputs: [y], inputs: [unused], gradOutputs: nil, retainGraph: nil, createGraph: false, allowUnused: true)
        XCTAssertNil(r[0])
    }

    func testRetainGradAndNonLeafGrad() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        let y = try x * 3.0
        let z = try y * y
        try y.retainGrad()
        let w = try x * 5.0
        try (try z + w).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(y.grad), [6, 12])
        XCTAssertNil(w.grad)
        XCTAssertEqual(values(x.grad), [23, 41])
    }

    func testGradIdentityKeptAcrossAccumulation() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        try x.reduce(.sum, dims: nil, keepdim: false).backward()
        let first = x.grad
        try x.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertTrue(first === x.grad)
        XCTAssertEqual(values(x.grad), [2, 2])
    }

    func testInPlaceThroughViewUpdatesBase() throws {
        let x = try tensor([1, 2, 3], requiresGrad: true)
        let y = try x * 1.0
        let part = try y.subscripted([.slice(start: 0, stop: 2, step: nil)])
        try part.binaryInPlace(.mul, .scalar(.float(10)))
        XCTAssertEqual(y.gradFn?.name, "CopySlices")
        XCTAssertEqual(values(y), [10, 20, 3])
        try y.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(x.grad), [10, 10, 1])
    }

    func testIndexAssignmentOfGradTensor() throws {
        let w = try tensor([5, 7], requiresGrad: true)
        let x = Tensor(try NDArray(zeros: [3], dtype: .float32))
        try x.assign([.slice(start: 1, stop: nil, step: nil)], .tensor(try w * 2.0))
        XCTAssertTrue(x.requiresGrad)
        try (try x * x).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(w.grad), [40, 56])
    }
}

final class HigherOrderTests: XCTestCase {
    func testThirdDerivativeOfSin() throws {
        let sin: ([Tensor]) throws -> Tensor = { xs in try xs[0].unary(.sin) }
        let d1: ([Tensor]) throws -> Tensor = { xs in try Functional.grad(sin, at: xs, argnums: [0])[0] }
        let d2: ([Tensor]) throws -> Tensor = { xs in try Functional.grad(d1, at: xs, argnums: [0])[0] }
        let x = try scalarTensor(0.7, dtype: .float64)
        let d3 = try Functional.grad(d2, at: [x], argnums: [0])[0]
        XCTAssertClose(values(d3), [-Foundation.cos(0.7)], tol: 1e-12)
        XCTAssertClose(values(try d2([x])), [-Foundation.sin(0.7)], tol: 1e-12)
        XCTAssertNil(x.grad)
    }

    func testSecondDerivativeOfCube() throws {
        let x = try scalarTensor(2, dtype: .float64, requiresGrad: true)
        let y = try x ** 3
        let g = try autogradGrad(outputs: [y], inputs: [x], gradOutputs: nil, retainGraph: nil, createGraph: true, allowUnused: false)[0]!
        XCTAssertEqual(g.gradFn != nil, true)
        try g.backward()
        XCTAssertEqual(values(x.grad), [12])
    }

    func testHessianOfQuadraticForm() throws {
        let a = try tensor([1, 2, 0.5, -1, 3, 0.25, 4, -2, 1], [3, 3], dtype: .float64)
        let quadratic: ([Tensor]) throws -> Tensor = { xs in
            try Tensor.dot(xs[0], try Tensor.mv(a, xs[0]))
        }
        let h = try Functional.hessian(quadratic, at: try tensor([0.3, -0.2, 0.9], dtype: .float64))
        let expected = try a + a.matrixTransposed
        XCTAssertClose(values(h), values(expected), tol: 1e-12)
    }

    func testJvpAndVjp() throws {
        let f: ([Tensor]) throws -> Tensor = { xs in try xs[0] ** 2 }
        let x = try tensor([1, 2, 3], dtype: .float64)
        let v = try tensor([1, 0, 1], dtype: .float64)
        let (value, jvp) = try Functional.jvp(f, at: [x], [v])
        XCTAssertEqual(values(value), [1, 4, 9])
        XCTAssertEqual(values(jvp), [2, 0, 6])
        let (_, vjp) = try Functional.vjp(f, at: [x], v)
        XCTAssertEqual(values(vjp[0]), [2, 0, 6])
        let vg = try Functional.valueAndGrad({ xs in try xs[0].mul(xs[1]).reduce(.sum, dims: nil, keepdim: false) },
                                            at: [x, v], argnums: [1])
        XCTAssertEqual(values(vg.value), [4])
        XCTAssertEqual(values(vg.grads[0]), [1, 2, 3])
    }

    func testGradOfNonScalarFunctionIsAnError() throws {
        XCTAssertThrowsMessage(try Functional.grad({ xs in try xs[0] * 2.0 }, at: [try tensor([1, 2])], argnums: [0]),
            "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with 1 dims. Maybe you wanted to use the vjp or jacrev APIs instead?")
    }

    /// A loop of 10,000 ops: building, differentiating and freeing the graph must not recurse.
    func testLongChain() throws {
        let x = try scalarTensor(0.5, requiresGrad: true)
        var y = x
        for _ in 0..<10_000 {
            y = try y.unary(.sin).mul(1.0001).add(0.001)
        }
        try y.backward()
        XCTAssertNotNil(x.grad)
    }
}

final class MissingDerivativeTests: XCTestCase {
    func testUndifferentiatedDecompositionFailsAtBackward() throws {
        let a = try tensor([2, 0.5, 0.3, 1.5], [2, 2], requiresGrad: true)
        let q = try Tensor.eig(a).eigenvalues
        let singular = try tensor([1, 2, 2, 4], [2, 2], requiresGrad: true)
        XCTAssertThrowsMessage(try Tensor.pinv(singular).reduce(.sum, dims: nil, keepdim: false).backward(),
                               "the derivative of torch.linalg.pinv at a rank-deficient matrix is not implemented in tcalc")
        XCTAssertFalse(q.requiresGrad, "complex results stay outside the graph")
    }

    func testClampNodeNames() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        XCTAssertEqual(try x.clamp(min: .scalar(.int(0)), max: nil).gradFn?.name, "ClampMinBackward0")
        XCTAssertEqual(try x.clamp(min: nil, max: .scalar(.int(1))).gradFn?.name, "ClampMaxBackward0")
        XCTAssertEqual(try x.clamp(min: .scalar(.int(0)), max: .scalar(.int(1))).gradFn?.name, "ClampBackward1")
    }
}

final class ViewHistoryTests: XCTestCase {
    func testCopyIntoViewOfConstant() throws {
        let w = try tensor([3, 4], requiresGrad: true)
        let x = Tensor(try NDArray(zeros: [3], dtype: .float32))
        let v = try x.subscripted([.slice(start: 0, stop: 2, step: nil)])
        try v.copyFrom(w)
        XCTAssertTrue(x.requiresGrad)
        XCTAssertEqual(x.gradFn?.name, "CopySlices")
        try (try x * x).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(w.grad), [6, 8])
    }

    /// A view taken before its base was changed in place follows the base's new history.
    func testStaleViewIsRegenerated() throws {
        let x = try tensor([1, 2, 3], requiresGrad: true)
        let y = try x * 1.0
        let v = try y.subscripted([.slice(start: 0, stop: 2, step: nil)])
        try y.binaryInPlace(.mul, .scalar(.float(2)))
        XCTAssertEqual(values(v), [2, 4])
        try (try v * 1.0).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(x.grad), [2, 2, 0])
    }

    func testAssignThroughNestedView() throws {
        let x = try tensor([1, 2, 3, 4], [2, 2], requiresGrad: true)
        let w = try scalarTensor(5, requiresGrad: true)
        let y = try x * 1.0
        let row = try y.subscripted([.int(1)])
        try row.assign([.int(0)], .tensor(try w * 3.0))
        XCTAssertEqual(values(y), [1, 2, 15, 4])
        try (try y * y).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(x.grad), [2, 4, 0, 8])
        XCTAssertEqual(values(w.grad), [90])
    }
}

final class HookTests: XCTestCase {
    func testLeafHookSeesTheSummedGradientOnce() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        var seen: [[Double]] = []
        try x.registerHook { g in seen.append(values(g)); return try g.mul(10.0) }
        try (try x * x + x).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(seen, [[3, 5]])
        XCTAssertEqual(values(x.grad), [30, 50])
    }

    func testNonLeafHookAndRemoval() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        let y = try x * 3.0
        let hook = try y.registerHook { g in try g.mul(2.0) }
        try y.reduce(.sum, dims: nil, keepdim: false).backward(retainGraph: true)
        XCTAssertEqual(values(x.grad), [6, 6])
        y.removeHook(hook)
        x.grad = nil
        try y.reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(x.grad), [3, 3])
        XCTAssertThrowsMessage(try Tensor(try NDArray(zeros: [1], dtype: .float32)).registerHook { $0 },
                               "cannot register a hook on a tensor that doesn't require gradient")
    }

    func testMultiRootBackward() throws {
        let x = try tensor([1, 2], requiresGrad: true)
        let y = try x ** 2
        let a = try y.reduce(.sum, dims: nil, keepdim: false)
        let b = try y.reduce(.mean, dims: nil, keepdim: false)
        try Tensor.backward([a, b], gradients: [nil, nil])
        XCTAssertEqual(values(x.grad), [3, 6])
    }
}

final class NonDifferentiableInPlaceTests: XCTestCase {
    func testComparisonWrittenInPlaceStopsTheGradient() throws {
        let x = try tensor([1, 2, 3], requiresGrad: true)
        let y = try x * 2.0
        try y.binaryInPlace(.gt, .scalar(.int(3)))
        XCTAssertEqual(values(y), [0, 1, 1])
        try (try y * x).reduce(.sum, dims: nil, keepdim: false).backward()
        XCTAssertEqual(values(x.grad), [0, 1, 1])
    }
}
