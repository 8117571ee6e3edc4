/// The Application Load Balancer calls blue/green releases need: read and change listeners and
/// rules (each traffic shift is one `ModifyListener` or `ModifyRule` with target-group weights),
/// and read target health.
///
/// ```swift
/// let elb = ElasticLoadBalancingV2(aws)
/// try await elb.modifyListener(listenerArn: arn, defaultActions: [.weightedForward([(blue, 90), (green, 10)])])
/// ```
public struct ElasticLoadBalancingV2: Sendable {
    public let session: AWSSession
    private let service = AWSService.elasticLoadBalancingV2

    public init(_ session: AWSSession) {
        self.session = session
    }

    /// The listeners of a load balancer, or the listeners named by ARN.
    public func describeListeners(loadBalancerArn: String? = nil, listenerArns: [String] = []) async throws -> [Listener] {
        var listeners: [Listener] = []
        var marker: String?
        repeat {
            let page = try await session.query(
                service, "DescribeListeners",
                DescribeListenersInput(loadBalancerArn: loadBalancerArn, listenerArns: listenerArns, marker: marker),
                as: ListenersPage.self
            )
            listeners += page.listeners
            marker = page.nextMarker
        } while marker != nil
        return listeners
    }

    /// Replaces a listener's default actions (idempotent: the same call twice sets the same state).
    @discardableResult
    public func modifyListener(listenerArn: String, defaultActions: [LoadBalancerAction]) async throws -> Listener? {
        try await session.query(
            service, "ModifyListener", ModifyListenerInput(listenerArn: listenerArn, defaultActions: defaultActions),
            as: ListenersPage.self
        ).listeners.first
    }

    /// The rules of a listener, or the rules named by ARN.
    public func describeRules(listenerArn: String? = nil, ruleArns: [String] = []) async throws -> [ListenerRule] {
        var rules: [ListenerRule] = []
        var marker: String?
        repeat {
            let page = try await session.query(
                service, "DescribeRules", DescribeRulesInput(listenerArn: listenerArn, ruleArns: ruleArns, marker: marker),
                as: RulesPage.self
            )
            rules += page.rules
            marker = page.nextMarker
        } while marker != nil
        return rules
    }

    /// Replaces a rule's actions (and conditions, when given).
    @discardableResult
    public func modifyRule(ruleArn: String, actions: [LoadBalancerAction], conditions: [RuleCondition] = []) async throws -> ListenerRule? {
        try await session.query(
            service, "ModifyRule", ModifyRuleInput(ruleArn: ruleArn, actions: actions, conditions: conditions), as: RulesPage.self
        ).rules.first
    }

    /// The health of a target group's targets.
    public func describeTargetHealth(targetGroupArn: String) async throws -> [TargetHealthDescription] {
        try await session.query(
            service, "DescribeTargetHealth", TargetGroupInput(targetGroupArn: targetGroupArn), as: TargetHealthOutput.self
        ).targetHealthDescriptions
    }
}

private struct DescribeListenersInput: Encodable {
    var loadBalancerArn: String?
    var listenerArns: [String]
    var marker: String?
}

private struct ModifyListenerInput: Encodable {
    var listenerArn: String
    var defaultActions: [LoadBalancerAction]
}

private struct DescribeRulesInput: Encodable {
    var listenerArn: String?
    var ruleArns: [String]
    var marker: String?
}

private struct ModifyRuleInput: Encodable {
    var ruleArn: String
    var actions: [LoadBalancerAction]
    var conditions: [RuleCondition]
}

private struct TargetGroupInput: Encodable {
    var targetGroupArn: String
}

private struct ListenersPage: Decodable {
    var listeners: [Listener]
    var nextMarker: String?
}

private struct RulesPage: Decodable {
    var rules: [ListenerRule]
    var nextMarker: String?
}

private struct TargetHealthOutput: Decodable {
    var targetHealthDescriptions: [TargetHealthDescription]
}
