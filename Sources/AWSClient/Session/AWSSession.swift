import FoundationEssentials

/// Everything AWS calls share: region, credentials, endpoints, the HTTP transport, the retry
/// policy and budget, the signer and the learned clock skew. Service clients wrap one.
///
/// ```swift
/// let aws = try AWSSession.fromEnvironment(defaultRegion: "eu-west-1")
/// let stacks = CloudFormation(aws)
/// let identity = try await STS(aws).getCallerIdentity()
/// ```
public final class AWSSession: Sendable {
    public let region: String
    /// `nil` sends unsigned requests (STS `AssumeRoleWithWebIdentity`, public objects).
    public let credentials: (any CredentialProvider)?
    public let endpoints: EndpointResolver
    public let transport: any HTTPTransport
    public let retryPolicy: RetryPolicy
    /// Told about every retry before its wait, so a tool can log "throttled, retrying in 1.2 s".
    public let retryObserver: (@Sendable (RetryEvent) -> Void)?
    let retryBudget = RetryTokenBucket()
    let clock = ClockSkew()
    let signer = SigV4Signer()

    public init(
        region: String,
        credentials: (any CredentialProvider)?,
        endpoints: EndpointResolver = EndpointResolver(environment: [:]),
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard,
        retryObserver: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.retryObserver = retryObserver
    }

    /// The same session with another retry policy (CloudFormation polling wants more attempts).
    public func with(retryPolicy: RetryPolicy) -> AWSSession {
        AWSSession(
            region: region, credentials: credentials, endpoints: endpoints, transport: transport, retryPolicy: retryPolicy,
            retryObserver: retryObserver
        )
    }

    /// The same session acting with other credentials.
    public func with(credentials: (any CredentialProvider)?) -> AWSSession {
        AWSSession(
            region: region, credentials: credentials, endpoints: endpoints, transport: transport, retryPolicy: retryPolicy,
            retryObserver: retryObserver
        )
    }

    /// The same session reporting retries to `observer`.
    public func with(retryObserver observer: @escaping @Sendable (RetryEvent) -> Void) -> AWSSession {
        AWSSession(
            region: region, credentials: credentials, endpoints: endpoints, transport: transport, retryPolicy: retryPolicy,
            retryObserver: observer
        )
    }

    /// Sends a call with signing, retries and error parsing. Returns only successful responses;
    /// a failed one throws ``AWSError``.
    public func send(_ request: AWSRequest, receivingBodyIn destination: HTTPResponseDestination = .memory) async throws -> HTTPResponse {
        var attempt = 1
        var spent = 0
        var correctedClock = false
        while true {
            do {
                let response = try await transport.send(try await prepare(request), receivingBodyIn: destination)
                if response.isSuccess {
                    retryBudget.recordSuccess(spent: spent)
                    return response
                }
                let error = AWSErrorParser.parse(response, service: request.service.name, operation: request.operation)
                if !correctedClock, clock.correct(from: error, serverDate: response.headers["Date"]) {
                    correctedClock = true
                    continue
                }
                throw error
            } catch {
                try Task.checkCancellation()
                guard let failure = RetryPolicy.classify(error), attempt < retryPolicy.maximumAttempts,
                      request.isRetrySafe || failure == .notSent,
                      let cost = retryBudget.acquire(for: failure)
                else { throw error }
                spent += cost
                let delay = retryPolicy.delay(afterAttempt: attempt, fraction: Double.random(in: 0..<1))
                retryObserver?(RetryEvent(
                    service: request.service.name, operation: request.operation, failedAttempt: attempt, failure: failure,
                    reason: "\(error)", delay: delay
                ))
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// The signed HTTP request for one attempt (signed anew each time: the date moves on).
    func prepare(_ request: AWSRequest) async throws -> HTTPRequest {
        let endpoint = try endpoints.endpoint(for: request.service, region: region)
        let url = try Self.url(for: request, endpoint: endpoint)
        var headers = request.headers
        if let credentials {
            guard let keys = try await credentials.resolve() else {
                throw CredentialError(
                    source: credentials.name,
                    message: "no credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile with "
                        + "AWS_PROFILE, or run where a web identity, container or instance role is available"
                )
            }
            let configuration = switch request.service.signingRules {
            case .s3: SigningConfiguration.s3(region: endpoint.signingRegion, service: request.service.signingName)
            case .standard: SigningConfiguration.default(service: request.service.signingName, region: endpoint.signingRegion)
            }
            let payload: SigV4Request.Payload
            switch request.body {
            case .empty: payload = .empty
            case .data(let data): payload = .bytes([UInt8](data))
            // TLS protects a streamed file's integrity; hashing it first would read it twice.
            case .file: payload = .unsigned
            }
            let signable = try SigV4Request(
                method: request.method, url: url.absoluteString,
                headers: headers.map { SigV4Request.Header(name: $0.name, value: $0.value) }, payload: payload
            )
            let signature = try signer.sign(signable, credentials: keys, configuration: configuration, date: clock.now())
            for header in signature.headers { headers.add(header.name, header.value) }
        }
        return HTTPRequest(method: request.method, url: url, headers: headers, body: request.body, timeout: request.timeout)
    }

    static func url(for request: AWSRequest, endpoint: Endpoint) throws -> URL {
        guard var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false) else {
            throw ConfigurationError("cannot use the endpoint \(endpoint.url)")
        }
        var path = request.path
        if let bucket = request.bucketHostPrefix {
            if endpoint.isCustom || !S3Addressing.isVirtualHostable(bucket) {
                path = "/\(S3Addressing.escapePathSegment(bucket))" + (path == "/" ? "" : path)
            } else {
                components.host = "\(bucket).\(components.host ?? "")"
            }
        }
        // An endpoint may carry a base path (a proxy's prefix); the operation's path goes under it.
        var basePath = components.percentEncodedPath
        if basePath.hasSuffix("/") { basePath.removeLast() }
        components.percentEncodedPath = basePath + path
        components.percentEncodedQuery = request.query.isEmpty ? nil : request.query
            .map { "\(QueryEncoder.escape($0.0))=\(QueryEncoder.escape($0.1))" }
            .joined(separator: "&")
        guard let url = components.url else {
            throw ConfigurationError("cannot build a URL for \(request.service.name) \(request.operation) from \(endpoint.url)")
        }
        return url
    }
}
