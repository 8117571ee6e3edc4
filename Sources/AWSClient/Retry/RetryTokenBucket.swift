import Synchronization

/// The retry budget shared by every call of a session (SDK standard mode): 500 tokens, a retry
/// costs 5 (10 after a time-out), a successful retried call gives its cost back, and any other
/// success adds 1. An empty bucket means "stop retrying": the service is failing for everyone.
public final class RetryTokenBucket: Sendable {
    public static let capacity = 500
    public static let retryCost = 5
    public static let timeoutCost = 10

    private let tokens = Mutex(RetryTokenBucket.capacity)

    public init() {}

    /// Current balance.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes the cost of one retry, or returns `nil` when the budget cannot pay for it.
    public func acquire(for failure: RetryableFailure) -> Int? {
        let cost = failure == .timeout ? Self.timeoutCost : Self.retryCost
        return tokens.withLock { balance in
            guard balance >= cost else { return nil }
            balance -= cost
            return cost
        }
    }

    /// A call succeeded; `spent` is what its retries took from the bucket.
    public func recordSuccess(spent: Int) {
        tokens.withLock { balance in
            balance = min(Self.capacity, balance + (spent > 0 ? spent : 1))
        }
    }
}
