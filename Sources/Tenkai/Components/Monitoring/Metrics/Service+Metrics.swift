import TenkaiCore

extension Service: Monitorable {
    public var metrics: [Metric] { [cpuUtilization, memoryUtilization] }

    /// A metric of this service in `AWS/ECS` (dimensions `ClusterName`, `ServiceName`).
    public func metric(_ name: String, statistic: String = "Average") -> Metric {
        Metric(
            namespace: "AWS/ECS", name: name,
            dimensions: [Metric.Dimension("ClusterName", cluster), Metric.Dimension("ServiceName", serviceName)], statistic: statistic)
    }

    /// Percent of the tasks' reserved CPU in use.
    public var cpuUtilization: Metric { metric("CPUUtilization") }
    /// Percent of the tasks' reserved memory in use.
    public var memoryUtilization: Metric { metric("MemoryUtilization") }

    /// CPU and memory above their limits in 3 of 5 minutes.
    public func recommendedAlarms(cpuPercent: Double = 80, memoryPercent: Double = 80) -> [Alarm] {
        [
            Alarm("\(name)-cpu", on: cpuUtilization.period(seconds: 60).id("cpu"), threshold: cpuPercent)
                .titled("\(name): CPU (%)").evaluating(3, of: 5),
            Alarm("\(name)-memory", on: memoryUtilization.period(seconds: 60).id("memory"), threshold: memoryPercent)
                .titled("\(name): memory (%)").evaluating(3, of: 5),
        ]
    }
}
