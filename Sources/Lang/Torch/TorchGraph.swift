import Autograd
import Foundation
import TensorCore

/// The backward graph as Python sees it (`grad_fn`, `next_functions`, `AccumulateGrad.variable`,
/// `_saved_self`) and `graph(y)`, which draws it.
enum TorchGraph {
    static func register(_ t: TorchTable) {
        t.registry.add(["graph"], "graph(tensor, file=None, maxdepth=12)",
                       doc: "Draws the graph y.backward() walks: a tree in the terminal (leaves named by their variables, shared nodes numbered), or file='g.dot' / 'g.svg' writes Graphviz DOT / an SVG.") { a in
            let y = try TorchConvert.tensor(a["tensor"], function: "graph", argument: "tensor")
            let names = leafNames(a.interp)
            guard let view = GraphView(y, leafName: { names[ObjectIdentifier($0)] }) else {
                throw TensorError.runtime("graph(): the tensor does not require grad and has no grad_fn: there is no graph to draw")
            }
            let depth = try a.int("maxdepth")
            guard depth >= 1 else { throw PyException.valueError("graph(): maxdepth must be at least 1, got \(depth)") }
            if a["file"].isNone {
                a.interp.output(view.tree(maxDepth: depth) + "\n")
                return .none
            }
            guard case .str(let path) = a["file"] else {
                throw PyException.typeError("graph(): file must be a str, not \(a["file"].typeName)")
            }
            let text: String
            if path.hasSuffix(".dot") || path.hasSuffix(".gv") {
                text = view.dot()
            } else if path.hasSuffix(".svg") {
                text = view.svg()
            } else {
                throw PyException.valueError("graph(): file must end in .dot, .gv or .svg, got '\(path)'")
            }
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw PyException(PandasErrors.osError, "could not write '\(path)': \(error.localizedDescription)")
            }
            return .none
        }
    }

    /// Names of the tensors bound to global variables, and of module parameters as
    /// `net.0.weight` reaches them, so leaves print as the user knows them.
    static func leafNames(_ interp: Interpreter) -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        for (name, i) in interp.globals.index.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("_") {
            guard let v = interp.globals.values[i] else { continue }
            if case .object(let t as Tensor) = v, names[ObjectIdentifier(t)] == nil {
                names[ObjectIdentifier(t)] = name
            }
        }
        // Then the parameters of modules held in globals (`net.0.weight`). Naming is best effort:
        // an object whose named_parameters() fails simply names nothing.
        for (name, i) in interp.globals.index.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("_") {
            guard let v = interp.globals.values[i], case .object(let o) = v, !(o is Tensor), !(o is ModuleObject) else { continue }
            do {
                guard let method = try o.getAttribute("named_parameters", interp) else { continue }
                for pair in try interp.iterate(try interp.call(method, [])) {
                    guard case .tuple(let parts) = pair, parts.count == 2, case .str(let key) = parts[0],
                          case .object(let t as Tensor) = parts[1], names[ObjectIdentifier(t)] == nil else { continue }
                    names[ObjectIdentifier(t)] = name + "." + key
                }
            } catch {
                continue
            }
        }
        return names
    }
}

/// A `grad_fn` node as Python sees it: `<MulBackward0 object>` (tcalc prints no address).
final class GradFnObject: PyObject {
    let node: Node
    init(_ node: Node) { self.node = node }
    var typeName: String { node.name }
    func repr(_ interp: Interpreter) throws -> String { "<\(node.name) object>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "next_functions":
            return GradFnObject.nextFunctions(node)
        case "name":
            // Nodes PyTorch writes in C++ by hand report their qualified name.
            let n = ["CopySlices", "CopyBackwards"].contains(node.name) ? "torch::autograd::" + node.name : node.name
            return .object(NativeClosure(name: "name") { _ in .str(n) })
        case "requires_grad":
            return .bool(true)
        default:
            break
        }
        if name.hasPrefix("_saved_") {
            let what = String(name.dropFirst("_saved_".count))
            if what == "result", node.record.saves.contains(.result) { return .object(try node.result()) }
            if let i = node.record.savedInputNames.firstIndex(of: what), i < node.inputCount,
               node.record.saves.contains(.allInputs) || (i < 3 && node.record.saves.contains(Saves(rawValue: 1 << UInt8(i)))) {
                return .object(try node.input(i))
            }
        }
        return nil
    }
    func attributeNames(_ interp: Interpreter) -> [String] {
        var names = ["next_functions", "name", "requires_grad"]
        if node.record.saves.contains(.result) { names.append("_saved_result") }
        for (i, n) in node.record.savedInputNames.enumerated() where i < node.inputCount {
            if node.record.saves.contains(.allInputs) || (i < 3 && node.record.saves.contains(Saves(rawValue: 1 << UInt8(i)))) {
                names.append("_saved_" + n)
            }
        }
        return names
    }
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        var same = false
        if case .object(let g as GradFnObject) = other { same = g.node === node }
        return .bool(op == .equal ? same : !same)
    }

    /// PyTorch's `next_functions`: one `(node, 0)` per input, `(None, 0)` for inputs that need
    /// no gradient and for Python numbers PyTorch wraps as tensors (`x * 2`), and an
    /// `AccumulateGrad` for a leaf.
    static func nextFunctions(_ node: Node) -> Value {
        var entries: [Value] = []
        for next in node.nextFunctions.prefix(node.record.displayedInputs ?? node.inputCount) {
            switch next {
            case .none: entries.append(.tuple([.none, .int(0)]))
            case .leaf(let t): entries.append(.tuple([.object(AccumulateGradObject(t)), .int(0)]))
            case .node(let n): entries.append(.tuple([.object(GradFnObject(n)), .int(0)]))
            }
        }
        for _ in 0..<node.record.wrappedNumberInputs { entries.append(.tuple([.none, .int(0)])) }
        return .tuple(entries)
    }
}

/// The node that accumulates a leaf's gradient into `.grad` (`variable` is the leaf).
final class AccumulateGradObject: PyObject {
    let variable: Tensor
    init(_ variable: Tensor) { self.variable = variable }
    var typeName: String { "AccumulateGrad" }
    func repr(_ interp: Interpreter) throws -> String { "<AccumulateGrad object>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "variable": return .object(variable)
        case "next_functions": return .tuple([])
        case "name":
            return .object(NativeClosure(name: "name") { _ in .str("torch::autograd::AccumulateGrad") })
        default: return nil
        }
    }
    func attributeNames(_ interp: Interpreter) -> [String] { ["variable", "next_functions", "name"] }
    func compare(_ op: ComparisonOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        var same = false
        if case .object(let g as AccumulateGradObject) = other { same = g.variable === variable }
        return .bool(op == .equal ? same : !same)
    }
}
