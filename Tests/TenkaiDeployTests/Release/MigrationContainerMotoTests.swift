import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A migration in a container of its own beside long-running ones (the CRM's task): the release
/// overrides that container's command, takes its exit code when it stops, and stops the task.
/// moto behind ``ReleaseEmulatorProxy``, whose scripted migration task keeps running after its
/// migration container stopped, as ECS's would.
@Suite("A migration container beside others", .serialized)
struct MigrationContainerMotoTests {
    func target(_ fixture: ReleaseFixture) -> ReleaseTarget {
        var target = fixture.target
        target.migrationContainer = "migrate"
        return target
    }

    @Test func itsExitCodeDecidesAndTheTaskIsStoppedBeforeGreenStarts() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.migrationContainerStopsBeforeTask = true
        let started = Date()
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(100), reporter: RecordingReporter(), target: target(fixture))
            .run(image: fixture.images[0])
        #expect(record.result == "succeeded")
        let task = try #require(fixture.proxy.startedTasks.first)
        #expect(task.container == "migrate")
        #expect(task.command == ["./fileshare", "migrate"])
        #expect(task.stoppedByCaller)
        let stop = try #require(fixture.proxy.calls.firstIndex { $0.operation == "StopTask" })
        let green = try #require(fixture.proxy.calls.firstIndex { $0.operation == "CreateService" && $0.time >= started })
        #expect(stop < green)
    }

    /// FileShare's task: a `migrate` container of the app's own image; the release must migrate
    /// with the new version, and leave containers of other images alone.
    @Test func containersOfTheReleasedImageGetTheNewImageTogether() async throws {
        var migrate = ContainerDefinition(name: "migrate", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare:first")
        migrate.essential = false
        let sidecar = ContainerDefinition(name: "collector", image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3")
        let fixture = try await ReleaseFixture.start(besideApp: [migrate, sidecar])
        fixture.proxy.migrationContainerStopsBeforeTask = true
        let record = try await fixture.engine(.allAtOnce, bake: .milliseconds(100), reporter: RecordingReporter(), target: target(fixture))
            .run(image: fixture.images[0])
        #expect(record.result == "succeeded")
        let definition = try await ECS(fixture.session).describeTaskDefinition(try #require(record.taskDefinitionArn))
        var images: [String: String] = [:]
        for container in definition["containerDefinitions"]?.arrayValue ?? [] {
            images[container["name"]?.stringValue ?? "?"] = container["image"]?.stringValue
        }
        #expect(images == ["app": fixture.images[0], "migrate": fixture.images[0], "collector": sidecar.image])
        #expect(fixture.proxy.startedTasks.first?.taskDefinition == record.taskDefinitionArn)
    }

    @Test func aFailingMigrationContainerStopsTheReleaseAndItsTask() async throws {
        let fixture = try await ReleaseFixture.start()
        fixture.proxy.migrationContainerStopsBeforeTask = true
        fixture.proxy.migrationExitCode = 2
        let started = Date()
        let error = await #expect(throws: ReleaseError.self) {
            try await fixture.engine(.allAtOnce, bake: .zero, reporter: RecordingReporter(), target: target(fixture)).run(image: fixture.images[0])
        }
        #expect(error?.code == .migrationFailed)
        #expect(error?.message.contains("exited 2") == true)
        #expect(fixture.proxy.startedTasks.first?.stoppedByCaller == true)
        #expect(fixture.proxy.count("CreateService", since: started) == 0)
        #expect(fixture.proxy.count("ModifyListener", since: started) == 0)
    }
}
