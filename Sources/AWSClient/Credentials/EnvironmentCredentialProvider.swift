/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary ones,
/// `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public var name: String { "environment variables" }
    public var whyNotConfigured: String { "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set" }

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func resolve() async throws -> AWSCredentials? {
        let keyID = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (.some, nil), (nil, .some):
            throw CredentialError(
                source: name,
                message: "only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both or neither"
            )
        case let (keyID?, secret?):
            let token = environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"]
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 },
                expiration: environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(ISO8601Timestamp.parse)
            )
        }
    }
}
