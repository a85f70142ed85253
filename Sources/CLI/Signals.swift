import Foundation
import Lang

/// SIGINT handling for the interactive session. The handler only sets flags: the prompt loop
/// sees `interruptPending`; a running computation sees `Interpreter.interruptRequested` at its
/// next loop iteration or call and raises KeyboardInterrupt.
enum Signals {
    nonisolated(unsafe) static var interruptPending = false

    static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Signals.interruptPending = true
            Interpreter.interruptRequested = true
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll() must return EINTR
        sigaction(SIGINT, &action, nil)
    }
}
