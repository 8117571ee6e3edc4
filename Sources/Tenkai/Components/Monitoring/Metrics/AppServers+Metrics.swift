import TenkaiCore

extension AppServers: Monitorable {
    /// CPU, unhealthy hosts, 5xx responses and requests of each colour.
    public var metrics: [Metric] {
        Color.allCases.flatMap { [cpuUtilization(of: $0), unhealthyHosts(of: $0), serverErrors(of: $0), requests(of: $0)] }
    }

    /// The two colours of a release; a metric is per colour, since either group may be serving.
    public enum Color: String, Sendable, CaseIterable {
        case blue = "Blue", green = "Green"
    }

    /// A metric of one colour's instances in `AWS/EC2` (dimension `AutoScalingGroupName`).
    public func instanceMetric(_ name: String, of color: Color, statistic: String = "Average") -> Metric {
        Metric(namespace: "AWS/EC2", name: name, dimensions: [Metric.Dimension("AutoScalingGroupName", groupName(color.rawValue))], statistic: statistic)
    }

    /// A metric of one colour's target group in `AWS/ApplicationELB` (dimensions `TargetGroup`, `LoadBalancer`).
    public func targetMetric(_ name: String, of color: Color, statistic: String = "Sum") -> Metric {
        Metric(
            namespace: "AWS/ApplicationELB", name: name,
            dimensions: [
                Metric.Dimension("TargetGroup", targetGroupFullName(color.rawValue)), Metric.Dimension("LoadBalancer", loadBalancerFullName),
            ],
            statistic: statistic)
    }

    public func cpuUtilization(of color: Color) -> Metric { instanceMetric("CPUUtilization", of: color) }
    public func unhealthyHosts(of color: Color) -> Metric { targetMetric("UnHealthyHostCount", of: color, statistic: "Maximum") }
    public func serverErrors(of color: Color) -> Metric { targetMetric("HTTPCode_Target_5XX_Count", of: color) }
    public func requests(of color: Color) -> Metric { targetMetric("RequestCount", of: color) }

    /// Alarms that watch both colours at once, so they hold whichever group serves, before,
    /// during and after a release: CPU of the busier group, unhealthy instances in either
    /// target group, and the servers' 5xx as a share of the requests they answered.
    public func recommendedAlarms(cpuPercent: Double = 80, unhealthyHosts limit: Double = 0, http5xxPercent: Double = 1) -> [Alarm] {
        func both(_ prefix: String, _ metric: (Color) -> Metric) -> [Metric] {
            Color.allCases.map { metric($0).period(seconds: 60).id(prefix + $0.rawValue.lowercased()) }
        }
        let cpu = MetricMath(
            "MAX([FILL(cpublue, 0), FILL(cpugreen, 0)])", label: "\(name) app servers: CPU of the busier group (%)",
            using: both("cpu", cpuUtilization))
        let unhealthy = MetricMath(
            "FILL(unhealthyblue, 0) + FILL(unhealthygreen, 0)", label: "\(name) app servers: unhealthy instances",
            using: both("unhealthy", unhealthyHosts))
        let errorRate = MetricMath(
            "IF(FILL(requestsblue, 0) + FILL(requestsgreen, 0) > 0, 100 * (FILL(errorsblue, 0) + FILL(errorsgreen, 0)) / (FILL(requestsblue, 0) + FILL(requestsgreen, 0)), 0)",
            label: "\(name) app servers: 5xx responses (% of their requests)",
            using: both("errors", serverErrors) + both("requests", requests))
        return [
            Alarm("\(name)-servers-cpu", on: cpu, threshold: cpuPercent).evaluating(3, of: 5),
            Alarm("\(name)-servers-unhealthy", on: unhealthy, threshold: limit).evaluating(3, of: 5),
            Alarm("\(name)-servers-5xx-rate", on: errorRate, threshold: http5xxPercent).evaluating(3, of: 5),
        ]
    }
}
