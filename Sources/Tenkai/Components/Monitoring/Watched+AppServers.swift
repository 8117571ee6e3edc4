import TenkaiCore

extension Watched {
    /// App servers' alarms watch both colours at once, so they hold whichever group serves,
    /// before, during and after a release: CPU of the busier group, unhealthy instances in
    /// either target group, and the servers' 5xx as a share of the requests they answered.
    static func metrics(of servers: AppServers, _ limits: Thresholds.AppServers) -> [WatchedMetric] {
        let colors = ["Blue", "Green"]
        func perGroup(_ prefix: String, _ namespace: String, _ metric: String, _ statistic: String, _ dimensions: (String) -> [(String, Value)]) -> [MetricQuery] {
            colors.map { MetricQuery(id: prefix + $0.lowercased(), namespace: namespace, metric: metric, dimensions: dimensions($0), statistic: statistic) }
        }
        let group: (String) -> [(String, Value)] = { [("AutoScalingGroupName", servers.groupName($0).value)] }
        let targets: (String) -> [(String, Value)] = {
            [("TargetGroup", servers.targetGroupFullName($0).value), ("LoadBalancer", servers.loadBalancerFullName.value)]
        }
        let cpu = perGroup("cpu", "AWS/EC2", "CPUUtilization", "Average", group)
        let unhealthy = perGroup("unhealthy", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", targets)
        let errors = perGroup("errors", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", targets)
        let requests = perGroup("requests", "AWS/ApplicationELB", "RequestCount", "Sum", targets)
        return [
            WatchedMetric(
                name: "\(servers.name)-servers-cpu", title: "\(servers.name) app servers: CPU of the busier group (%)",
                expression: "MAX([FILL(cpublue, 0), FILL(cpugreen, 0)])", queries: cpu, threshold: limits.cpuPercent, above: true),
            WatchedMetric(
                name: "\(servers.name)-servers-unhealthy", title: "\(servers.name) app servers: unhealthy instances",
                expression: "FILL(unhealthyblue, 0) + FILL(unhealthygreen, 0)", queries: unhealthy, threshold: limits.unhealthyHosts, above: true),
            WatchedMetric(
                name: "\(servers.name)-servers-5xx-rate", title: "\(servers.name) app servers: 5xx responses (% of their requests)",
                expression: "IF(FILL(requestsblue, 0) + FILL(requestsgreen, 0) > 0, 100 * (FILL(errorsblue, 0) + FILL(errorsgreen, 0)) / (FILL(requestsblue, 0) + FILL(requestsgreen, 0)), 0)",
                queries: errors + requests, threshold: limits.http5xxPercent, above: true),
        ]
    }
}
