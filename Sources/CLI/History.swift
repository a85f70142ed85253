import CReadline
import Foundation

/// The REPL's history file: `~/.tcalc_history`, or `$TCALC_HISTORY`. Lines are appended one at
/// a time as they are entered (O_APPEND), so a crash loses at most the line being typed and can
/// never truncate what is there; trimming to `limit` lines writes a new file and renames it over
/// the old one, which is atomic.
///
/// A block typed over several lines is one entry (Up recalls it whole). On disk its lines
/// after the first start with the unit separator (0x1F), a byte no one types, so that a
/// one-line-per-entry reader still sees each line and tcalc joins them back.
struct History {
    static let continuation: Character = "\u{1F}"

    let path: String
    let limit = 10_000

    static func defaultPath() -> String {
        if let custom = ProcessInfo.processInfo.environment["TCALC_HISTORY"], !custom.isEmpty {
            return custom
        }
        return NSHomeDirectory() + "/.tcalc_history"
    }

    init(path: String = History.defaultPath()) { self.path = path }

    /// Loads earlier sessions' lines into readline's in-memory history.
    func load() {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if lines.count > limit {
            lines.removeFirst(lines.count - limit)
            while lines.first?.first == History.continuation { lines.removeFirst() }
            rewrite(lines)
        }
        var entry: String? = nil
        for line in lines {
            if line.first == History.continuation, let e = entry {
                entry = e + "\n" + line.dropFirst()
                continue
            }
            if let e = entry { add_history(e) }
            entry = line
        }
        if let e = entry { add_history(e) }
    }

    /// The entries in memory, oldest first (what `%history` shows).
    func entries() -> [String] {
        var out: [String] = []
        let n = Int(tcalc_history_length())
        for i in 0..<n {
            if let entry = tcalc_history_entry(Int32(i)), let line = entry.pointee.line {
                out.append(String(cString: line))
            }
        }
        return out
    }

    /// Records one entry (a line, or a block's lines joined by newlines), in memory and on disk.
    func append(_ entry: String) {
        var lines = entry.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { return }
        add_history(lines.joined(separator: "\n"))
        let line = lines.enumerated().map { $0.offset == 0 ? $0.element : String(History.continuation) + $0.element }
            .joined(separator: "\n")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }  // an unwritable history never stops the session
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private func rewrite(_ lines: [String]) {
        let temp = path + ".tmp-\(getpid())"
        let body = lines.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: temp, contents: Data(body.utf8),
                                             attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temp, path) != 0 { unlink(temp) }
    }
}
