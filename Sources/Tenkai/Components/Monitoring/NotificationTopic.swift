import TenkaiCore

/// An SNS topic for operational notifications: alarms and budget warnings.
///
/// The topic policy lets CloudWatch alarms and AWS Budgets of this account publish, and refuses
/// anything sent without TLS. It stays unencrypted on purpose: CloudWatch cannot publish to a
/// topic encrypted with the AWS-managed SNS key, and the messages hold no data, only alerts.
///
/// ```swift
/// let alerts = NotificationTopic("alerts").email(env.alarms.email)
/// Function(…).alarms(notify: alerts.arn)
/// ```
public struct NotificationTopic: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Topic" }
    public var emails: [String] = []

    public init(_ name: String) { self.name = name }

    public func translate(into stack: inout StackContext) {
        stack.add(
            logicalID,
            Resource(
                type: "AWS::SNS::Topic",
                properties: [
                    "TopicName": .string(stack.resourceName(name)),
                    "Subscription": .list(emails.map { ["Protocol": "email", "Endpoint": .string($0)] }),
                ]))
        stack.argue(logicalID, [ScannerReasons.alarmTopicKey])
        let servicesPublish: Value = [
            "Sid": "AlarmsAndBudgetsPublish", "Effect": "Allow",
            "Principal": ["Service": ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]],
            "Action": "sns:Publish", "Resource": .ref(logicalID),
            "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
        ]
        let tlsOnly: Value = [
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
            "Resource": .ref(logicalID), "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ]
        stack.add(
            policyID,
            Resource(
                type: "AWS::SNS::TopicPolicy",
                properties: ["Topics": [.ref(logicalID)], "PolicyDocument": IAMPolicy.document([servicesPublish, tlsOnly])]))
    }

    /// The topic policy that lets alarms and budgets publish.
    private var policyID: ResourceID { part("Policy") }

    /// The topic's ARN (`Ref`).
    public var arn: Reference { reference(.arn) }

    /// Subscribes an e-mail address (the recipient confirms once); nil adds nothing.
    public func email(_ address: String?) -> NotificationTopic {
        with { if let address { $0.emails.append(address) } }
    }
}
