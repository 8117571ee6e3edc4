// AWSCredentials (from the signer) is part of this module's API, so importing AWSClient is enough.
@_exported import AWSSigV4

/// One source of AWS credentials (environment, web identity, profile, container, instance).
///
/// `resolve()` returns `nil` when the source is not configured at all, so a chain moves on to
/// the next; it throws when the source is configured but fails (a bad profile, STS refusing a
/// role), because silently using some other identity would be worse than stopping.
public protocol CredentialProvider: Sendable {
    /// A short name for messages (`environment`, `profile deploy`, `container`).
    var name: String { get }
    func resolve() async throws -> AWSCredentials?
}

/// A credential source was configured but could not produce credentials.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "AWS credentials from \(source): \(message)" }
}

/// Fixed credentials, for tests and tools that are handed keys directly.
///
/// ```swift
/// let keys = StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIA…", secretAccessKey: "…"))
/// ```
public struct StaticCredentialProvider: CredentialProvider {
    public let credentials: AWSCredentials
    public var name: String { "static credentials" }

    public init(_ credentials: AWSCredentials) {
        self.credentials = credentials
    }

    public func resolve() async throws -> AWSCredentials? { credentials }
}
