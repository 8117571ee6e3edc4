import AWSClient
import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The one read of tenkai's JSON objects in the bootstrap bucket (locks, release state), shared by
/// `BucketLock` and `ReleaseBucket`: absent is `nil`, unreadable is its own error, each caller decides.
@Suite("S3 JSON objects of the bootstrap bucket, against moto", .serialized)
struct S3JSONObjectTests {
    struct Note: Codable, Equatable {
        var text: String
    }

    @Test func absentIsNilUnreadableIsAnErrorAndWhatWasWrittenReadsBack() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let keys = try #require(moto.credentials)
        let s3 = S3(
            AWSSession(
                region: "ap-northeast-1",
                credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
                endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString])))
        try await s3.createBucket("json-objects")

        #expect(try await s3.jsonObject(Note.self, bucket: "json-objects", key: "none.json") == nil)

        try await s3.putObject(bucket: "json-objects", key: "note.json", body: .data(try S3.encodeJSONObject(Note(text: "hi"))))
        #expect(try await s3.jsonObject(Note.self, bucket: "json-objects", key: "note.json") == Note(text: "hi"))

        try await s3.putObject(bucket: "json-objects", key: "bad.json", body: .data(Data("<html>".utf8)))
        await #expect(throws: S3.UndecodableJSONObject.self) { try await s3.jsonObject(Note.self, bucket: "json-objects", key: "bad.json") }

        // The lock treats an unreadable object as nobody's lock it can take: it reports it held rather than overwrite it.
        let lock = BucketLock(s3: s3, bucket: "json-objects", key: "bad.json", holder: "run-2", who: "me", what: "test", lifetime: .seconds(60))
        await #expect(throws: BucketLock.Held.self) { try await lock.acquire() }
        // The release state reads it as an inconsistency to inspect.
        let release = ReleaseBucket(s3: s3, bucket: "json-objects", prefix: "")
        await #expect(throws: ReleaseError.self) { try await release.read(Note.self, key: "bad.json") }
    }
}
