/// A component that has a local stand-in in the compose file.
///
/// Translation runs in two passes so that order in a stack body never matters: first every
/// component provides its backing services (a database container, DynamoDB Local, MinIO) and
/// publishes the local values of its references; then every component that runs code adds its
/// containers, whose environment is resolved from those values.
///
/// ```swift
/// extension Bucket: LocallyRunnable {
///     public func provideLocally(into compose: inout ComposeContext) {
///         let name = compose.resourceName(self.name)
///         compose.publish(bucketName, as: name, readyWhen: ("storage-setup", .completedSuccessfully))
///     }
/// }
/// ```
///
/// Components without a local meaning (alarms, budgets, DNS) simply do not conform.
public protocol LocallyRunnable: Component {
    /// Pass one: backing services and the local values of this component's references.
    func provideLocally(into compose: inout ComposeContext)
    /// Pass two: containers that use the values other components published.
    func runLocally(in compose: inout ComposeContext)
}

extension LocallyRunnable {
    public func provideLocally(into compose: inout ComposeContext) {}
    public func runLocally(in compose: inout ComposeContext) {}
}
