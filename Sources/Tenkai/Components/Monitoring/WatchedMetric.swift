import TenkaiCore

/// One CloudWatch metric with its dimensions and statistic.
struct MetricQuery: Sendable {
    var id: String
    var namespace: String
    var metric: String
    var dimensions: [(String, Value)]
    /// `Sum`, `Average`, `Maximum`, `Minimum`, or a percentile such as `p99`.
    var statistic: String

    var isPercentile: Bool { statistic.first == "p" }
}

/// A watched metric (one query, or an expression over several) and its alarm threshold.
struct WatchedMetric: Sendable {
    var name: String
    var title: String
    var expression: String?
    var queries: [MetricQuery]
    var threshold: Double
    /// Alarm when above the threshold (or when below, for free space).
    var above: Bool

    init(name: String, title: String, query: MetricQuery, threshold: Double, above: Bool) {
        self.name = name
        self.title = title
        self.queries = [query]
        self.threshold = threshold
        self.above = above
    }

    init(name: String, title: String, expression: String, queries: [MetricQuery], threshold: Double, above: Bool) {
        self.name = name
        self.title = title
        self.expression = expression
        self.queries = queries
        self.threshold = threshold
        self.above = above
    }
}

extension Value {
    /// A number as CloudFormation reads it: whole numbers without a fraction.
    static func number(_ value: Double) -> Value {
        if value == value.rounded(), abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }
}
