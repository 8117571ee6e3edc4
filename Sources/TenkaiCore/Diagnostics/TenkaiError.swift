/// A failure that stops a command: bad input that cannot be read, an output that cannot be
/// written, or a set of diagnostics with at least one error.
///
/// Modelled on swift-nio's `FileSystemError`: a code that can grow without breaking callers, a
/// message that reads as one sentence, where it happened, and how to fix it.
public struct TenkaiError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Hashable, Sendable {
            case invalidInput, notFound, io, limitExceeded, diagnostics, usage
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Input that is there but malformed: YAML, a flag, a component's settings.
        public static let invalidInput = Code(.invalidInput)
        /// A file, system, stack or environment that does not exist.
        public static let notFound = Code(.notFound)
        /// Reading or writing a file failed.
        public static let io = Code(.io)
        /// A CloudFormation limit (template size, resource count) would be exceeded.
        public static let limitExceeded = Code(.limitExceeded)
        /// Resolving found errors; they are in ``TenkaiError/diagnostics``.
        public static let diagnostics = Code(.diagnostics)
        /// The command line names something that does not exist (a system, an environment, a stack).
        public static let usage = Code(.usage)

        public var description: String { wrapped.rawValue }
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    public var hint: String?
    /// The problems behind a ``Code/diagnostics`` failure.
    public var diagnostics: [Diagnostic]

    public init(
        _ code: Code, _ message: String, location: SourceLocation? = nil, hint: String? = nil,
        diagnostics: [Diagnostic] = []
    ) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.diagnostics = diagnostics
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        for diagnostic in diagnostics { text += "\n" + diagnostic.description }
        return text
    }
}
