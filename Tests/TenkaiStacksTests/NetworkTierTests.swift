import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Diagrams group components by where they sit on the network path; each one of the three
/// systems lands in its tier.
@Suite struct NetworkTierTests {
    static func tiers(_ system: System, _ environment: String, settings: [String: String] = [:]) throws -> [String: NetworkTier] {
        var config = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/\(environment).yaml"))
        for (key, value) in settings { config.systems[system.name, default: .init()][key] = .plain(value) }
        let diagram = SystemDiagram(try Resolver.resolve(system, in: config, projectRoot: ProjectPaths.root))
        return Dictionary(uniqueKeysWithValues: diagram.stacks.flatMap(\.components).map { ($0.path, $0.tier) })
    }

    @Test func fileshareOnFargate() throws {
        let tiers = try Self.tiers(fileShare, "prod")
        #expect(tiers["fileshare/edge/web"] == .edge)  // CloudFront
        #expect(tiers["fileshare/edge-global/edge"] == .edge)  // the CloudFront firewall and certificate
        #expect(tiers["fileshare/app/origin"] == .edge)  // the load balancer's firewall, in front of it
        #expect(tiers["fileshare/network/main"] == .publicSubnets)  // VPC, NAT gateways
        #expect(tiers["fileshare/app/web"] == .appSubnets)  // the ECS service (and its load balancer's box)
        #expect(tiers["fileshare/data/main"] == .dataSubnets)  // RDS, with its secret
        for service in ["fileshare/data/files", "fileshare/data/data", "fileshare/data/jwt-signing-key", "fileshare/monitoring/fileshare", "fileshare/security/baseline"] {
            #expect(tiers[service] == .services, "\(service)")
        }
        #expect(Set(tiers.values) == Set(NetworkTier.allCases), "every tier is drawn")
    }

    @Test func fileshareOnEC2AppServers() throws {
        let tiers = try Self.tiers(fileShare, "stg", settings: ["compute": "ec2"])
        #expect(tiers["fileshare/app/web"] == .appSubnets)  // Auto Scaling groups, the service at zero, the load balancer
        #expect(tiers["fileshare/data/main"] == .dataSubnets)
    }

    @Test func stampRallyIsServerlessOutsideAnyVPC() throws {
        let tiers = try Self.tiers(stampRally, "prod")
        #expect(!tiers.isEmpty)
        #expect(!tiers.values.contains { $0.isInVPC }, "\(tiers.filter { $0.value.isInVPC })")
        #expect(tiers.values.contains(.edge))  // its API
        #expect(tiers.values.contains(.services))  // functions, tables, buckets
    }

    @Test func crmHasEveryTierInsideItsVPC() throws {
        let tiers = try Self.tiers(crm, "prod")
        for tier in [NetworkTier.publicSubnets, .appSubnets, .dataSubnets] { #expect(tiers.values.contains(tier), "\(tier)") }
    }

    @Test func aFunctionInAVPCAndAnInternalLoadBalancerAreInTheAppSubnets() {
        #expect(NetworkTier.of([("AWS::Lambda::Function", [:])]) == .services)
        #expect(NetworkTier.of([("AWS::Lambda::Function", ["VpcConfig": ["SubnetIds": ["subnet-1"]]])]) == .appSubnets)
        #expect(NetworkTier.of([("AWS::ElasticLoadBalancingV2::LoadBalancer", [:])]) == .publicSubnets)
        #expect(NetworkTier.of([("AWS::ElasticLoadBalancingV2::LoadBalancer", ["Scheme": "internal"])]) == .appSubnets)
        #expect(NetworkTier.of([("AWS::SecretsManager::Secret", [:]), ("AWS::RDS::DBInstance", [:])]) == .dataSubnets)
        #expect(NetworkTier.of([("AWS::S3::Bucket", [:])]) == .services)
    }
}
