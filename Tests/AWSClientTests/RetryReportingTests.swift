import AWSClient
import Foundation
import Synchronization
import Testing
import TestSupport

/// Retries are visible (one event per retry, with its kind, endpoint and wait) and bounded: a
/// silent endpoint fails the operation at the session's deadline, naming what was slow.
@Suite("Retry reporting and the operation deadline")
struct RetryReportingTests {
    /// A server on 127.0.0.1 that reads each request and never answers (until `silence` passes).
    static func silentServer(silence: Duration = .seconds(20)) throws -> LoopbackListener {
        try LoopbackListener(lifetime: .seconds(60)) { connection in
            _ = connection.readRequest()
            Thread.sleep(forTimeInterval: Double(silence.components.seconds))
        }
    }

    static func session(endpoint: URL, attempts: Int = 3, deadline: Duration? = nil) -> AWSSession {
        AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": endpoint.absoluteString]),
            retryPolicy: RetryPolicy(maximumAttempts: attempts, baseDelay: .milliseconds(5), maximumBackoff: .milliseconds(20)),
            operationDeadline: deadline
        )
    }

    @Test("each retry is reported with its kind, operation, endpoint, attempt and delay")
    func retriesAreReported() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let proxy = try FaultProxy(
            upstreamPort: moto.port, faults: [.throttling, .status(503), .dropConnection, .status(504)], lifetime: .seconds(60)
        )
        let events = Mutex<[RetryEvent]>([])
        let session = try RetryFaultTests.session(through: proxy, moto: moto, attempts: 5)
            .with(retryObserver: { event in events.withLock { $0.append(event) } })
        _ = try await CloudFormation(session).describeStacks()
        let seen = events.withLock { $0 }
        #expect(seen.map(\.failure) == [.throttling, .serverError, .connectionReset, .serverError])
        #expect(seen.map(\.failure.name) == ["throttling", "server-error", "connection-reset", "server-error"])
        #expect(seen.map(\.failedAttempt) == [1, 2, 3, 4])
        #expect(seen.allSatisfy { $0.maximumAttempts == 5 && $0.delay <= .milliseconds(50) })
        #expect(seen.allSatisfy { $0.service == "CloudFormation" && $0.operation == "DescribeStacks" })
        #expect(seen.allSatisfy { $0.endpoint == proxy.url.absoluteString })
        #expect(seen[1].reason.contains("HTTP 503"))
        #expect(seen[2].reason.contains("CloudFormation.DescribeStacks on \(proxy.url.absoluteString)"))
    }

    @Test("a retry reads as one line: operation, kind, which attempt comes next and the wait")
    func summaryLine() {
        let event = RetryEvent(
            service: "CloudFormation", operation: "DescribeStacks", endpoint: "https://cloudformation.eu-west-1.amazonaws.com",
            failedAttempt: 1, maximumAttempts: 7, failure: .throttling, reason: "Rate exceeded", delay: .milliseconds(1250)
        )
        #expect(event.summary == "CloudFormation.DescribeStacks: throttling, retry 2 of 7 in 1.2 s")
    }

    @Test("a session moved to another region keeps its retry observer and deadline")
    func anotherRegionKeepsTheObserver() async throws {
        let proxy = try FaultProxy(upstreamPort: try freeLoopbackPort(), faults: [.status(503), .status(503)], lifetime: .seconds(600))
        let count = Mutex(0)
        // A deadline far away: this test is about what the copy keeps, and a loaded test run can
        // stall the cooperative pool long enough for a short deadline to pre-empt the retry.
        let session = Self.session(endpoint: proxy.url, attempts: 2, deadline: .seconds(600))
            .with(retryObserver: { _ in count.withLock { $0 += 1 } })
            .with(region: "eu-west-1")
        #expect(session.region == "eu-west-1")
        #expect(session.operationDeadline == .seconds(600))
        await #expect(throws: AWSError.self) { try await STS(session).getCallerIdentity() }
        #expect(count.withLock { $0 } == 1)
    }

    @Test("a silent endpoint fails the whole operation at the deadline, naming the operation and endpoint")
    func silentEndpointHitsTheDeadline() async throws {
        let silent = try Self.silentServer()
        let endpoint = URL(string: "http://127.0.0.1:\(silent.port)")!
        let session = Self.session(endpoint: endpoint, attempts: 7, deadline: .seconds(2))
        let started = ContinuousClock.now
        let error = await #expect(throws: AWSOperationTimeout.self) { try await CloudFormation(session).describeStacks() }
        let elapsed = ContinuousClock.now - started
        // Without the deadline the call waits for curl's own limits (minutes); the upper bound is
        // loose because a loaded test run can starve the cooperative pool for many seconds.
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(60), "took \(elapsed)")
        #expect(error?.operation == "DescribeStacks")
        #expect(error?.attempts == 1)
        #expect(error?.description.hasPrefix("CloudFormation.DescribeStacks on \(endpoint.absoluteString) got no answer within 2 s") == true)
        #expect(error?.description.contains("AWS_OPERATION_DEADLINE_SECONDS") == true)
    }

    @Test("retries stop at the deadline, whether it passes in a wait or in an attempt: the error carries the last failure")
    func retriesStopAtTheDeadline() async throws {
        let proxy = try FaultProxy(upstreamPort: try freeLoopbackPort(), faults: Array(repeating: .status(503), count: 50), lifetime: .seconds(60))
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": proxy.url.absoluteString]),
            retryPolicy: RetryPolicy(maximumAttempts: 20, baseDelay: .milliseconds(400), maximumBackoff: .milliseconds(400)),
            operationDeadline: .seconds(2)
        )
        let started = ContinuousClock.now
        let error = await #expect(throws: AWSOperationTimeout.self) { try await STS(session).getCallerIdentity() }
        #expect(ContinuousClock.now - started < .seconds(60))
        // Under load the deadline can pass before the first answer is read; when one was, it is named.
        #expect(error?.lastFailure.map { $0.contains("HTTP 503") } ?? true)
        #expect((error?.attempts ?? 0) >= 1 && proxy.requestsSeen.count < 20)
    }

    @Test("AWS_OPERATION_DEADLINE_SECONDS sets the deadline; 180 s by default; nonsense is refused")
    func deadlineFromTheEnvironment() throws {
        let home = try CredentialChainTests.temporaryDirectory()
        let base = CredentialChainTests.environment([:], home: home)
        #expect(try AWSSession.fromEnvironment(base, defaultRegion: "eu-west-1").operationDeadline == .seconds(180))
        var configured = base
        configured["AWS_OPERATION_DEADLINE_SECONDS"] = "45"
        #expect(try AWSSession.fromEnvironment(configured, defaultRegion: "eu-west-1").operationDeadline == .seconds(45))
        for bad in ["0", "soon", "-5", "99999"] {
            configured["AWS_OPERATION_DEADLINE_SECONDS"] = bad
            #expect(throws: ConfigurationError.self) { try AWSSession.fromEnvironment(configured, defaultRegion: "eu-west-1") }
        }
    }
}
