import AWSSigV4
import Foundation
import Testing

@Suite("Streaming uploads, URLs and credentials")
struct StreamingAndValuesTests {
    @Test("the framed length counts every chunk's header, data and CRLF plus the final empty chunk")
    func encodedContentLength() throws {
        // 0 bytes: only "0;chunk-signature=<64>\r\n\r\n" (86 bytes).
        #expect(try ChunkSigner.encodedContentLength(decodedLength: 0, chunkSize: 65_536) == 86)
        #expect(try ChunkSigner.encodedContentLength(decodedLength: 65_536, chunkSize: 65_536) == 65_626 + 86)
        #expect(try ChunkSigner.encodedContentLength(decodedLength: 66_560, chunkSize: 65_536) == 66_824)
        #expect(throws: SigV4Error.self) { try ChunkSigner.encodedContentLength(decodedLength: 10, chunkSize: 0) }
    }

    @Test("signStreaming needs the .streaming payload")
    func streamingPayloadRequired() {
        #expect(throws: SigV4Error.self) {
            try Fixture.signer.signStreaming(
                Fixture.request("PUT", path: "/b/k", payload: .empty), credentials: Fixture.credentials, configuration: Fixture.s3
            )
        }
    }

    @Test("each chunk signature chains to the previous one, so the same chunk signs differently the second time")
    func chunksChain() throws {
        let streaming = try Fixture.signer.signStreaming(
            Fixture.request("PUT", path: "/b/k", payload: .streaming), credentials: Fixture.credentials, configuration: Fixture.s3,
            date: Fixture.date
        )
        var chunks = streaming.chunkSigner
        #expect(chunks.previousSignature == streaming.headerSignature.signature)
        let first = try chunks.signChunk([1, 2, 3])
        let second = try chunks.signChunk([1, 2, 3])
        #expect(first != second)
        #expect(try chunks.finalFrame() == Array("0;chunk-signature=\(chunks.previousSignature)\r\n\r\n".utf8))
    }

    @Test("a URL gives Host without the scheme's default port, and keeps any other port")
    func urlHost() throws {
        #expect(try SigV4Request(method: "GET", url: "https://s3.amazonaws.com:443/b").headers == [.init(name: "Host", value: "s3.amazonaws.com")])
        #expect(try SigV4Request(method: "GET", url: "http://127.0.0.1:80/").headers == [.init(name: "Host", value: "127.0.0.1")])
        #expect(try SigV4Request(method: "GET", url: "http://127.0.0.1:5000/b?x=1").headers == [.init(name: "Host", value: "127.0.0.1:5000")])
        let request = try SigV4Request(method: "GET", url: "https://example.com")
        #expect(request.path == "/")
        #expect(throws: SigV4Error.self) { try SigV4Request(method: "GET", url: "example.com/path") }
    }

    @Test("printing credentials never shows the secret key or the session token")
    func credentialsRedacted() {
        let credentials = AWSCredentials(accessKeyID: "ASIAVISIBLE", secretAccessKey: "TOPSECRETKEY", sessionToken: "TOKENVALUE")
        let text = "\(credentials) \(String(reflecting: credentials)) \([credentials])"
        #expect(text.contains("ASIAVISIBLE"))
        #expect(!text.contains("TOPSECRETKEY"))
        #expect(!text.contains("TOKENVALUE"))
    }

    @Test("credentials expire, with a margin to refresh them early")
    func credentialsExpiry() {
        let credentials = AWSCredentials(accessKeyID: "A", secretAccessKey: "S", expiration: Date(timeIntervalSince1970: 1000))
        #expect(!credentials.isExpired(at: Date(timeIntervalSince1970: 900)))
        #expect(credentials.isExpired(at: Date(timeIntervalSince1970: 900), margin: .seconds(100)))
        #expect(credentials.isExpired(at: Date(timeIntervalSince1970: 1000)))
        #expect(!Fixture.credentials.isExpired(at: .distantFuture))
    }
}
