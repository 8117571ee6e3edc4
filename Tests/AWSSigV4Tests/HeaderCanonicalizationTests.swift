import AWSSigV4
import Testing

@Suite("Canonical headers")
struct HeaderCanonicalizationTests {
    @Test("repeated headers are joined with commas in arrival order, not sorted")
    func duplicatesJoinedInOrder() throws {
        let request = Fixture.request(headers: [
            .init(name: "X-Multi", value: "value4"), .init(name: "x-multi", value: "value1"),
            .init(name: "Zeta", value: "z"), .init(name: "X-MULTI", value: "value3"), .init(name: "X-Multi", value: "value2"),
        ])
        let details = try Fixture.details(request)
        #expect(Fixture.canonicalHeaders(of: details).contains("x-multi:value4,value1,value3,value2"))
        #expect(details.signedHeaders == "host;x-amz-date;x-multi;zeta")
    }

    @Test("values are trimmed and inner runs of spaces and tabs become one space, even inside quotes")
    func valuesTrimmedAndSquashed() throws {
        let request = Fixture.request(headers: [.init(name: "My-Header", value: " \t \"a   b\t\tc\"  d \t")])
        #expect(Fixture.canonicalHeaders(of: try Fixture.details(request)).contains("my-header:\"a b c\" d"))
    }

    @Test("names are lower-cased, values keep their case")
    func caseRules() throws {
        let request = Fixture.request(headers: [.init(name: "X-Amz-Meta-Color", value: "DarkBlue")])
        #expect(Fixture.canonicalHeaders(of: try Fixture.details(request)).contains("x-amz-meta-color:DarkBlue"))
    }

    @Test(
        "hop-by-hop and mutable headers are not signed",
        arguments: ["User-Agent", "Expect", "Content-Length", "Transfer-Encoding", "Connection", "X-Amzn-Trace-Id", "Keep-Alive"]
    )
    func unsignedHeaders(name: String) throws {
        let details = try Fixture.details(Fixture.request(headers: [.init(name: name, value: "1")]))
        #expect(details.signedHeaders == "host;x-amz-date")
    }

    @Test("Content-Length is signed when the configuration asks for it")
    func contentLengthOnRequest() throws {
        var configuration = Fixture.service
        configuration.signsContentLength = true
        let details = try Fixture.details(Fixture.request(headers: [.init(name: "Content-Length", value: "13")]), configuration: configuration)
        #expect(details.signedHeaders == "content-length;host;x-amz-date")
    }

    @Test("the unsigned list is configuration: a header can be left out per service")
    func customUnsignedHeaders() throws {
        var configuration = Fixture.service
        configuration.unsignedHeaderNames += ["X-Custom-Hop"]
        let request = Fixture.request(headers: [.init(name: "x-custom-hop", value: "1"), .init(name: "User-Agent", value: "tenkai")])
        #expect(try Fixture.details(request, configuration: configuration).signedHeaders == "host;x-amz-date")
    }

    @Test("a value with a line break is refused (header injection), naming the header")
    func lineBreakRefused() {
        do {
            _ = try Fixture.details(Fixture.request(headers: [.init(name: "X-Evil", value: "a\r\nAuthorization: x")]))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidHeader)
            #expect(error.context == "X-Evil")
        }
    }

    @Test("a header name that is not an HTTP token is refused")
    func badNameRefused() {
        #expect(throws: SigV4Error.self) { try Fixture.details(Fixture.request(headers: [.init(name: "Bad Name", value: "1")])) }
        #expect(throws: SigV4Error.self) { try Fixture.details(Fixture.request(headers: [.init(name: "", value: "1")])) }
    }

    @Test("a request without Host cannot be signed")
    func hostRequired() {
        let request = SigV4Request(method: "GET", path: "/", headers: [])
        do {
            _ = try Fixture.details(request)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingHost)
        }
    }
}
