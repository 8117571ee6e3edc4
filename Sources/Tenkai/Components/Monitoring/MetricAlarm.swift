import TenkaiCore

/// One CloudWatch alarm on one metric, written by the component that owns the metric.
///
/// Alarms treat missing data as not breaching (a quiet function is not an incident) and notify
/// the same topic when they fire and when they recover.
///
/// ```swift
/// MetricAlarm(suffix: "errors", namespace: "AWS/Lambda", metric: "Errors",
///             dimensions: ["FunctionName": .ref("CollectStampFunction")], threshold: 1)
/// ```
public struct MetricAlarm: Sendable, Hashable {
    public var suffix: String
    public var description: String
    public var namespace: String
    public var metric: String
    public var dimensions: Fields
    public var statistic = "Sum"
    public var periodSeconds = 300
    public var evaluationPeriods = 1
    public var threshold: Double

    public init(
        suffix: String, description: String, namespace: String, metric: String, dimensions: Fields, threshold: Double
    ) {
        self.suffix = suffix
        self.description = description
        self.namespace = namespace
        self.metric = metric
        self.dimensions = dimensions
        self.threshold = threshold
    }

    /// Adds the alarm as `<owner logical ID><Suffix>Alarm`, named `<system>-<env>-<owner>-<suffix>`.
    public func add(to stack: inout StackContext, owner: any Component, notify topic: Reference) {
        let dimensionList: [Value] = dimensions.map { ["Name": .string($0.key), "Value": $0.value] }
        stack.add(
            owner.logicalID + LogicalID.pascalCase(suffix) + "Alarm",
            Resource(
                type: "AWS::CloudWatch::Alarm",
                properties: [
                    "AlarmName": .string(stack.resourceName("\(owner.name)-\(suffix)")),
                    "AlarmDescription": .string(description),
                    "Namespace": .string(namespace),
                    "MetricName": .string(metric),
                    "Dimensions": .list(dimensionList),
                    "Statistic": .string(statistic),
                    "Period": .int(periodSeconds),
                    "EvaluationPeriods": .int(evaluationPeriods),
                    "Threshold": .double(threshold),
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                    "TreatMissingData": "notBreaching",
                    "AlarmActions": [topic.value],
                    "OKActions": [topic.value],
                ]))
    }
}
