/// The outcome of header signing: the headers to add to the request before sending it.
///
/// ```swift
/// let signature = try signer.sign(request, credentials: credentials, configuration: .default(service: "sts", region: "us-east-1"))
/// var headers = request.headers + signature.headers  // X-Amz-Date, [X-Amz-Security-Token], [x-amz-content-sha256], Authorization
/// ```
public struct HeaderSignature: Sendable, Hashable {
    /// The headers to send in addition to the request's own, in this order: `X-Amz-Date`, then
    /// `X-Amz-Security-Token` (when the credentials have one), `x-amz-content-sha256` (when the
    /// configuration asks for it and the request did not carry it), and `Authorization`.
    public var headers: [SigV4Request.Header]
    /// The signature: 64 lower-case hex digits.
    public var signature: String
    /// The signed header names, such as `host;x-amz-date`.
    public var signedHeaders: String
    /// The signing time as sent in `X-Amz-Date` (`20150830T123600Z`).
    public var amzDate: String

    /// The `Authorization` header's value.
    public var authorization: String {
        headers.last { $0.name == "Authorization" }?.value ?? ""
    }

    public init(headers: [SigV4Request.Header], signature: String, signedHeaders: String, amzDate: String) {
        self.headers = headers
        self.signature = signature
        self.signedHeaders = signedHeaders
        self.amzDate = amzDate
    }
}
