import AWSSigV4
import Testing

@Suite("Canonical URI")
struct PathRuleTests {
    @Test("S3 signs the wire path verbatim: no second encoding, no normalisation of //, . or ..")
    func s3PathVerbatim() throws {
        let path = "/my-bucket/a%20b/c%24d//e/./f/../g%2Fh"
        let details = try Fixture.details(Fixture.request(path: path), configuration: Fixture.s3)
        #expect(Fixture.canonicalLine(1, of: details) == path)
    }

    @Test("other services normalise the path, then encode the wire path again")
    func otherServicesEncodeTwice() throws {
        let details = try Fixture.details(Fixture.request(path: "/a%20b//c/./d/../e"))
        #expect(Fixture.canonicalLine(1, of: details) == "/a%2520b/c/e")
    }

    @Test("normalisation keeps a trailing slash and never climbs above the root")
    func normalisationEdges() throws {
        #expect(Fixture.canonicalLine(1, of: try Fixture.details(Fixture.request(path: "/a/b/"))) == "/a/b/")
        #expect(Fixture.canonicalLine(1, of: try Fixture.details(Fixture.request(path: "/../../x"))) == "/x")
        #expect(Fixture.canonicalLine(1, of: try Fixture.details(Fixture.request(path: ""))) == "/")
    }

    @Test("normalisation can be switched off while still encoding again (the suite's *-unnormalized cases)")
    func encodeWithoutNormalising() throws {
        var configuration = Fixture.service
        configuration.normalizesPath = false
        let details = try Fixture.details(Fixture.request(path: "//a b/../"), configuration: configuration)
        #expect(Fixture.canonicalLine(1, of: details) == "//a%20b/../")
    }

    @Test("a verbatim (S3) path that is not percent-encoded is an error, not a wrong signature")
    func s3PathMustBeEncoded() {
        for path in ["/bucket/a b", "/bucket/price$", "/bucket/bad%2", "/bucket/%zz"] {
            do {
                _ = try Fixture.details(Fixture.request(path: path), configuration: Fixture.s3)
                Issue.record("expected an error for \(path)")
            } catch {
                #expect(error.code == .invalidPath)
                #expect(error.context == path)
            }
        }
    }

    @Test("a path must start with a slash")
    func leadingSlash() {
        #expect(throws: SigV4Error.self) { try Fixture.details(Fixture.request(path: "relative/path")) }
    }

    @Test("SigV4Encoding makes an S3 key into a path S3 signs as is")
    func encodingHelper() throws {
        let path = "/bucket/" + SigV4Encoding.percentEncoded("reports/2026 Q1 (final)+$.pdf", keepingSlashes: true)
        #expect(path == "/bucket/reports/2026%20Q1%20%28final%29%2B%24.pdf")
        #expect(Fixture.canonicalLine(1, of: try Fixture.details(Fixture.request(path: path), configuration: Fixture.s3)) == path)
    }
}
