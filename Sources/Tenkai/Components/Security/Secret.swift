import TenkaiCore

/// An environment variable injected from Secrets Manager or Parameter Store when the task starts:
/// never written in the template, readable only by the task's execution role.
///
/// ```swift
/// Secret("DATABASE_PASSWORD", db.masterPassword)
/// Secret("JWT_SECRET", jwtKey.value)
/// ```
public struct Secret: ContainerSetting {
    public var name: String
    public var source: SecretSource

    public init(_ name: String, _ source: SecretSource) {
        self.name = name
        self.source = source
    }

    public func apply(to container: inout Container) { container.secrets.append(self) }
}
