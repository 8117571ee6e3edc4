/// Every intermediate step of one signature, to compare with a test vector or to debug a
/// `SignatureDoesNotMatch` (AWS's error message shows its own canonical request and string to sign).
///
/// ```swift
/// let details = try signer.signingDetails(for: request, credentials: credentials, configuration: configuration, mode: .header)
/// print(details.canonicalRequest)
/// ```
///
/// The canonical request contains header values (and possibly the session token): do not log it in production.
public struct SigningDetails: Sendable, Hashable {
    /// Which kind of signature the details are for.
    public enum Mode: Sendable, Hashable {
        /// An `Authorization` header.
        case header
        /// A presigned URL valid for this long (at most 7 days).
        case query(expiresIn: Duration)
    }

    /// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED_HEADERS\nPAYLOAD_HASH`.
    public var canonicalRequest: String
    /// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256(canonical request)>`.
    public var stringToSign: String
    /// The signature: 64 lower-case hex digits.
    public var signature: String
    /// The signed header names, such as `host;x-amz-date`.
    public var signedHeaders: String
    /// The payload hash value in the canonical request.
    public var payloadHash: String

    public init(canonicalRequest: String, stringToSign: String, signature: String, signedHeaders: String, payloadHash: String) {
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.signedHeaders = signedHeaders
        self.payloadHash = payloadHash
    }
}
