import AWSClient
import AWSSigV4
import Foundation
import HTTPTypes
import Hashing
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport
@testable import FileShare

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The S3 blob store against the AWS emulator (moto) on 127.0.0.1.
@Suite("S3 storage")
struct S3StorageTests {
    static func makeStore() async throws -> (S3BlobStore, S3, String) {
        // moto checks neither presigned signatures nor the response-* overrides, so these tests show
        // the round trip and what the URL asks S3 for; the signature itself is the signer's, tested
        // against AWS's own vectors in AWSSigV4Tests.
        let moto = try await MotoServerPool.shared.server(authentication: false)
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL_S3": moto.endpoint.absoluteString]))
        let bucket = "fileshare-" + UUID().uuidString.lowercased().prefix(12)
        let s3 = S3(session)
        try await s3.createBucket(bucket)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-spool-\(UUID().uuidString)").path
        return (try S3BlobStore(bucket: bucket, session: session, spoolDirectory: spool), s3, bucket)
    }

    /// Fetches a presigned URL (always on 127.0.0.1 here).
    static func fetch(_ url: String) async throws -> (Data, HTTPURLResponse) {
        let target = try #require(URL(string: url))
        try #require(target.host == "127.0.0.1")
        let (data, response) = try await URLSession.shared.data(from: target)
        return (data, try #require(response as? HTTPURLResponse))
    }

    @Test("uploads land in the bucket; downloads redirect to a short-lived presigned URL asking for an attachment")
    func uploadAndDownload() async throws {
        let (store, s3, bucket) = try await Self.makeStore()
        try await TestHarness.run(.sqlite, blobStore: store) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let content = String(repeating: "S3 contract line\n", count: 4000)
            let file = try await client.send(.post, "/api/projects/\(project.id)/files?name=deal.pdf", token: token,
                                             body: ByteBuffer(string: content), headers: [.contentType: "application/pdf"]).decode(StoredFile.self)
            #expect(file.sha256 == SHA256.hex(of: content))
            let versions = try await harness.services.files.versions(fileId: file.id)
            let stored = try await s3.getObject(bucket: bucket, key: S3BlobStore.objectKey(versions[0].blobKey))
            #expect(stored.body == Data(content.utf8))

            let download = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token)
            #expect(download.status == .found)
            let location = try #require(download.headers[.location])
            let query = try #require(URLComponents(string: location)?.queryItems)
            let parameters = Dictionary(query.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            #expect(parameters["response-content-disposition"] == ContentDisposition.attachment(fileName: "deal.pdf"))
            #expect(parameters["response-content-type"] == "application/pdf")
            #expect(parameters["X-Amz-Expires"] == "300")
            #expect(parameters["X-Amz-SignedHeaders"] == "host")
            #expect(parameters["X-Amz-Signature"]?.count == 64)
            let (data, response) = try await Self.fetch(location)
            #expect(response.statusCode == 200)
            #expect(data == Data(content.utf8))
            #expect(await store.isReachable())
        }
    }

    @Test("direct uploads: parts go straight to S3 through presigned URLs; the service hashes the result")
    func directUpload() async throws {
        let (store, _, _) = try await Self.makeStore()
        try await TestHarness.run(.sqlite, blobStore: store) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/uploads"
            let upload = try await client.send(.post, base, token: token, json: #"{"name":"film.mov","direct":true}"#).decode(Upload.self)
            #expect(upload.direct)
            let parts = [Data(repeating: 0x61, count: 5 << 20), Data("tail".utf8)]
            var sent: [[String: Any]] = []
            for (index, data) in parts.enumerated() {
                let answer = try await client.send(.get, "\(base)/\(upload.id)/parts/\(index + 1)/url", token: token)
                let url = try answer.decode(UploadController.PartURL.self).url
                var request = URLRequest(url: try #require(URL(string: url)))
                try #require(request.url?.host == "127.0.0.1")
                request.httpMethod = "PUT"
                let (_, response) = try await URLSession.shared.upload(for: request, from: data)
                let eTag = try #require((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "ETag"))
                sent.append(["partNumber": index + 1, "eTag": eTag])
            }
            #expect(try await client.send(.put, "\(base)/\(upload.id)/parts/1", token: token, body: .init(string: "x")).status == .conflict)
            #expect(try await client.send(.post, "\(base)/\(upload.id)/complete", token: token, json: json(["parts": [sent[1]]])).status == .badRequest)
            let done = try await client.send(.post, "\(base)/\(upload.id)/complete", token: token, json: json(["parts": sent]))
            #expect(done.status == .created)
            let file = try done.decode(StoredFile.self)
            #expect(file.size == (5 << 20) + 4)
            #expect(file.sha256 == SHA256.hex(of: String(repeating: "a", count: 5 << 20) + "tail"))
        }
        try await TestHarness.run(.sqlite) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let local = try await client.send(.post, "/api/projects/\(project.id)/uploads", token: token, json: #"{"name":"x","direct":true}"#)
            #expect(local.status == .badRequest)
        }
    }

    @Test("multipart uploads join in the bucket with the right hash; project deletion removes objects")
    func multipartAndDelete() async throws {
        let (store, s3, bucket) = try await Self.makeStore()
        try await TestHarness.run(.sqlite, blobStore: store) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/uploads"
            let id = try await client.send(.post, base, token: token, json: #"{"name":"big.bin"}"#).decode(Upload.self).id
            let first = String(repeating: "a", count: 70_000), second = String(repeating: "b", count: 1234)
            #expect(try await client.send(.put, "\(base)/\(id)/parts/2", token: token, body: .init(string: second)).status == .ok)
            #expect(try await client.send(.put, "\(base)/\(id)/parts/1", token: token, body: .init(string: first)).status == .ok)
            let file = try await client.send(.post, "\(base)/\(id)/complete", token: token).decode(StoredFile.self)
            #expect(file.sha256 == SHA256.hex(of: first + second))
            let version = try #require(try await harness.services.files.versions(fileId: file.id).first)
            #expect(try await s3.getObject(bucket: bucket, key: S3BlobStore.objectKey(version.blobKey)).body.count == 71_234)
            #expect(try await client.send(.delete, "/api/projects/\(project.id)", token: token).status == .noContent)
            #expect(try await s3.headObject(bucket: bucket, key: S3BlobStore.objectKey(version.blobKey)) == nil)
        }
    }
}
