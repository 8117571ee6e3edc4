/// Makes a container start only once another container of the task reached a state.
///
/// ```swift
/// Container("app", image: .repository(images)) {
///     StartAfter("migrate", .complete)     // the one-shot migration finished
///     StartAfter("proxy", .healthy)        // the sidecar passes its health check
/// }
/// ```
public struct StartAfter: ContainerSetting {
    /// ECS container dependency conditions.
    public enum Condition: String, Sendable, Hashable {
        case start = "START", complete = "COMPLETE", success = "SUCCESS", healthy = "HEALTHY"
    }

    public var container: String
    public var condition: Condition

    public init(_ container: String, _ condition: Condition) {
        self.container = container
        self.condition = condition
    }

    public func apply(to container: inout Container) { container.dependencies.append(self) }
}
