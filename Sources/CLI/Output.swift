import Foundation

/// Standard output and error as the session writes them: stdout is buffered (C stdio) and is
/// flushed before anything goes to stderr, before each prompt and at exit, so the two streams
/// interleave in the order things happened.
enum Console {
    static func write(_ text: String) {
        fputs(text, stdout)
    }

    static func error(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
        fflush(stderr)
    }

    static func flush() { fflush(stdout) }
}
