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
        // Signals go to a thread that does not block them: block SIGINT here so that Ctrl-C
        // reaches the session thread, interrupting its poll() at the prompt.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_BLOCK, &interrupt, nil)
        done.wait()
        return result
    }
}
