import TenkaiCore

/// ECS's own blue/green, canary and linear deployments, for teams that want AWS to shift the
/// traffic: ECS moves the listener rule between the load balancer's blue and green target
/// groups, bakes, watches the alarms and rolls back by itself. `tenkai release` then only sets
/// the image and follows the deployment.
///
/// ```swift
/// Service("web", in: net) { … }
///     .ecsManagedDeployment(.canary(percent: 10, bake: .seconds(300)), bakeMinutes: 5, alarms: ["fileshare-prod-web-5xx"])
/// ```
public struct ECSManagedDeployment: Sendable, Hashable {
    public var strategy: ReleaseStrategy
    /// How long ECS keeps blue up after all traffic is on green.
    public var bakeMinutes: Int
    /// CloudWatch alarms that roll the deployment back when they fire.
    public var alarmNames: [String]

    public init(strategy: ReleaseStrategy, bakeMinutes: Int = 5, alarmNames: [String] = []) {
        self.strategy = strategy
        self.bakeMinutes = bakeMinutes
        self.alarmNames = alarmNames
    }

    /// `DeploymentConfiguration` as `AWS::ECS::Service` takes it for this strategy.
    func deploymentConfiguration() -> Value {
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
            fields["Alarms"] = ["AlarmNames": .list(alarmNames.map(Value.string)), "Enable": true, "Rollback": true]
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
    public func ecsManagedDeployment(_ strategy: ReleaseStrategy, bakeMinutes: Int = 5, alarms: [String] = []) -> Service {
        with { $0.ecsDeployment = ECSManagedDeployment(strategy: strategy, bakeMinutes: bakeMinutes, alarmNames: alarms) }
    }
}
