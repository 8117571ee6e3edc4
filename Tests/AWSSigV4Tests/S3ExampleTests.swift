import AWSSigV4
import Foundation
import Testing

/// The S3 API Reference's worked examples (`s3-doc-examples.json`): header signing with S3's rules,
/// a presigned GET with `UNSIGNED-PAYLOAD`, and an `aws-chunked` upload with its chunk signatures.
@Suite("S3 worked examples")
struct S3ExampleTests {
    struct Examples: Decodable {
        struct Common: Decodable {
            var credentials: V4Context.Credentials
            var region: String
            var service: String
            var timestamp: String
        }
        struct Chunk: Decodable {
            var size: Int
            var signature: String
        }
        struct Example: Decodable {
            var name: String
            var mode: String
            var method: String
            var url: String
            var headers: [[String]]
            var body: String?
            var expires: Int?
            var expected_signed_headers: String?
            var expected_signature: String?
            var expected_canonical_uri: String?
            var expected_canonical_query: String?
            var expected_payload_hash: String?
            var expected_url: String?
            var expected_seed_signature: String?
            var expected_chunks: [Chunk]?
        }
        var common: Common
        var cases: [Example]
    }

    static func loadExamples() throws -> Examples {
        try JSONDecoder().decode(Examples.self, from: Data(contentsOf: SuiteData.root.appendingPathComponent("s3-doc-examples.json")))
    }

    static func example(_ name: String) throws -> Examples.Example {
        try #require(try loadExamples().cases.first { $0.name == name }, "s3-doc-examples.json has no case \(name)")
    }

    let signer = SigV4Signer()
    let common: Examples.Common
    let credentials: AWSCredentials
    let configuration: SigningConfiguration

    init() throws {
        common = try Self.loadExamples().common
        credentials = AWSCredentials(accessKeyID: common.credentials.access_key_id, secretAccessKey: common.credentials.secret_access_key)
        configuration = .s3(region: common.region, service: common.service)
    }

    func request(_ example: Examples.Example, payload: SigV4Request.Payload) throws -> SigV4Request {
        try SigV4Request(
            method: example.method,
            url: example.url,
            headers: example.headers.map { SigV4Request.Header(name: $0[0], value: $0[1]) },
            payload: payload
        )
    }

    func date() throws -> Date { try SuiteData.date(common.timestamp) }

    @Test("the file holds the 6 examples this suite checks")
    func allExamplesPresent() throws {
        #expect(try Self.loadExamples().cases.map(\.name).sorted() == [
            "s3-chunked-upload", "s3-get-bucket-lifecycle", "s3-get-object-range", "s3-list-objects",
            "s3-presigned-get", "s3-put-object-date-header",
        ])
    }

    @Test("header signing", arguments: ["s3-get-object-range", "s3-put-object-date-header", "s3-get-bucket-lifecycle", "s3-list-objects"])
    func headerSigning(name: String) throws {
        let example = try Self.example(name)
        let request = try request(example, payload: .bytes(Array((example.body ?? "").utf8)))
        let signature = try signer.sign(request, credentials: credentials, configuration: configuration, date: date())
        #expect(signature.signedHeaders == (try #require(example.expected_signed_headers)))
        #expect(signature.signature == example.expected_signature)
        // S3 requires x-amz-content-sha256, equal to the payload hash.
        let bodyHash = try signer.signingDetails(for: request, credentials: credentials, configuration: configuration, date: date(), mode: .header).payloadHash
        #expect(signature.headers.contains(SigV4Request.Header(name: "x-amz-content-sha256", value: bodyHash)))

        let canonical = try signer.signingDetails(for: request, credentials: credentials, configuration: configuration, date: date(), mode: .header)
            .canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        if let uri = example.expected_canonical_uri { #expect(canonical[1] == uri) }
        if let query = example.expected_canonical_query { #expect(canonical[2] == query) }
    }

    @Test("presigned GET with UNSIGNED-PAYLOAD")
    func presignedGet() throws {
        let example = try Self.example("s3-presigned-get")
        let presigned = try signer.presign(
            request(example, payload: .empty), credentials: credentials, configuration: configuration,
            date: date(), expiresIn: .seconds(try #require(example.expires))
        )
        #expect(presigned.url() == example.expected_url)
        #expect(presigned.signature == example.expected_signature)
        let details = try signer.signingDetails(
            for: request(example, payload: .empty), credentials: credentials, configuration: configuration,
            date: date(), mode: .query(expiresIn: .seconds(try #require(example.expires)))
        )
        #expect(details.payloadHash == example.expected_payload_hash)
    }

    @Test("aws-chunked upload: seed signature, chunk signatures and framing")
    func chunkedUpload() throws {
        let example = try Self.example("s3-chunked-upload")
        var configuration = self.configuration
        configuration.signsContentLength = true  // the documented example signs Content-Length
        let streaming = try signer.signStreaming(
            request(example, payload: .streaming), credentials: credentials, configuration: configuration, date: date()
        )
        #expect(streaming.headerSignature.signedHeaders == (try #require(example.expected_signed_headers)))
        #expect(streaming.headerSignature.signature == example.expected_seed_signature)
        // The request carried x-amz-content-sha256 itself, so the signer does not add it again.
        #expect(!streaming.headerSignature.headers.contains { $0.name.lowercased() == "x-amz-content-sha256" })

        var chunkSigner = streaming.chunkSigner
        var framedLength = 0
        for expected in try #require(example.expected_chunks) {
            let data = [UInt8](repeating: UInt8(ascii: "a"), count: expected.size)
            let frame = try chunkSigner.frame(data)
            let header = "\(String(expected.size, radix: 16));chunk-signature=\(expected.signature)\r\n"
            #expect(frame == Array(header.utf8) + data + [13, 10])
            #expect(chunkSigner.previousSignature == expected.signature)
            framedLength += frame.count
        }
        #expect(framedLength == 66_824)
        #expect(try ChunkSigner.encodedContentLength(decodedLength: 66_560, chunkSize: 65_536) == 66_824)
    }
}
