/// The names of the stack outputs `tenkai release` reads, defined once for the components that
/// write them (`Tenkai`'s `Service`, `LoadBalancer`, `AppServers`, `Alarm`, `Alarms`) and the
/// release that reads them back (`TenkaiDeploy`), which does not import the DSL.
///
/// Every name is the publishing component's logical ID, `Release` and what the output holds:
///
/// ```swift
/// ReleaseOutputs.service(of: "WebService")             // "WebServiceReleaseService"
/// ReleaseOutputs.targetGroup(.green, of: "WebLoadBalancer")  // "WebLoadBalancerReleaseGreenTargetGroup"
/// ReleaseOutputs.serviceID(fromOutput: "WebServiceReleaseService")  // "WebService"
/// ```
public enum ReleaseOutputs {
    /// One of the two sides a release moves traffic between.
    public enum Color: String, Sendable, CaseIterable {
        case blue = "Blue"
        case green = "Green"
    }

    /// What an output holds: the last part of its name.
    private enum Key: String, CaseIterable {
        case cluster = "Cluster", service = "Service", container = "Container", imageParameter = "ImageParameter"
        case migration = "Migration", migrationContainer = "MigrationContainer", imageParameters = "ImageParameters"
        case port = "Port", listener = "Listener", blueTargetGroup = "BlueTargetGroup", greenTargetGroup = "GreenTargetGroup"
        case fronts = "For", drivenBy = "DrivenBy"
        case blueGroup = "BlueGroup", greenGroup = "GreenGroup", rule = "Rule", launchTemplate = "LaunchTemplate"
        case alarmNames = "AlarmNames"

        var suffix: String { "Release" + rawValue }
    }

    private static func name(_ key: Key, of componentID: String) -> String { componentID + key.suffix }

    // MARK: - Components

    /// The logical ID of the ECS service component named `name` (`web` → `WebService`).
    public static func serviceID(named name: String) -> String { LogicalID.make(name, kind: "Service") }
    /// The logical ID of the app servers component named `name` (`web` → `WebAppServers`).
    public static func appServersID(named name: String) -> String { LogicalID.make(name, kind: "AppServers") }

    // MARK: - A service on ECS

    /// The cluster the service runs in.
    public static func cluster(of serviceID: String) -> String { name(.cluster, of: serviceID) }
    /// The ECS service's name: the blue side; green is the same name with `-green`.
    public static func service(of serviceID: String) -> String { name(.service, of: serviceID) }
    /// The container whose image a release replaces.
    public static func container(of serviceID: String) -> String { name(.container, of: serviceID) }
    /// The template parameter holding the released image (a service's or app servers').
    public static func imageParameter(of componentID: String) -> String { name(.imageParameter, of: componentID) }
    /// The other containers whose images a release can set beside the released one, as one JSON
    /// object of container name → template parameter (`{"gateway":"ApiServiceGatewayImage"}`):
    /// one output per service however many containers it has (a template holds at most 200).
    public static func imageParameters(of serviceID: String) -> String { name(.imageParameters, of: serviceID) }
    /// The migration command, a JSON list of words.
    public static func migration(of serviceID: String) -> String { name(.migration, of: serviceID) }
    /// The container the migration task runs its command in.
    public static func migrationContainer(of serviceID: String) -> String { name(.migrationContainer, of: serviceID) }

    // MARK: - A load balancer (or app servers) in front

    /// The port the target groups send to.
    public static func port(of componentID: String) -> String { name(.port, of: componentID) }
    /// The listener whose weights a release moves.
    public static func listener(of componentID: String) -> String { name(.listener, of: componentID) }
    /// The target group of one side.
    public static func targetGroup(_ color: Color, of componentID: String) -> String {
        name(color == .blue ? .blueTargetGroup : .greenTargetGroup, of: componentID)
    }
    /// The logical ID of the service the load balancer fronts (its value).
    public static func frontedService(of balancerID: String) -> String { name(.fronts, of: balancerID) }
    /// `ecs` when ECS shifts the service's traffic itself.
    public static func drivenBy(of balancerID: String) -> String { name(.drivenBy, of: balancerID) }

    // MARK: - App servers on EC2

    /// The Auto Scaling group of one side.
    public static func group(_ color: Color, of appServersID: String) -> String {
        name(color == .blue ? .blueGroup : .greenGroup, of: appServersID)
    }
    /// The listener rule whose weights a release moves.
    public static func rule(of appServersID: String) -> String { name(.rule, of: appServersID) }
    /// The launch template a release adds a version to.
    public static func launchTemplate(of appServersID: String) -> String { name(.launchTemplate, of: appServersID) }

    // MARK: - Alarms

    /// Comma-separated names of the alarms a release watches while it bakes.
    public static func alarmNames(of componentID: String) -> String { name(.alarmNames, of: componentID) }

    // MARK: - Reading names back

    /// Whether `output` is one a release reads, so the stack that declares it must be deployed.
    public static func isReleaseOutput(_ output: String) -> Bool {
        Key.allCases.contains { componentID(of: output, key: $0) != nil }
    }

    /// The service's logical ID of a ``service(of:)`` output, else `nil`.
    public static func serviceID(fromOutput output: String) -> String? {
        componentID(of: output, key: .service).flatMap { $0.hasSuffix("Service") ? $0 : nil }
    }

    /// The service's name as `tenkai release --service` takes it, from a ``service(of:)`` output
    /// (`WebServiceReleaseService` → `web`), else `nil`.
    public static func serviceName(fromOutput output: String) -> String? {
        serviceID(fromOutput: output).map { String($0.dropLast("Service".count)).lowercased() }
    }

    /// The load balancer's logical ID of a ``frontedService(of:)`` output, else `nil`.
    public static func balancerID(fromOutput output: String) -> String? { componentID(of: output, key: .fronts) }

    /// Whether `output` is an ``alarmNames(of:)`` output.
    public static func isAlarmNames(_ output: String) -> Bool { componentID(of: output, key: .alarmNames) != nil }

    private static func componentID(of output: String, key: Key) -> String? {
        guard output.hasSuffix(key.suffix), output.count > key.suffix.count else { return nil }
        return String(output.dropLast(key.suffix.count))
    }
}
