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
    /// Why `resolve()` found nothing (`AWS_ACCESS_KEY_ID is not set`), for the error that lists
    /// every source tried. The default says only "not configured".
    var whyNotConfigured: String { get }
}

extension CredentialProvider {
    public var whyNotConfigured: String { "not configured" }
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

    /// No source had credentials: names each one tried, in order, with why it had none, so the fix
    /// is plain whichever source was meant to work.
    public static func noCredentials(tried sources: [any CredentialProvider]) -> CredentialError {
        let tried = sources.map { "\($0.name) (\($0.whyNotConfigured))" }.joined(separator: "; ")
        return CredentialError(
            source: sources.count == 1 ? sources[0].name : "the credential chain",
            message: "none found; tried, in order: \(tried). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a "
                + "profile with AWS_PROFILE, or run where a web identity, container or instance role is available"
        )
    }
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
