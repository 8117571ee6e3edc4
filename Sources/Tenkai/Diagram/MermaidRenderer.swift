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
        let outline = DiagramOutline(diagram)
        var lines = [
            "%% \(diagram.systemName) in \(diagram.environmentName), drawn by `tenkai synth --target diagram`",
            "flowchart LR",
        ]
        for line in outline.lines {
            let indent = DiagramOutline.indent(line.depth)
            switch line.step {
            case .openVPC: lines.append("\(indent)subgraph vpc[\"VPC\"]")
            case .openTier(let id, let tier): lines.append("\(indent)subgraph \(id)[\"\(escape(tier.title))\"]")
            case .openStack(let id, let stack): lines.append("\(indent)subgraph \(id)[\"\(escape(stack.name)) · \(escape(stack.region))\"]")
            case .node(let id, let component): lines.append("\(indent)\(id)[\"\(escape(component.name))<br/>\(escape(summary(component)))\"]")
            case .close: lines.append("\(indent)end")
            }
        }
        lines += outline.arrows.map { "  \($0.from) --> \($0.to)" }
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
