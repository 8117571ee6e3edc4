import TenkaiCore

/// A topic for a group of ``Alarm``s, where that topic goes, and the alarm names a release watches.
///
/// Defaults: one topic per environment (TLS-only publishing); an e-mail subscription and an
/// AWS Chatbot Slack channel when the environment names them. Every alarm of the group notifies
/// the topic, and their names are published as a `…ReleaseAlarmNames` output: `tenkai release`
/// rolls back when any of them fires during a bake. A Slack workspace must have been authorized
/// once in the AWS Chatbot console before its channel configuration can be created.
///
/// ```swift
/// Alarms("fileshare", notifying: env.alarms) {
///     lb.recommendedAlarms()
///     web.recommendedAlarms(cpuPercent: 70)
///     Alarm("jobs-errors", on: jobs.errors, threshold: 0)
/// }
/// ```
public struct Alarms: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Alarms" }
    public internal(set) var alarms: [Alarm]
    public internal(set) var target: EnvironmentConfig.AlarmTarget

    public init(_ name: String, notifying target: EnvironmentConfig.AlarmTarget, @ListBuilder<Alarm> alarms: () -> [Alarm]) {
        self.name = name
        self.target = target
        self.alarms = alarms()
    }

    public var topicArn: Reference { topicID.reference(.arn) }
    /// The group's topic: named after the group with its own kind, so the topic's parts follow it.
    private var topicID: ResourceID { ResourceID(LogicalID.make(name, kind: "AlarmTopic"), component: name) }

    public func translate(into stack: inout StackContext) {
        let topic = topicID
        stack.add(topic, Resource(type: "AWS::SNS::Topic", properties: [
            "TopicName": .string(stack.resourceName("\(name)-alarms")),
            "DisplayName": .string("\(stack.resourceName(name)) alarms"),
        ]))
        stack.argue(topic.logicalID, [ScannerReasons.alarmTopicKey])
        stack.add(topic.part("Policy"), Resource(type: "AWS::SNS::TopicPolicy", properties: [
            "Topics": [topic.ref],
            "PolicyDocument": IAMPolicy.document([
                [
                    "Sid": "AllowCloudWatchAlarms", "Effect": "Allow", "Principal": ["Service": "cloudwatch.amazonaws.com"],
                    "Action": "sns:Publish", "Resource": topic.ref,
                    "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
                ],
                [
                    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
                    "Resource": topic.ref, "Condition": ["Bool": ["aws:SecureTransport": "false"]],
                ],
            ]),
        ]))
        if let email = target.email {
            stack.add(topic.part("EmailSubscription"), Resource(type: "AWS::SNS::Subscription", properties: [
                "TopicArn": topic.ref, "Protocol": "email", "Endpoint": .string(email),
            ]))
        }
        if let workspace = target.slackWorkspaceID, let channel = target.slackChannelID {
            let chatbotRole = topic.part("ChatbotRole")
            stack.add(chatbotRole, IAMPolicy.role(for: "chatbot.amazonaws.com", policyName: "none", statements: []))
            stack.add(topic.part("SlackChannel"), Resource(type: "AWS::Chatbot::SlackChannelConfiguration", properties: [
                "ConfigurationName": .string(stack.resourceName("\(name)-alarms")),
                "IamRoleArn": chatbotRole.arn,
                "SlackWorkspaceId": .string(workspace), "SlackChannelId": .string(channel),
                "SnsTopicArns": [topic.ref],
                "GuardrailPolicies": [.sub("arn:${AWS::Partition}:iam::aws:policy/CloudWatchReadOnlyAccess")],
                "LoggingLevel": "ERROR",
            ]))
        }
        for alarm in alarms where !alarm.escapeHatches.isEmpty {
            stack.report(.error(
                "alarm '\(alarm.name)' has its own override or suppression, which a group's alarm cannot keep",
                hint: "put .override(…)/.suppress(…) on Alarms(\"\(name)\") (with the alarm's logical ID), or declare the alarm outside the group"))
        }
        for alarm in alarms {
            alarm.notifying(topicArn).add(as: alarm.logicalID, to: &stack, order: .settingsFirst)
        }
        // `tenkai release` rolls back when any of these fires during a bake.
        let names = alarms.map { stack.resourceName($0.name) }
        if !names.isEmpty {
            stack.output(ReleaseOutputs.alarmNames(of: logicalID), .string(names.joined(separator: ",")),
                         description: "Alarms a release watches while it bakes")
        }
    }
}
