import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// Prints diffs: per stack, each resource change (`+` add, `~` modify, `-` remove), and the
/// dangerous ones loudly; or one JSON document.
enum DeployDiffPrinter {
    static func print(_ diffs: [DiffRun.StackDiff], system: String, environment: String) {
        for diff in diffs {
            let header = "\(system)/\(environment)/\(diff.stack) (\(diff.stackName))"
            if let error = diff.error {
                Console.output("\(header): cannot diff: \(error)")
                continue
            }
            if diff.changes.isEmpty {
                Console.output("\(header): no changes")
                continue
            }
            Console.output("\(header): \(diff.exists ? "" : "new stack, ")\(diff.changes.count) change(s)")
            for reviewed in diff.changes {
                let change = reviewed.change
                let symbol = ["Add": "+", "Modify": "~", "Remove": "-"][change.action] ?? "?"
                var line = "  \(symbol) \(change.logicalResourceID)  \(change.resourceType)"
                if let path = reviewed.componentPath { line += "  \(path)" }
                if change.action == "Modify" {
                    let properties = change.details.compactMap(\.name)
                    if !properties.isEmpty { line += "  [\(Array(Set(properties)).sorted().joined(separator: ", "))]" }
                    else if !change.scope.isEmpty { line += "  [\(change.scope.joined(separator: ", "))]" }
                }
                Console.output(line)
                for detail in change.details where detail.beforeValue != nil || detail.afterValue != nil {
                    Console.output("      \(detail.name ?? detail.attribute): \(detail.beforeValue ?? "(none)") → \(detail.afterValue ?? "(none)")")
                }
                for warning in reviewed.warnings {
                    let loud = warning.needsExplicitAllowance || warning.kind == .newPermissions || warning.kind == .newIngress
                    Console.output(loud ? "    !!! \(warning.message.uppercasedFirst)" : "    ! \(warning.message)")
                }
            }
        }
    }

    static func json(_ diffs: [DiffRun.StackDiff], system: String, environment: String) -> Value {
        .map([
            "system": .string(system), "environment": .string(environment),
            "changes": .int(diffs.reduce(0) { $0 + $1.changes.count }),
            "stacks": .list(diffs.map { diff in
                var fields: Fields = [
                    "stack": .string(diff.stack), "stackName": .string(diff.stackName), "exists": .bool(diff.exists),
                    "changes": .list(diff.changes.map(change)),
                ]
                if let error = diff.error { fields["error"] = .string(error) }
                return .map(fields)
            }),
        ])
    }

    private static func change(_ reviewed: ReviewedChange) -> Value {
        let change = reviewed.change
        var fields: Fields = [
            "action": .string(change.action), "logicalId": .string(change.logicalResourceID), "resourceType": .string(change.resourceType),
        ]
        if let replacement = change.replacement { fields["replacement"] = .string(replacement) }
        if let path = reviewed.componentPath { fields["componentPath"] = .string(path) }
        if !change.scope.isEmpty { fields["scope"] = .list(change.scope.map(Value.string)) }
        let properties = Array(Set(change.details.compactMap(\.name))).sorted()
        if !properties.isEmpty { fields["properties"] = .list(properties.map(Value.string)) }
        let values = change.details.filter { $0.beforeValue != nil || $0.afterValue != nil }
        if !values.isEmpty {
            fields["values"] = .list(values.map { detail in
                var value: Fields = ["property": .string(detail.name ?? detail.attribute)]
                if let before = detail.beforeValue { value["before"] = .string(before) }
                if let after = detail.afterValue { value["after"] = .string(after) }
                return .map(value)
            })
        }
        fields["warnings"] = .list(reviewed.warnings.map { ["kind": .string($0.kind.rawValue), "message": .string($0.message)] })
        return .map(fields)
    }
}

extension String {
    var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
}
