import AWSClient
import Foundation
import Testing
import TestSupport

/// Errors that point the right way: an HTML page where AWS should answer is quoted, a dropped
/// connection names the operation and endpoint, and "no credentials" names every source tried.
@Suite("Messages that point the right way")
struct MisleadingAnswerTests {
    static let portal = """
        <!DOCTYPE html><html><head><title>Hotel WiFi</title></head>
        <body><h1>Welcome!</h1><p>Please log in to continue browsing.</p></body></html>
        """

    /// Answers every request with `status`, these headers and this body.
    static func server(status: Int = 200, contentType: String, body: String) throws -> LoopbackListener {
        try LoopbackListener(lifetime: .seconds(60)) { connection in
            guard connection.readRequest() != nil else { return }
            connection.respond(status: status, headers: [("Content-Type", contentType)], body: Data(body.utf8))
        }
    }

    static func session(_ listener: LoopbackListener, attempts: Int = 1) -> AWSSession {
        RetryReportingTests.session(endpoint: URL(string: "http://127.0.0.1:\(listener.port)")!, attempts: attempts)
    }

    @Test("an HTML page answered with 200 is an error that quotes it (query, JSON and S3 answers)")
    func htmlPageIsQuoted() async throws {
        let listener = try Self.server(contentType: "text/html; charset=utf-8", body: Self.portal)
        let session = Self.session(listener)
        let query = await #expect(throws: AWSError.self) { try await CloudFormation(session).describeStacks(stackName: "app") }
        let json = await #expect(throws: AWSError.self) { try await ECS(session).describeServices(cluster: "c", services: ["s"]) }
        let s3 = await #expect(throws: AWSError.self) { try await S3(session).listObjectsV2(bucket: "b") }
        for error in [query, json, s3] {
            #expect(error?.code == "UnexpectedHTMLAnswer")
            #expect(error?.status == 200)
            #expect(error?.message.contains("Hotel WiFi Welcome! Please log in to continue browsing.") == true)
            #expect(error?.message.contains("AWS_ENDPOINT_URL") == true)
        }
        #expect(query?.description.hasPrefix("CloudFormation DescribeStacks failed") == true)
    }

    @Test("an HTML page with a lying content type is still recognised")
    func htmlPageWithXMLContentType() async throws {
        let listener = try Self.server(contentType: "text/xml", body: "\n  " + Self.portal)
        let error = await #expect(throws: AWSError.self) { try await CloudFormation(Self.session(listener)).describeStacks() }
        #expect(error?.code == "UnexpectedHTMLAnswer")
    }

    @Test("another operation's XML is not read as an empty answer")
    func wrongOperationsAnswer() async throws {
        let body = "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"
        let listener = try Self.server(contentType: "text/xml", body: body)
        let error = await #expect(throws: AWSError.self) { try await CloudFormation(Self.session(listener)).describeStacks() }
        #expect(error?.code == "UnexpectedAnswer")
        #expect(error?.message.contains("expected <DescribeStacksResponse> but the answer is <ListAllMyBucketsResult>") == true)
    }

    @Test("a connection reset names the operation and the endpoint")
    func connectionResetNamesTheOperation() async throws {
        let proxy = try FaultProxy(upstreamPort: try freeLoopbackPort(), faults: [.dropConnection], lifetime: .seconds(60))
        let session = RetryReportingTests.session(endpoint: proxy.url, attempts: 1)
        let error = await #expect(throws: HTTPTransportError.self) { try await CloudFormation(session).describeStacks() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.hasPrefix("CloudFormation.DescribeStacks on \(proxy.url.absoluteString): ") == true)
    }

    @Test("with no credentials anywhere, the error names every source tried and why each had none")
    func noCredentialsNamesEverySource() async throws {
        let home = try CredentialChainTests.temporaryDirectory()
        var environment = CredentialChainTests.environment([:], home: home)
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
        let session = try AWSSession.fromEnvironment(environment, defaultRegion: "us-east-1")
        let error = await #expect(throws: CredentialError.self) { try await STS(session).getCallerIdentity() }
        let message = error?.message ?? ""
        for expected in [
            "environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set)",
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not set)",
            "profile default (no [default] profile in the AWS config or credentials file)",
            "container credentials endpoint (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set)",
            "EC2 instance metadata (turned off by AWS_EC2_METADATA_DISABLED)",
        ] {
            #expect(message.contains(expected), "missing \(expected) in: \(message)")
        }
        #expect(message.contains("AWS_PROFILE"))
    }

    @Test("a source failing at the end of the chain says the sources before it had nothing")
    func lastSourceFailingNamesTheOthers() async throws {
        let metadata = try StubHTTPServer { _ in .init(status: 403, body: "") }
        let home = try CredentialChainTests.temporaryDirectory()
        var environment = CredentialChainTests.environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.url.absoluteString], home: home)
        environment["AWS_EC2_METADATA_DISABLED"] = nil
        let error = await #expect(throws: CredentialError.self) { try await CredentialChainTests.resolve(environment) }
        #expect(error?.source == "EC2 instance metadata")
        #expect(error?.message.contains("IMDSv2 token request answered HTTP 403") == true)
        #expect(error?.message.contains("the sources before it had no credentials: environment variables (") == true)
        #expect(error?.message.contains("container credentials endpoint (neither") == true)
    }
}
