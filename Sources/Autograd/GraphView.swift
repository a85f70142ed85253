import Foundation
import TensorCore

/// The backward graph as a drawing: what `y.backward()` walks from `y.grad_fn`, with a leaf's
/// AccumulateGrad named by the leaf (its variable name where the caller knows it) and every
/// node labelled with the shape of the tensor it produced. Drawn as a tree in the terminal
/// (shared sub-graphs drawn once and referenced by number), as Graphviz DOT, or as an SVG laid
/// out here in layers (no Graphviz needed).
public struct GraphView {
    /// One node: a function node, or a leaf's AccumulateGrad.
    public struct Item {
        public let name: String
        /// The leaf's name and shape, or the produced tensor's shape.
        public let detail: String
        public let isLeaf: Bool
        public var children: [Int]
    }
    public private(set) var items: [Item] = []
    /// Nodes reached along more than one path (drawn once, then referenced).
    public private(set) var shared: Set<Int> = []

    /// The graph behind `root` (nil when it has no grad_fn and is no leaf requiring grad).
    public init?(_ root: Tensor, leafName: (Tensor) -> String?) {
        var ids: [ObjectIdentifier: Int] = [:]
        var parents: [Int: Int] = [:]
        var pending: [(Int, Node)] = []
        func leafItem(_ t: Tensor) -> Int {
            let key = ObjectIdentifier(t)
            if let i = ids[key] { return i }
            let label = [leafName(t), GraphView.shapeText(t.shape)].compactMap { $0 }.joined(separator: " ")
            items.append(Item(name: "AccumulateGrad", detail: label, isLeaf: true, children: []))
            ids[key] = items.count - 1
            return items.count - 1
        }
        func nodeItem(_ n: Node, shape: [Int]) -> Int {
            let key = ObjectIdentifier(n)
            if let i = ids[key] { return i }
            items.append(Item(name: n.name, detail: GraphView.shapeText(shape), isLeaf: false, children: []))
            ids[key] = items.count - 1
            pending.append((items.count - 1, n))
            return items.count - 1
        }
        if let fn = root.gradFn {
            _ = nodeItem(fn, shape: root.shape)
        } else if root.requiresGrad {
            _ = leafItem(root)
        } else {
            return nil
        }
        // Iterative: the graphs of Python loops are deeper than the stack.
        while let (i, node) = pending.popLast() {
            var children: [Int] = []
            for edge in node.edges {
                let child: Int
                switch edge.target {
                case .none: continue
                case .leaf(let t): child = leafItem(t)
                case .node(let n): child = nodeItem(n, shape: edge.shape)
                }
                children.append(child)
                parents[child, default: 0] += 1
            }
            items[i].children = children
        }
        shared = Set(parents.filter { $0.value > 1 }.map(\.key))
    }

    static func shapeText(_ shape: [Int]) -> String {
        if shape.count == 1 { return "(\(shape[0]),)" }
        return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    private func label(_ i: Int) -> String {
        items[i].detail.isEmpty ? items[i].name : items[i].name + "  " + items[i].detail
    }

    // MARK: Terminal tree

    /// The tree, root first; a node reached again prints `→ [k]` instead of its sub-graph, and
    /// nodes deeper than `maxDepth` are summarised.
    public func tree(maxDepth: Int = 12) -> String {
        var lines: [String] = []
        var numbers: [Int: Int] = [:]
        var printed: Set<Int> = []
        // (item, prefix for its line, prefix for its children, depth)
        var stack: [(Int, String, String, Int)] = [(0, "", "", 0)]
        while let (i, linePrefix, childPrefix, depth) = stack.popLast() {
            var text = linePrefix + label(i)
            if shared.contains(i) {
                if let k = numbers[i], printed.contains(i) {
                    lines.append(linePrefix + items[i].name + "  → [\(k)]")
                    continue
                }
                let k = numbers.count + 1
                numbers[i] = k
                text += "  [\(k)]"
            }
            printed.insert(i)
            lines.append(text)
            let children = items[i].children
            if children.isEmpty { continue }
            if depth + 1 > maxDepth {
                lines.append(childPrefix + "└── … \(descendants(i) - 1) more nodes below (maxdepth=\(maxDepth))")
                continue
            }
            for (k, c) in children.enumerated().reversed() {
                let last = k == children.count - 1
                stack.append((c, childPrefix + (last ? "└── " : "├── "), childPrefix + (last ? "    " : "│   "), depth + 1))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The number of distinct nodes reachable from `i`, itself included.
    private func descendants(_ i: Int) -> Int {
        var seen: Set<Int> = [i]
        var stack = [i]
        while let j = stack.popLast() {
            for c in items[j].children where seen.insert(c).inserted { stack.append(c) }
        }
        return seen.count
    }

    // MARK: Graphviz DOT

    /// Graphviz DOT text: boxes for function nodes, light boxes for leaves, edges in the
    /// direction backward walks them.
    public func dot() -> String {
        var out = "digraph backward {\n    node [shape=box, fontname=\"monospace\", fontsize=11];\n"
        for (i, item) in items.enumerated() {
            let text = (item.name + "\\n" + item.detail).replacingOccurrences(of: "\"", with: "\\\"")
            let style = item.isLeaf ? ", style=filled, fillcolor=\"#dddddd\"" : ""
            out += "    n\(i) [label=\"\(text)\"\(style)];\n"
        }
        for (i, item) in items.enumerated() {
            for c in item.children { out += "    n\(i) -> n\(c);\n" }
        }
        return out + "}\n"
    }

    // MARK: SVG

    /// An SVG drawing: layers by longest distance from the root, nodes ordered in each layer by
    /// the mean position of their parents (one sweep), edges as straight lines.
    public func svg() -> String {
        var layer = [Int](repeating: 0, count: items.count)
        // Longest-path layering; the graph is acyclic, so relaxing in discovery order until
        // nothing changes terminates within `items.count` rounds.
        var changed = true
        var rounds = 0
        while changed && rounds <= items.count {
            changed = false
            rounds += 1
            for (i, item) in items.enumerated() {
                for c in item.children where layer[c] < layer[i] + 1 {
                    layer[c] = layer[i] + 1
                    changed = true
                }
            }
        }
        let depth = (layer.max() ?? 0) + 1
        var rows: [[Int]] = Array(repeating: [], count: depth)
        for i in items.indices { rows[layer[i]].append(i) }
        let charWidth = 7.0, boxHeight = 34.0, rowGap = 40.0, columnGap = 16.0
        func width(_ i: Int) -> Double {
            Double(max(items[i].name.count, items[i].detail.count)) * charWidth + 16
        }
        var x = [Double](repeating: 0, count: items.count)
        var parentsOf: [[Int]] = Array(repeating: [], count: items.count)
        for (i, item) in items.enumerated() { for c in item.children { parentsOf[c].append(i) } }
        var totalWidth = 0.0
        for r in 0..<depth {
            if r > 0 {
                rows[r].sort { a, b in
                    let ma = parentsOf[a].map { x[$0] }.reduce(0, +) / Double(max(parentsOf[a].count, 1))
                    let mb = parentsOf[b].map { x[$0] }.reduce(0, +) / Double(max(parentsOf[b].count, 1))
                    return ma < mb
                }
            }
            var cursor = 10.0
            for i in rows[r] {
                x[i] = cursor + width(i) / 2
                cursor += width(i) + columnGap
            }
            totalWidth = max(totalWidth, cursor)
        }
        // Centre each row under the widest.
        for r in 0..<depth {
            guard let last = rows[r].last else { continue }
            let rowWidth = x[last] + width(last) / 2 + columnGap
            let shift = (totalWidth - rowWidth) / 2
            for i in rows[r] { x[i] += shift }
        }
        func y(_ i: Int) -> Double { 10 + Double(layer[i]) * (boxHeight + rowGap) }
        let height = 20 + Double(depth) * (boxHeight + rowGap) - rowGap
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(totalWidth + 10))\" height=\"\(Int(height))\" font-family=\"monospace\" font-size=\"11\">\n"
        for (i, item) in items.enumerated() {
            for c in item.children {
                out += "  <line x1=\"\(f(x[i]))\" y1=\"\(f(y(i) + boxHeight))\" x2=\"\(f(x[c]))\" y2=\"\(f(y(c)))\" stroke=\"#555\"/>\n"
            }
        }
        for (i, item) in items.enumerated() {
            let w = width(i)
            let fill = item.isLeaf ? "#dddddd" : "#ffffff"
            out += "  <rect x=\"\(f(x[i] - w / 2))\" y=\"\(f(y(i)))\" width=\"\(f(w))\" height=\"\(f(boxHeight))\" fill=\"\(fill)\" stroke=\"#000\"/>\n"
            out += "  <text x=\"\(f(x[i]))\" y=\"\(f(y(i) + 14))\" text-anchor=\"middle\">\(escape(item.name))</text>\n"
            out += "  <text x=\"\(f(x[i]))\" y=\"\(f(y(i) + 27))\" text-anchor=\"middle\">\(escape(item.detail))</text>\n"
        }
        return out + "</svg>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
