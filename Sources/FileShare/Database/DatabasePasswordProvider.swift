/// Where the PostgreSQL password of a new connection comes from. The pool asks for it on every
/// new connection (never once at start-up), so a credential that changes while the service runs
/// (an RDS IAM token that expires after 15 minutes, a rotated secret) is picked up without a
/// restart. Connections already open keep working: PostgreSQL checks the password only when a
/// connection logs in.
///
/// ```swift
/// let provider: any DatabasePasswordProvider = RDSAuthTokenProvider(host: host, port: 5432, user: "fileshare_app",
///                                                                   region: "eu-west-1", credentials: session.credentials!)
/// ```
public protocol DatabasePasswordProvider: Sendable {
    /// A short description for error messages (`the password in DATABASE_URL`, `an RDS IAM token`), never the password.
    var name: String { get }
    /// The password to log in with now.
    func password() async throws -> String
    /// A password to log in with now that needs no waiting, if there is one: the pool then opens
    /// the connection on its event loop alone. Nil (the default) makes it ask ``password()``.
    func currentPassword() -> String?
}

extension DatabasePasswordProvider {
    public func currentPassword() -> String? { nil }
}

/// The password written in `DATABASE_URL` (or `DATABASE_PASSWORD`): the same on every connection.
/// Local development and the tests use it; after a rotation only a restart helps, which is why
/// the deployment uses ``RDSAuthTokenProvider`` instead.
public struct FixedDatabasePassword: DatabasePasswordProvider {
    let value: String
    public var name: String { "the password in DATABASE_URL" }

    public init(_ value: String) {
        self.value = value
    }

    public func password() async throws -> String { value }
    public func currentPassword() -> String? { value }
}
