import AWSSigV4
import Foundation
import Testing

/// Every case of aws-c-auth's `v4/` suite, in header mode and in query (presign) mode: canonical
/// request, string to sign and signature must match byte for byte.
@Suite("aws-c-auth v4 suite")
struct V4SuiteTests {
    let signer = SigV4Signer()

    /// One case folder turned into signer inputs.
    struct Case {
        var name: String
        var context: V4Context
        var request: SigV4Request
        var credentials: AWSCredentials
        var configuration: SigningConfiguration
        var date: Date

        init(_ name: String) throws {
            self.name = name
            let folder = SuiteData.v4.appendingPathComponent(name)
            context = try JSONDecoder().decode(V4Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
            let raw = try RawHTTPRequest(parsing: SuiteData.read(folder.appendingPathComponent("request.txt")))
            let host = raw.values(of: "host").first ?? ""
            // The suite's paths are raw (unencoded): handed to a signer that encodes the path once more
            // (the non-S3 rule), they come out encoded exactly once, as the expected canonical URIs are.
            request = try SigV4Request(
                method: raw.method,
                url: "https://\(host)\(raw.target)",
                headers: raw.headers.map { SigV4Request.Header(name: $0.name, value: $0.value) },
                payload: context.sign_body ? .bytes(Array(raw.body.utf8)) : .empty
            )
            credentials = AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token
            )
            configuration = .default(service: context.service, region: context.region)
            configuration.normalizesPath = context.normalize
            configuration.pathEncoding = .encodeAgain
            configuration.sessionTokenPlacement = context.omit_session_token == true ? .addedAfterSigning : .signed
            configuration.addsContentHashHeader = context.sign_body
            // The suite signs every header its requests carry, Content-Length included.
            configuration.signsContentLength = true
            date = try SuiteData.date(context.timestamp)
        }

        func expected(_ file: String) throws -> String {
            try SuiteData.read(SuiteData.v4.appendingPathComponent(name).appendingPathComponent(file))
        }
    }

    @Test("header signing", arguments: SuiteData.v4CaseNames)
    func headerSigning(caseName: String) throws {
        let testCase = try Case(caseName)
        let details = try signer.signingDetails(
            for: testCase.request, credentials: testCase.credentials, configuration: testCase.configuration,
            date: testCase.date, mode: .header
        )
        #expect(details.canonicalRequest == (try testCase.expected("header-canonical-request.txt")))
        #expect(details.stringToSign == (try testCase.expected("header-string-to-sign.txt")))
        #expect(details.signature == (try testCase.expected("header-signature.txt")))

        // The headers the signer adds are exactly those the signed request has on top of the original.
        let signature = try signer.sign(
            testCase.request, credentials: testCase.credentials, configuration: testCase.configuration, date: testCase.date
        )
        #expect(signature.signature == details.signature)
        let signed = try RawHTTPRequest(parsing: testCase.expected("header-signed-request.txt"))
        let original = try RawHTTPRequest(parsing: testCase.expected("request.txt"))
        let added = signed.headers.filter { header in
            !original.headers.contains { $0.name == header.name && $0.value == header.value }
        }
        #expect(
            Set(added.map { "\($0.name.lowercased()):\($0.value)" })
                == Set(signature.headers.map { "\($0.name.lowercased()):\($0.value)" })
        )
    }

    @Test("query signing (presign)", arguments: SuiteData.v4CaseNames)
    func querySigning(caseName: String) throws {
        let testCase = try Case(caseName)
        let expiresIn = Duration.seconds(testCase.context.expiration_in_seconds)
        let details = try signer.signingDetails(
            for: testCase.request, credentials: testCase.credentials, configuration: testCase.configuration,
            date: testCase.date, mode: .query(expiresIn: expiresIn)
        )
        #expect(details.canonicalRequest == (try testCase.expected("query-canonical-request.txt")))
        #expect(details.stringToSign == (try testCase.expected("query-string-to-sign.txt")))
        #expect(details.signature == (try testCase.expected("query-signature.txt")))

        // The suite lists the X-Amz-* parameters unsorted; order does not matter to AWS, the parameters do.
        let presigned = try signer.presign(
            testCase.request, credentials: testCase.credentials, configuration: testCase.configuration,
            date: testCase.date, expiresIn: expiresIn
        )
        let signed = try RawHTTPRequest(parsing: testCase.expected("query-signed-request.txt"))
        let expectedParameters = signed.query.split(separator: "&").map { Self.encodedLikeTheSigner(String($0)) }.sorted()
        #expect(presigned.query.split(separator: "&").map(String.init).sorted() == expectedParameters)
        #expect(presigned.signature == details.signature)
    }

    /// The signed request lines write the original parameters raw (`ሴ=bar`); the signer sends them encoded.
    static func encodedLikeTheSigner(_ parameter: String) -> String {
        let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let decode = { (text: String) in text.removingPercentEncoding ?? text }
        let name = SigV4Encoding.percentEncoded(decode(parts[0]), keepingSlashes: false)
        let value = parts.count > 1 ? SigV4Encoding.percentEncoded(decode(parts[1]), keepingSlashes: false) : ""
        return "\(name)=\(value)"
    }
}
