import TenkaiCore

extension Table: Monitorable {
    public var metrics: [Metric] { [consumedReadCapacityUnits, consumedWriteCapacityUnits, readThrottleEvents, writeThrottleEvents] }

    /// A metric of this table in `AWS/DynamoDB` (dimension `TableName`).
    public func metric(_ name: String, statistic: String = "Sum") -> Metric {
        Metric(namespace: "AWS/DynamoDB", name: name, dimensions: [Metric.Dimension("TableName", tableName)], statistic: statistic)
    }

    public var consumedReadCapacityUnits: Metric { metric("ConsumedReadCapacityUnits") }
    public var consumedWriteCapacityUnits: Metric { metric("ConsumedWriteCapacityUnits") }
    public var readThrottleEvents: Metric { metric("ReadThrottleEvents") }
    public var writeThrottleEvents: Metric { metric("WriteThrottleEvents") }

    /// Any throttled read, and any throttled write, in 5 minutes (what `.alarms(notify:)` adds).
    public func recommendedAlarms() -> [Alarm] {
        [("read-throttles", readThrottleEvents), ("write-throttles", writeThrottleEvents)].map { suffix, metric in
            Alarm("\(name)-\(suffix)", on: metric, comparison: .greaterThanOrEqual, threshold: 1)
                .description("DynamoDB table \(name) throttled requests (\(metric.name))")
        }
    }
}
