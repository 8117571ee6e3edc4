import Foundation
import HTTPTypes
import SQLKit

/// Limits password guesses per client address and secret (an account's password, a share link's
/// password) in a sliding window, and for a share link also from all addresses together. Every path to the same secret goes through ``attempt(ip:account:now:check:)``.
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

    /// The key under which every address's attempts at one secret also count.
    private func everyoneKey(_ account: String) -> String { "*|" + account.lowercased() }

    /// Reserves an attempt if the limit allows, runs `check`, and keeps the attempt as a failure
    /// unless the check passed (which clears the failures of this address and secret).
    func attempt(ip: String, account: String, now: Date = Date(), check: () async throws -> Bool) async throws -> Outcome {
        try await attempt(ip: ip, account: account, everyoneLimit: nil, now: now, check: check).outcome
    }

    /// Like ``attempt(ip:account:now:check:)``, and with `everyoneLimit` the attempts at this secret
    /// from all addresses together are limited too: a crowd of addresses cannot guess without bound.
    /// `locksEveryone` is true for the one failure that fills that limit (the moment to audit the lock).
    func attempt(ip: String, account: String, everyoneLimit: Int?, now: Date = Date(),
                 check: () async throws -> Bool) async throws -> (outcome: Outcome, locksEveryone: Bool) {
        let key = key(ip: ip, account: account)
        let everyone = everyoneLimit.map { ($0, everyoneKey(account)) }
        let at = Clock.micros(now)
        let since = Clock.micros(now.addingTimeInterval(-window))
        let (limit, window) = (limit, window)
        // With a limit for everyone, every address's attempts at the secret queue on one lock.
        let lockKey = "guesses:" + (everyone?.1 ?? key)
        let reservation: (wait: Int?, fills: Bool, everyoneAt: Int) = try await database.exclusively(lockKey) { sql in
            func waitIfFull(_ key: String, limit: Int) async throws -> (wait: Int?, count: Int, newest: Int?) {
                try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key) AND at <= \(bind: since)").run()
                let row = try await sql.raw("""
                    SELECT COUNT(*) AS attempts, MIN(at) AS oldest, MAX(at) AS newest FROM login_failures WHERE key = \(bind: key) AND at > \(bind: since)
                    """).first()
                let count = try row?.int("attempts") ?? 0
                guard count >= limit else { return (nil, count, try row?.optionalInt("newest")) }
                let oldest = try row?.optionalInt("oldest") ?? at
                let reopens = Clock.date(micros: oldest).addingTimeInterval(window)
                return (max(1, Int(reopens.timeIntervalSince(now).rounded(.up))), count, nil)
            }
            if let wait = try await waitIfFull(key, limit: limit).wait { return (wait, false, at) }
            var (fills, everyoneAt) = (false, at)
            if let (everyoneLimit, everyoneKey) = everyone {
                let (wait, count, newest) = try await waitIfFull(everyoneKey, limit: everyoneLimit)
                if let wait { return (wait, false, at) }
                fills = count + 1 == everyoneLimit
                // A time of its own, so that a right password can take back exactly this attempt.
                everyoneAt = max(at, (newest ?? 0) + 1)
                try await sql.raw("INSERT INTO login_failures (key, at) VALUES (\(bind: everyoneKey), \(bind: everyoneAt))").run()
            }
            try await sql.raw("INSERT INTO login_failures (key, at) VALUES (\(bind: key), \(bind: at))").run()
            return (nil, fills, everyoneAt)
        }
        if let wait = reservation.wait { return (.limited(retryAfter: wait), false) }
        let passed: Bool
        do {
            passed = try await check()
        } catch {
            try? await forget(key: key, at: at)
            if let everyone { try? await forget(key: everyone.1, at: reservation.everyoneAt) }
            throw error
        }
        guard passed else { return (.rejected, reservation.fills) }
        try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key)").run()
        // A right password is no guess: it does not count towards the lock for everyone.
        if let everyone { try await forget(key: everyone.1, at: reservation.everyoneAt) }
        return (.accepted, false)
    }

    /// Until when guesses at `account` from every address are refused, if they are now.
    func lockedForEveryone(account: String, limit everyoneLimit: Int, now: Date = Date()) async throws -> Date? {
        let since = Clock.micros(now.addingTimeInterval(-window))
        let row = try await sql.raw("""
            SELECT COUNT(*) AS attempts, MIN(at) AS oldest FROM login_failures WHERE key = \(bind: everyoneKey(account)) AND at > \(bind: since)
            """).first()
        guard let row, try row.int("attempts") >= everyoneLimit, let oldest = try row.optionalInt("oldest") else { return nil }
        return Clock.date(micros: oldest).addingTimeInterval(window)
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
