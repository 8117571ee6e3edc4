import TenkaiCore

/// A monthly cost budget for the system, warning at 80% of actual and 100% of forecast spend.
///
/// Costs are filtered by the `tenkai:system` tag every resource carries, so systems sharing an
/// account each get their own budget. AWS counts a tag only after it is activated as a cost
/// allocation tag (Billing console → Cost allocation tags, in the paying account, once); until
/// then the budget tracks nothing. The budget records that step as `tenkai:manual-steps`
/// metadata, which deploy prints (``ManualSteps`` in TenkaiDeploy); ``scope(_:)`` `.account`
/// budgets the whole account instead, which needs no step.
///
/// ```swift
/// Budget("monthly", limitUSD: settings.monthlyBudgetUSD)
///     .notify(topic: alerts.arn, email: env.alarms.email)
/// ```
public struct Budget: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Budget" }
    /// The monthly limit, in US dollars.
    public var limitUSD: Int
    public var topic: Reference?
    public var email: String?
    /// Which costs count.
    public var scope = Scope.systemTag

    /// Which costs a budget counts.
    public enum Scope: Sendable, Hashable {
        /// Resources tagged `tenkai:system=<system>` (needs the tag activated for cost allocation).
        case systemTag
        /// Everything the account spends (works at once; systems sharing the account share it).
        case account
    }

    /// The tag key budgets filter on, and the step that makes it count.
    public static let costTag = "tenkai:system"

    public init(_ name: String, limitUSD: Int) {
        self.name = name
        self.limitUSD = limitUSD
    }

    public func translate(into stack: inout StackContext) {
        if limitUSD <= 0 {
            stack.report(.error("a budget needs a limit above 0 USD, not \(limitUSD)"))
        }
        var subscribers: [Value] = []
        if let topic { subscribers.append(["SubscriptionType": "SNS", "Address": topic.value]) }
        if let email { subscribers.append(["SubscriptionType": "EMAIL", "Address": .string(email)]) }
        if subscribers.isEmpty {
            stack.report(.error("the budget notifies nobody", hint: "add .notify(topic:email:)"))
        }
        let notifications: [Value] = [("ACTUAL", 80.0), ("FORECASTED", 100.0)].map { type, threshold in
            [
                "Notification": [
                    "NotificationType": .string(type), "ComparisonOperator": "GREATER_THAN",
                    "Threshold": .double(threshold), "ThresholdType": "PERCENTAGE",
                ],
                "Subscribers": .list(subscribers),
            ]
        }
        var budget: Fields = [
            "BudgetName": .string(stack.resourceName(name)),
            "BudgetType": "COST",
            "TimeUnit": "MONTHLY",
            "BudgetLimit": ["Amount": .double(Double(limitUSD)), "Unit": "USD"],
        ]
        var resource = Resource(type: "AWS::Budgets::Budget")
        if scope == .systemTag {
            budget["CostFilters"] = ["TagKeyValue": .list([.string("user:\(Self.costTag)$\(stack.systemName)")])]
            resource.metadata["tenkai:manual-steps"] = [
                .string("activate the cost allocation tag '\(Self.costTag)' in the paying account (Billing console → Cost "
                    + "allocation tags) — until then budget \(stack.resourceName(name)) counts no costs")
            ]
        }
        resource.properties = ["Budget": .map(budget), "NotificationsWithSubscribers": .list(notifications)]
        stack.add(logicalID, resource)
    }

    /// `.account` to count everything the account spends.
    public func scope(_ scope: Scope) -> Budget { with { $0.scope = scope } }

    /// Where warnings go: an SNS topic (which must let `budgets.amazonaws.com` publish), an e-mail, or both.
    public func notify(topic: Reference? = nil, email: String? = nil) -> Budget {
        with {
            $0.topic = topic
            $0.email = email
        }
    }
}
