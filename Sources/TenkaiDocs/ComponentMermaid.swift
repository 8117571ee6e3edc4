import TenkaiCore

/// A Mermaid flowchart of a component tree: one subgraph per stack, one node per component,
/// an arrow for each use. Drawn from the assembly alone, so the operator document needs no Swift.
enum ComponentMermaid {
    static func render(_ tree: ComponentTree, stackOrder: [String]) -> String {
        var ids: [String: String] = [:]
        for (index, component) in tree.components.enumerated() { ids[component.path] = "c\(index)" }
        var lines = ["flowchart LR"]
        let stacks = stackOrder + Set(tree.components.map(\.stack)).subtracting(stackOrder).sorted()
        for stack in stacks {
            // A composite has no resources of its own: its children stand for it.
            let members = tree.components.filter { $0.stack == stack && !$0.resources.isEmpty }
            guard !members.isEmpty else { continue }
            lines.append("  subgraph \(identifier(stack))[\"\(stack)\"]")
            for component in members {
                lines.append("    \(ids[component.path]!)[\"\(component.name)<br/>\(component.kinds.joined(separator: "+"))\"]")
            }
            lines.append("  end")
        }
        for component in tree.components {
            for used in component.uses.sorted() {
                if let target = ids[used] { lines.append("  \(ids[component.path]!) --> \(target)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func identifier(_ name: String) -> String {
        "s_" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
