import AWSSigV4
import Testing

@Suite("Presigned URLs")
struct PresignTests {
    func presign(
        _ request: SigV4Request = Fixture.request(),
        credentials: AWSCredentials = Fixture.credentials,
        configuration: SigningConfiguration = Fixture.service,
        expiresIn: Duration = .seconds(3600)
    ) throws(SigV4Error) -> PresignedURL {
        try Fixture.signer.presign(request, credentials: credentials, configuration: configuration, date: Fixture.date, expiresIn: expiresIn)
    }

    @Test("X-Amz-Expires may be 7 days (604,800 s) at most; one second more is an error")
    func expiryLimit() throws {
        #expect(try presign(expiresIn: .seconds(604_800)).query.contains("X-Amz-Expires=604800"))
        for tooLong in [Duration.seconds(604_801), .seconds(30 * 86_400)] {
            do {
                _ = try presign(expiresIn: tooLong)
                Issue.record("expected an error for \(tooLong)")
            } catch {
                #expect(error.code == .expiryOutOfRange)
            }
        }
    }

    @Test("an expiry under one second is an error")
    func expiryAtLeastOneSecond() {
        for tooShort in [Duration.zero, .milliseconds(500), .seconds(-5)] {
            #expect(throws: SigV4Error.self) { try presign(expiresIn: tooShort) }
        }
    }

    @Test("the session token is signed inside the query, encoded (/ + = as %2F %2B %3D)")
    func tokenSignedInQuery() throws {
        let presigned = try presign(credentials: Fixture.temporaryCredentials)
        let details = try Fixture.details(Fixture.request(), credentials: Fixture.temporaryCredentials, mode: .query(expiresIn: .seconds(3600)))
        #expect(Fixture.canonicalLine(2, of: details).contains("X-Amz-Security-Token=token%2Fwith%2Bspecial%3Dchars"))
        #expect(presigned.query.hasSuffix("&X-Amz-Signature=\(details.signature)"))
    }

    @Test("a token added after signing is outside the canonical query but in the URL, before the signature")
    func tokenAfterSigning() throws {
        var configuration = Fixture.service
        configuration.sessionTokenPlacement = .addedAfterSigning
        let details = try Fixture.details(
            Fixture.request(), credentials: Fixture.temporaryCredentials, configuration: configuration, mode: .query(expiresIn: .seconds(3600))
        )
        #expect(!details.canonicalRequest.contains("Security-Token"))
        let presigned = try presign(credentials: Fixture.temporaryCredentials, configuration: configuration)
        #expect(presigned.query.hasSuffix("&X-Amz-Security-Token=token%2Fwith%2Bspecial%3Dchars&X-Amz-Signature=\(details.signature)"))
    }

    @Test("S3 presigns with UNSIGNED-PAYLOAD and signs only the request's headers")
    func s3UnsignedPayload() throws {
        let request = try SigV4Request(method: "GET", url: "https://bucket.s3.amazonaws.com/key.txt", payload: .bytes(Array("body".utf8)))
        let details = try Fixture.details(request, configuration: Fixture.s3, mode: .query(expiresIn: .seconds(60)))
        #expect(details.payloadHash == "UNSIGNED-PAYLOAD")
        #expect(details.signedHeaders == "host")
        let url = try presign(request, configuration: Fixture.s3, expiresIn: .seconds(60)).url()
        #expect(url.hasPrefix("https://bucket.s3.amazonaws.com/key.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&"))
    }

    @Test("the request's own parameters stay in the presigned query, sorted with the X-Amz-* ones")
    func ownParametersKept() throws {
        let presigned = try presign(Fixture.request(query: [.init(name: "versionId", value: "a b"), .init(name: "Action", value: "List")]))
        #expect(presigned.query.hasPrefix("Action=List&X-Amz-Algorithm="))
        #expect(presigned.query.contains("&versionId=a%20b&X-Amz-Signature="))
    }

    @Test("a streaming payload cannot be presigned")
    func streamingNotPresignable() {
        #expect(throws: SigV4Error.self) { try presign(Fixture.request(payload: .streaming), configuration: Fixture.s3) }
    }
}
