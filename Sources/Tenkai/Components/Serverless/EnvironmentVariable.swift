import TenkaiCore

/// One environment variable of a function or container: literal text, or a typed reference that
/// each translator resolves its own way (a `Ref` in CloudFormation, a local name in compose).
///
/// ```swift
/// EnvironmentVariable("USER_STAMPS_TABLE", userStamps.tableName)
/// EnvironmentVariable("LOG_LEVEL", "info")
/// ```
public struct EnvironmentVariable: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case text(String)
        case reference(Reference)
    }

    public var name: String
    public var source: Source

    public init(_ name: String, _ text: String) {
        self.name = name
        self.source = .text(text)
    }

    public init(_ name: String, _ reference: Reference) {
        self.name = name
        self.source = .reference(reference)
    }

    /// The CloudFormation value.
    public var value: Value {
        switch source {
        case .text(let text): .string(text)
        case .reference(let reference): reference.value
        }
    }
}
