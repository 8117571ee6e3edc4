import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Releases of a service whose blue/green ECS drives (`Service.ecsManagedDeployment`), against
/// moto with signature checks. moto points the service at the new task definition (UpdateService)
/// but does not model a deployment's progress, so ``ReleaseEmulatorProxy/ECSDeploymentScript``
/// scripts the rollout state `DescribeServices` shows; everything else is moto's.
@Suite("Following ECS's own blue/green deployment", .serialized)
struct ECSManagedReleaseMotoTests {
    func managed(_ fixture: ReleaseFixture) -> ReleaseTarget {
        var target = fixture.target
        target.ecsManaged = true
        return target
    }

    @Test func aCompletedDeploymentIsFollowedAndRecordedWithoutTouchingTheListener() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.ecsDeployment = .init(service: fixture.target.blue.serviceName, describesBeforeEnd: 3)
        let started = Date()
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(100), reporter: reporter, target: managed(fixture))
            .run(image: fixture.images[0])

        #expect(record.result == "succeeded")
        // Recording the image in the stack makes CloudFormation put the service on a revision of
        // its own with the same image (the release's revision deployed first, as followed above).
        let serviceDefinition = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        let serving = try await ECS(fixture.session).describeTaskDefinition(serviceDefinition)
        #expect(serving["containerDefinitions"]?.arrayValue?.first?["image"]?.stringValue == fixture.images[0])
        let definition = try await ECS(fixture.session).describeTaskDefinition(try #require(record.taskDefinitionArn))
        #expect(definition["containerDefinitions"]?.arrayValue?.first?["image"]?.stringValue == fixture.images[0])
        let progress = reporter.events.filter { $0.kind == .releaseProgress }.compactMap(\.message)
        #expect(progress.contains { $0.contains("IN_PROGRESS: 0/2 tasks running") })
        #expect(progress.contains { $0.contains("COMPLETED: 2/2 tasks running") })
        // ECS moves the traffic: no listener call, no green service of tenkai's.
        #expect(fixture.proxy.count("ModifyListener", since: started) == 0)
        #expect(fixture.proxy.count("CreateService", since: started) == 0)
        #expect(try await fixture.service(fixture.target.green) == nil)
        // The migration ran first, with the new revision.
        #expect(fixture.proxy.startedTasks.map(\.taskDefinition) == [record.taskDefinitionArn])
        let runTask = try #require(fixture.proxy.calls.firstIndex { $0.operation == "RunTask" })
        let update = try #require(fixture.proxy.calls.firstIndex { $0.operation == "UpdateService" })
        #expect(runTask < update)
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await fixture.records().map(\.result) == ["succeeded"])
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func anAlarmDuringTheDeploymentPointsTheServiceBackAtThePreviousRevision() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.ecsDeployment = .init(service: fixture.target.blue.serviceName, describesBeforeEnd: 100_000)
        let before = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        let reporter = RecordingReporter()
        let engine = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: reporter, target: managed(fixture))
        let release = Task { try await engine.run(image: fixture.images[0]) }
        let deadline = ContinuousClock.now + .seconds(20)
        while !reporter.events.contains(where: { $0.message?.contains("IN_PROGRESS") == true }) {
            try #require(ContinuousClock.now < deadline, "the deployment was never reported in progress")
            try await Task.sleep(for: .milliseconds(50))
        }
        try await fixture.setAlarm("ALARM")

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains("alarm \(fixture.alarm) is in ALARM") == true)
        #expect(try await fixture.service(fixture.target.blue)?.taskDefinition == before)
        #expect(fixture.proxy.count("UpdateService") == 2)
        #expect(reporter.events.contains { $0.kind == .rolledBack && $0.message?.hasPrefix("ECS is rolling back to \(before): alarm") == true })
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func aDeploymentECSFailsIsReportedAsItsRollbackWithECSsReason() async throws {
        let fixture = try await ReleaseFixture.start()
        let reason = "ECS deployment circuit breaker: tasks failed to start."
        fixture.proxy.ecsDeployment = .init(service: fixture.target.blue.serviceName, describesBeforeEnd: 2, failure: reason)
        let reporter = RecordingReporter()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.defaultCanary, bake: .zero, reporter: reporter, target: managed(fixture)).run(image: fixture.images[0])
        }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains(reason) == true)
        #expect(fixture.proxy.count("UpdateService") == 1, "ECS rolls back itself; tenkai does not ask again")
        #expect(reporter.events.contains { $0.kind == .rolledBack && $0.message?.hasPrefix("ECS rolled the deployment back: ECS deployment") == true })
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
    }
}
