import Testing
import Tenkai
import TenkaiCore

/// The subnet ranges a network computes itself (the templates carry them literally, since
/// local emulators lack `Fn::Cidr`), and the VPC blocks it refuses.
@Suite struct FileShareNetworkAddressPlanTests {
    @Test func aSixteenSplitsIntoTwentyOnesTierByTierAsFnCidrDid() throws {
        let plan = try NetworkAddressPlan(vpc: "10.0.0.0/16", availabilityZones: 2)
        // Fn::Cidr [10.0.0.0/16, 6, 11] gives 10.0.0.0/21, 10.0.8.0/21, ... 10.0.40.0/21.
        let blocks = NetworkAddressPlan.Tier.allCases.flatMap { tier in (1...2).map { plan.subnet(tier, zone: $0) } }
        #expect(blocks == ["10.0.0.0/21", "10.0.8.0/21", "10.0.16.0/21", "10.0.24.0/21", "10.0.32.0/21", "10.0.40.0/21"])
    }

    @Test func sixZonesStayInsideTheBlockWithoutOverlap() throws {
        let plan = try NetworkAddressPlan(vpc: "172.16.128.0/17", availabilityZones: 6)
        let blocks = NetworkAddressPlan.Tier.allCases.flatMap { tier in (1...6).map { plan.subnet(tier, zone: $0) } }
        #expect(Set(blocks).count == 18)
        #expect(blocks.first == "172.16.128.0/22")
        #expect(blocks.last == "172.16.196.0/22")
        #expect(blocks.allSatisfy { $0.hasPrefix("172.16.") && $0.hasSuffix("/22") })
    }

    @Test func theNarrowestBlockGivesTwentyEights() throws {
        let plan = try NetworkAddressPlan(vpc: "192.168.4.0/23", availabilityZones: 3)
        #expect(plan.subnet(.public, zone: 1) == "192.168.4.0/28")
        #expect(plan.subnet(.isolated, zone: 3) == "192.168.4.128/28")
    }

    @Test(arguments: [
        ("10.0.0.0", NetworkAddressPlanError.Code.malformed),
        ("10.0.0/16", .malformed),
        ("10.0.0.256/16", .malformed),
        ("10.0.0.0/016", .malformed),
        ("10.0.0.0/x", .malformed),
        ("10.0.0.0/15", .prefixOutOfRange),
        ("10.0.0.0/24", .prefixOutOfRange),
        ("10.0.1.0/16", .hostBitsSet),
    ])
    func refusesABadBlock(_ cidr: String, _ code: NetworkAddressPlanError.Code) {
        #expect(throws: NetworkAddressPlanError.self) {
            try NetworkAddressPlan(vpc: cidr, availabilityZones: 2)
        }
        do {
            _ = try NetworkAddressPlan(vpc: cidr, availabilityZones: 2)
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(cidr))
        }
    }

    @Test func hostBitsGetTheAlignedBlockAsHint() {
        do {
            _ = try NetworkAddressPlan(vpc: "10.0.1.0/16", availabilityZones: 2)
            Issue.record("10.0.1.0/16 was accepted")
        } catch {
            #expect(error.hint.contains("10.0.0.0/16"))
        }
    }

    @Test func theTemplateCarriesLiteralRangesAndNoFnCidr() throws {
        let net = Network("main", availabilityZones: 2).cidr("10.20.0.0/16")
        let template = try Resolver.resolve(
            RuleTestSupport.system([net]), in: RuleTestSupport.environment(production: false)
        ).stacks[0].template
        #expect(template.resources["MainVpc"]?.properties["CidrBlock"] == "10.20.0.0/16")
        #expect(template.resources["MainVpcPrivateSubnet2"]?.properties["CidrBlock"] == "10.20.24.0/21")
        #expect(template.resources["MainVpcIsolatedSubnet1"]?.properties["CidrBlock"] == "10.20.32.0/21")
    }

    @Test func aBadBlockIsADiagnosticNamingTheComponent() {
        let net = Network("main", availabilityZones: 2).cidr("10.0.0.0/8")
        do {
            _ = try Resolver.resolve(RuleTestSupport.system([net]), in: RuleTestSupport.environment(production: false))
            Issue.record("a /8 network was accepted")
        } catch {
            // The stack left empty is reported too; the network's own problem names the network.
            let problems = error.diagnostics.filter { $0.severity == .error && $0.componentPath == "ruletest/main/main" }
            #expect(problems.count == 1, "\(error.diagnostics)")
            #expect(problems.first?.message.contains("'10.0.0.0/8' has a /8 prefix; a network needs /16 to /23") == true)
            #expect(problems.first?.hint?.contains("10.0.0.0/16") == true)
        }
    }
}
