import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import FileShare

/// A browser on a web page that asks for a method the page does not take, or for a page that is
/// not there, gets a small HTML page with the same status (and `Allow` on a 405); the JSON API and
/// the operations routes keep answering JSON.
@Suite("HTML error pages for the web UI")
struct WebErrorPageTests {
    static func expectHTML(_ response: TestResponse, _ status: HTTPResponse.Status, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(what): \(response.status)", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(what): \(response.headers[.contentType] ?? "no type")",
                sourceLocation: sourceLocation)
        #expect(response.text.hasPrefix("<!doctype html>"), "\(what): \(response.text.prefix(120))", sourceLocation: sourceLocation)
        #expect(response.text.contains("href=\"/\""), "\(what) has no way back", sourceLocation: sourceLocation)
        #expect(response.errorCode == nil, "\(what) answered JSON", sourceLocation: sourceLocation)
    }

    @Test("a wrong method on a web page: 405 as HTML with Allow; on the API and operations routes: JSON", arguments: [Backend.sqlite])
    func methodNotAllowed(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client in
            let token = String(repeating: "t", count: 30)
            let pages: [(HTTPRequest.Method, String, String)] = [
                (.post, "/", "GET, HEAD"), (.delete, "/login", "GET, HEAD"), (.put, "/setup", "GET, HEAD"),
                (.post, "/projects/00000000-0000-0000-0000-000000000000", "GET, HEAD"),
                (.patch, "/projects/00000000-0000-0000-0000-000000000000/audit", "GET, HEAD"),
                (.delete, "/s/\(token)", "GET, HEAD, POST"), (.post, "/s/\(token)/files/00000000-0000-0000-0000-000000000000", "GET, HEAD"),
                (.post, "/static/app.js", "GET, HEAD"),
            ]
            for (method, path, allow) in pages {
                let response = try await client.send(method, path)
                Self.expectHTML(response, .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                // The page says which methods the path takes, like the JSON error does.
                #expect(response.text.contains(allow), "\(method) \(path): \(response.text)")
            }
            for (method, path) in [(HTTPRequest.Method.put, "/api/auth/login"), (.post, "/api/me"), (.delete, "/healthz"), (.post, "/openapi.json")] {
                let response = try await client.send(method, path)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(method) \(path)")
                #expect(response.errorCode == "method_not_allowed", "\(method) \(path)")
                #expect(response.headers[.allow] != nil, "\(method) \(path)")
            }
        }
    }

    @Test("a web page that is not there: 404 as HTML, the request's path escaped; the API keeps JSON", arguments: Backend.allCases)
    func notFound(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"folder":""}"#)
            let missing = "00000000-0000-0000-0000-000000000000"
            for path in ["/no-such-page", "/projects/\(project.id)/no-such-tab", "/s/\(link.token)/files/\(missing)",
                         "/static/missing.js", "/%3Cscript%3Ealert(1)%3C/script%3E"] {
                let response = try await client.send(.get, path)
                Self.expectHTML(response, .notFound, path)
                #expect(!response.text.contains("<script>alert"), "\(path) reflects markup")
            }
            // The shared file itself still downloads from the same route.
            #expect(try await client.send(.get, "/s/\(link.token)/files/\(file.id)").text == "hello")

            let api = try await client.send(.get, "/api/projects/\(project.id)/files/\(missing)", token: token)
            #expect(api.status == .notFound)
            #expect(api.errorCode == "not_found")
            let share = try await client.send(.get, "/api/share/\(link.token)/files/\(missing)")
            #expect(share.status == .notFound)
            #expect(share.errorCode == "not_found")
            #expect(try await client.send(.get, "/api/no-such-thing").headers[.contentType] != "text/html; charset=utf-8")
        }
    }
}
