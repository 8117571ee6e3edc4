import AWSClient
import Foundation
import Testing
import TestSupport

/// The emulator harness other test targets rely on.
@Suite("MotoServer harness")
struct MotoServerTests {
    @Test func resetWipesStateAndIssuesANewKey() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let before = try #require(moto.credentials)
        let bucket = MotoSessions.uniqueName("reset")
        try await S3(try MotoSessions.session(moto)).createBucket(bucket)

        try await moto.reset()
        let after = try #require(moto.credentials)
        #expect(after.accessKeyID != before.accessKeyID)
        let s3 = S3(try MotoSessions.session(moto))
        let listing = await #expect(throws: AWSError.self) { try await s3.listObjectsV2(bucket: bucket) }
        #expect(listing?.code == "NoSuchBucket")

        let stale = AWSSession(
            region: MotoSessions.region,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: before.accessKeyID, secretAccessKey: before.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString])
        )
        let rejected = await #expect(throws: AWSError.self) { try await STS(stale).getCallerIdentity() }
        #expect(rejected?.code == "InvalidClientTokenId")
    }

    @Test func stopEndsTheServer() async throws {
        let moto = try await MotoServer.start()
        #expect(moto.credentials == nil)
        let url = moto.endpoint.appendingPathComponent("moto-api/")
        #expect(try await CurlTransport.shared.send(HTTPRequest(method: "GET", url: url)).status == 200)
        moto.stop()
        let error = await #expect(throws: HTTPTransportError.self) {
            try await CurlTransport.shared.send(HTTPRequest(method: "GET", url: url))
        }
        #expect(error?.code == .couldNotConnect)
    }
}
