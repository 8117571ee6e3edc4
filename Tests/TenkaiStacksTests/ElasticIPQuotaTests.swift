import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Elastic IPs are an account's, per region (default quota 5, EC2 quota L-0263D0A3), and every
/// NAT gateway holds one: synth adds them up over all systems of an environment.
@Suite struct ElasticIPQuotaTests {
    static func resolveAll(_ config: EnvironmentConfig) throws -> [ResolvedSystem] {
        try allSystems.map { try Resolver.resolve($0, in: config, projectRoot: ProjectPaths.root) }
    }

    static func prod(natGateways: String?, quota: Int? = nil) throws -> EnvironmentConfig {
        var config = try SystemUnderTest.environment("prod")
        for system in ["fileshare", "crm"] { config.systems[system]?["natGateways"] = natGateways.map(YAMLNode.plain) }
        if let quota { config.quotas[ElasticIPQuota.quotaKey] = quota }
        return config
    }

    @Test func everyEnvironmentFitsTheDefaultQuota() throws {
        for name in ["dev", "stg", "prod"] {
            let systems = try Self.resolveAll(try SystemUnderTest.environment(name))
            #expect(ElasticIPQuota.check(systems).isEmpty, "\(name)")
        }
        let prod = try Self.resolveAll(try SystemUnderTest.environment("prod"))
        let usage = ElasticIPQuota.usage(prod)[.init(account: "333333333333", region: "ap-northeast-1")]
        #expect(usage == ["fileshare": 2, "crm": 2])
    }

    @Test func aNatGatewayPerZoneInBothProdSystemsIsRefusedWithTheCounts() throws {
        let problems = ElasticIPQuota.check(try Self.resolveAll(try Self.prod(natGateways: nil)))
        try #require(problems.count == 1)
        #expect(problems[0].severity == .error)
        #expect(problems[0].message.contains("333333333333 in ap-northeast-1 would need 6 Elastic IPs (crm 3, fileshare 3); its quota is 5"))
        #expect(problems[0].hint?.contains("natGateways") == true)
    }

    @Test func aRaisedQuotaInTheEnvironmentFileLetsItThrough() throws {
        #expect(ElasticIPQuota.check(try Self.resolveAll(try Self.prod(natGateways: nil, quota: 10))).isEmpty)
    }

    @Test func anUnreadableNatSettingIsAnError() throws {
        #expect(throws: TenkaiError.self) { try Resolver.resolve(fileShare, in: try Self.prod(natGateways: "lots")) }
    }
}
