import TenkaiCore

/// The region-wide API Gateway setting every REST API's execution logs need: the role API
/// Gateway uses to write to CloudWatch Logs.
///
/// There is one such setting per account and region, so exactly one system should declare it;
/// APIs then wait for it with ``RestApi/executionLogs(through:)``.
///
/// ```swift
/// let logging = ApiGatewayAccount("api-logging")
/// RestApi("api") { … }.executionLogs(through: logging)
/// ```
public struct ApiGatewayAccount: Component {
    public let name: String
    public var kind: String { "Account" }

    public init(_ name: String) { self.name = name }

    public func translate(into stack: inout StackContext) {
        let roleID = logicalID + "Role"
        stack.add(
            roleID,
            Resource(
                type: "AWS::IAM::Role",
                properties: [
                    "Description": "Lets API Gateway write execution and access logs to CloudWatch Logs",
                    "AssumeRolePolicyDocument": IAMPolicy.trust("apigateway.amazonaws.com"),
                    "ManagedPolicyArns": [IAMPolicy.awsManaged("service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
                ]))
        stack.add(
            logicalID,
            Resource(type: "AWS::ApiGateway::Account", properties: ["CloudWatchRoleArn": .getAtt(roleID, "Arn")]))
    }
}
