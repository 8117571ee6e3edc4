import TenkaiCore

/// A component with some rules of the rule set switched off, each with a written reason.
///
/// A suppression covers the resources of this one component only. A blank reason is refused,
/// and so is a rule the rule set does not have.
///
/// ```swift
/// RawResource("legacy-uploads", type: "AWS::S3::Bucket", properties: [...])
///     .suppress(rule: .encryptionAtRest, reason: "vendor appliance cannot read SSE objects; OPS-142, until 2027-03")
/// ```
public struct Suppressed<Base: Component>: Component {
    public var base: Base
    public var suppressions: [(rule: RuleID, reason: String)]

    public var name: String { base.name }
    public var kind: String { base.kind }

    public func translate(into stack: inout StackContext) {
        base.translate(into: &stack)
        var entries: [Value] = []
        for (rule, reason) in suppressions {
            guard RuleSet.standard.rule(rule) != nil else {
                stack.report(.error(
                    "cannot suppress '\(rule)': there is no such rule",
                    hint: "rules: \(RuleSet.standard.rules.map(\.id.rawValue).joined(separator: ", "))"))
                continue
            }
            guard reason.contains(where: { !$0.isWhitespace }) else {
                stack.report(.error(
                    "suppressing '\(rule)' needs a written reason",
                    hint: "say why the rule does not apply here: .suppress(rule: .\(rule), reason: \"…\")"))
                continue
            }
            entries.append(["rule": .string(rule.rawValue), "reason": .string(reason)])
        }
        guard !entries.isEmpty else { return }
        for id in stack.addedByCurrentComponent {
            stack.update(id) { resource in
                let existing = resource.metadata[RuleSuppression.metadataKey]?.listValue ?? []
                resource.metadata[RuleSuppression.metadataKey] = .list(existing + entries)
            }
        }
    }
}

extension Component {
    /// Switches `rule` off for this component's resources; `reason` is required and is shown
    /// in every synth summary.
    public func suppress(rule: RuleID, reason: String) -> Suppressed<Self> {
        Suppressed(base: self, suppressions: [(rule, reason)])
    }
}

extension Suppressed {
    /// Further suppressions stay one wrapper deep.
    public func suppress(rule: RuleID, reason: String) -> Suppressed<Base> {
        var copy = self
        copy.suppressions.append((rule, reason))
        return copy
    }
}
