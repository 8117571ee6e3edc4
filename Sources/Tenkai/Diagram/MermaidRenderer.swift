/// Draws a ``SystemDiagram`` as a Mermaid flowchart (GitHub, GitLab and most wikis render it):
/// one subgraph per stack in deploy order, one box per component, an arrow per use.
///
/// ```
/// flowchart LR
///   subgraph s2["data · ap-northeast-1"]
///     c3["files<br/>S3 · 3 resources"]
///   end
///   c5 --> c3
/// ```
/// Node IDs are numbered in drawing order, so no two names can clash; the output is
/// deterministic: the same diagram gives the same bytes.
public enum MermaidRenderer {
    public static func render(_ diagram: SystemDiagram) -> String {
        var lines = [
            "%% \(diagram.systemName) in \(diagram.environmentName), drawn by `tenkai synth --target diagram`",
            "flowchart LR",
        ]
        var nodeIDs: [String: String] = [:]
        for (stackIndex, stack) in diagram.stacks.enumerated() {
            lines.append("  subgraph s\(stackIndex + 1)[\"\(escape(stack.name)) · \(escape(stack.region))\"]")
            for component in stack.components {
                let id = "c\(nodeIDs.count + 1)"
                nodeIDs[component.path] = id
                let resources = component.resourceCount == 1 ? "1 resource" : "\(component.resourceCount) resources"
                let services = component.services.prefix(4).joined(separator: ", ") + (component.services.count > 4 ? ", …" : "")
                lines.append("    \(id)[\"\(escape(component.name))<br/>\(escape(services)) · \(resources)\"]")
            }
            lines.append("  end")
        }
        for link in diagram.links {
            guard let from = nodeIDs[link.from], let to = nodeIDs[link.to] else { continue }
            lines.append("  \(from) --> \(to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label text: quotes and angle brackets as Mermaid entity codes.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "#quot;"
            case "<": escaped += "#lt;"
            case ">": escaped += "#gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
