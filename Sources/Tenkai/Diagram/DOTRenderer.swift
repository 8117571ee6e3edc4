/// Draws a ``SystemDiagram`` in Graphviz's DOT language, for `dot -Tsvg`, grouped like
/// ``MermaidRenderer``: one cluster per network tier (the public, app and data subnets inside a
/// VPC cluster; the edge and the AWS services outside it), inside each one cluster per stack
/// (its region in the label), one box per component, an arrow per use.
///
/// ```
/// digraph "fileshare-prod" {
///   subgraph cluster_vpc { label="VPC";
///     subgraph cluster_t4 { label="data subnets";
///       subgraph cluster_t4s1 { label="data · ap-northeast-1"; c3 [label="main\nRDS · 4 resources"]; } } }
///   c5 -> c3;
/// }
/// ```
/// Deterministic like ``MermaidRenderer``: the same diagram gives the same bytes.
public enum DOTRenderer {
    public static func render(_ diagram: SystemDiagram) -> String {
        var lines = [
            "// \(diagram.systemName) in \(diagram.environmentName), drawn by `tenkai synth --target diagram`",
            "digraph \(quote("\(diagram.systemName)-\(diagram.environmentName)")) {",
            "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, compound=true, nodesep=0.3];",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fb\", color=\"#5b6b8c\", fontname=\"Helvetica\", fontsize=10];",
            "  edge [color=\"#7a869a\", arrowsize=0.7];",
        ]
        let outline = DiagramOutline(diagram)
        for line in outline.lines {
            let indent = DiagramOutline.indent(line.depth)
            switch line.step {
            case .openVPC:
                lines.append("\(indent)subgraph cluster_vpc {")
                lines.append("\(indent)  label=\"VPC\"; style=\"rounded,dashed\"; color=\"#5b6b8c\";")
            case .openTier(let id, let tier):
                lines.append("\(indent)subgraph cluster_\(id) {")
                lines.append("\(indent)  label=\(quote(tier.title)); style=\"rounded,filled\"; fillcolor=\(quote(fill(tier))); color=\"#b8c2d6\";")
            case .openStack(let id, let stack):
                lines.append("\(indent)subgraph cluster_\(id) {")
                lines.append("\(indent)  label=\(quote("\(stack.name) · \(stack.region)")); style=\"rounded\"; color=\"#c9d1e0\";")
            case .node(let id, let component):
                lines.append("\(indent)\(id) [label=\(quote(component.name + "\n" + MermaidRenderer.summary(component)))];")
            case .close:
                lines.append("\(indent)}")
            }
        }
        lines += outline.arrows.map { "  \($0.from) -> \($0.to);" }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A light background per tier, so the tiers read apart at a glance.
    private static func fill(_ tier: NetworkTier) -> String {
        switch tier {
        case .edge: "#fdf3e7"
        case .publicSubnets: "#eaf5ea"
        case .appSubnets: "#e8f0fb"
        case .dataSubnets: "#f3ecf9"
        case .services: "#f5f5f5"
        }
    }

    /// A DOT string literal: backslashes and quotes escaped, line breaks as `\n`.
    static func quote(_ text: String) -> String {
        var escaped = "\""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }
}
