import FoundationEssentials

/// Credentials for a role, assumed with STS `AssumeRole` using another provider's credentials
/// (a profile's `role_arn` with `source_profile` or `credential_source`).
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public let roleArn: String
    public let roleSessionName: String
    public let externalID: String?
    public let durationSeconds: Int?
    public let source: any CredentialProvider
    public let stsSession: AWSSession
    public var name: String { "role \(roleArn)" }

    public init(
        roleArn: String, roleSessionName: String?, externalID: String? = nil, durationSeconds: Int? = nil,
        source: any CredentialProvider, stsSession: AWSSession
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName ?? "tenkai-\(Int(Date().timeIntervalSince1970))"
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.source = source
        self.stsSession = stsSession
    }

    public func resolve() async throws -> AWSCredentials? {
        // Resolved once here, so a chain of roles assumes each link once per refresh.
        guard let sourceKeys = try await source.resolve() else {
            throw CredentialError(source: name, message: "its source (\(source.name)) has no credentials")
        }
        let answer = try await STS(stsSession.with(credentials: StaticCredentialProvider(sourceKeys))).assumeRole(
            AssumeRoleInput(roleArn: roleArn, roleSessionName: roleSessionName, durationSeconds: durationSeconds, externalId: externalID)
        )
        return answer.awsCredentials
    }
}
