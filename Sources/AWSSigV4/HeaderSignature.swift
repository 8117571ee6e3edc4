/// The outcome of header signing: the headers to add to the request before sending it.
///
/// ```swift
/// let signature = try signer.sign(request, credentials: credentials, configuration: .default(service: "sts", region: "us-east-1"))
/// let headersToSend = request.headers + signature.headers  // X-Amz-Date, [X-Amz-Security-Token], [x-amz-content-sha256], Authorization
/// ```
public struct HeaderSignature: Sendable, Hashable {
    /// The headers to send in addition to the request's own, in this order: `X-Amz-Date`, then
    /// `X-Amz-Security-Token` (when the credentials have one), `x-amz-content-sha256` (when the
    /// configuration asks for it and the request did not carry it), and `Authorization` last.
    public var headers: [SigV4Request.Header]

    init(headers: [SigV4Request.Header]) {
        self.headers = headers
    }

    /// The `Authorization` header's value:
    /// `AWS4-HMAC-SHA256 Credential=<key>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
    public var authorization: String {
        headers.last?.value ?? ""
    }

    /// The signature: 64 lower-case hex digits.
    public var signature: String {
        String(authorization.utf8.suffix(64)) ?? ""
    }

    /// The signed header names, such as `host;x-amz-date`.
    public var signedHeaders: String {
        let value = authorization
        guard let start = value.firstRange(of: "SignedHeaders="), let end = value.firstRange(of: ", Signature=") else { return "" }
        return String(value[start.upperBound..<end.lowerBound])
    }

    /// The signing time as sent in `X-Amz-Date` (`20150830T123600Z`).
    public var amzDate: String {
        headers.first?.value ?? ""
    }
}
