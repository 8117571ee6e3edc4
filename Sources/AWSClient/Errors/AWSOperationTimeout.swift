/// An operation got no usable answer within the session's ``AWSSession/operationDeadline``, all
/// attempts and waits between them included: the endpoint is slow or silent.
///
/// ```swift
/// catch let error as AWSOperationTimeout {
///     print(error)  // CloudFormation.DescribeStacks on http://127.0.0.1:4566 got no answer within 30 s (2 attempts; …)
/// }
/// ```
public struct AWSOperationTimeout: Error, Sendable, CustomStringConvertible {
    /// The service's readable name (`CloudFormation`).
    public var service: String
    public var operation: String
    /// Where the attempts went.
    public var endpoint: String
    public var deadline: Duration
    /// Attempts started before the deadline passed.
    public var attempts: Int
    /// The most recent failed attempt's error, when one failed before the deadline passed.
    public var lastFailure: String?

    public init(service: String, operation: String, endpoint: String, deadline: Duration, attempts: Int, lastFailure: String?) {
        self.service = service
        self.operation = operation
        self.endpoint = endpoint
        self.deadline = deadline
        self.attempts = attempts
        self.lastFailure = lastFailure
    }

    public var description: String {
        let seconds = deadline.components.seconds
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        let last = lastFailure.map { "; last failure: \($0)" } ?? ""
        return "\(service).\(operation) on \(endpoint) got no answer within \(seconds) s (\(tries)\(last)); "
            + "the endpoint is slow or silent: check AWS_ENDPOINT_URL and the network, or raise AWS_OPERATION_DEADLINE_SECONDS"
    }
}
