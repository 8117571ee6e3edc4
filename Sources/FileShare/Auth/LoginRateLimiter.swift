import Foundation

/// Limits failed logins per client address and account in a sliding window, so passwords
/// cannot be guessed quickly. Per instance: behind a load balancer each instance allows the
/// limit, which still bounds guessing to a few tries a minute.
actor LoginRateLimiter {
    private let limit: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    private func key(ip: String, email: String) -> String { ip + "\u{0}" + email.lowercased() }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    func retryAfter(ip: String, email: String, now: Date = Date()) -> Int? {
        let key = key(ip: ip, email: email)
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func recordFailure(ip: String, email: String, now: Date = Date()) {
        failures[key(ip: ip, email: email), default: []].append(now)
        if failures.count > 100_000 { failures.removeAll() }
    }

    func recordSuccess(ip: String, email: String) {
        failures[key(ip: ip, email: email)] = nil
    }
}
