import AWSClient
import Foundation
import Testing
import TenkaiCore
@testable import TenkaiDeploy

@Suite("Deploying one stack: change sets and the stack state machine")
struct StackDeployerTests {
    let api = FakeCloudFormation()
    let events = RecordingReporter()

    func deploy(_ target: DeployTarget, options: DeployOptions = Fixtures.options(), artifacts: (any ArtifactStore)? = nil) async throws -> StackResult {
        try await StackDeployer(api: api, artifacts: artifacts, reporter: events, options: options).deploy(target, parameters: [:])
    }

    @Test func createsANewStackWithACreateChangeSetAndFollowsItToTheEnd() async throws {
        let target = Fixtures.target()
        api.script(target.stackName, [
            .init(status: "CREATE_IN_PROGRESS"),
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_IN_PROGRESS", nil)]),
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_COMPLETE", nil), ("LogsBucket", "CREATE_IN_PROGRESS", nil)]),
            .init(status: "CREATE_IN_PROGRESS"),
            .init(status: "CREATE_COMPLETE", events: [("LogsBucket", "CREATE_COMPLETE", nil)]),
        ])
        let result = try await deploy(target)
        #expect(result.outcome == .created)
        #expect(api.stack(target.stackName)?.status == "CREATE_COMPLETE")
        #expect(api.template(target.stackName) == String(decoding: target.templateBody, as: UTF8.self))
        // Every resource event reported once, oldest first, with its component path.
        let resourceEvents = events.events.filter { $0.kind == .resource }.map { "\($0.logicalID!) \($0.status!)" }
        #expect(resourceEvents == ["FilesBucket CREATE_IN_PROGRESS", "FilesBucket CREATE_COMPLETE", "LogsBucket CREATE_IN_PROGRESS", "LogsBucket CREATE_COMPLETE"])
        #expect(events.events.first { $0.kind == .resource }?.componentPath == "test/data/filesbucket")
        #expect(events.events.last?.kind == .stackFinished)
        #expect(api.calls("DescribeStacks") >= 5, "polls until the stack leaves CREATE_IN_PROGRESS")
    }

    @Test func aSecondDeployOfTheSameTemplateMakesNoChangeSetAndAtMostThreeCalls() async throws {
        let target = Fixtures.target()
        _ = try await deploy(target)
        let before = api.calls.count
        let result = try await deploy(target)
        #expect(result.outcome == .unchanged)
        #expect(api.calls.count - before <= 3)
        #expect(!api.calls.dropFirst(before).contains("CreateChangeSet"))
    }

    @Test func noChangesReportedAsAFailedChangeSetIsSkippedAndTheChangeSetDeleted() async throws {
        let target = Fixtures.target()
        _ = try await deploy(target)
        var options = Fixtures.options()
        options.force = true
        let result = try await deploy(target, options: options)
        #expect(result.outcome == .unchanged)
        #expect(api.calls("DeleteChangeSet") == 1)
        #expect(api.changeSetCount == 0)
        #expect(api.calls("ExecuteChangeSet") == 1, "only the first deploy executed")
    }

    @Test func noChangesReportedAsAValidationErrorIsSkippedToo() async throws {
        let target = Fixtures.target()
        _ = try await deploy(target)
        api.reportNoChangesAsError()
        var options = Fixtures.options()
        options.force = true
        let result = try await deploy(target, options: options)
        #expect(result.outcome == .unchanged)
        #expect(events.events.contains { $0.kind == .noChanges })
    }

    @Test func anUpdateSendsAnUpdateChangeSet() async throws {
        _ = try await deploy(Fixtures.target(version: 1))
        let result = try await deploy(Fixtures.target(version: 2))
        #expect(result.outcome == .updated)
        #expect(api.template("test-dev-data")?.contains("\"2\"") == true)
        let changeSet = events.events.last { $0.kind == .changeSet }
        #expect(changeSet?.message?.hasPrefix("update:") == true)
        #expect(changeSet?.changes == 2)
    }

    @Test func aFailedCreateNamesTheFirstFailingResourceNotTheCancellations() async throws {
        let target = Fixtures.target()
        api.script(target.stackName, [
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_IN_PROGRESS", nil), ("LogsBucket", "CREATE_IN_PROGRESS", nil)]),
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_FAILED", "test-files already exists"), ("LogsBucket", "CREATE_FAILED", "Resource creation cancelled")]),
            .init(status: "ROLLBACK_IN_PROGRESS", reason: "The following resource(s) failed to create: [FilesBucket]."),
            .init(status: "ROLLBACK_COMPLETE", events: [("LogsBucket", "DELETE_COMPLETE", nil)]),
        ])
        let error = await #expect(throws: DeployError.self) { try await deploy(target) }
        #expect(error?.code == .stackFailed)
        #expect(error?.message.contains("FilesBucket (test/data/filesbucket) CREATE_FAILED: test-files already exists") == true)
        #expect(error?.message.contains("ROLLBACK_COMPLETE") == true)
        let failure = events.events.first { $0.kind == .stackFailed }
        #expect(failure?.logicalID == "FilesBucket")
        #expect(failure?.componentPath == "test/data/filesbucket")
    }

    @Test func aStackLeftInRollbackCompleteIsDeletedAndCreatedAgain() async throws {
        let target = Fixtures.target()
        api.seed(target.stackName, status: "ROLLBACK_COMPLETE")
        let result = try await deploy(target)
        #expect(result.outcome == .created)
        #expect(api.calls("DeleteStack") == 1)
        #expect(events.events.contains { $0.kind == .notice && $0.message?.contains("deleting it to create it again") == true })
        #expect(api.stack(target.stackName)?.status == "CREATE_COMPLETE")
    }

    @Test func anUpdateThatRollsBackFailsWithTheCause() async throws {
        _ = try await deploy(Fixtures.target(version: 1))
        api.script("test-dev-data", [
            .init(status: "UPDATE_IN_PROGRESS", events: [("FilesBucket", "UPDATE_IN_PROGRESS", nil)]),
            .init(status: "UPDATE_ROLLBACK_IN_PROGRESS", events: [("FilesBucket", "UPDATE_FAILED", "Access Denied")]),
            .init(status: "UPDATE_ROLLBACK_COMPLETE", events: [("FilesBucket", "UPDATE_COMPLETE", nil)]),
        ])
        let error = await #expect(throws: DeployError.self) { try await deploy(Fixtures.target(version: 2)) }
        #expect(error?.message.contains("FilesBucket (test/data/filesbucket) UPDATE_FAILED: Access Denied") == true)
        #expect(error?.message.contains("UPDATE_ROLLBACK_COMPLETE") == true)
        #expect(api.template("test-dev-data")?.contains("\"1\"") == true, "the old template still runs")
    }

    @Test func updateRollbackFailedIsReportedWithTheCommandThatContinuesTheRollback() async throws {
        api.seed("test-dev-data", status: "UPDATE_ROLLBACK_FAILED", events: [("FilesBucket", "UPDATE_FAILED", "cannot restore")])
        let error = await #expect(throws: DeployError.self) { try await deploy(Fixtures.target()) }
        #expect(error?.code == .needsContinueRollback)
        #expect(error?.hint?.contains("aws cloudformation continue-update-rollback --stack-name test-dev-data --region ap-northeast-1 --resources-to-skip FilesBucket") == true)
        #expect(api.calls("CreateChangeSet") == 0)
    }

    @Test func anOperationAlreadyRunningIsWaitedForNotDoubled() async throws {
        let target = Fixtures.target(version: 1)
        api.seed(target.stackName, status: "UPDATE_IN_PROGRESS", template: String(decoding: target.templateBody, as: UTF8.self), tags: target.tags)
        api.running(target.stackName, [.init(status: "UPDATE_IN_PROGRESS"), .init(status: "UPDATE_IN_PROGRESS"), .init(status: "UPDATE_COMPLETE")])
        let result = try await deploy(target)
        #expect(result.outcome == .unchanged)
        #expect(api.calls("ExecuteChangeSet") == 0)
        #expect(events.events.first?.message?.contains("waiting for the operation already running (UPDATE_IN_PROGRESS)") == true)
    }

    @Test func anOperationAlreadyRunningIsRefusedWithNoWait() async throws {
        api.seed("test-dev-data", status: "UPDATE_IN_PROGRESS")
        var options = Fixtures.options()
        options.waitForRunningOperations = false
        let error = await #expect(throws: DeployError.self) { try await deploy(Fixtures.target(), options: options) }
        #expect(error?.code == .stackBusy)
    }

    @Test func throttlingWhilePollingBacksOffAndCarriesOn() async throws {
        let throttled = AWSError(service: "cloudformation", operation: "DescribeStacks", status: 400, code: "Throttling", message: "Rate exceeded", requestID: nil)
        _ = try await deploy(Fixtures.target(version: 1))
        api.script("test-dev-data", [.init(status: "UPDATE_IN_PROGRESS"), .init(status: "UPDATE_COMPLETE")])
        api.failWhileFollowing("DescribeStacks", with: [throttled, throttled])
        api.failWhileFollowing("DescribeStackEvents", with: [throttled])
        let result = try await deploy(Fixtures.target(version: 2))
        #expect(result.outcome == .updated)
        #expect(events.events.filter { $0.message?.contains("throttling") == true }.count == 3)
        #expect(api.stack("test-dev-data")?.status == "UPDATE_COMPLETE")
    }

    @Test func anExecuteWhoseAnswerWasLostIsFollowedNotRepeated() async throws {
        _ = try await deploy(Fixtures.target(version: 1))
        api.loseAnswer(of: "ExecuteChangeSet")
        api.script("test-dev-data", [.init(status: "UPDATE_IN_PROGRESS"), .init(status: "UPDATE_COMPLETE")])
        let result = try await deploy(Fixtures.target(version: 2))
        #expect(result.outcome == .updated)
        #expect(api.calls("ExecuteChangeSet") == 2, "one for the create, one for the update: the lost one is not sent again")
        #expect(events.events.contains { $0.message?.contains("answer to ExecuteChangeSet was lost") == true })
    }

    @Test func aCreateChangeSetWhoseAnswerWasLostIsFoundByName() async throws {
        api.loseAnswer(of: "CreateChangeSet")
        let result = try await deploy(Fixtures.target())
        #expect(result.outcome == .created)
        #expect(api.calls("CreateChangeSet") == 1)
    }

    @Test func productionRefusesToReplaceAStatefulResourceUnlessAllowed() async throws {
        _ = try await deploy(Fixtures.target(version: 1))
        api.changes(for: "test-dev-data", [
            PlannedChange(action: "Modify", logicalResourceID: "FilesBucket", resourceType: "AWS::S3::Bucket", replacement: "True", scope: ["Properties"],
                          details: [ChangeDetail(attribute: "Properties", name: "BucketName", requiresRecreation: "Always")]),
        ])
        let error = await #expect(throws: DeployError.self) { try await deploy(Fixtures.target(version: 2), options: Fixtures.options(production: true)) }
        #expect(error?.code == .refusedReplacement)
        #expect(error?.hint?.contains("--allow-replacement FilesBucket") == true)
        #expect(api.calls("ExecuteChangeSet") == 1)

        let result = try await deploy(Fixtures.target(version: 2), options: Fixtures.options(production: true, allow: ["FilesBucket"]))
        #expect(result.outcome == .updated)
        #expect(api.stack("test-dev-data")?.terminationProtection == true, "production stacks get termination protection")
    }

    @Test func developmentReplacesStatefulResourcesWithAWarningOnly() async throws {
        _ = try await deploy(Fixtures.target(version: 1))
        api.changes(for: "test-dev-data", [PlannedChange(action: "Modify", logicalResourceID: "FilesBucket", resourceType: "AWS::S3::Bucket", replacement: "True")])
        let result = try await deploy(Fixtures.target(version: 2))
        #expect(result.outcome == .updated)
        #expect(api.stack("test-dev-data")?.terminationProtection == false)
    }

    @Test func templatesOverTheInlineLimitGoThroughTheBootstrapBucket() async throws {
        api.seed(BootstrapStack.stackName, status: "CREATE_COMPLETE", outputs: [BootstrapStack.bucketOutput: "tenkai-artifacts-1"])
        let store = MemoryArtifactStore()
        let target = Fixtures.target(padding: 60_000)
        #expect(target.templateBody.count > 51_200)
        let result = try await deploy(target, artifacts: store)
        #expect(result.outcome == .created)
        #expect(store.keys == ["tenkai-artifacts-1/templates/test-dev-data/\(target.templateSHA256).template.json"])
    }

    @Test func aLargeTemplateWithoutBootstrapSaysToBootstrap() async throws {
        let error = await #expect(throws: DeployError.self) { try await deploy(Fixtures.target(padding: 60_000), artifacts: MemoryArtifactStore()) }
        #expect(error?.code == .missingBootstrap)
        #expect(error?.hint?.contains("tenkai bootstrap") == true)
    }

    @Test func theDirectMethodCreatesAndUpdatesWithoutChangeSets() async throws {
        var options = Fixtures.options()
        options.method = .direct
        #expect(try await deploy(Fixtures.target(version: 1), options: options).outcome == .created)
        #expect(try await deploy(Fixtures.target(version: 2), options: options).outcome == .updated)
        options.force = true
        #expect(try await deploy(Fixtures.target(version: 2), options: options).outcome == .unchanged, "UpdateStack's 'No updates' error means unchanged")
        #expect(api.calls("CreateChangeSet") == 0)
        #expect(api.calls("CreateStack") == 1)
        #expect(api.calls("UpdateStack") == 2)
    }

    @Test func theDirectMethodFollowsACreateWhoseAnswerWasLost() async throws {
        var options = Fixtures.options()
        options.method = .direct
        api.loseAnswer(of: "CreateStack")
        #expect(try await deploy(Fixtures.target(), options: options).outcome == .created)
        #expect(api.calls("CreateStack") == 1)
    }

    @Test func theDirectMethodIsRefusedInProduction() async throws {
        var options = Fixtures.options(production: true)
        options.method = .direct
        await #expect(throws: DeployError.self) { try await deploy(Fixtures.target(), options: options) }
        #expect(api.calls("CreateStack") == 0)
    }
}
