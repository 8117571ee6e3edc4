import Foundation
import TenkaiCore
import Testing
@testable import TenkaiDeploy

/// `tenkai status` judges: a failed stack and a template that is not the assembly's are reported
/// as such (and make the command exit 1).
@Suite struct StatusRunTests {
    let api = FakeCloudFormation()

    @Test func aDeployedTemplateEqualToTheAssemblyIsNotDrift() async throws {
        let target = Fixtures.target()
        // CloudFormation hands templates back with its own spacing: values count, not bytes.
        let compact = String(decoding: JSONRenderer.renderCompact(target.template.value), as: UTF8.self)
        api.seed(target.stackName, status: "UPDATE_COMPLETE", template: compact)
        let report = try #require(try await StatusRun(targets: [target], apis: { _ in api }, compareTemplates: true).run().first)
        #expect(report.templateMatches == true)
        #expect(!report.isDrifted && !report.isFailed)
    }

    @Test func aTemplateChangedOutsideTenkaiIsDrift() async throws {
        let target = Fixtures.target()
        api.seed(target.stackName, status: "UPDATE_COMPLETE", template: String(decoding: Fixtures.target(version: 9).templateBody, as: UTF8.self))
        let report = try #require(try await StatusRun(targets: [target], apis: { _ in api }, compareTemplates: true).run().first)
        #expect(report.templateMatches == false)
        #expect(report.isDrifted)
    }

    @Test func resourcesChangedOutsideCloudFormationAreDrift() async throws {
        let target = Fixtures.target()
        api.seed(target.stackName, status: "UPDATE_COMPLETE", template: String(decoding: target.templateBody, as: UTF8.self))
        api.driftWillBe(StackDriftReport(status: "DRIFTED", drifted: ["FilesBucket (AWS::S3::Bucket): MODIFIED"]))
        let report = try #require(try await StatusRun(targets: [target], apis: { _ in api }, compareTemplates: true).run().first)
        #expect(report.templateMatches == true)
        #expect(report.isDrifted)
        #expect(report.driftedResources == ["FilesBucket (AWS::S3::Bucket): MODIFIED"])
    }

    @Test func withoutDriftDetectionTheTemplateComparisonStillCounts() async throws {
        let target = Fixtures.target()
        api.seed(target.stackName, status: "UPDATE_COMPLETE", template: String(decoding: target.templateBody, as: UTF8.self))
        let report = try #require(try await StatusRun(targets: [target], apis: { _ in api }, compareTemplates: true).run().first)
        #expect(report.driftDetectionProblem?.contains("not available") == true)
        #expect(!report.isDrifted)
    }

    @Test(arguments: ["UPDATE_ROLLBACK_FAILED", "ROLLBACK_COMPLETE", "DELETE_FAILED", "CREATE_FAILED"])
    func failedStatesAreFailed(status: String) async throws {
        api.seed("test-dev-data", status: status)
        let report = try #require(try await StatusRun(targets: [Fixtures.target()], apis: { _ in api }).run().first)
        #expect(report.isFailed)
        #expect(report.templateMatches == nil, "not compared without --drift")
    }

    @Test func anAbsentStackIsNeitherFailedNorDrifted() async throws {
        let report = try #require(try await StatusRun(targets: [Fixtures.target()], apis: { _ in api }, compareTemplates: true).run().first)
        #expect(report.status == nil && !report.isFailed && !report.isDrifted)
    }
}
