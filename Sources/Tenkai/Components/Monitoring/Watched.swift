import TenkaiCore

/// Something ``Alarms`` and ``Dashboard`` watch, and the thresholds its alarms use.
///
/// Defaults: load balancer 5xx responses above 1 % of requests, target p99 latency above 2 s,
/// any unhealthy target; service CPU and memory above 80 %; database CPU above 80 %, free
/// storage below 2 GiB, more than 100 connections.
///
/// ```swift
/// Alarms("fileshare", watching: [.loadBalancer(lb), .service(web), .database(db)], notifying: env.alarms)
/// ```
public enum Watched: Sendable {
    case loadBalancer(LoadBalancer, Thresholds.LoadBalancer = .init())
    case service(Service, Thresholds.Service = .init())
    case database(Database, Thresholds.Database = .init())
    /// App servers on EC2: CPU, unhealthy instances and 5xx of both colours (see ``AppServers``).
    case appServers(AppServers, Thresholds.AppServers = .init())

    /// Alarm thresholds, per kind of watched component.
    public enum Thresholds {
        public struct LoadBalancer: Sendable, Hashable {
            public var http5xxPercent: Double = 1
            public var p99LatencySeconds: Double = 2
            public var unhealthyHosts: Double = 0
            public init() {}
        }
        public struct Service: Sendable, Hashable {
            public var cpuPercent: Double = 80
            public var memoryPercent: Double = 80
            public init() {}
        }
        public struct AppServers: Sendable, Hashable {
            public var cpuPercent: Double = 80
            public var unhealthyHosts: Double = 0
            public var http5xxPercent: Double = 1
            public init() {}
        }
        public struct Database: Sendable, Hashable {
            public var cpuPercent: Double = 80
            public var freeStorageBytes: Double = 2 * 1024 * 1024 * 1024
            public var connections: Double = 100
            public init() {}
        }
    }

    /// The metrics to watch, each with its alarm threshold.
    var metrics: [WatchedMetric] {
        switch self {
        case .loadBalancer(let lb, let limits):
            let balancer = [("LoadBalancer", lb.fullName.value)]
            let requests = MetricQuery(id: "requests", namespace: "AWS/ApplicationELB", metric: "RequestCount", dimensions: balancer, statistic: "Sum")
            let target5xx = MetricQuery(id: "target5xx", namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count", dimensions: balancer, statistic: "Sum")
            let elb5xx = MetricQuery(id: "elb5xx", namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", dimensions: balancer, statistic: "Sum")
            return [
                WatchedMetric(
                    name: "\(lb.name)-5xx-rate", title: "\(lb.name): 5xx responses (% of requests)",
                    expression: "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)",
                    queries: [target5xx, elb5xx, requests], threshold: limits.http5xxPercent, above: true),
                WatchedMetric(
                    name: "\(lb.name)-p99-latency", title: "\(lb.name): target response time p99 (s)",
                    query: MetricQuery(id: "latency", namespace: "AWS/ApplicationELB", metric: "TargetResponseTime", dimensions: balancer, statistic: "p99"),
                    threshold: limits.p99LatencySeconds, above: true),
                WatchedMetric(
                    name: "\(lb.name)-unhealthy-hosts", title: "\(lb.name): unhealthy targets",
                    query: MetricQuery(
                        id: "unhealthy", namespace: "AWS/ApplicationELB", metric: "UnHealthyHostCount",
                        dimensions: [("TargetGroup", lb.blueTargetGroupFullName.value)] + balancer, statistic: "Maximum"),
                    threshold: limits.unhealthyHosts, above: true),
            ]
        case .service(let service, let limits):
            let dimensions = [("ClusterName", service.cluster.value), ("ServiceName", service.serviceName.value)]
            return [
                WatchedMetric(
                    name: "\(service.name)-cpu", title: "\(service.name): CPU (%)",
                    query: MetricQuery(id: "cpu", namespace: "AWS/ECS", metric: "CPUUtilization", dimensions: dimensions, statistic: "Average"),
                    threshold: limits.cpuPercent, above: true),
                WatchedMetric(
                    name: "\(service.name)-memory", title: "\(service.name): memory (%)",
                    query: MetricQuery(id: "memory", namespace: "AWS/ECS", metric: "MemoryUtilization", dimensions: dimensions, statistic: "Average"),
                    threshold: limits.memoryPercent, above: true),
            ]
        case .appServers(let servers, let limits):
            return Self.metrics(of: servers, limits)
        case .database(let db, let limits):
            let dimensions = [("DBInstanceIdentifier", db.identifier.value)]
            return [
                WatchedMetric(
                    name: "\(db.name)-database-cpu", title: "\(db.name) database: CPU (%)",
                    query: MetricQuery(id: "cpu", namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dimensions, statistic: "Average"),
                    threshold: limits.cpuPercent, above: true),
                WatchedMetric(
                    name: "\(db.name)-database-free-storage", title: "\(db.name) database: free storage (bytes)",
                    query: MetricQuery(id: "storage", namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: dimensions, statistic: "Minimum"),
                    threshold: limits.freeStorageBytes, above: false),
                WatchedMetric(
                    name: "\(db.name)-database-connections", title: "\(db.name) database: connections",
                    query: MetricQuery(id: "connections", namespace: "AWS/RDS", metric: "DatabaseConnections", dimensions: dimensions, statistic: "Maximum"),
                    threshold: limits.connections, above: true),
            ]
        }
    }
}
