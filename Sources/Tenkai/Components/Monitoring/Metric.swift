import TenkaiCore

/// One CloudWatch metric of one resource: what an ``Alarm`` watches and a ``Dashboard`` draws.
///
/// Components expose the metrics they emit (`function.errors`, `table.metric("ReadThrottleEvents")`,
/// `loadBalancer.requests`), with dimensions that point at their own resources, so an alarm or a
/// graph never spells a namespace or a dimension by hand. Defaults: the `Sum` over 5 minutes.
///
/// ```swift
/// Alarm("checkout-errors", on: checkout.errors, above: 0).notifying(alerts.arn)
/// Graph("Checkout", [checkout.invocations, checkout.errors, checkout.duration.statistic("p99")])
/// ```
public struct Metric: Sendable, Hashable {
    /// A dimension's value: a reference to a resource, or a physical name known before deploy.
    public enum DimensionValue: Sendable, Hashable {
        /// A `Ref`, `Fn::GetAtt` or literal; the resolver links it when it crosses a stack.
        case value(Value)
        /// `<system>-<env>-<name>`, resolved in the stack that uses the metric.
        case resourceName(String)

        func resolved(in stack: StackContext) -> Value {
            switch self {
            case .value(let value): value
            case .resourceName(let name): .string(stack.resourceName(name))
            }
        }
    }

    /// One `Name`/`Value` pair that picks the resource out of the namespace.
    public struct Dimension: Sendable, Hashable {
        public var name: String
        public var value: DimensionValue

        public init(_ name: String, _ value: DimensionValue) {
            self.name = name
            self.value = value
        }

        public init(_ name: String, _ reference: Reference) { self.init(name, .value(reference.value)) }
    }

    public var namespace: String
    public var name: String
    public var dimensions: [Dimension]
    /// `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p99`.
    public var statistic: String
    public var periodSeconds: Int
    /// The id a ``MetricMath`` expression (and a dashboard line) calls the metric by.
    public var id: String?

    public init(namespace: String, name: String, dimensions: [Dimension], statistic: String = "Sum", periodSeconds: Int = 300) {
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions
        self.statistic = statistic
        self.periodSeconds = periodSeconds
    }

    /// Whether the statistic is a percentile (CloudFormation's `ExtendedStatistic`).
    var isPercentile: Bool { statistic.first == "p" }

    // MARK: - Modifiers

    public func statistic(_ statistic: String) -> Metric { with { $0.statistic = statistic } }
    public func period(seconds: Int) -> Metric { with { $0.periodSeconds = seconds } }
    /// Names the metric for a ``MetricMath`` expression (lower-case letters and digits, as CloudWatch asks).
    public func id(_ id: String) -> Metric { with { $0.id = id } }

    private func with(_ change: (inout Metric) -> Void) -> Metric {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A metric-math expression over several metrics (`100 * errors / requests`), which an
/// ``Alarm`` watches like a single metric.
///
/// ```swift
/// MetricMath("100 * FILL(errors, 0) / FILL(requests, 1)", label: "web: 5xx (% of requests)",
///            using: [lb.metric("HTTPCode_Target_5XX_Count").id("errors"), lb.requests.id("requests")])
/// ```
public struct MetricMath: Sendable, Hashable {
    public var expression: String
    public var label: String
    /// The metrics the expression names, each with its ``Metric/id``.
    public var metrics: [Metric]

    public init(_ expression: String, label: String, using metrics: [Metric]) {
        self.expression = expression
        self.label = label
        self.metrics = metrics
    }
}
