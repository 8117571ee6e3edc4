import Foundation
import HTTPTypes
import SQLKit

/// Limits password guesses per client address and secret (an account's password, a share link's
/// password) in a sliding window. Every path to the same secret goes through ``attempt(ip:account:now:check:)``.
/// Attempts live in the database, so the limit holds across every instance behind the load balancer.
///
/// An attempt is recorded *before* the slow bcrypt check and only then counted, so parallel guesses
/// see each other: of any number sent at once, at most `limit` reach the check.
struct LoginRateLimiter: Sendable {
    let sql: any SQLDatabase
    let limit: Int
    let window: TimeInterval

    /// What came of one guarded password check.
    enum Outcome: Equatable, Sendable {
        case accepted
        case rejected
        /// Too many failures: the check did not run; try again after this many seconds.
        case limited(retryAfter: Int)
    }

    private func key(ip: String, account: String) -> String { ip + "|" + account.lowercased() }

    /// Reserves an attempt, runs `check` if the limit allows, and keeps the attempt as a failure
    /// unless the check passed (which clears the failures of this address and secret).
    func attempt(ip: String, account: String, now: Date = Date(), check: () async throws -> Bool) async throws -> Outcome {
        let key = key(ip: ip, account: account)
        let at = Clock.micros(now)
        let since = Clock.micros(now.addingTimeInterval(-window))
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key) AND at <= \(bind: since)").run()
        try await sql.raw("INSERT INTO login_failures (key, at) VALUES (\(bind: key), \(bind: at))").run()
        let row = try await sql.raw("""
            SELECT COUNT(*) AS attempts, MIN(at) AS oldest FROM login_failures WHERE key = \(bind: key) AND at > \(bind: since)
            """).first()
        if let row, try row.int("attempts") > limit {
            try await forget(key: key, at: at)
            let oldest = try row.optionalInt("oldest") ?? at
            let reopens = Clock.date(micros: oldest).addingTimeInterval(window)
            return .limited(retryAfter: max(1, Int(reopens.timeIntervalSince(now).rounded(.up))))
        }
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

    /// Removes one reserved attempt that never reached the check.
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
