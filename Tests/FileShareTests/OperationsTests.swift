import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import FileShare

@Suite("Health, readiness, metrics, request IDs and migrations")
struct OperationsTests {
    @Test("health and readiness answer for the load balancer", arguments: Backend.allCases)
    func probes(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client in
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.decode(OperationsController.Readiness.self) == .init(database: true, files: true))
        }
    }

    @Test("readiness fails when the database is gone")
    func notReady() async throws {
        let harness = try await TestHarness.make(.sqlite)
        try await harness.services.database.close()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try await Application(router: FileShareApp.makeRouter(services: harness.services), logger: logger).test(.router) { client async throws in
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(try ready.decode(OperationsController.Readiness.self).database == false)
        }
        try? FileManager.default.removeItem(atPath: harness.dataDirectory)
    }

    @Test("metrics count requests by route pattern; every response has a request ID", arguments: [Backend.sqlite])
    func metricsAndRequestIDs(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.metricsEnabled = true }) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            _ = try await client.send(.get, "/api/projects/\(project.id)", token: token)
            let echoed = try await client.send(.get, "/healthz", headers: [.init("X-Request-ID")!: "abc-123"])
            #expect(echoed.headers[.init("X-Request-ID")!] == "abc-123")
            let forged = try await client.send(.get, "/healthz", headers: [.init("X-Request-ID")!: "evil\nline"])
            #expect(forged.headers[.init("X-Request-ID")!] != "evil\nline")
            #expect(forged.headers[.init("X-Request-ID")!]?.isEmpty == false)
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"http_requests_total{method="GET",route="/api/projects/{projectId}",status="200"} 1"#))
            #expect(metrics.contains("http_request_duration_seconds_bucket"))
            #expect(!metrics.contains(project.id))
        }
    }

    @Test("migrations run once and are recorded; a second run applies nothing", arguments: Backend.allCases)
    func migrations(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, _ async throws in
            let migrator = Migrator(database: harness.services.database)
            #expect(try await migrator.appliedVersions() == Schema.migrations.map(\.version))
            #expect(try await migrator.migrate() == [])
        }
    }
}

@Suite("Command-line pieces")
struct CommandTests {
    @Test("`fileshare migrate` applies every migration to a fresh SQLite file once")
    func migrateCommand() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        #expect(try await FileShareApp.migrate(configuration: configuration, logger: logger) == Schema.migrations.map(\.version))
        #expect(try await FileShareApp.migrate(configuration: configuration, logger: logger) == [])
        #expect(FileManager.default.fileExists(atPath: directory + "/fileshare.sqlite"))
    }

    @Test("JSON log lines carry metadata as plain fields")
    func jsonLogs() {
        #expect(JSONLogHandler.plain(.string("abc")) as? String == "abc")
        #expect(JSONLogHandler.plain(.stringConvertible(404)) as? String == "404")
        #expect((JSONLogHandler.plain(.array([.string("a")])) as? [Any])?.first as? String == "a")
        #expect(JSONLogHandler.timestamp().hasSuffix("Z"))
    }
}
