import Foundation

/// `os.path`, with CPython's posixpath rules (`join('a', '/abs')` restarts at the absolute
/// part, `splitext` ignores leading dots, `normpath` keeps exactly two leading slashes). The
/// string functions work on UTF-8 bytes: '/' and '.' never occur inside a multi-byte character.
enum OSPath {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("os.path", doc: "Path names: joining, splitting, testing what exists.")
        func text(_ a: BoundArguments, _ name: String) throws -> String { try OSModule.path(a, name) }
        r.add(["os.path.join"], "join(a, *p)", doc: "Joins path parts with '/'; an absolute part discards what came before it.") { a in
            var parts: [String] = []
            for v in [a["a"]] + a.varArgs {
                guard case .str(let s) = v else {
                    if a.varArgs.isEmpty { throw PyException.typeError("expected str, bytes or os.PathLike object, not \(v.typeName)") }
                    throw PyException.typeError("join() argument must be str, bytes, or os.PathLike object, not '\(v.typeName)'")
                }
                parts.append(s)
            }
            return .str(parts.dropFirst().reduce(parts[0]) { join($0, $1) })
        }
        r.add(["os.path.split"], "split(p)", doc: "(head, tail): the directory part and the last component.") { a in
            let (head, tail) = split(try text(a, "p"))
            return .tuple([.str(head), .str(tail)])
        }
        r.add(["os.path.basename"], "basename(p)", doc: "The last component of a path ('' when it ends with '/').") { a in
            .str(split(try text(a, "p")).1)
        }
        r.add(["os.path.dirname"], "dirname(p)", doc: "The directory part of a path.") { a in
            .str(split(try text(a, "p")).0)
        }
        r.add(["os.path.splitext"], "splitext(p)", doc: "(root, ext): ext is the last '.suffix' of the last component, or ''.") { a in
            let (root, ext) = splitExtension(try text(a, "p"))
            return .tuple([.str(root), .str(ext)])
        }
        r.add(["os.path.exists"], "exists(path)", doc: "Whether the path names an existing file or directory.") { a in
            guard case .str(let p) = a["path"] else { return .bool(false) }
            return .bool(exists(p))
        }
        r.add(["os.path.isfile"], "isfile(path)", doc: "Whether the path is an existing regular file.") { a in
            guard case .str(let p) = a["path"] else { return .bool(false) }
            return .bool(fileType(p) == S_IFREG)
        }
        r.add(["os.path.isdir"], "isdir(s)", doc: "Whether the path is an existing directory.") { a in
            guard case .str(let p) = a["s"] else { return .bool(false) }
            return .bool(isDirectory(p))
        }
        r.add(["os.path.islink"], "islink(path)", doc: "Whether the path is a symbolic link.") { a in
            guard case .str(let p) = a["path"] else { return .bool(false) }
            return .bool(isLink(p))
        }
        r.add(["os.path.isabs"], "isabs(s)", doc: "Whether the path starts with '/'.") { a in .bool(try text(a, "s").hasPrefix("/")) }
        r.add(["os.path.getsize"], "getsize(filename)", doc: "The file's size in bytes.") { a in
            .int(Int(try status(try text(a, "filename")).st_size))
        }
        r.add(["os.path.getmtime"], "getmtime(filename)", doc: "When the file was last modified, in seconds since the epoch.") { a in
            let s: stat = try status(try text(a, "filename"))
            return .float(Double(s.st_mtim.tv_sec) + Double(s.st_mtim.tv_nsec) / 1e9)
        }
        r.add(["os.path.normpath"], "normpath(path)", doc: "The path with '.', '..' and repeated '/' folded away (purely textual).") { a in
            .str(normalize(try text(a, "path")))
        }
        r.add(["os.path.abspath"], "abspath(path)", doc: "The absolute, normalized path.") { a in
            .str(try absolute(try text(a, "path")))
        }
        r.add(["os.path.realpath"], "realpath(filename)", doc: "The absolute path with symbolic links resolved.") { a in
            let p: String = try text(a, "filename")
            guard let resolved = Glibc.realpath(p, nil) else { return .str(try absolute(p)) }
            defer { free(resolved) }
            return .str(String(cString: resolved))
        }
        r.add(["os.path.relpath"], "relpath(path, start=None)", doc: "The path relative to start (the working directory by default).") { a in
            let p: String = try text(a, "path")
            if p.isEmpty { throw PyException.valueError("no path specified") }
            let start: String = a["start"].isNone ? "." : try text(a, "start")
            let from: [Substring] = try absolute(start).split(separator: "/")
            let to: [Substring] = try absolute(p).split(separator: "/")
            var common: Int = 0
            while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
            let parts: [String] = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
            return .str(parts.isEmpty ? "." : parts.joined(separator: "/"))
        }
        r.add(["os.path.expanduser"], "expanduser(path)", doc: "The path with a leading '~' or '~user' replaced by that home directory.") { a in
            .str(expandUser(try text(a, "path")))
        }
    }

    // MARK: string rules (posixpath)

    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a.hasSuffix("/") { return a + b }
        return a + "/" + b
    }

    /// (head, tail) around the last '/', with trailing slashes stripped from a head that is
    /// not all slashes.
    static func split(_ p: String) -> (String, String) {
        let bytes: [UInt8] = Array(p.utf8)
        let cut: Int = (bytes.lastIndex(of: 0x2F) ?? -1) + 1
        var head: ArraySlice<UInt8> = bytes[0..<cut]
        let tail: ArraySlice<UInt8> = bytes[cut...]
        if !head.isEmpty && head.contains(where: { $0 != 0x2F }) {
            while head.last == 0x2F { head.removeLast() }
        }
        return (String(decoding: head, as: UTF8.self), String(decoding: tail, as: UTF8.self))
    }

    static func splitExtension(_ p: String) -> (String, String) {
        let bytes: [UInt8] = Array(p.utf8)
        let sep: Int = bytes.lastIndex(of: 0x2F) ?? -1
        guard let dot = bytes.lastIndex(of: 0x2E), dot > sep else { return (p, "") }
        // Leading dots of the name ('.bashrc') do not start an extension.
        if bytes[(sep + 1)..<dot].contains(where: { $0 != 0x2E }) {
            return (String(decoding: bytes[..<dot], as: UTF8.self), String(decoding: bytes[dot...], as: UTF8.self))
        }
        return (p, "")
    }

    static func normalize(_ path: String) -> String {
        if path.isEmpty { return "." }
        var initialSlashes: Int = path.hasPrefix("/") ? 1 : 0
        if path.hasPrefix("//") && !path.hasPrefix("///") { initialSlashes = 2 }
        var parts: [Substring] = []
        for comp in path.split(separator: "/", omittingEmptySubsequences: false) {
            if comp.isEmpty || comp == "." { continue }
            if comp != ".." || (initialSlashes == 0 && parts.isEmpty) || parts.last == ".." {
                parts.append(comp)
            } else if !parts.isEmpty {
                parts.removeLast()
            }
        }
        let joined: String = String(repeating: "/", count: initialSlashes) + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    static func absolute(_ p: String) throws -> String {
        normalize(p.hasPrefix("/") ? p : join(try OSModule.currentDirectory(), p))
    }

    static func expandUser(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let end: String.Index = path.dropFirst().firstIndex(of: "/") ?? path.endIndex
        let user: String = String(path[path.index(after: path.startIndex)..<end])
        var home: String
        if user.isEmpty {
            if let h = getenv("HOME") {
                home = String(cString: h)
            } else if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir {
                home = String(cString: dir)
            } else {
                return path
            }
        } else {
            guard let pw = getpwnam(user), let dir = pw.pointee.pw_dir else { return path }
            home = String(cString: dir)
        }
        while home.hasSuffix("/") { home.removeLast() }
        let result: String = home + path[end...]
        return result.isEmpty ? "/" : result
    }

    // MARK: the file system

    static func status(_ p: String) throws -> stat {
        var s: stat = stat()
        if fstatat(AT_FDCWD, p, &s, 0) < 0 { throw PyException.os(path: p) }
        return s
    }

    /// `S_IFREG`, `S_IFDIR`, … of what the path names (following links); nil when nothing.
    static func fileType(_ p: String) -> mode_t? {
        var s: stat = stat()
        if fstatat(AT_FDCWD, p, &s, 0) < 0 { return nil }
        return s.st_mode & S_IFMT
    }

    static func exists(_ p: String) -> Bool { fileType(p) != nil }
    static func isDirectory(_ p: String) -> Bool { fileType(p) == S_IFDIR }
    static func isLink(_ p: String) -> Bool {
        var s: stat = stat()
        return lstat(p, &s) == 0 && (s.st_mode & S_IFMT) == S_IFLNK
    }
}
