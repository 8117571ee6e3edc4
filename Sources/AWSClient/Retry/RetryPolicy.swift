/// When and how long to wait before trying an AWS call again: the SDKs' "standard" retry mode.
///
/// Up to ``maximumAttempts`` attempts; before attempt *n + 1* wait a random time between zero and
/// `min(baseDelay × 2^(n−1), maximumBackoff)` ("full jitter"); retry throttling errors, HTTP
/// 500/502/503/504, time-outs and broken connections. A shared ``RetryTokenBucket`` stops retry
/// storms when a service is down for everyone.
///
/// ```swift
/// var policy = RetryPolicy.standard
/// policy.maximumAttempts = 7               // CloudFormation polling, like the CDK
/// policy.maximumBackoff = .seconds(15)
/// ```
public struct RetryPolicy: Sendable, Equatable {
    public var maximumAttempts: Int
    public var baseDelay: Duration
    public var maximumBackoff: Duration

    public init(maximumAttempts: Int = 3, baseDelay: Duration = .seconds(1), maximumBackoff: Duration = .seconds(20)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumBackoff = maximumBackoff
    }

    /// 3 attempts, 1 s base, 20 s cap.
    public static let standard = RetryPolicy()

    /// The wait before the next attempt after `attemptsMade` attempts failed, for a random
    /// `fraction` in `0..<1`.
    public func delay(afterAttempt attemptsMade: Int, fraction: Double) -> Duration {
        let exponent = max(0, min(attemptsMade - 1, 30))
        let ceiling = min(baseDelay * (1 << exponent), maximumBackoff)
        return ceiling * min(max(fraction, 0), 1)
    }

    /// What kind of failure `error` is for retrying, or `nil` when retrying cannot help.
    public static func classify(_ error: any Error) -> RetryableFailure? {
        switch error {
        case let error as AWSError:
            if throttlingCodes.contains(error.code) || error.status == 429 { return .throttling }
            if timeoutCodes.contains(error.code) { return .timeout }
            if serverErrorCodes.contains(error.code) || [500, 502, 503, 504].contains(error.status) { return .serverError }
            return nil
        case let error as HTTPTransportError:
            switch error.code {
            case .couldNotConnect: return .notSent
            case .connectionFailed: return .connectionReset
            case .timedOut: return .timeout
            default: return nil
            }
        default:
            return nil
        }
    }

    /// AWS's throttling error codes, across services.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes of a service failing on its side, whatever the HTTP status.
    public static let serverErrorCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "IDPCommunicationError",
    ]

    /// Codes of a service giving up waiting for the request.
    public static let timeoutCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException"]
}

/// Why a failed call may be retried; the kind decides what a retry costs from the budget, and
/// ``name`` is how a progress line or a JSON event says it.
public enum RetryableFailure: Sendable, Equatable {
    /// The service asked us to slow down (`Throttling`, `SlowDown`, HTTP 429, …).
    case throttling
    /// HTTP 500/502/503/504 or a code such as `InternalError`: the service failed on its side.
    case serverError
    /// The connection broke before a whole answer arrived (reset or closed by the peer).
    case connectionReset
    /// No answer in time (the transport's time-out, or the service's `RequestTimeout`).
    case timeout
    /// The connection was never made, so even a call that is not idempotent can be repeated.
    case notSent

    /// `throttling`, `server-error`, `connection-reset`, `timeout` or `connection-refused`.
    public var name: String {
        switch self {
        case .throttling: "throttling"
        case .serverError: "server-error"
        case .connectionReset: "connection-reset"
        case .timeout: "timeout"
        case .notSent: "connection-refused"
        }
    }
}
