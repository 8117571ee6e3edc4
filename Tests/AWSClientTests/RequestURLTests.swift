@testable import AWSClient
import Foundation
import Testing

@Suite("Request URLs and signing")
struct RequestURLTests {
    func url(bucket: String?, key: String = "", query: [(String, String)] = [], endpoint: Endpoint) throws -> String {
        let request = AWSRequest(
            service: .s3, operation: "GetObject", method: "GET", path: "/" + S3Addressing.escapeKey(key), query: query,
            isRetrySafe: true, bucketHostPrefix: bucket
        )
        return try AWSSession.url(for: request, endpoint: endpoint).absoluteString
    }

    let aws = Endpoint(url: URL(string: "https://s3.eu-west-1.amazonaws.com")!, signingRegion: "eu-west-1", isCustom: false)
    let emulator = Endpoint(url: URL(string: "http://127.0.0.1:5000")!, signingRegion: "eu-west-1", isCustom: true)

    @Test func awsEndpointsUseVirtualHostedBuckets() throws {
        #expect(try url(bucket: "files", key: "a b/c+d.txt", endpoint: aws) == "https://files.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd.txt")
        #expect(try url(bucket: "files", endpoint: aws) == "https://files.s3.eu-west-1.amazonaws.com/")
    }

    @Test func dottedBucketsAndCustomEndpointsUsePaths() throws {
        #expect(try url(bucket: "my.files", key: "k", endpoint: aws) == "https://s3.eu-west-1.amazonaws.com/my.files/k")
        #expect(try url(bucket: "files", key: "k", endpoint: emulator) == "http://127.0.0.1:5000/files/k")
        #expect(try url(bucket: "files", endpoint: emulator) == "http://127.0.0.1:5000/files")
    }

    @Test func queryValuesAreEscapedWithPercentTwenty() throws {
        let text = try url(bucket: "files", query: [("prefix", "a b/c"), ("uploads", "")], endpoint: emulator)
        #expect(text == "http://127.0.0.1:5000/files?prefix=a%20b%2Fc&uploads=")
    }

    @Test func signingAddsDateTokenContentHashAndAuthorization() async throws {
        let session = AWSSession(
            region: "eu-west-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s", sessionToken: "tok")),
            endpoints: EndpointResolver(environment: [:])
        )
        let s3 = try await session.prepare(AWSRequest(
            service: .s3, operation: "PutObject", method: "PUT", path: "/k", body: .data(Data("x".utf8)), isRetrySafe: true,
            bucketHostPrefix: "files"
        ))
        #expect(s3.url.absoluteString == "https://files.s3.eu-west-1.amazonaws.com/k")
        #expect(s3.headers["x-amz-content-sha256"] == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
        #expect(s3.headers["X-Amz-Security-Token"] == "tok")
        #expect(s3.headers["X-Amz-Date"]?.count == 16)
        #expect(s3.headers["Authorization"]?.contains("/eu-west-1/s3/aws4_request, SignedHeaders=") == true)

        let query = try await session.prepare(try QueryProtocol.request(.iam, operation: "ListUsers", input: Nothing(), isRetrySafe: true))
        #expect(query.url.absoluteString == "https://iam.amazonaws.com/")
        #expect(query.headers["Authorization"]?.contains("/us-east-1/iam/aws4_request") == true)
        #expect(query.headers["x-amz-content-sha256"] == nil)

        let anonymous = try await session.with(credentials: nil).prepare(
            try QueryProtocol.request(.sts, operation: "AssumeRoleWithWebIdentity", input: Nothing(), isRetrySafe: true)
        )
        #expect(anonymous.headers["Authorization"] == nil)
    }
}
