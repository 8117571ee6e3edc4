import Foundation
import Tenkai
import TenkaiCore
import TenkaiCost
import TenkaiStacks
import TestSupport
import Testing

/// The repository's three systems, synthesized for the real environment files and priced with
/// the real sheet: every resource type they use has a rule, and the environments differ as
/// their settings say they should.
@Suite struct RepositorySystemsCostTests {
    static func estimate(_ system: String, _ environment: String, settings: [String: String] = [:]) throws -> SystemCost {
        var project = try Project.load(systems: allSystems, environmentsFolder: ProjectPaths.root.appendingPathComponent("Environments"))
            .selecting(systems: [system], environments: [environment])
        for (key, value) in settings { project.environments[0].systems[system, default: .init()][key] = .plain(value) }
        let synthesis = try project.synthesize(format: .json)[0]
        let assembly = try CloudAssembly(folder: URL(fileURLWithPath: "/tmp/\(system)/\(environment)"), files: synthesis.files)
        let sheet = try PriceSheet.load(ProjectPaths.root.appendingPathComponent("pricing/ap-northeast-1.json"))
        return try CostEstimator(prices: sheet).estimate(assembly)
    }

    @Test(arguments: ["fileshare", "stamp-rally", "crm"])
    func everyResourceTypeOfEverySystemIsPriced(system: String) throws {
        for environment in ["dev", "stg", "prod"] {
            let cost = try Self.estimate(system, environment)
            #expect(cost.unpriced.isEmpty, "\(system) \(environment): \(cost.unpriced)")
            #expect(cost.monthly > 0)
            #expect(cost.stacks.allSatisfy { $0.monthly >= 0 })
        }
    }

    @Test func fileshareProdCostsMoreThanDevAndItsServiceRunsOnDemandThere() throws {
        let dev = try Self.estimate("fileshare", "dev"), prod = try Self.estimate("fileshare", "prod")
        #expect(prod.monthly > dev.monthly * 3)
        #expect(prod.notes == ["stack edge-global runs in us-east-1 and is priced with the ap-northeast-1 sheet"])
        #expect(CostDocument.estimates([prod], format: .table).contains("Notes: fileshare · prod: stack edge-global runs in us-east-1"))
        let devWeb = try #require(dev.components.first { $0.name == "web" && $0.kinds.contains("Service") })
        let prodWeb = try #require(prod.components.first { $0.name == "web" && $0.kinds.contains("Service") })
        #expect(devWeb.lines.contains { $0.priceKey == "fargateSpot.vcpuHour" })
        #expect(!prodWeb.lines.contains { $0.priceKey.hasPrefix("fargateSpot") })
        // prod: 3 tasks × 2 vCPU × 730 h on demand, from the environment file's counts and sizes.
        let vcpu = try #require(prodWeb.lines.first { $0.priceKey == "fargate.vcpuHour" })
        #expect(vcpu.quantity == 3 * 2 * 730)
        // the prod database is Multi-AZ: two instances' hours.
        let database = try #require(prod.components.first { $0.kinds.contains("Database") })
        #expect(database.lines.contains { $0.item.contains("Multi-AZ") && $0.quantity == 2 * 730 })
    }

    @Test func fileshareOnEC2AppServersReplacesTheFargateTasks() throws {
        let fargate = try Self.estimate("fileshare", "prod"), ec2 = try Self.estimate("fileshare", "prod", settings: ["compute": "ec2"])
        let servers = try #require(ec2.components.first { $0.kinds.contains("AppServers") })
        // 3 t3.medium (the default type) for 730 h each, from the blue group; the green group has none.
        let instances = try #require(servers.lines.first { $0.priceKey == "ec2.instance.t3.medium" })
        #expect(instances.quantity == 3 * 730)
        #expect(servers.lines.filter { $0.priceKey.hasPrefix("ec2.instance.") }.map(\.quantity).sorted() == [0, 3 * 730])
        let web = try #require(ec2.components.first { $0.kinds.contains("Service") })
        #expect(!web.lines.contains { $0.priceKey.hasPrefix("fargate") && $0.quantity > 0 })
        let table = CostComparison.diff(before: fargate, after: ec2)
        #expect(table.rows.last?[6].hasPrefix((ec2.monthly - fargate.monthly).signedMoneyText) == true)
        #expect(ec2.monthly < fargate.monthly)
    }

    @Test func everyFormatCarriesTheTotal() throws {
        let cost = try Self.estimate("fileshare", "dev")
        let total = cost.monthly.rounded2Text
        #expect(CostDocument.estimates([cost], format: .table).contains(total))
        #expect(CostDocument.estimates([cost], format: .markdown).contains("| TOTAL |  |  | \(total) |"))
        let csv = CostDocument.estimates([cost], format: .csv).split(separator: "\n")
        #expect(csv.first == "system,environment,stack,component,resource,item,quantity,unit,unit_price,monthly")
        let sum = csv.dropFirst().compactMap { Double($0.split(separator: ",").last!) }.reduce(0, +)
        #expect(abs(sum - cost.monthly) < 0.01 * Double(csv.count))
        let json = try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(CostReport.json(cost)))) as? [String: Any]
        #expect((json?["monthly"] as? Double).map { abs($0 - cost.monthly) < 0.006 } == true)
    }
}

extension Double {
    var signedMoneyText: String { (self > 0 ? "+" : "-") + abs(self).rounded2Text }

    var rounded2Text: String {
        let cents = Int((self * 100).rounded())
        return "\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)"
    }
}
