/// One AWS operation call before endpoint, signature and retries: what the wire protocols build
/// and ``AWSSession`` sends.
public struct AWSRequest: Sendable {
    public var service: AWSService
    public var operation: String
    public var method: String
    /// The path, already percent-encoded for the wire (`/bucket/photos/a%20b.jpg`).
    public var path: String
    /// Query parameters, not yet encoded.
    public var query: [(String, String)]
    public var headers: HTTPHeaders
    public var body: HTTPRequestBody
    /// Whether sending it twice is harmless: it is idempotent or carries an idempotency token.
    /// Calls that are not are never retried once they may have reached the service.
    public var isRetrySafe: Bool
    /// S3 virtual-hosted addressing: the bucket, put in front of the host on AWS's own endpoints.
    public var bucketHostPrefix: String?
    public var timeout: Duration?

    public init(
        service: AWSService, operation: String, method: String, path: String = "/", query: [(String, String)] = [],
        headers: HTTPHeaders = [:], body: HTTPRequestBody = .empty, isRetrySafe: Bool, bucketHostPrefix: String? = nil,
        timeout: Duration? = nil
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.isRetrySafe = isRetrySafe
        self.bucketHostPrefix = bucketHostPrefix
        self.timeout = timeout
    }
}
