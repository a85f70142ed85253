import Foundation

/// Where an exception was raised: the place and traceback its `PyException` carried when an
/// `except` clause caught it. Printing an uncaught error that was raised `from` (or while
/// handling) a caught one shows the caught one first, at this place, as CPython does.
public struct RaiseSite {
    var range: SourceRange?
    var file: SourceFile?
    var frameRange: SourceRange?
    var frameFile: SourceFile?
    var traceback: Traceback
    var highlights: [SourceRange]
    var notes: [String]

    init(_ e: PyException) {
        range = e.range
        file = e.file
        frameRange = e.frameRange
        frameFile = e.frameFile
        traceback = e.traceback
        highlights = e.highlights
        notes = e.notes
    }

    /// The exception travelling again from this place (to render it).
    func exception(_ object: ExceptionObject) -> PyException {
        var e: PyException = PyException(object, range: range)
        e.file = file
        e.frameRange = frameRange
        e.frameFile = frameFile
        e.traceback = traceback
        e.highlights = highlights
        e.notes = notes
        return e
    }
}

extension Interpreter {
    /// Called when an `except` clause catches `caught`: remembers where it was raised (once,
    /// at its innermost catch) so that a chained error can print it later.
    func recordRaiseSite(_ caught: PyException) {
        if caught.exception.raisedAt == nil { caught.exception.raisedAt = RaiseSite(caught) }
    }

    /// An error leaving an `except` body (or a `finally` run for a pending error) gets the
    /// exception being handled as its `__context__`, as Python does implicitly.
    func chainContext(_ error: Error, handling: ExceptionObject) -> Error {
        let e: PyException = pyException(from: error)
        if e.exception !== handling && e.exception.context == nil && !Interpreter.chainContains(handling, e.exception) {
            e.exception.context = handling
        }
        return e
    }

    /// Whether `start`'s chain of causes and contexts reaches `target` (a cycle guard).
    static func chainContains(_ start: ExceptionObject, _ target: ExceptionObject) -> Bool {
        var seen: Set<ObjectIdentifier> = []
        var pending: [ExceptionObject] = [start]
        while let e = pending.popLast() {
            if e === target { return true }
            if !seen.insert(ObjectIdentifier(e)).inserted { continue }
            if let c = e.cause { pending.append(c) }
            if let c = e.context { pending.append(c) }
        }
        return false
    }
}

extension Diagnostic {
    /// The text printed before an uncaught error that has a cause (or an unsuppressed
    /// context): each earlier exception's own diagnostic, oldest first, each followed by
    /// CPython's sentence joining it to the next.
    static func chainText(of e: ExceptionObject, fallbackFile: SourceFile, interp: Interpreter) -> String {
        var links: [(ExceptionObject, String)] = []
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(e)]
        var current: ExceptionObject = e
        while links.count < 100 {
            let next: ExceptionObject
            let sentence: String
            if let c = current.cause {
                next = c
                sentence = "The above exception was the direct cause of the following exception:"
            } else if let c = current.context, !current.suppressContext {
                next = c
                sentence = "During handling of the above exception, another exception occurred:"
            } else {
                break
            }
            if !seen.insert(ObjectIdentifier(next)).inserted { break }
            links.append((next, sentence))
            current = next
        }
        var text: String = ""
        for (earlier, sentence) in links.reversed() {
            let raised: PyException = earlier.raisedAt?.exception(earlier) ?? PyException(earlier)
            text += Diagnostic(exception: raised, fallbackFile: fallbackFile, interp: interp, chained: false).rendered
            text += "\n" + sentence + "\n\n"
        }
        return text
    }
}
