import TensorCore

/// An error raised by the data-file layer. `kind` is the Python exception class the user sees
/// (`KeyError`, `ParserError`, …) and `message` follows pandas' or NumPy's wording where they have one.
///
///     >>> pd.read_csv('missing.csv')
///     FileNotFoundError: [Errno 2] No such file or directory: 'missing.csv'
public struct FrameError: Error, CustomStringConvertible, Equatable {
    /// The Python exception class, spelled as Python spells it.
    public enum Kind: String, Sendable {
        case fileNotFound = "FileNotFoundError"
        case key = "KeyError"
        case value = "ValueError"
        case type = "TypeError"
        case index = "IndexError"
        case parser = "ParserError"
        case unicode = "UnicodeDecodeError"
        case os = "OSError"
        case permission = "PermissionError"
        case isADirectory = "IsADirectoryError"
        case emptyData = "EmptyDataError"
        case eof = "EOFError"
        case notImplemented = "NotImplementedError"
    }

    /// The Python exception class.
    public var kind: Kind
    /// The text after `KeyError: `.
    public var message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `KeyError: 'Alley'` as Python prints it.
    public var description: String { "\(kind.rawValue): \(message)" }

    static func key(_ m: String) -> FrameError { FrameError(.key, m) }
    static func value(_ m: String) -> FrameError { FrameError(.value, m) }
    static func type(_ m: String) -> FrameError { FrameError(.type, m) }
    static func index(_ m: String) -> FrameError { FrameError(.index, m) }

    /// Python's `repr` of a string, used in messages such as `KeyError: 'Alley'`.
    static func quoted(_ s: String) -> String { FrameValue.string(s).repr }
}
