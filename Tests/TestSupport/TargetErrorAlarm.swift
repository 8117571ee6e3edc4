/// The alarm a blue/green release watches, as CloudWatch's `PutMetricAlarm` request: the load
/// balancer's targets answering 5xx more than once a minute, five minutes running. The release
/// fixtures and the CloudWatch client's moto test put the same alarm.
public struct TargetErrorAlarm: Encodable, Sendable {
    public var alarmName: String
    public var metricName = "HTTPCode_Target_5XX_Count"
    public var namespace = "AWS/ApplicationELB"
    public var statistic = "Sum"
    public var period = 60
    public var evaluationPeriods = 5
    public var threshold = 1.0
    public var comparisonOperator = "GreaterThanThreshold"

    public init(alarmName: String) {
        self.alarmName = alarmName
    }
}
