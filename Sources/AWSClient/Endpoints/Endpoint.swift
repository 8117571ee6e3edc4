import FoundationEssentials

/// Where to send a service's requests and which region to sign them for.
public struct Endpoint: Sendable, Equatable {
    /// Scheme, host and optional port and base path (`https://cloudformation.eu-west-1.amazonaws.com`).
    public var url: URL
    public var signingRegion: String
    /// Whether the URL came from configuration (`AWS_ENDPOINT_URL…`, a profile) rather than AWS's
    /// standard names; S3 then uses path-style addressing, which emulators need.
    public var isCustom: Bool

    public init(url: URL, signingRegion: String, isCustom: Bool) {
        self.url = url
        self.signingRegion = signingRegion
        self.isCustom = isCustom
    }
}
