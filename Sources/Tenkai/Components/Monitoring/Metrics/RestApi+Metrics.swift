import TenkaiCore

extension RestApi: Monitorable {
    public var metrics: [Metric] { [requests, clientErrors, serverErrors, latency] }

    /// A metric of this API in `AWS/ApiGateway` (dimension `ApiName`, and `Stage` unless nil:
    /// nil is every stage together).
    public func metric(_ name: String, statistic: String = "Sum", stage: String? = RestApi.stageName) -> Metric {
        var dimensions = [Metric.Dimension("ApiName", .resourceName(self.name))]
        if let stage { dimensions.append(Metric.Dimension("Stage", .value(.string(stage)))) }
        return Metric(namespace: "AWS/ApiGateway", name: name, dimensions: dimensions, statistic: statistic)
    }

    public var requests: Metric { metric("Count") }
    public var clientErrors: Metric { metric("4XXError") }
    public var serverErrors: Metric { metric("5XXError") }
    /// Average milliseconds from request to response.
    public var latency: Metric { metric("Latency", statistic: "Average") }

    /// Five or more server errors in 5 minutes (what `.alarms(notify:)` adds).
    public func recommendedAlarms() -> [Alarm] {
        [
            Alarm("\(name)-5xx", on: serverErrors, comparison: .greaterThanOrEqual, threshold: 5)
                .description("API \(name) answered with server errors (5XX) in the last 5 minutes")
        ]
    }
}
