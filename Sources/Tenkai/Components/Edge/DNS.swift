import TenkaiCore

/// A Route 53 public hosted zone for the environment's domain.
///
/// Delegate it from the parent zone once (its name servers are an output). Records are added
/// by the components that own what they point at (``LoadBalancer/domainName(_:in:)``, ``CDN``)
/// and certificates validate through it.
///
/// ```swift
/// let zone = DNS("main", domain: env.domain)
/// ```
public struct DNS: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Zone" }
    public var domain: String

    public init(_ name: String, domain: String) {
        self.name = name
        self.domain = domain
    }

    public var zoneID: Reference { reference(.id) }

    public func translate(into stack: inout StackContext) {
        stack.add(logicalID, Resource(type: "AWS::Route53::HostedZone", properties: [
            "Name": .string(domain),
            "HostedZoneConfig": ["Comment": .string("\(stack.resourceName(name)); managed by Tenkai")],
        ]))
        stack.output(logicalID + "NameServers", .function("Fn::Join", .list([",", .getAtt(logicalID, "NameServers")])),
                     description: "Name servers to delegate \(domain) to")
    }
}
