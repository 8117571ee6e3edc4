import TenkaiCore

extension LoadBalancer: Monitorable {
    public var metrics: [Metric] { [requests, targetServerErrors, loadBalancerServerErrors, targetResponseTime, unhealthyHosts] }

    /// A metric of this load balancer in `AWS/ApplicationELB` (dimension `LoadBalancer`).
    public func metric(_ name: String, statistic: String = "Sum") -> Metric {
        Metric(namespace: "AWS/ApplicationELB", name: name, dimensions: [Metric.Dimension("LoadBalancer", fullName)], statistic: statistic)
    }

    public var requests: Metric { metric("RequestCount") }
    /// 5xx responses the targets sent.
    public var targetServerErrors: Metric { metric("HTTPCode_Target_5XX_Count") }
    /// 5xx responses the load balancer sent itself (no healthy target, timeouts).
    public var loadBalancerServerErrors: Metric { metric("HTTPCode_ELB_5XX_Count") }
    /// Seconds from request to the target's response, p99.
    public var targetResponseTime: Metric { metric("TargetResponseTime", statistic: "p99") }
    /// The most unhealthy targets of the (blue) target group in the period.
    public var unhealthyHosts: Metric {
        Metric(
            namespace: "AWS/ApplicationELB", name: "UnHealthyHostCount",
            dimensions: [Metric.Dimension("TargetGroup", blueTargetGroupFullName), Metric.Dimension("LoadBalancer", fullName)],
            statistic: "Maximum")
    }

    /// 5xx above 1 % of requests, p99 latency above 2 s, any unhealthy target, in 3 of 5 minutes.
    public func recommendedAlarms(http5xxPercent: Double = 1, p99LatencySeconds: Double = 2, unhealthyHosts limit: Double = 0) -> [Alarm] {
        let minute = { (metric: Metric, id: String) in metric.period(seconds: 60).id(id) }
        let rate = MetricMath(
            "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)", label: "\(name): 5xx responses (% of requests)",
            using: [minute(targetServerErrors, "target5xx"), minute(loadBalancerServerErrors, "elb5xx"), minute(requests, "requests")])
        return [
            Alarm("\(name)-5xx-rate", on: rate, threshold: http5xxPercent).evaluating(3, of: 5),
            Alarm("\(name)-p99-latency", on: minute(targetResponseTime, "latency"), threshold: p99LatencySeconds)
                .titled("\(name): target response time p99 (s)").evaluating(3, of: 5),
            Alarm("\(name)-unhealthy-hosts", on: minute(unhealthyHosts, "unhealthy"), threshold: limit)
                .titled("\(name): unhealthy targets").evaluating(3, of: 5),
        ]
    }
}
