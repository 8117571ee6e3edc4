/// One retry about to happen: what failed, why, and how long the session waits first.
///
/// ``AWSSession/retryObserver`` receives one per retry, before the wait, so a tool can show
/// "CloudFormation.DescribeStacks throttled, retry 2 of 7 in 1.2 s" or emit a JSON event.
///
/// ```swift
/// let aws = session.with(retryObserver: { event in log(event.summary) })
/// // CloudFormation.DescribeStacks: throttling, retry 2 of 7 in 1.2 s
/// ```
public struct RetryEvent: Sendable {
    /// The service's readable name (`CloudFormation`).
    public var service: String
    public var operation: String
    /// Where the failed attempt went (`https://cloudformation.eu-west-1.amazonaws.com`).
    public var endpoint: String
    /// The attempt that failed (1 for the first).
    public var failedAttempt: Int
    /// How many attempts the policy allows in all.
    public var maximumAttempts: Int
    public var failure: RetryableFailure
    /// The failure as a sentence (never contains credentials).
    public var reason: String
    public var delay: Duration

    /// One line for a log or a live progress line:
    /// `CloudFormation.DescribeStacks: throttling, retry 2 of 7 in 1.2 s`.
    public var summary: String {
        let tenths = (delay.components.seconds * 10) + delay.components.attoseconds / 100_000_000_000_000_000
        return "\(service).\(operation): \(failure.name), retry \(failedAttempt + 1) of \(maximumAttempts) in \(tenths / 10).\(tenths % 10) s"
    }

    public init(
        service: String, operation: String, endpoint: String, failedAttempt: Int, maximumAttempts: Int,
        failure: RetryableFailure, reason: String, delay: Duration
    ) {
        self.service = service
        self.operation = operation
        self.endpoint = endpoint
        self.failedAttempt = failedAttempt
        self.maximumAttempts = maximumAttempts
        self.failure = failure
        self.reason = reason
        self.delay = delay
    }
}
