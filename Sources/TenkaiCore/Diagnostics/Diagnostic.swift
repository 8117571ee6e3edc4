/// One problem found while loading, resolving or rendering a system.
///
/// Diagnostics are collected rather than thrown, so one run reports every problem it can find.
/// Each says what is wrong, where (a file location or a component path such as
/// `fileshare/data/files`), and, when it can, how to fix it.
///
/// ```
/// error: fileshare/data/files: two components would get the logical ID 'FilesBucket'
///   hint: rename one of them
/// ```
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        public static func < (lhs: Self, rhs: Self) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    public var severity: Severity
    public var message: String
    /// The component the problem belongs to, as `system/stack/component`.
    public var componentPath: String?
    public var location: SourceLocation?
    /// How to fix it, when there is a clear way.
    public var hint: String?

    public init(
        _ severity: Severity, _ message: String, componentPath: String? = nil,
        location: SourceLocation? = nil, hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.componentPath = componentPath
        self.location = location
        self.hint = hint
    }

    public static func error(
        _ message: String, componentPath: String? = nil, location: SourceLocation? = nil, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, message, componentPath: componentPath, location: location, hint: hint)
    }

    public static func warning(
        _ message: String, componentPath: String? = nil, location: SourceLocation? = nil, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, message, componentPath: componentPath, location: location, hint: hint)
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): "
        if let componentPath { text += "\(componentPath): " }
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic stops the run.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
