import TenkaiCore

extension Function: Monitorable {
    public var metrics: [Metric] { [invocations, errors, throttles, duration] }

    /// A metric of this function in `AWS/Lambda` (dimension `FunctionName`).
    public func metric(_ name: String, statistic: String = "Sum") -> Metric {
        Metric(namespace: "AWS/Lambda", name: name, dimensions: [Metric.Dimension("FunctionName", functionName)], statistic: statistic)
    }

    public var invocations: Metric { metric("Invocations") }
    public var errors: Metric { metric("Errors") }
    public var throttles: Metric { metric("Throttles") }
    /// Average milliseconds per invocation.
    public var duration: Metric { metric("Duration", statistic: "Average") }

    /// Any error, and any throttling, in 5 minutes (what `.alarms(notify:)` adds).
    public func recommendedAlarms() -> [Alarm] {
        [
            Alarm("\(name)-errors", on: errors, comparison: .greaterThanOrEqual, threshold: 1)
                .description("Function \(name) failed at least once in 5 minutes"),
            Alarm("\(name)-throttles", on: throttles, comparison: .greaterThanOrEqual, threshold: 1)
                .description("Function \(name) was throttled in the last 5 minutes"),
        ]
    }
}
