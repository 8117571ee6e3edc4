import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

@Suite("Audit log")
struct AuditTests {
    @Test("who did what to which file, from where; owners read it and export CSV", arguments: Backend.allCases)
    func recordsAndExports(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let base = "/api/projects/\(project.id)"
            let file = try await client.send(.post, base + "/files?name=%3Dcmd.txt", token: token, body: .init(string: "x"),
                                             headers: [.init("X-Request-ID")!: "req-42"]).decode(StoredFile.self)
            _ = try await client.send(.get, base + "/files/\(file.id)/content", token: token)
            let link = try await client.send(.post, base + "/links", token: token, json: #"{"fileId":"\#(file.id)"}"#).decode(ShareLinkTests.Created.self)
            _ = try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)")

            let events = try await client.send(.get, base + "/audit?order=asc&perPage=50", token: token).decode(Page<AuditEvent>.self)
            #expect(events.items.map(\.action) == ["file.upload", "file.download", "link.create", "link.download"])
            let upload = try #require(events.items.first)
            #expect(upload.actorUserId == owner.id)
            #expect(upload.fileId == file.id)
            #expect(upload.requestId == "req-42")
            #expect(!upload.ip.isEmpty)
            let byLink = try #require(events.items.last)
            #expect(byLink.actorUserId == nil)
            #expect(byLink.actorLinkId == link.link.id)
            let found = try await client.send(.get, base + "/audit?q=donwload", token: token).decode(Page<AuditEvent>.self)
            #expect(found.total == 2)

            let csv = try await client.send(.get, base + "/audit.csv", token: token)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "at,action,actor_user_id,actor_link_id,file_id,ip,request_id,detail")
            #expect(lines.count == 5)
            #expect(lines[1].contains(",file.upload,\(owner.id),,\(file.id),"))
        }
    }

    @Test("the log is append-only: the database refuses updates and deletes", arguments: Backend.allCases)
    func appendOnly(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token, project) = try await harness.ownerWithProject()
            _ = try await client.send(.post, "/api/projects/\(project.id)/archive", token: token)
            let sql = harness.services.database.sql
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_events SET action = 'nothing'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events").run() }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'project.archive'").first()?.int("n") == 1)
            // Deleting the project keeps its trail.
            _ = try await client.send(.post, "/api/projects/\(project.id)/unarchive", token: token)
            #expect(try await client.send(.delete, "/api/projects/\(project.id)", token: token).status == .noContent)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE project_id = \(bind: project.id)").first()?.int("n") == 3)
        }
    }

    @Test("CSV fields are quoted and spreadsheet formulas defused")
    func csvEscaping() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("+1") == "'+1")
        #expect(CSV.field("@SUM") == "'@SUM")
    }
}
