import HTTPTypes
import AWSClient
import Foundation

/// RDS IAM database authentication: the password of each new connection is a fresh auth token, a
/// SigV4 presigned `rds-db:connect` request (`host:port/?Action=connect&DBUser=…`, valid 15 minutes)
/// signed with the task role's credentials.
///
/// Chosen over re-reading the Secrets Manager secret after a failed login (28P01) because nothing
/// here can go stale: there is no stored password for the app's role at all (so nothing to rotate,
/// leak or inject at task start), each connection signs its own token, the task role's credentials
/// refresh themselves, and access is granted and revoked in IAM (`rds-db:connect` on the role's
/// `dbuser` ARN). Re-reading a secret would still fail every connection opened in the window
/// between the rotation's `setSecret` and `finishSecret` steps, and would need Secrets Manager
/// calls on the connection path. RDS requires TLS for IAM logins (the token is sent as a cleartext
/// password), so `DATABASE_TLS=disable` is refused together with `DB_IAM_AUTH=1`.
///
/// ```swift
/// let provider = RDSAuthTokenProvider(host: "db.abc.eu-west-1.rds.amazonaws.com", port: 5432, user: "fileshare_app",
///                                     region: "eu-west-1", credentials: session.credentials!)
/// let token = try await provider.password()   // db.abc…:5432/?Action=connect&DBUser=fileshare_app&X-Amz-…
/// ```
public struct RDSAuthTokenProvider: DatabasePasswordProvider {
    /// How long a token is accepted for a new login: the 15 minutes RDS allows.
    public static let tokenLifetime: Duration = .seconds(900)

    public let host: String
    public let port: Int
    public let user: String
    public let region: String
    let credentials: any CredentialProvider
    let now: @Sendable () -> Date
    private static let signer = SigV4Signer()

    public var name: String { "an RDS IAM auth token for \(user) (AWS credentials from \(credentials.name))" }

    public init(host: String, port: Int, user: String, region: String, credentials: any CredentialProvider,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.host = host
        self.port = port
        self.user = user
        self.region = region
        self.credentials = credentials
        self.now = now
    }

    public func password() async throws -> String {
        guard let keys = try await credentials.resolve() else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_IAM_AUTH=1 needs AWS credentials to sign the database login, and \(credentials.name) has none: \(credentials.whyNotConfigured). Give the task a role (or set the AWS variables).",
                           context: ["variable": "DB_IAM_AUTH"])
        }
        return try token(credentials: keys, date: now())
    }

    /// The token for `credentials` at `date`: the presigned URL without its scheme, as RDS expects.
    func token(credentials keys: AWSCredentials, date: Date) throws -> String {
        let request = SigV4Request(
            method: "GET", path: "/",
            query: [.init(name: "Action", value: "connect"), .init(name: "DBUser", value: user)],
            headers: [.init(name: "Host", value: "\(host):\(port)")]
        )
        let presigned = try Self.signer.presign(
            request, credentials: keys, configuration: .default(service: "rds-db", region: region),
            date: date, expiresIn: Self.tokenLifetime
        )
        return "\(presigned.host)\(presigned.path)?\(presigned.query)"
    }
}
