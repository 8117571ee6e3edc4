import FoundationEssentials

/// Credentials for a role in exchange for an OIDC token read from a file
/// (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or a profile's `web_identity_token_file` +
/// `role_arn`): what GitHub Actions and EKS pods use. The file is read again on every refresh,
/// because those platforms rotate it.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let tokenFile: String
    public let roleArn: String
    public let roleSessionName: String
    /// Reaches STS (its own credentials are not used: the call is unsigned).
    public let stsSession: AWSSession
    public var name: String { "web identity token \(tokenFile)" }

    public init(tokenFile: String, roleArn: String, roleSessionName: String?, stsSession: AWSSession) {
        self.tokenFile = tokenFile
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName ?? "tenkai-\(Int(Date().timeIntervalSince1970))"
        self.stsSession = stsSession
    }

    /// From `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`, when set.
    public static func fromEnvironment(_ environment: [String: String], stsSession: AWSSession) throws -> WebIdentityCredentialProvider? {
        let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let role = environment["AWS_ROLE_ARN"].flatMap { $0.isEmpty ? nil : $0 }
        switch (file, role) {
        case (nil, _):
            return nil
        case (.some, nil):
            throw CredentialError(source: "web identity", message: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        case let (file?, role?):
            return WebIdentityCredentialProvider(
                tokenFile: file, roleArn: role, roleSessionName: environment["AWS_ROLE_SESSION_NAME"], stsSession: stsSession
            )
        }
    }

    public func resolve() async throws -> AWSCredentials? {
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmed()
        } catch {
            throw CredentialError(source: name, message: "cannot read the token file: \(fileErrorReason(error))")
        }
        guard !token.isEmpty else { throw CredentialError(source: name, message: "the token file is empty") }
        let answer = try await STS(stsSession).assumeRoleWithWebIdentity(
            AssumeRoleWithWebIdentityInput(roleArn: roleArn, roleSessionName: roleSessionName, webIdentityToken: token)
        )
        return answer.awsCredentials
    }
}
