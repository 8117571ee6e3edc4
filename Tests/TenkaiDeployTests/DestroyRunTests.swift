import Foundation
import TenkaiCore
import Testing
@testable import TenkaiDeploy

@Suite("Destroying: reverse order, production guard, retained resources")
struct DestroyRunTests {
    let api = FakeCloudFormation()

    func destroy(_ targets: [DeployTarget], production: Bool = false, confirmed: Bool = false, events: RecordingReporter = RecordingReporter()) async throws -> [DestroyRun.Result] {
        try await DestroyRun(targets: targets, apis: { _ in api }, reporter: events, options: Fixtures.options(production: production), confirmed: confirmed).run()
    }

    @Test func deletesInReverseDependencyOrderAndSkipsAbsentStacks() async throws {
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        api.seed("test-dev-app", status: "UPDATE_COMPLETE")
        let results = try await destroy([Fixtures.target("data"), Fixtures.target("cache"), Fixtures.target("app", dependencies: ["data"])])
        #expect(results.map(\.stack) == ["app", "cache", "data"])
        #expect(results.map(\.outcome) == [.deleted, .absent, .deleted])
        #expect(api.stack("test-dev-data") == nil)
        #expect(api.stack("test-dev-app") == nil)
    }

    @Test func productionIsRefusedWithoutConfirmation() async throws {
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        let error = await #expect(throws: DeployError.self) { try await destroy([Fixtures.target()], production: true) }
        #expect(error?.code == .refusedProduction)
        #expect(api.calls("DeleteStack") == 0)
    }

    @Test func confirmedProductionTurnsTerminationProtectionOffFirst() async throws {
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        try await api.updateTerminationProtection(stackName: "test-dev-data", enabled: true)
        let results = try await destroy([Fixtures.target()], production: true, confirmed: true)
        #expect(results[0].outcome == .deleted)
        #expect(api.calls.firstIndex(of: "UpdateTerminationProtection")! < api.calls.firstIndex(of: "DeleteStack")!)
    }

    @Test func retainedResourcesAreListed() async throws {
        var target = Fixtures.target()
        target.template.resources["FilesBucket"]!.deletionPolicy = .retain
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        api.script("test-dev-data", [
            .init(status: "DELETE_IN_PROGRESS", events: [("LogsBucket", "DELETE_SKIPPED", nil)]),
            .init(status: "DELETE_COMPLETE"),
        ])
        let results = try await destroy([target])
        #expect(results[0].retained.map(\.logicalID) == ["FilesBucket", "LogsBucket"])
    }

    @Test func aFailedDeletionStopsAndSaysWhy() async throws {
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        api.seed("test-dev-app", status: "CREATE_COMPLETE")
        api.script("test-dev-app", [
            .init(status: "DELETE_IN_PROGRESS", events: [("FilesBucket", "DELETE_FAILED", "The bucket you tried to delete is not empty")]),
            .init(status: "DELETE_FAILED"),
        ])
        let results = try await destroy([Fixtures.target("data"), Fixtures.target("app", dependencies: ["data"])])
        #expect(results.map(\.outcome) == [.failed, .failed])
        #expect(results[0].error?.contains("The bucket you tried to delete is not empty") == true)
        #expect(api.stack("test-dev-data") != nil, "the stack it depends on is kept")
    }

    @Test func aFailedDeletionReportsStackFailedWithTheCause() async throws {
        api.seed("test-dev-data", status: "CREATE_COMPLETE")
        api.script("test-dev-data", [
            .init(status: "DELETE_IN_PROGRESS"),
            .init(status: "DELETE_FAILED", reason: "resources failed to delete", events: [("FilesBucket", "DELETE_FAILED", "The bucket you tried to delete is not empty")]),
        ])
        let events = RecordingReporter()
        let results = try await destroy([Fixtures.target()], events: events)
        #expect(results[0].outcome == .failed)
        let failed = events.events.filter { $0.kind == .stackFailed }
        #expect(failed.count == 1, "one stack-failed event, not none and not two")
        #expect(failed.first?.status == "DELETE_FAILED")
        #expect(failed.first?.logicalID == "FilesBucket")
        #expect(failed.first?.componentPath == "test/data/filesbucket")
    }
}
