import TenkaiCore

/// The secure-defaults checks every synth runs, like cdk-nag's AWS Solutions pack.
///
/// Each violation is an error with the component path, unless that component suppressed the
/// rule with a reason (``Component/suppress(rule:reason:)``). Suppressions that match nothing
/// are reported as warnings, so stale ones get cleaned up.
public struct RuleSet: Sendable {
    public let rules: [Rule]

    public init(_ rules: [Rule]) { self.rules = rules }

    /// The built-in rules.
    public static let standard = RuleSet([
        .encryptionAtRest, .publicBucket, .iamWildcard, .openSecurityGroup, .logRetention, .deletionProtection,
        .globalName, .bootGrace, .managedSecretRotation,
    ])

    public func rule(_ id: RuleID) -> Rule? { rules.first { $0.id == id } }

    /// Checks every resource of `template`; `stackPath` is `system/stack`, for resources without a path.
    public func check(_ template: Template, stackPath: String, isProduction: Bool) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var used: Set<RuleSuppression> = []
        for id in template.resources.keys.sorted() {
            let resource = template.resources[id]!
            let suppressions = RuleSuppression.recorded(on: resource)
            let subject = RuleSubject(logicalID: id, resource: resource, template: template, isProduction: isProduction)
            let path = resource.metadata["tenkai:path"]?.stringValue ?? stackPath
            for rule in rules {
                let problems = rule.violations(in: subject)
                guard !problems.isEmpty else { continue }
                if let suppression = suppressions.first(where: { $0.rule == rule.id }) {
                    used.insert(suppression)
                    continue
                }
                for problem in problems {
                    diagnostics.append(.error(
                        "[\(rule.id)] \(problem)", componentPath: path,
                        hint: "\(rule.hint); or, if it truly does not apply, .suppress(rule: \"\(rule.id)\", reason: \"…\")"))
                }
            }
        }
        var unused: Set<RuleSuppression> = []
        for resource in template.resources.values {
            // Scanner suppressions (checkov:…, cfripper:…) are judged by the scanners, not here.
            for suppression in RuleSuppression.recorded(on: resource) where !used.contains(suppression) && !suppression.rule.rawValue.contains(":") {
                unused.insert(suppression)
            }
        }
        for suppression in unused.sorted(by: { ($0.componentPath, $0.rule) < ($1.componentPath, $1.rule) }) {
            diagnostics.append(.warning(
                "suppression of '\(suppression.rule)' matches no violation", componentPath: suppression.componentPath,
                hint: "remove the suppression"))
        }
        return diagnostics
    }

    /// Every suppression in a resolved system, one per component and rule, for summaries.
    public static func suppressions(in system: ResolvedSystem) -> [RuleSuppression] {
        var found: [RuleSuppression] = []
        for stack in system.stacks {
            for id in stack.template.resources.keys.sorted() {
                for suppression in RuleSuppression.recorded(on: stack.template.resources[id]!) where !found.contains(suppression) {
                    found.append(suppression)
                }
            }
        }
        return found
    }
}
