import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Releases of a service whose blue/green ECS drives (`Service.ecsManagedDeployment`), against
/// moto with signature checks. The release updates the stack's image parameter; moto (with
/// scripts/moto-server.py) replaces the task definition and moves the service onto it. moto does
/// not model a deployment's progress, CloudFormation waiting on it, or `CancelUpdateStack`, so
/// ``ReleaseEmulatorProxy/ECSDeploymentScript`` scripts those; everything else is moto's.
@Suite("Following ECS's own blue/green deployment through CloudFormation", .serialized)
struct ECSManagedReleaseMotoTests {
    func managed(_ fixture: ReleaseFixture) -> ReleaseTarget {
        var target = fixture.target
        target.ecsManaged = true
        return target
    }

    func script(_ fixture: ReleaseFixture, describesBeforeEnd: Int, failure: String? = nil) -> ReleaseEmulatorProxy.ECSDeploymentScript {
        .init(
            service: fixture.target.blue.serviceName, describesBeforeEnd: describesBeforeEnd, failure: failure, stack: fixture.stackName,
            rollback: { await fixture.rollBackStack(to: ReleaseFixture.firstImage) })
    }

    func image(of definition: String, _ fixture: ReleaseFixture) async throws -> String? {
        try await ECS(fixture.session).describeTaskDefinition(definition)["containerDefinitions"]?.arrayValue?.first?["image"]?.stringValue
    }

    @Test func theStackDeploysTheImageOnceAndTheReleaseFollowsItToTheEnd() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.ecsDeployment = script(fixture, describesBeforeEnd: 3)
        let before = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        let started = Date()
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(100), reporter: reporter, target: managed(fixture))
            .run(image: fixture.images[0])

        #expect(record.result == "succeeded")
        // The service runs the stack's own revision, with the image by digest, and the record names it.
        let stack = try #require(try await CloudFormation(fixture.session).describeStack(fixture.stackName))
        #expect(stack.stackStatus.rawValue == "UPDATE_COMPLETE")
        let resources = try await CloudFormation(fixture.session).describeStackResources(stackName: fixture.stackName, logicalResourceId: "WebTaskDefinition")
        let stackRevision = try #require(resources.first?.physicalResourceId)
        #expect(stackRevision != before)
        #expect(try await fixture.service(fixture.target.blue)?.taskDefinition == stackRevision)
        #expect(record.taskDefinitionArn == stackRevision)
        #expect(try await image(of: stackRevision, fixture) == fixture.images[0])
        #expect(fixture.images[0].contains("@sha256:"))
        // Exactly one deployment of the new image: the stack's update; no UpdateService of tenkai's,
        // no parameter write after it.
        #expect(fixture.proxy.scriptedDeployments == [stackRevision])
        #expect(fixture.proxy.count("UpdateStack", since: started) == 1)
        #expect(fixture.proxy.count("UpdateService", since: started) == 0)
        let progress = reporter.events.filter { $0.kind == .releaseProgress }.compactMap(\.message)
        #expect(progress.contains { $0.contains("UPDATE_IN_PROGRESS") })
        #expect(progress.contains { $0.contains("IN_PROGRESS: 0/2 tasks running") })
        #expect(progress.contains { $0.contains("COMPLETED: 2/2 tasks running") })
        #expect(progress.contains { $0.hasSuffix("UPDATE_COMPLETE") })
        // ECS moves the traffic: no listener call, no green service of tenkai's.
        #expect(fixture.proxy.count("ModifyListener", since: started) == 0)
        #expect(fixture.proxy.count("CreateService", since: started) == 0)
        #expect(try await fixture.service(fixture.target.green) == nil)
        // The migration ran first, with a revision of the new image registered for it alone.
        let migration = try #require(fixture.proxy.startedTasks.first?.taskDefinition)
        #expect(fixture.proxy.startedTasks.count == 1 && migration != stackRevision)
        #expect(try await image(of: migration, fixture) == fixture.images[0])
        let runTask = try #require(fixture.proxy.calls.firstIndex { $0.operation == "RunTask" })
        let update = try #require(fixture.proxy.calls.firstIndex { $0.operation == "UpdateStack" })
        #expect(runTask < update)
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await fixture.records().map(\.result) == ["succeeded"])
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func anAlarmDuringTheDeploymentCancelsTheStackUpdateAndCloudFormationRollsBack() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.ecsDeployment = script(fixture, describesBeforeEnd: 100_000)
        let before = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        let reporter = RecordingReporter()
        let engine = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: reporter, target: managed(fixture))
        let release = Task { try await engine.run(image: fixture.images[0]) }
        let deadline = ContinuousClock.now + .seconds(20)
        while !reporter.events.contains(where: { $0.message?.contains("0/2 tasks running") == true }) {
            try #require(ContinuousClock.now < deadline, "the deployment was never reported in progress")
            try await Task.sleep(for: .milliseconds(50))
        }
        let deployed = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        #expect(deployed != before)
        try await fixture.setAlarm("ALARM")

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains("alarm \(fixture.alarm) is in ALARM") == true)
        #expect(fixture.proxy.count("CancelUpdateStack") == 1)
        #expect(fixture.proxy.count("UpdateService") == 0)
        let stack = try #require(try await CloudFormation(fixture.session).describeStack(fixture.stackName))
        #expect(stack.stackStatus.rawValue == "UPDATE_ROLLBACK_COMPLETE")
        // The service is back on the previous image (moto's rollback re-registers the previous definition).
        let serving = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        #expect(serving != deployed)
        #expect(try await image(of: serving, fixture) == ReleaseFixture.firstImage)
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        let rolledBack = "CloudFormation rolled stack \(fixture.stackName) back to \(before): alarm"
        #expect(reporter.events.contains { $0.kind == .rolledBack && $0.message?.hasPrefix(rolledBack) == true })
        #expect(reporter.events.contains { $0.message?.hasSuffix("UPDATE_ROLLBACK_COMPLETE") == true })
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func anInterruptionCancelsTheStackUpdateToo() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.ecsDeployment = script(fixture, describesBeforeEnd: 100_000)
        let reporter = RecordingReporter()
        let interruption = ReleaseInterruption()
        let engine = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: reporter, interruption: interruption, target: managed(fixture))
        let release = Task { try await engine.run(image: fixture.images[0]) }
        let deadline = ContinuousClock.now + .seconds(20)
        while !reporter.events.contains(where: { $0.message?.contains("0/2 tasks running") == true }) {
            try #require(ContinuousClock.now < deadline, "the deployment was never reported in progress")
            try await Task.sleep(for: .milliseconds(50))
        }
        interruption.interrupt("SIGTERM")

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains("interrupted: SIGTERM") == true)
        #expect(fixture.proxy.count("CancelUpdateStack") == 1)
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
    }

    @Test func aDeploymentECSFailsRollsTheStackBackAndIsReportedWithECSsReason() async throws {
        let fixture = try await ReleaseFixture.start()
        let reason = "ECS deployment circuit breaker: tasks failed to start."
        fixture.proxy.ecsDeployment = script(fixture, describesBeforeEnd: 2, failure: reason)
        let reporter = RecordingReporter()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.defaultCanary, bake: .zero, reporter: reporter, target: managed(fixture)).run(image: fixture.images[0])
        }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains(reason) == true)
        #expect(fixture.proxy.count("CancelUpdateStack") == 0, "CloudFormation rolls back itself; tenkai does not cancel")
        #expect(fixture.proxy.count("UpdateService") == 0)
        #expect(try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.stackStatus.rawValue == "UPDATE_ROLLBACK_COMPLETE")
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        let rolledBack = "ECS failed the deployment; CloudFormation rolled back: ECS deployment"
        #expect(reporter.events.contains { $0.kind == .rolledBack && $0.message?.hasPrefix(rolledBack) == true })
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
    }
}
