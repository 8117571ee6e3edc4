import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// Smaller hardening: file modes, header spellings and methods.
@Suite("Hardening")
struct HardeningTests {
    @Test("the SQLite database and its WAL are readable by their owner only")
    func sqliteFileMode() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-mode-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await DatabaseHandle.open(url: nil, dataDirectory: directory, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate()
        try await database.sql.raw("INSERT INTO settings (key, value) VALUES ('probe', 'x')").run()
        for suffix in ["", "-wal", "-shm"] {
            let path = directory + "/fileshare.sqlite" + suffix
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, "\(path)")
            #expect(mode & 0o077 == 0, "\(path) has mode \(String(mode, radix: 8))")
        }
        try await database.close()
    }
}

extension HardeningTests {
    @Test("the bearer scheme is accepted in any letter case", arguments: [Backend.sqlite])
    func lowerCaseBearer(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token) = try await harness.user("ann@example.com")
            for scheme in ["bearer", "BEARER", "Bearer"] {
                #expect(try await client.send(.get, "/api/me", headers: [.authorization: "\(scheme) \(token)"]).status == .ok, "\(scheme)")
            }
            #expect(try await client.send(.get, "/api/me", headers: [.authorization: "bearer"]).status == .unauthorized)
            #expect(try await client.send(.get, "/api/me", headers: [.authorization: "Basic \(token)"]).status == .unauthorized)
        }
    }
}

extension HardeningTests {
    @Test("behind HTTPS, even without PUBLIC_URL, the session cookie is Secure and responses carry HSTS", arguments: [Backend.sqlite])
    func secureCookieAndHSTS(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.host = "0.0.0.0" }) { harness, client in
            _ = try await harness.user("ann@example.com")
            let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"password-123","setCookie":true}"#)
            #expect(login.headers[.setCookie]?.contains("Secure") == true)
            #expect(login.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
        }
        #expect(try AppConfiguration(environment: ["PUBLIC_URL": "https://files.example.com"]).usesHTTPS)
        #expect(try !AppConfiguration(environment: [:]).usesHTTPS)
        #expect(try !AppConfiguration(environment: ["PUBLIC_URL": "http://localhost:8080"]).usesHTTPS)
    }
}

extension HardeningTests {
    @Test("HEAD answers GET routes with headers only, and a HEAD of a share download is not a download", arguments: [Backend.sqlite])
    func headRequests(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            #expect(try await client.send(.head, "/healthz").status == .ok)
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "abc", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","maxDownloads":1}"#)
            let head = try await client.send(.head, "/api/share/\(link.token)/files/\(file.id)")
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == "3")
            #expect(head.body.readableBytes == 0)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)").text == "abc")
            #expect(harness.services.shutdown.responsesInFlight == 0)
        }
    }
}

extension HardeningTests {
    @Test("links of an archived project stop working and can still be revoked", arguments: Backend.allCases)
    func archivedProjectLinks(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "abc", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)"}"#)
            #expect(try await client.send(.post, "/api/projects/\(project.id)/archive", token: token).status == .ok)
            #expect(try await client.send(.get, "/api/share/\(link.token)").status == .gone)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)").status == .gone)
            #expect(try await client.send(.delete, "/api/projects/\(project.id)/links/\(link.link.id)", token: token).status == .noContent)
            #expect(try await client.send(.post, "/api/projects/\(project.id)/unarchive", token: token).status == .ok)
            #expect(try await client.send(.get, "/api/share/\(link.token)").status == .gone)
        }
    }
}
