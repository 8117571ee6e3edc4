import AWSSigV4
import Foundation
import Testing

/// Inputs a hurried or hostile operator can hand the signer: secrets that differ only in their
/// Unicode encoding, padded session tokens, and x-amz-* headers a configuration would leave out.
@Suite("Signing: encodings, tokens and x-amz-* headers")
struct SigningHardeningTests {
    /// "café" precomposed (U+00E9) and decomposed (e + U+0301): Swift's `==` calls them equal.
    static let composed = "secret-caf\u{E9}"
    static let decomposed = "secret-cafe\u{301}"

    @Test("canonically equivalent secrets with different bytes get different signing keys from one signer")
    func equivalentSecretsAreDifferentKeys() throws {
        #expect(Self.composed == Self.decomposed, "the premise: Swift compares the two as equal")
        let signer = SigV4Signer()
        let first = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.composed)
        let second = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.decomposed)
        let signedFirst = try signer.sign(Fixture.request(), credentials: first, configuration: Fixture.service, date: Fixture.date)
        let signedSecond = try signer.sign(Fixture.request(), credentials: second, configuration: Fixture.service, date: Fixture.date)
        let freshSecond = try SigV4Signer().sign(Fixture.request(), credentials: second, configuration: Fixture.service, date: Fixture.date)
        #expect(signedFirst.signature != signedSecond.signature)
        #expect(signedSecond == freshSecond)
    }

    @Test("credentials compare their bytes, so a cache keyed by them cannot mix the two secrets")
    func credentialsCompareBytes() {
        let first = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.composed)
        let second = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.decomposed)
        #expect(first != second)
        #expect(Set([first, second]).count == 2)
        #expect(first == AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.composed))
    }

    @Test("the session token is signed trimmed and with inner whitespace squashed, like every header")
    func sessionTokenNormalized() throws {
        let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "  tok \t en  ")
        let details = try Fixture.details(Fixture.request(), credentials: credentials)
        #expect(Fixture.canonicalHeaders(of: details).contains("x-amz-security-token:tok en"))
        let tidy = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "tok en")
        #expect(details.signature == (try Fixture.details(Fixture.request(), credentials: tidy)).signature)
    }

    @Test("a session token with a line break is refused, signed or added after signing (header injection)")
    func sessionTokenLineBreakRefused() {
        var afterSigning = Fixture.service
        afterSigning.sessionTokenPlacement = .addedAfterSigning
        // Short, and long enough that the break sits past the eight-bytes-at-a-time scan's first words.
        let tokens = ["tok\r\nX-Evil: 1", String(repeating: "IQoJb3JpZ2luX2Vj", count: 4) + "\nX-Evil: 1"]
        for (token, configuration) in tokens.flatMap({ token in [Fixture.service, afterSigning].map { (token, $0) } }) {
            let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: token)
            do {
                _ = try Fixture.signer.sign(Fixture.request(), credentials: credentials, configuration: configuration, date: Fixture.date)
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .invalidHeader)
                #expect(error.context == "X-Amz-Security-Token")
            }
        }
    }

    @Test("long values are trimmed and squashed wherever the whitespace falls")
    func longValuesSquashed() throws {
        let value = "  " + String(repeating: "abcdefghij", count: 3) + "   \t" + String(repeating: "klmnopqrst", count: 3) + "\t "
        let expected = String(repeating: "abcdefghij", count: 3) + " " + String(repeating: "klmnopqrst", count: 3)
        let details = try Fixture.details(Fixture.request(headers: [.init(name: "X-Long", value: value)]))
        #expect(Fixture.canonicalHeaders(of: details).contains("x-long:\(expected)"))
    }

    @Test("x-amz-user-agent is signed by default", arguments: ["X-Amz-User-Agent", "x-amz-user-agent"])
    func amzUserAgentSigned(name: String) throws {
        let details = try Fixture.details(Fixture.request(headers: [.init(name: name, value: "tenkai/1.0")]))
        #expect(details.signedHeaders == "host;x-amz-date;x-amz-user-agent")
    }

    @Test("an x-amz-* header listed as unsigned in a configuration is signed all the same")
    func amzHeadersNeverUnsigned() throws {
        var configuration = Fixture.service
        configuration.unsignedHeaderNames += ["x-amz-user-agent", "x-amz-meta-color", "x-amz-acl"]
        let request = Fixture.request(headers: [
            .init(name: "X-Amz-User-Agent", value: "tenkai"), .init(name: "X-Amz-Meta-Color", value: "blue"),
            .init(name: "X-Amz-Acl", value: "private"), .init(name: "User-Agent", value: "tenkai"),
        ])
        let details = try Fixture.details(request, configuration: configuration)
        #expect(details.signedHeaders == "host;x-amz-acl;x-amz-date;x-amz-meta-color;x-amz-user-agent")
        let presigned = try Fixture.details(request, configuration: configuration, mode: .query(expiresIn: .seconds(60)))
        #expect(presigned.signedHeaders == "host;x-amz-acl;x-amz-meta-color;x-amz-user-agent")
    }
}
