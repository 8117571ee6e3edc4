import Foundation
import Testing
import Tenkai
import TenkaiCore

/// The file-sharing release pipeline (production's `pipeline` stack): its stages in order, the
/// approvers from prod.yaml as the only roles granted the approval, least privilege per stage.
@Suite struct FileSharePipelineTests {
    let template: RenderedTemplate

    init() throws {
        template = try FileShareFixtures.rendered("pipeline", in: "prod")
    }

    @Test func onlyProductionHasAPipeline() throws {
        for environment in ["dev", "stg"] {
            #expect(try !FileShareFixtures.synthesis(environment).stacks.contains { $0.stack.name == "pipeline" })
        }
    }

    @Test func theStagesRunFromSourceThroughTheGateToProduction() throws {
        let pipeline = try #require(template.resources(ofType: "AWS::CodePipeline::Pipeline").first).properties
        #expect(pipeline["PipelineType"] as? String == "V2")
        let stages = (pipeline["Stages"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
        #expect(stages == ["Source", "Test", "Image", "Release-dev", "Release-stg", "Plan", "Approve", "Release-prod"])
        let source = try #require((pipeline["Stages"] as? [[String: Any]])?.first?["Actions"] as? [[String: Any]]).first
        #expect((source?["ActionTypeId"] as? [String: Any])?["Provider"] as? String == "CodeStarSourceConnection")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: pipeline), as: UTF8.self)
        #expect(text.contains("#{Plan.PLAN_ID}"), "the plan ID goes from the plan stage to the approval and the prod release")
        let report = try #require(template.resources(ofType: "AWS::CodeBuild::ReportGroup").first).properties
        #expect(report["Type"] as? String == "CODE_COVERAGE")
        let test = template.properties("ReleasePipelineTest")
        let buildSpec = String(describing: (test["Source"] as? [String: Any])?["BuildSpec"] ?? "")
        #expect(buildSpec.contains("file-format: LCOVINFO") && buildSpec.contains("--enable-code-coverage"))
    }

    @Test func onlyTheApproversRolesMayApproveAndTheyComeFromProdYAML() throws {
        let approvers = try FileShareFixtures.environment("prod").approvers.map(\.name)
        var granted: [String] = []
        for (id, statement) in iamStatements(in: template) {
            let actions = oneOrMany(statement["Action"]).compactMap { $0 as? String }
            if actions.contains("codepipeline:PutApprovalResult") { granted.append(id) }
        }
        #expect(granted.sorted() == approvers.map { "ReleasePipeline\($0.prefix(1).uppercased() + $0.dropFirst())Approver" }.sorted())
        for id in granted {
            #expect(template.properties(id)["RoleName"] as? String == "tenkai-approver-\(id.dropFirst("ReleasePipeline".count).dropLast("Approver".count).lowercased())")
        }
    }

    @Test func onlyTheProductionDeployMayExecuteChangeSets() throws {
        for (id, properties, _) in template.resources(ofType: "AWS::IAM::Role") where id.hasPrefix("ReleasePipeline") && id.hasSuffix("Role")
            && !["ReleasePipelineRole", "ReleasePipelineChatbotRole"].contains(id)
        {
            let statements = iamStatements(in: template).filter { $0.id == id }.map(\.statement)
            // Denies everywhere (a `NotResource` deny confines the prod deploy to its stacks instead).
            let denied = statements.filter { $0["Effect"] as? String == "Deny" && $0["NotResource"] == nil }.flatMap { oneOrMany($0["Action"]).compactMap { $0 as? String } }
            #expect(denied.contains("ssm:PutParameter"), "\(id) is denied changing the pinned gate")
            let isDeploy = id == "ReleasePipelineDeployRole"
            #expect(denied.contains("cloudformation:ExecuteChangeSet") == !isDeploy, "\(id): only the prod deploy may execute")
            let managed = String(describing: properties["ManagedPolicyArns"] ?? "")
            #expect(managed.contains("PowerUserAccess") == isDeploy, "\(id)")
        }
        let notifications = try #require(template.resources(ofType: "AWS::CodeStarNotifications::NotificationRule").first).properties
        let targets = notifications["Targets"] as? [[String: Any]] ?? []
        #expect(targets.first?["TargetType"] as? String == "AWSChatbotSlack")
    }
}
