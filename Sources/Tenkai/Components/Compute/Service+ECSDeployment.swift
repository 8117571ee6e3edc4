import TenkaiCore

/// ECS's own blue/green, canary and linear deployments, for teams that want AWS to shift the
/// traffic: ECS moves the listener rule between the load balancer's blue and green target
/// groups, bakes, watches the alarms and rolls back by itself. `tenkai release` then only sets
/// the image and follows the deployment.
///
/// ```swift
/// let lbAlarms = lb.recommendedAlarms()
/// Service("web", in: net) { … }
///     .ecsManagedDeployment(.canary(percent: 10, bake: .seconds(300)), bakeMinutes: 5, alarms: lbAlarms)
/// Alarms("shop", notifying: env.alarms) { lbAlarms }
/// ```
public struct ECSManagedDeployment: Sendable, Hashable {
    public var strategy: ReleaseStrategy
    /// How long ECS keeps blue up after all traffic is on green.
    public var bakeMinutes: Int
    /// The names of the ``Alarm``s (as declared, without `<system>-<env>-`) that roll the
    /// deployment back when they fire; the system must declare each one.
    public internal(set) var alarmNames: [String]

    public init(strategy: ReleaseStrategy, bakeMinutes: Int = 5, alarms: [Alarm] = []) {
        self.strategy = strategy
        self.bakeMinutes = bakeMinutes
        self.alarmNames = alarms.map(\.name)
    }

    /// `DeploymentConfiguration` as `AWS::ECS::Service` takes it for this strategy, the alarms
    /// by the physical names they get in `stack`'s environment.
    func deploymentConfiguration(in stack: StackContext) -> Value {
        var fields: Fields = [
            "Strategy": .string(ecsStrategy), "BakeTimeInMinutes": .int(bakeMinutes),
            "MinimumHealthyPercent": 100, "MaximumPercent": 200,
        ]
        switch strategy {
        case .canary(let percent, let bake):
            fields["CanaryConfiguration"] = ["CanaryPercent": .int(percent), "CanaryBakeTimeInMinutes": .int(Self.minutes(bake))]
        case .linear(let percent, let interval):
            fields["LinearConfiguration"] = ["StepPercent": .int(percent), "StepBakeTimeInMinutes": .int(Self.minutes(interval))]
        case .allAtOnce, .blueGreen:
            break
        }
        if !alarmNames.isEmpty {
            fields["Alarms"] = ["AlarmNames": .list(alarmNames.map { .string(stack.resourceName($0)) }), "Enable": true, "Rollback": true]
        }
        return .map(fields)
    }

    var ecsStrategy: String {
        switch strategy {
        case .allAtOnce, .blueGreen: "BLUE_GREEN"
        case .canary: "CANARY"
        case .linear: "LINEAR"
        }
    }

    /// ECS bakes in whole minutes; anything shorter rounds up to one.
    private static func minutes(_ duration: Duration) -> Int {
        max(1, Int((duration.components.seconds + 59) / 60))
    }
}

extension Service {
    /// Lets ECS drive releases with `strategy` (its own blue/green, canary or linear deployment)
    /// instead of `tenkai release` shifting listener weights (`tenkai release` then updates the
    /// service's task definition and follows ECS's deployment). Needs a ``LoadBalancer`` in front.
    /// ECS rolls back when any of `alarms` fires; pass the same ``Alarm`` values the system
    /// declares (in ``Alarms`` or on their own), so a renamed alarm stays watched.
    public func ecsManagedDeployment(_ strategy: ReleaseStrategy, bakeMinutes: Int = 5, alarms: [Alarm] = []) -> Service {
        with { $0.ecsDeployment = ECSManagedDeployment(strategy: strategy, bakeMinutes: bakeMinutes, alarms: alarms) }
    }
}
