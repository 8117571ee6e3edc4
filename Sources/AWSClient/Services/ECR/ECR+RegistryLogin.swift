import FoundationEssentials

extension ECR {
    /// Basic credentials for the session's account's registry, from `GetAuthorizationToken`
    /// (its token is base64 of `AWS:<password>`), for the OCI distribution API.
    ///
    /// ```swift
    /// let login = try await ECR(aws).registryLogin()
    /// // push to login.proxyEndpoint with basic auth login.username / login.password (valid 12 hours)
    /// ```
    public func registryLogin() async throws -> RegistryLogin {
        struct Empty: Encodable {}
        struct Output: Decodable {
            struct Authorization: Decodable {
                var authorizationToken: String
                var expiresAt: Date?
                var proxyEndpoint: String?
            }
            var authorizationData: [Authorization]
        }
        let output = try await session.json(.ecr, "GetAuthorizationToken", Empty(), as: Output.self)
        guard let data = output.authorizationData.first else { throw Self.unreadableLogin("no authorizationData in the answer") }
        guard let decoded = Data(base64Encoded: data.authorizationToken),
              let text = String(bytes: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else {
            throw Self.unreadableLogin("the token is not base64 of user:password")
        }
        return RegistryLogin(
            username: String(text[..<colon]), password: String(text[text.index(after: colon)...]),
            proxyEndpoint: data.proxyEndpoint, expiresAt: data.expiresAt)
    }

    private static func unreadableLogin(_ reason: String) -> AWSError {
        AWSError(
            service: AWSService.ecr.name, operation: "GetAuthorizationToken", status: 200, code: "UnreadableResponse",
            message: "the answer could not be read: \(reason)", requestID: nil)
    }
}

/// A registry login from `GetAuthorizationToken`: HTTP basic credentials and where they work.
public struct RegistryLogin: Sendable, Equatable {
    public var username: String
    public var password: String
    /// `https://<account>.dkr.ecr.<region>.amazonaws.com`.
    public var proxyEndpoint: String?
    public var expiresAt: Date?
}
