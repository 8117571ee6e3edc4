import TenkaiCore

/// A CloudFront distribution in front of an HTTPS origin (the load balancer), with its DNS names.
///
/// Defaults: viewers and origin both HTTPS only, TLS 1.2 (`TLSv1.2_2021`) at the edge and
/// to the origin; no caching and every viewer header forwarded (an API and app, not static
/// files); AWS's security-headers response policy; HTTP/2 and HTTP/3; IPv6; price class 200;
/// A and AAAA alias records for every alternate name. The certificate and the web ACL live
/// in us-east-1 (declare them in a stack pinned there; their ARNs cross as parameters).
///
/// ```swift
/// CDN("web", origin: "origin.\(env.domain)", aliases: [env.domain], certificate: edgeCert.arn, zone: zone)
///     .webACL(edgeACL)
///     .logs(to: logs)
/// ```
public struct CDN: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Distribution" }
    public var originDomain: String
    public var aliases: [String]
    public var certificateArn: Value
    public var zoneID: Reference
    public var webACLArn: Value?
    public var logBucketDomain: Value?
    public var priceClass = "PriceClass_200"

    public init(_ name: String, origin originDomain: String, aliases: [String], certificate: Reference, zone: DNS) {
        self.name = name
        self.originDomain = originDomain
        self.aliases = aliases
        self.certificateArn = certificate.value
        self.zoneID = zone.zoneID
    }

    public var domainName: Reference { attribute("DomainName", .hostname) }
    public var distributionID: Reference { reference(.id) }

    public func webACL(_ acl: WebACL) -> CDN { with { $0.webACLArn = acl.arn.value } }
    /// Standard logs to a bucket that accepts ``Bucket/LogSource/cloudFront``.
    public func logs(to bucket: Bucket) -> CDN { with { $0.logBucketDomain = bucket.domainName.value } }
    public func priceClass(_ priceClass: String) -> CDN { with { $0.priceClass = priceClass } }

    /// AWS managed policies (stable IDs, the same in every account).
    private enum ManagedPolicy {
        static let cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
        static let allViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3"
        static let securityHeaders = "67f7725c-6f97-4210-82d7-5512b31e9d03"
    }
    /// The hosted zone ID every CloudFront alias target uses.
    private static let cloudFrontZoneID = "Z2FDTNDATAQYW2"

    public func translate(into stack: inout StackContext) {
        let id = logicalID
        var config: Fields = [
            "Enabled": true,
            "Comment": .string(stack.resourceName(name)),
            "Aliases": .list(aliases.map(Value.string)),
            "HttpVersion": "http2and3", "IPV6Enabled": true, "PriceClass": .string(priceClass),
            "Origins": [
                [
                    "Id": "origin", "DomainName": .string(originDomain),
                    "CustomOriginConfig": [
                        "OriginProtocolPolicy": "https-only", "HTTPSPort": 443,
                        "OriginSSLProtocols": ["TLSv1.2"], "OriginReadTimeout": 60,
                    ],
                ]
            ],
            "DefaultCacheBehavior": [
                "TargetOriginId": "origin", "ViewerProtocolPolicy": "https-only", "Compress": true,
                "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                "CachedMethods": ["GET", "HEAD"],
                "CachePolicyId": .string(ManagedPolicy.cachingDisabled),
                "OriginRequestPolicyId": .string(ManagedPolicy.allViewer),
                "ResponseHeadersPolicyId": .string(ManagedPolicy.securityHeaders),
            ],
            "ViewerCertificate": [
                "AcmCertificateArn": certificateArn, "SslSupportMethod": "sni-only",
                "MinimumProtocolVersion": "TLSv1.2_2021",
            ],
        ]
        if let webACLArn { config["WebACLId"] = webACLArn }
        if let logBucketDomain {
            config["Logging"] = ["Bucket": logBucketDomain, "Prefix": .string("\(name)-cdn/"), "IncludeCookies": false]
        }
        stack.add(id, Resource(type: "AWS::CloudFront::Distribution", properties: ["DistributionConfig": .map(config)]))
        for (index, alias) in aliases.enumerated() {
            for type in ["A", "AAAA"] {
                stack.add(part("Alias\(index + 1)\(type)Record"), Resource(type: "AWS::Route53::RecordSet", properties: [
                    "HostedZoneId": zoneID.value, "Name": .string(alias), "Type": .string(type),
                    "AliasTarget": ["DNSName": .getAtt(id, "DomainName"), "HostedZoneId": .string(Self.cloudFrontZoneID)],
                ]))
            }
        }
    }
}
