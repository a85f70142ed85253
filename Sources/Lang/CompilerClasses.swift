/// The `class` statement, zero-argument `super()`, and the method-call fast path.
extension Compiler {
    /// `class Name(bases): body`. The body runs once, in its own frame whose slots become the
    /// class namespace; functions defined in it skip the class scope when resolving names (as
    /// in Python) but keep a hidden `__class__` slot of it, which zero-argument `super()` reads.
    func compileClass(_ d: ClassDef, _ range: SourceRange) throws -> StmtCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        var baseCodes: [(code: ExprCode, range: SourceRange)] = []
        for argument in d.arguments {
            switch argument {
            case .positional(let e): baseCodes.append((try compile(e), e.range))
            case .keyword("metaclass", let e):
                throw SyntaxError("metaclasses are not supported in tcalc", e.range)
            case .keyword(_, let e), .star(let e), .doubleStar(let e):
                throw SyntaxError("tcalc supports only plain base classes in a class statement", e.range)
            }
        }
        let decoratorCodes: [ExprCode] = try d.decorators.map { try compile($0) }
        let store: (Frame, Value) -> Void = compileStore(d.name)
        let outer: Scope = scope
        let inner: Scope = Scope(isModule: false, parent: outer)
        inner.isClass = true
        let qualifiedName: String = (outer.className.map { $0 + "." } ?? "") + d.name
        inner.className = qualifiedName
        let classSlot: Int = inner.addLocal("__class__")
        try inner.collectLocals(d.body)
        scope = inner
        let body: StmtCode
        do {
            defer { scope = outer }
            body = try compileBlock(d.body)
        }
        let slotCount: Int = inner.slotCount
        let names: [(name: String, slot: Int)] = inner.locals.filter { $0.key != "__class__" }
            .sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
        var doc: Value = .none
        if case .expression(let e, _)? = d.body.first?.kind, case .string(let text) = e.kind { doc = .str(text) }
        let className: String = d.name
        let docstring: Value = doc
        return { f in
            var bases: [PyType] = []
            for (code, r) in baseCodes {
                let v: Value = try code(f)
                guard case .object(let o) = v, let t = o as? PyType else {
                    throw Compiler.locate(PyException.typeError("class bases must be classes, not '\(v.typeName)'"), r, file, interp)
                }
                bases.append(t)
            }
            let frame: Frame = Frame.make(size: slotCount, parent: f)
            _ = try body(frame)
            var namespace: [(String, Value)] = [("__module__", .str("__main__")), ("__qualname__", .str(qualifiedName))]
            if !docstring.isNone { namespace.append(("__doc__", docstring)) }
            for (name, slot) in names {
                if let v = frame.slots[slot] { namespace.append((name, v)) }
                frame.slots[slot] = nil  // the class holds them now; methods only need __class__
            }
            let type: PyType
            do {
                type = try interp.makeClass(className, qualifiedName: qualifiedName, bases: bases, namespace: namespace)
            } catch {
                throw Compiler.locate(error, range, file, interp)
            }
            frame.slots[classSlot] = .object(type)
            var result: Value = .object(type)
            for deco in decoratorCodes.reversed() {
                do { result = try interp.call(try deco(f), [result]) } catch { throw Compiler.locate(error, range, file, interp) }
            }
            store(f, result)
            return .normal
        }
    }

    /// `super()` inside a method: the class from the enclosing class body's `__class__` slot
    /// and the method's first argument, as CPython's compiler arranges.
    func compileZeroArgumentSuper(_ range: SourceRange) -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        func failing(_ message: String) -> ExprCode {
            { _ in throw Compiler.locate(PyException.runtimeError(message), range, file, interp) }
        }
        guard scope.isFunction else { return failing("super(): no arguments") }
        guard let firstSlot = scope.firstArgumentSlot else { return failing("super(): no arguments") }
        var depth: Int = 0
        var s: Scope? = scope
        while let current = s, !current.isClass {
            if current.isModule { return failing("super(): __class__ cell not found") }
            depth += 1
            s = current.parent
        }
        guard let classScope = s, let classSlot = classScope.locals["__class__"] else {
            return failing("super(): __class__ cell not found")
        }
        return { f in
            do {
                guard case .object(let o)? = f.ancestor(depth).slots[classSlot], let start = o as? PyType else {
                    throw PyException.runtimeError("super(): empty __class__ cell")
                }
                guard let first = f.slots[firstSlot] else { throw PyException.runtimeError("super(): arg[0] deleted") }
                return .object(try SuperObject(start: start, object: first, interp))
            } catch {
                throw Compiler.locate(error, range, file, interp)
            }
        }
    }

    /// Whether `super` here means the builtin (not a variable of that name).
    func isBuiltinSuper(_ fn: Expr) -> Bool {
        guard case .name("super") = fn.kind, case .global(let i) = resolve("super") else { return false }
        return interp.globals.values[i] == nil
    }

    /// `obj.name(args)` with plain positional arguments: when `obj` is an instance whose class
    /// defines `name` as a Python function (and the instance dict does not shadow it), the
    /// function runs with `obj` in its first slot, with no bound-method object in between.
    func compileMethodCall(_ objectExpr: Expr, _ name: String, _ fnRange: SourceRange, _ args: ContiguousArray<ExprBox>, _ range: SourceRange) throws -> ExprCode {
        let interp: Interpreter = self.interp
        let file: SourceFile = self.file
        let objectCode: ExprCode = try compile(objectExpr)
        let argCount: Int = args.count
        let key: Value = .str(name)
        return { f in
            let receiver: Value = try objectCode(f)
            if case .object(let o) = receiver, let instance = o as? PyInstance,
               case .value(.function(let fn))? = instance.pyType.lookup(name, interp.registry),
               fn.simpleArity == argCount + 1, instance.dict.count == 0 || (try? instance.dict.get(key)) == nil {
                let frame: Frame = Frame.make(size: fn.code.slotCount, parent: fn.closure)
                let slots: UnsafeMutablePointer<Value?> = frame.slots
                slots[0] = receiver
                for i in 0..<argCount { slots[i + 1] = try args[i].run(f) }
                do { return try fn.run(frame, interp) } catch { throw Compiler.locate(error, range, file, interp) }
            }
            let target: Value
            do { target = try interp.getAttribute(receiver, name) } catch { throw Compiler.locate(error, fnRange, file, interp) }
            if case .function(let fn) = target, fn.simpleArity == argCount {
                let frame: Frame = Frame.make(size: fn.code.slotCount, parent: fn.closure)
                let slots: UnsafeMutablePointer<Value?> = frame.slots
                for i in 0..<argCount { slots[i] = try args[i].run(f) }
                do { return try fn.run(frame, interp) } catch { throw Compiler.locate(error, range, file, interp) }
            }
            var values: [Value] = []
            values.reserveCapacity(argCount)
            for c in args { values.append(try c.run(f)) }
            do { return try interp.call(target, Arguments(values)) } catch { throw Compiler.locate(error, range, file, interp) }
        }
    }

    /// The lazy iterator `for` pulls from, with errors placed at the iterable.
    static func lazyIterator(_ o: PyObject, _ interp: Interpreter, _ range: SourceRange, _ file: SourceFile) throws -> LazyIterator? {
        if let lazy = o as? LazyIterator { return lazy }
        guard o is PyInstance else { return nil }
        do { return try interp.lazyIterator(o) } catch { throw Compiler.locate(error, range, file, interp) }
    }
}

extension Interpreter {
    /// The class a `class` statement makes: checks the bases (only classes whose instances
    /// tcalc can make: object, exceptions, nn modules), computes the C3 MRO and fills the
    /// namespace in definition order.
    func makeClass(_ name: String, qualifiedName: String, bases written: [PyType], namespace: [(String, Value)]) throws -> PyType {
        let bases: [PyType] = written.isEmpty ? [BuiltinTypes.object] : written
        var layout: PyType? = nil
        for b in bases {
            // The nearest class that makes instances must allocate them (not only construct a
            // value, as int and list do).
            guard let maker = b.mro.first(where: { $0.allocate != nil || $0.construct != nil }), maker.allocate != nil else {
                throw PyException.typeError("tcalc cannot subclass '\(b.name)': classes derive from object, exceptions and torch.nn modules")
            }
            // The most basic allocating class decides what kind of native object instances are.
            guard let root = b.mro.last(where: { $0.allocate != nil && $0 !== BuiltinTypes.object }) else { continue }
            if let current = layout, current !== root { throw PyException.typeError("multiple bases have instance lay-out conflict") }
            layout = root
        }
        let linearization: [PyType] = try PyType.linearize(bases)
        let type: PyType = PyType(heapName: name, qualifiedName: "__main__." + qualifiedName, bases: bases, linearization: linearization)
        for (key, value) in namespace { try type.dict.set(.str(key), value) }
        if try type.dict.get(.str("__doc__")) == nil { try type.dict.set(.str("__doc__"), .none) }
        // `__new__` is a static method even when written without the decorator.
        if let n = try type.dict.get(.str("__new__")), case .function = n {
            try type.dict.set(.str("__new__"), .object(StaticMethodObject(n)))
        }
        for (key, value) in namespace where key == "__init_subclass__" || key == "__class_getitem__" {
            if case .function = value { try type.dict.set(.str(key), .object(ClassMethodObject(value))) }
        }
        return type
    }
}
