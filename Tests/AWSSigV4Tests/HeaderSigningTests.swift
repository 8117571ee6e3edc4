import AWSSigV4
import Foundation
import Testing

@Suite("Header signing")
struct HeaderSigningTests {
    func sign(
        _ request: SigV4Request,
        credentials: AWSCredentials = Fixture.credentials,
        configuration: SigningConfiguration = Fixture.service,
        date: Date = Fixture.date
    ) throws(SigV4Error) -> HeaderSignature {
        try Fixture.signer.sign(request, credentials: credentials, configuration: configuration, date: date)
    }

    @Test("the added headers come in a fixed order and the Authorization value has the documented shape")
    func addedHeaders() throws {
        let signature = try sign(Fixture.request(), credentials: Fixture.temporaryCredentials)
        #expect(signature.headers.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(signature.amzDate == "20150830T123600Z")
        #expect(signature.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signature.authorization == "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=\(signature.signature)")
        #expect(signature.signature.utf8.count == 64)
    }

    @Test("a token added after signing is sent but not signed")
    func tokenAfterSigning() throws {
        var configuration = Fixture.service
        configuration.sessionTokenPlacement = .addedAfterSigning
        let signature = try sign(Fixture.request(), credentials: Fixture.temporaryCredentials, configuration: configuration)
        #expect(signature.headers.contains(.init(name: "X-Amz-Security-Token", value: "token/with+special=chars")))
        #expect(signature.signedHeaders == "host;x-amz-date")
    }

    @Test("S3 always sends and signs x-amz-content-sha256, equal to the payload hash")
    func s3ContentHash() throws {
        let body = Array("Welcome to Amazon S3.".utf8)
        let signature = try sign(Fixture.request("PUT", path: "/bucket/key", payload: .bytes(body)), configuration: Fixture.s3)
        let hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        #expect(signature.headers.contains(.init(name: "x-amz-content-sha256", value: hash)))
        #expect(signature.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
    }

    @Test("S3 with UNSIGNED-PAYLOAD sends it as the content hash")
    func s3UnsignedPayload() throws {
        let signature = try sign(Fixture.request("PUT", path: "/bucket/key", payload: .unsigned), configuration: Fixture.s3)
        #expect(signature.headers.contains(.init(name: "x-amz-content-sha256", value: "UNSIGNED-PAYLOAD")))
    }

    @Test("an x-amz-content-sha256 the caller set must agree with the payload")
    func contentHashMustAgree() {
        let request = Fixture.request("PUT", path: "/b/k", headers: [.init(name: "x-amz-content-sha256", value: "UNSIGNED-PAYLOAD")], payload: .empty)
        #expect(throws: SigV4Error.self) { try sign(request, configuration: Fixture.s3) }
    }

    @Test("other services send no content-hash header")
    func noContentHashElsewhere() throws {
        let signature = try sign(Fixture.request("POST", payload: .bytes(Array("Action=ListStacks".utf8))))
        #expect(!signature.headers.contains { $0.name.lowercased() == "x-amz-content-sha256" })
    }

    @Test("X-Amz-Date is formatted by hand, correctly across leap days, centuries and the last second of a day")
    func dateFormatting() throws {
        let cases: [(TimeInterval, String)] = [
            (0, "19700101T000000Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_251_199, "20240229T235959Z"),
            (4_107_542_400, "21000301T000000Z"),
            (253_402_300_799, "99991231T235959Z"),
            (1_440_938_160.999, "20150830T123600Z"),
        ]
        for (seconds, expected) in cases {
            #expect(try sign(Fixture.request(), date: Date(timeIntervalSince1970: seconds)).amzDate == expected)
        }
    }

    @Test("the credential scope follows the signing day")
    func scopeFollowsDay() throws {
        let before = try sign(Fixture.request(), date: Date(timeIntervalSince1970: 1_440_979_199))  // 2015-08-30T23:59:59Z
        let after = try sign(Fixture.request(), date: Date(timeIntervalSince1970: 1_440_979_200))  // 2015-08-31T00:00:00Z
        #expect(before.authorization.contains("/20150830/us-east-1/service/aws4_request"))
        #expect(after.authorization.contains("/20150831/us-east-1/service/aws4_request"))
    }

    @Test("signing keys are cached per access key, day, region and service: each combination still signs correctly")
    func keyCacheKeepsScopesApart() throws {
        let signer = SigV4Signer(keyCacheCapacity: 2)
        let other = AWSCredentials(accessKeyID: "AKIDOTHER", secretAccessKey: "another-secret")
        let configurations = [Fixture.service, .default(service: "sts", region: "eu-west-1"), .s3(region: "ap-northeast-1")]
        var seen: Set<String> = []
        for _ in 0..<3 {
            for configuration in configurations {
                for credentials in [Fixture.credentials, other] {
                    let cached = try signer.sign(Fixture.request(), credentials: credentials, configuration: configuration, date: Fixture.date)
                    let fresh = try SigV4Signer().sign(Fixture.request(), credentials: credentials, configuration: configuration, date: Fixture.date)
                    #expect(cached == fresh)
                    seen.insert(cached.signature)
                }
            }
        }
        #expect(seen.count == 6)
    }

    @Test("one signer shared by many tasks gives every task the same signatures as a signer of its own")
    func concurrentSigning() async throws {
        let expected = try sign(Fixture.request(), credentials: Fixture.temporaryCredentials)
        let signer = SigV4Signer()
        let results = try await withThrowingTaskGroup(of: [HeaderSignature].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try (0..<500).map { _ in
                        try signer.sign(Fixture.request(), credentials: Fixture.temporaryCredentials, configuration: Fixture.service, date: Fixture.date)
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 4000)
        #expect(results.allSatisfy { $0 == expected })
    }
}
