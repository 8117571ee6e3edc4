import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A throttling or failing endpoint is visible: every retried call is a `retry` event in the JSON
/// stream, naming the call, why and which attempt, and the deploy still succeeds.
@Suite("tenkai deploy reports retries", .serialized)
struct DeployRetryEventsTests {
    @Test func retriedCallsAreEventsInTheStream() async throws {
        let moto = try await MotoDeployment.start()
        let proxy = try FaultProxy(upstreamPort: moto.moto.port, faults: [.throttling, .status(503)])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-retry-\(UUID().uuidString)")
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: out) }
        var environment = moto.environment
        environment["AWS_ENDPOINT_URL"] = proxy.url.absoluteString
        environment["AWS_MAX_ATTEMPTS"] = "4"
        let result = try await runProcess(
            DeployCommandTests.tenkai,
            ["deploy", "--env", "dev", "--system", "fileshare", "--out", out.path] + moto.targets.prefix(1).flatMap { ["--stack", $0.name] },
            environment: environment, currentDirectory: ProjectPaths.root)
        #expect(result.status == 0, "\(result.stderr)")
        let events = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let retries = events.filter { $0["event"] as? String == "retry" }
        #expect(retries.count == 2, "\(retries)")
        #expect((retries.first?["message"] as? String)?.contains("throttling, retry 2 of 4") == true)
        #expect(retries.contains { ($0["message"] as? String)?.contains("retry") == true && ($0["reason"] as? String) != nil })
    }
}
