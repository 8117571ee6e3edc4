@testable import AWSClient
import Foundation
import Testing
import TestSupport

/// Rough speed figures, printed for the record; opt-in (`TENKAI_BENCHMARKS=1 swift test --filter
/// TransportBenchmark`), since they measure rather than check and the numbers depend on the load.
@Suite("Transport and signing benchmarks", .enabled(if: ProcessInfo.processInfo.environment["TENKAI_BENCHMARKS"] == "1"))
struct TransportBenchmarkTests {
    @Test func sequentialRequestsOverOneKeptAliveConnection() async throws {
        let listener = try CurlTransportTests.server(body: "pong")
        let transport = CurlTransport()
        let url = CurlTransportTests.url(listener)
        let count = 300
        let started = ContinuousClock.now
        for _ in 0..<count {
            _ = try await transport.send(HTTPRequest(method: "GET", url: url))
        }
        let elapsed = ContinuousClock.now - started
        let perRequest = elapsed / count
        print("benchmark: \(count) sequential loopback GETs in \(elapsed), \(perRequest) each")
    }

    @Test func preparingASignedQueryRequest() async throws {
        let session = AWSSession(
            region: "eu-west-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token")),
            endpoints: EndpointResolver(environment: [:])
        )
        let request = try QueryProtocol.request(
            .cloudFormation, operation: "DescribeStackEvents", input: ["StackName": "app"], isRetrySafe: true
        )
        let count = 2000
        let started = ContinuousClock.now
        for _ in 0..<count {
            let prepared = try await session.prepare(request)
            #expect(prepared.headers["Authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true)
        }
        let elapsed = ContinuousClock.now - started
        print("benchmark: \(count) endpoint+sign+URL preparations in \(elapsed), \(elapsed / count) each")
    }

    @Test func streamingALargeDownloadToAFile() async throws {
        let size = 64 << 20
        let payload = Data(repeating: 0x5A, count: size)
        let listener = try LoopbackListener(lifetime: .seconds(60)) { connection in
            guard connection.readRequest() != nil else { return }
            connection.respond(status: 200, body: payload)
        }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: target) }
        let started = ContinuousClock.now
        let response = try await CurlTransport.shared.send(
            HTTPRequest(method: "GET", url: CurlTransportTests.url(listener)), receivingBodyIn: .file(target)
        )
        let elapsed = ContinuousClock.now - started
        #expect(response.body.isEmpty)
        #expect(try FileSlice.size(of: target) == UInt64(size))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("benchmark: 64 MiB loopback download streamed to a file in \(elapsed) (\(Int(64 / seconds)) MiB/s)")
    }
}
