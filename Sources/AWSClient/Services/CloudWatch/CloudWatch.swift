import FoundationEssentials

/// CloudWatch alarms, watched during a blue/green bake: any alarm in `ALARM` rolls back.
///
/// ```swift
/// let alarms = try await CloudWatch(aws).describeAlarms(names: ["web-5xx"])
/// let firing = alarms.filter { $0.stateValue == "ALARM" }
/// ```
public struct CloudWatch: Sendable {
    public let session: AWSSession
    private let service = AWSService.cloudWatch

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// Metric alarms by name, by name prefix, or all of them; optionally only those in `state`.
    public func describeAlarms(names: [String] = [], namePrefix: String? = nil, state: String? = nil) async throws -> [MetricAlarm] {
        var alarms: [MetricAlarm] = []
        var token: String?
        repeat {
            let page = try await session.query(
                service, "DescribeAlarms",
                DescribeAlarmsInput(alarmNames: names, alarmNamePrefix: namePrefix, stateValue: state, nextToken: token),
                as: AlarmsPage.self
            )
            alarms += page.metricAlarms
            token = page.nextToken
        } while token != nil
        return alarms
    }
}

/// A metric alarm and its current state.
public struct MetricAlarm: Decodable, Sendable, Equatable {
    public var alarmName: String
    public var alarmArn: String?
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    public var stateValue: String
    public var stateReason: String?
    public var stateUpdatedTimestamp: Date?
    public var metricName: String?
    public var namespace: String?
    public var threshold: Double?
    public var comparisonOperator: String?
    public var evaluationPeriods: Int?
    public var period: Int?
    public var statistic: String?
}

private struct DescribeAlarmsInput: Encodable {
    var alarmNames: [String]
    var alarmNamePrefix: String?
    var stateValue: String?
    var nextToken: String?
}

private struct AlarmsPage: Decodable {
    var metricAlarms: [MetricAlarm]
    var nextToken: String?
}
