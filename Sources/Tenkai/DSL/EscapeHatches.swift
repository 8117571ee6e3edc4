import TenkaiCore

/// A component's escape hatches: raw CloudFormation changes for what the DSL does not model
/// yet, and rules or scanner checks switched off with a written reason. The resolver applies
/// them right after the component translates, to that component's resources only.
///
/// They live inside the component (``EscapeHatching``), so `.override` and `.suppress` return
/// the component's own type and its modifiers, references and conformances stay usable:
///
/// ```swift
/// Bucket("files")
///     .override("Properties.ObjectLockEnabled", true)
///     .suppress(scanner: .checkov("CKV_AWS_18"), reason: "the access logs of this bucket go to the SIEM directly")
///     .versioned(false)
/// ```
public struct EscapeHatches: Sendable {
    /// One raw change.
    public struct Override: Sendable {
        /// The resource to change; nil means the component's main resource.
        public var logicalID: String?
        /// `Properties.A.B`, `DeletionPolicy`, `UpdateReplacePolicy` or `Condition`.
        public var path: String
        /// nil removes the value.
        public var value: Value?
    }

    public var overrides: [Override] = []
    public var ruleSuppressions: [(rule: RuleID, reason: String)] = []
    public var scannerSuppressions: [(check: ScannerCheck, reason: String)] = []

    public init() {}

    public var isEmpty: Bool { overrides.isEmpty && ruleSuppressions.isEmpty && scannerSuppressions.isEmpty }

    /// Applies the overrides, then the suppressions, to what the component just added.
    func apply(to stack: inout StackContext, mainLogicalID: String) {
        guard !isEmpty else { return }
        applyOverrides(to: &stack, mainLogicalID: mainLogicalID)
        applySuppressions(to: &stack)
    }

    private func applyOverrides(to stack: inout StackContext, mainLogicalID: String) {
        for change in overrides {
            let target = change.logicalID ?? mainLogicalID
            guard stack.addedByCurrentComponent.contains(target) else {
                let created = stack.addedByCurrentComponent.joined(separator: ", ")
                stack.report(.error("an override targets '\(target)', which this component does not create", hint: "it creates: \(created)"))
                continue
            }
            var problem: String?
            stack.update(target) { resource in problem = resource.apply(change) }
            if let problem { stack.report(.error("override '\(change.path)' on \(target): \(problem)")) }
        }
    }

    private func applySuppressions(to stack: inout StackContext) {
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
        for (rule, reason) in ruleSuppressions {
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

/// A component that keeps its escape hatches inside itself (one stored property,
/// `public var escapeHatches = EscapeHatches()`), so `.override` and `.suppress` return it as it is.
public protocol EscapeHatching: Component {
    var escapeHatches: EscapeHatches { get set }
}

extension Component {
    /// None, for a component that cannot carry them.
    public var escapeHatches: EscapeHatches { EscapeHatches() }
}

extension EscapeHatching {
    /// Sets (or with `nil` removes) a raw CloudFormation value on one of this component's
    /// resources (its main resource unless `logicalID` names another).
    public func override(_ path: String, _ value: Value?, on logicalID: String? = nil) -> Self {
        var copy = self
        copy.escapeHatches.overrides.append(.init(logicalID: logicalID, path: path, value: value))
        return copy
    }

    /// Switches `rule` off for this component's resources; `reason` is required and is shown
    /// in every synth summary.
    public func suppress(rule: RuleID, reason: String) -> Self {
        var copy = self
        copy.escapeHatches.ruleSuppressions.append((rule, reason))
        return copy
    }

    /// Switches a scanner's check off for this component's resources, with the reason a
    /// reviewer reads (in the template's metadata and every synth summary).
    public func suppress(scanner check: ScannerCheck, reason: String) -> Self {
        var copy = self
        copy.escapeHatches.scannerSuppressions.append((check, reason))
        return copy
    }
}

extension Resource {
    /// Applies one override; returns a problem description when the path is not one it can set.
    fileprivate mutating func apply(_ change: EscapeHatches.Override) -> String? {
        let parts = change.path.split(separator: ".").map(String.init)
        switch parts.first {
        case "Properties" where parts.count > 1:
            properties = Self.setting(Array(parts.dropFirst()), to: change.value, in: properties)
        case "DeletionPolicy", "UpdateReplacePolicy":
            let policy = change.value?.stringValue.flatMap(DeletionPolicy.init(rawValue:))
            if change.value != nil && policy == nil { return "must be Delete, Retain, Snapshot or RetainExceptOnCreate" }
            if parts[0] == "DeletionPolicy" { deletionPolicy = policy } else { updateReplacePolicy = policy }
        case "Condition":
            condition = change.value?.stringValue
        default:
            return "the path must start with Properties., or be DeletionPolicy, UpdateReplacePolicy or Condition"
        }
        return nil
    }

    private static func setting(_ path: [String], to value: Value?, in fields: Fields) -> Fields {
        var fields = fields
        if path.count == 1 {
            fields[path[0]] = value
        } else {
            let nested = fields[path[0]]?.fieldsValue ?? Fields()
            fields[path[0]] = .map(setting(Array(path.dropFirst()), to: value, in: nested))
        }
        return fields
    }
}
