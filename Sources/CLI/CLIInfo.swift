import Foundation

/// Facts about the program the executable target needs.
public enum CLIInfo {
    public static let version = REPL.version

    /// Runs `body` on a thread with a 512 MiB stack and waits for it.
    public static func runOnLargeStack(_ body: @escaping () -> ExitStatus) -> ExitStatus {
        nonisolated(unsafe) var result = ExitStatus.success
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
        return result
    }
}
