/// How one service wants its requests signed: the credential scope (service and region) and every
/// rule that differs between services. Nothing in the signer asks "is this S3?"; S3 is a preset.
///
/// ```swift
/// let cloudFormation = SigningConfiguration.default(service: "cloudformation", region: "eu-west-1")
/// let s3 = SigningConfiguration.s3(region: "eu-west-1")
/// var iot = SigningConfiguration.default(service: "iotdevicegateway", region: "eu-west-1")
/// iot.sessionTokenPlacement = .addedAfterSigning
/// ```
public struct SigningConfiguration: Sendable, Hashable {
    /// How the wire path (already percent-encoded once) becomes the canonical URI.
    public enum PathEncoding: Sendable, Hashable {
        /// Percent-encode the wire path a second time (`/a%20b` signs as `/a%2520b`): every service but S3.
        case encodeAgain
        /// Sign the wire path exactly as sent (S3). It must already be percent-encoded, with
        /// `$ : = @ + , ( ) ! * '` as `%XX`; `SigV4Encoding.percentEncoded(_:keepingSlashes:)` does that.
        case verbatim
    }

    /// Where the session token of temporary credentials goes.
    public enum SessionTokenPlacement: Sendable, Hashable {
        /// `X-Amz-Security-Token` is added before signing and is signed (almost every service).
        case signed
        /// `X-Amz-Security-Token` is added after signing and is not signed (some services, such as IoT).
        case addedAfterSigning
    }

    /// The service name in the credential scope, such as `cloudformation` or `s3`.
    public var service: String
    /// The region in the credential scope, such as `us-east-1`.
    public var region: String
    /// Remove `.`/`..` segments and collapse `//` before signing. S3 object keys may contain them, so S3 does not.
    public var normalizesPath: Bool
    /// Encode the path again, or sign it verbatim.
    public var pathEncoding: PathEncoding
    /// Sign the session token, or add it after signing.
    public var sessionTokenPlacement: SessionTokenPlacement
    /// Send and sign `x-amz-content-sha256` holding the payload hash (header signing only). S3 requires it.
    public var addsContentHashHeader: Bool
    /// Sign `Content-Length` when the request has one. Off by default: the transport may set or change it.
    public var signsContentLength: Bool
    /// Presigned URLs carry `UNSIGNED-PAYLOAD` whatever the request's payload: the body is not known when
    /// the URL is made (S3).
    public var presignsUnsignedPayload: Bool
    /// Lower-case names of headers never signed because proxies or the transport add, drop or change them.
    /// `x-amz-*` names have no effect here: those headers are always signed.
    public var unsignedHeaderNames: [String] {
        didSet { unsignedHeaders = UnsignedHeaderMatcher(unsignedHeaderNames) }
    }
    /// `unsignedHeaderNames` prepared for comparing bytes without allocating.
    private var unsignedHeaders: UnsignedHeaderMatcher

    /// Headers the signer leaves out by default: hop-by-hop and mutable headers, and those a proxy,
    /// load balancer or HTTP library adds or rewrites on the way.
    public static let defaultUnsignedHeaderNames: [String] = [
        "user-agent", "expect", "transfer-encoding", "connection", "keep-alive",
        "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "upgrade",
        "x-amzn-trace-id", "traceparent", "tracestate", "baggage", "x-forwarded-for", "via",
    ]

    public init(
        service: String,
        region: String,
        normalizesPath: Bool = true,
        pathEncoding: PathEncoding = .encodeAgain,
        sessionTokenPlacement: SessionTokenPlacement = .signed,
        addsContentHashHeader: Bool = false,
        signsContentLength: Bool = false,
        presignsUnsignedPayload: Bool = false,
        unsignedHeaderNames: [String] = SigningConfiguration.defaultUnsignedHeaderNames
    ) {
        self.service = service
        self.region = region
        self.normalizesPath = normalizesPath
        self.pathEncoding = pathEncoding
        self.sessionTokenPlacement = sessionTokenPlacement
        self.addsContentHashHeader = addsContentHashHeader
        self.signsContentLength = signsContentLength
        self.presignsUnsignedPayload = presignsUnsignedPayload
        self.unsignedHeaderNames = unsignedHeaderNames
        self.unsignedHeaders = UnsignedHeaderMatcher(unsignedHeaderNames)
    }

    /// The rules of every service except S3: path normalised and encoded again, token signed,
    /// no content-hash header.
    ///
    /// ```swift
    /// let configuration = SigningConfiguration.default(service: "sts", region: "us-east-1")
    /// ```
    public static func `default`(service: String, region: String) -> SigningConfiguration {
        SigningConfiguration(service: service, region: region)
    }

    /// S3's rules: the path signed verbatim (no normalisation, no second encoding),
    /// `x-amz-content-sha256` always sent and signed, presigned URLs with `UNSIGNED-PAYLOAD`.
    ///
    /// ```swift
    /// let configuration = SigningConfiguration.s3(region: "eu-west-1")
    /// ```
    public static func s3(region: String, service: String = "s3") -> SigningConfiguration {
        SigningConfiguration(
            service: service,
            region: region,
            normalizesPath: false,
            pathEncoding: .verbatim,
            addsContentHashHeader: true,
            presignsUnsignedPayload: true
        )
    }

    /// Whether a lower-cased header name is one never signed.
    @inline(__always)
    func isUnsignedHeader(_ lowercasedName: UnsafeBufferPointer<UInt8>) -> Bool {
        unsignedHeaders.matches(lowercasedName)
    }
}
