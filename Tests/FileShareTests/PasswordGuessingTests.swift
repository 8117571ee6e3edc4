import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// Passwords cannot be guessed faster than the limit, by any route and however many guesses
/// arrive at once.
@Suite("Password guessing")
struct PasswordGuessingTests {
    static let limit = 3

    @Test("parallel wrong logins: at most the limit reach bcrypt, the rest get 429", arguments: Backend.allCases)
    func parallelLogins(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.loginAttemptsPerWindow = Self.limit }) { harness, client in
            _ = try await harness.user("ann@example.com")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"guess-\#(index)"}"#).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == Self.limit, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 30 - Self.limit, "\(statuses)")
            let failures = try await harness.services.database.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'login.failed'").first()?.int("n")
            #expect(failures == Self.limit)
        }
    }

    @Test("link passwords sent in X-Share-Password are limited and audited, together with the form", arguments: Backend.allCases)
    func linkPasswordHeader(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.loginAttemptsPerWindow = Self.limit }) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "secret", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"open sesame"}"#)
            let password = HTTPField.Name("X-Share-Password")!
            #expect(try await client.send(.get, "/api/share/\(link.token)", headers: [password: "guess one"]).status == .unauthorized)
            #expect(try await client.send(.get, "/api/share/\(link.token)/files/\(file.id)", headers: [password: "guess two"]).status == .unauthorized)
            let form = try await client.send(.post, "/s/\(link.token)", body: .init(string: "password=guess%20three"),
                                             headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unauthorized)
            let limited = try await client.send(.get, "/api/share/\(link.token)", headers: [password: "open sesame"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await client.send(.get, "/s/\(link.token)", headers: [password: "open sesame"]).status == .tooManyRequests)
            let audited = try await harness.services.database.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link.password_failed'").first()?.int("n")
            #expect(audited == Self.limit)
        }
    }

    @Test("parallel guesses at a link password: at most the limit are checked", arguments: Backend.allCases)
    func parallelLinkGuesses(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.loginAttemptsPerWindow = Self.limit }) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            _ = try await harness.file("a.txt", in: project.id, data: "secret", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"folder":"","password":"open sesame"}"#)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await client.send(.get, "/api/share/\(link.token)", headers: [HTTPField.Name("X-Share-Password")!: "guess \(index)"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == Self.limit, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 20 - Self.limit)
        }
    }
}
