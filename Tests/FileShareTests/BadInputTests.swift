import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

@Suite("Bad input gets a clear 4xx and stores nothing")
struct BadInputTests {
    @Test("malformed JSON, missing and mistyped fields, wrong content types, oversize bodies", arguments: [Backend.sqlite])
    func malformedRequests(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token) = try await harness.user("owner@example.com")
            let broken = try await client.send(.post, "/api/projects", token: token, json: #"{"name": "#)
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "bad_request")
            let missing = try await client.send(.post, "/api/projects", token: token, json: #"{"description":"x"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("'name'"))
            #expect(try await client.send(.post, "/api/projects", token: token, json: #"{"name": 42}"#).status == .badRequest)
            #expect(try await client.send(.post, "/api/projects", token: token, json: #"{"name": "   "}"#).status == .badRequest)
            let plain = try await client.send(.post, "/api/projects", token: token, body: .init(string: #"{"name":"x"}"#),
                                              headers: [.contentType: "text/plain"])
            #expect(plain.status == .unsupportedMediaType)
            let huge = try await client.send(.post, "/api/projects", token: token,
                                             json: #"{"name":""# + String(repeating: "a", count: 2 << 20) + #""}"#)
            #expect(huge.status == .contentTooLarge)
            #expect(try await client.send(.post, "/api/projects", token: token, json: json(["name": String(repeating: "n", count: 201)])).status == .badRequest)
            #expect(try await client.send(.post, "/api/projects", token: token, json: json(["name": "bell\u{7}"])).status == .badRequest)
            #expect(try await client.send(.get, "/api/projects", token: token).decode(Page<Project>.self).total == 0)
            #expect(try await client.send(.post, "/api/auth/login", json: "[]").status == .badRequest)
            #expect(try await client.send(.get, "/api/nothing-here", token: token).status == .notFound)
        }
    }

    @Test("SQL injection attempts are stored and searched as plain text", arguments: Backend.allCases)
    func sqlInjection(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, token) = try await harness.user("owner@example.com")
            let evil = "x'); DROP TABLE projects; --"
            let created = try await client.send(.post, "/api/projects", token: token, json: json(["name": evil]))
            #expect(try created.decode(Project.self).name == evil)
            let search = try await client.send(.get, "/api/projects?q=%27%20OR%201%3D1%20--", token: token).decode(Page<Project>.self)
            #expect(search.total == 0)
            let project = try created.decode(Project.self)
            let files = try await client.send(.get, "/api/projects/\(project.id)/files?folder=%25", token: token).decode(Page<StoredFile>.self)
            #expect(files.total == 0)
            #expect(try await client.send(.get, "/api/projects/1%20OR%201=1", token: token).status == .notFound)
            #expect(try await harness.services.database.sql.raw("SELECT COUNT(*) AS n FROM projects").first()?.int("n") == 1)
            #expect(try await client.send(.get, "/api/projects?sort=name;DROP", token: token).status == .badRequest)
        }
    }

    @Test("script injection is escaped in every page", arguments: [Backend.sqlite])
    func scriptInjection(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token) = try await harness.user("owner@example.com")
            let project = try await harness.services.projects.create(name: "<script>alert(1)</script>", description: "\"><img src=x onerror=alert(2)>", createdBy: owner.id)
            _ = try await harness.file("<b>bold</b>.txt", in: project.id, by: owner.id)
            let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"owner@example.com","password":"password-123","setCookie":true}"#)
            let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            for path in ["/", "/projects/\(project.id)"] {
                let page = try await client.send(.get, path, headers: [.cookie: cookie])
                #expect(page.status == .ok)
                #expect(!page.text.contains("<script>alert"))
                #expect(!page.text.contains("<img src=x"))
                #expect(!page.text.contains("<b>bold"))
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || path == "/projects/\(project.id)" && page.text.contains("&lt;b&gt;"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            _ = token
        }
    }
}
