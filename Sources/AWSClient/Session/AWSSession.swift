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
    /// The longest one operation may take, every attempt and wait included; `nil` for no bound.
    /// Past it the call fails with ``AWSOperationTimeout``, so a silent endpoint cannot hang a
    /// caller through all its attempts. Calls that stream a file up or down are bounded by the
    /// transport's stall time-out instead: their length grows with the file.
    public let operationDeadline: Duration?
    let retryBudget = RetryTokenBucket()
    let clock = ClockSkew()
    let signer = SigV4Signer()

    /// The default of ``operationDeadline`` in ``fromEnvironment(_:defaultRegion:transport:retryPolicy:)``.
    public static let defaultOperationDeadline: Duration = .seconds(180)

    public init(
        region: String,
        credentials: (any CredentialProvider)?,
        endpoints: EndpointResolver = EndpointResolver(environment: [:]),
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard,
        retryObserver: (@Sendable (RetryEvent) -> Void)? = nil,
        operationDeadline: Duration? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.retryObserver = retryObserver
        self.operationDeadline = operationDeadline
    }

    /// A copy with some settings changed; the rest (observer and deadline included) carried over.
    private func copy(
        region: String? = nil, credentials: (any CredentialProvider)?? = nil, retryPolicy: RetryPolicy? = nil,
        retryObserver: (@Sendable (RetryEvent) -> Void)?? = nil, operationDeadline: Duration?? = nil
    ) -> AWSSession {
        AWSSession(
            region: region ?? self.region, credentials: credentials ?? self.credentials, endpoints: endpoints, transport: transport,
            retryPolicy: retryPolicy ?? self.retryPolicy, retryObserver: retryObserver ?? self.retryObserver,
            operationDeadline: operationDeadline ?? self.operationDeadline
        )
    }

    /// The same session with another retry policy (CloudFormation polling wants more attempts).
    public func with(retryPolicy: RetryPolicy) -> AWSSession {
        copy(retryPolicy: retryPolicy)
    }

    /// The same session acting with other credentials.
    public func with(credentials: (any CredentialProvider)?) -> AWSSession {
        copy(credentials: .some(credentials))
    }

    /// The same session reporting retries to `observer`.
    ///
    /// ```swift
    /// let aws = session.with(retryObserver: { event in events.emit(.retry(event)) })
    /// ```
    public func with(retryObserver observer: @escaping @Sendable (RetryEvent) -> Void) -> AWSSession {
        copy(retryObserver: .some(observer))
    }

    /// The same session in another region: credentials, endpoints, retries, observer and deadline kept.
    public func with(region: String) -> AWSSession {
        copy(region: region)
    }

    /// The same session with another bound on each operation (`nil`: none).
    public func with(operationDeadline: Duration?) -> AWSSession {
        copy(operationDeadline: .some(operationDeadline))
    }

    /// Sends a call with signing, retries and error parsing. Returns only successful responses;
    /// a failed one throws ``AWSError``; a broken connection throws ``HTTPTransportError`` naming
    /// the operation and endpoint; an operation past ``operationDeadline`` throws ``AWSOperationTimeout``.
    public func send(_ request: AWSRequest, receivingBodyIn destination: HTTPResponseDestination = .memory) async throws -> HTTPResponse {
        let streamsFile = destination != .memory || { if case .file = request.body { true } else { false } }()
        let deadline = streamsFile ? nil : operationDeadline.map { (limit: $0, instant: ContinuousClock.now + $0) }
        var attempt = 1
        var spent = 0
        var correctedClock = false
        var lastFailure: String?
        while true {
            do {
                let response = try await attemptWithin(deadline?.instant) { [self] in
                    try await transport.send(try await prepare(request), receivingBodyIn: destination)
                }
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
            } catch is DeadlinePassed {
                throw timeout(request, deadline: deadline?.limit ?? .zero, attempts: attempt, lastFailure: lastFailure)
            } catch {
                try Task.checkCancellation()
                guard let failure = RetryPolicy.classify(error), attempt < retryPolicy.maximumAttempts,
                      request.isRetrySafe || failure == .notSent
                else { throw naming(error, of: request) }
                lastFailure = "\(naming(error, of: request))"
                let delay = retryPolicy.delay(afterAttempt: attempt, fraction: Double.random(in: 0..<1))
                if let deadline, ContinuousClock.now + delay >= deadline.instant {
                    throw timeout(request, deadline: deadline.limit, attempts: attempt, lastFailure: lastFailure)
                }
                guard let cost = retryBudget.acquire(for: failure) else { throw naming(error, of: request) }
                spent += cost
                retryObserver?(RetryEvent(
                    service: request.service.name, operation: request.operation, endpoint: endpointDescription(for: request),
                    failedAttempt: attempt, maximumAttempts: retryPolicy.maximumAttempts, failure: failure,
                    reason: "\(naming(error, of: request))", delay: delay
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
                let source = (credentials as? RefreshingCredentialProvider)?.source ?? credentials
                throw CredentialError.noCredentials(tried: (source as? CredentialChain)?.providers ?? [source])
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
