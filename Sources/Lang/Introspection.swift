import Autograd
import Foundation
import TensorCore

/// What the interactive prompt asks of a session besides running code: completion context,
/// the variables for `%who`/`%whos`, where a function was defined (`f??`), and compiled code
/// to time (`%timeit`). The CLI uses these instead of reaching into the interpreter's state
/// or building Python source.
extension Interpreter {
    /// The value a dotted name refers to (`torch.linalg`, `x.shape`), looked up without calling
    /// anything; nil when any part is unbound or not a plain name.
    public func lookup(dotted path: String) -> Value? {
        let parts: [Substring] = path.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { return nil }
        guard var value = globalValue(String(first)) ?? builtinScope[String(first)] ?? importable(String(first)) else {
            return nil
        }
        for part in parts.dropFirst() {
            guard !part.isEmpty, part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            // Completion never raises: an attribute that fails to read has no completions.
            guard let next = try? getAttribute(value, String(part)) else { return nil }
            value = next
        }
        return value
    }

    /// A module that `import` would find under this name (for `import x.` completion).
    private func importable(_ name: String) -> Value? {
        registry.modules[name].map { .object($0) }
    }

    /// Names of modules `import` can find whose dotted name starts with `prefix`.
    public func moduleNames(matching prefix: String) -> [String] {
        registry.modules.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Attribute names of a value (public ones: no leading underscore).
    public func publicAttributeNames(_ v: Value) -> [String] {
        attributeNames(v).filter { !$0.hasPrefix("_") }
    }

    /// The keyword names a callable accepts (`dim`, `out`, …), for completion inside a call's
    /// parentheses; empty for values that are not functions or take only positional arguments.
    public func keywordNames(of callee: Value) -> [String] {
        let list: ParameterList
        switch callee {
        case .function(let f): list = f.parameters
        case .object(let o):
            if let b = o as? BuiltinFunction { list = b.builtin.parameters } else { return [] }
        default: return []
        }
        return list.parameters.compactMap { p in
            switch p.kind {
            case .positionalOrKeyword, .keywordOnly: return p.name == "self" ? nil : p.name
            default: return nil
            }
        }
    }

    /// The string keys a subscription `v['…']` accepts: a dict's string keys, a DataFrame's
    /// column names.
    public func subscriptKeys(of v: Value) -> [String] {
        switch v {
        case .dict(let d):
            return d.keys.compactMap { if case .str(let s) = $0 { return s }; return nil }
        case .object(let o):
            if let frame = o as? DataFrameObject { return frame.frame.columnNames }
            return []
        default: return []
        }
    }

    /// The user's variables in the order they were first bound, without `_` names.
    public var userVariables: [(name: String, value: Value)] {
        var out: [(name: String, value: Value)] = []
        for (i, name) in globals.names.enumerated() where !name.hasPrefix("_") {
            if let v = globals.values[i] { out.append((name, v)) }
        }
        return out
    }

    /// Unbinds every user variable (`%reset`).
    public func resetGlobals() {
        for i in globals.values.indices { globals.values[i] = nil }
    }

    /// The type name `%whos` shows: `Tensor`, `int`, `function`, `DataFrame`, `module`.
    public func shortTypeName(_ v: Value) -> String {
        type(of: v).name
    }

    /// Facts about a tensor for `%whos`: shape, dtype name, element count, bytes and whether
    /// it requires grad; nil for anything else.
    public func tensorFacts(_ v: Value) -> (shape: [Int], dtype: String, count: Int, bytes: Int, requiresGrad: Bool)? {
        guard case .object(let o) = v, let t = o as? Tensor else { return nil }
        return (t.shape, t.dtype.name, t.count, t.count * t.dtype.itemSize, t.requiresGrad)
    }

    /// Where a user function was defined and its source (`f??`); nil for builtins.
    public func definitionSource(of v: Value) -> (place: String, source: String)? {
        guard case .function(let f) = v, let range = f.code.definition else { return nil }
        let file: SourceFile = f.code.file
        guard let header = file.line(range.start.line) else { return nil }
        // The def line, then every following line that is blank or indented deeper.
        let margin: Int = header.prefix { $0 == " " || $0 == "\t" }.count
        var lines: [String] = [header]
        var n: Int = range.start.line + 1
        while let line = file.line(n) {
            let blank: Bool = line.allSatisfy { $0 == " " || $0 == "\t" }
            if !blank && line.prefix(while: { $0 == " " || $0 == "\t" }).count <= margin && n > range.end.line { break }
            lines.append(line)
            n += 1
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return ("\(file.name):\(range.start.line)", lines.joined(separator: "\n"))
    }

    /// Parses and compiles `source` once and returns code that runs it in this session without
    /// printing, for `%timeit` to call many times; the code returns the value of a final
    /// expression statement (`%time` shows it). Throws a `Diagnostic` for a syntax error now,
    /// or for an exception when the returned code runs.
    public func compileForTiming(_ source: String, filename: String) throws -> () throws -> Value? {
        let file: SourceFile = SourceFile(name: filename, text: source)
        var code: [StmtCode] = []
        var final: ExprCode? = nil
        do {
            var program: [Stmt] = try Parser.parseProgram(source)
            var last: Expr? = nil
            if let s = program.last, case .expression(let e, let suppressed) = s.kind, !suppressed {
                last = e
                program.removeLast()
            }
            let compiler: Compiler = Compiler(interp: self, file: file, scope: Scope(isModule: true, parent: nil))
            for s in program {
                var statement: Stmt = s
                if case .expression(let e, _) = s.kind { statement.kind = .expression(e, suppressed: true) }
                code.append(try compiler.compileStatement(statement))
            }
            if let e = last { final = try compiler.compile(e) }
        } catch let e as SyntaxError {
            throw Diagnostic(syntaxError: e, file: file)
        }
        let frame: Frame = moduleFrame
        return { [unowned self] in
            do {
                for statement in code { _ = try statement(frame) }
                return try final?(frame)
            } catch {
                self.handling = []
                self.callDepth = 0
                throw Diagnostic(exception: self.pyException(from: error), fallbackFile: file, interp: self)
            }
        }
    }
}
