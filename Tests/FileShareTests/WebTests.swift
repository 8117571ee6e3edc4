import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

@Suite("Web UI pages")
struct WebTests {
    /// Logs in like the browser does and returns the session cookie.
    static func cookie(_ client: any TestClientProtocol, _ email: String) async throws -> String {
        let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"\#(email)","password":"password-123","setCookie":true}"#)
        return try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
    }

    @Test("public pages and assets: login, set-up, script and style sheet", arguments: [Backend.sqlite])
    func publicPages(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client in
            let login = try await client.send(.get, "/login")
            #expect(login.status == .ok)
            #expect(login.headers[.contentType] == "text/html; charset=utf-8")
            #expect(login.text.contains("id=\"login-form\""))
            #expect(!login.text.contains("<script>"))
            let setup = try await client.send(.get, "/setup?token=%22%3E%3Cscript%3E")
            #expect(setup.text.contains("value=\"&quot;&gt;&lt;script&gt;\""))
            let script = try await client.send(.get, "/static/app.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("X-CSRF"))
            #expect(try await client.send(.get, "/static/app.css").headers[.contentType] == "text/css; charset=utf-8")
            let home = try await client.send(.get, "/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/login")
        }
    }

    @Test("project pages show what the role allows; outsiders get 404; the audit page is for owners", arguments: [Backend.sqlite])
    func projectPages(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, _, project) = try await harness.ownerWithProject()
            let (guest, _) = try await harness.user("guest@partner.example", kind: .guest)
            _ = try await harness.user("outsider@example.com")
            try await harness.services.members.add(projectId: project.id, userId: guest.id, role: .guest)
            let file = try await harness.file("offer.pdf", in: project.id, by: owner.id)
            let ownerCookie = try await Self.cookie(client, "owner@example.com")
            let guestCookie = try await Self.cookie(client, "guest@partner.example")
            let outsiderCookie = try await Self.cookie(client, "outsider@example.com")

            let ownerPage = try await client.send(.get, "/projects/\(project.id)", headers: [.cookie: ownerCookie]).text
            for part in ["offer.pdf", "id=\"upload-form\"", "id=\"members\"", "id=\"share-form\"", "/audit\">Audit log"] {
                #expect(ownerPage.contains(part), "owner page lacks \(part)")
            }
            let guestPage = try await client.send(.get, "/projects/\(project.id)", headers: [.cookie: guestCookie]).text
            #expect(guestPage.contains("offer.pdf"))
            for part in ["id=\"upload-form\"", "id=\"members\"", "id=\"share-form\"", "Audit log"] {
                #expect(!guestPage.contains(part), "guest page shows \(part)")
            }
            #expect(try await client.send(.get, "/projects/\(project.id)", headers: [.cookie: outsiderCookie]).status == .notFound)

            // The page's download link works with the cookie and is audited.
            let download = try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", headers: [.cookie: guestCookie])
            #expect(download.text == "hello")
            let audit = try await client.send(.get, "/projects/\(project.id)/audit", headers: [.cookie: ownerCookie])
            #expect(audit.status == .ok)
            #expect(audit.text.contains("id=\"audit\""))
            #expect(audit.text.contains("file.download"))
            #expect(audit.text.contains(guest.id))
            #expect(try await client.send(.get, "/projects/\(project.id)/audit", headers: [.cookie: guestCookie]).status == .notFound)
            let list = try await client.send(.get, "/?q=acme", headers: [.cookie: guestCookie]).text
            #expect(list.contains("ACME Contract Renewal"))
            #expect(!list.contains("id=\"create-project\""))
        }
    }
}
