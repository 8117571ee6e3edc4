#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import FoundationEssentials
#endif
import Synchronization

/// Signs AWS requests with Signature Version 4: `Authorization` headers, presigned URLs and
/// S3's signed streaming uploads.
///
/// One signer serves every service, region and credential: it caches each derived signing key
/// (per access key, day, region and service) and reuses its hashing contexts and buffers, so a
/// signature costs one SHA-256 and one HMAC plus a few small allocations. It is thread-safe;
/// share one per process.
///
/// ```swift
/// let signer = SigV4Signer()
/// let request = try SigV4Request(
///     method: "POST",
///     url: "https://cloudformation.us-east-1.amazonaws.com/",
///     headers: [.init(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
///     payload: .bytes(Array("Action=DescribeStacks&Version=2010-05-15".utf8))
/// )
/// let signature = try signer.sign(
///     request, credentials: credentials, configuration: .default(service: "cloudformation", region: "us-east-1")
/// )
/// let headersToSend = request.headers + signature.headers
/// ```
public final class SigV4Signer: Sendable {
    /// The longest a presigned URL may live: 7 days.
    public static let maximumExpiry: Duration = .seconds(604_800)

    private let state: Mutex<SignerState>

    /// - Parameter keyCacheCapacity: How many derived signing keys to keep (one per access key, day,
    ///   region and service in use).
    public init(keyCacheCapacity: Int = 32) {
        state = Mutex(SignerState(scopeCapacity: keyCacheCapacity, workspaceCapacity: 8))
    }

    /// Signs `request` for the `Authorization` header.
    ///
    /// - Returns: The headers to add (`X-Amz-Date`, the session token, S3's content hash, `Authorization`).
    /// - Throws: `SigV4Error` when the request is already signed, has no `Host`, or has a malformed part.
    public func sign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: Date = Date()
    ) throws(SigV4Error) -> HeaderSignature {
        try withWorkspace(credentials: credentials, configuration: configuration, date: date) { (workspace, scope, amzDate) throws(SigV4Error) in
            let signature = try workspace.computeSignature(
                of: request, credentials: credentials, configuration: configuration, date: amzDate, scope: scope, mode: .header
            )
            return Self.headerSignature(signature, workspace: workspace, scope: scope, date: amzDate, credentials: credentials, configuration: configuration)
        }
    }

    /// Presigns `request`: the returned query authorises it without headers until `expiresIn` has passed.
    ///
    /// The signed headers are those of the request (at least `Host`); whoever uses the URL must send
    /// them unchanged.
    ///
    /// - Throws: `SigV4Error` with code `.expiryOutOfRange` when `expiresIn` is not 1 second … 7 days.
    public func presign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: Date = Date(),
        expiresIn: Duration
    ) throws(SigV4Error) -> PresignedURL {
        let seconds = try Self.expirySeconds(expiresIn)
        return try withWorkspace(credentials: credentials, configuration: configuration, date: date) { (workspace, scope, amzDate) throws(SigV4Error) in
            let signature = try workspace.computeSignature(
                of: request, credentials: credentials, configuration: configuration, date: amzDate, scope: scope,
                mode: .query(expiresInSeconds: seconds)
            )
            var query = workspace.builder.canonicalQuery.array()
            if let token = credentials.sessionToken, configuration.sessionTokenPlacement == .addedAfterSigning {
                query.append(ASCII.ampersand)
                query.append(CanonicalRequestBuilder.QueryName.securityToken)
                query.append(ASCII.equals)
                PercentEncoding.encode(token, keepingSlashes: false, into: &query)
            }
            query.append(ASCII.ampersand)
            query.append(CanonicalRequestBuilder.QueryName.signature)
            query.append(ASCII.equals)
            signature.appendHex(to: &query)
            let host = request.headers.last { ASCII.equalsIgnoringCase($0.name, "host") }?.value ?? ""
            return PresignedURL(
                host: host.trimmingASCIIWhitespace(),
                path: request.path,
                query: String(decoding: query, as: UTF8.self),
                signature: Self.hex(signature)
            )
        }
    }

    /// Signs the headers of an S3 upload sent `aws-chunked` and returns the `ChunkSigner` that signs
    /// its chunks, each one chained to the one before.
    ///
    /// The request must carry `Content-Encoding: aws-chunked`, `x-amz-decoded-content-length` (the file's
    /// size) and `Content-Length` (the framed size: `ChunkSigner.encodedContentLength(...)`); its payload
    /// must be `.streaming`.
    ///
    /// ```swift
    /// var streaming = try signer.signStreaming(request, credentials: credentials, configuration: s3)
    /// for chunk in file.chunks(of: 65_536) { try body.write(streaming.chunkSigner.frame(chunk)) }
    /// try body.write(streaming.chunkSigner.finalFrame())
    /// ```
    public func signStreaming(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: Date = Date()
    ) throws(SigV4Error) -> StreamingSignature {
        guard request.payload.isStreaming else {
            throw SigV4Error(
                code: .conflictingParameter,
                message: "a streaming upload must have the payload .streaming (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)"
            )
        }
        return try withWorkspace(credentials: credentials, configuration: configuration, date: date) { (workspace, scope, amzDate) throws(SigV4Error) in
            let seed = try workspace.computeSignature(
                of: request, credentials: credentials, configuration: configuration, date: amzDate, scope: scope, mode: .header
            )
            let headers = Self.headerSignature(seed, workspace: workspace, scope: scope, date: amzDate, credentials: credentials, configuration: configuration)
            return StreamingSignature(headerSignature: headers, chunkSigner: ChunkSigner(signer: self, scope: scope, date: amzDate, seedSignature: seed))
        }
    }

    /// The canonical request, string to sign and signature of `request`, without signing it for sending.
    /// Meant for tests and for debugging a `SignatureDoesNotMatch`.
    public func signingDetails(
        for request: SigV4Request,
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: Date = Date(),
        mode: SigningDetails.Mode
    ) throws(SigV4Error) -> SigningDetails {
        let signingMode: SigningMode
        switch mode {
        case .header: signingMode = .header
        case .query(let expiresIn): signingMode = .query(expiresInSeconds: try Self.expirySeconds(expiresIn))
        }
        return try withWorkspace(credentials: credentials, configuration: configuration, date: date) { (workspace, scope, amzDate) throws(SigV4Error) in
            let signature = try workspace.computeSignature(
                of: request, credentials: credentials, configuration: configuration, date: amzDate, scope: scope, mode: signingMode
            )
            return SigningDetails(
                canonicalRequest: workspace.builder.canonicalRequest.string(),
                stringToSign: workspace.builder.stringToSign.string(),
                signature: Self.hex(signature),
                signedHeaders: workspace.builder.signedHeaders.string(),
                payloadHash: workspace.builder.payloadHash.string()
            )
        }
    }

    // MARK: - Internals

    /// Borrows a workspace and finds (or derives and caches) the signing scope, then gives the workspace back.
    func withWorkspace<Result>(
        credentials: AWSCredentials,
        configuration: SigningConfiguration,
        date: Date,
        _ body: (SigningWorkspace, SigningScope, AMZDate) throws(SigV4Error) -> Result
    ) throws(SigV4Error) -> Result {
        let workspace = try SigningWorkspace.reusing(state.withLock { $0.takeWorkspace() })
        defer { state.withLock { $0.giveBack(workspace) } }
        let amzDate = try workspace.amzDate(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        let scope: SigningScope
        if let recent = workspace.recentScope(for: credentials, day: amzDate.day, configuration: configuration) {
            scope = recent
        } else {
            scope = try self.scope(for: credentials, date: amzDate, configuration: configuration, hashing: workspace.hashing)
            workspace.remember(scope)
        }
        return try body(workspace, scope, amzDate)
    }

    /// The signing scope from the shared cache, or derived and cached.
    private func scope(
        for credentials: AWSCredentials,
        date: AMZDate,
        configuration: SigningConfiguration,
        hashing: HashingContext
    ) throws(SigV4Error) -> SigningScope {
        let cached = state.withLock { state in
            state.scope(for: credentials, day: date.day, region: configuration.region, service: configuration.service)
        }
        if let cached { return cached }
        let scope = try SigningScope(
            credentials: credentials, date: date, region: configuration.region, service: configuration.service, hashing: hashing
        )
        state.withLock { $0.insert(scope) }
        return scope
    }

    /// Runs `body` with a borrowed hashing context (for chunk signatures).
    func withHashing<Result>(_ body: (HashingContext) throws(SigV4Error) -> Result) throws(SigV4Error) -> Result {
        let idle = state.withLock { $0.takeWorkspace() }
        let workspace = try SigningWorkspace.reusing(idle)
        defer { state.withLock { $0.giveBack(workspace) } }
        return try body(workspace.hashing)
    }

    private static func headerSignature(
        _ signature: SHA256Digest,
        workspace: SigningWorkspace,
        scope: SigningScope,
        date: AMZDate,
        credentials: AWSCredentials,
        configuration: SigningConfiguration
    ) -> HeaderSignature {
        var headers: [SigV4Request.Header] = []
        headers.reserveCapacity(4)
        headers.append(SigV4Request.Header(name: "X-Amz-Date", value: workspace.amzDateString))
        if let token = credentials.sessionToken {
            headers.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        if workspace.builder.addsContentHashHeader {
            headers.append(SigV4Request.Header(name: "x-amz-content-sha256", value: workspace.builder.payloadHash.string()))
        }
        headers.append(SigV4Request.Header(name: "Authorization", value: workspace.builder.authorization(signature, scope: scope)))
        return HeaderSignature(headers: headers)
    }

    static func hex(_ digest: SHA256Digest) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        digest.appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func expirySeconds(_ duration: Duration) throws(SigV4Error) -> Int {
        let seconds = duration.components.seconds
        guard seconds >= 1, duration <= maximumExpiry else {
            throw SigV4Error(
                code: .expiryOutOfRange,
                message: "X-Amz-Expires must be between 1 and 604800 seconds (7 days); AWS rejects longer-lived presigned URLs",
                context: "\(duration)"
            )
        }
        return Int(seconds)
    }
}
