import Autograd
import Foundation
import Lang
import TensorCore

// tcalc's libFuzzer target (built and run by scripts/fuzz; never part of the normal build).
//
// Each input is a program: its bytes go through the lexer, parser, compiler and interpreter of
// a fresh session, under small limits so that a slow input is an interrupted one, not a hang
// (time per input, allocation cap, sequence cap, recursion). What counts as a finding is what
// libFuzzer and AddressSanitizer report: a Swift trap (SIGILL/SIGTRAP), a signal, a sanitizer
// report, a leak, an input over libFuzzer's -timeout or -rss_limit_mb. A Python exception is
// the expected outcome for most inputs and is not a finding.

/// Limits for one input; loose enough for every seed program to run to completion.
enum FuzzLimits {
    static let allocationBytes = 64 << 20
    static let sequenceLength = 1 << 24
    static let recursionLimit = 200
    static let millisecondsPerInput = 1500
}

/// Sets `Interpreter.interruptRequested` once an input has run past its time: every loop and
/// call checks the flag, so a slow program ends in KeyboardInterrupt, which is no finding.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: UInt64 = .max
    private var generation = 0

    init() {
        let thread = Thread { [unowned self] in
            while true {
                usleep(20_000)
                self.lock.lock()
                let due = DispatchTime.now().uptimeNanoseconds > self.deadline
                self.lock.unlock()
                if due { Interpreter.interruptRequested = true }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func arm(milliseconds: Int) {
        lock.lock()
        deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        deadline = .max
        lock.unlock()
        Interpreter.interruptRequested = false
    }
}

enum FuzzHarness {
    nonisolated(unsafe) static var watchdog: Watchdog? = nil
    nonisolated(unsafe) static var registry: BuiltinRegistry? = nil

    /// The standard table with the calls that would reach outside one input replaced: the memory
    /// limit stays the fuzzer's, and nothing sleeps or exits the process.
    static func makeRegistry() -> BuiltinRegistry {
        let r = BuiltinRegistry.standard
        r.add(["torch.set_memory_limit"], "set_memory_limit(bytes)", doc: "fuzzing: ignored") { _ in .none }
        return r
    }

    /// Process-wide settings a previous input may have changed, back to their defaults.
    static func resetGlobals() {
        Storage.allocationLimit = FuzzLimits.allocationBytes
        Interpreter.maxSequenceLength = FuzzLimits.sequenceLength
        PrintOptions.current = PrintOptions()
        DTypeDefaults.floating = .float32
        GradMode.isEnabled = true
        Interpreter.interruptRequested = false
    }

    static func run(_ source: String) {
        if watchdog == nil { watchdog = Watchdog() }
        if registry == nil { registry = makeRegistry() }
        resetGlobals()
        let interp = Interpreter(output: { _ in }, registry: registry!)
        interp.errorOutput = { _ in }
        interp.readLine = { _ in nil }
        interp.recursionLimit = FuzzLimits.recursionLimit
        watchdog!.arm(milliseconds: FuzzLimits.millisecondsPerInput)
        defer { watchdog!.disarm() }
        // Line by line as the REPL would, then the whole text as a script: both paths.
        do { try interp.run(source, filename: "<fuzz>") } catch {}
        _ = interp.isComplete(source)
        _ = interp.completions(for: String(source.suffix(12)))
    }
}

/// Runs inputs on one thread with tcalc's own 512 MiB interpreter stack (as the CLI does), so
/// that recursion ends in RecursionError at the limit rather than at the fuzzer's 8 MiB main
/// stack, which ASan's larger frames would reach first.
final class LargeStackWorker: @unchecked Sendable {
    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var job: String = ""

    init() {
        let thread = Thread { [unowned self] in
            while true {
                self.start.wait()
                FuzzHarness.run(self.job)
                self.done.signal()
            }
        }
        thread.stackSize = 512 << 20
        thread.start()
    }

    func run(_ source: String) {
        job = source
        start.signal()
        done.wait()
    }
}

nonisolated(unsafe) private var worker: LargeStackWorker? = nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // Invalid UTF-8 is what the CLI refuses before the interpreter sees it; repair it instead
    // so that the bytes still exercise the lexer.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if worker == nil { worker = LargeStackWorker() }
    worker!.run(text)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func libFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// SwiftPM links an executable target's entry point as `main=<target>_main`; this one hands the
/// process to libFuzzer's driver (whose own `main` is then not linked).
@_cdecl("tcalc_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments = argv
    return libFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}
