import TenkaiCore

extension Database: Monitorable {
    public var metrics: [Metric] { [cpuUtilization, freeStorageSpace, databaseConnections] }

    /// A metric of this database instance in `AWS/RDS` (dimension `DBInstanceIdentifier`).
    public func metric(_ name: String, statistic: String = "Average") -> Metric {
        Metric(namespace: "AWS/RDS", name: name, dimensions: [Metric.Dimension("DBInstanceIdentifier", identifier)], statistic: statistic)
    }

    public var cpuUtilization: Metric { metric("CPUUtilization") }
    /// The least free storage in the period, in bytes.
    public var freeStorageSpace: Metric { metric("FreeStorageSpace", statistic: "Minimum") }
    /// The most connections open at once in the period.
    public var databaseConnections: Metric { metric("DatabaseConnections", statistic: "Maximum") }

    /// CPU above 80 %, free storage below 2 GiB, more than 100 connections, in 3 of 5 minutes.
    public func recommendedAlarms(cpuPercent: Double = 80, freeStorageBytes: Double = 2 * 1024 * 1024 * 1024, connections: Double = 100) -> [Alarm] {
        [
            Alarm("\(name)-database-cpu", on: cpuUtilization.period(seconds: 60).id("cpu"), threshold: cpuPercent)
                .titled("\(name) database: CPU (%)").evaluating(3, of: 5),
            Alarm("\(name)-database-free-storage", on: freeStorageSpace.period(seconds: 60).id("storage"), comparison: .lessThan, threshold: freeStorageBytes)
                .titled("\(name) database: free storage (bytes)").evaluating(3, of: 5),
            Alarm("\(name)-database-connections", on: databaseConnections.period(seconds: 60).id("connections"), threshold: connections)
                .titled("\(name) database: connections").evaluating(3, of: 5),
        ]
    }
}
