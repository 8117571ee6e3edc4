import AWSSigV4
import Foundation
import Testing

@Suite("Requests that must not be signed")
struct RequestValidationTests {
    @Test("a request that already has Authorization is refused, whatever the case of the name")
    func alreadySignedHeader() {
        for name in ["Authorization", "authorization", "AUTHORIZATION"] {
            do {
                _ = try Fixture.signer.sign(
                    Fixture.request(headers: [.init(name: name, value: "AWS4-HMAC-SHA256 …")]),
                    credentials: Fixture.credentials, configuration: Fixture.service, date: Fixture.date
                )
                Issue.record("expected an error for \(name)")
            } catch {
                #expect(error.code == .alreadySigned)
            }
        }
    }

    @Test("a request whose query already has X-Amz-Signature is refused in both modes")
    func alreadySignedQuery() {
        let request = Fixture.request(query: [.init(name: "X-Amz-Signature", value: "abc")])
        do {
            _ = try Fixture.signer.sign(request, credentials: Fixture.credentials, configuration: Fixture.service, date: Fixture.date)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .alreadySigned)
        }
        do {
            _ = try Fixture.signer.presign(
                request, credentials: Fixture.credentials, configuration: Fixture.service, date: Fixture.date, expiresIn: .seconds(60)
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .alreadySigned)
        }
    }

    @Test("X-Amz-Date is set by the signer; a request carrying one is refused instead of signed twice")
    func amzDateConflict() {
        do {
            _ = try Fixture.details(Fixture.request(headers: [.init(name: "X-Amz-Date", value: "20150830T123600Z")]))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .conflictingParameter)
        }
    }

    @Test("with temporary credentials, a hand-made X-Amz-Security-Token header is refused")
    func tokenConflict() {
        do {
            _ = try Fixture.details(
                Fixture.request(headers: [.init(name: "X-Amz-Security-Token", value: "other")]), credentials: Fixture.temporaryCredentials
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .conflictingParameter)
        }
    }

    @Test("presigning refuses a query that already has the X-Amz-* parameters it adds")
    func presignParameterConflict() {
        do {
            _ = try Fixture.signer.presign(
                Fixture.request(query: [.init(name: "X-Amz-Credential", value: "x")]),
                credentials: Fixture.credentials, configuration: Fixture.service, date: Fixture.date, expiresIn: .seconds(60)
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .conflictingParameter)
        }
    }

    @Test("a precomputed payload hash must be 64 lower-case hex digits")
    func payloadHashChecked() {
        for hash in ["ABC", String(repeating: "A", count: 64), String(repeating: "g", count: 64)] {
            do {
                _ = try Fixture.details(Fixture.request(payload: .sha256(hex: hash)))
                Issue.record("expected an error for \(hash)")
            } catch {
                #expect(error.code == .invalidPayloadHash)
            }
        }
    }

    @Test("an HTTP method must be a token")
    func methodChecked() {
        #expect(throws: SigV4Error.self) { try Fixture.details(Fixture.request("GET /")) }
    }

    @Test("a time before 1970 cannot be formatted as X-Amz-Date")
    func dateRange() {
        do {
            _ = try Fixture.signer.sign(
                Fixture.request(), credentials: Fixture.credentials, configuration: Fixture.service, date: .init(timeIntervalSince1970: -1)
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidDate)
        }
    }

    @Test("errors read as one sentence with their context")
    func errorDescription() {
        let error = SigV4Error(code: .missingHost, message: "the request has no Host header", context: "GET /")
        #expect(error.description == "SigV4 missingHost: the request has no Host header (GET /)")
    }
}
