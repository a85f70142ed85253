/// Operators, calls, f-strings, comprehensions and function creation.
extension Compiler {
    func compileBinary(_ op: BinaryOperator, _ left: @escaping ExprCode, _ right: @escaping ExprCode, _ range: SourceRange,
                       operands: (SourceRange, SourceRange)? = nil, operatorRange: SourceRange? = nil) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let culprit: OperatorCulprit? = operands.map { OperatorCulprit(left: $0.0, right: $0.1, operatorRange: operatorRange) }
        switch op {
        case .add:
            return { f in
                let a: Value = try left(f)
                let b: Value = try right(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.addingReportingOverflow(y)
                    if !o { return .int(s) }
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x + y) }
                do { return try interp.binary(op, a, b) } catch { throw Compiler.locate(error, range, file, interp, culprit: culprit, a, b) }
            }
        case .subtract:
            return { f in
                let a: Value = try left(f)
                let b: Value = try right(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.subtractingReportingOverflow(y)
                    if !o { return .int(s) }
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x - y) }
                do { return try interp.binary(op, a, b) } catch { throw Compiler.locate(error, range, file, interp, culprit: culprit, a, b) }
            }
        case .multiply:
            return { f in
                let a: Value = try left(f)
                let b: Value = try right(f)
                if case .int(let x) = a, case .int(let y) = b {
                    let (s, o) = x.multipliedReportingOverflow(by: y)
                    if !o { return .int(s) }
                }
                if case .float(let x) = a, case .float(let y) = b { return .float(x * y) }
                do { return try interp.binary(op, a, b) } catch { throw Compiler.locate(error, range, file, interp, culprit: culprit, a, b) }
            }
        default:
            return { f in
                let a: Value = try left(f)
                let b: Value = try right(f)
                do { return try interp.binary(op, a, b) } catch { throw Compiler.locate(error, range, file, interp, culprit: culprit, a, b) }
            }
        }
    }

    /// `x + 1` / `x - 1`: the constant is captured, saving a closure call per step.
    func compileAddConstant(_ left: @escaping ExprCode, _ addend: Int?, _ subtrahend: Int?, _ op: BinaryOperator, _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let c: Int = addend ?? subtrahend ?? 0
        let constant: Value = .int(c)
        if op == .add {
            return { f in
                let a: Value = try left(f)
                if case .int(let x) = a {
                    let (s, o) = x.addingReportingOverflow(c)
                    if !o { return .int(s) }
                }
                do { return try interp.binary(op, a, constant) } catch { throw Compiler.locate(error, range, file, interp) }
            }
        }
        return { f in
            let a: Value = try left(f)
            if case .int(let x) = a {
                let (s, o) = x.subtractingReportingOverflow(c)
                if !o { return .int(s) }
            }
            do { return try interp.binary(op, a, constant) } catch { throw Compiler.locate(error, range, file, interp) }
        }
    }

    func compileCompare(_ first: Expr, _ rest: [(ComparisonOperator, Expr)], _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let head: ExprCode = try compile(first)
        if rest.count == 1 {
            let op: ComparisonOperator = rest[0].0
            if case .int(.small(let c)) = rest[0].1.kind, op == .less || op == .lessEqual || op == .greater || op == .greaterEqual {
                let constant: Value = .int(c)
                return { f in
                    let a: Value = try head(f)
                    if case .int(let x) = a {
                        switch op {
                        case .less: return .bool(x < c)
                        case .lessEqual: return .bool(x <= c)
                        case .greater: return .bool(x > c)
                        default: return .bool(x >= c)
                        }
                    }
                    do { return try interp.compare(op, a, constant) } catch { throw Compiler.locate(error, range, file, interp) }
                }
            }
            let right: ExprCode = try compile(rest[0].1)
            switch op {
            case .less:
                return { f in
                    let a: Value = try head(f)
                    let b: Value = try right(f)
                    if case .int(let x) = a, case .int(let y) = b { return .bool(x < y) }
                    do { return try interp.compare(op, a, b) } catch { throw Compiler.locate(error, range, file, interp) }
                }
            default:
                return { f in
                    let a: Value = try head(f)
                    let b: Value = try right(f)
                    do { return try interp.compare(op, a, b) } catch { throw Compiler.locate(error, range, file, interp) }
                }
            }
        }
        let others: [(ComparisonOperator, ExprCode)] = try rest.map { ($0.0, try compile($0.1)) }
        return { f in
            var left: Value = try head(f)
            var result: Value = .bool(true)
            for (i, (op, code)) in others.enumerated() {
                let right: Value = try code(f)
                do {
                    result = try interp.compare(op, left, right)
                    if i < others.count - 1 {
                        let keepGoing: Bool = try interp.truthy(result)
                        if !keepGoing { return result }
                    }
                } catch {
                    throw Compiler.locate(error, range, file, interp)
                }
                left = right
            }
            return result
        }
    }

    func compileCall(_ fn: Expr, _ args: [CallArgument], _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        if args.isEmpty && isBuiltinSuper(fn) { return compileZeroArgumentSuper(range) }
        let simple: Bool = args.allSatisfy { if case .positional(let e) = $0, !isStarred(e) { return true }; return false }
        if simple, case .attribute(let objectExpr, let name) = fn.kind {
            var boxed: ContiguousArray<ExprBox> = []
            for a in args {
                guard case .positional(let e) = a else { throw SyntaxError("internal: argument", range) }
                boxed.append(ExprBox(run: try compile(e)))
            }
            return try compileMethodCall(objectExpr, name, fn.range, boxed, range)
        }
        let callee: ExprCode = try compile(fn)
        if simple {
            var boxed: ContiguousArray<ExprBox> = []
            for a in args {
                guard case .positional(let e) = a else { throw SyntaxError("internal: argument", range) }
                boxed.append(ExprBox(run: try compile(e)))
            }
            let argCount: Int = boxed.count
            if argCount == 1 {
                let only: ExprCode = boxed[0].run
                return { f in
                    let target: Value = try callee(f)
                    if case .function(let fn) = target, fn.simpleArity == 1 {
                        let frame: Frame = Frame.make(size: fn.code.slotCount, parent: fn.closure)
                        frame.slots[0] = try only(f)
                        do { return try fn.run(frame, interp) } catch { throw Compiler.locate(error, range, file, interp) }
                    }
                    let value: Value = try only(f)
                    do { return try interp.call(target, Arguments([value])) } catch { throw Compiler.locate(error, range, file, interp) }
                }
            }
            return { f in
                let target: Value = try callee(f)
                if case .function(let fn) = target, fn.simpleArity == argCount {
                    // Arguments go straight into the callee's slots: no argument array.
                    let frame: Frame = Frame.make(size: fn.code.slotCount, parent: fn.closure)
                    let slots: UnsafeMutablePointer<Value?> = frame.slots
                    for i in 0..<argCount { slots[i] = try boxed[i].run(f) }
                    do { return try fn.run(frame, interp) } catch { throw Compiler.locate(error, range, file, interp) }
                }
                var values: [Value] = []
                values.reserveCapacity(argCount)
                for c in boxed { values.append(try c.run(f)) }
                do {
                    if case .function(let fn) = target { return try fn.call(Arguments(values), interp) }
                    return try interp.call(target, Arguments(values))
                } catch {
                    throw Compiler.locate(error, range, file, interp)
                }
            }
        }
        enum Piece { case positional(ExprCode), star(ExprCode), keyword(String, ExprCode), doubleStar(ExprCode) }
        var pieces: [Piece] = []
        var seenKeywords: Set<String> = []
        for a in args {
            switch a {
            case .positional(let e): pieces.append(.positional(try compile(e)))
            case .star(let e): pieces.append(.star(try compile(e)))
            case .keyword(let n, let e):
                if seenKeywords.contains(n) { throw SyntaxError("keyword argument repeated: \(n)", e.range) }
                seenKeywords.insert(n)
                pieces.append(.keyword(n, try compile(e)))
            case .doubleStar(let e): pieces.append(.doubleStar(try compile(e)))
            }
        }
        return { f in
            let target: Value = try callee(f)
            var call: Arguments = Arguments()
            do {
                for p in pieces {
                    switch p {
                    case .positional(let c): call.positional.append(try c(f))
                    case .star(let c):
                        let v: Value = try c(f)
                        do { call.positional.append(contentsOf: try interp.iterate(v)) } catch {
                            throw PyException.typeError("\(interp.callableName(target))() argument after * must be an iterable, not \(v.typeName)")
                        }
                    case .keyword(let n, let c): call.keywords.append((n, try c(f)))
                    case .doubleStar(let c):
                        let m: Value = try c(f)
                        guard case .dict(let d) = m else {
                            throw PyException.typeError("\(interp.callableName(target))() argument after ** must be a mapping, not \(m.typeName)")
                        }
                        for (k, v) in d.entries {
                            guard case .str(let name) = k else { throw PyException.typeError("keywords must be strings") }
                            if call.keywords.contains(where: { $0.name == name }) {
                                throw PyException.typeError("\(interp.callableName(target))() got multiple values for keyword argument '\(name)'")
                            }
                            call.keywords.append((name, v))
                        }
                    }
                }
                return try interp.call(target, call)
            } catch {
                throw Compiler.locate(error, range, file, interp)
            }
        }
    }

    private func isStarred(_ e: Expr) -> Bool {
        if case .starred = e.kind { return true }
        return false
    }

    func compileFString(_ parts: [FStringPart]) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        var pieces: [(Frame) throws -> String] = []
        for part in parts {
            switch part {
            case .literal(let s):
                pieces.append { _ in s }
            case .field(let e, let conversion, let spec, let selfDoc):
                let code: ExprCode = try compile(e)
                let specCode: ExprCode? = try spec.map { try compileFString($0) }
                let range: SourceRange = e.range
                let prefix: String = selfDoc ?? ""
                let conv: Character? = conversion ?? ((selfDoc != nil && spec == nil) ? "r" : nil)
                pieces.append { f in
                    let v: Value = try code(f)
                    do {
                        var value: Value = v
                        if conv == "r" || conv == "a" { value = .str(try interp.repr(v)) } else if conv == "s" { value = .str(try interp.str(v)) }
                        var specText: String = ""
                        if let sc = specCode, case .str(let s) = try sc(f) { specText = s }
                        return prefix + (try interp.format(value, specText))
                    } catch {
                        throw Compiler.locate(error, range, file, interp)
                    }
                }
            }
        }
        return { f in
            var out: String = ""
            for p in pieces { out += try p(f) }
            return .str(out)
        }
    }

    /// Comprehensions run in their own scope (a frame whose parent is the current one), so
    /// their loop variables do not leak, as in Python 3.
    func compileComprehension(_ kind: ComprehensionKind, _ element: Expr, _ value: Expr?, _ clauses: [ComprehensionClause], _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let outer: Scope = scope
        let inner: Scope = Scope(isModule: false, parent: outer)
        for c in clauses { bindNames(c.target, in: inner) }
        // The first iterable is evaluated in the enclosing scope, as Python does.
        let firstIterable: ExprCode = try compile(clauses[0].iterable)
        scope = inner
        defer { scope = outer }
        var compiledClauses: [(target: (Frame, Value) throws -> Void, iterable: ExprCode?, conditions: [ExprCode], range: SourceRange)] = []
        for (i, c) in clauses.enumerated() {
            compiledClauses.append((try compileAssignTarget(c.target), i == 0 ? nil : try compile(c.iterable),
                                    try c.conditions.map { try compile($0) }, c.iterable.range))
        }
        let elementCode: ExprCode = try compile(element)
        let valueCode: ExprCode? = try value.map { try compile($0) }
        let slotCount: Int = inner.slotCount
        let isDict: Bool = value != nil
        if kind == .generator {
            // Lazy and thread-free (GeneratorExpression); only the first iterable is taken now.
            let generatorClauses: [GeneratorExpression.Clause] = compiledClauses.map {
                GeneratorExpression.Clause(target: $0.target, iterable: $0.iterable, conditions: $0.conditions, range: $0.range)
            }
            let firstRange: SourceRange = clauses[0].iterable.range
            return { f in
                let first: Value = try firstIterable(f)
                let source: (Interpreter) throws -> Value?
                do { source = try interp.lazySource(first) } catch { throw Compiler.locate(error, firstRange, file, interp) }
                return .object(GeneratorExpression(frame: Frame.make(size: slotCount, parent: f), clauses: generatorClauses,
                                                   element: elementCode, file: file, first: source))
            }
        }
        return { f in
            let first: Value = try firstIterable(f)
            let frame: Frame = Frame.make(size: slotCount, parent: f)
            var results: [Value] = []
            let dict: PyDict? = isDict ? PyDict() : nil
            func run(_ level: Int, _ iterable: Value) throws {
                let clause = compiledClauses[level]
                let items: [Value]
                do { items = try interp.iterate(iterable) } catch { throw Compiler.locate(error, clause.range, file, interp) }
                outer: for item in items {
                    try interp.checkInterrupt()
                    try clause.target(frame, item)
                    for cond in clause.conditions where !(try interp.truthy(try cond(frame))) { continue outer }
                    if level + 1 < compiledClauses.count {
                        guard let next = compiledClauses[level + 1].iterable else { continue }
                        try run(level + 1, try next(frame))
                    } else if let d = dict, let vc = valueCode {
                        let k: Value = try elementCode(frame)
                        do { try d.set(k, try vc(frame)) } catch { throw Compiler.locate(error, range, file, interp) }
                    } else {
                        results.append(try elementCode(frame))
                    }
                }
            }
            try run(0, first)
            if let d = dict { return .dict(d) }
            switch kind {
            case .list: return .list(PyList(results))
            case .set:
                do { return .object(try PySet(results)) } catch { throw Compiler.locate(error, range, file, interp) }
            case .generator: return .list(PyList(results))  // compiled above, never reached
            }
        }
    }

    func bindNames(_ target: Expr, in scope: Scope) {
        switch target.kind {
        case .name(let n): scope.addLocal(n)
        case .tuple(let items), .list(let items): items.forEach { bindNames($0, in: scope) }
        case .starred(let inner): bindNames(inner, in: scope)
        default: break
        }
    }

    /// `def` and `lambda`: compiles the body once; each execution makes a function object
    /// with freshly evaluated defaults and the current frame as its closure.
    func compileFunction(name: String, params: [ParameterDecl], body: [Stmt], decorators: [Expr], range: SourceRange, doc: String?) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let outer: Scope = scope
        let inner: Scope = Scope(isModule: false, parent: outer, isFunction: true)
        for p in params { inner.addLocal(p.name) }
        if let p = params.first, p.kind == .positionalOnly || p.kind == .positionalOrKeyword { inner.firstArgumentSlot = inner.locals[p.name] }
        let qualifiedName: String = outer.isClass ? (outer.className ?? "") + "." + name : name
        try inner.collectLocals(body)
        for p in params where inner.globalNames.contains(p.name) || inner.nonlocalNames.contains(p.name) {
            throw SyntaxError("name '\(p.name)' is parameter and global", p.range)
        }
        for n in inner.nonlocalNames {
            var found: Bool = false
            var s: Scope? = outer
            while let p = s, !p.isModule {
                if p.locals[n] != nil { found = true; break }
                s = p.parent
            }
            if !found { throw SyntaxError("no binding for nonlocal '\(n)' found", range) }
        }
        let defaults: [(Int, ExprCode)] = try params.enumerated().compactMap { (i, p) in
            try p.defaultValue.map { (i, try compile($0)) }
        }
        let decoratorCodes: [ExprCode] = try decorators.map { try compile($0) }
        scope = inner
        defer { scope = outer }
        let bodyCode: StmtCode = try compileBlock(body)
        let slotCount: Int = inner.slotCount
        let finalCode: FunctionCode = FunctionCode(name: name, slotCount: slotCount, file: file)
        finalCode.body = bodyCode
        finalCode.isGenerator = Compiler.containsYield(body)
        finalCode.definition = range
        let kinds: [Parameter.Kind] = params.map { p in
            switch p.kind {
            case .positionalOnly: return .positionalOnly
            case .positionalOrKeyword: return .positionalOrKeyword
            case .varPositional: return .varPositional
            case .keywordOnly: return .keywordOnly
            case .varKeyword: return .varKeyword
            }
        }
        let names: [String] = params.map { $0.name }
        return { f in
            var parameters: [Parameter] = []
            for (i, n) in names.enumerated() { parameters.append(Parameter(n, kind: kinds[i])) }
            for (i, d) in defaults {
                let v: Value = try d(f)
                parameters[i].defaultValue = v
                parameters[i].defaultText = try? interp.repr(v)
            }
            let made: PyFunction = PyFunction(name: name, parameters: ParameterList(parameters), code: finalCode, closure: f, doc: doc)
            made.qualifiedName = qualifiedName
            var result: Value = .function(made)
            for deco in decoratorCodes.reversed() {
                do { result = try interp.call(try deco(f), [result]) } catch { throw Compiler.locate(error, range, file, interp) }
            }
            return result
        }
    }
}

extension Interpreter {
    /// The name a callable shows in messages (`print`, `f`, `Tensor`).
    func callableName(_ v: Value) -> String {
        switch v {
        case .function(let f): return f.name
        case .object(let o):
            if let b = o as? BuiltinFunction { return b.displayName }
            if let t = o as? PyType { return t.name }
            return o.typeName
        default: return v.typeName
        }
    }

    /// NameError with Python's "Did you mean" suggestion from the names in scope.
    func nameError(_ name: String) -> PyException {
        var candidates: [String] = globals.names.enumerated().filter { globals.values[$0.offset] != nil }.map { $0.element }
        candidates.append(contentsOf: builtinScope.keys)
        var message: String = "name '\(name)' is not defined"
        if let s = suggestName(name, candidates) { message += ". Did you mean: '\(s)'?" }
        return PyException.nameError(message)
    }
}

/// Python's suggestion rule (Levenshtein with case-only substitutions cheaper, limited by
/// the names' lengths).
func suggestName(_ wrong: String, _ candidates: [String]) -> String? {
    let w: [Character] = Array(wrong)
    var best: String? = nil
    var bestDistance: Int = Int.max
    for c in Set(candidates) where c != wrong && !c.hasPrefix("_") {
        let cs: [Character] = Array(c)
        let maxDistance: Int = (w.count + cs.count + 3) * 2 / 6
        let d: Int = editDistance(w, cs)
        if d <= maxDistance && (d < bestDistance || (d == bestDistance && c < (best ?? c))) {
            best = c
            bestDistance = d
        }
    }
    return best
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count * 2 }
    if b.isEmpty { return a.count * 2 }
    var previous: [Int] = Array(0...b.count).map { $0 * 2 }
    for i in 1...a.count {
        var row: [Int] = [i * 2]
        for j in 1...b.count {
            let sub: Int
            if a[i - 1] == b[j - 1] { sub = 0 } else if a[i - 1].lowercased() == b[j - 1].lowercased() { sub = 1 } else { sub = 2 }
            row.append(min(previous[j] + 2, row[j - 1] + 2, previous[j - 1] + sub))
        }
        previous = row
    }
    return previous[b.count]
}
