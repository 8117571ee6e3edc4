/// Draws a ``SystemDiagram`` as a Mermaid flowchart (GitHub, GitLab and most wikis render it),
/// grouped by network tier — the edge in front of the VPC, the VPC's public, app and data
/// subnets, the AWS services outside it — and within a tier by stack; one box per component,
/// an arrow per use.
///
/// ```
/// flowchart LR
///   subgraph vpc["VPC"]
///     subgraph t4["data subnets"]
///       subgraph t4s1["data · ap-northeast-1"]
///         c3["main<br/>RDS, SecretsManager · 4 resources"]
///       end
///     end
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
        var inVPC = false
        for (tierIndex, group) in diagram.tiers.enumerated() {
            if group.tier.isInVPC != inVPC {
                lines.append(inVPC ? "  end" : "  subgraph vpc[\"VPC\"]")
                inVPC.toggle()
            }
            let indent = inVPC ? "    " : "  "
            let tierID = "t\(tierIndex + 1)"
            lines.append("\(indent)subgraph \(tierID)[\"\(escape(group.tier.title))\"]")
            for (stackIndex, stack) in group.stacks.enumerated() {
                lines.append("\(indent)  subgraph \(tierID)s\(stackIndex + 1)[\"\(escape(stack.name)) · \(escape(stack.region))\"]")
                for component in stack.components {
                    let id = "c\(nodeIDs.count + 1)"
                    nodeIDs[component.path] = id
                    lines.append("\(indent)    \(id)[\"\(escape(component.name))<br/>\(escape(summary(component)))\"]")
                }
                lines.append("\(indent)  end")
            }
            lines.append("\(indent)end")
        }
        if inVPC { lines.append("  end") }
        for link in diagram.links {
            guard let from = nodeIDs[link.from], let to = nodeIDs[link.to] else { continue }
            lines.append("  \(from) --> \(to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `ECS, IAM · 7 resources`: a box's second line.
    package static func summary(_ component: SystemDiagram.Component) -> String {
        let resources = component.resourceCount == 1 ? "1 resource" : "\(component.resourceCount) resources"
        return component.services.prefix(4).joined(separator: ", ") + (component.services.count > 4 ? ", …" : "") + " · " + resources
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
