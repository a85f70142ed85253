import Foundation
import Lang

/// `%time` and `%timeit`, with IPython's algorithm and output: the statement is compiled once
/// (the interpreter's timing interface, no Python source built around it); `%timeit` picks a
/// loop count that takes at least 0.2 s (1, 10, 100, …) unless `-n` gives one, runs it `-r`
/// times (7), and prints the mean and population standard deviation per loop.
enum Timing {
    static func time(_ argument: String, _ shell: Shell) -> Outcome {
        guard !argument.isEmpty else { return Magics.usage("time", "give a statement to time") }
        let body: () throws -> Value?
        do {
            body = try shell.interpreter.compileForTiming(argument, filename: "<%time>")
        } catch {
            return shell.report(error, filename: "<%time>")
        }
        let cpuBefore = cpuTimes()
        let start = DispatchTime.now().uptimeNanoseconds
        let result: Value?
        do {
            result = try body()
        } catch {
            return shell.report(error, filename: "<%time>")
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpuAfter = cpuTimes()
        let user = cpuAfter.user - cpuBefore.user, system = cpuAfter.system - cpuBefore.system
        Console.write("CPU times: user \(format(user)), sys: \(format(system)), total: \(format(user + system))\n")
        Console.write("Wall time: \(format(wall))\n")
        if let result {
            do { try shell.interpreter.display(result) } catch { return shell.report(error, filename: "<%time>") }
        }
        return .completed
    }

    static func timeit(_ argument: String, _ shell: Shell) -> Outcome {
        var words = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var loops: Int? = nil
        var runs = 7
        while let flag = words.first, flag == "-n" || flag == "-r" {
            guard words.count >= 2, let n = Int(words[1]), n >= 1 else {
                return Magics.usage("timeit", "\(flag) needs a positive whole number")
            }
            if flag == "-n" { loops = n } else { runs = n }
            words.removeFirst(2)
        }
        let statement = words.joined(separator: " ")
        guard !statement.isEmpty else { return Magics.usage("timeit", "give a statement to time") }
        let body: () throws -> Value?
        do {
            body = try shell.interpreter.compileForTiming(statement, filename: "<%timeit>")
        } catch {
            return shell.report(error, filename: "<%timeit>")
        }
        func measure(_ n: Int) throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<n {
                // Ctrl-C stops even statements that never reach one of the interpreter's checks.
                if Interpreter.interruptRequested {
                    Interpreter.interruptRequested = false
                    throw Interrupted()
                }
                _ = try body()
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        do {
            let number: Int
            if let loops {
                number = loops
            } else {
                var n = 1
                // IPython's autorange: the first power of ten whose loop takes 0.2 s.
                for exponent in 0..<10 {
                    n = Int(pow(10.0, Double(exponent)))
                    if try measure(n) >= 0.2 { break }
                }
                number = n
            }
            var perLoop: [Double] = []
            for _ in 0..<runs { perLoop.append(try measure(number) / Double(number)) }
            let mean = perLoop.reduce(0, +) / Double(runs)
            let deviation = (perLoop.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(runs)).squareRoot()
            Console.write("\(format(mean)) ± \(format(deviation)) per loop (mean ± std. dev. of \(runs) run\(runs == 1 ? "" : "s"), "
                + "\(grouped(number)) loop\(number == 1 ? "" : "s") each)\n")
            return .completed
        } catch is Interrupted {
            Console.error("KeyboardInterrupt\n")
            return .failed
        } catch {
            return shell.report(error, filename: "<%timeit>")
        }
    }

    private struct Interrupted: Error {}

    /// User and system CPU seconds of the whole process so far.
    static func cpuTimes() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// IPython's `_format_time`: three significant digits in s, ms, µs or ns; a minute or more
    /// as `1min 3s`.
    static func format(_ seconds: Double) -> String {
        if seconds >= 60 {
            var rest = seconds
            var parts: [String] = []
            for (suffix, length) in [("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0)] {
                let value = (rest / length).rounded(.down)
                if value > 0 {
                    parts.append("\(Int(value))\(suffix)")
                    rest -= value * length
                }
            }
            return parts.joined(separator: " ")
        }
        let units = ["s", "ms", "µs", "ns"]
        // Python's `-(floor(log10(t)) // 3)`, capped at nanoseconds.
        let order = seconds > 0 ? max(0, min(-Int((log10(seconds) / 3).rounded(.down)), 3)) : 3
        let scaled = seconds * pow(1000.0, Double(order))
        return String(format: "%.3g ", scaled) + units[order]
    }

    /// 1000000 as `1,000,000`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}
