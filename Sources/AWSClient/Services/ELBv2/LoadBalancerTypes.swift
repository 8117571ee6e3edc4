/// A load balancer listener.
public struct Listener: Decodable, Sendable, Equatable {
    public var listenerArn: String
    public var loadBalancerArn: String?
    public var port: Int?
    public var listenerProtocol: String?
    public var defaultActions: [LoadBalancerAction]

    enum CodingKeys: String, CodingKey {
        case listenerArn, loadBalancerArn, port, defaultActions
        case listenerProtocol = "protocol"
    }
}

/// A listener rule: conditions and the actions taken when they match.
public struct ListenerRule: Decodable, Sendable, Equatable {
    public var ruleArn: String
    public var priority: String?
    public var isDefault: Bool?
    public var conditions: [RuleCondition]
    public var actions: [LoadBalancerAction]
}

/// What a listener or rule does: here, forwarding to one or several weighted target groups.
public struct LoadBalancerAction: Codable, Sendable, Equatable {
    public var type: String
    public var targetGroupArn: String?
    public var forwardConfig: ForwardConfig?
    public var order: Int?

    public init(type: String, targetGroupArn: String? = nil, forwardConfig: ForwardConfig? = nil, order: Int? = nil) {
        self.type = type
        self.targetGroupArn = targetGroupArn
        self.forwardConfig = forwardConfig
        self.order = order
    }

    /// Forward to one target group.
    public static func forward(to targetGroupArn: String) -> LoadBalancerAction {
        LoadBalancerAction(type: "forward", targetGroupArn: targetGroupArn)
    }

    /// Forward to several target groups by weight (0…999 each): one step of a traffic shift.
    public static func weightedForward(_ groups: [(targetGroupArn: String, weight: Int)]) -> LoadBalancerAction {
        LoadBalancerAction(type: "forward", forwardConfig: ForwardConfig(
            targetGroups: groups.map { WeightedTargetGroup(targetGroupArn: $0.targetGroupArn, weight: $0.weight) }
        ))
    }
}

/// The weighted target groups of a `forward` action.
public struct ForwardConfig: Codable, Sendable, Equatable {
    public var targetGroups: [WeightedTargetGroup]

    public init(targetGroups: [WeightedTargetGroup]) {
        self.targetGroups = targetGroups
    }
}

/// A target group and its share of traffic (0…999, relative to the others).
public struct WeightedTargetGroup: Codable, Sendable, Equatable {
    public var targetGroupArn: String
    public var weight: Int?

    public init(targetGroupArn: String, weight: Int?) {
        self.targetGroupArn = targetGroupArn
        self.weight = weight
    }
}

/// A rule condition, such as `path-pattern` with its values.
public struct RuleCondition: Codable, Sendable, Equatable {
    public var field: String?
    public var values: [String]

    public init(field: String, values: [String]) {
        self.field = field
        self.values = values
    }
}

/// One target's health in a target group.
public struct TargetHealthDescription: Decodable, Sendable, Equatable {
    public struct Target: Decodable, Sendable, Equatable {
        public var id: String
        public var port: Int?
    }

    public struct Health: Decodable, Sendable, Equatable {
        /// `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`.
        public var state: String?
        public var reason: String?
        public var description: String?
    }

    public var target: Target
    public var healthCheckPort: String?
    public var targetHealth: Health?
}
