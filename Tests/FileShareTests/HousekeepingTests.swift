import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// What anonymous clients and crashes leave behind does not grow forever.
@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("abandoned uploads expire with their parts; stale password guesses and crash leftovers go", arguments: Backend.allCases)
    func maintenanceRound(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock, configure: { $0.uploadLifetime = 86400 }) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)/uploads"
            let id = try await client.send(.post, base, token: token, json: #"{"name":"a.bin","contentType":"application/octet-stream"}"#)
                .decode(Upload.self).id
            #expect(try await client.send(.put, "\(base)/\(id)/parts/1", token: token, body: .init(string: "part")).status == .ok)
            let part = try #require(try await harness.services.uploads.find(projectId: project.id, uploadId: id)?.parts.first)
            let leftover = harness.dataDirectory + "/files/tmp/crashed-upload"
            #expect(FileManager.default.createFile(atPath: leftover, contents: Data("half".utf8)))
            _ = try await harness.services.loginLimiter.attempt(ip: "10.0.0.1", account: "x@example.com", now: clock.now) { false }

            let maintenance = MaintenanceService(services: harness.services, interval: .seconds(600), logger: Logger(label: "test"))
            await maintenance.runOnce(leftoversBefore: clock.now.addingTimeInterval(-60))
            #expect(try await client.send(.get, "\(base)/\(id)", token: token).status == .ok, "a fresh upload was expired")
            #expect(FileManager.default.fileExists(atPath: leftover), "a fresh temporary file was removed")

            clock.advance(by: 2 * 86400)
            await maintenance.runOnce(leftoversBefore: clock.now)
            #expect(try await client.send(.get, "\(base)/\(id)", token: token).status == .notFound)
            let blob = try (harness.services.blobs as? LocalBlobStore)?.path(for: part.blobKey) ?? ""
            #expect(!FileManager.default.fileExists(atPath: blob))
            #expect(!FileManager.default.fileExists(atPath: leftover))
            let guesses = try await harness.services.database.sql.raw("SELECT COUNT(*) AS n FROM login_failures").first()?.int("n")
            #expect(guesses == 0)
        }
    }

    @Test("reloading a share page records link.open once per address and hour", arguments: Backend.allCases)
    func linkOpenOncePerHour(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)"}"#)
            for _ in 0..<5 { #expect(try await client.send(.get, "/s/\(link.token)").status == .ok) }
            func opens() async throws -> Int? {
                try await harness.services.database.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link.open'").first()?.int("n")
            }
            #expect(try await opens() == 1)
            clock.advance(by: 3601)
            #expect(try await client.send(.get, "/s/\(link.token)").status == .ok)
            #expect(try await opens() == 2)
        }
    }
}
