/// The outcome of presigning: a query string that authorises the request by itself, for a while.
///
/// ```swift
/// let presigned = try signer.presign(
///     try SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt"),
///     credentials: credentials, configuration: .s3(region: "us-east-1"), expiresIn: .seconds(86_400)
/// )
/// print(presigned.url())  // https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&…
/// ```
///
/// A URL presigned with temporary credentials stops working when they expire, whatever `X-Amz-Expires` says.
public struct PresignedURL: Sendable, Hashable {
    /// The request's `Host` header value.
    public var host: String
    /// The path as given (wire form).
    public var path: String
    /// The full encoded query: the request's parameters and the `X-Amz-*` ones, sorted, then
    /// `X-Amz-Signature` last (after `X-Amz-Security-Token` when the token is added after signing).
    public var query: String
    /// The signature: 64 lower-case hex digits.
    public var signature: String

    public init(host: String, path: String, query: String, signature: String) {
        self.host = host
        self.path = path
        self.query = query
        self.signature = signature
    }

    /// `scheme://host/path?query`.
    public func url(scheme: String = "https") -> String {
        "\(scheme)://\(host)\(path)?\(query)"
    }
}
