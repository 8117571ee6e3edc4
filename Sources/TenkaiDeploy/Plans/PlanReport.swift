import FoundationEssentials
import TenkaiCore

/// What an approver reads before signing: the plan's facts, every resource change with its
/// replacement and its property values before and after (from the change set where CloudFormation
/// gives them, else from the deployed template recorded at plan time and the planned template),
/// and the security-relevant changes gathered at the end: IAM, security groups, public access,
/// deletions.
///
/// ```swift
/// for line in PlanReport(plan: plan, templates: templates, approvals: approvals).lines { print(line) }
/// ```
public struct PlanReport: Sendable {
    /// The templates stored with a plan, by CloudFormation stack name.
    public struct Templates: Sendable {
        public var planned: [String: [UInt8]]
        public var deployed: [String: [UInt8]]

        public init(planned: [String: [UInt8]] = [:], deployed: [String: [UInt8]] = [:]) {
            self.planned = planned
            self.deployed = deployed
        }
    }

    /// The key a deployed template is stored under next to the planned ones.
    public static func deployedKey(_ stackName: String) -> String { "\(stackName).deployed" }

    public let plan: DeployPlan
    public let templates: Templates
    public let approvals: [PlanApproval]

    public init(plan: DeployPlan, templates: Templates, approvals: [PlanApproval] = []) {
        self.plan = plan
        self.templates = templates
        self.approvals = approvals
    }

    static let longestValue = 600

    public var lines: [String] {
        var lines = [
            "plan \(plan.id)",
            plan.release == nil
                ? "  \(plan.system) / \(plan.environment): \(plan.stacks.count) stack(s) change"
                : "  \(plan.system) / \(plan.environment): an image release (no stack changes)",
            "  made by \(plan.author) at \(plan.createdAt.formatted(.iso8601)), expires \(plan.expiresAt.formatted(.iso8601))",
            "  environment file SHA-256 \(plan.environmentSHA256)",
        ]
        if let assembly = plan.assembly { lines.append("  cloud assembly: manifest.json SHA-256 \(assembly.manifestSHA256)") }
        if let release = plan.release { lines += release.lines.map { "  " + $0 } }
        lines.append(approvals.isEmpty
            ? "  approvals: none yet"
            : "  approvals: " + approvals.map { "\($0.approver) (as \($0.principal), until \($0.expiresAt.formatted(.iso8601)))" }.joined(separator: ", "))
        var security: [String] = []
        for entry in plan.stacks {
            let planned = templates.planned[entry.stackName].flatMap { try? JSONReader.read($0) }
            let deployed = templates.deployed[entry.stackName].flatMap { try? JSONReader.read($0) }
            lines.append("")
            lines.append("\(entry.stackName) (\(entry.region)): \(entry.kind == "CREATE" ? "new stack" : "update"), \(entry.changes.count) change(s); stack was \(entry.state?.description ?? "not deployed")")
            lines.append("  change set \(entry.changeSetARN)")
            if !entry.parameters.isEmpty {
                lines.append("  parameters: " + entry.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
            }
            for change in entry.changes {
                let symbol = ["Add": "+", "Modify": "~", "Remove": "-"][change.action] ?? "?"
                var line = "  \(symbol) \(change.logicalResourceID)  \(change.resourceType)  \(change.action.lowercased())"
                if let replacement = change.replacement, change.action == "Modify" { line += ", replacement: \(replacement)" }
                lines.append(line)
                let before = resource(change.logicalResourceID, in: deployed)
                let after = resource(change.logicalResourceID, in: planned)
                let fromChangeSet = change.details.filter { $0.beforeValue != nil || $0.afterValue != nil }
                if fromChangeSet.isEmpty {
                    for (name, old, new) in propertyChanges(change, before: before, after: after) {
                        lines.append("      \(name): \(Self.show(old)) → \(Self.show(new))")
                    }
                } else {
                    for detail in fromChangeSet {
                        lines.append("      \(detail.name ?? detail.attribute): \(Self.show(detail.beforeValue)) → \(Self.show(detail.afterValue))  (change set)")
                    }
                }
                for concern in concerns(change, after: after) {
                    security.append("\(entry.stackName)/\(change.logicalResourceID): \(concern)")
                }
            }
        }
        lines.append("")
        if security.isEmpty {
            lines.append("security-relevant changes: none")
        } else {
            lines.append("security-relevant changes (\(security.count)):")
            lines += security.map { "  !!! \($0)" }
        }
        return lines
    }

    private func resource(_ logicalID: String, in template: Value?) -> Value? {
        template?.fieldsValue?["Resources"]?.fieldsValue?[logicalID]
    }

    /// Each property whose value differs, with its value before and after (`nil`: absent).
    private func propertyChanges(_ change: PlannedChange, before: Value?, after: Value?) -> [(String, Value?, Value?)] {
        let old = properties(before), new = properties(after)
        var names = Set(old.keys).union(new.keys)
        if change.action == "Modify", before == nil {
            // No deployed template recorded: at least the properties CloudFormation named.
            names = Set(change.details.compactMap(\.name))
        }
        return names.sorted().compactMap { name in
            old[name]?.sortingMapKeys() == new[name]?.sortingMapKeys() ? nil : (name, old[name], new[name])
        }
    }

    private func properties(_ resource: Value?) -> [String: Value] {
        let fields = resource?.fieldsValue?["Properties"]?.fieldsValue ?? [:]
        return Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Why a change matters for security, in words.
    private func concerns(_ change: PlannedChange, after: Value?) -> [String] {
        var concerns: [String] = []
        let type = change.resourceType
        if change.action == "Remove" {
            concerns.append("DELETION of \(type)\(ResourceKinds.stateful.contains(type) ? " (holds data)" : "")")
        }
        if change.action == "Modify", change.replacement == "True" || change.replacement == "Conditional" {
            concerns.append("\(type) is \(change.replacement == "True" ? "replaced" : "possibly replaced") (the old one is deleted)")
        }
        if type.hasPrefix("AWS::IAM::") || ResourceKinds.permissionProperties[type] != nil {
            concerns.append("permissions (\(type), \(change.action.lowercased()))")
        }
        if type.hasPrefix("AWS::EC2::SecurityGroup") {
            concerns.append("network access (\(type), \(change.action.lowercased()))")
        }
        let text = after.map(Self.compactText) ?? ""
        if after.map(Self.allowsAnyone) == true || text.contains("0.0.0.0/0") || text.contains("::/0")
            || text.contains("\"PubliclyAccessible\":true") || text.contains("\"MapPublicIpOnLaunch\":true")
            || text.contains("\"BlockPublicAcls\":false") || text.contains("\"RestrictPublicBuckets\":false")
        {
            concerns.append("public access in its new properties")
        }
        return concerns
    }

    /// Whether a policy statement somewhere in the value allows every principal (`*`, or `{"AWS": "*"}`);
    /// a Deny for everyone (the usual TLS-only statement) is not public access.
    static func allowsAnyone(_ value: Value) -> Bool {
        switch value {
        case .map(let fields):
            let anyone = fields["Principal"] == .string("*") || fields["Principal"]?.fieldsValue?["AWS"] == .string("*")
            if anyone, fields["Effect"] == .string("Allow") { return true }
            return fields.contains { allowsAnyone($0.value) }
        case .list(let items):
            return items.contains(where: allowsAnyone)
        default:
            return false
        }
    }

    static func show(_ value: Value?) -> String {
        guard let value else { return "(none)" }
        return show(compactText(value))
    }

    /// One line, keys sorted: the same value reads the same whichever template it came from.
    static func compactText(_ value: Value) -> String {
        String(decoding: JSONRenderer.renderCompact(value.sortingMapKeys()), as: UTF8.self)
    }

    static func show(_ text: String?) -> String {
        guard let text else { return "(none)" }
        return text.count > longestValue ? String(text.prefix(longestValue)) + "… (\(text.count) characters)" : text
    }
}
