import Foundation

/// Python's `time` module, the part that timing code uses (d2l's `Timer` calls `time.time()`).
enum TimeModule {
    static func register(_ r: BuiltinRegistry) {
        r.declareModule("time", doc: "Clocks and sleeping.")
        r.add(["time.time"], "time()", doc: "Seconds since the Unix epoch, as a float.") { _ in
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            return .float(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
        }
        r.add(["time.perf_counter", "time.monotonic"], "perf_counter()",
              doc: "Seconds on a monotonic clock with the best resolution; only differences mean anything.") { _ in
            .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        }
        r.add(["time.perf_counter_ns", "time.monotonic_ns"], "perf_counter_ns()",
              doc: "perf_counter() as an int of nanoseconds.") { _ in
            .int(Int(DispatchTime.now().uptimeNanoseconds))
        }
        r.add(["time.sleep"], "sleep(secs, /)", doc: "Waits `secs` seconds; Ctrl-C stops the wait.") { a in
            let seconds: Double = try MathModule.mathArg(a, "secs")
            if seconds.isNaN { throw PyException.valueError("Invalid value NaN (not a number)") }
            if seconds < 0 { throw PyException.valueError("sleep length must be non-negative") }
            let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(min(seconds, 1e9) * 1e9)
            // Short naps, so that an interrupt is seen within 10 ms.
            while DispatchTime.now().uptimeNanoseconds < deadline {
                try a.interp.checkInterrupt()
                let left = deadline - DispatchTime.now().uptimeNanoseconds
                usleep(useconds_t(min(left / 1000, 10_000)))
            }
            return .none
        }
    }
}
