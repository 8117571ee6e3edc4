/// A TCP port the container listens on, with the HTTP path a load balancer checks it on.
///
/// ```swift
/// Port(8080, health: "/healthz")
/// ```
public struct Port: ContainerSetting {
    public var number: Int
    /// The HTTP path answering 200 when the container can take traffic; nil for non-HTTP ports.
    public var healthCheckPath: String?

    public init(_ number: Int, health healthCheckPath: String? = nil) {
        self.number = number
        self.healthCheckPath = healthCheckPath
    }

    public func apply(to container: inout Container) { container.ports.append(self) }
}
