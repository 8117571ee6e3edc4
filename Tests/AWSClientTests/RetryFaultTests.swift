import AWSClient
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("Retries through injected faults (FaultProxy in front of moto)")
struct RetryFaultTests {
    static func session(through proxy: FaultProxy, moto: MotoServer, attempts: Int = 3) throws -> AWSSession {
        let keys = try #require(moto.credentials)
        return AWSSession(
            region: MotoSessions.region,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": proxy.url.absoluteString]),
            retryPolicy: RetryPolicy(maximumAttempts: attempts, baseDelay: .milliseconds(5), maximumBackoff: .milliseconds(50))
        )
    }

    @Test func serverErrorsAreRetriedUntilTheCallSucceeds() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.status(500), .status(503)], lifetime: .seconds(60))
        let events = Mutex<[RetryEvent]>([])
        let session = try Self.session(through: proxy, moto: moto).with { event in events.withLock { $0.append(event) } }
        let identity = try await STS(session).getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(proxy.requestsSeen.count == 3)
        let seen = events.withLock { $0 }
        #expect(seen.map(\.failedAttempt) == [1, 2])
        #expect(seen.map(\.operation) == ["GetCallerIdentity", "GetCallerIdentity"])
        #expect(seen.allSatisfy { $0.failure == .serverError && $0.delay <= .milliseconds(50) })
        #expect(seen.first?.reason.contains("HTTP 500") == true)
    }

    @Test func throttlingAndDroppedConnectionsAreRetried() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.throttling, .dropConnection, .status(502)], lifetime: .seconds(60))
        let stacks = try await CloudFormation(try Self.session(through: proxy, moto: moto, attempts: 4)).describeStacks()
        #expect(stacks.nextToken == nil)
        #expect(proxy.requestsSeen.count == 4)
    }

    @Test func theLastErrorSurfacesWhenAttemptsRunOut() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.status(503), .status(503), .status(503), .status(503)], lifetime: .seconds(60))
        let error = await #expect(throws: AWSError.self) {
            try await STS(try Self.session(through: proxy, moto: moto)).getCallerIdentity()
        }
        #expect(error?.status == 503)
        #expect(error?.message.contains("injected fault 503") == true)
        #expect(proxy.requestsSeen.count == 3)
    }

    @Test func aCallThatIsNotIdempotentIsNotRepeated() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let bucket = MotoSessions.uniqueName("once")
        try await S3(try MotoSessions.session(moto)).createBucket(bucket)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [.dropConnection, .status(500)], lifetime: .seconds(60))
        let s3 = S3(try Self.session(through: proxy, moto: moto))
        await #expect(throws: HTTPTransportError.self) {
            try await s3.createMultipartUpload(bucket: bucket, key: "k")
        }
        let error = await #expect(throws: AWSError.self) {
            try await s3.createMultipartUpload(bucket: bucket, key: "k")
        }
        #expect(error?.status == 500)
        #expect(proxy.requestsSeen.count == 2, "each call was sent exactly once")
    }

    @Test func aClientErrorIsNotRetried() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let proxy = try FaultProxy(upstreamPort: moto.port, faults: [], lifetime: .seconds(60))
        let error = await #expect(throws: AWSError.self) {
            try await CloudFormation(try Self.session(through: proxy, moto: moto)).describeStacks(stackName: "missing")
        }
        #expect(error?.code == "ValidationError")
        #expect(proxy.requestsSeen.count == 1)
    }

    @Test func aRefusedConnectionFailsAsCouldNotConnect() async throws {
        let port = try freeLoopbackPort()
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)"]),
            retryPolicy: RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(5))
        )
        let error = await #expect(throws: HTTPTransportError.self) {
            try await S3(session).createMultipartUpload(bucket: "b", key: "k")
        }
        #expect(error?.code == .couldNotConnect)
    }
}

@Suite("Clock skew correction through the fault proxy")
struct ClockSkewFaultTests {
    /// AWS rejects a request signed with a clock far off and says its own time in `Date`; the
    /// session must re-sign with that time and try once more.
    @Test func aSkewedClockIsCorrectedFromTheServerDateAndRetriedOnce() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let twoHoursAhead = Date().addingTimeInterval(7200)
        let skewed = [
            ("Date", RetryPolicyTests.httpDate(twoHoursAhead)), ("Content-Type", "text/xml"),
        ]
        let body = "<ErrorResponse><Error><Code>RequestTimeTooSkewed</Code><Message>too skewed</Message></Error></ErrorResponse>"
        let proxy = try FaultProxy(
            upstreamPort: moto.port, faults: [.response(status: 403, headers: skewed, body: body)], lifetime: .seconds(60)
        )
        let session = try RetryFaultTests.session(through: proxy, moto: moto, attempts: 1)
        let identity = try await STS(session).getCallerIdentity()
        #expect(identity.account == "123456789012")
        let dates = proxy.requests.compactMap { $0.header("X-Amz-Date") }
        #expect(dates.count == 2, "one rejected attempt, one corrected retry, even with a single attempt allowed")
        let corrected = try #require(dates.last.flatMap(Self.amzDate))
        #expect(abs(corrected.timeIntervalSince(twoHoursAhead)) < 60)
    }

    static func amzDate(_ text: String) -> Date? {
        // 20261125T083010Z → 2026-11-25T08:30:10Z
        let characters = Array(text)
        guard characters.count == 16 else { return nil }
        let iso = "\(String(characters[0..<4]))-\(String(characters[4..<6]))-\(String(characters[6..<8]))T"
            + "\(String(characters[9..<11])):\(String(characters[11..<13])):\(String(characters[13..<15]))Z"
        return ISO8601Timestamp.parse(iso)
    }
}
