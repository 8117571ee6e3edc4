import FoundationEssentials

/// Finds each service's endpoint the way the AWS CLI does.
///
/// In order: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the profile's
/// `endpoint_url`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips all three. Otherwise AWS's
/// standard name: `https://<prefix>.<region>.amazonaws.com`, `.amazonaws.com.cn` in China, and
/// the global endpoints of IAM and CloudFront.
///
/// ```swift
/// let resolver = EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])
/// try resolver.endpoint(for: .cloudFormation, region: "eu-west-1").url  // http://127.0.0.1:5000
/// ```
public struct EndpointResolver: Sendable {
    public var environment: [String: String]
    /// The active profile's `endpoint_url`, if any.
    public var profileEndpointURL: String?

    public init(environment: [String: String], profileEndpointURL: String? = nil) {
        self.environment = environment
        self.profileEndpointURL = profileEndpointURL
    }

    public func endpoint(for service: AWSService, region: String) throws(ConfigurationError) -> Endpoint {
        if let configured = try configuredURL(for: service) {
            return Endpoint(url: configured, signingRegion: region, isCustom: true)
        }
        guard Self.isValidRegion(region) else {
            throw ConfigurationError(
                "invalid AWS region \"\(region)\"",
                help: "set AWS_REGION or the environment file's region to a name like eu-west-1"
            )
        }
        let dnsSuffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if let global = service.globalEndpoint, dnsSuffix == "amazonaws.com", !region.hasPrefix("us-gov-") {
            return Endpoint(url: URL(string: "https://\(global.host)")!, signingRegion: global.signingRegion, isCustom: false)
        }
        let url = URL(string: "https://\(service.endpointPrefix).\(region).\(dnsSuffix)")!
        return Endpoint(url: url, signingRegion: region, isCustom: false)
    }

    private func configuredURL(for service: AWSService) throws(ConfigurationError) -> URL? {
        if Self.isTrue(environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]) { return nil }
        let candidates: [(String, String?)] = [
            ("AWS_ENDPOINT_URL_\(service.environmentID)", environment["AWS_ENDPOINT_URL_\(service.environmentID)"]),
            ("AWS_ENDPOINT_URL", environment["AWS_ENDPOINT_URL"]),
            ("the profile's endpoint_url", profileEndpointURL),
        ]
        for (source, value) in candidates {
            guard let value, !value.isEmpty else { continue }
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  url.host != nil, url.query == nil
            else {
                throw ConfigurationError(
                    "\(source) is not a valid endpoint URL: \"\(value)\"",
                    help: "write it as https://host[:port] (http only for 127.0.0.1 or localhost)"
                )
            }
            return url
        }
        return nil
    }

    static func isTrue(_ value: String?) -> Bool {
        value?.lowercased() == "true"
    }

    /// Region names are lower-case letters, digits and dashes (`eu-west-1`, `cn-north-1`,
    /// `us-gov-west-1`), which also keeps a typo from turning into a strange hostname.
    static func isValidRegion(_ region: String) -> Bool {
        !region.isEmpty && region.count <= 32 && region.first != "-" && region.last != "-"
            && region.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
