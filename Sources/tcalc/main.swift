import ArgumentParser
import CLI
import Foundation

/// `tcalc`: parses arguments, then hands over to the CLI module on a thread with a large stack
/// (deep Python recursion must hit RecursionError, never the end of the stack).
struct TCalc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcalc",
        abstract: "A calculator for tensors in the PyTorch dialect of Python.",
        discussion: "With no arguments and a terminal on stdin, starts an interactive session; "
            + "with piped input, runs it as a script. Errors exit with status 1, usage errors with 2.",
        version: "tcalc \(CLIInfo.version)")

    @Option(name: .customShort("e"), help: ArgumentHelp("Run CODE (repeatable; all share one session).", valueName: "CODE"))
    var expressions: [String] = []

    @Flag(name: .customShort("i"), help: "Stay interactive after running -e code or the script.")
    var interactive = false

    @Flag(name: .customLong("norc"), help: "Do not run the start-up file ($TCALC_RC or ~/.tcalcrc).")
    var noRC = false

    @Flag(name: .customLong("no-color"), help: "No colour in messages, even at a terminal (as NO_COLOR=1).")
    var noColor = false

    @Argument(help: "A script to run.")
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var scriptArguments: [String] = []

    func run() throws {
        let invocation = Invocation(expressions: expressions, scriptPath: script, forceInteractive: interactive,
                                    skipRC: noRC, noColor: noColor)
        let status = CLIInfo.runOnLargeStack { () -> ExitStatus in
            CrashReport.useAlternateStack()
            return Session().run(invocation)
        }
        throw ExitCode(status.rawValue)
    }
}

CrashReport.reexecWithQuietBacktracer()
CrashReport.install()

// ArgumentParser's usage errors exit with EX_USAGE (64); tcalc's contract is 2.
do {
    var command = try TCalc.parseAsRoot()
    try command.run()
} catch {
    let code = TCalc.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((TCalc.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    TCalc.exit(withError: error)
}
