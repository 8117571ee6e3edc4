import TenkaiCore

/// Where a component sits on the network path, for diagrams: in front of the VPC (edge), in
/// its public, app or data subnets, or among the regional AWS services reached through their
/// APIs (outside the VPC).
public enum NetworkTier: String, Sendable, Hashable, CaseIterable, Comparable {
    case edge, publicSubnets, appSubnets, dataSubnets, services

    /// How a diagram names the tier's group.
    public var title: String {
        switch self {
        case .edge: "edge (outside the VPC)"
        case .publicSubnets: "public subnets"
        case .appSubnets: "app subnets"
        case .dataSubnets: "data subnets"
        case .services: "AWS services (outside the VPC)"
        }
    }

    /// Whether the tier is inside the VPC.
    public var isInVPC: Bool { [.publicSubnets, .appSubnets, .dataSubnets].contains(self) }

    public static func < (lhs: NetworkTier, rhs: NetworkTier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The tier of a component from its resources (type and properties): the innermost one any
    /// of them needs, so a database's secret stays with the database and a service's role with
    /// the service.
    public static func of(_ resources: [(type: String, properties: Fields)]) -> NetworkTier {
        let tiers = resources.map { tier(type: $0.type, properties: $0.properties) }
        for tier in [NetworkTier.dataSubnets, .appSubnets, .publicSubnets, .edge] where tiers.contains(tier) { return tier }
        return .services
    }

    static func tier(type: String, properties: Fields) -> NetworkTier {
        switch type {
        case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster",
             "AWS::DocDB::DBCluster", "AWS::EFS::FileSystem", "AWS::OpenSearchService::Domain":
            return .dataSubnets
        case "AWS::ECS::Service", "AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::Instance":
            return .appSubnets
        case "AWS::Lambda::Function":
            return properties["VpcConfig"] == nil ? .services : .appSubnets
        case "AWS::ElasticLoadBalancingV2::LoadBalancer":
            return properties["Scheme"]?.stringValue == "internal" ? .appSubnets : .publicSubnets
        case "AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::EC2::InternetGateway":
            return .publicSubnets
        default:
            let service = type.split(separator: "::").dropFirst().first.map(String.init) ?? ""
            return ["CloudFront", "Route53", "WAFv2", "ApiGateway", "ApiGatewayV2", "Amplify", "CertificateManager"].contains(service)
                ? .edge : .services
        }
    }
}
