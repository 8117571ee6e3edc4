import Foundation
import Testing
import TestSupport

/// After the bootstrap stack is in place, `tenkai bootstrap` looks up the artifacts bucket's name
/// for its last line. When that lookup fails the stack is still fine: the message says so and
/// names the lookup that failed with its error, instead of a bare STS error that reads as if
/// bootstrap had failed.
@Suite("tenkai bootstrap when the bucket lookup fails, against moto", .serialized)
struct BootstrapBucketLookupTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-bootstrap-lookup-\(UUID().uuidString)")

    @Test func aFailedBucketLookupNamesTheOperationAndLeavesTheBootstrapSuccessful() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop(); try? FileManager.default.removeItem(at: folder) }
        let keys = try #require(moto.credentials)
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        try """
            name: dev
            tier: development
            account: "123456789012"
            region: ap-northeast-1
            multiAZ: false
            availabilityZones: 2
            domain: notes.example.com
            alarms:
              email: alarms@example.com

            """.write(to: environments.appendingPathComponent("dev.yaml"), atomically: true, encoding: .utf8)
        func bootstrap(through endpoint: URL) async throws -> ProcessResult {
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
            environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
            environment["AWS_ACCESS_KEY_ID"] = keys.accessKeyID
            environment["AWS_SECRET_ACCESS_KEY"] = keys.secretAccessKey
            environment["AWS_MAX_ATTEMPTS"] = "1"
            return try await runProcess(
                PipelineWorkflowTests.fixture, ["bootstrap", "--env", "dev", "--system", "notes", "--json"], environment: environment,
                currentDirectory: folder)
        }

        let created = try await bootstrap(through: moto.endpoint)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("created, artifacts bucket tenkai-artifacts-123456789012-ap-northeast-1"), "\(created.stderr)")

        // Again, unchanged (the answer carries no outputs), with every call after the deploy's two refused:
        // the stack's outputs cannot be read and STS will not say the account.
        let denied = """
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed here</Message></Error>\
            <RequestId>fault-proxy</RequestId></ErrorResponse>
            """
        let refusal = FaultProxy.Fault.response(status: 403, headers: [("Content-Type", "text/xml")], body: denied)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.forward, .forward] + Array(repeating: refusal, count: 8))
        defer { proxy.stop() }
        let unchanged = try await bootstrap(through: proxy.url)
        #expect(unchanged.status == 0, "the stack is fine: \(unchanged.stderr)")
        #expect(unchanged.stderr.contains("tenkai-bootstrap in ap-northeast-1: unchanged"), "\(unchanged.stderr)")
        #expect(
            unchanged.stderr.contains("its artifacts bucket's name could not be looked up")
                && unchanged.stderr.contains("CloudFormation DescribeStacks failed with HTTP 403 AccessDenied: not allowed here")
                && unchanged.stderr.contains("STS GetCallerIdentity failed with HTTP 403 AccessDenied: not allowed here"), "\(unchanged.stderr)")
        #expect(!unchanged.stderr.contains("error:"), "\(unchanged.stderr)")
    }
}
