import Foundation
import HTTPTypes
import Hashing
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

@Suite("Files: upload, download, ranges, versions, limits")
struct FileTests {
    static func sha256(_ text: String) -> String { SHA256.hex(of: text) }

    @Test("an upload is stored with its SHA-256 and downloads byte for byte as an attachment", arguments: Backend.allCases)
    func roundTrip(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let content = String(repeating: "Vertrag über 1000 €\n", count: 5000)
            let uploaded = try await client.send(.post, "/api/projects/\(project.id)/files?name=Vertrag%20%C3%BCber.pdf&folder=contracts/2024",
                                                 token: token, body: ByteBuffer(string: content), headers: [.contentType: "application/pdf"])
            #expect(uploaded.status == .created)
            let file = try uploaded.decode(StoredFile.self)
            #expect(file.sha256 == Self.sha256(content))
            #expect(file.size == content.utf8.count)
            #expect(file.folder == "contracts/2024")
            #expect(file.name == "Vertrag über.pdf")
            let download = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token)
            #expect(download.status == .ok)
            #expect(download.text == content)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"Vertrag _ber.pdf\"; filename*=UTF-8''Vertrag%20%C3%BCber.pdf")
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            #expect(download.headers[.eTag] == "\"\(file.sha256)\"")
            let notModified = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token,
                                                    headers: [.ifNoneMatch: "\"\(file.sha256)\""])
            #expect(notModified.status == .notModified)
            let inFolder = try await client.send(.get, "/api/projects/\(project.id)/files?folder=contracts", token: token).decode(Page<StoredFile>.self)
            #expect(inFolder.items.map(\.id) == [file.id])
            let otherFolder = try await client.send(.get, "/api/projects/\(project.id)/files?folder=invoices", token: token).decode(Page<StoredFile>.self)
            #expect(otherFolder.total == 0)
        }
    }

    @Test("HTTP Range: a slice, an open end, a suffix, and 416 outside the file", arguments: [Backend.sqlite])
    func ranges(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("digits.txt", in: project.id, data: "0123456789", by: owner.id)
            let uri = "/api/projects/\(project.id)/files/\(file.id)/content"
            let slice = try await client.send(.get, uri, token: token, headers: [.range: "bytes=2-5"])
            #expect(slice.status == .partialContent)
            #expect(slice.text == "2345")
            #expect(slice.headers[.contentRange] == "bytes 2-5/10")
            #expect(try await client.send(.get, uri, token: token, headers: [.range: "bytes=7-"]).text == "789")
            #expect(try await client.send(.get, uri, token: token, headers: [.range: "bytes=-3"]).text == "789")
            let outside = try await client.send(.get, uri, token: token, headers: [.range: "bytes=50-60"])
            #expect(outside.status == .rangeNotSatisfiable)
            #expect(outside.headers[.contentRange] == "bytes */10")
            let stale = try await client.send(.get, uri, token: token, headers: [.range: "bytes=2-5", .ifRange: "\"old\""])
            #expect(stale.status == .ok)
            #expect(stale.text == "0123456789")
        }
    }

    @Test("the same name makes a new version; every version keeps its bytes and hash", arguments: Backend.allCases)
    func versions(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)"
            let v1 = try await client.send(.post, base + "/files?name=offer.txt", token: token, body: .init(string: "first")).decode(StoredFile.self)
            let v2 = try await client.send(.post, base + "/files?name=offer.txt", token: token, body: .init(string: "second")).decode(StoredFile.self)
            #expect(v2.id == v1.id)
            #expect(v2.version == 2)
            let v3 = try await client.send(.post, base + "/files/\(v1.id)/versions", token: token, body: .init(string: "third")).decode(StoredFile.self)
            #expect(v3.version == 3)
            let versions = try await client.send(.get, base + "/files/\(v1.id)/versions", token: token).decode([FileVersion].self)
            #expect(versions.map(\.version) == [3, 2, 1])
            #expect(versions.map(\.sha256) == ["third", "second", "first"].map(Self.sha256))
            #expect(try await client.send(.get, base + "/files/\(v1.id)/versions/1/content", token: token).text == "first")
            #expect(try await client.send(.get, base + "/files/\(v1.id)/content", token: token).text == "third")
            #expect(try await client.send(.get, base + "/files/\(v1.id)/versions/9/content", token: token).status == .notFound)
            let listed = try await client.send(.get, base + "/files", token: token).decode(Page<StoredFile>.self)
            #expect(listed.total == 1)
        }
    }

    @Test("soft delete hides a file, restore brings it back; contents are kept", arguments: Backend.allCases)
    func softDelete(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("nda.txt", in: project.id, data: "secret terms", by: owner.id)
            let base = "/api/projects/\(project.id)/files"
            #expect(try await client.send(.delete, "\(base)/\(file.id)", token: token).status == .noContent)
            #expect(try await client.send(.get, "\(base)/\(file.id)/content", token: token).status == .notFound)
            #expect(try await client.send(.get, base, token: token).decode(Page<StoredFile>.self).total == 0)
            let bin = try await client.send(.get, base + "?deleted=true", token: token).decode(Page<StoredFile>.self)
            #expect(bin.items.map(\.id) == [file.id])
            let restored = try await client.send(.post, "\(base)/\(file.id)/restore", token: token)
            #expect(try restored.decode(StoredFile.self).deletedAt == nil)
            #expect(try await client.send(.get, "\(base)/\(file.id)/content", token: token).text == "secret terms")
            #expect(try await client.send(.post, "\(base)/\(file.id)/restore", token: token).status == .conflict)
        }
    }

    @Test("oversize uploads are refused with 413 and leave nothing behind", arguments: Backend.allCases)
    func sizeLimit(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.maxFileSize = 1000 }) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let big = ByteBuffer(repeating: 0x41, count: 1001)
            let declared = try await client.send(.post, "/api/projects/\(project.id)/files?name=big.bin", token: token, body: big)
            #expect(declared.status == .contentTooLarge)
            // A streamed body without a length is cut off while it arrives.
            let streamed = try await harness.services.blobs.store(BufferSequence(buffers: [ByteBuffer(repeating: 1, count: 600)]), limit: 1000)
            try await harness.services.blobs.delete(key: streamed.key)
            await #expect(throws: AppError.self) {
                _ = try await harness.services.blobs.store(
                    BufferSequence(buffers: [ByteBuffer(repeating: 1, count: 600), ByteBuffer(repeating: 1, count: 600)]), limit: 1000)
            }
            #expect(try await harness.services.files.list(projectId: project.id, folder: nil, visibility: .current, ListQuery()).total == 0)
            let leftovers = try FileManager.default.subpathsOfDirectory(atPath: harness.dataDirectory + "/files")
                .filter { !$0.hasSuffix("tmp") && !$0.hasSuffix("blobs") && $0.count > 10 }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("unsafe names and executable media types are refused; nothing is stored", arguments: [Backend.sqlite])
    func unsafeInput(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/files"
            for name in ["..", "../../etc/passwd", "a%2Fb", "a%5Cb", "%00x", ""] {
                let response = try await client.send(.post, base + "?name=\(name)", token: token, body: .init(string: "x"))
                #expect(response.status == .badRequest, "name \(name)")
            }
            #expect(try await client.send(.post, base + "?name=ok.txt&folder=a/../../b", token: token, body: .init(string: "x")).status == .badRequest)
            for type in ["text/html", "image/svg+xml", "application/javascript", "not a type"] {
                let response = try await client.send(.post, base + "?name=x.html", token: token, body: .init(string: "<script>alert(1)</script>"),
                                                     headers: [.contentType: type])
                #expect(response.status == .unsupportedMediaType, "type \(type)")
            }
            #expect(try await client.send(.get, base, token: token).decode(Page<StoredFile>.self).total == 0)
            #expect(try await client.send(.get, base + "/not-an-id/content", token: token).status == .badRequest)
        }
    }

    @Test("a large file in parts: out of order, re-sent, resumed and joined with the right hash", arguments: Backend.allCases)
    func multipart(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/uploads"
            let upload = try await client.send(.post, base, token: token, json: #"{"name":"video.bin","folder":"media","contentType":"application/octet-stream"}"#)
            #expect(upload.status == .created)
            let id = try upload.decode(Upload.self).id
            let parts = ["AAAA", "BBBB", "CC"]
            #expect(try await client.send(.put, "\(base)/\(id)/parts/2", token: token, body: .init(string: "wrong")).status == .ok)
            #expect(try await client.send(.put, "\(base)/\(id)/parts/3", token: token, body: .init(string: parts[2])).status == .ok)
            let early = try await client.send(.post, "\(base)/\(id)/complete", token: token)
            #expect(early.status == .conflict)
            #expect(early.text.contains("1"))
            #expect(try await client.send(.put, "\(base)/\(id)/parts/1", token: token, body: .init(string: parts[0])).status == .ok)
            #expect(try await client.send(.put, "\(base)/\(id)/parts/2", token: token, body: .init(string: parts[1])).status == .ok)
            let status = try await client.send(.get, "\(base)/\(id)", token: token).decode(Upload.self)
            #expect(status.parts.map(\.partNumber) == [1, 2, 3])
            #expect(status.parts[1].sha256 == Self.sha256("BBBB"))
            #expect(try await client.send(.put, "\(base)/\(id)/parts/0", token: token, body: .init(string: "x")).status == .badRequest)
            let completed = try await client.send(.post, "\(base)/\(id)/complete", token: token)
            #expect(completed.status == .created)
            let file = try completed.decode(StoredFile.self)
            #expect(file.sha256 == Self.sha256(parts.joined()))
            #expect(file.folder == "media")
            #expect(try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token).text == parts.joined())
            #expect(try await client.send(.get, "\(base)/\(id)", token: token).status == .notFound)
        }
    }
}
