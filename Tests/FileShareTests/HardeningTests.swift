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

extension HardeningTests {
    @Test("share URLs never follow a foreign Host header")
    func shareURLIgnoresHost() async throws {
        let server = try await LiveServer.start(.sqlite)
        let (owner, token, project) = try await server.harness.ownerWithProject()
        let file = try await server.harness.file("a.txt", in: project.id, by: owner.id)
        let body = #"{"fileId":"\#(file.id)"}"#
        let connection = try RawConnection(port: server.port)
        connection.send("POST /api/projects/\(project.id)/links HTTP/1.1\r\nHost: evil.example.com\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let answer = String(decoding: await connection.readToEnd(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
        #expect(answer.contains(#""url":"http:\/\/127.0.0.1:"#) || answer.contains(#""url":"http://127.0.0.1:"#), "\(answer)")
        #expect(!answer.contains("evil.example.com"))
        await server.stop()
    }

    @Test("unlocking a second password link keeps the first unlocked", arguments: [Backend.sqlite])
    func grantsPerLink(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, by: owner.id)
            var cookies: [String] = []
            var tokens: [String] = []
            for password in ["first secret", "second secret"] {
                let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"\#(password)"}"#)
                let unlocked = try await client.send(.post, "/s/\(link.token)", body: .init(string: "password=\(password.replacingOccurrences(of: " ", with: "%20"))"),
                                                     headers: [.contentType: "application/x-www-form-urlencoded"])
                let setCookie = try #require(unlocked.headers[.setCookie])
                #expect(setCookie.contains("Path=/s/\(link.token)"), "\(setCookie)")
                cookies.append(try #require(setCookie.split(separator: ";").first.map(String.init)))
                tokens.append(link.token)
            }
            // A browser sends each link's cookie on that link's pages only.
            for (cookie, linkToken) in zip(cookies, tokens) {
                #expect(try await client.send(.get, "/s/\(linkToken)", headers: [.cookie: cookie]).text.contains("a.txt"))
            }
        }
    }

    @Test("deleting a file revokes its links, so restoring it does not reopen them", arguments: Backend.allCases)
    func deleteRevokesLinks(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)"}"#)
            #expect(try await client.send(.delete, "/api/projects/\(project.id)/files/\(file.id)", token: token).status == .noContent)
            #expect(try await client.send(.post, "/api/projects/\(project.id)/files/\(file.id)/restore", token: token).status == .ok)
            #expect(try await client.send(.get, "/api/share/\(link.token)").status == .gone)
        }
    }

    @Test("a project rename is audited with the old and new name", arguments: Backend.allCases)
    func renameAudited(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            #expect(try await client.send(.patch, "/api/projects/\(project.id)", token: token, json: #"{"name":"Renamed deal"}"#).status == .ok)
            let detail = try await harness.services.database.sql.raw(
                "SELECT detail FROM audit_events WHERE action = 'project.update'").first()?.string("detail")
            #expect(detail == "name=ACME Contract Renewal->Renamed deal")
        }
    }
}

extension HardeningTests {
    @Test("/metrics is off unless METRICS_ENABLED=1", arguments: [Backend.sqlite])
    func metricsOptIn(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client async throws in
            #expect(try await client.send(.get, "/metrics").status == .notFound)
        }
        #expect(try AppConfiguration(environment: ["METRICS_ENABLED": "1"]).metricsEnabled)
    }
}

extension HardeningTests {
    @Test("an active browser session gets a fresh cookie past half its token's life, until the refresh window ends", arguments: [Backend.sqlite])
    func slidingBrowserSession(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock, configure: {
            $0.accessTokenLifetime = 900
            $0.sessionRefreshWindow = 3600
        }) { harness, client in
            _ = try await harness.user("ann@example.com")
            let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"password-123","setCookie":true}"#)
            let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(try await client.send(.get, "/api/me", headers: [.cookie: cookie]).headers[.setCookie] == nil)
            clock.advance(by: 500)
            let renewed = try await client.send(.get, "/api/me", headers: [.cookie: cookie])
            #expect(renewed.status == .ok)
            let fresh = try #require(renewed.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(fresh != cookie)
            clock.advance(by: 3600)
            #expect(try await client.send(.get, "/api/me", headers: [.cookie: cookie]).headers[.setCookie] == nil)
        }
    }
}

extension HardeningTests {
    @Test("a known path with the wrong method gets 405 with Allow; unknown paths stay 404", arguments: [Backend.sqlite])
    func methodNotAllowed(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client async throws in
            let wrong = try await client.send(.put, "/api/auth/login")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "POST")
            #expect(wrong.errorCode == "method_not_allowed")
            let files = try await client.send(.patch, "/api/projects/00000000-0000-0000-0000-000000000000/files")
            #expect(files.headers[.allow] == "GET, HEAD, POST")
            #expect(try await client.send(.get, "/api/no-such-thing").status == .notFound)
        }
    }
}
