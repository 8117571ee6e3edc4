import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A version built as several images (the CRM's six) released at once: the app's image and the
/// sidecar's, in one task definition revision, one migration, one green, one hand-back. moto with
/// signature checks behind ``ReleaseEmulatorProxy`` (which fakes only the migration task).
@Suite("Releasing several images of one service against moto", .serialized)
struct ReleaseContainerImagesMotoTests {
    /// Container name → image of a task definition.
    static func images(_ fixture: ReleaseFixture, taskDefinition: String) async throws -> [String: String] {
        let definition = try await ECS(fixture.session).describeTaskDefinition(taskDefinition)
        var images: [String: String] = [:]
        for container in definition["containerDefinitions"]?.arrayValue ?? [] {
            images[container["name"]?.stringValue ?? "?"] = container["image"]?.stringValue
        }
        return images
    }

    static func parameter(_ name: String, _ fixture: ReleaseFixture) async throws -> String? {
        try await CloudFormation(fixture.session).describeStack(fixture.stackName)?.parameters.first { $0.parameterKey == name }?.parameterValue
    }

    @Test func bothImagesServeFromOneRevisionAfterOneMigrationAndOneStackUpdate() async throws {
        let fixture = try await ReleaseFixture.start(sidecar: true)
        #expect(fixture.target.containerImageParameters == ["sidecar": "WebServiceSidecarImage"], "read from the stack's output")
        let (app, sidecar) = (fixture.images[0], fixture.images[1])
        let started = Date()
        let record = try await fixture.engine(.defaultCanary, bake: .milliseconds(200), reporter: RecordingReporter(), containerImages: ["sidecar": sidecar])
            .run(image: app)

        #expect(record.result == "succeeded")
        #expect(record.image == app)
        #expect(record.containerImages == ["sidecar": sidecar])
        #expect(try await fixture.records() == [record])
        // The release's one revision carried both images; the migration ran once, in it.
        let released = try #require(record.taskDefinitionArn)
        #expect(try await Self.images(fixture, taskDefinition: released) == ["app": app, "sidecar": sidecar])
        #expect(fixture.proxy.count("RegisterTaskDefinition", since: started) == 1)
        #expect(fixture.proxy.startedTasks.map(\.taskDefinition) == [released])
        // One UpdateStack set both parameters; the stack's service (blue) serves both images.
        #expect(fixture.proxy.count("UpdateStack", since: started) == 1)
        #expect(try await Self.parameter("WebServiceAppImage", fixture) == app)
        #expect(try await Self.parameter("WebServiceSidecarImage", fixture) == sidecar)
        let serving = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        #expect(try await Self.images(fixture, taskDefinition: serving) == ["app": app, "sidecar": sidecar])
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
    }

    /// ECS drives the shift (`Service.ecsManagedDeployment`): the one `UpdateStack` carries both
    /// images, and the migration ran in a revision with both.
    @Test func anECSManagedReleaseSetsBothParametersInItsOneStackUpdate() async throws {
        let fixture = try await ReleaseFixture.start(sidecar: true)
        fixture.proxy.ecsDeployment = ECSManagedReleaseMotoTests().script(fixture, describesBeforeEnd: 2)
        var target = fixture.target
        target.ecsManaged = true
        let (app, sidecar) = (fixture.images[0], fixture.images[1])
        let started = Date()
        let record = try await fixture.engine(
            .defaultCanary, bake: .milliseconds(100), reporter: RecordingReporter(), target: target, containerImages: ["sidecar": sidecar]
        ).run(image: app)

        #expect(record.result == "succeeded")
        #expect(record.containerImages == ["sidecar": sidecar])
        #expect(fixture.proxy.count("UpdateStack", since: started) == 1)
        #expect(try await Self.parameter("WebServiceAppImage", fixture) == app)
        #expect(try await Self.parameter("WebServiceSidecarImage", fixture) == sidecar)
        let serving = try #require(try await fixture.service(fixture.target.blue)?.taskDefinition)
        #expect(try await Self.images(fixture, taskDefinition: serving) == ["app": app, "sidecar": sidecar])
        let migration = try #require(fixture.proxy.startedTasks.first?.taskDefinition)
        #expect(fixture.proxy.startedTasks.count == 1)
        #expect(try await Self.images(fixture, taskDefinition: migration) == ["app": app, "sidecar": sidecar])
    }

    @Test func anOtherImageMissingFromTheRegistryStopsTheReleaseBeforeAnythingChanges() async throws {
        let fixture = try await ReleaseFixture.start(sidecar: true)
        let missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "e", count: 64)
        let started = Date()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter(), containerImages: ["sidecar": missing])
                .run(image: fixture.images[0])
        }
        #expect(error?.code == .preflight)
        #expect(error?.message == "image \(missing) does not exist in its registry")
        #expect(fixture.proxy.count("RegisterTaskDefinition", since: started) == 0)
        #expect(fixture.proxy.count("PutObject", since: started) == 0, "no lock taken")
        #expect(try await Self.parameter("WebServiceSidecarImage", fixture) == ReleaseFixture.firstSidecarImage)
    }

    @Test func aContainerTheServiceDoesNotPublishIsRefusedAndTheOthersAreNamed() async throws {
        let fixture = try await ReleaseFixture.start(sidecar: true)
        let started = Date()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter(), containerImages: ["gateway": fixture.images[1]])
                .run(image: fixture.images[0])
        }
        #expect(error?.message == "service web of fileshare/test has no container 'gateway' whose image a release sets beside app's")
        #expect(error?.hint?.contains("name one of: sidecar") == true)
        #expect(fixture.proxy.calls.filter { $0.time >= started }.isEmpty, "refused before any call")
    }

    /// An interrupted release of two images resumes only with the same two; with one changed it
    /// is rolled back first, like a release of another image.
    @Test func aRerunWithAnotherSetOfImagesDoesNotResumeTheInterruptedRelease() async throws {
        let fixture = try await ReleaseFixture.start(sidecar: true)
        let (app, sidecar) = (fixture.images[0], fixture.images[1])
        let interruption = ReleaseInterruption()
        let engine = fixture.engine(
            .defaultCanary, bake: .seconds(60), reporter: RecordingReporter(), interruption: interruption, containerImages: ["sidecar": sidecar])
        let first = Task { try await engine.run(image: app) }
        try await fixture.waitForWeights(["blue": 90, "green": 10])
        first.cancel()
        _ = try? await first.value
        let state = try #require(try await fixture.object("state.json"))
        #expect(try JSONDecoder().decode(ReleaseState.self, from: state.body).containerImages == ["sidecar": sidecar], "the state holds the sidecar's image")

        let reporter = RecordingReporter()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(100), reporter: reporter).run(image: app)
        #expect(reporter.events.contains { $0.message?.contains("rolling it back first") == true })
        #expect(record.containerImages == nil)
        let released = try #require(record.taskDefinitionArn)
        #expect(try await Self.images(fixture, taskDefinition: released) == ["app": app, "sidecar": ReleaseFixture.firstSidecarImage])
    }
}
