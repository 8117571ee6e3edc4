/// Credentials from a profile of the shared `config`/`credentials` files: static keys
/// (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), a role assumed from
/// another profile (`role_arn` + `source_profile`, chains allowed, loops refused), from another
/// source (`role_arn` + `credential_source` = `Environment`, `EcsContainer` or `Ec2InstanceMetadata`),
/// a web identity (`role_arn` + `web_identity_token_file`), or an external program
/// (`credential_process`). SSO profiles are refused with instructions.
public struct ProfileCredentialProvider: CredentialProvider {
    public let profileName: String
    public let files: SharedConfigFiles
    public let environment: [String: String]
    public let stsSession: AWSSession
    /// Whether a missing profile is an error (it was asked for by `AWS_PROFILE`) or just "not configured".
    public let isExplicit: Bool
    public var name: String { "profile \(profileName)" }
    public var whyNotConfigured: String {
        files.profile(profileName) == nil
            ? "no [\(profileName)] profile in the AWS config or credentials file"
            : "the profile has no keys, role, or credential_process"
    }

    public init(profileName: String, files: SharedConfigFiles, environment: [String: String], stsSession: AWSSession, isExplicit: Bool) {
        self.profileName = profileName
        self.files = files
        self.environment = environment
        self.stsSession = stsSession
        self.isExplicit = isExplicit
    }

    public func resolve() async throws -> AWSCredentials? {
        guard files.profile(profileName) != nil else {
            if isExplicit {
                throw CredentialError(source: name, message: "no such profile in the AWS config or credentials file")
            }
            return nil
        }
        guard let provider = try provider(for: profileName, visited: []) else { return nil }
        return try await provider.resolve()
    }

    /// The provider a profile describes, following `source_profile` links.
    func provider(for name: String, visited: [String]) throws -> (any CredentialProvider)? {
        guard let profile = files.profile(name) else {
            throw CredentialError(source: "profile \(visited.last ?? name)", message: "source_profile \(name) does not exist")
        }
        guard !visited.contains(name) else {
            throw CredentialError(source: "profile \(name)", message: "source_profile links loop: \((visited + [name]).joined(separator: " → "))")
        }
        let region = profile["region"] ?? stsSession.region
        let sts = stsSession.with(region: region).with(credentials: nil)
        if let roleArn = profile["role_arn"] {
            let sessionName = profile["role_session_name"]
            if let tokenFile = profile["web_identity_token_file"] {
                return WebIdentityCredentialProvider(tokenFile: tokenFile, roleArn: roleArn, roleSessionName: sessionName, stsSession: sts)
            }
            let source: any CredentialProvider
            if let sourceProfile = profile["source_profile"] {
                // A profile that is its own source uses its static keys to assume its role.
                if sourceProfile == name, let keys = try staticKeys(of: profile, name: name) {
                    source = StaticCredentialProvider(keys)
                } else {
                    guard let resolved = try provider(for: sourceProfile, visited: visited + [name]) else {
                        throw CredentialError(source: "profile \(sourceProfile)", message: "has no credentials to assume \(roleArn) with")
                    }
                    source = resolved
                }
            } else if let credentialSource = profile["credential_source"] {
                source = try Self.credentialSource(credentialSource, environment: environment, transport: stsSession.transport, profile: name)
            } else {
                throw CredentialError(source: "profile \(name)", message: "role_arn needs source_profile, credential_source or web_identity_token_file")
            }
            return AssumeRoleCredentialProvider(
                roleArn: roleArn, roleSessionName: sessionName, externalID: profile["external_id"],
                durationSeconds: profile["duration_seconds"].flatMap { Int($0) }, source: source, stsSession: sts
            )
        }
        if let keys = try staticKeys(of: profile, name: name) { return StaticCredentialProvider(keys) }
        if let command = profile["credential_process"] { return ProcessCredentialProvider(command: command) }
        if let unsupported = ["sso_session", "sso_start_url"].first(where: { profile[$0] != nil }) {
            throw CredentialError(
                source: "profile \(name)",
                message: "\(unsupported) profiles are not supported; export credentials first "
                    + "(eval \"$(aws configure export-credentials --profile \(name) --format env)\")"
            )
        }
        return nil
    }

    private func staticKeys(of profile: [String: String], name: String) throws -> AWSCredentials? {
        switch (profile["aws_access_key_id"], profile["aws_secret_access_key"]) {
        case (nil, nil):
            return nil
        case let (keyID?, secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        default:
            throw CredentialError(source: "profile \(name)", message: "needs both aws_access_key_id and aws_secret_access_key")
        }
    }

    static func credentialSource(
        _ value: String, environment: [String: String], transport: any HTTPTransport, profile: String
    ) throws -> any CredentialProvider {
        switch value {
        case "Environment": return EnvironmentCredentialProvider(environment: environment)
        case "EcsContainer": return ContainerCredentialProvider(environment: environment, transport: transport)
        case "Ec2InstanceMetadata": return InstanceMetadataCredentialProvider(environment: environment, transport: transport)
        default:
            throw CredentialError(
                source: "profile \(profile)",
                message: "credential_source \(value) is not one of Environment, EcsContainer, Ec2InstanceMetadata"
            )
        }
    }
}
