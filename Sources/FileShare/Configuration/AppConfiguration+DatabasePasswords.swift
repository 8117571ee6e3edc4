import HTTPTypes
import AWSClient
import Foundation

extension AppConfiguration {
    /// The source of PostgreSQL passwords: RDS IAM tokens signed with the standard AWS credential
    /// chain (the task role on ECS) when `DB_IAM_AUTH=1`, else nil (the password in the URL).
    func databasePasswordProvider(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (any DatabasePasswordProvider)? {
        guard databaseIAMAuth else { return nil }
        try Self.checkIAMAuth(databaseURL)
        guard let url = databaseURL, let components = URLComponents(string: url), let user = components.user, let host = components.host else {
            return nil  // checkIAMAuth has thrown already
        }
        let session = try AWSSession.fromEnvironment(environment, defaultRegion: awsRegion)
        guard let credentials = session.credentials else {
            throw AppError(.configuration, status: .internalServerError,
                           message: "DB_IAM_AUTH=1 needs AWS credentials to sign database logins; none are configured.",
                           context: ["variable": "DB_IAM_AUTH"])
        }
        return SignedAheadPassword(RDSAuthTokenProvider(host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
                                                        region: session.region, credentials: credentials))
    }
}
