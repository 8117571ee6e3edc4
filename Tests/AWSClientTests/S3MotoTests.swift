import AWSClient
import Foundation
import Testing
import TestSupport

@Suite("S3 against moto")
struct S3MotoTests {
    /// A file of `size` bytes of a repeating, position-dependent pattern (so swapped parts show).
    static func patternFile(size: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("s3-\(UUID().uuidString).bin")
        let bytes = (0..<size).map { index in UInt8(truncatingIfNeeded: index &* 31 &+ index >> 12) }
        try Data(bytes).write(to: url)
        return url
    }

    @Test func objectsRoundTripWithSignatureChecks() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let s3 = S3(try MotoSessions.session(moto))
        let bucket = MotoSessions.uniqueName("objects")
        try await s3.createBucket(bucket)

        let eTag = try await s3.putObject(
            bucket: bucket, key: "docs/hello world.txt", body: .data(Data("hello".utf8)), contentType: "text/plain",
            metadata: ["owner": "tenkai"]
        )
        #expect(eTag?.isEmpty == false)
        let head = try #require(try await s3.headObject(bucket: bucket, key: "docs/hello world.txt"))
        #expect(head.contentLength == 5)
        #expect(head.userMetadata["owner"] == "tenkai")
        let object = try await s3.getObject(bucket: bucket, key: "docs/hello world.txt")
        #expect(String(decoding: object.body, as: UTF8.self) == "hello")
        #expect(object.metadata.contentType == "text/plain")

        // moto's signature check reads the query after werkzeug decoded "%2F" back to "/", so a
        // prefix with a slash cannot pass it (AWS itself needs the "%2F"); this one has none.
        let listing = try await s3.listObjectsV2(bucket: bucket, prefix: "docs")
        #expect(listing.contents.map(\.key) == ["docs/hello world.txt"])
        #expect(listing.contents.first?.size == 5)
        #expect(listing.isTruncated == false)

        try await s3.deleteObject(bucket: bucket, key: "docs/hello world.txt")
        #expect(try await s3.headObject(bucket: bucket, key: "docs/hello world.txt") == nil)
        let missing = await #expect(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "nothing") }
        #expect(missing?.code == "NoSuchKey")
        #expect(missing?.status == 404)
    }

    @Test func aMultipartUploadAndAStreamedDownloadKeepEveryByte() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let s3 = S3(try MotoSessions.session(moto))
        let bucket = MotoSessions.uniqueName("multipart")
        try await s3.createBucket(bucket)
        let source = try Self.patternFile(size: 11 << 20 + 12345)
        defer { try? FileManager.default.removeItem(at: source) }

        let eTag = try await s3.uploadFile(source, bucket: bucket, key: "big.bin", partSize: 5 << 20)
        #expect(eTag?.hasSuffix("-3\"") == true, "three parts make a multipart ETag ending in -3")

        let target = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: target) }
        let object = try await s3.getObject(bucket: bucket, key: "big.bin", to: .file(target))
        #expect(object.file == target)
        #expect(object.body.isEmpty, "a streamed download is not also held in memory")
        #expect(try Data(contentsOf: target) == Data(contentsOf: source))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(target.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test func anAbortedMultipartUploadLeavesNoObject() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let s3 = S3(try MotoSessions.session(moto))
        let bucket = MotoSessions.uniqueName("aborted")
        try await s3.createBucket(bucket)
        let uploadID = try await s3.createMultipartUpload(bucket: bucket, key: "k")
        let eTag = try await s3.uploadPart(bucket: bucket, key: "k", uploadID: uploadID, partNumber: 1, body: .data(Data("x".utf8)))
        #expect(eTag.isEmpty == false)
        try await s3.abortMultipartUpload(bucket: bucket, key: "k", uploadID: uploadID)
        #expect(try await s3.headObject(bucket: bucket, key: "k") == nil)
    }

    @Test func aWrongSecretIsRejectedWithSignatureDoesNotMatch() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: true)
        let bucket = MotoSessions.uniqueName("denied")
        try await S3(try MotoSessions.session(moto)).createBucket(bucket)
        let s3 = S3(try MotoSessions.session(moto, secret: "wrong"))
        let error = await #expect(throws: AWSError.self) {
            try await s3.putObject(bucket: bucket, key: "k", body: .data(Data("x".utf8)))
        }
        #expect(error?.code == "SignatureDoesNotMatch")
    }

    /// moto cannot check presigned signatures in authentication mode, so this uses a moto without it.
    @Test func presignedURLsWorkWithoutCredentials() async throws {
        let moto = try await MotoServerPool.shared.server(authentication: false)
        let s3 = S3(try MotoSessions.session(moto))
        let bucket = MotoSessions.uniqueName("presigned")
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket: bucket, key: "report.csv", body: .data(Data("a,b\n1,2\n".utf8)))

        let getURL = try await s3.presignedURL(.get, bucket: bucket, key: "report.csv", expiresIn: .seconds(600))
        let query = getURL.query ?? ""
        #expect(query.contains("X-Amz-Signature="))
        #expect(query.contains("X-Amz-Expires=600"))
        let fetched = try await CurlTransport.shared.send(HTTPRequest(method: "GET", url: getURL))
        #expect(fetched.status == 200)
        #expect(String(decoding: fetched.body, as: UTF8.self) == "a,b\n1,2\n")

        let putURL = try await s3.presignedURL(.put, bucket: bucket, key: "upload.txt", expiresIn: .seconds(600))
        let put = try await CurlTransport.shared.send(HTTPRequest(method: "PUT", url: putURL, body: .data(Data("sent".utf8))))
        #expect(put.status == 200)
        #expect(String(decoding: try await s3.getObject(bucket: bucket, key: "upload.txt").body, as: UTF8.self) == "sent")

        let uploadID = try await s3.createMultipartUpload(bucket: bucket, key: "parts.bin")
        let partURL = try await s3.presignedURL(
            .uploadPart(uploadID: uploadID, partNumber: 1), bucket: bucket, key: "parts.bin", expiresIn: .seconds(600)
        )
        #expect(partURL.query?.contains("uploadId=") == true)
        let part = try await CurlTransport.shared.send(HTTPRequest(method: "PUT", url: partURL, body: .data(Data("only part".utf8))))
        let partETag = try #require(part.headers["ETag"])
        try await s3.completeMultipartUpload(bucket: bucket, key: "parts.bin", uploadID: uploadID, parts: [CompletedPart(partNumber: 1, eTag: partETag)])
        #expect(String(decoding: try await s3.getObject(bucket: bucket, key: "parts.bin").body, as: UTF8.self) == "only part")
    }
}
