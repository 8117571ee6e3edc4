import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// After a release into green, the stack's own service (blue) takes the image back, so outside a
/// release the CloudFormation-managed service serves and the account matches the templates.
/// moto (signatures checked, with `scripts/moto-server.py`'s additions, so that UpdateStack replaces the task definition and updates
/// the stack's service, as CloudFormation does) behind ``ReleaseEmulatorProxy``; the failed stack
/// update is the proxy's fault (`UpdateStack` answers `ValidationError`).
@Suite("The release hands traffic back to the stack's service", .serialized)
struct ReleaseHandBackMotoTests {
    /// The image in the task definition blue's service runs.
    func blueImage(_ fixture: ReleaseFixture) async throws -> String? {
        let blue = try #require(try await fixture.service(fixture.target.blue))
        let definition = try await ECS(fixture.session).describeTaskDefinition(try #require(blue.taskDefinition))
        return definition["containerDefinitions"]?.arrayValue?.first { $0["name"]?.stringValue == "app" }?["image"]?.stringValue
    }

    func releaseState(_ fixture: ReleaseFixture) async throws -> ReleaseState? {
        guard let object = try await fixture.object("state.json") else { return nil }
        return try JSONDecoder().decode(ReleaseState.self, from: object.body)
    }

    func refusal(_ fixture: ReleaseFixture) async throws -> DeployError? {
        try await ReleasesInFlight(s3: S3(fixture.session), bucket: fixture.bucket).refusal(environment: "test", systems: ["fileshare"])
    }

    @Test func aCanaryReleaseEndsOnTheStacksServiceAndTheNextDeployChangesNothing() async throws {
        let fixture = try await ReleaseFixture.start()
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(300), reporter: reporter).run(image: fixture.images[0])

        // The stack's service runs a task definition of the stack's (not the release's) with the released digest.
        let blue = try #require(try await fixture.service(fixture.target.blue))
        #expect(blue.taskDefinition != record.taskDefinitionArn)
        #expect(try await blueImage(fixture) == fixture.images[0])
        #expect(blue.desiredCount == 2)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.stackStatus.rawValue == "UPDATE_COMPLETE")
        #expect(record.serving == "blue")

        // Order: the stack update, then blue's traffic, then green down.
        let calls = fixture.proxy.calls
        let update = try #require(calls.firstIndex { $0.operation == "UpdateStack" })
        let back = try #require(calls.lastIndex { $0.operation == "ModifyListener" })
        let greenDown = try #require(calls.lastIndex { $0.operation == "UpdateService" })
        #expect(update < back && back < greenDown)
        let steps = reporter.events.filter { $0.kind == .releaseStep }.compactMap(\.status)
        #expect(steps.suffix(2) == ["hand-back", "finish"])
        #expect(reporter.events.contains { $0.kind == .releaseProgress && $0.message == "blue: 2/2 targets healthy" })

        // A deploy of the same template after the release changes nothing, and writes nothing.
        try await expectRedeployChangesNothing(
            stackName: fixture.stackName, templateBody: ReleaseFixture.template(), parameters: ["WebServiceAppImage": ""],
            session: fixture.session, proxy: fixture.proxy, writes: ["UpdateService", "ModifyListener"])

        // The next release goes to green again and ends on blue again.
        let second = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[1])
        #expect(second.serving == "blue")
        #expect(try await blueImage(fixture) == fixture.images[1])
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await fixture.service(fixture.target.green)?.taskDefinition == second.taskDefinitionArn)
        #expect(try await fixture.imageParameter() == fixture.images[1])
        #expect(try await fixture.records().map(\.serving) == ["blue", "blue"])
    }

    @Test func aFailedStackUpdateLeavesGreenServingRefusesDeploysAndARerunFinishes() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.updateStackFailure = "Stack:fileshare-test-app is in UPDATE_ROLLBACK_FAILED state and can not be updated."
        let reporter = RecordingReporter()
        let engine = fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter)
        let error = await #expect(throws: ReleaseError.self) { try await engine.run(image: fixture.images[0]) }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("released \(fixture.images[0]): green (fileshare-test-web-green) serves it and is healthy") == true)
        #expect(error?.message.contains("UPDATE_ROLLBACK_FAILED") == true)
        #expect(error?.hint?.contains("run `tenkai release` again with --image \(fixture.images[0])") == true)
        #expect(reporter.events.last?.kind == .releaseFailed)
        #expect(reporter.events.last?.status == "handBackFailed")
        #expect(!reporter.events.contains { $0.kind == .rolledBack })

        // Green serves the released image; nothing rolled back; the state says where it stopped.
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 2)
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        let state = try #require(try await releaseState(fixture))
        #expect(state.phase == .handingBack)
        #expect(try await fixture.object("lock.json") == nil)
        #expect(try await fixture.records().isEmpty)

        // Deploys and plans of the environment are refused meanwhile, naming the release.
        let who = try await STS(fixture.session).getCallerIdentity().arn
        let refused = try #require(try await refusal(fixture))
        #expect(refused.code == .stackBusy)
        #expect(refused.message.contains("fileshare/web (run \(engine.options.runID) by \(who), since \(state.startedAt), \(fixture.images[0]), handingBack)"))
        #expect(refused.hint?.contains("tenkai release --env test --system fileshare --service web --image \(fixture.images[0])") == true)
        #expect(refused.hint?.contains("delete s3://\(fixture.bucket)/releases/fileshare/test/web/state.json") == true)
        #expect(try await ReleasesInFlight(s3: S3(fixture.session), bucket: fixture.bucket).refusal(environment: "test", systems: ["crm"]) == nil)
        #expect(try await ReleasesInFlight(s3: S3(fixture.session), bucket: fixture.bucket).refusal(environment: "prod", systems: ["fileshare"]) == nil)

        // The cause fixed, a rerun with the same image only finishes the hand-back.
        fixture.proxy.updateStackFailure = nil
        let rerun = Date()
        let resumed = RecordingReporter()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: resumed).run(image: fixture.images[0])
        #expect(record.runID == state.runID)
        #expect(record.serving == "blue")
        #expect(resumed.events.contains { $0.kind == .notice && $0.message?.hasPrefix("resuming release \(state.runID)") == true })
        for untouched in ["RegisterTaskDefinition", "RunTask", "CreateService"] {
            #expect(fixture.proxy.count(untouched, since: rerun) == 0, "\(untouched)")
        }
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await blueImage(fixture) == fixture.images[0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await releaseState(fixture) == nil)
        #expect(try await refusal(fixture) == nil)
    }

    @Test func blueNotBecomingHealthyLeavesTrafficOnGreenAndARerunFinishes() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.unhealthyTargetGroup = fixture.target.blue.targetGroupArn
        let engine = ReleaseEngine(
            target: fixture.target,
            options: ReleaseOptions(
                strategy: .allAtOnce, bakeOverride: .milliseconds(200), healthTimeout: .seconds(2), pollInterval: .milliseconds(100),
                lockLifetime: .seconds(3)),
            session: fixture.session, bucket: fixture.bucket, reporter: RecordingReporter())
        let error = await #expect(throws: ReleaseError.self) { try await engine.run(image: fixture.images[0]) }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("blue could not take it back: blue did not become healthy within 2.0 seconds") == true, "\(error?.message ?? "")")
        // The stack took the image; the listener never moved to the unhealthy blue.
        #expect(try await fixture.imageParameter() == fixture.images[0])
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 2)
        #expect(try await releaseState(fixture)?.phase == .handingBack)

        fixture.proxy.unhealthyTargetGroup = nil
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        #expect(record.serving == "blue")
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await releaseState(fixture) == nil)
    }

    @Test func ctrlCDuringTheHandBackKeepsTheReleaseOnGreenAndARerunFinishes() async throws {
        let fixture = try await ReleaseFixture.start()
        let interruption = ReleaseInterruption()
        let reporter = InterruptingReporter(at: "hand-back", interruption: interruption)
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter, interruption: interruption).run(image: fixture.images[0])
        }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("interrupted (SIGINT)") == true)
        #expect(!reporter.recorded.events.contains { $0.kind == .rolledBack }, "a released, healthy version is never rolled back")
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 2)
        #expect(try await releaseState(fixture)?.phase == .handingBack)

        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        #expect(record.serving == "blue")
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await blueImage(fixture) == fixture.images[0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await releaseState(fixture) == nil)
    }

    @Test func anotherImageAfterAnUnfinishedHandBackReleasesFromGreenIntoBlue() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.updateStackFailure = "Rate exceeded"
        await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        fixture.proxy.updateStackFailure = nil
        #expect(try await fixture.weights() == ["blue": 0, "green": 100])

        // Green serves images[0]; the next release fills blue (the code that copes with green serving).
        let reporter = RecordingReporter()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: reporter).run(image: fixture.images[1])
        #expect(record.serving == "blue")
        #expect(
            reporter.events.contains { $0.kind == .notice && $0.message?.contains("without its hand-back to blue") == true },
            "\(reporter.events.map { "\($0.kind.rawValue) \($0.message ?? "")" })")
        #expect(!reporter.events.contains { $0.kind == .rolledBack })
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        // Blue took the released revision first, then the stack rolled it onto its own revision of the image.
        #expect(try await blueImage(fixture) == fixture.images[1])
        #expect(try await fixture.service(fixture.target.blue)?.taskDefinition != record.taskDefinitionArn)
        #expect(reporter.events.filter { $0.kind == .releaseStep }.compactMap(\.status).suffix(2) == ["hand-back", "finish"])
        #expect(try await fixture.imageParameter() == fixture.images[1])
        #expect(try await releaseState(fixture) == nil)
    }

    @Test func aReleaseIntoBlueWhoseStackUpdateFailsKeepsBlueServingAndARerunFinishes() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.updateStackFailure = "Rate exceeded"
        await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[0])
        }
        // Green serves images[0]; releasing images[1] goes into blue, and its stack update fails too.
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[1])
        }
        #expect(error?.code == .handBackFailed)
        #expect(error?.message.contains("released \(fixture.images[1]): blue (fileshare-test-web) serves it and is healthy, but its stack could not take the image") == true)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        #expect(try await fixture.imageParameter() == ReleaseFixture.firstImage)
        #expect(try await releaseState(fixture)?.newColor == "blue")

        fixture.proxy.updateStackFailure = nil
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(200), reporter: RecordingReporter()).run(image: fixture.images[1])
        #expect(record.serving == "blue")
        #expect(try await blueImage(fixture) == fixture.images[1])
        #expect(try await fixture.imageParameter() == fixture.images[1])
        #expect(try await fixture.service(fixture.target.green)?.desiredCount == 0)
        #expect(try await releaseState(fixture) == nil)
    }
}

/// Records events, and interrupts the release (as Ctrl-C does) when a step begins.
final class InterruptingReporter: DeployReporter {
    let recorded = RecordingReporter()
    let step: String
    let interruption: ReleaseInterruption

    init(at step: String, interruption: ReleaseInterruption) {
        self.step = step
        self.interruption = interruption
    }

    func report(_ event: DeployEvent) {
        recorded.report(event)
        if event.kind == .releaseStep, event.status == step { interruption.interrupt("SIGINT") }
    }
}
