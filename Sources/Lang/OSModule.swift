import Foundation

/// Python's `os` module, the file-system half: directories, removing and renaming files, the
/// working directory and the environment. tcalc runs no programs, so `os.system`, `popen`,
/// `exec*`, `spawn*`, `fork` and `kill` are AttributeErrors that say so, and importing
/// `subprocess` or `multiprocessing` is refused the same way. Each system call sits in one small
/// function here and turns a failure into the errno's OSError subclass, naming the path.
enum OSModule {
    static let noPrograms: String = "tcalc runs no programs (it reads and writes files, but never starts processes)"

    static func register(_ r: BuiltinRegistry) {
        let os: ModuleObject = r.declareModule("os", doc: "Files and directories, the working directory and the environment (no processes).")
        for name in ["system", "popen", "fork", "forkpty", "kill", "killpg", "posix_spawn", "posix_spawnp", "startfile",
                     "execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe",
                     "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"] {
            os.refusedAttributes[name] = noPrograms
        }
        for name in ["subprocess", "multiprocessing"] { r.refusedModules[name] = noPrograms }
        r.setConstant("os.sep", .str("/"))
        r.setConstant("os.altsep", .none)
        r.setConstant("os.linesep", .str("\n"))
        r.setConstant("os.pathsep", .str(":"))
        r.setConstant("os.curdir", .str("."))
        r.setConstant("os.pardir", .str(".."))
        r.setConstant("os.extsep", .str("."))
        r.setConstant("os.devnull", .str("/dev/null"))
        r.setConstant("os.name", .str("posix"))
        r.setConstant("os.environ", .object(Environ()))
        r.registerType(PyType("_Environ", qualifiedName: "os._Environ"))
        registerDirectories(r)
        registerEnvironment(r)
        OSPath.register(r)
    }

    /// A path argument: a str, or Python's TypeError.
    static func path(_ a: BoundArguments, _ name: String) throws -> String {
        guard case .str(let s) = a[name] else {
            throw PyException.typeError("expected str, bytes or os.PathLike object, not \(a[name].typeName)")
        }
        if s.utf8.contains(0) { throw PyException.valueError("embedded null byte") }
        return s
    }

    /// Runs a system call that returns -1 on failure, raising the OSError for `path`.
    static func check(_ result: Int32, _ path: String, _ path2: String? = nil) throws {
        if result < 0 { throw PyException.os(path: path, path2: path2) }
    }

    static func registerDirectories(_ r: BuiltinRegistry) {
        r.add(["os.getcwd"], "getcwd()", doc: "The current working directory.") { _ in .str(try currentDirectory()) }
        r.add(["os.chdir"], "chdir(path)", doc: "Changes the working directory (relative paths, open() and read_csv follow it).") { a in
            let p: String = try path(a, "path")
            try check(Glibc.chdir(p), p)
            return .none
        }
        r.add(["os.listdir"], "listdir(path='.')", doc: "The names in a directory (not '.' or '..'), in the order the file system gives them.") { a in
            .list(PyList(try listDirectory(try path(a, "path")).map { .str($0) }))
        }
        r.add(["os.mkdir"], "mkdir(path, mode=511)", doc: "Creates one directory (its parent must exist).") { a in
            let p: String = try path(a, "path")
            try check(Glibc.mkdir(p, mode_t(try a.int("mode"))), p)
            return .none
        }
        r.add(["os.makedirs"], "makedirs(name, mode=511, exist_ok=False)", doc: "Creates a directory and any missing parents; exist_ok=True accepts one that exists.") { a in
            try makeDirectories(try path(a, "name"), mode: mode_t(try a.int("mode")), existOK: try a.interp.truthy(a["exist_ok"]))
            return .none
        }
        r.add(["os.remove", "os.unlink"], "remove(path)", doc: "Deletes a file (not a directory: see rmdir).") { a in
            let p: String = try path(a, "path")
            try check(Glibc.unlink(p), p)
            return .none
        }
        r.add(["os.rmdir"], "rmdir(path)", doc: "Deletes an empty directory.") { a in
            let p: String = try path(a, "path")
            try check(Glibc.rmdir(p), p)
            return .none
        }
        r.add(["os.rename", "os.replace"], "rename(src, dst)", doc: "Renames (moves) a file or directory, replacing a file at dst.") { a in
            let src: String = try path(a, "src"), dst: String = try path(a, "dst")
            try check(Glibc.rename(src, dst), src, dst)
            return .none
        }
        r.add(["os.walk"], "walk(top, topdown=True)", doc: "(dirpath, dirnames, filenames) for top and every directory below it.") { a in
            var out: [Value] = []
            try walk(try path(a, "top"), topDown: try a.interp.truthy(a["topdown"]), into: &out, a.interp)
            return .object(PyIterator("generator", out))
        }
        r.add(["os.cpu_count"], "cpu_count()", doc: "The number of processors in the machine.") { _ in
            .int(ProcessInfo.processInfo.processorCount)
        }
    }

    static func currentDirectory() throws -> String {
        var buffer: [CChar] = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { throw PyException.os() }
        return String(cString: buffer)
    }

    static func listDirectory(_ p: String) throws -> [String] {
        guard let dir = opendir(p) else { throw PyException.os(path: p) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name: String = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `os.makedirs`, as CPython's: parents first, then the leaf; an existing leaf is an
    /// error unless `existOK` and it is a directory.
    static func makeDirectories(_ name: String, mode: mode_t, existOK: Bool) throws {
        var (head, tail) = OSPath.split(name)
        if tail.isEmpty { (head, tail) = OSPath.split(head) }
        if !head.isEmpty && !tail.isEmpty && !OSPath.exists(head) {
            do {
                try makeDirectories(head, mode: mode, existOK: existOK)
            } catch let e as PyException where e.exception.type === ExceptionTypes.fileExistsError {
                // A parent made meanwhile is fine.
            }
            if tail == "." { return }
        }
        if Glibc.mkdir(name, mode) < 0 {
            let code: Int32 = errno
            if !existOK || !OSPath.isDirectory(name) { throw PyException.os(code, path: name) }
        }
    }

    static func walk(_ top: String, topDown: Bool, into out: inout [Value], _ interp: Interpreter) throws {
        try interp.checkInterrupt()
        guard let names = try? listDirectory(top) else { return }  // os.walk ignores unreadable directories
        var dirs: [String] = [], files: [String] = []
        for n in names {
            if OSPath.isDirectory(OSPath.join(top, n)) { dirs.append(n) } else { files.append(n) }
        }
        let entry: Value = .tuple([.str(top), .list(PyList(dirs.map { .str($0) })), .list(PyList(files.map { .str($0) }))])
        if topDown { out.append(entry) }
        for d in dirs {
            let sub: String = OSPath.join(top, d)
            if !OSPath.isLink(sub) { try walk(sub, topDown: topDown, into: &out, interp) }
        }
        if !topDown { out.append(entry) }
    }

    static func registerEnvironment(_ r: BuiltinRegistry) {
        r.add(["os.getenv"], "getenv(key, default=None)", doc: "The environment variable's value, or default when it is not set.") { a in
            let key: String = try a.string("key")
            guard let v = getenv(key) else { return a["default"] }
            return .str(String(cString: v))
        }
        func env(_ a: BoundArguments) throws -> Environ {
            guard case .object(let o) = a["self"], let e = o as? Environ else { throw PyException.typeError("expected os.environ") }
            return e
        }
        r.add(["_Environ.get"], "get(self, key, default=None, /)", doc: "The variable's value, or default when it is not set.") { a in
            try env(a).value(a["key"]) ?? a["default"]
        }
        r.add(["_Environ.keys"], "keys(self)", doc: "The variables' names.") { a in
            .list(PyList(Environ.entries().map { .str($0.0) }))
        }
        r.add(["_Environ.values"], "values(self)", doc: "The variables' values.") { a in
            .list(PyList(Environ.entries().map { .str($0.1) }))
        }
        r.add(["_Environ.items"], "items(self)", doc: "(name, value) pairs.") { a in
            .list(PyList(Environ.entries().map { .tuple([.str($0.0), .str($0.1)]) }))
        }
        r.add(["_Environ.copy"], "copy(self)", doc: "The environment as a dict.") { a in
            let d: PyDict = PyDict()
            for (k, v) in Environ.entries() { try d.set(.str(k), .str(v)) }
            return .dict(d)
        }
        r.add(["_Environ.setdefault"], "setdefault(self, key, default, /)", doc: "The variable's value, setting it to default first when it is not set.") { a in
            let e: Environ = try env(a)
            if let v = try e.value(a["key"]) { return v }
            try e.setItem(a["key"], a["default"], a.interp)
            return a["default"]
        }
        r.add(["_Environ.pop"], "pop(self, key, *default)", doc: "Removes the variable and returns its value (default, or KeyError, when it is not set).") { a in
            let e: Environ = try env(a)
            if let v = try e.value(a["key"]) {
                try e.deleteItem(a["key"], a.interp)
                return v
            }
            if let d = a.varArgs.first { return d }
            throw PyException.keyError(a["key"])
        }
    }
}

/// `os.environ`: the process environment as a mapping (reads and writes go to the real
/// environment, so values set here are what `os.getenv` sees).
final class Environ: PyObject {
    var typeName: String { "_Environ" }

    static func entries() -> [(String, String)] {
        var out: [(String, String)] = []
        var p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let entry = p?.pointee {
            let text: String = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                out.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
            }
            p = p! + 1
        }
        return out
    }

    func key(_ k: Value) throws -> String {
        guard case .str(let s) = k else { throw PyException.typeError("str expected, not \(k.typeName)") }
        return s
    }
    func value(_ k: Value) throws -> Value? {
        guard case .str(let s) = k, let v = getenv(s) else { return nil }
        return .str(String(cString: v))
    }

    func repr(_ interp: Interpreter) throws -> String {
        let d: PyDict = PyDict()
        for (k, v) in Environ.entries() { try d.set(.str(k), .str(v)) }
        return "environ(\(try interp.repr(.dict(d))))"
    }
    func getItem(_ k: Value, _ interp: Interpreter) throws -> Value {
        guard let v = try value(k) else { throw PyException.keyError(k) }
        return v
    }
    func setItem(_ k: Value, _ v: Value, _ interp: Interpreter) throws {
        let name: String = try key(k)
        guard case .str(let text) = v else { throw PyException.typeError("str expected, not \(v.typeName)") }
        if name.isEmpty || name.contains("=") || name.utf8.contains(0) || text.utf8.contains(0) {
            throw PyException.valueError("illegal environment variable name")
        }
        setenv(name, text, 1)
    }
    func deleteItem(_ k: Value, _ interp: Interpreter) throws {
        guard try value(k) != nil else { throw PyException.keyError(k) }
        unsetenv(try key(k))
    }
    func contains(_ other: Value, _ interp: Interpreter) throws -> Bool? { try value(other) != nil }
    func length(_ interp: Interpreter) throws -> Int? { Environ.entries().count }
    func iterate(_ interp: Interpreter) throws -> [Value]? { Environ.entries().map { .str($0.0) } }
}
