import Foundation
import HTTPTypes
import Hashing
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

/// For every project endpoint and every kind of caller (each role, a member of another project,
/// no login), the expected answer: allowed (2xx), 403 for members whose role is too weak,
/// 404 for non-members (the project's existence must not leak) and 401 without login.
/// The minimum roles are written out here, independently of `AccessPolicy`.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case owner, manager, editor, viewer, guest, outsider, anonymous
        var description: String { rawValue }
        var role: Role? { Role(rawValue: rawValue) }
    }

    /// One fresh project per case, with one member per role and things for every route to act on.
    struct Fixture {
        var projectId: String
        var fileId: String
        var deletedFileId: String
        var uploadId: String
        var linkId: String
        var targetUserId: String
        var tokens: [Caller: String]
    }

    struct Endpoint: CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let minimum: Role
        var json: String?
        var raw: String?
        /// What an allowed caller gets (the fixture's upload goes through the service, so asking
        /// for a direct-to-S3 part URL is a 409 even when allowed).
        var allowed: ClosedRange<Int> = 200...299
        var description: String { "\(method) \(path)" }

        func uri(_ f: Fixture) -> String {
            "/api/projects/\(f.projectId)" + path
                .replacingOccurrences(of: "{file}", with: f.fileId)
                .replacingOccurrences(of: "{deleted}", with: f.deletedFileId)
                .replacingOccurrences(of: "{upload}", with: f.uploadId)
                .replacingOccurrences(of: "{link}", with: f.linkId)
                .replacingOccurrences(of: "{target}", with: f.targetUserId)
        }
    }

    static let endpoints: [Endpoint] = [
        .init(method: .get, path: "", minimum: .guest),
        .init(method: .patch, path: "", minimum: .manager, json: #"{"name":"Renamed"}"#),
        .init(method: .delete, path: "", minimum: .owner),
        .init(method: .post, path: "/archive", minimum: .manager),
        .init(method: .post, path: "/unarchive", minimum: .manager),
        .init(method: .get, path: "/members", minimum: .viewer),
        .init(method: .post, path: "/members", minimum: .manager, json: #"{"email":"newcomer@example.com","role":"viewer"}"#),
        .init(method: .patch, path: "/members/{target}", minimum: .manager, json: #"{"role":"editor"}"#),
        .init(method: .delete, path: "/members/{target}", minimum: .manager),
        .init(method: .get, path: "/files", minimum: .guest),
        .init(method: .get, path: "/files?deleted=true", minimum: .viewer),
        .init(method: .post, path: "/files?name=new.txt", minimum: .editor, raw: "new file"),
        .init(method: .get, path: "/files/{file}", minimum: .guest),
        .init(method: .get, path: "/files/{file}/content", minimum: .guest),
        .init(method: .get, path: "/files/{file}/versions", minimum: .guest),
        .init(method: .post, path: "/files/{file}/versions", minimum: .editor, raw: "second version"),
        .init(method: .get, path: "/files/{file}/versions/1/content", minimum: .guest),
        .init(method: .delete, path: "/files/{file}", minimum: .editor),
        .init(method: .post, path: "/files/{deleted}/restore", minimum: .editor),
        .init(method: .post, path: "/uploads", minimum: .editor, json: #"{"name":"big.bin"}"#),
        .init(method: .get, path: "/uploads/{upload}", minimum: .editor),
        .init(method: .put, path: "/uploads/{upload}/parts/2", minimum: .editor, raw: "part two"),
        .init(method: .get, path: "/uploads/{upload}/parts/1/url", minimum: .editor, allowed: 409...409),
        .init(method: .post, path: "/uploads/{upload}/complete", minimum: .editor),
        .init(method: .delete, path: "/uploads/{upload}", minimum: .editor),
        .init(method: .get, path: "/links", minimum: .editor),
        .init(method: .post, path: "/links", minimum: .editor, json: #"{"folder":""}"#),
        .init(method: .delete, path: "/links/{link}", minimum: .editor),
        .init(method: .post, path: "/links/{link}/unlock", minimum: .editor),
        .init(method: .get, path: "/audit", minimum: .owner),
        .init(method: .get, path: "/audit.csv", minimum: .owner),
    ]

    static func expectedStatus(_ endpoint: Endpoint, _ caller: Caller) -> ClosedRange<Int> {
        switch caller {
        case .anonymous: return 401...401
        case .outsider: return 404...404
        default:
            let role = caller.role!
            return role >= endpoint.minimum ? endpoint.allowed : 403...403
        }
    }

    static func makeFixture(_ harness: TestHarness, users: [Caller: User]) async throws -> Fixture {
        let services = harness.services
        let owner = users[.owner]!
        let project = try await services.projects.create(name: "Matrix", description: "", createdBy: owner.id)
        for caller in [Caller.manager, .editor, .viewer, .guest] {
            try await services.members.add(projectId: project.id, userId: users[caller]!.id, role: caller.role!)
        }
        try await services.members.add(projectId: project.id, userId: users[.anonymous]!.id, role: .viewer)
        let file = try await harness.file("a.txt", in: project.id, by: owner.id)
        let deleted = try await harness.file("gone.txt", in: project.id, by: owner.id)
        try await services.files.setDeleted(fileId: deleted.id, true)
        let upload = try await services.uploads.create(projectId: project.id, fileId: nil, folder: "", name: "parts.bin",
                                                       contentType: "application/octet-stream", createdBy: owner.id)
        let part = try await services.blobs.store(BufferSequence(buffers: [ByteBuffer(string: "part one")]), limit: .max)
        _ = try await services.uploads.putPart(uploadId: upload.id, part: UploadPart(partNumber: 1, size: part.size, sha256: part.sha256, blobKey: part.key))
        let link = ShareLink(id: Identifier.make(), projectId: project.id, fileId: file.id, folder: nil, label: "", expiresAt: Date().addingTimeInterval(3600),
                             maxDownloads: nil, downloadCount: 0, allowDownload: true, createdBy: owner.id, createdAt: Date(), revokedAt: nil, passwordHash: nil)
        try await services.shareLinks.create(link, tokenHash: SHA256.hex(of: RandomToken.make()))
        var tokens: [Caller: String] = [:]
        for caller in Caller.allCases where caller != .anonymous {
            tokens[caller] = try await harness.token(for: users[caller]!)
        }
        return Fixture(projectId: project.id, fileId: file.id, deletedFileId: deleted.id, uploadId: upload.id, linkId: link.id,
                       targetUserId: users[.anonymous]!.id, tokens: tokens)
    }

    @Test("every project endpoint × every caller", arguments: Backend.allCases)
    func matrix(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            var users: [Caller: User] = [:]
            for caller in Caller.allCases {
                // The anonymous caller's account is only used as the target of member changes.
                let email = caller == .anonymous ? "target@example.com" : "\(caller.rawValue)@example.com"
                users[caller] = try await harness.user(email, kind: caller == .guest ? .guest : .staff).user
            }
            _ = try await harness.user("newcomer@example.com")
            let outsiderProject = try await harness.services.projects.create(name: "Other", description: "", createdBy: users[.outsider]!.id)
            #expect(!outsiderProject.id.isEmpty)
            var failures: [String] = []
            for endpoint in Self.endpoints {
                for caller in Caller.allCases {
                    let fixture = try await Self.makeFixture(harness, users: users)
                    let response = try await client.send(
                        endpoint.method, endpoint.uri(fixture), token: fixture.tokens[caller], json: endpoint.json,
                        body: endpoint.raw.map { ByteBuffer(string: $0) })
                    let expected = Self.expectedStatus(endpoint, caller)
                    if !expected.contains(Int(response.status.code)) {
                        failures.append("\(endpoint) as \(caller): got \(response.status.code), expected \(expected) — \(response.text.prefix(200))")
                    }
                }
            }
            #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) unexpected answers:\n" + failures.joined(separator: "\n")))
        }
    }

    @Test("account endpoints: who may list, create projects and create users", arguments: Backend.allCases)
    func accounts(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let admin = try await harness.user("admin@example.com", admin: true)
            let staff = try await harness.user("staff@example.com")
            let guest = try await harness.user("guest@example.com", kind: .guest)
            let newUser = #"{"email":"x@example.com","name":"X","password":"long-enough-1"}"#
            #expect(try await client.send(.post, "/api/users", token: admin.token, json: newUser).status == .created)
            #expect(try await client.send(.post, "/api/users", token: staff.token, json: newUser).status == .forbidden)
            #expect(try await client.send(.post, "/api/users", json: newUser).status == .unauthorized)
            #expect(try await client.send(.get, "/api/users", token: staff.token).status == .ok)
            #expect(try await client.send(.get, "/api/users", token: guest.token).status == .forbidden)
            #expect(try await client.send(.post, "/api/projects", token: guest.token, json: #"{"name":"P"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/projects", token: staff.token, json: #"{"name":"P"}"#).status == .created)
            #expect(try await client.send(.get, "/api/projects").status == .unauthorized)
            #expect(try await client.send(.get, "/api/me").status == .unauthorized)
        }
    }
}
