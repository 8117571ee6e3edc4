import Foundation
import Tenkai
import TenkaiCore
import Testing
@testable import TenkaiDeploy

@Suite("Deploying many stacks: order, parallelism, failures, parameters, events")
struct DeployRunTests {
    let api = FakeCloudFormation()

    @Test func independentStacksDeployInParallelAndDependentsAfterTheirDependencies() async throws {
        api.delay("ExecuteChangeSet", by: .milliseconds(300))
        let targets = [
            Fixtures.target("network"), Fixtures.target("data"), Fixtures.target("queues"),
            Fixtures.target("app", dependencies: ["network", "data"]),
        ]
        let events = RecordingReporter()
        let results = await Fixtures.run(targets, api: api, reporter: events).run()
        #expect(results.map(\.outcome) == [.created, .created, .created, .created])
        // The three independent stacks execute at the same time; app waits for its two.
        #expect(api.peakConcurrency("ExecuteChangeSet") == 3)
        let order = events.events.filter { $0.kind == .stackFinished }.map(\.stack)
        #expect(order.last == "app")
    }

    @Test func theConcurrencyLimitHolds() async throws {
        api.delay("ExecuteChangeSet", by: .milliseconds(200))
        let targets = ["a", "b", "c", "d"].map { Fixtures.target($0) }
        _ = await Fixtures.run(targets, api: api, options: Fixtures.options(concurrency: 2)).run()
        #expect(api.peakConcurrency("ExecuteChangeSet") == 2)
    }

    @Test func aFailureSkipsItsDependentsButNotIndependentStacks() async throws {
        let targets = [Fixtures.target("data"), Fixtures.target("other"), Fixtures.target("app", dependencies: ["data"])]
        api.script("test-dev-data", [
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_FAILED", "boom")]),
            .init(status: "ROLLBACK_COMPLETE"),
        ])
        let events = RecordingReporter()
        let results = await Fixtures.run(targets, api: api, reporter: events).run()
        #expect(results.map(\.outcome) == [.failed, .created, .skipped])
        #expect(results[2].error?.contains("data") == true)
        #expect(api.stack("test-dev-app") == nil, "nothing was sent for the skipped stack")
        #expect(events.events.contains { $0.kind == .stackSkipped && $0.stack == "app" })
    }

    @Test func crossRegionParametersComeFromTheProducersOutputs() async throws {
        api.seed("test-dev-certs", status: "CREATE_COMPLETE", outputs: ["CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/1"])
        let consumer = Fixtures.target("edge", parameterSources: ["CertificateArn": OutputSource(stack: "certs", output: "CertificateArn")])
        let run = DeployRun(
            locations: ["certs": StackLocation(stackName: "test-dev-certs", region: "us-east-1"), "edge": StackLocation(stackName: consumer.stackName, region: consumer.region)],
            targets: [consumer], apis: { _ in api }, artifacts: { _ in nil }, reporter: RecordingReporter(), options: Fixtures.options())
        let results = await run.run()
        #expect(results[0].outcome == .created)
        #expect(api.stack("test-dev-edge")?.parameters == ["CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/1"])
    }

    @Test func aMissingProducerOutputIsAClearError() async throws {
        let consumer = Fixtures.target("edge", parameterSources: ["CertificateArn": OutputSource(stack: "certs", output: "CertificateArn")])
        let results = await Fixtures.run([consumer], api: api).run()
        #expect(results[0].outcome == .failed)
        #expect(results[0].error?.contains("needs output CertificateArn of stack certs") == true)
    }

    @Test func theJSONEventStreamIsOneObjectPerLine() async throws {
        let lines = LineCollector()
        let reporter = JSONLinesReporter(write: { lines.append($0) })
        api.script("test-dev-data", [
            .init(status: "CREATE_IN_PROGRESS", events: [("FilesBucket", "CREATE_IN_PROGRESS", nil)]),
            .init(status: "CREATE_COMPLETE", events: [("FilesBucket", "CREATE_COMPLETE", nil), ("LogsBucket", "CREATE_COMPLETE", nil)]),
        ])
        _ = await Fixtures.run([Fixtures.target()], api: api, reporter: reporter).run()
        let objects = try lines.text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let kinds = objects.map { $0["event"] as? String ?? "?" }
        #expect(kinds.first == "change-set")
        #expect(kinds.contains("stack-started"))
        #expect(kinds.last == "stack-finished")
        let resource = try #require(objects.first { $0["event"] as? String == "resource" && $0["status"] as? String == "CREATE_COMPLETE" })
        #expect(resource["stack"] as? String == "data")
        #expect(resource["stackName"] as? String == "test-dev-data")
        #expect(resource["logicalId"] as? String == "FilesBucket")
        #expect(resource["componentPath"] as? String == "test/data/filesbucket")
        #expect(resource["resourcesTotal"] as? Int == 2)
        #expect(resource["time"] is String)
        let finished = try #require(objects.last)
        #expect(finished["status"] as? String == "CREATE_COMPLETE")
        #expect(finished["elapsedMilliseconds"] is Int)
    }

    @Test func outputsAreWrittenAtomicallyAndKeepStacksNotInThisRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = OutputsFile.url(outputFolder: folder, system: "fileshare", environment: "dev")
        try OutputsFile.write([StackResult(stack: "data", stackName: "fileshare-dev-data", region: "ap-northeast-1", outcome: .created, outputs: ["Bucket": "b1"])], system: "fileshare", environment: "dev", to: file)
        try OutputsFile.write([StackResult(stack: "app", stackName: "fileshare-dev-app", region: "ap-northeast-1", outcome: .unchanged, outputs: ["Url": "https://x"])], system: "fileshare", environment: "dev", to: file)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let stacks = try #require(document["stacks"] as? [String: [String: Any]])
        #expect((stacks["data"]?["outputs"] as? [String: String]) == ["Bucket": "b1"])
        #expect((stacks["app"]?["outputs"] as? [String: String]) == ["Url": "https://x"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["outputs.json"])
    }
}

/// Collects what a reporter writes.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    func append(_ chunk: [UInt8]) { lock.withLock { bytes += chunk } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
