import Foundation
import Testing
@testable import Tenkai
import TenkaiCore

/// The production image release's role (`ReleasePipelineImageReleaseRole`) may make exactly the
/// calls `tenkai release --plan` makes (TenkaiDeploy/Release and the gate), on the file share's
/// own resources (`fileshare-prod-*`) and stacks only, and nothing the gate keeps.
@Suite struct FileSharePipelineReleaseRoleTests {
    let template: RenderedTemplate
    let statements: [[String: Any]]
    let role: [String: Any]

    init() throws {
        template = try FileShareFixtures.rendered("pipeline", in: "prod")
        statements = iamStatements(in: template).filter { $0.id == "ReleasePipelineImageReleaseRole" }.map(\.statement)
        role = template.properties("ReleasePipelineImageReleaseRole")
    }

    func patterns(_ value: Any?) -> [String] {
        oneOrMany(value).map { item in ((item as? [String: Any])?["Fn::Sub"] as? String) ?? (item as? String) ?? "\(item)" }.sorted()
    }

    func statement(_ sid: String) throws -> [String: Any] {
        try #require(statements.first { $0["Sid"] as? String == sid }, "no statement \(sid)")
    }

    func actions(_ statement: [String: Any]) -> Set<String> { Set(oneOrMany(statement["Action"]).compactMap { $0 as? String }) }

    /// Every allowed action → its resources, over all Allow statements besides logs and artifacts.
    var allowed: [String: [String]] {
        var result: [String: [String]] = [:]
        for statement in statements where statement["Effect"] as? String == "Allow" && statement["Sid"] != nil {
            for action in actions(statement) { result[action, default: []] += patterns(statement["Resource"]) }
        }
        return result
    }

    @Test func theRoleAllowsExactlyTheCallsOfARelease() {
        #expect(Set(allowed.keys) == [
            "cloudformation:DescribeStacks", "cloudformation:UpdateStack",
            "ecs:DescribeServices", "ecs:UpdateService", "ecs:CreateService", "ecs:DeleteService", "ecs:RunTask", "ecs:DescribeTasks", "ecs:StopTask",
            "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "iam:PassRole",
            "elasticloadbalancing:ModifyRule", "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetHealth",
            "cloudwatch:DescribeAlarms", "ecr:DescribeImages", "ssm:GetParameter",
            "s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
        ])
        #expect(role["ManagedPolicyArns"] == nil, "no managed policy widens it")
    }

    @Test func itsResourcesAreTheSystemsOwn() throws {
        let region = "${AWS::Region}:${AWS::AccountId}"
        #expect(allowed["ecs:UpdateService"] == ["arn:${AWS::Partition}:ecs:\(region):service/fileshare-prod-*/fileshare-prod-*"])
        let run = try statement("RunTheMigrationTask")
        #expect(patterns(run["Resource"]) == ["arn:${AWS::Partition}:ecs:\(region):task-definition/fileshare-prod-*:*"])
        #expect(((run["Condition"] as? [String: Any])?["ArnLike"] as? [String: Any])?["ecs:cluster"] as? [String: String]
            == ["Fn::Sub": "arn:${AWS::Partition}:ecs:\(region):cluster/fileshare-prod-*"])
        #expect(allowed["ecs:StopTask"] == ["arn:${AWS::Partition}:ecs:\(region):task/fileshare-prod-*/*"])
        #expect(allowed["elasticloadbalancing:ModifyRule"] == [
            "arn:${AWS::Partition}:elasticloadbalancing:\(region):listener-rule/app/fileshare-prod-*/*",
            "arn:${AWS::Partition}:elasticloadbalancing:\(region):listener/app/fileshare-prod-*/*",
        ])
        #expect(allowed["cloudwatch:DescribeAlarms"] == ["arn:${AWS::Partition}:cloudwatch:\(region):alarm:fileshare-prod-*"])
        #expect(allowed["ecr:DescribeImages"]?.count == 1)
        #expect(allowed["ssm:GetParameter"] == ["arn:${AWS::Partition}:ssm:\(region):parameter/tenkai/gate"])
        let bucket = "arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"
        #expect(allowed["s3:PutObject"] == ["\(bucket)/audit/*", "\(bucket)/plans/*/used.json", "\(bucket)/releases/fileshare/prod/*"])
        #expect(allowed["s3:DeleteObject"] == ["\(bucket)/releases/fileshare/prod/*"], "only its lock and in-flight state")
        #expect(allowed["s3:GetObject"] == ["\(bucket)/plans/*", "\(bucket)/releases/fileshare/prod/*"])
        // Only these take every resource, because their APIs have no resource-level permissions.
        let unscoped = Set(allowed.filter { $0.value.contains("*") }.keys)
        #expect(unscoped == [
            "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetHealth",
        ])
    }

    @Test func itPassesOnlyTaskRolesOfTheSystemsStacks() throws {
        let pass = try statement("PassOnlyTheTaskRoles")
        let stacks = try FileShareFixtures.synthesis("prod").stacks
            .filter { $0.stack.name != "pipeline" && $0.stack.name != "edge-global" }.map(\.stack.stackName)
        #expect(patterns(pass["Resource"]) == stacks.map { "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/\($0)-*" }.sorted())
        #expect(((pass["Condition"] as? [String: Any])?["StringEquals"] as? [String: String]) == ["iam:PassedToService": "ecs-tasks.amazonaws.com"])
    }

    @Test func itReadsTheSystemsStacksAndUpdatesThemOnlyWithTheirPreviousTemplate() throws {
        let read = try statement("ReadTheSystemStacks")
        let stacks = try FileShareFixtures.synthesis("prod").stacks
            .filter { $0.stack.name != "pipeline" && $0.stack.name != "edge-global" }.map(\.stack.stackName)
        // Only the service's region: the release reads no stack pinned elsewhere.
        #expect(patterns(read["Resource"]) == stacks.map { "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/\($0)/*" }.sorted())
        let update = try statement("RecordTheReleasedImage")
        #expect(patterns(update["Resource"]).contains("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/fileshare-prod-app/*"))
        #expect(!patterns(update["Resource"]).contains { $0.contains("pipeline") || $0.contains("tenkai-bootstrap") })
        let previous = try statement("OnlyWithThePreviousTemplate")
        #expect(previous["Effect"] as? String == "Deny" && actions(previous) == ["cloudformation:UpdateStack"])
        #expect(((previous["Condition"] as? [String: Any])?["Null"] as? [String: String]) == ["cloudformation:TemplateUrl": "false"])
    }

    @Test func theGateStillHoldsForIt() {
        let denied = statements.filter { $0["Effect"] as? String == "Deny" && $0["Condition"] == nil }.flatMap { oneOrMany($0["Action"]).compactMap { $0 as? String } }
        for action in ["cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:DeleteStack", "ssm:PutParameter", "iam:*", "s3:DeleteObjectVersion"] {
            #expect(denied.contains(action), "\(action) is denied")
        }
        #expect(!denied.contains("cloudformation:UpdateStack"), "it records the released image in its stack")
        let others = iamStatements(in: template)
            .filter { $0.id == "ReleasePipelinePlanRole" }.flatMap { oneOrMany($0.statement["Action"]).compactMap { $0 as? String } }
        #expect(others.contains("cloudformation:UpdateStack"), "the other stages stay denied every stack update")
    }

    @Test func aPipelineNamingNoStacksGivesItsReleaseNoRightsOnStacksOrRoles() {
        let statements = PipelineBuild.releaseStatements(system: "shop", environment: "prod", stacks: [], images: Repository("images"))
        let sids = statements.compactMap { $0[path: "Sid"]?.stringValue }
        #expect(!sids.contains("ReadTheSystemStacks") && !sids.contains("RecordTheReleasedImage") && !sids.contains("PassOnlyTheTaskRoles"))
        #expect(sids.contains("ShiftTraffic"))
        #expect(statements.allSatisfy { $0[path: "Resource"]?.listValue?.isEmpty != true })
    }
}
