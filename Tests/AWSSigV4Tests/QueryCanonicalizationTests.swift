import AWSSigV4
import Testing

@Suite("Canonical query")
struct QueryCanonicalizationTests {
    @Test("names and values are encoded RFC 3986 style: %20 for a space, %2B for a plus, %2F for a slash, upper-case hex")
    func encoding() throws {
        let request = Fixture.request(query: [.init(name: "prefix", value: "a b+c/d~e_f.g-h"), .init(name: "ключ", value: "*'()!")])
        let query = Fixture.canonicalLine(2, of: try Fixture.details(request))
        #expect(query == "%D0%BA%D0%BB%D1%8E%D1%87=%2A%27%28%29%21&prefix=a%20b%2Bc%2Fd~e_f.g-h")
    }

    @Test("repeated names are sorted by name, then by value, bytewise (upper case before lower case)")
    func repeatedNamesSortByValue() throws {
        let request = Fixture.request(query: [
            .init(name: "b", value: "2"), .init(name: "a", value: "z"), .init(name: "a", value: "Z"), .init(name: "a", value: "y"),
        ])
        #expect(Fixture.canonicalLine(2, of: try Fixture.details(request)) == "a=Z&a=y&a=z&b=2")
    }

    @Test("sorting happens after encoding, so an encoded name sorts by its %XX form")
    func sortAfterEncoding() throws {
        let request = Fixture.request(query: [.init(name: "Param", value: "1"), .init(name: "ሴ", value: "2")])
        #expect(Fixture.canonicalLine(2, of: try Fixture.details(request)) == "%E1%88%B4=2&Param=1")
    }

    @Test("a parameter without a value signs as name=")
    func valuelessParameter() throws {
        let request = try SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?uploads&list-type=2")
        #expect(Fixture.canonicalLine(2, of: try Fixture.details(request, configuration: Fixture.s3)) == "list-type=2&uploads=")
    }

    @Test("a URL's query is percent-decoded once and re-encoded, and a + stays a literal plus")
    func urlQueryRoundTrip() throws {
        let request = try SigV4Request(method: "GET", url: "https://example.amazonaws.com/?a=%7e%20x&b=1+1")
        #expect(request.query == [.init(name: "a", value: "~ x"), .init(name: "b", value: "1+1")])
        #expect(Fixture.canonicalLine(2, of: try Fixture.details(request)) == "a=~%20x&b=1%2B1")
    }

    @Test("a malformed escape in a URL's query is an error naming the parameter")
    func malformedEscape() {
        #expect(throws: SigV4Error.self) { try SigV4Request(method: "GET", url: "https://example.amazonaws.com/?a=%zz") }
        do {
            _ = try SigV4Request(method: "GET", url: "https://example.amazonaws.com/?a=%4")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.context == "a=%4")
        }
    }
}
