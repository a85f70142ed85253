import Foundation
import Lang

/// SIGINT handling for the interactive session. The handler only sets flags and writes one
/// byte to a pipe (the self-pipe trick): the prompt loop polls that pipe beside stdin, so Ctrl-C
/// wakes it whichever thread the signal was delivered to; a running computation sees
/// `Interpreter.interruptRequested` at its next loop iteration or call and raises
/// KeyboardInterrupt.
enum Signals {
    nonisolated(unsafe) static var interruptPending = false
    nonisolated(unsafe) static var wakeRead: Int32 = -1
    nonisolated(unsafe) static var wakeWrite: Int32 = -1

    static func installInterruptHandler() {
        if wakeRead < 0 {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {
                wakeRead = fds[0]
                wakeWrite = fds[1]
                _ = fcntl(wakeRead, F_SETFL, O_NONBLOCK)
                _ = fcntl(wakeWrite, F_SETFL, O_NONBLOCK)
            }
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Signals.interruptPending = true
            Interpreter.interruptRequested = true
            if Signals.wakeWrite >= 0 {
                var byte: UInt8 = 1
                _ = write(Signals.wakeWrite, &byte, 1)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll() should return EINTR when this thread gets it
        sigaction(SIGINT, &action, nil)
    }

    /// Empties the wake-up pipe after an interrupt has been handled.
    static func drainWakePipe() {
        guard wakeRead >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
