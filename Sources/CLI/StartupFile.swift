import Foundation

/// The start-up file run before the first prompt: `$TCALC_RC`, else `~/.tcalcrc` (imports,
/// `torch.set_printoptions`, helper functions). `--norc` skips it. An error in it is reported
/// with its place and the session still starts; `exit()` in it ends the session.
enum StartupFile {
    /// The file to run, or nil when there is none (`TCALC_RC=` set empty means none).
    static func path() -> String? {
        if let custom = ProcessInfo.processInfo.environment["TCALC_RC"] {
            return custom.isEmpty ? nil : custom
        }
        let home = NSHomeDirectory() + "/.tcalcrc"
        return FileManager.default.fileExists(atPath: home) ? home : nil
    }

    /// Runs the file in the session; returns a status only when it asked to leave.
    static func run(_ path: String, in shell: Shell) -> ExitStatus? {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("tcalc: can't read start-up file '\(path)'; starting without it\n")
            return nil
        }
        guard let source = String(data: data, encoding: .utf8) else {
            Console.error("tcalc: start-up file '\(path)' is not valid UTF-8; starting without it\n")
            return nil
        }
        switch shell.runScript(source, filename: path) {
        case .completed: return nil
        case .failed:
            Console.error("tcalc: the start-up file stopped at that error; the session starts anyway (--norc skips it)\n")
            return nil
        case .exited(let status): return status
        }
    }
}
