import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
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
