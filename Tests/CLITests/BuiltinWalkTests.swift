import Foundation
import Lang
import XCTest

/// Every builtin in the table, fed bad arguments (issue 18): no arguments, too many, None, a
/// string, a list, 0-d, empty and integer tensors, a huge and a negative integer, NaN and
/// infinity, alone and after a tensor. Each call must return or raise a Python exception; none
/// may trap, hang or leave the session broken.
///
/// The table is read when the test runs, so builtins added later are walked too. A trap would
/// kill the test process, so the calls run in the built `tcalc` binary, in batches, each call
/// in `try`/`except BaseException`; a batch that dies, times out or does not reach its last
/// line is re-run one call per process to name the calls that fail.
final class BuiltinWalkTests: XCTestCase {
    /// Calls never made, and why.
    static let skipped: [String: String] = [
        "exit": "ends the process by design",
        "quit": "ends the process by design",
        "sys.exit": "ends the process by design",
        "input": "reads the terminal",
        "time.sleep": "sleeps (interruptible; a sleep of 2**62 s is a hang only to a test)",
        "breakpoint": "enters a debugger",
    ]

    /// Receivers for methods, by the owner name they are registered under (`Tensor.roll`).
    static let receivers: [String: [String]] = [
        "Tensor": ["torch.tensor(1.5)", "torch.zeros(0)", "torch.tensor([1, 2])", "torch.ones(2, 3)"],
        "str": ["'ab c'"],
        "list": ["[3, 1, 2]"],
        "dict": ["{'a': 1}"],
        "set": ["{1, 2}"],
        "tuple": ["(1, 2)"],
        "int": ["7"],
        "float": ["2.5"],
        "DataFrame": ["pandas.DataFrame({'a': [1, 2], 'b': [3.0, 4.0]})"],
        "Series": ["pandas.Series([1.0, 2.0])"],
        "generator": ["(i for i in range(3))"],
        "Size": ["torch.Size([2, 3])"],
        "dtype": ["torch.float32"],
    ]

    /// Bad values passed alone or after a tensor.
    static let badValues = ["None", "'s'", "[1, 2]", "torch.tensor(1.5)", "torch.zeros(0)", "torch.tensor([1, 2])",
                            "2**62", "-1", "float('nan')", "float('inf')"]
    static let tensors = ["torch.tensor(1.5)", "torch.zeros(0)", "torch.tensor([1, 2])"]

    /// State a call may change on purpose, put back after every call so the next starts equal.
    static let reset = "torch.set_printoptions(profile='default'); torch.set_default_dtype(torch.float32); "
        + "_ = torch.set_grad_enabled(True); torch.set_memory_limit(2**30)"

    /// `TCALC_WALK=full` pairs every tensor with every bad value and uses every receiver (about
    /// 65,000 calls, 5 minutes on two cores); the default covers every builtin with the calls
    /// that found bugs (no arguments, too many, each bad value alone, a 0-d or empty tensor with
    /// a dim), in about a third of the time.
    static let full = ProcessInfo.processInfo.environment["TCALC_WALK"] == "full"
    /// The walk takes minutes of CPU (tens of thousands of calls through the debug binary),
    /// more than the whole rest of the suite, so it runs when asked: TCALC_WALK=quick or full.
    static let enabled = ProcessInfo.processInfo.environment["TCALC_WALK"] != nil

    /// The calls for one builtin reached as `callee` (`torch.roll`, `torch.tensor(1.5).roll`).
    static func calls(_ callee: String, isMethod: Bool) -> [String] {
        var out = ["\(callee)()", "\(callee)(" + Array(repeating: "1", count: 12).joined(separator: ", ") + ")"]
        for b in badValues { out.append("\(callee)(\(b))") }
        if isMethod {
            for b in full ? ["0", "-1", "2**62", "None"] : ["0", "2**62"] { out.append("\(callee)(\(b), \(b))") }
        } else if full {
            for t in tensors {
                for b in badValues { out.append("\(callee)(\(t), \(b))") }
                for b in ["0", "-1", "2**62", "None"] { out.append("\(callee)(\(t), \(b), \(b))") }
            }
        } else {
            out += ["(torch.tensor(1.5), 0)", "(torch.tensor(1.5), -1)", "(torch.tensor(1.5), 2**62)",
                    "(torch.zeros(0), 0)", "(torch.tensor([1, 2]), None)", "(torch.tensor(1.5), 0, 0)",
                    "(torch.zeros(0), -1, -1)"].map { callee + $0 }
        }
        return out
    }

    /// Every call for every builtin in the table, and the names skipped with their reasons.
    static func plan() -> (calls: [String], skipped: [String]) {
        let registry = BuiltinRegistry.standard
        var calls: [String] = []
        var skippedNames: [String] = []
        var seen = Set<String>()
        for entry in registry.entries {
            for name in entry.names where !seen.contains(name) {
                seen.insert(name)
                if let reason = skipped[name] { skippedNames.append("\(name): \(reason)"); continue }
                guard let dot = name.lastIndex(of: ".") else {
                    calls += Self.calls(name, isMethod: false)
                    continue
                }
                let owner = String(name[..<dot]), member = String(name[name.index(after: dot)...])
                if registry.modules[owner] != nil {
                    calls += Self.calls(name, isMethod: false)
                } else if let rs = receivers[owner] {
                    for r in full ? rs : Array(rs.prefix(2)) { calls += Self.calls("(\(r)).\(member)", isMethod: true) }
                } else {
                    skippedNames.append("\(name): no receiver known for '\(owner)'")
                }
            }
        }
        return (calls, skippedNames)
    }

    /// The program for a batch: imports, then each call guarded, then a line that proves the
    /// session still works.
    static func program(_ calls: [String]) -> String {
        let modules = BuiltinRegistry.standard.modules.keys.filter { !$0.contains(".") }.sorted()
        var text = modules.map { "import \($0)" }.joined(separator: "\n") + "\n" + reset + "\n"
        for call in calls {
            text += "try:\n    _ = \(call)\nexcept BaseException:\n    pass\n\(reset)\n"
        }
        text += "print('walk-end', 6 * 7)\n"
        return text
    }

    static func survives(_ calls: [String], in directory: URL, timeout: TimeInterval) -> (ok: Bool, detail: String) {
        guard let r = try? TCalcBinary.run([], stdin: program(calls), directory: directory, timeout: timeout) else {
            return (false, "could not start tcalc")
        }
        if r.status == 0 && r.stdout.hasSuffix("walk-end 42\n") { return (true, "") }
        let how = r.status == -1 ? "timed out after \(Int(timeout)) s" : "status \(r.status)"
        return (false, "\(how): \(r.stderr.suffix(300))")
    }

    /// The calls of a failing batch that fail, found by halving (a few processes per culprit
    /// instead of one per call). A batch that fails while both halves pass is reported whole:
    /// calls that only fail together.
    static func culprits(_ calls: [String], in directory: URL, timeout: TimeInterval) -> [String] {
        let (ok, detail) = survives(calls, in: directory, timeout: timeout)
        if ok { return [] }
        if calls.count == 1 { return ["\(calls[0]) → \(detail)"] }
        let half = calls.count / 2
        let found = culprits(Array(calls[..<half]), in: directory, timeout: 30)
            + culprits(Array(calls[half...]), in: directory, timeout: 30)
        return found.isEmpty ? ["\(calls.count) calls from \(calls[0]) fail only together → \(detail)"] : found
    }

    func testEveryBuiltinSurvivesBadArguments() throws {
        try XCTSkipUnless(Self.enabled, "set TCALC_WALK=quick (or full) to walk the builtin table")
        let (calls, skippedNames) = Self.plan()
        XCTAssertGreaterThan(calls.count, 15_000, "the walk should reach the whole table")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-walk-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let batchSize = 600
        let batches = stride(from: 0, to: calls.count, by: batchSize).map { Array(calls[$0..<min($0 + batchSize, calls.count)]) }
        // TCALC_WALK_DUMP=folder writes each batch's program there, to rerun one by hand.
        if let dump = ProcessInfo.processInfo.environment["TCALC_WALK_DUMP"] {
            for (i, batch) in batches.enumerated() {
                try Self.program(batch).write(toFile: dump + "/batch\(i).py", atomically: true, encoding: .utf8)
            }
        }
        nonisolated(unsafe) var failures: [[String]] = Array(repeating: [], count: batches.count)
        nonisolated(unsafe) var nextBatch = 0
        let lock = NSLock()
        // Two plain threads rather than concurrentPerform: TCalcBinary.run reads the child's
        // output on the global queue, which concurrentPerform's busy workers could starve.
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread {
                while true {
                    lock.lock()
                    let i = nextBatch
                    nextBatch += 1
                    lock.unlock()
                    guard i < batches.count else { break }
                    let dir = scratch.appendingPathComponent("batch\(i)")
                    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    failures[i] = Self.culprits(batches[i], in: dir, timeout: 120)
                }
                group.leave()
            }.start()
        }
        group.wait()
        let all = failures.flatMap { $0 }
        print("builtin walk: \(calls.count) calls in \(batches.count) processes, \(all.count) failing; skipped \(skippedNames.count) names:")
        for s in skippedNames { print("  skipped \(s)") }
        XCTAssertTrue(all.isEmpty, "calls that trapped, hung or broke the session:\n" + all.joined(separator: "\n"))
    }
}
