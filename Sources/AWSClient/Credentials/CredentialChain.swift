/// Tries credential sources in order and uses the first one that is configured.
///
/// ``standard(environment:files:profileName:stsSession:)`` is the AWS CLI's order: environment
/// variables, web identity token file, shared config/credentials profile, container endpoint,
/// EC2 instance metadata.
public struct CredentialChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    public var name: String { "credential chain (\(providers.map(\.name).joined(separator: ", ")))" }

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public func resolve() async throws -> AWSCredentials? {
        for (index, provider) in providers.enumerated() {
            do {
                if let credentials = try await provider.resolve() { return credentials }
            } catch var error as CredentialError where index > 0 {
                // Say why the chain got this far, or the message points at the last source only.
                let before = providers[..<index].map { "\($0.name) (\($0.whyNotConfigured))" }.joined(separator: "; ")
                error.message += " (the sources before it had no credentials: \(before))"
                throw error
            }
        }
        return nil
    }

    /// Every source with why it had none.
    public var whyNotConfigured: String {
        providers.map { "\($0.name) (\($0.whyNotConfigured))" }.joined(separator: "; ")
    }

    /// The AWS CLI's order. `profileName` is `AWS_PROFILE` (then a missing profile is an error)
    /// or `default`. `stsSession` reaches STS for roles (region, endpoints, transport).
    public static func standard(
        environment: [String: String], files: SharedConfigFiles, profileName: String?, stsSession: AWSSession
    ) throws -> CredentialChain {
        var providers: [any CredentialProvider] = [EnvironmentCredentialProvider(environment: environment)]
        if let webIdentity = try WebIdentityCredentialProvider.fromEnvironment(environment, stsSession: stsSession) {
            providers.append(webIdentity)
        } else {
            providers.append(UnconfiguredCredentialSource(name: "web identity", whyNotConfigured: "AWS_WEB_IDENTITY_TOKEN_FILE is not set"))
        }
        providers.append(ProfileCredentialProvider(
            profileName: profileName ?? "default", files: files, environment: environment, stsSession: stsSession,
            isExplicit: profileName != nil
        ))
        providers.append(ContainerCredentialProvider(environment: environment, transport: stsSession.transport))
        providers.append(InstanceMetadataCredentialProvider(environment: environment, transport: stsSession.transport))
        return CredentialChain(providers)
    }
}

/// A source of the standard chain that the environment does not configure: it has no credentials,
/// and is listed so the "no credentials" error names it with the variable that would turn it on.
struct UnconfiguredCredentialSource: CredentialProvider {
    let name: String
    let whyNotConfigured: String

    func resolve() async throws -> AWSCredentials? { nil }
}
