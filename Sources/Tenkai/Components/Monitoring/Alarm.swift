import TenkaiCore

/// A CloudWatch alarm on any ``Metric`` or ``MetricMath`` expression.
///
/// Defaults: fires when one 5-minute period breaches `threshold` (`greaterThan`), treats missing
/// data as not breaching (a quiet function is not an incident), and notifies the same topic when
/// it fires and when it is OK again. Named `<system>-<env>-<name>`, logical ID `<Name>Alarm`;
/// renaming an alarm replaces it, so a release that watches it by name loses it until it
/// deploys again. Components offer the alarms worth having as `recommendedAlarms(…)`.
///
/// ```swift
/// Alarm("checkout-errors", on: checkout.errors, threshold: 0)
///     .evaluating(2, of: 3)
///     .notifying(alerts.arn)
///     .watchedByReleases()
/// ```
public struct Alarm: EscapeHatching {
    /// How the metric compares with the threshold when the alarm fires.
    public enum Comparison: String, Sendable, Hashable {
        case greaterThan = "GreaterThanThreshold"
        case greaterThanOrEqual = "GreaterThanOrEqualToThreshold"
        case lessThan = "LessThanThreshold"
        case lessThanOrEqual = "LessThanOrEqualToThreshold"

        var words: String {
            switch self {
            case .greaterThan: "above"
            case .greaterThanOrEqual: "at or above"
            case .lessThan: "below"
            case .lessThanOrEqual: "at or below"
            }
        }
    }

    /// What a period without data counts as.
    public enum MissingData: String, Sendable, Hashable {
        case notBreaching, breaching, ignore, missing
    }

    /// A single metric or an expression over several.
    public enum Watched: Sendable, Hashable {
        case metric(Metric)
        case math(MetricMath)

        /// Every metric the alarm reads.
        public var metrics: [Metric] {
            switch self {
            case .metric(let metric): [metric]
            case .math(let math): math.metrics
            }
        }
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Alarm" }
    public internal(set) var watched: Watched
    public internal(set) var threshold: Double
    public internal(set) var comparison: Comparison
    /// What the alarm watches, in words: its description and its dashboard graph's title.
    public internal(set) var title: String
    public internal(set) var evaluationPeriods = 1
    public internal(set) var datapointsToAlarm: Int?
    public internal(set) var missingData = MissingData.notBreaching
    var topic: Value?
    var explicitDescription: String?
    var releaseWatches = false

    public init(_ name: String, on metric: Metric, comparison: Comparison = .greaterThan, threshold: Double) {
        self.name = name
        self.watched = .metric(metric)
        self.comparison = comparison
        self.threshold = threshold
        self.title = "\(metric.namespace) \(metric.name)"
    }

    public init(_ name: String, on math: MetricMath, comparison: Comparison = .greaterThan, threshold: Double) {
        self.name = name
        self.watched = .math(math)
        self.comparison = comparison
        self.threshold = threshold
        self.title = math.label
    }

    /// `AlarmDescription`: the given text, or the title, comparison and threshold in words.
    public var description: String { explicitDescription ?? "\(title) \(comparison.words) \(Self.text(threshold))" }

    // MARK: - Modifiers

    public func titled(_ title: String) -> Alarm { with { $0.title = title } }
    public func description(_ text: String) -> Alarm { with { $0.explicitDescription = text } }
    /// Fires when `datapoints` of the last `periods` periods breach.
    public func evaluating(_ datapoints: Int, of periods: Int) -> Alarm {
        with { $0.datapointsToAlarm = datapoints; $0.evaluationPeriods = periods }
    }
    public func treatingMissingData(as missing: MissingData) -> Alarm { with { $0.missingData = missing } }
    /// The SNS topic told when the alarm fires and when it recovers.
    public func notifying(_ topic: Reference) -> Alarm { with { $0.topic = topic.value } }
    /// Publishes the alarm's name as a `…ReleaseAlarmNames` output, so `tenkai release` rolls
    /// back when it fires during a bake.
    public func watchedByReleases() -> Alarm { with { $0.releaseWatches = true } }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        add(as: logicalID, to: &stack, order: .settingsFirst)
        if releaseWatches {
            stack.output(ReleaseOutputs.alarmNames(of: logicalID), .string(stack.resourceName(name)), description: "Alarms a release watches while it bakes")
        }
    }

    /// Adds the `AWS::CloudWatch::Alarm`, after checking that every metric of an expression has an id.
    func add(as logicalID: String, to stack: inout StackContext, order: PropertyOrder) {
        if case .math(let math) = watched, let unnamed = math.metrics.first(where: { $0.id == nil }) {
            stack.report(.error(
                "alarm '\(name)': metric \(unnamed.namespace) \(unnamed.name) of the expression has no id",
                hint: "name each metric the expression uses: metric.id(\"errors\")"))
        }
        stack.add(logicalID, Resource(type: "AWS::CloudWatch::Alarm", properties: properties(in: stack, order: order)))
    }

    /// A threshold as people write it: `1`, `2147483648`, `0.5`.
    static func text(_ number: Double) -> String {
        if case .int(let whole) = Value.number(number) { return String(whole) }
        return String(number)
    }
}
