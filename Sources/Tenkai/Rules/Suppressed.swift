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
    public var scannerSuppressions: [(check: ScannerCheck, reason: String)] = []

    public var name: String { base.name }
    public var kind: String { base.kind }

    public func translate(into stack: inout StackContext) {
        base.translate(into: &stack)
        var scannerEntries: [(check: ScannerCheck, reason: String)] = []
        for (check, reason) in scannerSuppressions {
            guard check.isWellFormed else {
                stack.report(.error(
                    "cannot suppress '\(check)': not a \(check.scanner.rawValue) check ID",
                    hint: "checkov IDs read CKV_AWS_<number>, cfripper rules end in Rule (PublicELBCheckerRule)"))
                continue
            }
            guard reason.contains(where: { !$0.isWhitespace }) else {
                stack.report(.error("suppressing '\(check)' needs a written reason", hint: "say why the check does not apply here"))
                continue
            }
            scannerEntries.append((check, reason))
        }
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
            // The scanners' checks for the same thing are suppressed with the same reason.
            for check in rule.scannerEquivalents { scannerEntries.append((check, reason)) }
        }
        guard !entries.isEmpty || !scannerEntries.isEmpty else { return }
        for id in stack.addedByCurrentComponent {
            stack.update(id) { resource in
                let existing = resource.metadata[RuleSuppression.metadataKey]?.listValue ?? []
                if !entries.isEmpty { resource.metadata[RuleSuppression.metadataKey] = .list(existing + entries) }
                for (check, reason) in scannerEntries where check.applies(to: resource.type) {
                    resource.suppress(check, reason: reason)
                }
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

extension Component {
    /// Switches a scanner's check off for this component's resources, with the reason a
    /// reviewer reads (in the template's metadata and every synth summary).
    public func suppress(scanner check: ScannerCheck, reason: String) -> Suppressed<Self> {
        var suppressed = Suppressed(base: self, suppressions: [])
        suppressed.scannerSuppressions = [(check, reason)]
        return suppressed
    }
}

extension Suppressed {
    /// Further suppressions stay one wrapper deep.
    public func suppress(rule: RuleID, reason: String) -> Suppressed<Base> {
        var copy = self
        copy.suppressions.append((rule, reason))
        return copy
    }

    public func suppress(scanner check: ScannerCheck, reason: String) -> Suppressed<Base> {
        var copy = self
        copy.scannerSuppressions.append((check, reason))
        return copy
    }
}
