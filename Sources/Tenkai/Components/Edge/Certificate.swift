import TenkaiCore

/// An ACM certificate validated through DNS records in a Route 53 zone.
///
/// A certificate for CloudFront must be created in us-east-1: declare it in a stack pinned
/// there (`Stack("edge-global", region: "us-east-1")`); its ARN reaches other regions as a
/// stack parameter.
///
/// ```swift
/// let origin = Certificate("origin", domain: "origin.\(env.domain)", in: zone)
/// ```
public struct Certificate: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Certificate" }
    public var domain: String
    public var alternativeNames: [String]
    public var zoneID: Reference

    public init(_ name: String, domain: String, alternativeNames: [String] = [], in zone: DNS) {
        self.name = name
        self.domain = domain
        self.alternativeNames = alternativeNames
        self.zoneID = zone.zoneID
    }

    public var arn: Reference { reference(.arn) }

    public func translate(into stack: inout StackContext) {
        var properties: Fields = [
            "DomainName": .string(domain), "ValidationMethod": "DNS",
            "DomainValidationOptions": .list(([domain] + alternativeNames).map {
                ["DomainName": .string($0), "HostedZoneId": zoneID.value]
            }),
            "CertificateTransparencyLoggingPreference": "ENABLED",
        ]
        if !alternativeNames.isEmpty { properties["SubjectAlternativeNames"] = .list(alternativeNames.map(Value.string)) }
        stack.add(logicalID, Resource(type: "AWS::CertificateManager::Certificate", properties: properties))
    }
}
