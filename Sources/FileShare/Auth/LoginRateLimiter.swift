import Foundation
import SQLKit

/// Limits failed logins (and wrong share-link passwords) per client address and account in a
/// sliding window, so passwords cannot be guessed quickly. Failures live in the database, so the
/// limit holds across every instance behind the load balancer.
struct LoginRateLimiter: Sendable {
    let sql: any SQLDatabase
    let limit: Int
    let window: TimeInterval

    private func key(ip: String, email: String) -> String { ip + "|" + email.lowercased() }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    func retryAfter(ip: String, email: String, now: Date = Date()) async throws -> Int? {
        let since = Clock.micros(now.addingTimeInterval(-window))
        guard let row = try await sql.raw("""
            SELECT COUNT(*) AS failures, MIN(at) AS oldest FROM login_failures
            WHERE key = \(bind: key(ip: ip, email: email)) AND at > \(bind: since)
            """).first(), try row.int("failures") >= limit, let oldest = try row.optionalInt("oldest") else { return nil }
        let reopens = Clock.date(micros: oldest).addingTimeInterval(window)
        return max(1, Int(reopens.timeIntervalSince(now).rounded(.up)))
    }

    func recordFailure(ip: String, email: String, now: Date = Date()) async throws {
        let key = key(ip: ip, email: email)
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key) AND at <= \(bind: Clock.micros(now.addingTimeInterval(-window)))").run()
        try await sql.raw("INSERT INTO login_failures (key, at) VALUES (\(bind: key), \(bind: Clock.micros(now)))").run()
    }

    func recordSuccess(ip: String, email: String) async throws {
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key(ip: ip, email: email))").run()
    }
}
