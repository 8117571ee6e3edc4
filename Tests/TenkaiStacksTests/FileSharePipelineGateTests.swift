import Foundation
import Testing
import Tenkai
import TenkaiCore

/// Production's image release through the gate in the AWS-native pipeline: the Image stage
/// exports the pushed digest, the Plan stage plans the stacks and the release of exactly that
/// digest, the approval names both plans, and the prod stage deploys then releases them, the
/// IDs travelling as pipeline variables into environment variables (never into the scripts).
@Suite struct FileSharePipelineGateTests {
    let template: RenderedTemplate

    init() throws {
        template = try FileShareFixtures.rendered("pipeline", in: "prod")
    }

    var stages: [[String: Any]] {
        template.resources(ofType: "AWS::CodePipeline::Pipeline").first?.properties["Stages"] as? [[String: Any]] ?? []
    }

    func actions(of stage: String) -> [[String: Any]] {
        stages.first { $0["Name"] as? String == stage }?["Actions"] as? [[String: Any]] ?? []
    }

    /// A CodeBuild action's `EnvironmentVariables` (a JSON string in the configuration), by name.
    func variables(_ action: [String: Any]) throws -> [String: String] {
        let text = try #require((action["Configuration"] as? [String: Any])?["EnvironmentVariables"] as? String)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: String]])
        #expect(list.allSatisfy { $0["type"] == "PLAINTEXT" })
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] ?? "", $0["value"] ?? "") })
    }

    func buildSpec(_ project: String) -> String {
        let spec = (template.properties(project)["Source"] as? [String: Any])?["BuildSpec"]
        return (spec as? String) ?? ((spec as? [String: Any])?["Fn::Sub"] as? [Any])?.first as? String ?? ""
    }

    /// The names a buildspec exports (`env.exported-variables`).
    func exported(_ project: String) -> [String] {
        let lines = buildSpec(project).split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "exported-variables:" }) else { return [] }
        return lines[(start + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(2).trimmingCharacters(in: .whitespaces) }
    }

    @Test func theProdStageDeploysTheStacksThenReleasesTheImage() throws {
        #expect(stages.compactMap { $0["Name"] as? String } == ["Source", "Test", "Image", "Release-dev", "Release-stg", "Plan", "Approve", "Release-prod"])
        let prod = actions(of: "Release-prod")
        #expect(prod.compactMap { $0["Name"] as? String } == ["Deploy", "ImageRelease"])
        #expect(prod.compactMap { $0["RunOrder"] as? Int } == [1, 2], "the release runs after the stacks' deploy, not beside it")
        let projects = prod.compactMap { (($0["Configuration"] as? [String: Any])?["ProjectName"] as? [String: Any])?["Ref"] as? String }
        #expect(projects == ["ReleasePipelineDeploy", "ReleasePipelineImageRelease"])
    }

    @Test func theDigestFlowsFromTheImageStageIntoTheReleasePlan() throws {
        let image = try #require(actions(of: "Image").first)
        #expect(image["Namespace"] as? String == "Image")
        #expect(exported("ReleasePipelineImage").contains("IMAGE_DIGEST"))
        #expect(buildSpec("ReleasePipelineImage").contains("IMAGE_DIGEST=$(docker inspect"))
        let plan = try #require(actions(of: "Plan").first)
        #expect(plan["Namespace"] as? String == "Plan")
        #expect(try variables(plan) == ["IMAGE_DIGEST": "#{Image.IMAGE_DIGEST}"])
        let environment = (template.properties("ReleasePipelinePlan")["Environment"] as? [String: Any])?["EnvironmentVariables"] as? [[String: Any]] ?? []
        #expect(environment.contains { $0["Name"] as? String == "IMAGE_REPOSITORY" }, "the plan names the image as repository@digest")
        let spec = buildSpec("ReleasePipelinePlan")
        #expect(spec.contains(#"tenkai plan release --env prod --system fileshare --image "$RELEASE_IMAGE""#))
        #expect(spec.contains(#"RELEASE_IMAGE="$IMAGE_REPOSITORY@$IMAGE_DIGEST""#))
        #expect(spec.contains("grep -Eqx 'sha256:[0-9a-f]{64}'"), "a digest that is not one stops the plan")
        #expect(Set(exported("ReleasePipelinePlan")) == ["PLAN_ID", "RELEASE_PLAN_ID", "RELEASE_IMAGE"])
    }

    @Test func thePlanIDsFlowIntoTheProdStageAsEnvironmentVariables() throws {
        let prod = actions(of: "Release-prod")
        #expect(try variables(prod[0]) == ["PLAN_ID": "#{Plan.PLAN_ID}"])
        #expect(try variables(prod[1]) == ["RELEASE_PLAN_ID": "#{Plan.RELEASE_PLAN_ID}", "RELEASE_IMAGE": "#{Plan.RELEASE_IMAGE}"])
        let spec = buildSpec("ReleasePipelineImageRelease")
        #expect(spec.contains(#"tenkai release --env prod --system fileshare --image "$RELEASE_IMAGE" --plan "$RELEASE_PLAN_ID""#))
        for project in FileShareFixtures.pipelineProjects {
            #expect(!buildSpec(project).contains("#{"), "\(project): pipeline variables reach scripts only as environment variables")
        }
        let approval = try #require(actions(of: "Approve").first?["Configuration"] as? [String: Any])
        let note = try #require(approval["CustomData"] as? String)
        #expect(note.contains("#{Plan.PLAN_ID}") && note.contains("#{Plan.RELEASE_PLAN_ID}") && note.contains("tenkai approve"))
    }

    @Test func everyProjectIsOneThePipelineMayStart() throws {
        let statements = iamStatements(in: template).filter { $0.id == "ReleasePipelineRole" }.map(\.statement)
        let start = try #require(statements.first { oneOrMany($0["Action"]).contains { $0 as? String == "codebuild:StartBuild" } })
        let projects = oneOrMany(start["Resource"]).compactMap { (($0 as? [String: Any])?["Fn::GetAtt"] as? [Any])?.first as? String }
        #expect(projects.sorted() == FileShareFixtures.pipelineProjects.sorted())
    }

    @Test func theStackOutputsTheRoleEarlierEnvironmentsTrust() throws {
        let output = try #require(template.outputs["ReleasePipelineReleaseRoleArn"])
        #expect((output["Value"] as? [String: Any])?["Fn::GetAtt"] as? [String] == ["ReleasePipelineReleaseRole", "Arn"])
        #expect((output["Description"] as? String)?.contains("--trust-pipeline-role") == true)
        // That role is the one that assumes tenkai-deploy-<env>.
        let statements = iamStatements(in: template).filter { $0.id == "ReleasePipelineReleaseRole" }.map(\.statement)
        #expect(statements.contains { oneOrMany($0["Action"]).contains { $0 as? String == "sts:AssumeRole" } })
    }
}

extension FileShareFixtures {
    /// The file-share pipeline's CodeBuild projects, by logical ID.
    static let pipelineProjects = ["Test", "Image", "Release", "Plan", "Deploy", "ImageRelease"].map { "ReleasePipeline" + $0 }
}
