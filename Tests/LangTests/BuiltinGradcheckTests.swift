import XCTest
@testable import Lang

/// GUIDE §2: "A test walks the builtin table: every differentiable builtin has a gradient rule and
/// a gradcheck case (central finite differences in float64), or is marked not differentiable."
///
/// - Every `.differentiable` entry of `BuiltinRegistry.standard` needs cases in `cases`, keyed by
///   its first name; each case is tcalc source that calls the builtin inside a scalar-valued
///   function and runs `gradcheck` on float64 inputs (contiguous, transposed, broadcast; keyword
///   and method forms). A case that names no builtin of the table, or a non-differentiable one,
///   fails too.
/// - Every `.notDifferentiable` torch entry needs a `noGradCases` expression (or a
///   `noGradRefusals` expression that must raise, or a reason in `noGradExempt`): called on an
///   input that requires grad, its result must not.
/// - Every torch entry marked n/a is listed in `notApplicableTorch` with the reason it is no
///   tensor operation, so that an operation cannot leave the walk by being marked n/a.
/// - A gradient through an integer result is a clear error.
///
/// Failures caused by Autograd or TensorCore (not by a binding) are listed in `knownGradientBugs`
/// and reported as skipped; the test fails when a listed case starts passing, so the list only
/// shrinks.
final class BuiltinGradcheckTests: XCTestCase {

    /// Inputs and helpers every case can use. `S(t)` reduces to a scalar with weights that differ
    /// per element, so that a gradient routed to the wrong element (a wrong permutation, stride or
    /// broadcast) shows up; a plain `.sum()` would hide it for shape ops. While gradcheck takes the
    /// analytic gradient (grad mode on), `S` also requires that its argument records a graph, so
    /// that a binding which skips recording fails even where the true gradient is zero (floor).
    static let prelude: String = """
    _ = torch.manual_seed(0)
    _ = torch.set_grad_enabled(True)
    f64 = torch.float64
    gc = gradcheck
    def r(*s): return torch.randn(*s, dtype=f64)
    def pos(*s): return torch.rand(*s, dtype=f64) + 0.5
    def gt1(*s): return torch.rand(*s, dtype=f64) + 1.5
    def unit(*s): return torch.rand(*s, dtype=f64) * 1.6 - 0.8
    def away(*s): return (torch.rand(*s, dtype=f64) + 0.2) * (torch.randint(0, 2, s) * 2 - 1)
    def offint(*s): return torch.rand(*s, dtype=f64) * 0.3 + 0.1 + 0.5 * torch.randint(0, 2, s) + torch.randint(-3, 3, s)
    def wide(*s): return torch.rand(*s, dtype=f64) + 2.0
    def mat(*s): return torch.randn(*s, dtype=f64) + 3 * torch.eye(s[-1], dtype=f64)
    def W(t): return torch.arange(1, t.numel() + 1, dtype=f64).reshape(t.shape).sin() + 1.5
    def S(t):
        if torch.is_grad_enabled() and not t.requires_grad:
            raise AssertionError('the result does not require grad: the builtin did not record its operation')
        return (t * W(t)).sum()
    def nograd(v):
        if isinstance(v, torch.Tensor):
            if v.requires_grad:
                raise AssertionError('the result requires grad')
        else:
            for e in v:
                nograd(e)

    """

    // MARK: Generated cases (element-wise families share one shape of case)

    /// Unary element-wise builtins and the input domain that keeps each away from its kinks and
    /// poles (`away`: |x| in [0.2, 1.2); `offint`: at least 0.1 from integers and half-integers).
    static let unary: [(String, String)] = [
        ("neg", "r"), ("negative", "r"), ("abs", "away"), ("absolute", "away"), ("sign", "away"),
        ("exp", "r"), ("expm1", "r"), ("log", "pos"), ("log1p", "pos"), ("log2", "pos"), ("log10", "pos"),
        ("sqrt", "pos"), ("rsqrt", "pos"), ("square", "r"), ("reciprocal", "away"),
        ("sin", "r"), ("cos", "r"), ("tan", "unit"), ("asin", "unit"), ("acos", "unit"), ("atan", "r"),
        ("arcsin", "unit"), ("arccos", "unit"), ("arctan", "r"),
        ("sinh", "r"), ("cosh", "r"), ("tanh", "r"), ("asinh", "r"), ("acosh", "gt1"), ("atanh", "unit"),
        ("sigmoid", "r"), ("relu", "away"), ("erf", "r"),
        ("floor", "offint"), ("ceil", "offint"), ("round", "offint"), ("trunc", "offint"), ("frac", "offint"),
    ]

    /// Binary element-wise builtins: (name, domain of input, domain of other, a Python-number other,
    /// whether an in-place `name_` method exists).
    static let binary: [(String, String, String, String, Bool)] = [
        ("sub", "r", "r", "0.75", true), ("subtract", "r", "r", "0.75", true),
        ("mul", "r", "r", "0.75", true), ("multiply", "r", "r", "0.75", true),
        ("true_divide", "r", "away", "0.75", true),
        ("remainder", "away", "wide", "2.5", true),
        ("pow", "pos", "r", "2.5", true),
        ("atan2", "away", "r", "0.75", true), ("arctan2", "away", "r", "0.75", false),
        ("maximum", "r", "r", "", false), ("minimum", "r", "r", "", false),
    ]

    static func generatedCases() -> [String: [String]] {
        var c: [String: [String]] = [:]
        for (n, d) in unary {
            c["torch.\(n)"] = [
                "gc(lambda x: S(torch.\(n)(x)), \(d)(3, 4))",
                "gc(lambda x: S(torch.\(n)(x.T)), \(d)(3, 4))",
                "gc(lambda x: S(x.\(n)()), \(d)(2, 3, 2))",
            ]
            c["Tensor.\(n)_"] = [
                "gc(lambda x: S(x.clone().\(n)_()), \(d)(3, 4))",
                "gc(lambda x: S(x.clone().T.\(n)_()), \(d)(3, 4))",
                "def f(x):\n    y = x.clone()\n    y[1:].\(n)_()\n    return S(y)\ngc(f, \(d)(3, 4))",
            ]
        }
        for (n, dx, dy, scalar, inPlace) in binary {
            var list: [String] = [
                "gc(lambda x, y: S(torch.\(n)(x, y)), (\(dx)(3, 4), \(dy)(3, 4)))",
                "gc(lambda x, y: S(torch.\(n)(x.T, y)), (\(dx)(4, 3), \(dy)(3, 4)))",
                "gc(lambda x, y: S(torch.\(n)(x, y.T)), (\(dx)(2, 3, 4), \(dy)(4, 1)))",
                "gc(lambda x, y: S(x.\(n)(y)), (\(dx)(3, 1), \(dy)(1, 4)))",
            ]
            if !scalar.isEmpty { list.append("gc(lambda x: S(torch.\(n)(x, \(scalar))), \(dx)(3, 4))") }
            c["torch.\(n)"] = list
            if inPlace {
                c["Tensor.\(n)_"] = [
                    "gc(lambda x, y: S(x.clone().\(n)_(y)), (\(dx)(3, 4), \(dy)(3, 4)))",
                    "gc(lambda x, y: S(x.clone().T.\(n)_(y)), (\(dx)(4, 3), \(dy)(4)))",
                    "gc(lambda x: S(x.clone().\(n)_(\(scalar))), \(dx)(3, 4))",
                ]
            }
        }
        return c
    }

    // MARK: Explicit cases

    static let explicitCases: [String: [String]] = [
        // Element-wise specials.
        "torch.add": [
            "gc(lambda x, y: S(torch.add(x, y)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.add(x.T, y, alpha=2.5)), (r(4, 3), r(4)))",
            "gc(lambda x, y: S(x.add(y)), (r(3, 1), r(1, 4)))",
            "gc(lambda x: S(torch.add(x, 1.5)), r(3, 4))",
        ],
        "Tensor.add_": [
            "gc(lambda x, y: S(x.clone().add_(y)), (r(3, 4), r(4)))",
            "gc(lambda x, y: S(x.clone().T.add_(y, alpha=-2)), (r(4, 3), r(3, 4)))",
        ],
        "torch.div": [
            "gc(lambda x, y: S(torch.div(x, y)), (r(3, 4), away(3, 4)))",
            "gc(lambda x, y: S(torch.divide(x.T, y)), (r(4, 3), away(4)))",
            "gc(lambda x, y: S(x.div(y)), (r(3, 1), away(1, 4)))",
            "gc(lambda x, y: S(torch.div(x, y, rounding_mode='floor') + torch.div(x, y, rounding_mode='trunc') + x), (r(3, 4) * 3, wide(3, 4)))",
            "gc(lambda x: S(torch.div(x, 0.75)), r(3, 4))",
        ],
        "Tensor.div_": [
            "gc(lambda x, y: S(x.clone().div_(y)), (r(3, 4), away(4)))",
            "gc(lambda x, y: S(x.clone().T.div_(y)), (r(4, 3), away(3, 4)))",
        ],
        "torch.where": [
            "c = r(3, 4) > 0\ngc(lambda x, y: S(torch.where(c, x, y)), (r(3, 4), r(3, 4)))",
            "c = r(3, 4) > 0\ngc(lambda x, y: S(torch.where(c, x.T, y)), (r(4, 3), r(4)))",
            "c = r(4) > 0\ngc(lambda x: S(torch.where(c, x, 0.5)), r(3, 4))",
            "c = r(3, 1) > 0\ngc(lambda y: S(torch.where(c, 2.0, y)), r(1, 4))",
        ],
        "Tensor.where": [
            "c = r(3, 4) > 0\ngc(lambda x, y: S(x.where(c, y)), (r(3, 4), r(4)))",
            "c = r(4, 3) > 0\ngc(lambda x, y: S(x.T.where(c, y)), (r(3, 4), r(4, 3)))",
        ],
        "torch.clamp": [
            "gc(lambda x: S(torch.clamp(x, -0.5, 0.5)), r(3, 4))",
            "gc(lambda x: S(torch.clamp(x.T, min=-0.3)), r(3, 4))",
            "gc(lambda x: S(x.clamp(max=0.2)), r(3, 4))",
            "gc(lambda x, lo, hi: S(torch.clamp(x, min=lo, max=hi)), (r(3, 4), r(4) - 1.5, r(3, 1) + 1.5))",
        ],
        "torch.clip": [
            "gc(lambda x: S(torch.clip(x, -0.5, 0.5)), r(3, 4))",
            "gc(lambda x: S(x.T.clip(min=-0.3)), r(3, 4))",
        ],
        "Tensor.clamp_": [
            "gc(lambda x: S(x.clone().clamp_(-0.5, 0.5)), r(3, 4))",
            "gc(lambda x: S(x.clone().T.clamp_(max=0.1)), r(3, 4))",
        ],
        "Tensor.clip_": [
            "gc(lambda x: S(x.clone().clip_(min=-0.2)), r(3, 4))",
            "gc(lambda x: S(x.clone().T.clip_(-0.3, 0.4)), r(3, 4))",
        ],
        "torch.lerp": [
            "gc(lambda x, y: S(torch.lerp(x, y, 0.3)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y, w: S(torch.lerp(x.T, y, w)), (r(4, 3), r(4), unit(3, 1)))",
            "gc(lambda x, y: S(x.lerp(y, weight=0.7)), (r(3, 1), r(1, 4)))",
        ],
        "Tensor.fill_": [
            "gc(lambda x: S(x.clone().fill_(1.5) * x), r(3, 4))",
            "def f(x):\n    y = x.clone()\n    y.T[0].fill_(2.0)\n    return S(y)\ngc(f, r(3, 4))",
        ],
        "Tensor.zero_": [
            "gc(lambda x: S(x.clone().zero_() + x * x), r(3, 4))",
            "def f(x):\n    y = x.clone()\n    y[:, 1].zero_()\n    return S(y)\ngc(f, r(3, 4))",
            "gc(lambda x: S(x.clone().T.zero_() + x.T * x.T), r(3, 4))",
        ],
        "Tensor.copy_": [
            "gc(lambda x, y: S(x.clone().copy_(y) * x), (r(3, 4), r(3, 4)))",
            "gc(lambda y: S(torch.zeros(3, 4, dtype=f64).copy_(y)), r(4))",
            "def f(x, y):\n    z = x.clone()\n    z.T[1:].copy_(y)\n    return S(z)\ngc(f, (r(3, 4), r(3)))",
        ],
        "torch.nan_to_num": [
            "gc(lambda x: S(torch.nan_to_num(x)), torch.tensor([[1.0, float('nan'), -2.0], [float('nan'), 0.5, 3.0]], dtype=f64))",
            "gc(lambda x: S(x.T.nan_to_num(nan=1.0, posinf=5.0, neginf=-5.0)), torch.tensor([[1.0, float('nan'), -2.0], [float('inf'), 0.5, -float('inf')]], dtype=f64))",
            "gc(lambda x: S(torch.nan_to_num(x)), r(3, 4))",
        ],
        "Tensor.fill_diagonal_": [
            "gc(lambda x: S(x.clone().fill_diagonal_(0.5)), r(3, 4))",
            "gc(lambda x: S(x.clone().T.fill_diagonal_(-1.0)), r(3, 4))",
            "gc(lambda x: S(x.clone().fill_diagonal_(2.0, wrap=True)), r(7, 3))",
            "gc(lambda x: S(x.clone().fill_diagonal_(2.0)), r(2, 2, 2))",
        ],
        "Tensor.masked_fill_": [
            "m = r(3, 4) > 0\ngc(lambda x: S(x.clone().masked_fill_(m, 0.5)), r(3, 4))",
            "m = r(4) > 0\ngc(lambda x: S(x.clone().T.masked_fill_(m, -1.0)), r(4, 3))",
        ],

        // Shapes and views.
        "torch.reshape": [
            "gc(lambda x: S(torch.reshape(x, (4, 3))), r(3, 4))",
            "gc(lambda x: S(x.T.reshape(2, -1)), r(3, 4))",
            "gc(lambda x: S(x.reshape(-1)), r(2, 3, 2))",
            "gc(lambda x: S(torch.reshape(x.T, shape=(2, 6))), r(3, 4))",
        ],
        "Tensor.view": [
            "gc(lambda x: S(x.view(4, 3)), r(3, 4))",
            "gc(lambda x: S(x.view(-1, 2)[1:]), r(2, 3, 2))",
            "gc(lambda x: S(x.T.contiguous().view(12)), r(3, 4))",
            "gc(lambda x: S(x.view(size=(2, 6))), r(3, 4))",
        ],
        "Tensor.view_as": [
            "gc(lambda x: S(x.view_as(torch.zeros(2, 6))), r(3, 4))",
        ],
        "Tensor.reshape_as": [
            "gc(lambda x: S(x.T.reshape_as(torch.zeros(2, 6))), r(3, 4))",
        ],
        "torch.flatten": [
            "gc(lambda x: S(torch.flatten(x)), r(2, 3, 2))",
            "gc(lambda x: S(x.transpose(0, 2).flatten(start_dim=1)), r(2, 3, 2))",
        ],
        "torch.ravel": [
            "gc(lambda x: S(torch.ravel(x.T)), r(3, 4))",
            "gc(lambda x: S(x.ravel()), r(3, 4))",
        ],
        "torch.unflatten": [
            "gc(lambda x: S(torch.unflatten(x, 1, (2, 2))), r(3, 4))",
            "gc(lambda x: S(x.T.unflatten(0, (2, -1))), r(3, 4))",
        ],
        "torch.squeeze": [
            "gc(lambda x: S(torch.squeeze(x)), r(3, 1, 4))",
            "gc(lambda x: S(x.squeeze(dim=1)), r(3, 1, 4))",
            "gc(lambda x: S(x.T.squeeze(0)), r(3, 1))",
        ],
        "torch.unsqueeze": [
            "w = r(3, 2, 4)\ngc(lambda x: S(torch.unsqueeze(x, 1) * w), r(3, 4))",
            "gc(lambda x: S(x.T.unsqueeze(dim=-1)), r(3, 4))",
        ],
        "torch.transpose": [
            "gc(lambda x: S(torch.transpose(x, 0, 2)), r(2, 3, 4))",
            "w = r(2, 3)\ngc(lambda x: S(x.transpose(dim0=1, dim1=0) @ w), r(2, 4))",
            "gc(lambda x: S(torch.swapaxes(x, 0, 1)), r(3, 4))",
            "gc(lambda x: S(x.swapdims(1, 2)), r(2, 3, 4))",
        ],
        "torch.t": [
            "w = r(3, 2)\ngc(lambda x: S(torch.t(x) @ w), r(3, 4))",
            "gc(lambda x: S(x.t()), r(4))",
        ],
        "torch.permute": [
            "gc(lambda x: S(torch.permute(x, (2, 0, 1))), r(2, 3, 4))",
            "gc(lambda x: S(x.permute(1, 0, 2).reshape(3, 8)), r(2, 3, 4))",
            "gc(lambda x: S(x.T.permute(1, 0)), r(3, 4))",
            "gc(lambda x: S(torch.permute(x, dims=(1, 2, 0))), r(2, 3, 4))",
        ],
        "torch.movedim": [
            "gc(lambda x: S(torch.movedim(x, 0, 2)), r(2, 3, 4))",
            "gc(lambda x: S(x.moveaxis((0, 1), (2, 0))), r(2, 3, 4))",
            "gc(lambda x: S(torch.movedim(x.transpose(0, 1), 2, 0)), r(2, 3, 4))",
        ],
        "Tensor.expand": [
            "gc(lambda x: S(x.expand(3, 4)), r(1, 4))",
            "gc(lambda x: S(x.expand(2, -1, 4)), r(3, 1))",
            "gc(lambda x: S(x.T.expand(2, 4, 3)), r(3, 4))",
            "gc(lambda x: S(x.expand(size=(3, 4))), r(4))",
        ],
        "Tensor.expand_as": [
            "gc(lambda x: S(x.expand_as(torch.zeros(3, 4))), r(3, 1))",
            "gc(lambda x: S(x.T.expand_as(torch.zeros(2, 4, 3))), r(1, 4))",
        ],
        "torch.broadcast_to": [
            "gc(lambda x: S(torch.broadcast_to(x, (2, 3, 4))), r(4))",
            "gc(lambda x: S(x.T.broadcast_to((2, 4, 3))), r(3, 4))",
        ],
        "torch.narrow": [
            "gc(lambda x: S(torch.narrow(x, 1, 1, 2)), r(3, 4))",
            "gc(lambda x: S(x.T.narrow(0, 2, 2)), r(3, 4))",
        ],
        "torch.diagonal": [
            "gc(lambda x: S(torch.diagonal(x)), r(4, 4))",
            "gc(lambda x: S(x.diagonal(offset=1, dim1=1, dim2=2)), r(2, 3, 4))",
            "gc(lambda x: S(torch.diagonal(x.T, -1)), r(3, 4))",
        ],
        "torch.cat": [
            "gc(lambda x, y: S(torch.cat([x, y])), (r(2, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.cat((x.T, y), dim=1)), (r(2, 4), r(4, 3)))",
            "gc(lambda x, y: S(torch.cat([x, y], -1)), (r(2, 1), r(2, 3)))",
        ],
        "torch.concat": [
            "gc(lambda x, y: S(torch.concat([x.T, y], dim=0)), (r(3, 2), r(1, 3)))",
        ],
        "torch.concatenate": [
            "gc(lambda x, y: S(torch.concatenate([x, y], axis=1)), (r(2, 2), r(2, 3)))",
            "gc(lambda x, y: S(torch.concatenate((x.T, y))), (r(2, 3), r(1, 2)))",
        ],
        "torch.stack": [
            "gc(lambda x, y: S(torch.stack([x, y])), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.stack((x.T, y), dim=2)), (r(4, 3), r(3, 4)))",
        ],
        "torch.hstack": [
            "gc(lambda x, y: S(torch.hstack([x, y])), (r(3), r(2)))",
            "gc(lambda x, y: S(torch.hstack((x.T, y))), (r(2, 3), r(3, 1)))",
        ],
        "torch.vstack": [
            "gc(lambda x, y: S(torch.vstack([x, y])), (r(3), r(2, 3)))",
            "gc(lambda x, y: S(torch.vstack((x.T, y))), (r(3, 2), r(1, 3)))",
        ],
        "torch.split": [
            "gc(lambda x: S(torch.split(x, 2)[1]), r(3, 4))",
            "gc(lambda x: S(x.split([1, 3], dim=1)[1]) + 2 * S(x.split([1, 3], dim=1)[0]), r(3, 4))",
            "gc(lambda x: S(torch.split(x.T, 2, 1)[0]), r(3, 4))",
        ],
        "torch.chunk": [
            "gc(lambda x: S(torch.chunk(x, 2)[0]) - S(torch.chunk(x, 2)[1]), r(4, 3))",
            "gc(lambda x: S(x.T.chunk(3, dim=1)[2]), r(3, 4))",
        ],
        "torch.unbind": [
            "gc(lambda x: S(torch.unbind(x)[1]) + 3 * S(torch.unbind(x)[2]), r(3, 4))",
            "gc(lambda x: S(x.T.unbind(dim=1)[0]), r(3, 4))",
        ],
        "Tensor.repeat": [
            "gc(lambda x: S(x.repeat(2, 3)), r(3, 4))",
            "gc(lambda x: S(x.T.repeat(2, 1, 2)), r(3, 4))",
            "gc(lambda x: S(x.repeat(repeats=(1, 2))), r(3, 4))",
        ],
        "torch.tile": [
            "gc(lambda x: S(torch.tile(x, (2,))), r(3, 4))",
            "gc(lambda x: S(x.T.tile((2, 1, 3))), r(3, 4))",
        ],
        "torch.flip": [
            "gc(lambda x: S(torch.flip(x, (0, 1))), r(3, 4))",
            "gc(lambda x: S(x.T.flip(1)), r(3, 4))",
            "gc(lambda x: S(torch.flip(x, dims=(1,))), r(3, 4))",
        ],
        "torch.fliplr": [
            "gc(lambda x: S(torch.fliplr(x)), r(3, 4))",
            "gc(lambda x: S(x.T.fliplr()), r(3, 4))",
        ],
        "torch.flipud": [
            "gc(lambda x: S(torch.flipud(x.T)), r(3, 4))",
            "gc(lambda x: S(x.flipud()), r(3, 4))",
        ],
        "torch.roll": [
            "gc(lambda x: S(torch.roll(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.roll((1, -1), dims=(0, 1))), r(3, 4))",
            "gc(lambda x: S(torch.roll(x, shifts=2, dims=1)), r(3, 4))",
        ],
        "torch.tril": [
            "gc(lambda x: S(torch.tril(x)), r(3, 4))",
            "gc(lambda x: S(x.T.tril(diagonal=-1)), r(3, 4))",
        ],
        "torch.triu": [
            "gc(lambda x: S(torch.triu(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.triu()), r(3, 4))",
        ],
        "torch.diag": [
            "gc(lambda x: S(torch.diag(x)), r(4))",
            "gc(lambda x: S(x.diag(1)), r(3))",
            "gc(lambda x: S(torch.diag(x.T, diagonal=-1)), r(3, 4))",
        ],
        "torch.clone": [
            "gc(lambda x: S(torch.clone(x)), r(3, 4))",
            "gc(lambda x: S(x.T.clone()), r(3, 4))",
        ],
        "Tensor.contiguous": [
            "gc(lambda x: S(x.T.contiguous()), r(3, 4))",
            "gc(lambda x: S(x.contiguous()), r(3, 4))",
        ],
        "torch.index_select": [
            "i = torch.tensor([2, 0, 2])\ngc(lambda x: S(torch.index_select(x, 1, i)), r(3, 4))",
            "i = torch.tensor([3, 1])\ngc(lambda x: S(x.T.index_select(dim=0, index=i)), r(3, 4))",
        ],
        "torch.gather": [
            "i = torch.tensor([[0, 0], [1, 0], [3, 2]])\ngc(lambda x: S(torch.gather(x, 1, i)), r(3, 4))",
            "i = torch.tensor([[2, 0, 1], [0, 0, 2]])\ngc(lambda x: S(x.T.gather(dim=0, index=i)), r(3, 4))",
        ],
        "torch.scatter": [
            "i = torch.tensor([[1, 3], [0, 2], [2, 1]])\ngc(lambda x, s: S(torch.scatter(x, 1, i, s)), (r(3, 4), r(3, 2)))",
            "i = torch.tensor([[2, 0, 1]])\ngc(lambda x, s: S(x.T.scatter(0, i, src=s)), (r(3, 4), r(2, 3)))",
            "i = torch.tensor([[1], [0], [3]])\ngc(lambda x: S(torch.scatter(x, 1, i, value=0.5)), r(3, 4))",
        ],
        "torch.index_add": [
            "i = torch.tensor([0, 2, 0])\ngc(lambda x, s: S(torch.index_add(x, 0, i, s)), (r(3, 4), r(3, 4)))",
            "i = torch.tensor([1, 1])\ngc(lambda x, s: S(x.T.index_add(1, i, s.T)), (r(3, 4), r(2, 4)))",
        ],
        "torch.masked_fill": [
            "m = r(3, 4) > 0\ngc(lambda x: S(torch.masked_fill(x, m, 0.5)), r(3, 4))",
            "m = r(3) > 0\ngc(lambda x: S(x.T.masked_fill(m, -1.0)), r(3, 4))",
        ],
        "torch.masked_select": [
            "m = r(3, 4) > 0\ngc(lambda x: S(torch.masked_select(x, m)), r(3, 4))",
            "m = r(3) > 0\ngc(lambda x: S(x.T.masked_select(m)), r(3, 4))",
        ],
        "torch.take": [
            "i = torch.tensor([[0, 5], [11, 5]])\ngc(lambda x: S(torch.take(x, i)), r(3, 4))",
            "i = torch.tensor([1, 4, 10])\ngc(lambda x: S(x.T.take(i)), r(3, 4))",
        ],

        // Reductions.
        "torch.sum": [
            "gc(lambda x: S(torch.sum(x)), r(3, 4))",
            "gc(lambda x: S(torch.sum(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(x.sum((0, 2), keepdim=True)), r(2, 3, 4))",
            "gc(lambda x: S(x.sum(axis=-1, keepdims=True)), r(3, 4))",
        ],
        "torch.mean": [
            "gc(lambda x: S(torch.mean(x)), r(3, 4))",
            "gc(lambda x: S(torch.mean(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(x.mean((0, 2), keepdim=True)), r(2, 3, 4))",
        ],
        "torch.nansum": [
            "gc(lambda x: S(torch.nansum(x)), r(3, 4))",
            "gc(lambda x: S(x.T.nansum(dim=0, keepdim=True)), r(3, 4))",
        ],
        "torch.prod": [
            "gc(lambda x: S(torch.prod(x)), away(3, 4))",
            "gc(lambda x: S(torch.prod(x.T, dim=1)), away(3, 4))",
            "gc(lambda x: S(x.prod(0, keepdim=True)), away(3, 4))",
            // Exact zeros: the gradient is the product of the others, never grad * prod / x.
            "gc(lambda x: S(torch.prod(x)), torch.tensor([[0.0, 2.0, 3.0], [1.5, -1.0, 0.5]], dtype=f64))",
            "gc(lambda x: S(x.prod(dim=1)), torch.tensor([[0.0, 2.0, 0.0], [1.5, 0.0, 0.5]], dtype=f64))",
        ],
        "torch.amax": [
            "gc(lambda x: S(torch.amax(x)), r(3, 4))",
            "gc(lambda x: S(torch.amax(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(x.amax((0, 2), keepdim=True)), r(2, 3, 4))",
            "gc(lambda x: S(x.amax(dim=1)), torch.tensor([[1.0, 3.0, 3.0], [2.0, 0.5, -1.0]], dtype=f64))",
        ],
        "torch.amin": [
            "gc(lambda x: S(torch.amin(x)), r(3, 4))",
            "gc(lambda x: S(x.T.amin(dim=0, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(x.amin(1)), torch.tensor([[1.0, -3.0, -3.0], [2.0, 0.5, -1.0]], dtype=f64))",
        ],
        "torch.max": [
            "gc(lambda x: S(torch.max(x)), r(3, 4))",
            "gc(lambda x: S(torch.max(x.T, dim=1).values), r(3, 4))",
            "gc(lambda x: S(x.max(0, keepdim=True)[0]), r(3, 4))",
            "gc(lambda x, y: S(torch.max(x, y)), (r(3, 4), r(4)))",
            "gc(lambda x: S(x.max()), torch.tensor([[1.0, 3.0, 3.0], [2.0, 0.5, -1.0]], dtype=f64))",
            "gc(lambda x, y: S(torch.max(x, other=y)), (r(3, 4), r(3, 1)))",
        ],
        "torch.min": [
            "gc(lambda x: S(torch.min(x)), r(3, 4))",
            "gc(lambda x: S(torch.min(x.T, dim=1).values), r(3, 4))",
            "gc(lambda x: S(x.min(dim=-1, keepdim=True).values), r(3, 4))",
            "gc(lambda x, y: S(x.min(y)), (r(3, 1), r(4)))",
        ],
        "torch.var": [
            "gc(lambda x: S(torch.var(x)), r(3, 4))",
            "gc(lambda x: S(torch.var(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(x.var(0, keepdim=True, unbiased=False)), r(3, 4))",
            "gc(lambda x: S(x.var((0, 2), correction=0)), r(2, 3, 4))",
        ],
        "torch.std": [
            "gc(lambda x: S(torch.std(x)), r(3, 4))",
            "gc(lambda x: S(torch.std(x.T, dim=1, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(x.std(0, unbiased=False)), r(3, 4))",
            "gc(lambda x: S(x.std(dim=(0, 2), correction=0)), r(2, 3, 4))",
        ],
        "torch.norm": [
            "gc(lambda x: S(torch.norm(x)), r(3, 4))",
            "gc(lambda x: S(torch.norm(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(x.norm(p=1, dim=0, keepdim=True)), away(3, 4))",
            "gc(lambda x: S(x.norm(3)), r(3, 4))",
            "gc(lambda x: S(x.norm(p=float('inf'), dim=1)), r(3, 4))",
            "gc(lambda x: S(torch.norm(x, p='nuc')), r(3, 4))",
        ],
        "torch.logsumexp": [
            "gc(lambda x: S(torch.logsumexp(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.logsumexp(dim=0, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(x.logsumexp((0, 2))), r(2, 3, 4))",
        ],
        "torch.softmax": [
            "gc(lambda x: S(torch.softmax(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.softmax(dim=0)), r(3, 4))",
            "gc(lambda x: S(x.softmax(-1, dtype=f64)), r(2, 3, 4))",
        ],
        "torch.log_softmax": [
            "gc(lambda x: S(torch.log_softmax(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.log_softmax(dim=0)), r(3, 4))",
            "gc(lambda x: S(x.log_softmax(-1)), r(2, 3, 4))",
        ],
        "torch.cumsum": [
            "gc(lambda x: S(torch.cumsum(x, 1)), r(3, 4))",
            "gc(lambda x: S(x.T.cumsum(dim=0)), r(3, 4))",
            "gc(lambda x: S(x.cumsum(axis=-1, dtype=f64)), r(2, 3, 4))",
        ],
        "torch.cumprod": [
            "gc(lambda x: S(torch.cumprod(x, 1)), away(3, 4))",
            "gc(lambda x: S(x.T.cumprod(dim=0)), away(3, 4))",
            "gc(lambda x: S(torch.cumprod(x, 1)), torch.tensor([[0.5, 0.0, 2.0, 3.0], [1.5, -1.0, 0.0, 0.5]], dtype=f64))",
        ],
        "torch.sort": [
            "gc(lambda x: S(torch.sort(x).values), r(3, 4))",
            "gc(lambda x: S(x.T.sort(dim=0, descending=True)[0]), r(3, 4))",
            "gc(lambda x: S(torch.sort(x, 0, stable=True).values), r(3, 4))",
        ],
        "torch.topk": [
            "gc(lambda x: S(torch.topk(x, 2).values), r(3, 4))",
            "gc(lambda x: S(x.T.topk(2, dim=0, largest=False)[0]), r(3, 4))",
        ],

        // Products and linear algebra.
        "torch.dot": [
            "gc(lambda x, y: torch.dot(x, y), (r(4), r(4)))",
            "gc(lambda x, y: x.dot(y[1]) + torch.vdot(x, y[:, 0]), (r(3), r(3, 3).T))",
        ],
        "torch.mv": [
            "gc(lambda a, v: S(torch.mv(a, v)), (r(3, 4), r(4)))",
            "gc(lambda a, v: S(a.T.mv(v)), (r(4, 3), r(4)))",
        ],
        "torch.mm": [
            "gc(lambda a, b: S(torch.mm(a, b)), (r(3, 4), r(4, 2)))",
            "gc(lambda a, b: S(a.T.mm(b.T)), (r(4, 3), r(2, 4)))",
        ],
        "torch.matmul": [
            "gc(lambda a, b: S(torch.matmul(a, b)), (r(3, 4), r(4, 2)))",
            "gc(lambda a, b: S(torch.matmul(a, b)), (r(4), r(4)))",
            "gc(lambda a, b: S(a.matmul(b)), (r(4), r(4, 3)))",
            "gc(lambda a, b: S(torch.matmul(a.T, b)), (r(4, 3), r(4)))",
            "gc(lambda a, b: S(torch.matmul(a, b)), (r(2, 3, 4), r(4, 2)))",
            "gc(lambda a, b: S(a.matmul(b.transpose(-1, -2))), (r(2, 1, 3, 4), r(3, 2, 4)))",
            "gc(lambda a, b: S(torch.matmul(a, b)), (r(4), r(2, 4, 3)))",
            "gc(lambda a, b: S(torch.matmul(a, b)), (r(2, 3, 4), r(4)))",
        ],
        "torch.bmm": [
            "gc(lambda a, b: S(torch.bmm(a, b)), (r(2, 3, 4), r(2, 4, 2)))",
            "gc(lambda a, b: S(a.transpose(1, 2).bmm(b)), (r(2, 4, 3), r(2, 4, 2)))",
        ],
        "torch.outer": [
            "gc(lambda a, b: S(torch.outer(a, b)), (r(3), r(4)))",
            "gc(lambda a, b: S(a.ger(b[0])), (r(3), r(4, 2).T))",
        ],
        "torch.inner": [
            "gc(lambda a, b: S(torch.inner(a, b)), (r(3, 4), r(2, 4)))",
            "gc(lambda a, b: S(a.T.inner(b)), (r(4, 3), r(4)))",
        ],
        "torch.trace": [
            "gc(lambda a: torch.trace(a), r(3, 4))",
            "gc(lambda a: a.T.trace(), r(3, 3))",
        ],
        "torch.linalg.det": [
            "gc(lambda a: torch.linalg.det(a), mat(3, 3))",
            "gc(lambda a: S(torch.linalg.det(a.transpose(-1, -2))), mat(2, 3, 3))",
            // det is a polynomial: its gradient (the cofactor matrix) exists at singular matrices too.
            "gc(lambda a: torch.linalg.det(a), torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=f64))",
        ],
        "torch.det": [
            "gc(lambda a: torch.det(a), mat(3, 3))",
            "gc(lambda a: a.T.det(), mat(3, 3))",
            "gc(lambda a: torch.det(a), torch.tensor([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.5, 1.0, 3.0]], dtype=f64))",
        ],
        "torch.linalg.inv": [
            "gc(lambda a: S(torch.linalg.inv(a)), mat(3, 3))",
            "gc(lambda a: S(torch.linalg.inv(a.transpose(-1, -2))), mat(2, 3, 3))",
        ],
        "torch.inverse": [
            "gc(lambda a: S(torch.inverse(a.T)), mat(3, 3))",
            "gc(lambda a: S(a.inverse()), mat(3, 3))",
        ],
        "torch.linalg.solve": [
            "gc(lambda a, b: S(torch.linalg.solve(a, b)), (mat(3, 3), r(3, 2)))",
            "gc(lambda a, b: S(torch.linalg.solve(a.T, b)), (mat(3, 3), r(3)))",
            "gc(lambda a, b: S(torch.linalg.solve(a, b)), (mat(2, 3, 3), r(3, 1)))",
            "gc(lambda a, b: S(torch.linalg.solve(a, b, left=False)), (mat(3, 3), r(2, 3)))",
        ],
        "torch.linalg.matrix_power": [
            "gc(lambda a: S(torch.linalg.matrix_power(a, 3)), r(3, 3))",
            "gc(lambda a: S(torch.linalg.matrix_power(a.T, -2)), mat(3, 3))",
            "gc(lambda a: S(torch.linalg.matrix_power(a, 0) + a), r(2, 3, 3))",
        ],
        "torch.matrix_power": [
            "gc(lambda a: S(torch.matrix_power(a, 2)), r(3, 3))",
            "gc(lambda a: S(a.T.matrix_power(n=3)), r(3, 3))",
        ],
        "torch.linalg.vector_norm": [
            "gc(lambda x: S(torch.linalg.vector_norm(x)), r(3, 4))",
            "gc(lambda x: S(torch.linalg.vector_norm(x.T, ord=1, dim=1)), away(3, 4))",
            "gc(lambda x: S(torch.linalg.vector_norm(x, 3, (0, 2), keepdim=True)), r(2, 3, 4))",
            "gc(lambda x: S(torch.linalg.vector_norm(x, ord=float('inf'))), r(3, 4))",
        ],
        "torch.linalg.norm": [
            "gc(lambda x: S(torch.linalg.norm(x)), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x.T, dim=1)), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x, 'fro')), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x, ord=3, dim=0, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x, ord=1)), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x, ord='nuc')), r(3, 4))",
            "gc(lambda x: S(torch.linalg.norm(x, ord=2)), r(3, 4))",
        ],

        "torch.kron": [
            "gc(lambda a, b: S(torch.kron(a, b)), (r(2, 3), r(3, 2)))",
            "gc(lambda a, b: S(a.T.kron(b)), (r(3, 2), r(2)))",
        ],
        "torch.einsum": [
            "gc(lambda a, b: S(torch.einsum('ij,jk->ik', a, b)), (r(3, 4), r(4, 2)))",
            "gc(lambda a, b: S(torch.einsum('ij,kj->ik', a.T, b)), (r(4, 3), r(2, 4)))",
            "gc(lambda a, b: S(torch.einsum('bij,bjk->bik', [a, b])), (r(2, 3, 4), r(2, 4, 2)))",
            "gc(lambda a: S(torch.einsum('ij->j', a.T)), r(3, 3))",
            "gc(lambda a: torch.einsum('ii->', a), r(3, 3))",
            "gc(lambda a, b: S(torch.einsum('i,j->ij', a, b)), (r(3), r(4)))",
        ],
        "torch.linalg.slogdet": [
            "gc(lambda a: torch.linalg.slogdet(a).logabsdet, mat(3, 3))",
            "gc(lambda a: S(torch.linalg.slogdet(a.transpose(-1, -2))[1]), mat(2, 3, 3))",
            "gc(lambda a: torch.linalg.slogdet(-a).logabsdet, mat(3, 3))",
        ],
        "torch.linalg.cholesky": [
            "gc(lambda a: S(torch.linalg.cholesky(a @ a.T + torch.eye(3, dtype=f64))), r(3, 3))",
            "gc(lambda a: S(torch.linalg.cholesky(a @ a.transpose(-1, -2) + torch.eye(3, dtype=f64), upper=True)), r(2, 3, 3))",
        ],
        "torch.linalg.qr": [
            "gc(lambda a: S(torch.linalg.qr(a).Q) + S(torch.linalg.qr(a).R), r(4, 3))",
            "gc(lambda a: S(torch.linalg.qr(a.T)[1]), r(3, 3))",
            "gc(lambda a: S(torch.linalg.qr(a)[0]), r(2, 3, 3))",
        ],
        "torch.linalg.eigh": [
            "gc(lambda a: S(torch.linalg.eigh(a + a.T).eigenvalues), r(3, 3))",
            "def f(a):\n    v = torch.linalg.eigh(a + a.T).eigenvectors\n    return S(v @ torch.diag(torch.tensor([1.0, 2.0, 3.0], dtype=f64)) @ v.T)\ngc(f, r(3, 3))",
            "gc(lambda a: S(torch.linalg.eigh(a + a.transpose(-1, -2), UPLO='U')[0]), r(2, 3, 3))",
        ],
        "torch.linalg.eigvalsh": [
            "gc(lambda a: S(torch.linalg.eigvalsh(a + a.T)), r(3, 3))",
            "gc(lambda a: S(torch.linalg.eigvalsh(a + a.transpose(-1, -2), UPLO='U')), r(2, 3, 3))",
        ],
        "torch.linalg.svd": [
            "gc(lambda a: S(torch.linalg.svd(a, full_matrices=False).S), r(4, 3))",
            "def f(a):\n    u, s, vh = torch.linalg.svd(a, full_matrices=False)\n    return S(u[:, :2] @ vh[:2])\ngc(f, r(3, 4))",
            "gc(lambda a: S(torch.linalg.svd(a.T)[1]), r(3, 3))",
        ],
        "torch.linalg.svdvals": [
            "gc(lambda a: S(torch.linalg.svdvals(a)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.svdvals(a.transpose(-1, -2))), r(2, 3, 4))",
        ],
        "torch.linalg.pinv": [
            "gc(lambda a: S(torch.linalg.pinv(a)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.pinv(a.T)), r(3, 4))",
        ],
        "torch.linalg.lstsq": [
            "gc(lambda a, b: S(torch.linalg.lstsq(a, b).solution), (r(4, 3), r(4, 2)))",
            "gc(lambda a, b: S(torch.linalg.lstsq(a.T, b)[0]), (mat(3, 3), r(3, 1)))",
        ],
        "torch.linalg.matrix_norm": [
            "gc(lambda a: S(torch.linalg.matrix_norm(a)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a.T, ord='nuc')), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=1)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=-1)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=float('inf'))), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=-float('inf'))), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=2)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, ord=-2)), r(3, 4))",
            "gc(lambda a: S(torch.linalg.matrix_norm(a, dim=(0, 2), keepdim=True)), r(3, 2, 4))",
        ],

        // Composites (element-wise, joining, indexing, order statistics).
        "torch.fmod": [
            "gc(lambda x, y: S(torch.fmod(x, y)), (away(3, 4) * 2, wide(3, 4)))",
            "gc(lambda x, y: S(x.T.fmod(y)), (away(4, 3), wide(4)))",
            "gc(lambda x: S(torch.fmod(x, 1.5)), away(3, 4))",
        ],
        "Tensor.fmod_": [
            "gc(lambda x: S(x.clone().fmod_(1.5)), away(3, 4))",
            "gc(lambda x, y: S(x.clone().T.fmod_(y)), (away(4, 3), wide(4)))",
        ],
        "torch.clamp_min": [
            "gc(lambda x: S(torch.clamp_min(x, -0.2)), r(3, 4))",
            "gc(lambda x, m: S(x.T.clamp_min(m)), (r(3, 4), r(3)))",
        ],
        "torch.clamp_max": [
            "gc(lambda x: S(torch.clamp_max(x, 0.2)), r(3, 4))",
            "gc(lambda x, m: S(x.T.clamp_max(m)), (r(3, 4), r(3)))",
        ],
        "Tensor.clamp_min_": [
            "gc(lambda x: S(x.clone().clamp_min_(-0.2)), r(3, 4))",
            "gc(lambda x: S(x.clone().T.clamp_min_(0.1)), r(3, 4))",
        ],
        "Tensor.clamp_max_": [
            "gc(lambda x: S(x.clone().clamp_max_(0.2)), r(3, 4))",
            "gc(lambda x: S(x.clone().T.clamp_max_(-0.1)), r(3, 4))",
        ],
        "torch.float_power": [
            "gc(lambda x, y: S(torch.float_power(x, y)), (pos(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.float_power(x.T, y)), (pos(4, 3), r(4)))",
            "gc(lambda x: S(x.float_power(2.5)), pos(3, 4))",
        ],
        "torch.exp2": [
            "gc(lambda x: S(torch.exp2(x)), r(3, 4))",
            "gc(lambda x: S(x.T.exp2()), r(3, 4))",
        ],
        "torch.logaddexp": [
            "gc(lambda x, y: S(torch.logaddexp(x, y)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(x.T.logaddexp(y)), (r(4, 3), r(4)))",
        ],
        "torch.addmm": [
            "gc(lambda b, m1, m2: S(torch.addmm(b, m1, m2)), (r(3, 2), r(3, 4), r(4, 2)))",
            "gc(lambda b, m1, m2: S(b.addmm(m1.T, m2, beta=0.5, alpha=2)), (r(2), r(4, 3), r(4, 2)))",
        ],
        "torch.meshgrid": [
            "gc(lambda x, y: S(torch.meshgrid(x, y)[0]) + 2 * S(torch.meshgrid(x, y)[1]), (r(3), r(4)))",
            "gc(lambda x, y: S(torch.meshgrid([x, y], indexing='xy')[1]), (r(3), r(4)))",
            "gc(lambda x, y: S(torch.meshgrid(x[::2], y, indexing='ij')[0]), (r(6), r(2)))",
        ],
        "torch.repeat_interleave": [
            "gc(lambda x: S(torch.repeat_interleave(x, 2)), r(3, 4))",
            "gc(lambda x: S(x.T.repeat_interleave(torch.tensor([1, 0, 3]), dim=1)), r(3, 4))",
        ],
        "torch.cross": [
            "gc(lambda x, y: S(torch.cross(x, y, dim=1)), (r(4, 3), r(4, 3)))",
            "gc(lambda x, y: S(x.T.cross(y)), (r(3, 4), r(3)))",
        ],
        "torch.linalg.cross": [
            "gc(lambda x, y: S(torch.linalg.cross(x, y)), (r(4, 3), r(3)))",
            "gc(lambda x, y: S(torch.linalg.cross(x.T, y, dim=0)), (r(4, 3), r(3, 4)))",
        ],
        "torch.tensordot": [
            "gc(lambda a, b: S(torch.tensordot(a, b)), (r(2, 3, 4), r(3, 4, 2)))",
            "gc(lambda a, b: S(torch.tensordot(a.T, b, dims=([1], [1]))), (r(4, 3), r(2, 4)))",
            "gc(lambda a, b: S(torch.tensordot(a, b, 1)), (r(3, 4), r(4, 2)))",
        ],
        "torch.column_stack": [
            "gc(lambda x, y: S(torch.column_stack([x, y])), (r(3), r(3, 2)))",
            "gc(lambda x, y: S(torch.column_stack((x.T, y))), (r(2, 3), r(3)))",
        ],
        "torch.atleast_1d": [
            "gc(lambda x: S(torch.atleast_1d(x)), r(3))",
            "gc(lambda x: S(torch.atleast_1d(x.sum())), r(3))",
        ],
        "torch.atleast_2d": [
            "gc(lambda x: S(torch.atleast_2d(x)), r(3))",
            "gc(lambda x: S(torch.atleast_2d(x.T)), r(3, 4))",
        ],
        "torch.atleast_3d": [
            "gc(lambda x: S(torch.atleast_3d(x)), r(3))",
            "gc(lambda x: S(torch.atleast_3d(x.T)), r(3, 4))",
        ],
        "Tensor.scatter_": [
            "i = torch.tensor([[1, 3], [0, 2], [2, 1]])\ngc(lambda x, s: S(x.clone().scatter_(1, i, s)), (r(3, 4), r(3, 2)))",
            "i = torch.tensor([[2, 0, 1]])\ngc(lambda x: S(x.clone().T.scatter_(0, i, value=0.5)), r(3, 4))",
        ],
        "torch.scatter_add": [
            "i = torch.tensor([[1, 1], [0, 2], [3, 3]])\ngc(lambda x, s: S(torch.scatter_add(x, 1, i, s)), (r(3, 4), r(3, 2)))",
            "i = torch.tensor([[2, 0, 2]])\ngc(lambda x, s: S(x.T.scatter_add(0, i, s)), (r(3, 4), r(1, 3)))",
        ],
        "Tensor.scatter_add_": [
            "i = torch.tensor([[1, 1], [0, 2], [3, 3]])\ngc(lambda x, s: S(x.clone().scatter_add_(1, i, s)), (r(3, 4), r(3, 2)))",
            "i = torch.tensor([[2, 0, 2]])\ngc(lambda x, s: S(x.clone().T.scatter_add_(0, i, s)), (r(3, 4), r(1, 3)))",
        ],
        "Tensor.index_add_": [
            "i = torch.tensor([0, 2, 0])\ngc(lambda x, s: S(x.clone().index_add_(0, i, s)), (r(3, 4), r(3, 4)))",
            "i = torch.tensor([1, 1])\ngc(lambda x, s: S(x.clone().T.index_add_(1, i, s, alpha=2)), (r(3, 4), r(4, 2)))",
        ],
        "torch.index_fill": [
            "i = torch.tensor([0, 2])\ngc(lambda x: S(torch.index_fill(x, 1, i, 0.5)), r(3, 4))",
            "i = torch.tensor([1])\ngc(lambda x: S(x.T.index_fill(0, i, -1.0)), r(3, 4))",
        ],
        "Tensor.index_fill_": [
            "i = torch.tensor([0, 2])\ngc(lambda x: S(x.clone().index_fill_(1, i, 0.5)), r(3, 4))",
            "i = torch.tensor([1, 3])\ngc(lambda x: S(x.clone().T.index_fill_(0, i, 2.0)), r(3, 4))",
        ],
        "torch.index_put": [
            "i = (torch.tensor([0, 2]), torch.tensor([1, 3]))\ngc(lambda x, v: S(torch.index_put(x, i, v)), (r(3, 4), r(2)))",
            "i = (torch.tensor([0, 0, 2]),)\ngc(lambda x, v: S(x.T.index_put(i, v, accumulate=True)), (r(3, 4), r(3, 3)))",
        ],
        "Tensor.index_put_": [
            "i = (torch.tensor([0, 2]), torch.tensor([1, 3]))\ngc(lambda x, v: S(x.clone().index_put_(i, v)), (r(3, 4), r(2)))",
            "i = (torch.tensor([1, 1]),)\ngc(lambda x, v: S(x.clone().index_put_(i, v, True)), (r(3, 4), r(4)))",
            "i = (torch.tensor([0, 3]), torch.tensor([1, 2]))\ngc(lambda x, v: S(x.clone().T.index_put_(i, v)), (r(3, 4), r(2)))",
        ],
        "Tensor.type_as": [
            "gc(lambda x: S(x.type_as(torch.zeros(1, dtype=f64)) * x), r(3, 4))",
            "gc(lambda x: S(x.T.type_as(torch.zeros(1))), r(3, 4), eps=1e-3, atol=1e-3)",
        ],
        "torch.median": [
            "gc(lambda x: S(torch.median(x)), r(3, 5))",
            "gc(lambda x: S(x.T.median(dim=0).values), r(3, 4))",
            "gc(lambda x: S(torch.median(x, 1, keepdim=True)[0]), r(3, 4))",
        ],
        "torch.kthvalue": [
            "gc(lambda x: S(torch.kthvalue(x, 2).values), r(3, 4))",
            "gc(lambda x: S(x.T.kthvalue(3, dim=0, keepdim=True)[0]), r(3, 4))",
        ],
        "torch.mode": [
            "gc(lambda x: S(torch.mode(x).values), r(3, 4))",
            "gc(lambda x: S(x.T.mode(dim=0, keepdim=True)[0]), r(3, 4))",
        ],
        "torch.var_mean": [
            "gc(lambda x: S(torch.var_mean(x)[0]) + S(torch.var_mean(x)[1]), r(3, 4))",
            "gc(lambda x: S(torch.var_mean(x.T, dim=1, keepdim=True)[0]), r(3, 4))",
            "gc(lambda x: S(torch.var_mean(x, (0, 2), correction=0)[0]), r(2, 3, 4))",
        ],
        "torch.std_mean": [
            "gc(lambda x: S(torch.std_mean(x)[0]) + S(torch.std_mean(x)[1]), r(3, 4))",
            "gc(lambda x: S(torch.std_mean(x.T, dim=1, keepdim=True)[0]), r(3, 4))",
            "gc(lambda x: S(torch.std_mean(x, 0, unbiased=False)[0]), r(3, 4))",
        ],
        "torch.aminmax": [
            "gc(lambda x: S(torch.aminmax(x).min) + 2 * S(torch.aminmax(x).max), r(3, 4))",
            "gc(lambda x: S(x.T.aminmax(dim=0, keepdim=True)[1]) - S(x.aminmax(dim=1)[0]), r(3, 4))",
        ],
        "torch.cummax": [
            "gc(lambda x: S(torch.cummax(x, 1).values), r(3, 4))",
            "gc(lambda x: S(x.T.cummax(dim=0)[0]), r(3, 4))",
        ],
        "torch.cummin": [
            "gc(lambda x: S(torch.cummin(x, 1).values), r(3, 4))",
            "gc(lambda x: S(x.T.cummin(dim=0)[0]), r(3, 4))",
        ],
        "torch.diff": [
            "gc(lambda x: S(torch.diff(x)), r(3, 4))",
            "gc(lambda x: S(x.T.diff(n=2, dim=0)), r(3, 4))",
            "gc(lambda x, p: S(torch.diff(x, dim=1, prepend=p, append=p)), (r(3, 4), r(3, 1)))",
        ],

        // More composites (TorchExtraOps).
        "torch.logit": [
            "gc(lambda x: S(torch.logit(x)), torch.rand(3, 4, dtype=f64) * 0.8 + 0.1)",
            "gc(lambda x: S(x.T.logit(eps=0.05)), torch.rand(3, 4, dtype=f64) * 0.8 + 0.1)",
        ],
        "torch.xlogy": [
            "gc(lambda x, y: S(torch.xlogy(x, y)), (r(3, 4), pos(3, 4)))",
            "gc(lambda x, y: S(x.T.xlogy(y)), (r(4, 3), pos(4)))",
            "gc(lambda y: S(torch.xlogy(torch.tensor([0.0, 1.5, -2.0], dtype=f64), y)), pos(3))",
        ],
        "torch.hypot": [
            "gc(lambda x, y: S(torch.hypot(x, y)), (away(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(x.T.hypot(y)), (away(4, 3), r(4)))",
        ],
        "torch.deg2rad": [
            "gc(lambda x: S(torch.deg2rad(x)), r(3, 4))",
            "gc(lambda x: S(x.T.deg2rad()), r(3, 4))",
        ],
        "torch.rad2deg": [
            "gc(lambda x: S(torch.rad2deg(x)), r(3, 4))",
            "gc(lambda x: S(x.T.rad2deg()), r(3, 4))",
        ],
        "torch.sgn": [
            "gc(lambda x: S(torch.sgn(x)), away(3, 4))",
            "gc(lambda x: S(x.T.sgn()), away(3, 4))",
        ],
        "torch.fmax": [
            "gc(lambda x, y: S(torch.fmax(x, y)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(x.T.fmax(y)), (r(4, 3), r(4)))",
            "gc(lambda x, y: S(torch.fmax(x, y)), (torch.tensor([1.0, float('nan'), 2.0], dtype=f64), torch.tensor([0.5, 3.0, float('nan')], dtype=f64)))",
        ],
        "torch.fmin": [
            "gc(lambda x, y: S(torch.fmin(x, y)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(x.T.fmin(y)), (r(4, 3), r(4)))",
            "gc(lambda x, y: S(torch.fmin(x, y)), (torch.tensor([1.0, float('nan'), 2.0], dtype=f64), torch.tensor([0.5, 3.0, float('nan')], dtype=f64)))",
        ],
        "torch.addcmul": [
            "gc(lambda a, b, c: S(torch.addcmul(a, b, c)), (r(3, 4), r(3, 4), r(3, 4)))",
            "gc(lambda a, b, c: S(a.T.addcmul(b, c, value=0.5)), (r(4, 3), r(3, 1), r(4)))",
        ],
        "Tensor.addcmul_": [
            "gc(lambda a, b, c: S(a.clone().addcmul_(b, c, value=2)), (r(3, 4), r(3, 4), r(4)))",
            "gc(lambda a, b, c: S(a.clone().T.addcmul_(b, c)), (r(4, 3), r(3, 4), r(3, 1)))",
        ],
        "torch.addcdiv": [
            "gc(lambda a, b, c: S(torch.addcdiv(a, b, c)), (r(3, 4), r(3, 4), away(3, 4)))",
            "gc(lambda a, b, c: S(a.T.addcdiv(b, c, value=0.5)), (r(4, 3), r(3, 1), away(4)))",
        ],
        "Tensor.addcdiv_": [
            "gc(lambda a, b, c: S(a.clone().addcdiv_(b, c, value=2)), (r(3, 4), r(3, 4), away(4)))",
            "gc(lambda a, b, c: S(a.clone().T.addcdiv_(b, c)), (r(4, 3), r(3, 4), away(3, 1)))",
        ],
        "torch.real": [
            "gc(lambda x: S(torch.real(x)), r(3, 4))",
            "gc(lambda x: S(torch.real(x.T)), r(3, 4))",
        ],
        "torch.conj": [
            "gc(lambda x: S(torch.conj(x)), r(3, 4))",
            "gc(lambda x: S(x.T.conj()), r(3, 4))",
        ],
        "torch.select": [
            "gc(lambda x: S(torch.select(x, 1, 2)), r(3, 4))",
            "gc(lambda x: S(x.T.select(0, -1)), r(3, 4))",
        ],
        "torch.diag_embed": [
            "gc(lambda x: S(torch.diag_embed(x)), r(2, 3))",
            "gc(lambda x: S(x.T.diag_embed(offset=1)), r(2, 3))",
        ],
        "torch.diagflat": [
            "gc(lambda x: S(torch.diagflat(x)), r(2, 2))",
            "gc(lambda x: S(x.T.diagflat(-1)), r(2, 3))",
        ],
        "torch.rot90": [
            "gc(lambda x: S(torch.rot90(x)), r(3, 4))",
            "gc(lambda x: S(x.T.rot90(2, [1, 0])), r(3, 4))",
            "gc(lambda x: S(torch.rot90(x, k=-1, dims=[0, 2])), r(2, 3, 4))",
        ],
        "torch.dstack": [
            "gc(lambda x, y: S(torch.dstack([x, y])), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.dstack((x.T, y))), (r(4, 3), r(3, 4)))",
        ],
        "torch.row_stack": [
            "gc(lambda x, y: S(torch.row_stack([x, y])), (r(3), r(2, 3)))",
            "gc(lambda x, y: S(torch.row_stack((x.T, y))), (r(3, 2), r(1, 3)))",
        ],
        "torch.tensor_split": [
            "gc(lambda x: S(torch.tensor_split(x, 3, dim=1)[1]), r(3, 4))",
            "gc(lambda x: S(x.T.tensor_split([1, 3])[2]), r(3, 4))",
        ],
        "torch.hsplit": [
            "gc(lambda x: S(torch.hsplit(x, 2)[1]), r(3, 4))",
            "gc(lambda x: S(x.T.hsplit([1])[1]), r(3, 4))",
        ],
        "torch.vsplit": [
            "gc(lambda x: S(torch.vsplit(x, 2)[0]), r(4, 3))",
            "gc(lambda x: S(x.T.vsplit([1, 2])[2]), r(3, 4))",
        ],
        "torch.broadcast_tensors": [
            "gc(lambda x, y: S(torch.broadcast_tensors(x, y)[0]) + 2 * S(torch.broadcast_tensors(x, y)[1]), (r(3, 1), r(4)))",
            "gc(lambda x, y: S(torch.broadcast_tensors(x.T, y)[0]), (r(1, 3), r(2, 1, 1)))",
        ],
        "torch.block_diag": [
            "gc(lambda x, y: S(torch.block_diag(x, y)), (r(2, 3), r(2, 2)))",
            "gc(lambda x, y: S(torch.block_diag(x.T, y, x)), (r(2, 3), r(3)))",
        ],
        "torch.cartesian_prod": [
            "gc(lambda x, y: S(torch.cartesian_prod(x, y)), (r(3), r(2)))",
            "gc(lambda x: S(torch.cartesian_prod(x[::2], x)), r(4))",
        ],
        "torch.msort": [
            "gc(lambda x: S(torch.msort(x)), r(4, 3))",
            "gc(lambda x: S(x.T.msort()), r(3, 4))",
        ],
        "torch.nanmean": [
            "gc(lambda x: S(torch.nanmean(x)), torch.tensor([[1.0, float('nan'), 2.0], [0.5, -1.0, float('nan')]], dtype=f64))",
            "gc(lambda x: S(x.T.nanmean(dim=0, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(torch.nanmean(x, 1)), r(3, 4))",
        ],
        "torch.dist": [
            "gc(lambda x, y: S(torch.dist(x, y)), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(x.T.dist(y, p=3)), (r(4, 3), r(4)))",
            "gc(lambda x, y: S(torch.dist(x, y, 1)), (r(3, 4), r(4)))",
        ],
        "torch.cdist": [
            "gc(lambda a, b: S(torch.cdist(a, b)), (r(3, 2), r(4, 2)))",
            "gc(lambda a, b: S(torch.cdist(a.T, b, p=1.0)), (r(2, 3), r(4, 2)))",
            "gc(lambda a, b: S(torch.cdist(a, b)), (r(2, 3, 2), r(2, 4, 2)))",
        ],
        "torch.quantile": [
            "gc(lambda x: S(torch.quantile(x, 0.3)), r(3, 4))",
            "gc(lambda x: S(x.T.quantile(torch.tensor([0.25, 0.5], dtype=f64), dim=0, keepdim=True)), r(3, 4))",
            "gc(lambda x: S(torch.quantile(x, 0.5, dim=1, interpolation='midpoint')), r(3, 4))",
        ],
        "torch.cov": [
            "gc(lambda x: S(torch.cov(x)), r(3, 5))",
            "gc(lambda x: S(x.T.cov(correction=0)), r(5, 3))",
            "gc(lambda x: S(torch.cov(x, correction=2)), r(2, 5))",
        ],
        "torch.corrcoef": [
            "gc(lambda x: S(torch.corrcoef(x)), r(3, 5))",
            "gc(lambda x: S(x.T.corrcoef()), r(5, 3))",
        ],
        "torch.slogdet": [
            "gc(lambda a: torch.slogdet(a)[1], mat(3, 3))",
            "gc(lambda a: S(a.transpose(-1, -2).slogdet().logabsdet), mat(2, 3, 3))",
        ],
        "torch.logdet": [
            "gc(lambda a: torch.logdet(a), mat(3, 3))",
            "gc(lambda a: S(a.T.logdet()), mat(3, 3))",
        ],
        "torch.svd": [
            "gc(lambda a: S(torch.svd(a).S), r(4, 3))",
            "def f(a):\n    u, s, v = a.T.svd()\n    return S(u[:, :2] @ v[:, :2].T)\ngc(f, r(4, 3))",
        ],
        "torch.qr": [
            "gc(lambda a: S(torch.qr(a).Q) + S(torch.qr(a).R), r(4, 3))",
            "gc(lambda a: S(a.T.qr()[1]), r(3, 3))",
        ],
        "torch.cholesky": [
            "gc(lambda a: S(torch.cholesky(a @ a.T + torch.eye(3, dtype=f64))), r(3, 3))",
            "gc(lambda a: S((a @ a.T + torch.eye(3, dtype=f64)).cholesky(upper=True)), r(3, 3))",
        ],
        "torch.pinverse": [
            "gc(lambda a: S(torch.pinverse(a)), r(3, 4))",
            "gc(lambda a: S(a.T.pinverse()), r(3, 4))",
        ],

        // torch.nn.functional.
        "torch.nn.functional.mse_loss": [
            "gc(lambda x, y: torch.nn.functional.mse_loss(x, y), (r(3, 4), r(3, 4)))",
            "gc(lambda x, y: S(torch.nn.functional.mse_loss(x.T, y, reduction='none')), (r(4, 3), r(3, 4)))",
            "gc(lambda x, y: torch.nn.functional.mse_loss(x, y, reduction='sum'), (r(3, 4), r(3, 4).T.T))",
        ],
        "torch.nn.functional.cross_entropy": [
            "t = torch.tensor([0, 2, 1])\ngc(lambda x: torch.nn.functional.cross_entropy(x, t), r(3, 4))",
            "t = torch.tensor([3, 0, 0])\ngc(lambda x: S(torch.nn.functional.cross_entropy(x.T, t, reduction='none')), r(4, 3))",
            "t = torch.tensor([1, 1])\ngc(lambda x: torch.nn.functional.cross_entropy(x * 10, t, reduction='sum'), r(2, 5))",
        ],

        // Conversions (float32 round trips: a wider step and tolerance).
        "Tensor.to": [
            "gc(lambda x: S(x.to(f64) * x), r(3, 4))",
            "gc(lambda x: S(x.T.to(torch.float32)), r(3, 4), eps=1e-3, atol=1e-3)",
            "gc(lambda x: S(x.to(dtype=torch.float32, copy=True).to('cpu', f64)), r(3, 4), eps=1e-3, atol=1e-3)",
        ],
        "Tensor.float": [
            "gc(lambda x: S(x.T.float()), r(3, 4), eps=1e-3, atol=1e-3)",
        ],
        "Tensor.double": [
            "gc(lambda x: S(x.double() * x), r(3, 4))",
            "gc(lambda x: S(x.float().double()), r(3, 4), eps=1e-3, atol=1e-3)",
            "gc(lambda x: S(x.T.double() * x.T), r(3, 4))",
        ],
        "Tensor.type": [
            "gc(lambda x: S(x.type(torch.float32)), r(3, 4), eps=1e-3, atol=1e-3)",
            "gc(lambda x: S(x.T.type(dtype=f64) * x.T), r(3, 4))",
        ],
    ]

    /// Cases added to the generated ones: points where PyTorch's conventions and central
    /// differences agree (abs'(0) = 0, ties in maximum/minimum share the gradient, pow at a zero
    /// base), 0-d operands and batched broadcasting.
    static let extraCases: [String: [String]] = [
        "torch.abs": ["gc(lambda x: S(torch.abs(x)), torch.tensor([0.0, -1.5, 2.0, 0.0], dtype=f64))"],
        "torch.pow": [
            "gc(lambda x: S(torch.pow(x, 3)), torch.tensor([0.0, -1.5, 2.0], dtype=f64))",
            "gc(lambda x: S(torch.pow(x, 2)), r(3, 4))",
            "gc(lambda y: S(torch.pow(torch.tensor([0.0, 1.5, 2.0], dtype=f64), y)), pos(3))",
            "gc(lambda x, e: S(torch.pow(x, e)), (pos(3, 4), torch.tensor(1.5, dtype=f64)))",
            "gc(lambda y: S(torch.pow(2.5, y.T)), r(3, 4))",
        ],
        "Tensor.pow_": ["gc(lambda x: S(x.clone().pow_(2)), r(3, 4))"],
        "torch.float_power": ["gc(lambda x: S(torch.float_power(x.float(), 2)), r(3, 4), eps=1e-3, atol=1e-3)"],
        "torch.maximum": ["t = torch.tensor([1.0, 2.0, -1.0], dtype=f64)\ngc(lambda x, y: S(torch.maximum(x, y)), (t, t.clone()))"],
        "torch.minimum": ["t = torch.tensor([1.0, 2.0, -1.0], dtype=f64)\ngc(lambda x, y: S(torch.minimum(x, y)), (t, t.clone()))"],
        "torch.mul": ["gc(lambda x, s: S(torch.mul(x, s)), (r(3, 4), torch.tensor(1.5, dtype=f64)))"],
        "torch.sub": ["gc(lambda s, x: S(torch.sub(s, x, alpha=0.5)), (torch.tensor(1.5, dtype=f64), r(2, 3)))"],
        "torch.true_divide": ["gc(lambda s, x: S(torch.true_divide(s, x)), (torch.tensor(1.5, dtype=f64), away(2, 3)))"],
        "torch.tanh": ["gc(lambda x: torch.tanh(x), torch.tensor(0.3, dtype=f64))"],
    ]

    /// Every case, by the builtin's first name.
    static var cases: [String: [String]] {
        var all: [String: [String]] = generatedCases().merging(explicitCases) { _, explicit in explicit }
        for (name, more) in extraCases { all[name, default: []] += more }
        return all
    }

    /// Gradient bugs in Autograd/TensorCore (not in a binding), by case: "name" for every case of a
    /// builtin, "name#k" for its k-th case (from 0). Reported as skipped; a listed case that
    /// passes fails the test, so that this list only shrinks.
    static let knownGradientBugs: [String: String] = [:]



    // MARK: Running cases

    /// Nil when `source` runs, else the rendered error.
    static func run(_ source: String, in interp: Interpreter, filename: String) -> String? {
        do {
            try interp.run(source, filename: filename)
            return nil
        } catch let d as Diagnostic {
            return d.rendered
        } catch {
            return "\(error)"
        }
    }

    static func session() -> Interpreter {
        let interp: Interpreter = Interpreter(output: { _ in })
        if let e = run(prelude, in: interp, filename: "<prelude>") { fatalError("prelude: \(e)") }
        return interp
    }

    static func lastComponent(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    func testEveryDifferentiableBuiltinHasAPassingGradcheck() {
        let registry: BuiltinRegistry = BuiltinRegistry.standard
        let cases: [String: [String]] = Self.cases
        var differentiable: [String: Builtin] = [:]
        for b in registry.entries where b.differentiability == .differentiable {
            differentiable[b.names[0]] = b
        }
        for name in differentiable.keys.sorted() where cases[name] == nil {
            XCTFail("\(name) is marked differentiable but has no gradcheck case in BuiltinGradcheckTests.cases")
        }
        for name in cases.keys.sorted() where differentiable[name] == nil {
            let b: Builtin? = registry.builtin(named: name)
            if let b {
                XCTFail("gradcheck case for \(name), which is marked \(b.differentiability.rawValue)"
                        + (b.names[0] == name ? "" : " (key cases by the first name, \(b.names[0]))"))
            } else {
                XCTFail("gradcheck case for \(name), which is not in the builtin table")
            }
        }
        for key in Self.knownGradientBugs.keys {
            let parts: [Substring] = key.split(separator: "#")
            let count: Int = cases[String(parts[0])]?.count ?? 0
            if count == 0 || (parts.count > 1 && (Int(parts[1]) ?? count) >= count) {
                XCTFail("knownGradientBugs lists \(key), which is no case")
            }
        }

        var skipped: [String] = []
        var expectedFailuresSeen: Set<String> = []
        var caseCount: Int = 0
        for name in differentiable.keys.sorted() {
            guard let builtin = differentiable[name], let sources = cases[name] else { continue }
            // Each case must call the builtin by one of its names.
            let spellings: [String] = builtin.names.map { Self.lastComponent($0) + "(" }
            // The method form, where there is one, must be among the cases.
            let methods: [String] = builtin.names.filter { $0.hasPrefix("Tensor.") }.map { "." + Self.lastComponent($0) + "(" }
            if !methods.isEmpty && builtin.names.contains(where: { !$0.hasPrefix("Tensor.") }) {
                let usesMethod: Bool = sources.contains { src in
                    methods.contains { m in
                        src.components(separatedBy: m).count - 1 > src.components(separatedBy: "torch" + m).count - 1
                    }
                }
                if !usesMethod { XCTFail("\(name): no case calls the method form \(methods[0])…") }
            }
            let interp: Interpreter = Self.session()
            for (k, source) in sources.enumerated() {
                caseCount += 1
                let id: String = "\(name)#\(k)"
                if !spellings.contains(where: { source.contains($0) }) {
                    XCTFail("\(id) does not call \(name) by any of its names: \(source)")
                }
                let error: String? = Self.run(source, in: interp, filename: "<\(id)>")
                let known: String? = Self.knownGradientBugs[id] ?? Self.knownGradientBugs[name]
                switch (error, known) {
                case (nil, nil): break
                case (let e?, nil):
                    XCTFail("\(id) fails gradcheck:\n\(source)\n\(e)")
                case (nil, let reason?):
                    if Self.knownGradientBugs[id] != nil {
                        XCTFail("\(id) is listed in knownGradientBugs (\(reason)) but now passes: remove it from the list")
                    }
                case (.some, let reason?):
                    expectedFailuresSeen.insert(Self.knownGradientBugs[id] != nil ? id : name)
                    skipped.append("\(id): \(reason)")
                }
            }
        }
        for key in Self.knownGradientBugs.keys where !expectedFailuresSeen.contains(key) && !key.contains("#") {
            XCTFail("\(key) is listed in knownGradientBugs (\(Self.knownGradientBugs[key]!)) but all its cases pass: remove it from the list")
        }
        print("BuiltinGradcheckTests: \(differentiable.count) differentiable builtins, \(caseCount) gradcheck cases, \(skipped.count) skipped as known gradient bugs")
        for s in skipped { print("  skipped (known gradient bug) \(s)") }
    }

    // MARK: Non-differentiable builtins

    /// For each `.notDifferentiable` torch builtin that takes a floating tensor: an expression over
    /// `x` (float64, 3×4, requires grad), `a` (a well-conditioned 3×3 matrix that requires grad)
    /// and `s` (`a @ a.T`, symmetric positive definite) whose result must not require grad.
    static let noGradCases: [String: String] = [
        "torch.logical_not": "torch.logical_not(x)",
        "torch.isnan": "x.isnan()",
        "torch.isinf": "torch.isinf(x)",
        "torch.isfinite": "x.isfinite()",
        "torch.floor_divide": "torch.floor_divide(x, 0.5)",
        "torch.eq": "torch.eq(x, x.T.T)",
        "torch.ne": "x.ne(0.5)",
        "torch.lt": "torch.lt(x, 0)",
        "torch.le": "x.le(x)",
        "torch.gt": "torch.gt(x, 0.1)",
        "torch.ge": "x.ge(0)",
        "torch.greater": "torch.greater(x, 0)",
        "torch.less": "torch.less(x, 0)",
        "torch.not_equal": "torch.not_equal(x, 0)",
        "torch.logical_and": "torch.logical_and(x, x > 0)",
        "torch.logical_or": "x.logical_or(x)",
        "torch.logical_xor": "torch.logical_xor(x, 0.5 * x)",
        "torch.isclose": "torch.isclose(x, x * 1.0)",
        "torch.all": "torch.all(x)",
        "torch.any": "x.any(dim=1)",
        "torch.count_nonzero": "torch.count_nonzero(x, dim=0)",
        "torch.argmax": "torch.argmax(x, dim=1)",
        "torch.argmin": "x.argmin()",
        "torch.argsort": "torch.argsort(x, descending=True)",
        "torch.unique": "torch.unique(x, return_inverse=True, return_counts=True)",
        "torch.nonzero": "torch.nonzero(x)",
        "torch.argwhere": "torch.argwhere(x)",
        "torch.linalg.eig": "torch.linalg.eig(a)",
        "torch.linalg.eigvals": "torch.linalg.eigvals(a)",
        "torch.linalg.matrix_rank": "torch.linalg.matrix_rank(x)",
        "torch.bernoulli": "torch.bernoulli(torch.sigmoid(x))",
        "torch.multinomial": "torch.multinomial(x.exp(), 2)",
        "torch.bincount": "torch.bincount(torch.tensor([0, 1, 1, 3]), weights=x[0])",
        "torch.histc": "torch.histc(x, bins=4)",
        "torch.bucketize": "torch.bucketize(x, torch.tensor([-1.0, 0.0, 1.0], dtype=f64))",
        "torch.searchsorted": "torch.searchsorted(torch.tensor([-1.0, 0.0, 1.0], dtype=f64), x)",
        "torch.heaviside": "torch.heaviside(x, torch.tensor(0.5, dtype=f64))",
        "torch.signbit": "x.signbit()",
        "torch.detach": "x.detach()",
        "Tensor.long": "x.long()",
        "Tensor.int": "x.int()",
        "Tensor.short": "x.short()",
        "Tensor.byte": "x.byte()",
        "Tensor.char": "x.char()",
        "Tensor.bool": "x.bool()",
    ]

    /// Non-differentiable torch builtins that refuse an input requiring grad (rather than return
    /// a result outside the graph): the expression must raise an error that says so.
    static let noGradRefusals: [String: String] = [
        "Tensor.squeeze_": "x.clone().unsqueeze(1).squeeze_(1)",
        "Tensor.unsqueeze_": "x.clone().unsqueeze_(0)",
        "Tensor.transpose_": "x.clone().transpose_(0, 1)",
        "Tensor.t_": "x.clone().t_()",
    ]

    static let nnInit: String = "initialises a parameter in place under no_grad and returns it, still a leaf that requires grad (as PyTorch)"

    /// Non-differentiable torch builtins without a `noGradCases` entry, and why.
    static let noGradExempt: [String: String] = [
        "torch.nn.init.normal_": nnInit,
        "torch.nn.init.uniform_": nnInit,
        "torch.nn.init.zeros_": nnInit,
        "torch.nn.init.ones_": nnInit,
        "torch.nn.init.constant_": nnInit,
        "torch.nn.init.xavier_uniform_": nnInit,
        "torch.nn.init.xavier_normal_": nnInit,
        "torch.imag": "complex inputs only (a real input is PyTorch's error), and gradcheck here is real",
        "torch.view_as_real": "complex inputs only, and gradcheck here is real (complex gradients are refused)",
        "torch.view_as_complex": "complex results, and gradcheck here is real (complex gradients are refused)",
        "torch.bitwise_not": "integer and bool inputs only",
        "Tensor.bitwise_not_": "integer and bool inputs only",
        "torch.bitwise_and": "integer and bool inputs only",
        "torch.bitwise_or": "integer and bool inputs only",
        "torch.bitwise_xor": "integer and bool inputs only",
        "torch.bitwise_left_shift": "integer inputs only",
        "torch.bitwise_right_shift": "integer inputs only",
        "Tensor.logical_not_": "in place: changes the tensor it is called on, which the check's input must not be",
        "Tensor.floor_divide_": "in place: changes the tensor it is called on, which the check's input must not be",
        "Tensor.logical_and_": "in place: changes the tensor it is called on, which the check's input must not be",
        "Tensor.logical_or_": "in place: changes the tensor it is called on, which the check's input must not be",
        "Tensor.logical_xor_": "in place: changes the tensor it is called on, which the check's input must not be",
        "Tensor.bitwise_and_": "integer and bool inputs only",
        "Tensor.bitwise_or_": "integer and bool inputs only",
        "Tensor.bitwise_xor_": "integer and bool inputs only",
    ]

    func testNonDifferentiableResultsDoNotRequireGrad() {
        let registry: BuiltinRegistry = BuiltinRegistry.standard
        var checked: Int = 0
        var seen: Set<String> = []
        let interp: Interpreter = Self.session()
        let setup: String = "x = r(3, 4).requires_grad_()\na = mat(3, 3).requires_grad_()\ns = a @ a.T\n"
        XCTAssertNil(Self.run(setup, in: interp, filename: "<setup>"))
        for b in registry.entries where b.differentiability == .notDifferentiable {
            let name: String = b.names[0]
            guard name.hasPrefix("torch.") || name.hasPrefix("Tensor.") else { continue }
            seen.insert(name)
            if Self.noGradExempt[name] != nil { continue }
            if let expr = Self.noGradRefusals[name] {
                checked += 1
                let e: String? = Self.run(expr, in: interp, filename: "<\(name)>")
                if !(e ?? "").contains("requires grad") {
                    XCTFail("\(name): \(expr) should raise an error saying that the input requires grad, got \(e ?? "no error")")
                }
                continue
            }
            guard let expr = Self.noGradCases[name] else {
                XCTFail("\(name) is marked not differentiable but has no noGradCases entry (or noGradExempt reason)")
                continue
            }
            checked += 1
            let source: String = "assert x.requires_grad and a.requires_grad\nnograd(\(expr))"
            if let e = Self.run(source, in: interp, filename: "<\(name)>") {
                XCTFail("\(name): \(expr) should not require grad when its input does:\n\(e)")
            }
        }
        let listed: Set<String> = Set(Self.noGradCases.keys).union(Self.noGradExempt.keys).union(Self.noGradRefusals.keys)
        for name in listed.sorted() where !seen.contains(name) {
            XCTFail("noGradCases/noGradExempt names \(name), which is not a non-differentiable torch builtin")
        }
        print("BuiltinGradcheckTests: \(checked) non-differentiable builtins give results outside the graph")
    }

    // MARK: Torch builtins marked n/a

    /// Torch builtins that are no operation on a tensor's values (GUIDE: `.notApplicable`), and
    /// why. Any other torch builtin must say whether it is differentiable, so that a tensor
    /// operation cannot leave this walk by being marked n/a.
    static let notApplicableTorch: [String: String] = {
        var d: [String: String] = [:]
        func add(_ reason: String, _ names: [String]) { for n in names { d[n] = reason } }
        add("creates a tensor from Python values or sizes", [
            "torch.tensor", "torch.as_tensor", "torch.arange", "torch.zeros", "torch.ones", "torch.empty", "torch.full",
            "torch.eye", "torch.linspace", "torch.logspace", "torch.zeros_like", "torch.ones_like", "torch.empty_like",
            "torch.full_like", "torch.triu_indices", "torch.tril_indices", "torch.from_numpy",
            "Tensor.new_zeros", "Tensor.new_ones", "Tensor.new_empty", "Tensor.new_full", "Tensor.new_tensor",
        ])
        add("file input and output: torch.save writes tensors' values, torch.load makes new leaves", [
            "torch.save", "torch.load",
        ])
        add("random numbers: the generator's state, or samples that no gradient flows through", [
            "torch.manual_seed", "torch.seed", "torch.initial_seed", "torch.rand", "torch.randn", "torch.randint",
            "torch.normal", "torch.randperm", "torch.rand_like", "torch.randn_like", "torch.randint_like",
            "Tensor.uniform_", "Tensor.normal_", "Tensor.bernoulli_",
        ])
        add("returns Python values or facts about a tensor, not a tensor computed from its values", [
            "torch.allclose", "torch.equal", "torch.numel", "torch.is_floating_point", "torch.is_complex",
            "torch.is_tensor", "torch.result_type", "torch.promote_types", "Tensor.size", "Tensor.dim", "Tensor.item",
            "Tensor.tolist", "Tensor.stride", "Tensor.storage_offset", "Tensor.data_ptr", "Tensor.untyped_storage",
            "Tensor.element_size", "Tensor.is_contiguous", "Tensor.cpu", "Tensor.cuda", "Tensor.numpy",
        ])
        add("facts about the installation or about dtypes", [
            "torch.cuda.is_available", "torch.cuda.device_count", "torch.backends.mps.is_available", "torch.finfo", "torch.iinfo",
        ])
        add("session settings", [
            "torch.set_default_dtype", "torch.get_default_dtype", "torch.set_printoptions", "torch.set_memory_limit",
        ])
        add("the autograd machinery itself", [
            "torch.no_grad", "torch.enable_grad", "torch.inference_mode", "torch.set_grad_enabled",
            "torch.is_grad_enabled", "Tensor.backward", "Tensor.requires_grad_", "Tensor.detach_", "Tensor.retain_grad",
            "Tensor.register_hook", "torch.autograd.grad", "torch.autograd.backward", "torch.func.grad_and_value",
            "torch.func.jacrev", "torch.func.hessian", "torch.func.jvp",
            "torch.func.jacfwd", "torch.autograd.forward_ad.dual_level", "torch.autograd.forward_ad.enter_dual_level",
            "torch.autograd.forward_ad.exit_dual_level", "torch.autograd.forward_ad.make_dual",
            "torch.autograd.forward_ad.unpack_dual",
        ])
        return d
    }()

    func testTorchBuiltinsMarkedNotApplicableAreNoTensorOperations() {
        var seen: Set<String> = []
        for b in BuiltinRegistry.standard.entries where b.differentiability == .notApplicable {
            let name: String = b.names[0]
            guard name.hasPrefix("torch.") || name.hasPrefix("Tensor.") else { continue }
            seen.insert(name)
            if Self.notApplicableTorch[name] == nil {
                XCTFail("\(name) is marked n/a: mark it differentiable (with gradcheck cases) or not differentiable, or add it to notApplicableTorch with the reason it is no tensor operation")
            }
        }
        for name in Self.notApplicableTorch.keys.sorted() where !seen.contains(name) {
            XCTFail("notApplicableTorch names \(name), which is not a torch builtin marked n/a")
        }
    }

    /// Asking for a gradient through an integer (or otherwise non-differentiable) result is an
    /// error that says why, never a silent zero.
    func testGradientThroughIntegerResultIsAClearError() {
        let noGradFn: String = "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
        let onlyFloat: String = "RuntimeError: Only Tensors of floating point and complex dtype can require gradients"
        let checks: [(String, String)] = [
            ("torch.argmax(x).backward()", noGradFn),
            ("x.argmin(dim=1).sum().backward()", noGradFn),
            ("x.long().sum().backward()", noGradFn),
            ("(x > 0).sum().backward()", noGradFn),
            ("torch.autograd.grad(torch.argmax(x, dim=0).sum(), x)", noGradFn),
            ("torch.argsort(x).requires_grad_()", onlyFloat),
            ("torch.tensor([1, 2], requires_grad=True)", onlyFloat),
            ("x.long().requires_grad_()", onlyFloat),
        ]
        for (source, expected) in checks {
            let interp: Interpreter = Self.session()
            XCTAssertNil(Self.run("x = r(3, 4).requires_grad_()", in: interp, filename: "<setup>"))
            guard let e = Self.run(source, in: interp, filename: "<stdin>") else {
                XCTFail("\(source) should be an error (\(expected))")
                continue
            }
            XCTAssertTrue(e.lowercased().contains(expected.lowercased()), "\(source):\n\(e)")
        }
    }
}
