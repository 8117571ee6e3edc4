import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Releases against moto with signature checks, through ``ReleaseEmulatorProxy`` (which fakes
/// only the migration task's `RunTask`/`DescribeTasks`). Bakes are shortened to fractions of a second.
@Suite("Releasing a service blue/green against moto", .serialized)
struct ReleaseMotoTests {
    @Test func aCanaryReleaseShiftsInStepsHandsBackToBlueAndRecordsItself() async throws {
        let fixture = try await ReleaseFixture.start()
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(400), reporter: reporter).run(image: fixture.images[0])

        #expect(record.result == "succeeded")
        #expect(record.image == fixture.images[0])
        #expect(record.who == (try await STS(fixture.session).getCallerIdentity().arn))
        #expect(record.serving == "blue")
        let shifts = reporter.events.filter { $0.kind == .trafficShifted }.compactMap(\.status)
        #expect(shifts == ["10", "100", "0"])
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])

        // Green ran the released task definition and is scaled down after the hand-back.
        let green = try #require(try await fixture.service(fixture.target.green))
        #expect(green.desiredCount == 0)
        #expect(green.taskDefinition == record.taskDefinitionArn)
        let definition = try await ECS(fixture.session).describeTaskDefinition(try #require(record.taskDefinitionArn))
        #expect(definition["containerDefinitions"]?.arrayValue?.first?["image"]?.stringValue == fixture.images[0])
        #expect(try await fixture.service(fixture.target.blue)?.desiredCount == 2)

        // The migration ran once with the new task definition, before any traffic moved.
        #expect(fixture.proxy.startedTasks.map(\.command) == [["./fileshare", "migrate"]])
        #expect(fixture.proxy.startedTasks.first?.taskDefinition == record.taskDefinitionArn)
        let runTask = try #require(fixture.proxy.calls.firstIndex { $0.operation == "RunTask" })
        let firstShift = try #require(fixture.proxy.calls.firstIndex { $0.operation == "ModifyListener" })
        #expect(runTask < firstShift)

        // Bucket: the record, no state, no lock; the stack keeps the image for the next deploy.
        #expect(try await fixture.records() == [record])
        #expect(try await fixture.object("state.json") == nil)
        #expect(try await fixture.object("lock.json") == nil)
        #expect(try await fixture.imageParameter() == fixture.images[0])
    }

    @Test func anAlarmDuringTheBakePutsAllTrafficBackOnBlueInOneCall() async throws {
        let fixture = try await ReleaseFixture.start()
        let reporter = RecordingReporter()
        let engine = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: reporter)
        let release = Task { try await engine.run(image: fixture.images[0]) }
        try await fixture.waitForWeights(["blue": 90, "green": 10])
        try await fixture.setAlarm("ALARM")
        let alarmVisible = Date()

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message.contains(fixture.alarm) == true)
        let rollback = try #require(reporter.events.first { $0.kind == .rolledBack })
        #expect(rollback.reason?.contains("alarm \(fixture.alarm) is in ALARM") == true)
        #expect(rollback.time.timeIntervalSince(alarmVisible) < 5)
        #expect(fixture.proxy.count("ModifyListener", since: alarmVisible) == 1)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await fixture.service(fixture.target.blue)?.desiredCount == 2)
        #expect(try await fixture.records().map(\.result) == ["rolled-back"])
        #expect(try await fixture.object("state.json") == nil)
        #expect(try await fixture.object("lock.json") == nil)
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
    }

    @Test func anUnhealthyGreenTargetDuringTheBakeRollsBackNamingIt() async throws {
        let fixture = try await ReleaseFixture.start()
        let reporter = RecordingReporter()
        let engine = fixture.engine(.linear(percent: 25, interval: .seconds(60)), bake: .seconds(60), reporter: reporter)
        let release = Task { try await engine.run(image: fixture.images[0]) }
        try await fixture.waitForWeights(["blue": 75, "green": 25])
        fixture.proxy.unhealthyTargetGroup = fixture.target.green.targetGroupArn

        let error = await #expect(throws: ReleaseError.self) { try await release.value }
        #expect(error?.code == .rolledBack)
        #expect(error?.message == "rolled back: target 10.0.2.11 of green is unhealthy (Target.ResponseCodeMismatch)")
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
    }

    @Test func aFailingMigrationStopsTheReleaseBeforeAnyTrafficMoves() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.migrationExitCode = 3
        let reporter = RecordingReporter()
        let started = Date()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.defaultCanary, bake: .milliseconds(200), reporter: reporter).run(image: fixture.images[0])
        }
        #expect(error?.code == .migrationFailed)
        #expect(error?.message.contains("exited 3") == true)
        #expect(fixture.proxy.count("ModifyListener", since: started) == 0)
        #expect(fixture.proxy.count("CreateService", since: started) == 0)
        #expect(fixture.proxy.count("RunTask", since: started) == 1)
        #expect(try await fixture.weights() == ["blue": 1])
        #expect(try await fixture.service(fixture.target.green) == nil)
        #expect(reporter.events.contains { $0.kind == .releaseFailed && $0.status == "migrationFailed" })
        #expect(try await fixture.object("state.json") == nil)
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func preflightRefusesAMissingImageAndAFiringAlarmWithoutChangingAnything() async throws {
        let fixture = try await ReleaseFixture.start()
        let started = Date()
        let missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "9", count: 64)
        let reporter = RecordingReporter()
        let noImage = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: reporter).run(image: missing)
        }
        #expect(noImage?.code == .preflight)
        #expect(noImage?.message.contains("does not exist") == true)
        #expect(reporter.events.last?.kind == .releaseFailed)
        #expect(reporter.events.last?.status == "refused")

        try await fixture.setAlarm("ALARM")
        let firing = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        #expect(firing?.code == .preflight)
        #expect(firing?.message.contains("alarm \(fixture.alarm) is in ALARM") == true)

        #expect(fixture.proxy.count("ModifyListener", since: started) == 0)
        #expect(fixture.proxy.count("RegisterTaskDefinition", since: started) == 0)
        #expect(try await fixture.object("lock.json") == nil)
        #expect(try await fixture.weights() == ["blue": 1])

        // Traffic split by hand, with no release in flight: refused, never guessed at.
        try await fixture.setAlarm("OK")
        try await ElasticLoadBalancingV2(fixture.session).modifyListener(
            listenerArn: fixture.target.listenerArn,
            defaultActions: [.weightedForward([(fixture.target.blue.targetGroupArn, 50), (fixture.target.green.targetGroupArn, 50)])])
        let split = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        #expect(split?.code == .inconsistent)
        #expect(split?.message == "the listener sends traffic to blue 50, green 50, and no release is in flight")
        #expect(try await fixture.weights() == ["blue": 50, "green": 50])
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func aReleaseInterruptedMidwayIsFinishedByTheNextRun() async throws {
        let fixture = try await ReleaseFixture.start()
        let first = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: RecordingReporter())
        let abandoned = Task { try await first.run(image: fixture.images[0]) }
        try await fixture.waitForWeights(["blue": 90, "green": 10])
        abandoned.cancel()
        await #expect(throws: CancellationError.self) { try await abandoned.value }

        // Traffic stays split, and the state says so.
        #expect(try await fixture.weights() == ["blue": 90, "green": 10])
        let state = try JSONDecoder().decode(ReleaseState.self, from: try #require(try await fixture.object("state.json")).body)
        #expect(state.greenPercent == 10)
        #expect(state.image == fixture.images[0])

        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(300), reporter: reporter).run(image: fixture.images[0])
        #expect(record.result == "succeeded")
        #expect(record.runID == state.runID)
        #expect(reporter.events.contains { $0.kind == .notice && $0.message?.hasPrefix("resuming release \(state.runID)") == true })
        #expect(reporter.events.filter { $0.kind == .trafficShifted }.compactMap(\.status) == ["10", "100", "0"])
        #expect(fixture.proxy.startedTasks.count == 1)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.object("state.json") == nil)
    }

    @Test func aSecondReleaseIsRefusedWhileOneHoldsTheLockAndAnInterruptionRollsBack() async throws {
        let fixture = try await ReleaseFixture.start()
        let interruption = ReleaseInterruption()
        let first = fixture.engine(.defaultCanary, bake: .seconds(60), reporter: RecordingReporter(), interruption: interruption)
        let running = Task { try await first.run(image: fixture.images[0]) }
        try await fixture.waitForWeights(["blue": 90, "green": 10])
        // Longer than the lock's 3 s lifetime: the running release keeps renewing it.
        try await Task.sleep(for: .seconds(4))

        let refused = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter()).run(image: fixture.images[1])
        }
        #expect(refused?.code == .locked)
        #expect(refused?.message.contains(first.options.runID) == true)
        #expect(try await fixture.weights() == ["blue": 90, "green": 10])

        interruption.interrupt("SIGINT")
        let rolledBack = await #expect(throws: ReleaseError.self) { try await running.value }
        #expect(rolledBack?.code == .rolledBack)
        #expect(rolledBack?.message.contains("interrupted: SIGINT") == true)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.object("lock.json") == nil)
    }
}
