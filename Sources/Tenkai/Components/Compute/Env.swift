import TenkaiCore

/// A plain environment variable: a literal or a typed reference to another component.
///
/// Values are visible in the task definition, so names that look secret (`PASSWORD`, `SECRET`,
/// `TOKEN`, `PRIVATE_KEY`) with a literal value are refused: use ``Secret`` for those.
///
/// ```swift
/// Env("FILES_BUCKET", files.bucketName)
/// Env("LOG_LEVEL", "info")
/// ```
public struct Env: ContainerSetting {
    public var name: String
    /// The CloudFormation value.
    public var value: Value
    /// The typed reference it was made from, so other translators (compose) can resolve it
    /// their own way; nil for literals and raw values.
    public var reference: Reference?
    /// Whether the value was written literally (and so is visible in the template).
    public var isLiteral: Bool

    public init(_ name: String, _ literal: String) {
        self.name = name
        self.value = .string(literal)
        self.isLiteral = true
    }

    public init(_ name: String, _ reference: Reference) {
        self.name = name
        self.value = reference.value
        self.reference = reference
        self.isLiteral = false
    }

    /// Any CloudFormation value (`.region`, a `Fn::Join` of references).
    public init(_ name: String, value: Value) {
        self.name = name
        self.value = value
        self.isLiteral = false
    }

    public func apply(to container: inout Container) { container.environment.append(self) }

    /// Whether the name suggests a credential that must not travel as plain text.
    var looksSecret: Bool {
        let upper = name.uppercased()
        return ["PASSWORD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY"].contains { upper.contains($0) }
    }
}
