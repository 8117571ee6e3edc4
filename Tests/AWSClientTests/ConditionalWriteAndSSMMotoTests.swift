import AWSClient
import Foundation
import Testing
import TestSupport

/// What the prod gate stands on: S3 writes that never replace an object, and SSM parameters read
/// (or found missing) with signature checks on.
@Suite("Conditional S3 writes and SSM parameters against moto")
struct ConditionalWriteAndSSMMotoTests {
    @Test func aConditionalWriteLandsOnceAndNeverReplaces() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let s3 = S3(try MotoSessions.session(moto))
        let bucket = MotoSessions.uniqueName("gate")
        try await s3.createBucket(bucket)
        #expect(try await s3.putObjectIfAbsent(bucket: bucket, key: "plans/a/approvals/pdm.json", body: Data("first".utf8)))
        #expect(try await !s3.putObjectIfAbsent(bucket: bucket, key: "plans/a/approvals/pdm.json", body: Data("second".utf8)))
        let object = try await s3.getObject(bucket: bucket, key: "plans/a/approvals/pdm.json")
        #expect(String(decoding: object.body, as: UTF8.self) == "first")
    }

    @Test func aMissingParameterIsNilNotAnError() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let ssm = SSM(try MotoSessions.session(moto))
        #expect(try await ssm.parameter(named: "/tenkai/gate-\(UUID().uuidString)") == nil)
    }
}
