import TenkaiCore

/// CloudWatch alarms on what matters, an SNS topic they notify, and where that topic goes.
///
/// Defaults: one topic per environment (TLS-only publishing); an e-mail subscription and an
/// AWS Chatbot Slack channel when the environment names them; each alarm looks at 1-minute
/// periods and fires when 3 of the last 5 breach, and says when it is OK again; missing data
/// is not a breach. Thresholds are in ``Watched``. A Slack workspace must have been authorized
/// once in the AWS Chatbot console before its channel configuration can be created.
///
/// ```swift
/// Alarms("fileshare", watching: [.loadBalancer(lb), .service(web), .database(db)], notifying: env.alarms)
/// ```
public struct Alarms: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Alarms" }
    public var watched: [Watched]
    public var target: EnvironmentConfig.AlarmTarget
    public var evaluationPeriods = 5
    public var datapointsToAlarm = 3

    public init(_ name: String, watching watched: [Watched], notifying target: EnvironmentConfig.AlarmTarget) {
        self.name = name
        self.watched = watched
        self.target = target
    }

    public var topicArn: Reference { Reference(topicID, kind: .arn, component: name) }
    private var topicID: String { LogicalID.make(name, kind: "AlarmTopic") }

    public func evaluating(_ datapoints: Int, of periods: Int) -> Alarms {
        with { $0.datapointsToAlarm = datapoints; $0.evaluationPeriods = periods }
    }

    public func translate(into stack: inout StackContext) {
        let topic = topicID
        stack.add(topic, Resource(type: "AWS::SNS::Topic", properties: [
            "TopicName": .string(stack.resourceName("\(name)-alarms")),
            "DisplayName": .string("\(stack.resourceName(name)) alarms"),
        ]))
        stack.argue(topic, [ScannerReasons.alarmTopicKey])
        stack.add(topic + "Policy", Resource(type: "AWS::SNS::TopicPolicy", properties: [
            "Topics": [.ref(topic)],
            "PolicyDocument": IAMPolicy.document([
                [
                    "Sid": "AllowCloudWatchAlarms", "Effect": "Allow", "Principal": ["Service": "cloudwatch.amazonaws.com"],
                    "Action": "sns:Publish", "Resource": .ref(topic),
                    "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
                ],
                [
                    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
                    "Resource": .ref(topic), "Condition": ["Bool": ["aws:SecureTransport": "false"]],
                ],
            ]),
        ]))
        if let email = target.email {
            stack.add(topic + "EmailSubscription", Resource(type: "AWS::SNS::Subscription", properties: [
                "TopicArn": .ref(topic), "Protocol": "email", "Endpoint": .string(email),
            ]))
        }
        if let workspace = target.slackWorkspaceID, let channel = target.slackChannelID {
            stack.add(topic + "ChatbotRole", IAMPolicy.role(for: "chatbot.amazonaws.com", policyName: "none", statements: []))
            stack.add(topic + "SlackChannel", Resource(type: "AWS::Chatbot::SlackChannelConfiguration", properties: [
                "ConfigurationName": .string(stack.resourceName("\(name)-alarms")),
                "IamRoleArn": .getAtt(topic + "ChatbotRole", "Arn"),
                "SlackWorkspaceId": .string(workspace), "SlackChannelId": .string(channel),
                "SnsTopicArns": [.ref(topic)],
                "GuardrailPolicies": [.sub("arn:${AWS::Partition}:iam::aws:policy/CloudWatchReadOnlyAccess")],
                "LoggingLevel": "ERROR",
            ]))
        }
        for metric in watched.flatMap(\.metrics) {
            stack.add(LogicalID.make(metric.name, kind: "Alarm"), alarm(metric, topic: topic, stack: stack))
        }
        // `tenkai release` rolls back when any of these fires during a bake.
        let names = watched.flatMap(\.metrics).map { stack.resourceName($0.name) }
        if !names.isEmpty {
            stack.output(LogicalID.make(name, kind: "Alarms") + "ReleaseAlarmNames", .string(names.joined(separator: ",")),
                         description: "Alarms a release watches while it bakes")
        }
    }

    private func alarm(_ metric: WatchedMetric, topic: String, stack: StackContext) -> Resource {
        var properties: Fields = [
            "AlarmName": .string(stack.resourceName(metric.name)),
            "AlarmDescription": .string("\(metric.title) \(metric.above ? "above" : "below") \(Self.text(metric.threshold))"),
            "ComparisonOperator": .string(metric.above ? "GreaterThanThreshold" : "LessThanThreshold"),
            "Threshold": .number(metric.threshold),
            "EvaluationPeriods": .int(evaluationPeriods), "DatapointsToAlarm": .int(datapointsToAlarm),
            "TreatMissingData": "notBreaching",
            "AlarmActions": [.ref(topic)], "OKActions": [.ref(topic)],
        ]
        if let expression = metric.expression {
            var queries: [Value] = [["Id": "rate", "Expression": .string(expression), "Label": .string(metric.title), "ReturnData": true]]
            for query in metric.queries {
                queries.append([
                    "Id": .string(query.id), "ReturnData": false,
                    "MetricStat": [
                        "Metric": ["Namespace": .string(query.namespace), "MetricName": .string(query.metric), "Dimensions": dimensions(query)],
                        "Period": 60, "Stat": .string(query.statistic),
                    ],
                ])
            }
            properties["Metrics"] = .list(queries)
        } else if let query = metric.queries.first {
            properties["Namespace"] = .string(query.namespace)
            properties["MetricName"] = .string(query.metric)
            properties["Dimensions"] = dimensions(query)
            properties["Period"] = 60
            properties[query.isPercentile ? "ExtendedStatistic" : "Statistic"] = .string(query.statistic)
        }
        return Resource(type: "AWS::CloudWatch::Alarm", properties: properties)
    }

    /// A threshold as people write it: `1`, `2147483648`, `0.5`.
    private static func text(_ number: Double) -> String {
        if case .int(let whole) = Value.number(number) { return String(whole) }
        return String(number)
    }

    private func dimensions(_ query: MetricQuery) -> Value {
        .list(query.dimensions.map { ["Name": .string($0.0), "Value": $0.1] })
    }
}
