import Foundation
import XCTest

/// Runs the built `tcalc` binary as a user would.
enum TCalcBinary {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$TCALC_BIN`, else the `tcalc` beside the test bundle (both live in the build products dir).
    static let path: String = {
        if let custom = ProcessInfo.processInfo.environment["TCALC_BIN"] { return custom }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("tcalc").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/tcalc").path
    }()

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs tcalc with `arguments`, feeding `stdin` through a pipe. A run over `timeout` seconds
    /// is killed and reported as status -1, so a hang fails the test instead of stalling CI.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                    directory: URL? = nil, timeout: TimeInterval = 20) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["TCALC_HISTORY"] = env["TCALC_HISTORY"] ?? "/dev/null"
        // Set here, the binary skips its start-up re-exec that sets it (see CrashReport.swift).
        env["SWIFT_BACKTRACE"] = env["SWIFT_BACKTRACE"] ?? "interactive=no,threads=crashed,registers=none,images=none,limit=16"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both streams concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try? input.fileHandleForWriting.close()  // the child may already have exited; nothing to report
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2000) }
        var timedOut = false
        // SIGKILL, not terminate(): a child spawned from a dispatch worker inherits its blocked
        // signal mask, SIGTERM included, and a hung one would outlive the test.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); timedOut = true }
        process.waitUntilExit()
        group.wait()
        return Result(stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      status: timedOut ? -1 : process.terminationStatus)
    }
}
