import Foundation

/// What happens when tcalc itself crashes (a Swift trap or a stray signal: a bug, never a
/// Python error). Swift's backtracer would print a long report and, at a terminal, wait 30 s
/// for a key before the process ends; a calculator should say so in one line and exit at once.
///
/// The runtime reads `SWIFT_BACKTRACE` in a static initialiser, before `main` runs, so setting
/// it from inside the process is too late: `CrashReport.reexecWithQuietBacktracer()` re-executes
/// the binary once with the variable set (the variable itself is the guard against a loop), and
/// `CrashReport.install()` then catches the fatal signals and writes one line.
enum CrashReport {
    /// The setting tcalc runs under: never wait for a key. The runtime stays "enabled" so that it
    /// does not print its own stack trace before trapping; `install()` then replaces its
    /// handler with the one-line report.
    static let backtraceSetting = "interactive=no,threads=crashed,registers=none,images=none,limit=16"

    /// Re-executes this binary with `SWIFT_BACKTRACE` set when it is not yet set. A user's own
    /// `SWIFT_BACKTRACE` (say, `enable=yes` to debug a crash) is respected. When the binary
    /// cannot be re-executed the process simply goes on with the default.
    static func reexecWithQuietBacktracer() {
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        setenv("SWIFT_BACKTRACE", backtraceSetting, 1)
        #if os(Linux)
        // execv returns only on failure; CommandLine.unsafeArgv is NULL-terminated.
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }

    /// Fatal signals a crash raises. SIGINT is the REPL's and SIGPIPE is ignored elsewhere.
    private static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// The message, allocated once up front: the handler may only call async-signal-safe code.
    nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) private static var messageLength: Int = 0

    /// Installs the one-line report for the fatal signals, on an alternate stack so that a stack
    /// overflow can still be reported.
    static func install() {
        let text = "tcalc: internal error (a bug in tcalc, not in your program): the session ended. "
            + "Please report the input that caused it.\n"
        message = strdup(text)
        messageLength = text.utf8.count
        useAlternateStack()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            if let m = CrashReport.message { _ = write(STDERR_FILENO, m, CrashReport.messageLength) }
            // Back to the default action and re-raise: the exit status still names the signal.
            signal(sig, SIG_DFL)
            raise(sig)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
        for sig in fatalSignals { sigaction(sig, &action, nil) }
    }

    /// Gives the calling thread an alternate signal stack (each thread needs its own; the
    /// interpreter's large-stack thread calls this too, since deep recursion overflows there).
    static func useAlternateStack() {
        let altSize = 1 << 16
        var alt = stack_t()
        alt.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: altSize, alignment: 16)
        alt.ss_size = altSize
        alt.ss_flags = 0
        sigaltstack(&alt, nil)
    }
}
