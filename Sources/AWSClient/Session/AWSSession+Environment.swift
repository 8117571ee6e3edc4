import FoundationEssentials

extension AWSSession {
    /// A session configured the way the AWS CLI would be from this environment: region from
    /// `AWS_REGION`/`AWS_DEFAULT_REGION`/the profile/`defaultRegion`, endpoints from
    /// `AWS_ENDPOINT_URL…`, credentials from the standard chain, refreshed before they expire, and
    /// the number of attempts from `AWS_MAX_ATTEMPTS` or the profile's `max_attempts` when set, and
    /// the bound on each operation from `AWS_OPERATION_DEADLINE_SECONDS` (default 180 seconds).
    ///
    /// ```swift
    /// let aws = try AWSSession.fromEnvironment(defaultRegion: environmentFile.region)
    /// ```
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultRegion: String? = nil,
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard
    ) throws -> AWSSession {
        let files = try SharedConfigFiles.load(environment: environment)
        let explicitProfile = (environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]).flatMap { $0.isEmpty ? nil : $0 }
        let profileName = explicitProfile ?? "default"
        let profile = files.profile(profileName)
        if let explicitProfile, profile == nil {
            throw ConfigurationError(
                "the AWS profile \"\(explicitProfile)\" does not exist",
                help: "add [profile \(explicitProfile)] to ~/.aws/config or fix AWS_PROFILE"
            )
        }
        let region = try RegionResolver.resolve(environment: environment, profile: profile, fallback: defaultRegion)
        var retryPolicy = retryPolicy
        if let configured = environment["AWS_MAX_ATTEMPTS"] ?? profile?["max_attempts"] {
            guard let attempts = Int(configured), (1...20).contains(attempts) else {
                throw ConfigurationError(
                    "max attempts \"\(configured)\" is not a number from 1 to 20",
                    help: "fix AWS_MAX_ATTEMPTS or the profile's max_attempts"
                )
            }
            retryPolicy.maximumAttempts = attempts
        }
        var deadline = defaultOperationDeadline
        if let configured = environment["AWS_OPERATION_DEADLINE_SECONDS"] {
            guard let seconds = Int(configured), (1...3600).contains(seconds) else {
                throw ConfigurationError(
                    "AWS_OPERATION_DEADLINE_SECONDS \"\(configured)\" is not a number of seconds from 1 to 3600",
                    help: "set it to how long one AWS call may take, retries included (the default is 180)"
                )
            }
            deadline = .seconds(seconds)
        }
        let endpoints = EndpointResolver(environment: environment, profileEndpointURL: profile?["endpoint_url"])
        let stsSession = AWSSession(
            region: region, credentials: nil, endpoints: endpoints, transport: transport, retryPolicy: retryPolicy,
            operationDeadline: deadline
        )
        let chain = try CredentialChain.standard(
            environment: environment, files: files, profileName: explicitProfile, stsSession: stsSession
        )
        return AWSSession(
            region: region, credentials: RefreshingCredentialProvider(chain), endpoints: endpoints, transport: transport,
            retryPolicy: retryPolicy, operationDeadline: deadline
        )
    }
}
