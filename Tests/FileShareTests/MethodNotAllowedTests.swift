import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import FileShare

/// A served path called with a method it does not take answers 405 with `Allow`, on web pages as
/// on the API; the expectation is derived from the router's own routes.
@Suite("405 with Allow on every served path")
struct MethodNotAllowedTests {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    @Test("every web page refuses other methods with 405 and lists GET, HEAD (and POST where served)", arguments: [Backend.sqlite])
    func webPages(backend: Backend) async throws {
        try await TestHarness.run(backend) { _, client in
            let token = String(repeating: "t", count: 30)
            let pages: [(path: String, allow: String)] = [
                ("/", "GET, HEAD"), ("/login", "GET, HEAD"), ("/setup", "GET, HEAD"),
                ("/projects/00000000-0000-0000-0000-000000000000", "GET, HEAD"),
                ("/projects/00000000-0000-0000-0000-000000000000/audit", "GET, HEAD"),
                ("/static/app.js", "GET, HEAD"), ("/static/app.css", "GET, HEAD"), ("/openapi.json", "GET, HEAD"),
                ("/s/\(token)", "GET, HEAD, POST"), ("/s/\(token)/files/00000000-0000-0000-0000-000000000000", "GET, HEAD"),
            ]
            for page in pages {
                for method in Self.methods where !page.allow.contains(method.rawValue) {
                    let response = try await client.send(method, page.path)
                    #expect(response.status == .methodNotAllowed, "\(method) \(page.path): \(response.status)")
                    #expect(response.headers[.allow] == page.allow, "\(method) \(page.path)")
                }
            }
        }
    }

    @Test("every route of the router: the methods it does not serve get 405 naming exactly those it does", arguments: [Backend.sqlite])
    func everyRoute(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let routes = FileShareApp.makeRouter(services: harness.services).routes
            var served: [String: Set<String>] = [:]
            for route in routes { served["\(route.path)", default: []].insert(route.method.rawValue) }
            var failures: [String] = []
            for (path, methods) in served {
                let concrete = path.replacingOccurrences(of: "{token}", with: String(repeating: "t", count: 30))
                    .replacingOccurrences(of: #"\{[a-zA-Z]+\}"#, with: "1", options: .regularExpression)
                var allow = methods
                if allow.contains("GET") { allow.insert("HEAD") }
                let expected = allow.sorted().joined(separator: ", ")
                for method in Self.methods where !methods.contains(method.rawValue) {
                    let response = try await client.send(method, concrete)
                    if response.status != .methodNotAllowed || response.headers[.allow] != expected {
                        failures.append("\(method) \(concrete): \(response.status.code), Allow \(response.headers[.allow] ?? "-") (expected \(expected))")
                    }
                }
            }
            #expect(served.count >= 40)
            #expect(failures.isEmpty, Comment(rawValue: failures.sorted().joined(separator: "\n")))
        }
    }
}
