import Autograd
import Foundation
import TensorCore

/// `torch.autograd.forward_ad` (dual numbers: `dual_level()`, `make_dual`, `unpack_dual`) and the
/// forward-mode function transforms of `torch.func` (`jvp`, `jacfwd`, `hessian`, `vmap`).
enum TorchForwardAD {
    static func register(_ t: TorchTable) {
        let r = t.registry
        let module = "torch.autograd.forward_ad"
        r.declareModule(module, doc: "Forward-mode AD: dual tensors carry tangents through every operation.")
        r.add(["\(module).dual_level"], "dual_level()",
              doc: "Context manager: a dual level, inside which make_dual attaches tangents; they are forgotten when it ends.") { _ in
            .object(DualLevelContext())
        }
        r.add(["\(module).enter_dual_level"], "enter_dual_level()", doc: "Opens a dual level and returns its number.") { _ in
            .int(try ForwardAD.enter())
        }
        r.add(["\(module).exit_dual_level"], "exit_dual_level(*, level=None)", doc: "Closes the dual level.") { _ in
            ForwardAD.exit()
            return .none
        }
        r.add(["\(module).make_dual"], "make_dual(tensor, tangent, *, level=None)",
              doc: "A view of tensor carrying tangent (inside a dual level): operations on it compute their tangents too.",
              differentiable: .notApplicable) { a in
            let x = try TorchConvert.tensor(a["tensor"], function: "make_dual", argument: "tensor")
            let tangent = try TorchConvert.tensor(a["tangent"], function: "make_dual", argument: "tangent")
            return .object(try x.makeDual(tangent))
        }
        r.add(["\(module).unpack_dual"], "unpack_dual(tensor, *, level=None)",
              doc: "(primal, tangent) of a dual tensor; tangent is None for a tensor without one.",
              differentiable: .notApplicable) { a in
            let x = try TorchConvert.tensor(a["tensor"], function: "unpack_dual", argument: "tensor")
            return .object(UnpackedDual(primal: .object(x.tangent == nil ? x : x.primalView()),
                                        tangent: x.tangent.map { .object($0) } ?? Value.none))
        }
    }
}

/// `with fwAD.dual_level():` opens a level on entry and closes it on exit (also on error).
final class DualLevelContext: PyObject {
    var typeName: String { "dual_level" }
    func repr(_ interp: Interpreter) throws -> String { "<torch.autograd.forward_ad.dual_level object>" }
    func enter(_ interp: Interpreter) throws -> Value? {
        _ = try ForwardAD.enter()
        return Value.none
    }
    func exit(error: Error?, _ interp: Interpreter) throws {
        ForwardAD.exit()
    }
}

/// `fwAD.unpack_dual(t)`: a named tuple `UnpackedDualTensor(primal=…, tangent=…)`.
final class UnpackedDual: PyObject {
    let primal: Value, tangent: Value
    init(primal: Value, tangent: Value) { self.primal = primal; self.tangent = tangent }
    var typeName: String { "UnpackedDualTensor" }
    func repr(_ interp: Interpreter) throws -> String {
        "UnpackedDualTensor(primal=\(try interp.repr(primal)), tangent=\(try interp.repr(tangent)))"
    }
    func isInstance(of typeName: String) -> Bool { typeName == self.typeName || typeName == "tuple" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "primal": return primal
        case "tangent": return tangent
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["primal", "tangent"] }
    func length(_ interp: Interpreter) throws -> Int? { 2 }
    func iterate(_ interp: Interpreter) throws -> [Value]? { [primal, tangent] }
    func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try interp.getItem(.tuple([primal, tangent]), key) }
}
