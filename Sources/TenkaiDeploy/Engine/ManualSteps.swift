import TenkaiCore

/// Steps outside CloudFormation that a deployed resource needs before it does its job (a cost
/// allocation tag to activate for a budget), as components record them in their resources'
/// `tenkai:manual-steps` metadata. Deploy prints them after a successful run, so nobody learns
/// of them from a budget that silently counts nothing.
///
/// ```swift
/// for step in ManualSteps.collect(from: templates) { log("manual step: \(step)") }
/// ```
public enum ManualSteps {
    public static let metadataKey = "tenkai:manual-steps"

    /// Every step recorded in `templates`, each once, in order of first appearance.
    public static func collect(from templates: [Template]) -> [String] {
        var steps: [String] = []
        for template in templates {
            for id in template.resources.keys.sorted() {
                for step in template.resources[id]!.metadata[metadataKey]?.listValue ?? [] {
                    if let text = step.stringValue, !steps.contains(text) { steps.append(text) }
                }
            }
        }
        return steps
    }
}
