import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Mermaid and DOT draw from one walk of the tiers (`DiagramOutline`): for every system and
/// environment of the repository, both give the same boxes the same IDs, open the same groups
/// and draw the same arrows.
@Suite struct DiagramRenderersAgreeTests {
    static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let expression = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
        }
    }

    @Test(arguments: ["dev", "stg", "prod"])
    func mermaidAndDOTGroupNumberAndLinkAlike(environment: String) throws {
        let config = try FileShareFixtures.environment(environment)
        for system in [fileShare, stampRally, crm] {
            let diagram = SystemDiagram(try Resolver.resolve(system, in: config, projectRoot: ProjectPaths.root))
            let mermaid = MermaidRenderer.render(diagram), dot = DOTRenderer.render(diagram)
            // Boxes: ID and component name.
            let mermaidBoxes = try Self.matches(#"^\s+(c\d+)\["([^<]*)<br/>"#, in: mermaid)
            let dotBoxes = try Self.matches(#"^\s+(c\d+) \[label="(.*?)\\n"#, in: dot)
            #expect(!mermaidBoxes.isEmpty)
            #expect(mermaidBoxes == dotBoxes, "\(diagram.systemName) \(environment)")
            // Groups: the same IDs (vpc, t1, t1s1, …) in the same order.
            let mermaidGroups = try Self.matches(#"^\s+subgraph (\w+)\["#, in: mermaid).map(\.[0])
            let dotGroups = try Self.matches(#"^\s+subgraph cluster_(\w+) \{"#, in: dot).map(\.[0])
            #expect(mermaidGroups == dotGroups, "\(diagram.systemName) \(environment)")
            #expect(try Self.matches(#"^\s+(end)$"#, in: mermaid).count == mermaidGroups.count, "every group is closed")
            // Arrows, in order.
            let mermaidArrows = try Self.matches(#"^  (c\d+) --> (c\d+)$"#, in: mermaid)
            let dotArrows = try Self.matches(#"^  (c\d+) -> (c\d+);$"#, in: dot)
            #expect(mermaidArrows == dotArrows, "\(diagram.systemName) \(environment)")
        }
    }
}
