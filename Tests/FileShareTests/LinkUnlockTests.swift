import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// A link that wrong passwords from all addresses have locked (LINK_PASSWORD_ATTEMPTS) can be
/// opened again at once by the members who manage links, without making a new link: through the
/// API and the project page's button, audited as `link.unlocked`.
@Suite("Unlocking a link that wrong passwords locked")
struct LinkUnlockTests {
    static let everyone = 4
    static let password = HTTPField.Name("X-Share-Password")!

    static func guess(_ client: any TestClientProtocol, _ token: String, _ password: String, from address: String) async throws -> HTTPResponse.Status {
        try await client.send(.get, "/api/share/\(token)", headers: [Self.password: password, .xForwardedFor: address]).status
    }

    @Test("an owner's unlock opens the locked link at once, is audited, and leaves other links' guesses alone", arguments: Backend.allCases)
    func unlock(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock, configure: {
            $0.loginAttemptsPerWindow = 3
            $0.linkPasswordAttemptsPerWindow = Self.everyone
            $0.trustedProxyHops = 1
        }) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "secret", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"open sesame"}"#)
            let other = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"other one"}"#)
            for index in 0..<Self.everyone {
                #expect(try await Self.guess(client, link.token, "wrong \(index)", from: "198.51.100.\(index + 1)") == .unauthorized)
            }
            #expect(try await Self.guess(client, other.token, "wrong", from: "198.51.100.1") == .unauthorized)
            #expect(try await Self.guess(client, link.token, "open sesame", from: "192.0.2.9") == .tooManyRequests)

            // The project page shows the lock and a button to lift it.
            let cookie = try await WebTests.cookie(client, "owner@example.com")
            let unlockPath = "/api/projects/\(project.id)/links/\(link.link.id)/unlock"
            let before = try await client.send(.get, "/projects/\(project.id)", headers: [.cookie: cookie]).text
            #expect(before.contains("data-post=\"\(unlockPath)\""), "no Unlock button on the page")
            #expect(before.contains("locked by wrong passwords until"))
            #expect(!before.contains("/links/\(other.link.id)/unlock"), "an open link offers Unlock")

            let unlocked = try await client.send(.post, unlockPath, token: token)
            #expect(unlocked.status == .noContent, "\(unlocked.text)")

            // Open at once, without waiting for the window: the right password works from anywhere.
            #expect(try await Self.guess(client, link.token, "open sesame", from: "192.0.2.9") == .ok)
            let links = try await client.send(.get, "/api/projects/\(project.id)/links", token: token).decode(Page<ShareLink>.self)
            #expect(links.items.first { $0.id == link.link.id }?.hasPassword == true)
            #expect(links.items.first { $0.id == link.link.id }?.passwordLockedUntil == nil)
            let after = try await client.send(.get, "/projects/\(project.id)", headers: [.cookie: cookie]).text
            #expect(!after.contains("data-post=\"\(unlockPath)\""))

            let sql = harness.services.database.sql
            let events = try await sql.raw("""
                SELECT actor_user_id, project_id, detail, ip FROM audit_events WHERE action = 'link.unlocked'
                """).all()
            #expect(events.count == 1)
            #expect(try events.first?.string("actor_user_id") == owner.id)
            #expect(try events.first?.string("project_id") == project.id)
            let detail = try events.first?.string("detail") ?? ""
            #expect(detail.contains("link=\(link.link.id)") && detail.contains("wasLocked=true"), "\(detail)")

            // Only this link's failures are gone; the other link's wrong guess still counts.
            let keys = try await sql.raw("SELECT key FROM login_failures").all().map { try $0.string("key") }
            #expect(!keys.contains { $0.hasSuffix("link:\(link.link.id)") }, "\(keys)")
            #expect(keys.contains { $0.hasSuffix("link:\(other.link.id)") }, "\(keys)")
        }
    }

    @Test("unlock answers 404 for a link of another project and 400 for a malformed id", arguments: Backend.allCases)
    func unknownLinks(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let mine = try await harness.services.projects.create(name: "Second", description: "", createdBy: owner.id)
            let file = try await harness.file("a.txt", in: mine.id, by: owner.id)
            let elsewhere = try await ShareLinkTests.create(client, mine.id, token: token, #"{"fileId":"\#(file.id)","password":"open sesame"}"#)
            let wrongProject = try await client.send(.post, "/api/projects/\(project.id)/links/\(elsewhere.link.id)/unlock", token: token)
            #expect(wrongProject.status == .notFound)
            #expect(wrongProject.errorCode == "not_found")
            let malformed = try await client.send(.post, "/api/projects/\(project.id)/links/not-an-id/unlock", token: token)
            #expect(malformed.status == .badRequest)
            let audited = try await harness.services.database.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link.unlocked'").first()?.int("n")
            #expect(audited == 0)
        }
    }
}
