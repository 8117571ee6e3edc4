import TenkaiCore

extension CDN: Monitorable {
    public var metrics: [Metric] { [requests, serverErrorRate, clientErrorRate] }

    /// A metric of this distribution in `AWS/CloudFront` (dimensions `DistributionId`, `Region`
    /// `Global`). CloudFront publishes its metrics in us-east-1 only: alarm on them from a
    /// stack in that region.
    public func metric(_ name: String, statistic: String = "Sum") -> Metric {
        Metric(
            namespace: "AWS/CloudFront", name: name,
            dimensions: [Metric.Dimension("DistributionId", distributionID), Metric.Dimension("Region", .value(.string("Global")))],
            statistic: statistic)
    }

    public var requests: Metric { metric("Requests") }
    /// Percent of responses with a 5xx status.
    public var serverErrorRate: Metric { metric("5xxErrorRate", statistic: "Average") }
    /// Percent of responses with a 4xx status.
    public var clientErrorRate: Metric { metric("4xxErrorRate", statistic: "Average") }
}
