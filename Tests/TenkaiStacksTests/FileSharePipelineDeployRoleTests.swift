import Foundation
import Testing
@testable import Tenkai
import TenkaiCore

/// The production deploy stage's role names exactly the system's stacks it deploys: their roles
/// (CloudFormation names them `<stack name>-<logical ID>-<suffix>`) and their stack ARNs, each in
/// its own region, and executes nowhere else.
@Suite struct FileSharePipelineDeployRoleTests {
    func deployStatements() throws -> [[String: Any]] {
        let template = try FileShareFixtures.rendered("pipeline", in: "prod")
        return iamStatements(in: template).filter { $0.id == "ReleasePipelineDeployRole" }.map(\.statement)
    }

    /// `Fn::Sub` strings (or plain strings) of a statement's `Resource` or `NotResource`.
    func patterns(_ value: Any?) -> [String] {
        oneOrMany(value).map { item in ((item as? [String: Any])?["Fn::Sub"] as? String) ?? (item as? String) ?? "\(item)" }.sorted()
    }

    /// The deployed stacks as synthesis names them: every stack but the pipeline, with its region.
    func systemStacks() throws -> [(stackName: String, region: String)] {
        try FileShareFixtures.synthesis("prod").stacks.filter { $0.stack.name != "pipeline" }.map { ($0.stack.stackName, $0.stack.region) }
    }

    @Test func theDeployRoleManagesOnlyTheRolesOfTheSystemsStacks() throws {
        let statements = try deployStatements()
        let iam = try #require(statements.first { $0["Sid"] as? String == "ManageRolesOfTheSystemStacks" })
        let expected = try systemStacks().map { "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/\($0.stackName)-*" }.sorted()
        #expect(patterns(iam["Resource"]) == expected)
        #expect(expected.count == FileShareFixtures.stackNames.count)
        let everything = statements.flatMap { patterns($0["Resource"]) + patterns($0["NotResource"]) }
        #expect(!everything.contains { $0.contains("${AWS::StackName}") }, "nothing names the pipeline stack itself")
        #expect(!everything.contains { $0.contains("fileshare-prod-pipeline") })
        let iamActions = statements.filter { $0["Effect"] as? String == "Allow" }.filter { statement in
            oneOrMany(statement["Action"]).contains { ($0 as? String)?.hasPrefix("iam:") == true }
        }
        #expect(iamActions.count == 1, "no other statement grants IAM actions")
    }

    @Test func theDeployRoleRunsAndExecutesOnlyTheSystemsStacksInTheirRegions() throws {
        let statements = try deployStatements()
        let expected = try systemStacks().map { stack -> String in
            let region = stack.region == (try? FileShareFixtures.environment("prod").region) ? "${AWS::Region}" : stack.region
            return "arn:${AWS::Partition}:cloudformation:\(region):${AWS::AccountId}:stack/\(stack.stackName)/*"
        }.sorted()
        #expect(expected.contains { $0.contains(":us-east-1:") && $0.contains("fileshare-prod-edge-global") })
        let run = try #require(statements.first { $0["Sid"] as? String == "RunTheSystemStacks" })
        #expect(patterns(run["Resource"]) == expected)
        #expect(oneOrMany(run["Action"]).contains { $0 as? String == "cloudformation:ExecuteChangeSet" })
        let confine = try #require(statements.first { $0["Sid"] as? String == "ExecuteOnlyTheSystemStacks" })
        #expect(confine["Effect"] as? String == "Deny")
        #expect(patterns(confine["NotResource"]) == expected)
        #expect(Set(oneOrMany(confine["Action"]).compactMap { $0 as? String })
            == ["cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack"])
    }

    @Test func aPipelineNamingNoStacksGivesItsDeployNoRightsOnAnyStack() {
        let build = PipelineBuild.deploy(environment: "prod", system: "shop", stacks: [])
        #expect(build.statements(coverageReports: ResourceID("PCoverageReports", component: "p"), images: Repository("images")).isEmpty)
    }
}
