/// Draws a ``SystemDiagram`` in Graphviz's DOT language, for `dot -Tsvg`: one cluster per stack
/// in deploy order (its region in the label), one box per component, an arrow per use.
///
/// ```
/// digraph "fileshare-prod" {
///   subgraph cluster_2 { label="data · ap-northeast-1"; c3 [label="files\nS3 · 3 resources"]; }
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
        var nodeIDs: [String: String] = [:]
        for (stackIndex, stack) in diagram.stacks.enumerated() {
            lines.append("  subgraph cluster_\(stackIndex + 1) {")
            lines.append("    label=\(quote("\(stack.name) · \(stack.region)")); style=\"rounded\"; color=\"#b8c2d6\";")
            for component in stack.components {
                let id = "c\(nodeIDs.count + 1)"
                nodeIDs[component.path] = id
                let resources = component.resourceCount == 1 ? "1 resource" : "\(component.resourceCount) resources"
                let services = component.services.prefix(4).joined(separator: ", ") + (component.services.count > 4 ? ", …" : "")
                lines.append("    \(id) [label=\(quote(component.name + "\n" + services + " · " + resources))];")
            }
            lines.append("  }")
        }
        for link in diagram.links {
            guard let from = nodeIDs[link.from], let to = nodeIDs[link.to] else { continue }
            lines.append("  \(from) -> \(to);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
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
