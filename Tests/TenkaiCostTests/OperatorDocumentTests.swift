import Foundation
import Tenkai
import TenkaiCore
import TenkaiCost
import TenkaiDocs
import TenkaiStacks
import TestSupport
import Testing

/// The operator's manual, written from real assemblies of the repository's systems.
@Suite struct OperatorDocumentTests {
    static func document(_ system: String, _ environment: String) throws -> (markdown: String, assembly: CloudAssembly, cost: SystemCost) {
        let synthesis = try Project.load(systems: allSystems, environmentsFolder: ProjectPaths.root.appendingPathComponent("Environments"))
            .selecting(systems: [system], environments: [environment])
            .synthesize(format: .json)[0]
        let assembly = try CloudAssembly(folder: URL(fileURLWithPath: "/tmp/\(system)/\(environment)"), files: synthesis.files)
        let sheet = try PriceSheet.load(ProjectPaths.root.appendingPathComponent("pricing/ap-northeast-1.json"))
        let cost = try CostEstimator(prices: sheet).estimate(assembly)
        return (OperatorDocument(assembly: assembly, cost: cost).markdown, assembly, cost)
    }

    @Test func itNamesEveryStackAndComponentAndDrawsEachStack() throws {
        let (markdown, assembly, _) = try Self.document("fileshare", "prod")
        for stack in assembly.manifest.stacks {
            #expect(markdown.contains("`\(stack.stackName)`"), "\(stack.stackName)")
            #expect(markdown.contains("[\"\(stack.name) · \(stack.region)\"]"), "\(stack.name)")
        }
        for component in assembly.components.components {
            #expect(markdown.contains("| \(component.path) |"), "\(component.path)")
            #expect(markdown.contains("[\"\(component.name)<br/>"), "\(component.path)")
        }
        #expect(markdown.contains("```mermaid\n%% fileshare in prod, drawn by `tenkai synth --target diagram`\nflowchart LR\n"))
    }

    /// The manual draws from the assembly alone, and draws what `tenkai synth --target diagram`
    /// draws from the Swift sources: one diagram of the system, grouped by network tier.
    @Test func theDiagramIsTheOneSynthDraws() throws {
        let (markdown, assembly, _) = try Self.document("fileshare", "prod")
        let resolved = try Project.load(systems: allSystems, environmentsFolder: ProjectPaths.root.appendingPathComponent("Environments"))
            .selecting(systems: ["fileshare"], environments: ["prod"])
            .resolveAll()[0]
        #expect(SystemDiagram(assembly) == SystemDiagram(resolved))
        #expect(markdown.contains("```mermaid\n" + MermaidRenderer.render(SystemDiagram(resolved)) + "```\n"))
    }

    @Test func aCompositeIsDrawnAsItsChildren() throws {
        let (markdown, assembly, _) = try Self.document("stamp-rally", "dev")
        #expect(assembly.components.component("stamp-rally/data/data")?.kinds == ["StampRallyData"])
        #expect(!markdown.contains("[\"data<br/>"), "no empty box for the composite")
        #expect(markdown.contains("[\"user-stamps<br/>"), "the composite's children are drawn")
    }

    @Test func theLastDeploysOutputsAreListedAsEndpoints() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(DeployedOutputs.read(folder) == nil)
        let json = #"{"environment":"dev","stacks":{"edge":{"outputs":{"WebDistributionDomainName":"d111.cloudfront.net"},"region":"ap-northeast-1","stackName":"fileshare-dev-edge"}},"system":"fileshare"}"#
        try Data(json.utf8).write(to: folder.appendingPathComponent("outputs.json"))
        let outputs = try #require(DeployedOutputs.read(folder))
        #expect(outputs.stacks == ["edge": ["WebDistributionDomainName": "d111.cloudfront.net"]])
        let (_, assembly, cost) = try Self.document("fileshare", "dev")
        let markdown = OperatorDocument(assembly: assembly, cost: cost, outputs: outputs).markdown
        #expect(markdown.contains("| edge | WebDistributionDomainName | `d111.cloudfront.net` |"))
        #expect(!markdown.contains("(none yet)"))
    }

    @Test func appServersGetSessionManagerStepsAndFargateSystemsDoNot() throws {
        var project = try Project.load(systems: allSystems, environmentsFolder: ProjectPaths.root.appendingPathComponent("Environments"))
            .selecting(systems: ["fileshare"], environments: ["stg"])
        project.environments[0].systems["fileshare", default: .init()]["compute"] = .plain("ec2")
        let synthesis = try project.synthesize(format: .json)[0]
        let assembly = try CloudAssembly(folder: URL(fileURLWithPath: "/tmp/fileshare/stg"), files: synthesis.files)
        let markdown = OperatorDocument(assembly: assembly, cost: nil).markdown
        #expect(markdown.contains("### App servers (EC2)"))
        #expect(markdown.contains("Name=tag:Name,Values=fileshare-stg-web-blue,fileshare-stg-web-green"))
        #expect(markdown.contains("aws ssm start-session --region ap-northeast-1 --target INSTANCE_ID"))
        #expect(markdown.contains("the new version is a launch template version"))
        let onFargate = try Self.document("fileshare", "stg").markdown
        #expect(!onFargate.contains("App servers (EC2)") && !onFargate.contains("launch template version"))
    }

    @Test func productionProceduresGoThroughPlansAndApprovals() throws {
        let prod = try Self.document("fileshare", "prod").markdown
        #expect(prod.contains("tenkai plan --env prod --system fileshare"))
        #expect(prod.contains("tenkai deploy --env prod --system fileshare --plan PLAN-ID"))
        let dev = try Self.document("fileshare", "dev").markdown
        #expect(!dev.contains("--plan PLAN-ID"))
        #expect(dev.contains("tenkai deploy --env dev --system fileshare\n"))
    }

    @Test func theCostSectionCarriesTheEstimatesTotal() throws {
        let (markdown, _, cost) = try Self.document("crm", "stg")
        #expect(markdown.contains("## Cost"))
        #expect(markdown.contains("| TOTAL |  |  | \(cost.monthly.rounded2Text) |"))
    }

    @Test func everyDataStoreHasRestoreCommandsWithItsRealName() throws {
        let (markdown, assembly, _) = try Self.document("stamp-rally", "prod")
        var stores = 0
        for stack in assembly.stacks {
            for (id, resource) in stack.template.resources {
                switch resource.type {
                case "AWS::DynamoDB::Table":
                    stores += 1
                    let name = try #require(resource.properties["TableName"]?.stringValue, "\(id)")
                    let pitr = resource.properties["PointInTimeRecoverySpecification"]?[path: "PointInTimeRecoveryEnabled"]?.boolValue == true
                    let command = pitr ? "restore-table-to-point-in-time --region ap-northeast-1 --source-table-name \(name)" : "restore-table-from-backup"
                    #expect(markdown.contains(command), "\(name)")
                case "AWS::S3::Bucket":
                    stores += 1
                    let name = try #require(resource.properties["BucketName"]?.resolvedName(account: assembly.manifest.account, region: "ap-northeast-1"), "\(id)")
                    #expect(markdown.contains("(S3 `\(name)`)"))
                default: break
                }
            }
        }
        #expect(stores >= 3)
        let fileshare = try Self.document("fileshare", "prod").markdown
        #expect(fileshare.contains("restore-db-instance-to-point-in-time --region ap-northeast-1 --source-db-instance-identifier fileshare-prod-main"))
    }
}
