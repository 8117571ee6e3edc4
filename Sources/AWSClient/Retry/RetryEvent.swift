/// One retry about to happen: what failed, why, and how long the session waits first.
public struct RetryEvent: Sendable {
    public var service: String
    public var operation: String
    /// The attempt that failed (1 for the first).
    public var failedAttempt: Int
    public var failure: RetryableFailure
    /// The failure as a sentence (never contains credentials).
    public var reason: String
    public var delay: Duration
}
