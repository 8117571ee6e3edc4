import TenkaiCore

/// A WAFv2 web ACL with AWS managed rule groups, a per-address rate limit and optional
/// allow/deny address lists; it logs to CloudWatch Logs.
///
/// Defaults: the core rule set (XSS and more), SQL injection, known bad inputs and the Amazon
/// IP reputation list, all blocking; at most 2,000 requests per 5 minutes from one address;
/// logs kept 90 days. ``Scope/regional`` ACLs protect load balancers (``protecting(_:)``);
/// ``Scope/cloudFront`` ACLs must be declared in a us-east-1 stack and given to a ``CDN``.
///
/// The core rule set's `SizeRestrictions_BODY` blocks every body over 8 KB, uploads included.
/// ``largeBodies(allowedOn:)`` keeps that protection everywhere else: the managed rule only
/// counts (and labels) large bodies, and a rule after the group blocks labelled requests
/// unless their path matches the upload routes. (A label is visible only to rules evaluated
/// after the rule that adds it, so the blocking rule comes after the managed groups.)
///
/// ```swift
/// WebACL("edge", scope: .cloudFront)
///     .rateLimit(1000)
///     .largeBodies(allowedOn: #"^/api/projects/[^/]+/files$"#)
/// ```
public struct WebACL: EscapeHatching {
    public enum Scope: String, Sendable, Hashable {
        case regional = "REGIONAL", cloudFront = "CLOUDFRONT"
    }

    /// AWS managed rule groups.
    public enum ManagedRuleGroup: String, Sendable, Hashable, CaseIterable {
        case common = "AWSManagedRulesCommonRuleSet"
        case sqlInjection = "AWSManagedRulesSQLiRuleSet"
        case knownBadInputs = "AWSManagedRulesKnownBadInputsRuleSet"
        case ipReputation = "AWSManagedRulesAmazonIpReputationList"
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "WebAcl" }
    public var scope: Scope
    public var managedGroups = ManagedRuleGroup.allCases
    /// Rules of the managed groups that only count matches instead of blocking.
    public var countOnlyRules: [String] = []
    /// Requests per 5 minutes from one address before it is blocked; nil for no limit.
    public var rateLimit: Int? = 2000
    public var allowedAddresses: [String] = []
    public var blockedAddresses: [String] = []
    public var logRetentionDays = 90
    public var protectedResources: [Reference] = []
    /// A regular expression of the URI paths that may carry bodies over 8 KB (uploads).
    public var largeBodyPaths: String?

    /// The label the core rule set's `SizeRestrictions_BODY` puts on a request whose body is over 8 KB.
    public static let bodySizeLabel = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"

    public init(_ name: String, scope: Scope) {
        self.name = name
        self.scope = scope
    }

    public var arn: Reference { attribute("Arn", .arn) }

    // MARK: - Modifiers

    public func managedGroups(_ groups: [ManagedRuleGroup]) -> WebACL { with { $0.managedGroups = groups } }
    public func countOnly(_ rules: String...) -> WebACL { with { $0.countOnlyRules += rules } }
    /// Lets bodies over 8 KB through on paths matching `pathPattern` (a regular expression of
    /// the URI path, anchored by the author) and keeps blocking them on every other path.
    public func largeBodies(allowedOn pathPattern: String) -> WebACL { with { $0.largeBodyPaths = pathPattern } }
    public func rateLimit(_ limit: Int?) -> WebACL { with { $0.rateLimit = limit } }
    /// Addresses (CIDR) always allowed, before any other rule.
    public func allowing(_ cidrs: [String]) -> WebACL { with { $0.allowedAddresses = cidrs } }
    /// Addresses (CIDR) always blocked.
    public func blocking(_ cidrs: [String]) -> WebACL { with { $0.blockedAddresses = cidrs } }
    public func logRetention(days: Int) -> WebACL { with { $0.logRetentionDays = days } }
    /// Associates a regional ACL with a load balancer.
    public func protecting(_ loadBalancer: LoadBalancer) -> WebACL { with { $0.protectedResources.append(loadBalancer.arn) } }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        let id = logicalID
        if scope == .cloudFront && stack.region != "us-east-1" {
            stack.report(.error(
                "a CloudFront web ACL must be created in us-east-1, not \(stack.region)",
                hint: "declare it in a stack pinned there: Stack(\"edge-global\", region: \"us-east-1\")"))
            return
        }
        if scope == .cloudFront && !protectedResources.isEmpty {
            stack.report(.error("a CloudFront web ACL protects distributions through CDN.webACL(_:), not protecting(_:)"))
        }
        guard LogRetention.check(logRetentionDays, in: &stack) else { return }
        var rules: [Value] = []
        for (list, action) in [(allowedAddresses, "Allow"), (blockedAddresses, "Block")] where !list.isEmpty {
            let set = part(action + "List")
            stack.add(set, Resource(type: "AWS::WAFv2::IPSet", properties: [
                "Name": .string(stack.resourceName("\(name)-\(action.lowercased())")), "Scope": .string(scope.rawValue),
                "IPAddressVersion": "IPV4", "Addresses": .list(list.map(Value.string)),
            ]))
            rules.append(rule("\(action.lowercased())-list", priority: rules.count, action: action, statement: [
                "IPSetReferenceStatement": ["Arn": set.arn]
            ]))
        }
        if let rateLimit {
            rules.append(rule("rate-limit", priority: rules.count, action: "Block", statement: [
                "RateBasedStatement": ["Limit": .int(rateLimit), "AggregateKeyType": "IP"]
            ]))
        }
        if largeBodyPaths != nil && !managedGroups.contains(.common) {
            stack.report(.error(
                "large bodies are allowed on some paths, but the core rule set that limits body size is not used",
                hint: "keep .common in managedGroups, or drop largeBodies(allowedOn:)"))
        }
        var counted = countOnlyRules
        if largeBodyPaths != nil && !counted.contains("SizeRestrictions_BODY") { counted.append("SizeRestrictions_BODY") }
        for group in managedGroups {
            var statement: Fields = ["VendorName": "AWS", "Name": .string(group.rawValue)]
            if group == .common && !counted.isEmpty {
                statement["RuleActionOverrides"] = .list(counted.map { ["Name": .string($0), "ActionToUse": ["Count": [:]]] })
            }
            rules.append([
                "Name": .string(group.rawValue), "Priority": .int(rules.count),
                "OverrideAction": ["None": [:]],
                "Statement": ["ManagedRuleGroupStatement": .map(statement)],
                "VisibilityConfig": visibility(group.rawValue),
            ])
        }
        if let largeBodyPaths, managedGroups.contains(.common) {
            rules.append(rule("large-body-outside-uploads", priority: rules.count, action: "Block", statement: [
                "AndStatement": [
                    "Statements": [
                        ["LabelMatchStatement": ["Scope": "LABEL", "Key": .string(Self.bodySizeLabel)]],
                        [
                            "NotStatement": [
                                "Statement": [
                                    "RegexMatchStatement": [
                                        "RegexString": .string(largeBodyPaths), "FieldToMatch": ["UriPath": [:]],
                                        "TextTransformations": [["Priority": 0, "Type": "NORMALIZE_PATH"]],
                                    ]
                                ]
                            ]
                        ],
                    ]
                ]
            ]))
        }
        stack.add(id, Resource(type: "AWS::WAFv2::WebACL", properties: [
            "Name": .string(stack.resourceName(name)), "Scope": .string(scope.rawValue),
            "DefaultAction": ["Allow": [:]],
            "Rules": .list(rules),
            "VisibilityConfig": visibility(stack.resourceName(name)),
        ]))
        let logGroup = "aws-waf-logs-\(stack.resourceName(name))"
        let logGroupID = part("LogGroup")
        stack.add(logGroupID, LogRetention.logGroup([
            "LogGroupName": .string(logGroup), "RetentionInDays": .int(logRetentionDays),
        ], in: stack))
        stack.add(part("Logging"), Resource(type: "AWS::WAFv2::LoggingConfiguration", properties: [
            "ResourceArn": .getAtt(id, "Arn"),
            "LogDestinationConfigs": [.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:\(logGroup)")],
        ], dependsOn: [logGroupID.logicalID]))
        for (index, resource) in protectedResources.enumerated() {
            stack.add(part("Association\(index + 1)"), Resource(type: "AWS::WAFv2::WebACLAssociation", properties: [
                "ResourceArn": resource.value, "WebACLArn": .getAtt(id, "Arn"),
            ]))
        }
    }

    private func rule(_ name: String, priority: Int, action: String, statement: Value) -> Value {
        [
            "Name": .string(name), "Priority": .int(priority), "Action": .map([action: [:]]),
            "Statement": statement, "VisibilityConfig": visibility(name),
        ]
    }

    private func visibility(_ metric: String) -> Value {
        [
            "SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true,
            "MetricName": .string(LogicalID.pascalCase(metric)),
        ]
    }
}
