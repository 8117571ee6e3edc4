import TenkaiCore

/// The region-wide API Gateway setting every REST API's execution logs need: the role API
/// Gateway uses to write to CloudWatch Logs.
///
/// There is one such setting per account and region, so exactly one system should declare it;
/// APIs then wait for it with ``RestApi/executionLogs(through:)``. Where the account already
/// has it (``AccountSingleton/existing``, usual under AWS Organizations) it renders nothing and
/// APIs use the account's role.
///
/// ```swift
/// let logging = ApiGatewayAccount("api-logging")
/// RestApi("api") { … }.executionLogs(through: logging)
/// ```
public struct ApiGatewayAccount: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Account" }

    /// Whether this system sets the account's role or the account already has one.
    public var ownership: AccountSingleton

    public init(_ name: String, _ ownership: AccountSingleton = .create) {
        self.name = name
        self.ownership = ownership
    }

    public func translate(into stack: inout StackContext) {
        guard ownership == .create else { return }
        let role = part("Role")
        stack.add(
            role,
            Resource(
                type: "AWS::IAM::Role",
                properties: [
                    "Description": "Lets API Gateway write execution and access logs to CloudWatch Logs",
                    "AssumeRolePolicyDocument": IAMPolicy.trust("apigateway.amazonaws.com"),
                    "ManagedPolicyArns": [IAMPolicy.awsManaged("service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
                ]))
        stack.add(
            logicalID,
            Resource(type: "AWS::ApiGateway::Account", properties: ["CloudWatchRoleArn": role.arn]))
    }
}
