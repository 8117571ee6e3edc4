/// A TCP port the container listens on, with the HTTP paths that say it is alive and ready.
///
/// A load balancer sends traffic only to targets whose readiness path (or, without one, the
/// health path) answers 200.
///
/// ```swift
/// Port(8080, health: "/healthz", readiness: "/readyz")
/// ```
public struct Port: ContainerSetting {
    public var number: Int
    /// The HTTP path answering 200 while the process is alive; nil for non-HTTP ports.
    public var healthCheckPath: String?
    /// The HTTP path answering 200 when the container can take traffic (its database reachable).
    public var readinessPath: String?

    public init(_ number: Int, health healthCheckPath: String? = nil, readiness readinessPath: String? = nil) {
        self.number = number
        self.healthCheckPath = healthCheckPath
        self.readinessPath = readinessPath
    }

    /// The path a load balancer checks.
    var loadBalancerCheckPath: String? { readinessPath ?? healthCheckPath }

    public func apply(to container: inout Container) { container.ports.append(self) }
}
