/// How often the engine asks CloudFormation while it waits: quickly while things change,
/// backing off when nothing does and when throttled.
///
/// ```swift
/// var interval = PollingPolicy.standard.initial
/// interval = PollingPolicy.standard.next(after: interval, sawChange: false)
/// ```
public struct PollingPolicy: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    /// Growth of the interval when a poll saw nothing new.
    public var backoff: Double
    /// Growth of the interval after a throttling answer.
    public var throttledBackoff: Double
    /// How long one stack operation may run before the wait gives up (CloudFormation goes on).
    public var deadline: Duration
    /// How often a wait with nothing new reports that it is still waiting.
    public var heartbeat: Duration

    public init(
        initial: Duration, maximum: Duration, backoff: Double = 1.5, throttledBackoff: Double = 2,
        deadline: Duration = .seconds(2 * 3600), heartbeat: Duration = .seconds(30)
    ) {
        self.initial = initial
        self.maximum = maximum
        self.backoff = backoff
        self.throttledBackoff = throttledBackoff
        self.deadline = deadline
        self.heartbeat = heartbeat
    }

    /// One second at first, at most ten: change sets usually finish within a few seconds, and
    /// ten seconds keeps a long RDS create from looking stuck while staying far from throttling.
    public static let standard = PollingPolicy(initial: .seconds(1), maximum: .seconds(10))

    public func next(after interval: Duration, sawChange: Bool) -> Duration {
        sawChange ? initial : min(maximum, interval * backoff)
    }

    public func afterThrottling(_ interval: Duration) -> Duration {
        min(maximum, interval * throttledBackoff)
    }
}
