import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import FileShare

/// A crowd of addresses cannot guess a share link's password without bound: after
/// LINK_PASSWORD_ATTEMPTS wrong passwords from all addresses together, the link refuses every
/// password for everyone until the window moves on; the lock is audited and the owners see it.
@Suite("Link passwords against a crowd of addresses")
struct LinkPasswordCrowdTests {
    static let perAddress = 3
    static let everyone = 10
    static let crowd = 60
    static let password = HTTPField.Name("X-Share-Password")!

    @Test("parallel wrong passwords from many X-Forwarded-For addresses lock the link for everyone after the limit",
          arguments: Backend.allCases)
    func crowdLocksTheLink(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock, configure: {
            $0.loginAttemptsPerWindow = Self.perAddress
            $0.linkPasswordAttemptsPerWindow = Self.everyone
            $0.trustedProxyHops = 1  // TRUST_FORWARDED_FOR=1
        }) { harness, client in
            let (owner, token, project) = try await harness.ownerWithProject()
            let file = try await harness.file("a.txt", in: project.id, data: "secret", by: owner.id)
            let link = try await ShareLinkTests.create(client, project.id, token: token, #"{"fileId":"\#(file.id)","password":"open sesame"}"#)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<Self.crowd {
                    group.addTask {
                        // Each guess from its own address (the one the trusted proxy appended), by header or by form.
                        let forwarded = "203.0.113.7, 198.51.100.\(index + 1)"
                        if index.isMultiple(of: 2) {
                            return try await client.send(.get, "/api/share/\(link.token)",
                                                         headers: [Self.password: "guess \(index)", .xForwardedFor: forwarded]).status
                        }
                        return try await client.send(.post, "/s/\(link.token)", body: ByteBuffer(string: "password=guess+\(index)"),
                                                     headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: forwarded]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == Self.everyone, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == Self.crowd - Self.everyone, "\(statuses)")

            let sql = harness.services.database.sql
            let failed = try await sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'link.password_failed'").first()?.int("n")
            #expect(failed == Self.everyone)
            let locks = try await sql.raw("SELECT actor_link_id, ip, detail FROM audit_events WHERE action = 'link.locked'").all()
            #expect(locks.count == 1)
            #expect(try locks.first?.string("actor_link_id") == link.link.id)
            #expect(try locks.first?.string("ip").hasPrefix("198.51.100.") == true)
            #expect(try locks.first?.string("detail").contains("LINK_PASSWORD_ATTEMPTS") == true)

            // Locked for everyone: the right password from an address that never guessed is refused too.
            let right = try await client.send(.get, "/api/share/\(link.token)",
                                              headers: [Self.password: "open sesame", .xForwardedFor: "192.0.2.200"])
            #expect(right.status == .tooManyRequests)
            // At most the window (plus the second that rounding microseconds up can add).
            let retryAfter = right.headers[.retryAfter].flatMap(Int.init)
            #expect(retryAfter.map { $0 > 0 && $0 <= 15 * 60 + 1 } == true, "Retry-After: \(right.headers[.retryAfter] ?? "none")")

            // The owner still sees the link, when it opens again, and the file.
            let links = try await client.send(.get, "/api/projects/\(project.id)/links", token: token).decode(Page<ShareLink>.self)
            let lockedUntil = try #require(links.items.first { $0.id == link.link.id }?.passwordLockedUntil)
            #expect(lockedUntil > clock.now && lockedUntil <= clock.now.addingTimeInterval(15 * 60 + 1))
            #expect(try await client.send(.get, "/api/projects/\(project.id)/files/\(file.id)/content", token: token).status == .ok)

            // Once the failures are older than the window, the right password opens the link again.
            clock.advance(by: 15 * 60 + 1)
            let reopened = try await client.send(.get, "/api/share/\(link.token)",
                                                 headers: [Self.password: "open sesame", .xForwardedFor: "192.0.2.201"])
            #expect(reopened.status == .ok, "\(reopened.text)")
        }
    }

    @Test("LINK_PASSWORD_ATTEMPTS sets the limit for everyone; a bad value is an error naming it")
    func setting() throws {
        #expect(try AppConfiguration(environment: [:]).linkPasswordAttemptsPerWindow == 20)
        #expect(try AppConfiguration(environment: ["LINK_PASSWORD_ATTEMPTS": "7"]).linkPasswordAttemptsPerWindow == 7)
        do {
            _ = try AppConfiguration(environment: ["LINK_PASSWORD_ATTEMPTS": "0"])
            Issue.record("0 was accepted")
        } catch let error as AppError {
            #expect(error.message.contains("LINK_PASSWORD_ATTEMPTS"))
        }
    }

    @Test("a right password does not count towards the lock, and exactly the failure that fills it is marked", arguments: Backend.allCases)
    func rightPasswordsDoNotCount(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestHarness.run(backend, clock: clock.appClock) { harness, _ in
            let limiter = harness.services.loginLimiter
            let now = clock.now  // one instant for every attempt: the limiter must still tell them apart
            func guess(_ ip: String, _ right: Bool) async throws -> (LoginRateLimiter.Outcome, Bool) {
                let result = try await limiter.attempt(ip: ip, account: "link:l1", everyoneLimit: 2, now: now) { right }
                return (result.outcome, result.locksEveryone)
            }
            #expect(try await guess("192.0.2.1", false) == (.rejected, false))
            #expect(try await guess("192.0.2.2", true) == (.accepted, false))
            #expect(try await limiter.lockedForEveryone(account: "link:l1", limit: 2, now: now) == nil)
            #expect(try await guess("192.0.2.3", false) == (.rejected, true))
            let (refused, _) = try await guess("192.0.2.4", true)
            guard case .limited = refused else { Issue.record("expected the link to be locked, got \(refused)"); return }
            #expect(try await limiter.lockedForEveryone(account: "link:l1", limit: 2, now: now) != nil)
            // Other secrets are not touched by this link's lock.
            #expect(try await limiter.attempt(ip: "192.0.2.4", account: "link:l2", everyoneLimit: 2, now: now) { true }.outcome == .accepted)
        }
    }
}
