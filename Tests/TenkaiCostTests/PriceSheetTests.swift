import Foundation
import TenkaiCore
@testable import TenkaiCost
import TestSupport
import Testing

/// The price sheets in `pricing/` follow the schema: every price with a unit, an https source
/// and a date, and every price the estimator needs present.
@Suite struct PriceSheetTests {
    static var sheets: [URL] {
        let folder = ProjectPaths.root.appendingPathComponent("pricing")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".json") }.map { folder.appendingPathComponent($0) }
    }

    @Test func everySheetInTheRepositoryIsValidAndNamedAfterItsRegion() throws {
        #expect(!Self.sheets.isEmpty)
        for file in Self.sheets {
            let sheet = try PriceSheet.load(file)
            #expect(file.deletingPathExtension().lastPathComponent == sheet.region)
            #expect(sheet.currency == "USD")
            #expect(sheet.prices.values.allSatisfy { $0.source.hasPrefix("https://aws.amazon.com/") })
            #expect(sheet.prices.keys.contains("rds.instance.postgres.db.t4g.micro"))
        }
    }

    @Test func everyInstanceClassAndTypeTheRepositorysSystemsUseHasAPrice() throws {
        let sheet = try PriceSheet.load(ProjectPaths.root.appendingPathComponent("pricing/ap-northeast-1.json"))
        let environments = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"), encoding: .utf8)
            + String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/stg.yaml"), encoding: .utf8)
            + String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/dev.yaml"), encoding: .utf8)
        let classes = Set(environments.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("db.") }.map(String.init))
        #expect(!classes.isEmpty)
        for instanceClass in classes { #expect(sheet.prices["rds.instance.postgres.\(instanceClass)"] != nil, "\(instanceClass)") }
    }

    @Test(arguments: [
        (#""date": "2026-12-05""#, #""date": "5 Dec 2026""#, "date must be YYYY-MM-DD"),
        (#""source": "https://aws.amazon.com/vpc/pricing/""#, #""source": "http://example.com""#, "source must be an https:// address"),
        (#""price": 0.062"#, #""price": -1"#, "price must be a number, 0 or more"),
        (#""unit": "gateway-hour""#, #""unit": """#, "unit must be a non-empty string"),
        (#""schemaVersion": 1"#, #""schemaVersion": 7"#, "schemaVersion must be 1"),
        (#""vpc.natGatewayHour""#, #""vpc.natGatewayHours""#, "prices.vpc.natGatewayHour is missing"),
        (#""approximate": "Spot prices"#, #""note": "Spot prices"#, "prices.fargateSpot.gbHour must say either where it was checked"),
        (#""checked": "Price List AmazonEC2 ap-northeast-1 APN1-NatGateway-Hours"#,
         #""approximate": "a guess", "checked": "Price List AmazonEC2 ap-northeast-1 APN1-NatGateway-Hours"#,
         "prices.vpc.natGatewayHour must say either where it was checked"),
    ])
    func aBrokenSheetIsRefusedNamingTheProblem(original: String, broken: String, message: String) throws {
        let text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("pricing/ap-northeast-1.json"), encoding: .utf8)
        let range = try #require(text.range(of: original))
        let changed = text.replacingCharacters(in: range, with: broken)
        let error = #expect(throws: TenkaiError.self) { try PriceSheet.parse(Array(changed.utf8), file: "sheet.json") }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    /// A checked price names the Tokyo figure it was checked against, and that figure is the
    /// sheet's (a price changed without re-checking it is caught); an approximate one says why.
    @Test func everyCheckedPriceQuotesItsOwnFigureAndEveryApproximateOneSaysWhy() throws {
        let sheet = try PriceSheet.load(ProjectPaths.root.appendingPathComponent("pricing/ap-northeast-1.json"))
        var checked = 0
        for (key, price) in sheet.prices.sorted(by: { $0.key < $1.key }) {
            #expect(price.date == "2026-12-05", "\(key)")
            if let reason = price.approximate {
                #expect(reason.count > 20, "\(key): say why it could not be confirmed")
                continue
            }
            let evidence = try #require(price.checked, "\(key)")
            checked += 1
            // The evidence quotes the figure per unit of the sheet or per single request/event.
            let perUnit = price.price.priceText
            let perOne = [1_000.0, 10_000, 1_000_000].map { (price.price / $0).priceText }
            #expect(evidence.contains(perUnit) || perOne.contains { evidence.contains($0) }, "\(key): \(perUnit) not in '\(evidence)'")
        }
        #expect(checked >= 45, "most prices are confirmed (\(checked))")
    }

    @Test func theEstimateNamesEveryApproximatePriceItUsed() throws {
        var sheet = CostFixtures.sheet([:])
        sheet.prices["vpc.natGatewayHour"]?.approximate = "not found"
        let template = #"{"Resources": {"Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": "subnet-1"}}}}"#
        let assembly = try CostFixtures.assembly(
            stacks: [("network", template)],
            components: [.init(path: "shop/network/net", kinds: ["Network"], stack: "network", resources: [.init(logicalID: "Nat", type: "AWS::EC2::NatGateway")])])
        let cost = try CostEstimator(prices: sheet).estimate(assembly)
        #expect(Set(cost.pricesUsed.keys).isSuperset(of: ["vpc.natGatewayHour", "vpc.natGatewayGB"]))
        let text = CostDocument.estimates([cost], format: .table)
        #expect(text.contains("Approximate prices in these totals"))
        #expect(text.contains("vpc.natGatewayHour") && text.contains("approximate: not found"))
        let approximateLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("Approximate prices") })
        #expect(!approximateLine.contains("vpc.natGatewayGB"))
    }

    @Test func unknownUsageFiguresInAnEnvironmentFileAreErrorsWithTheirLine() throws {
        let yaml = CostFixtures.environmentYAML + """
            systems:
              shop:
                usage:
                  storedGB: 5
                  requestMillions: 3
                  dataOutGB: lots

            """
        let error = #expect(throws: TenkaiError.self) { try EnvironmentLoader.parse(Array(yaml.utf8), file: "dev.yaml", expectedName: "dev") }
        let messages = error?.diagnostics.map(\.description) ?? []
        #expect(messages.contains { $0.contains("unknown usage figure 'requestMillions'") && $0.contains("dev.yaml:11") }, "\(messages)")
        #expect(messages.contains { $0.contains("dataOutGB' must be a number") })
        let valid = CostFixtures.environmentYAML + "systems:\n  shop:\n    usage:\n      storedGB.files: 5\n"
        let config = try EnvironmentLoader.parse(Array(valid.utf8), file: "dev.yaml", expectedName: "dev")
        #expect(config.systems["shop"]?.usage == ["storedGB.files": 5])
    }
}
