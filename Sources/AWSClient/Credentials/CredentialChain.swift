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
        for provider in providers {
            if let credentials = try await provider.resolve() { return credentials }
        }
        return nil
    }

    /// The AWS CLI's order. `profileName` is `AWS_PROFILE` (then a missing profile is an error)
    /// or `default`. `stsSession` reaches STS for roles (region, endpoints, transport).
    public static func standard(
        environment: [String: String], files: SharedConfigFiles, profileName: String?, stsSession: AWSSession
    ) throws -> CredentialChain {
        var providers: [any CredentialProvider] = [EnvironmentCredentialProvider(environment: environment)]
        if let webIdentity = try WebIdentityCredentialProvider.fromEnvironment(environment, stsSession: stsSession) {
            providers.append(webIdentity)
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
