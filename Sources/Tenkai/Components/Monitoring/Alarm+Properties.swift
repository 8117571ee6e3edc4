import TenkaiCore

extension Alarm {
    /// The order of an alarm's properties in the template. CloudFormation ignores it, but
    /// templates already deployed were written in two orders (alarms of a component's own
    /// metrics, and alarms grouped under ``Alarms``); keeping each keeps synth byte-identical
    /// and `tenkai diff` quiet.
    enum PropertyOrder {
        /// Name, metric, evaluation, threshold, actions; the threshold as a decimal (`1.0`).
        case metricFirst
        /// Name, threshold, evaluation, actions, metric; the threshold as written (`1`).
        case settingsFirst
    }

    func properties(in stack: StackContext, order: PropertyOrder) -> Fields {
        var fields: Fields = ["AlarmName": .string(stack.resourceName(name)), "AlarmDescription": .string(description)]
        switch order {
        case .metricFirst:
            fields.append(contentsOf: metricFields(in: stack, periodFirst: false))
            fields["EvaluationPeriods"] = .int(evaluationPeriods)
            if let datapointsToAlarm { fields["DatapointsToAlarm"] = .int(datapointsToAlarm) }
            fields["Threshold"] = .double(threshold)
            fields["ComparisonOperator"] = .string(comparison.rawValue)
            fields.append(contentsOf: actionFields)
        case .settingsFirst:
            fields["ComparisonOperator"] = .string(comparison.rawValue)
            fields["Threshold"] = .number(threshold)
            fields["EvaluationPeriods"] = .int(evaluationPeriods)
            if let datapointsToAlarm { fields["DatapointsToAlarm"] = .int(datapointsToAlarm) }
            fields.append(contentsOf: actionFields)
            fields.append(contentsOf: metricFields(in: stack, periodFirst: true))
        }
        return fields
    }

    private var actionFields: Fields {
        var fields: Fields = ["TreatMissingData": .string(missingData.rawValue)]
        if let topic {
            fields["AlarmActions"] = [topic]
            fields["OKActions"] = [topic]
        }
        return fields
    }

    /// `Namespace`, `MetricName`, `Dimensions`, the statistic and period of one metric, or the
    /// `Metrics` queries of an expression (the expression first, as `rate`, then its metrics).
    private func metricFields(in stack: StackContext, periodFirst: Bool) -> Fields {
        switch watched {
        case .metric(let metric):
            var fields: Fields = [
                "Namespace": .string(metric.namespace), "MetricName": .string(metric.name),
                "Dimensions": Self.dimensions(metric, in: stack),
            ]
            let statistic: Fields = [metric.isPercentile ? "ExtendedStatistic" : "Statistic": .string(metric.statistic)]
            if periodFirst {
                fields["Period"] = .int(metric.periodSeconds)
                fields.append(contentsOf: statistic)
            } else {
                fields.append(contentsOf: statistic)
                fields["Period"] = .int(metric.periodSeconds)
            }
            return fields
        case .math(let math):
            var queries: [Value] = [
                ["Id": .string(MetricMath.resultID), "Expression": .string(math.expression), "Label": .string(math.label), "ReturnData": true]
            ]
            for metric in math.metrics {
                queries.append([
                    "Id": .string(metric.id ?? ""), "ReturnData": false,
                    "MetricStat": [
                        "Metric": [
                            "Namespace": .string(metric.namespace), "MetricName": .string(metric.name),
                            "Dimensions": Self.dimensions(metric, in: stack),
                        ],
                        "Period": .int(metric.periodSeconds), "Stat": .string(metric.statistic),
                    ],
                ])
            }
            return ["Metrics": .list(queries)]
        }
    }

    static func dimensions(_ metric: Metric, in stack: StackContext) -> Value {
        .list(metric.dimensions.map { ["Name": .string($0.name), "Value": $0.value.resolved(in: stack)] })
    }
}

extension MetricMath {
    /// The id of the expression's own line in an alarm's queries and a dashboard graph.
    static let resultID = "rate"
}

extension Value {
    /// A number as CloudFormation reads it: whole numbers without a fraction.
    static func number(_ value: Double) -> Value {
        if value == value.rounded(), abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }
}

extension Fields {
    /// Adds `other`'s entries after these, in their order.
    fileprivate mutating func append(contentsOf other: Fields) {
        for (key, value) in other { self[key] = value }
    }
}
