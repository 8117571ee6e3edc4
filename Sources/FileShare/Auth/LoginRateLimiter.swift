import Foundation
import HTTPTypes
import SQLKit

/// Limits password guesses per client address and secret (an account's password, a share link's
/// password) in a sliding window. Every path to the same secret goes through ``attempt(ip:account:now:check:)``.
/// Attempts live in the database, so the limit holds across every instance behind the load balancer.
///
/// An attempt is counted and recorded *before* the slow bcrypt check, under a lock on its key, so
/// parallel guesses see each other: of any number sent at once, exactly `limit` reach the check.
struct LoginRateLimiter: Sendable {
    let database: DatabaseHandle
    let limit: Int
    let window: TimeInterval

    var sql: any SQLDatabase { database.sql }

    /// What came of one guarded password check.
    enum Outcome: Equatable, Sendable {
        case accepted
        case rejected
        /// Too many failures: the check did not run; try again after this many seconds.
        case limited(retryAfter: Int)
    }

    private func key(ip: String, account: String) -> String { ip + "|" + account.lowercased() }

    /// Reserves an attempt if the limit allows, runs `check`, and keeps the attempt as a failure
    /// unless the check passed (which clears the failures of this address and secret).
    func attempt(ip: String, account: String, now: Date = Date(), check: () async throws -> Bool) async throws -> Outcome {
        let key = key(ip: ip, account: account)
        let at = Clock.micros(now)
        let since = Clock.micros(now.addingTimeInterval(-window))
        let (limit, window) = (limit, window)
        let wait: Int? = try await database.exclusively("guesses:" + key) { sql in
            try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key) AND at <= \(bind: since)").run()
            let row = try await sql.raw("""
                SELECT COUNT(*) AS attempts, MIN(at) AS oldest FROM login_failures WHERE key = \(bind: key) AND at > \(bind: since)
                """).first()
            if let row, try row.int("attempts") >= limit {
                let oldest = try row.optionalInt("oldest") ?? at
                let reopens = Clock.date(micros: oldest).addingTimeInterval(window)
                return max(1, Int(reopens.timeIntervalSince(now).rounded(.up)))
            }
            try await sql.raw("INSERT INTO login_failures (key, at) VALUES (\(bind: key), \(bind: at))").run()
            return nil
        }
        if let wait { return .limited(retryAfter: wait) }
        let passed: Bool
        do {
            passed = try await check()
        } catch {
            try? await forget(key: key, at: at)
            throw error
        }
        guard passed else { return .rejected }
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key)").run()
        return .accepted
    }

    /// Removes a reserved attempt whose check could not run (the password pool was full).
    private func forget(key: String, at: Int) async throws {
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key) AND at = \(bind: at)").run()
    }

    /// Drops attempts older than the window for every key, so anonymous guessing cannot grow the table.
    func prune(now: Date = Date()) async throws {
        try await sql.raw("DELETE FROM login_failures WHERE at <= \(bind: Clock.micros(now.addingTimeInterval(-window)))").run()
    }
}

extension AppError {
    /// 429 with `Retry-After`, for a password check the limiter refused.
    static func tooManyGuesses(retryAfter seconds: Int, what: String) -> AppError {
        AppError(.tooManyRequests, status: .tooManyRequests,
                 message: "Too many wrong \(what); try again in \(seconds) seconds.", headers: [.retryAfter: String(seconds)])
    }
}
