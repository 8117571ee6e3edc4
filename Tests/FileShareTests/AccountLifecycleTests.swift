import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import FileShare

/// Accounts after creation: password changes end every session, administrators disable
/// accounts and end sessions.
@Suite("Account lifecycle")
struct AccountLifecycleTests {
    @Test("changing the password ends every session and returns a working fresh token", arguments: Backend.allCases)
    func changePassword(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (user, first) = try await harness.user("ann@example.com")
            let second = try await harness.token(for: user)
            let wrong = try await client.send(.post, "/api/me/password", token: first,
                                              json: #"{"currentPassword":"not-it-at-all","newPassword":"brand-new-password"}"#)
            #expect(wrong.status == .forbidden)
            let short = try await client.send(.post, "/api/me/password", token: first,
                                              json: #"{"currentPassword":"password-123","newPassword":"short"}"#)
            #expect(short.status == .badRequest)
            let changed = try await client.send(.post, "/api/me/password", token: first,
                                                json: #"{"currentPassword":"password-123","newPassword":"brand-new-password"}"#)
            #expect(changed.status == .ok)
            let fresh = try changed.decode(AuthTests.Login.self).accessToken
            #expect(try await client.send(.get, "/api/me", token: first).status == .unauthorized)
            #expect(try await client.send(.get, "/api/me", token: second).status == .unauthorized)
            #expect(try await client.send(.get, "/api/me", token: fresh).status == .ok)
            #expect(try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"password-123"}"#).status == .unauthorized)
            #expect(try await client.send(.post, "/api/auth/login", json: #"{"email":"ann@example.com","password":"brand-new-password"}"#).status == .ok)
        }
    }

    @Test("an administrator disables an account: its sessions end and it cannot log in until enabled", arguments: Backend.allCases)
    func disableAndEnable(backend: Backend) async throws {
        try await TestHarness.run(backend) { harness, client in
            let (_, adminToken) = try await harness.user("boss@example.com", admin: true)
            let (ann, annToken) = try await harness.user("ann@example.com")
            #expect(try await client.send(.post, "/api/users/\(ann.id)/disable", token: annToken).status == .forbidden)
            #expect(try await client.send(.post, "/api/users/\(ann.id)/disable", token: adminToken).status == .noContent)
            #expect(try await client.send(.get, "/api/me", token: annToken).status == .unauthorized)
            let login = #"{"email":"ann@example.com","password":"password-123"}"#
            #expect(try await client.send(.post, "/api/auth/login", json: login).status == .unauthorized)
            #expect(try await client.send(.post, "/api/users/\(ann.id)/enable", token: adminToken).status == .noContent)
            let again = try await client.send(.post, "/api/auth/login", json: login)
            #expect(again.status == .ok)
            let token = try again.decode(AuthTests.Login.self).accessToken
            #expect(try await client.send(.delete, "/api/users/\(ann.id)/sessions", token: adminToken).status == .noContent)
            #expect(try await client.send(.get, "/api/me", token: token).status == .unauthorized)
        }
    }
}
