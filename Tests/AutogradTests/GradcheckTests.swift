import XCTest
import TensorCore
@testable import Autograd

/// One gradcheck case: a function of float64 inputs and the inputs to check it at.
struct GradcheckCase {
    let name: String
    let inputs: [[Double]]
    let shapes: [[Int]]
    /// Element-wise cases are also checked on broadcast (expanded) inputs.
    var elementwise = false
    var eps = 1e-6
    let f: ([Tensor]) throws -> Tensor
}

private let general: [Double] = [0.3, -0.7, 1.2, 0.6, 0.9, -0.4]
private let positive: [Double] = [0.3, 0.7, 1.2, 0.6, 0.9, 1.4]
private let unitInterval: [Double] = [0.3, -0.7, 0.2, 0.6, 0.8, -0.4]
private let aboveOne: [Double] = [1.3, 1.7, 2.2, 1.6, 1.9, 2.4]
private let other: [Double] = [0.5, 1.1, -0.8, 1.7, -0.25, 0.45]

private func sumAll(_ t: Tensor) throws -> Tensor { try t.reduce(.sum, dims: nil, keepdim: false) }
private func bin(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor { try Tensor.binary(op, .tensor(a), .tensor(b)) }
private func binS(_ op: BinaryOp, _ a: Tensor, _ s: Double) throws -> Tensor { try Tensor.binary(op, .tensor(a), .scalar(.float(s))) }

/// Every rule family of the table gets at least one case here; `testEveryRuleHasACase` walks
/// the graphs these cases build and fails for any family none of them reaches.
let gradcheckCases: [GradcheckCase] = {
    var cases: [GradcheckCase] = []
    for op in UnaryOp.allCases where UnaryRecord.of(op) != nil {
        let domain: [Double]
        switch op {
        case .log, .log1p, .log2, .log10, .sqrt, .rsqrt: domain = positive
        case .asin, .acos, .atanh: domain = unitInterval
        case .acosh: domain = aboveOne
        default: domain = general
        }
        cases.append(GradcheckCase(name: "unary \(op.rawValue)", inputs: [domain], shapes: [[2, 3]],
                                   elementwise: true) { xs in try xs[0].unary(op) })
    }
    let pairs: [(String, BinaryOp, [Double])] = [
        ("add", .add, general), ("sub", .sub, general), ("mul", .mul, general), ("div", .div, general),
        ("pow", .pow, positive), ("maximum", .maximum, general), ("minimum", .minimum, general),
        ("atan2", .atan2, general), ("remainder", .remainder, positive),
    ]
    for (name, op, domain) in pairs {
        cases.append(GradcheckCase(name: name, inputs: [domain, [0.5, 1.1, 0.8]], shapes: [[2, 3], [3]],
                                   elementwise: true) { xs in try bin(op, xs[0], xs[1]) })
        cases.append(GradcheckCase(name: name + " scalar", inputs: [domain], shapes: [[2, 3]],
                                   elementwise: true) { xs in try binS(op, xs[0], 1.3) })
    }
    cases.append(GradcheckCase(name: "rsub", inputs: [general], shapes: [[2, 3]], elementwise: true) { xs in
        try Tensor.binary(.sub, .scalar(.float(2)), .tensor(xs[0]))
    })
    cases.append(GradcheckCase(name: "rdiv", inputs: [positive], shapes: [[2, 3]], elementwise: true) { xs in
        try Tensor.binary(.div, .scalar(.float(2)), .tensor(xs[0]))
    })
    cases.append(GradcheckCase(name: "pow base", inputs: [general], shapes: [[2, 3]], elementwise: true) { xs in
        try Tensor.binary(.pow, .scalar(.float(1.7)), .tensor(xs[0]))
    })
    cases.append(GradcheckCase(name: "where", inputs: [general, other], shapes: [[2, 3], [2, 3]], elementwise: true) { xs in
        let cond = try xs[1].compare(.gt, .scalar(.float(0.6)))
        return try Tensor.whereSelect(cond, .tensor(xs[0]), .tensor(xs[1]))
    })
    cases.append(GradcheckCase(name: "clamp", inputs: [general], shapes: [[2, 3]], elementwise: true) { xs in
        try xs[0].clamp(min: .scalar(.float(-0.5)), max: .scalar(.float(1.0)))
    })
    cases.append(GradcheckCase(name: "clamp tensor", inputs: [general, [-0.5, 0.1, 0.0], [1.0, 0.5, 1.1]],
                               shapes: [[2, 3], [3], [3]]) { xs in
        try xs[0].clamp(min: .tensor(xs[1]), max: .tensor(xs[2]))
    })
    let reductions: [(String, ([Tensor]) throws -> Tensor)] = [
        ("sum dim", { try $0[0].reduce(.sum, dims: [1], keepdim: false) }),
        ("sum keepdim", { try $0[0].reduce(.sum, dims: [0], keepdim: true) }),
        ("mean", { try $0[0].reduce(.mean, dims: nil, keepdim: false) }),
        ("mean dim", { try $0[0].reduce(.mean, dims: [-1], keepdim: false) }),
        ("prod", { try $0[0].reduce(.prod, dims: nil, keepdim: false) }),
        ("prod dim", { try $0[0].reduce(.prod, dims: [0], keepdim: false) }),
        ("prod with a zero", { try binS(.sub, $0[0], 0.3).reduce(.prod, dims: [1], keepdim: true) }),
        ("prod of all with a zero", { try binS(.sub, $0[0], 1.2).reduce(.prod, dims: nil, keepdim: false) }),
        ("amax", { try $0[0].reduce(.amax, dims: [1], keepdim: false) }),
        ("amin", { try $0[0].reduce(.amin, dims: [0], keepdim: true) }),
        ("max", { try $0[0].extremumAll(max: true) }),
        ("min", { try $0[0].extremumAll(max: false) }),
        ("max dim", { try $0[0].extremum(max: true, dim: 1, keepdim: false).values }),
        ("var", { try $0[0].variance(dims: [1], correction: 1, keepdim: false) }),
        ("std", { try $0[0].standardDeviation(dims: nil, correction: 1, keepdim: false) }),
        ("norm 2", { try $0[0].vectorNorm(p: 2, dims: nil, keepdim: false) }),
        ("norm 1", { try $0[0].vectorNorm(p: 1, dims: [1], keepdim: false) }),
        ("norm 3", { try $0[0].vectorNorm(p: 3, dims: [0], keepdim: true) }),
        ("norm inf", { try $0[0].vectorNorm(p: .infinity, dims: nil, keepdim: false) }),
        ("logsumexp", { try $0[0].logSumExp(dims: [1], keepdim: false) }),
        ("softmax", { try $0[0].softmax(dim: 1) }),
        ("log_softmax", { try $0[0].logSoftmax(dim: 0) }),
        ("cumsum", { try $0[0].cumulative(.sum, dim: 1) }),
        ("cumprod", { try $0[0].cumulative(.prod, dim: 1) }),
    ]
    for (name, f) in reductions {
        cases.append(GradcheckCase(name: name, inputs: [general], shapes: [[2, 3]], f: f))
    }
    let shapes: [(String, ([Tensor]) throws -> Tensor)] = [
        ("reshape", { try $0[0].reshaped([3, 2]) }),
        ("view", { try $0[0].contiguous().viewed([6]) }),
        ("flatten", { try $0[0].flattened(startDim: 0, endDim: -1) }),
        ("squeeze unsqueeze", { try $0[0].unsqueezed(1).squeezed(nil) }),
        ("transpose", { try $0[0].transposed(0, 1) }),
        ("T", { try $0[0].matrixTransposed }),
        ("permute", { try $0[0].unsqueezed(0).permuted([2, 0, 1]) }),
        ("movedim", { try $0[0].unsqueezed(2).movedim([0], [2]) }),
        ("expand", { try $0[0].unsqueezed(0).expanded(to: [4, 2, 3]) }),
        ("slice", { try $0[0].subscripted([.slice(start: nil, stop: nil, step: nil), .slice(start: 1, stop: nil, step: nil)]) }),
        ("select", { try $0[0].subscripted([.int(1)]) }),
        ("index", {
            let idx = try NDArray([Int64(2), 0, 2], shape: [3])
            return try $0[0].subscripted([.slice(start: nil, stop: nil, step: nil), .array(idx)])
        }),
        ("mask", {
            let mask = try NDArray.binary(.gt, .array($0[0].data), .scalar(.float(0.5)))
            return try $0[0].subscripted([.array(mask)])
        }),
        ("narrow", { try $0[0].narrowed(dim: 1, start: 1, length: 2) }),
        ("diagonal", { try $0[0].diagonal(offset: 0, dim1: 0, dim2: 1) }),
        ("split", { try $0[0].split(sizes: [1, 2], dim: 1)[1] }),
        ("chunk", { try $0[0].chunk(2, dim: 1)[0] }),
        ("unbind", { try $0[0].unbind(dim: 0)[1] }),
        ("repeat", { try $0[0].repeated([2, 1]) }),
        ("flip", { try $0[0].flipped([0]) }),
        ("roll", { try $0[0].rolled(shifts: [1], dims: [1]) }),
        ("tril", { try $0[0].tril(0) }),
        ("triu", { try $0[0].triu(1) }),
        ("gather", { try $0[0].gather(dim: 1, index: Tensor(try NDArray([Int64(0), 0, 2, 1], shape: [2, 2]))) }),
        ("index_select", { try $0[0].indexSelect(dim: 1, index: Tensor(try NDArray([Int64(2), 2], shape: [2]))) }),
        ("take", { try $0[0].take(Tensor(try NDArray([Int64(5), 0, 5], shape: [3]))) }),
        ("masked_fill", {
            let mask = try $0[0].compare(.lt, .scalar(.float(0)))
            return try $0[0].maskedFill(mask, .float(0))
        }),
        ("take flat", { try $0[0].takeFlat(try NDArray([Int64(1), 4, 4], shape: [3])) }),
        ("scatter add flat", { try Tensor.scatterAddFlat($0[0], positions: try NDArray([Int64(1), 4, 4, 0, 2, 2], shape: [6]), count: 5) }),
        ("cat", { try Tensor.cat([$0[0], $0[0].subscripted([.int(0)]).unsqueezed(0)], dim: 0) }),
        ("stack", { try Tensor.stack([$0[0], $0[0].unary(.sin)], dim: 1) }),
        ("clone", { try $0[0].clone() }),
        ("scatter", {
            let idx = Tensor(try NDArray([Int64(2), 0], shape: [1, 2]))
            return try $0[0].scatter(dim: 1, index: idx, src: .tensor(try $0[0].unary(.sin)), reduce: nil)
        }),
        ("scatter add", {
            let idx = Tensor(try NDArray([Int64(1), 1, 0], shape: [1, 3]))
            return try $0[0].scatter(dim: 1, index: idx, src: .tensor(try $0[0].unary(.exp)), reduce: "add")
        }),
        ("scatter value", {
            let idx = Tensor(try NDArray([Int64(1)], shape: [1, 1]))
            return try $0[0].scatter(dim: 0, index: idx, src: .scalar(.float(2)), reduce: nil)
        }),
        ("lerp", { try $0[0].lerp(.tensor(try $0[0].unary(.cos)), weight: .tensor(try $0[0].unary(.sigmoid))) }),
        ("named composite", { try $0[0].squared().reduce(.mean, dims: nil, keepdim: false).named("MseLossBackward0") }),
        ("index_add", { try $0[0].indexAdd(dim: 1, index: Tensor(try NDArray([Int64(0), 0], shape: [2])), source: $0[0].narrowed(dim: 1, start: 0, length: 2)) }),
    ]
    for (name, f) in shapes {
        cases.append(GradcheckCase(name: name, inputs: [general], shapes: [[2, 3]], f: f))
    }
    cases.append(GradcheckCase(name: "to float32 and back", inputs: [general], shapes: [[2, 3]], eps: 1e-3) { xs in
        try xs[0].converted(to: .float32).converted(to: .float64)
    })
    let square: [Double] = [2.0, 0.5, -0.3, 0.7, 1.5, 0.2, 0.1, -0.4, 1.8]
    let products: [(String, [[Double]], [[Int]], ([Tensor]) throws -> Tensor)] = [
        ("mm", [general, other], [[2, 3], [3, 2]], { try Tensor.mm($0[0], $0[1]) }),
        ("mv", [general, [0.5, 1.1, -0.8]], [[2, 3], [3]], { try Tensor.mv($0[0], $0[1]) }),
        ("dot", [[0.3, -0.7, 1.2], [0.5, 1.1, -0.8]], [[3], [3]], { try Tensor.dot($0[0], $0[1]) }),
        ("vec @ mat", [[0.3, -0.7], general], [[2], [2, 3]], { try Tensor.matmul($0[0], $0[1]) }),
        ("batched matmul", [general + other, other], [[2, 1, 6], [6, 1]], { try Tensor.matmul($0[0], $0[1]) }),
        ("bmm", [general + other, other + general], [[2, 2, 3], [2, 3, 2]], { try Tensor.bmm($0[0], $0[1]) }),
        ("outer", [[0.3, -0.7], [0.5, 1.1, -0.8]], [[2], [3]], { try Tensor.outer($0[0], $0[1]) }),
        ("trace", [square], [[3, 3]], { try $0[0].trace() }),
        ("det", [square], [[3, 3]], { try Tensor.det($0[0]) }),
        ("inv", [square], [[3, 3]], { try Tensor.inv($0[0]) }),
        ("solve", [square, [0.5, 1.1, -0.8]], [[3, 3], [3]], { try Tensor.solve($0[0], $0[1]) }),
        ("solve matrix", [square, general], [[3, 3], [3, 2]], { try Tensor.solve($0[0], $0[1]) }),
    ]
    let spd: ([Tensor]) throws -> Tensor = { xs in
        let m = try Tensor.matmul(xs[0], xs[0].mT())
        return try m.add(Tensor(try NDArray.eye(3, 3, dtype: .float64)))
    }
    let more: [(String, [[Double]], [[Int]], ([Tensor]) throws -> Tensor)] = [
        ("einsum mm", [general, other], [[2, 3], [3, 2]], { try Tensor.einsum("ij,jk->ik", $0) }),
        ("einsum implicit", [general, other], [[2, 3], [3, 2]], { try Tensor.einsum("ij,jk", $0) }),
        ("einsum sum", [general], [[2, 3]], { try Tensor.einsum("ij->", $0) }),
        ("einsum mv", [general, [0.5, 1.1, -0.8]], [[2, 3], [3]], { try Tensor.einsum("ij,j->i", $0) }),
        ("einsum outer", [[0.3, -0.7], [0.5, 1.1, -0.8]], [[2], [3]], { try Tensor.einsum("i,j->ij", $0) }),
        ("addmm", [[0.1, 0.2], general, other], [[2], [2, 3], [3, 2]], { try Tensor.addmm($0[0], $0[1], $0[2]) }),
        ("linear", [general, other, [0.1, 0.2]], [[2, 3], [3, 2], [2]], { try Tensor.linear($0[0], weight: $0[1].mT(), bias: $0[2]) }),
        ("kron", [[0.3, -0.7], general], [[2], [2, 3]], { try Tensor.kron($0[0], $0[1]) }),
        ("slogdet", [square], [[3, 3]], { try Tensor.slogdet($0[0]).logabsdet }),
        ("cholesky", [square], [[3, 3]], { try Tensor.cholesky(try spd($0), upper: false) }),
        ("cholesky upper", [square], [[3, 3]], { try Tensor.cholesky(try spd($0), upper: true) }),
        ("eigvalsh", [square], [[3, 3]], { try Tensor.eigvalsh(try $0[0].add($0[0].mT()), upper: false) }),
        ("eigh vectors", [square], [[3, 3]], {
            let v = try Tensor.eigh(try $0[0].add($0[0].mT()), upper: false).eigenvectors
            return try v.mul(v)
        }),
        ("svdvals", [general], [[2, 3]], { try Tensor.svdvals($0[0]) }),
        ("svd reconstruct wide", [general], [[2, 3]], {
            let r = try Tensor.svd($0[0], fullMatrices: false)
            return try Tensor.matmul(r.u.mul(r.s.unsqueezed(-2)), r.vh)
        }),
        ("svd vectors tall", [general], [[3, 2]], {
            let r = try Tensor.svd($0[0], fullMatrices: false)
            return try Tensor.cat([r.u.mul(r.u).reshaped([-1]), r.vh.mul(r.vh).reshaped([-1])], dim: 0)
        }),
        ("pinv tall", [general], [[3, 2]], { try Tensor.pinv($0[0]) }),
        ("pinv wide", [general], [[2, 3]], { try Tensor.pinv($0[0]) }),
        ("lstsq", [general, other], [[3, 2], [3, 2]], { try Tensor.lstsq($0[0], $0[1]).solution }),
        ("qr", [general], [[3, 2]], {
            let r = try Tensor.qr($0[0], mode: "reduced")
            return try Tensor.cat([r.q.reshaped([-1]), r.r.reshaped([-1])], dim: 0)
        }),
        ("qr square complete", [square], [[3, 3]], {
            let r = try Tensor.qr($0[0], mode: "complete")
            return try Tensor.cat([r.q.reshaped([-1]), r.r.reshaped([-1])], dim: 0)
        }),
        ("svd vectors wide", [general], [[2, 3]], {
            let r = try Tensor.svd($0[0], fullMatrices: false)
            return try Tensor.cat([r.u.mul(r.u).reshaped([-1]), r.vh.mul(r.vh).reshaped([-1])], dim: 0)
        }),
        ("matrix norm nuc", [general], [[2, 3]], { try Tensor.matrixNorm($0[0], ord: "nuc", dims: [-2, -1], keepdim: false) }),
        ("matrix norm 2 keepdim", [general + other], [[2, 2, 3]], { try Tensor.matrixNorm($0[0], ord: "2", dims: [0, 2], keepdim: true) }),
        ("matrix norm inf", [general], [[2, 3]], { try Tensor.matrixNorm($0[0], ord: "inf", dims: [-2, -1], keepdim: false) }),
        ("matrix norm -1", [general], [[2, 3]], { try Tensor.matrixNorm($0[0], ord: "-1", dims: [1, 0], keepdim: false) }),
        ("matrix norm", [general], [[2, 3]], { try Tensor.matrixNorm($0[0], ord: "fro", dims: [-2, -1], keepdim: false) }),
    ]
    for (name, inputs, shapes, f) in products + more {
        cases.append(GradcheckCase(name: name, inputs: inputs, shapes: shapes, f: f))
    }
    cases.append(GradcheckCase(name: "assign", inputs: [general, [0.5, 1.1, -0.8]], shapes: [[2, 3], [3]]) { xs in
        let y = try xs[0].mul(1.0)
        try y.assign([.int(0)], .tensor(try xs[1].mul(2.0)))
        return y
    })
    cases.append(GradcheckCase(name: "in-place on a view", inputs: [general, [0.5, 1.1]], shapes: [[2, 3], [2]]) { xs in
        let y = try xs[0].mul(1.0)
        let column = try y.subscripted([.slice(start: nil, stop: nil, step: nil), .int(1)])
        try column.binaryInPlace(.mul, .tensor(xs[1]))
        return try y.unary(.sin)
    })
    cases.append(GradcheckCase(name: "in-place exp", inputs: [general], shapes: [[2, 3]]) { xs in
        let y = try xs[0].mul(2.0)
        try y.unaryInPlace(.exp)
        return y
    })
    return cases
}()

final class GradcheckTests: XCTestCase {
    private func leaves(_ c: GradcheckCase) throws -> [Tensor] {
        try zip(c.inputs, c.shapes).map { try tensor($0.0, $0.1, dtype: .float64) }
    }

    private func check(_ c: GradcheckCase, _ label: String, _ f: @escaping ([Tensor]) throws -> Tensor) throws {
        let atol = c.eps > 1e-5 ? 1e-2 : 1e-5
        let r = try Functional.gradcheck(f, at: try leaves(c), eps: c.eps, atol: atol, rtol: 1e-3)
        XCTAssertTrue(r.ok, "\(c.name) (\(label)): max error \(r.maxError)")
    }

    func testGradcheckContiguous() throws {
        for c in gradcheckCases { try check(c, "contiguous", c.f) }
    }

    /// The same values with transposed strides: rules and un-broadcasting must not assume layout.
    func testGradcheckTransposed() throws {
        for c in gradcheckCases {
            try check(c, "transposed") { xs in
                try c.f(try xs.map { x in x.rank == 2 ? try x.t().contiguous().t() : x })
            }
        }
    }

    /// Element-wise cases on inputs broadcast along a new leading dim.
    func testGradcheckBroadcast() throws {
        for c in gradcheckCases where c.elementwise {
            try check(c, "broadcast") { xs in
                try c.f(try xs.map { x in try x.unsqueezed(0).expanded(to: [2] + x.shape) })
            }
        }
    }

    /// Second derivatives: each rule's backward, being made of differentiable ops, is itself
    /// checked by central differences of the gradient.
    func testGradGradcheck() throws {
        let skipped: Set<String> = ["unary relu", "unary abs", "unary sign", "unary floor", "unary ceil",
                                    "unary round", "unary trunc", "unary frac", "maximum", "minimum",
                                    "clamp", "clamp tensor", "amax", "amin", "max", "min", "max dim",
                                    "norm 1", "norm inf", "remainder", "remainder scalar", "where",
                                    "maximum scalar", "minimum scalar", "to float32 and back",
                                    "eigvalsh", "eigh vectors", "svdvals", "svd reconstruct wide", "svd vectors tall", "svd vectors wide", "qr", "qr square complete", "matrix norm nuc", "matrix norm 2 keepdim", "matrix norm inf", "matrix norm -1", "prod with a zero",
                                    "prod of all with a zero"]
        for c in gradcheckCases where !skipped.contains(c.name) {
            let gradient: ([Tensor]) throws -> Tensor = { xs in try GradMode.with(enabled: true) {
                let out = try c.f(xs)
                let weights = Tensor(try NDArray.arange(start: .int(1), end: .int(Int64(out.count) + 1), step: .int(1), dtype: .float64).reshaped(out.shape))
                let scalar = try sumAll(try out.mul(weights.unary(.sin)))
                let grads = try autogradGrad(outputs: [scalar], inputs: xs, gradOutputs: nil, retainGraph: true,
                                             createGraph: true, allowUnused: true)
                var flat: [Tensor] = []
                for (g, x) in zip(grads, xs) {
                    flat.append(try (g ?? x.zerosLike()).reshaped([-1]))
                }
                return try Tensor.cat(flat, dim: 0)
            } }
            let leavesRequiring = try leaves(c).map { try $0.requiresGrad_(true) }
            let r = try Functional.gradcheck({ xs in
                // gradcheck hands us fresh leaves; differentiate through them.
                try gradient(try xs.map { x in x.requiresGrad ? x : try x.detach().requiresGrad_(true) })
            }, at: leavesRequiring, eps: c.eps, atol: 1e-4, rtol: 1e-3)
            XCTAssertTrue(r.ok, "\(c.name) (second order): max error \(r.maxError)")
        }
    }

    func testEveryRuleHasACase() throws {
        var reached: Set<String> = []
        for c in gradcheckCases {
            let xs = try zip(c.inputs, c.shapes).map { try tensor($0.0, $0.1, dtype: .float64, requiresGrad: true) }
            let out = try c.f(xs)
            var stack: [Node] = out.gradFn.map { [$0] } ?? []
            var seen: Set<ObjectIdentifier> = []
            while let n = stack.popLast() {
                guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
                reached.insert(DerivativeRecords.key(n.record))
                stack.append(contentsOf: n.nextNodes)
            }
            // Backward itself reaches the rules used only inside other rules (scatterAddFlat, …).
            let grads: [Tensor?]
            do {
                grads = try autogradGrad(outputs: [sumAll(out)], inputs: xs, gradOutputs: nil, retainGraph: true,
                                         createGraph: true, allowUnused: true)
            } catch let e as TensorError where e.kind == .notImplemented {
                // Rules that refuse second order still run first order.
                grads = try autogradGrad(outputs: [sumAll(out)], inputs: xs, gradOutputs: nil, retainGraph: nil,
                                         createGraph: false, allowUnused: true)
            }
            for g in grads.compactMap({ $0 }) {
                var inner: [Node] = g.gradFn.map { [$0] } ?? []
                while let n = inner.popLast() {
                    guard seen.insert(ObjectIdentifier(n)).inserted else { continue }
                    reached.insert(DerivativeRecords.key(n.record))
                    inner.append(contentsOf: n.nextNodes)
                }
            }
        }
        for kind in DerivativeRecords.allKeys where !reached.contains(kind) {
            XCTFail("no gradcheck case reaches the rule \(kind)")
        }
    }
}

final class SortGradTests: XCTestCase {
    func testSortAndTopkValues() throws {
        let values: [Double] = [0.3, -0.7, 1.2, 0.6, 0.9, -0.4]
        let sortCheck = try Functional.gradcheck({ xs in try xs[0].sorted(dim: 1, descending: true, stable: false).values },
                                                 at: [try tensor(values, [2, 3], dtype: .float64)])
        XCTAssertTrue(sortCheck.ok, "sort: \(sortCheck.maxError)")
        let topCheck = try Functional.gradcheck({ xs in try xs[0].topk(2, dim: 0, largest: true, sorted: true).values },
                                                at: [try tensor(values, [2, 3], dtype: .float64)])
        XCTAssertTrue(topCheck.ok, "topk: \(topCheck.maxError)")
        let x = try tensor(values, [2, 3], requiresGrad: true)
        XCTAssertEqual(try x.sorted(dim: 1, descending: false, stable: true).values.gradFn?.name, "SortBackward0")
        XCTAssertFalse(try x.sorted(dim: 1, descending: false, stable: true).indices.requiresGrad)
    }
}
