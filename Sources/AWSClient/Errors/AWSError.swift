/// An AWS service answered an operation with an error.
///
/// Carries everything a person (or a retry decision) needs: which service and operation, the HTTP
/// status, AWS's error code and message, and the request ID to quote to AWS support.
///
/// ```swift
/// do { try await cloudFormation.describeStacks(.init(stackName: "app")) }
/// catch let error as AWSError where error.code == "ValidationError" { … }
/// ```
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// The service's name as endpoints and signatures use it (`cloudformation`, `s3`, …).
    public var service: String
    /// The operation (`CreateStack`, `PutObject`, …).
    public var operation: String
    public var status: Int
    /// AWS's error code (`ValidationError`, `NoSuchKey`, `SignatureDoesNotMatch`, …), or the
    /// HTTP status as text when the answer had no readable code.
    public var code: String
    public var message: String
    public var requestID: String?

    public init(service: String, operation: String, status: Int, code: String, message: String, requestID: String?) {
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    public var description: String {
        let request = requestID.map { " (request ID \($0))" } ?? ""
        return "\(service) \(operation) failed with HTTP \(status) \(code): \(message)\(request)"
    }
}
