import CReadline
import Foundation

/// The REPL's history file: `~/.tcalc_history`, or `$TCALC_HISTORY`. Lines are appended one at
/// a time as they are entered (O_APPEND), so a crash loses at most the line being typed and can
/// never truncate what is there; trimming to `limit` lines writes a new file and renames it over
/// the old one, which is atomic.
struct History {
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
            rewrite(lines)
        }
        for line in lines { add_history(line) }
    }

    /// Records one entered line, in memory and on disk.
    func append(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(line)
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
