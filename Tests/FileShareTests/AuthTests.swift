import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Testing
@testable import FileShare

@Suite("Login, tokens, refresh and logout")
struct AuthTests {
    struct Login: Decodable {
        var accessToken: String
        var expiresAt: Date
        var user: User
    }

    @Test("login with the right password returns a token that works; the wrong one is 401", arguments: Backend.allCases)
    func login(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            _ = try await harness.user("ann@example.com")
            let ok = try await client.send(.post, "/api/auth/login", json: #"{"email":"Ann@Example.com","password":"password-123"}"#)
            #expect(ok.status == .ok)
            let login = try ok.decode(Login.self)
            #expect(login.user.email == "ann@example.com")
            #expect(login.expiresAt > Date())
            let me = try await client.send(.get, "/api/me", token: login.accessToken)
            #expect(try me.decode(User.self).email == "ann@example.com")
            let wrong = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"nope-nope-nope"}"#)
            #expect(wrong.status == .unauthorized)
            let unknown = try await client.send(.post, "/api/auth/login", json: #"{"email":"who@example.com","password":"nope-nope-nope"}"#)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test("failed logins are rate-limited per address and account", arguments: [Backend.sqlite])
    func rateLimit(backend: Backend) async throws {
        try await TestHarness.run(backend, configure: { $0.loginAttemptsPerWindow = 3 }) { harness, client in
            _ = try await harness.user("ann@example.com")
            for _ in 0..<3 {
                #expect(try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"wrong-wrong"}"#).status == .unauthorized)
            }
            let limited = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"password-123"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test("the login limit holds across instances sharing the database and forgets after success", arguments: Backend.allCases)
    func rateLimitAcrossInstances(backend: Backend) async throws {
        let (url, drop) = try await backend.makeDatabaseURL(shared: true)
        let first = try await TestHarness.make(backend, databaseURL: url)
        let second = try await TestHarness.make(backend, databaseURL: url)
        do {
            let a = LoginRateLimiter(database: first.services.database, limit: 2, window: 60)
            let b = LoginRateLimiter(database: second.services.database, limit: 2, window: 60)
            #expect(try await a.attempt(ip: "10.0.0.1", account: "ann@example.com") { false } == .rejected)
            #expect(try await b.attempt(ip: "10.0.0.1", account: "ANN@example.com") { false } == .rejected)
            guard case .limited(let wait) = try await b.attempt(ip: "10.0.0.1", account: "ann@example.com", check: { true }) else {
                Issue.record("a third attempt within the window was not limited")
                return
            }
            #expect((1...60).contains(wait))
            #expect(try await a.attempt(ip: "10.0.0.2", account: "ann@example.com") { false } == .rejected)
            #expect(try await a.attempt(ip: "10.0.0.1", account: "ann@example.com", now: Date().addingTimeInterval(61)) { true } == .accepted)
            #expect(try await b.attempt(ip: "10.0.0.1", account: "ann@example.com") { false } == .rejected)
        } catch {
            await first.close(); await second.close(); await drop()
            throw error
        }
        await first.close(); await second.close(); await drop()
    }

    @Test("tampered, expired and junk tokens are refused with 401", arguments: [Backend.sqlite])
    func badTokens(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (user, token) = try await harness.user("ann@example.com")
            var parts = token.split(separator: ".").map(String.init)
            let payload = try #require(Data(base64Encoded: parts[1].padding(toLength: (parts[1].count + 3) / 4 * 4, withPad: "=", startingAt: 0)
                .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")))
            let forged = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: user.id, with: "00000000-0000-0000-0000-000000000000")
            parts[1] = Data(forged.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(try await client.send(.get, "/api/me", token: parts.joined(separator: ".")).status == .unauthorized)
            #expect(try await client.send(.get, "/api/me", token: "not-a-token").status == .unauthorized)
            #expect(try await client.send(.get, "/api/me", headers: [.authorization: "Basic abc"]).status == .unauthorized)

            let session = try await harness.services.sessions.create(userId: user.id, ip: "test")
            let expired = try await harness.services.tokens.keys.sign(AccessTokenClaims(
                sub: .init(value: user.id), sid: session.id, iat: .init(value: Date().addingTimeInterval(-120)),
                exp: .init(value: Date().addingTimeInterval(-60))), kid: "fileshare-1")
            let response = try await client.send(.get, "/api/me", token: expired)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] != nil)

            let otherKeys = await AccessTokenService(secret: "another-secret-another-secret-1234", lifetime: 60)
            let foreign = try await otherKeys.issue(userId: user.id, sessionId: session.id)
            #expect(try await client.send(.get, "/api/me", token: foreign.accessToken).status == .unauthorized)
        }
    }

    @Test("refresh extends an active session, but not past the refresh window", arguments: [Backend.sqlite])
    func refresh(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock, configure: { $0.sessionRefreshWindow = 2 }) { harness, client in
            let (_, token) = try await harness.user("ann@example.com")
            let refreshed = try await client.send(.post, "/api/auth/refresh", token: token)
            #expect(refreshed.status == .ok)
            let fresh = try refreshed.decode(Login.self).accessToken
            #expect(try await client.send(.get, "/api/me", token: fresh).status == .ok)
            clock.advance(by: 2.1)
            let late = try await client.send(.post, "/api/auth/refresh", token: fresh)
            #expect(late.status == .unauthorized)
            #expect(try await client.send(.post, "/api/auth/refresh").status == .unauthorized)
        }
    }

    @Test("logout revokes the session on every instance sharing the database", arguments: Backend.allCases)
    func logoutAcrossInstances(backend: Backend) async throws {
        let (url, drop) = try await backend.makeDatabaseURL(shared: true)
        let first = try await TestHarness.make(backend, databaseURL: url)
        let second = try await TestHarness.make(backend, databaseURL: url)
        do {
            let (_, token) = try await first.user("ann@example.com")
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let appA = Application(router: FileShareApp.makeRouter(services: first.services), logger: logger)
            let appB = Application(router: FileShareApp.makeRouter(services: second.services), logger: logger)
            try await appB.test(.router) { client async throws in
                #expect(try await client.send(.get, "/api/me", token: token).status == .ok)
            }
            try await appA.test(.router) { client async throws in
                #expect(try await client.send(.post, "/api/auth/logout", token: token).status == .noContent)
                #expect(try await client.send(.get, "/api/me", token: token).status == .unauthorized)
            }
            try await appB.test(.router) { client async throws in
                #expect(try await client.send(.get, "/api/me", token: token).status == .unauthorized)
            }
        } catch {
            await first.close(); await second.close(); await drop()
            throw error
        }
        await first.close(); await second.close(); await drop()
    }

    @Test("the first administrator is created once with the set-up token", arguments: Backend.allCases)
    func setupLink(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let link = try #require(try await FileShareApp.prepareFirstAdmin(harness.services, logger: Logger(label: "test")))
            let token = try #require(link.split(separator: "=").last.map(String.init))
            let body = json(["token": token, "email": "boss@example.com", "name": "Boss", "password": "long-password-1"])
            #expect(try await client.send(.post, "/api/setup", json: json(["token": "wrong", "email": "x@example.com", "name": "X", "password": "long-password-1"])).status == .forbidden)
            let created = try await client.send(.post, "/api/setup", json: body)
            #expect(created.status == .created)
            #expect(try created.decode(User.self).isAdmin)
            #expect(try await client.send(.post, "/api/setup", json: body).status == .forbidden)
            let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"boss@example.com","password":"long-password-1"}"#)
            #expect(login.status == .ok)
        }
    }

    @Test("browser sessions use an HttpOnly SameSite cookie and need the CSRF header for changes", arguments: [Backend.sqlite])
    func cookieSession(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            _ = try await harness.user("ann@example.com")
            let login = try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"password-123","setCookie":true}"#)
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
            #expect(try await client.send(.get, "/api/me", headers: [.cookie: cookie]).status == .ok)
            let noCSRF = try await client.send(.post, "/api/projects", json: #"{"name":"P"}"#, headers: [.cookie: cookie])
            #expect(noCSRF.status == .forbidden)
            let withCSRF = try await client.send(.post, "/api/projects", json: #"{"name":"P"}"#, headers: [.cookie: cookie, .init("X-CSRF")!: "1"])
            #expect(withCSRF.status == .created)
        }
    }
}
