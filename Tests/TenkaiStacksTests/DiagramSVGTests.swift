import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The DOT drawing of the file-share system goes through the real Graphviz to SVG (a cluster per
/// network tier, the VPC around its subnets, a cluster per stack within a tier) and through
/// rsvg-convert to a PNG that has a picture in it.
@Suite struct DiagramSVGTests {
    @Test func fileshareRendersToSVGGroupedByTierAndStackAndToANonEmptyPNG() async throws {
        let diagram = SystemDiagram(try Resolver.resolve(fileShare, in: try FileShareFixtures.environment("prod")))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dot = folder.appendingPathComponent("prod.dot"), svg = folder.appendingPathComponent("prod.svg")
        let png = folder.appendingPathComponent("prod.png")
        try Data(DOTRenderer.render(diagram).utf8).write(to: dot)

        let drawn = try await runProcess(URL(fileURLWithPath: "/usr/bin/dot"), ["-Tsvg", "-o", svg.path, dot.path])
        #expect(drawn.status == 0, "dot: \(drawn.stderr)")
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.contains("<svg"))
        let tiers = diagram.tiers
        for (tier, stacks) in tiers {
            #expect(text.contains(">\(tier.title)</text>"), "cluster label of \(tier)")
            for stack in stacks {
                // Graphviz writes '-' as an entity in SVG text.
                let label = "\(stack.name) · \(stack.region)".replacingOccurrences(of: "-", with: "&#45;")
                #expect(text.contains(">\(label)</text>"), "cluster label of \(stack.name) in \(tier)")
            }
        }
        #expect(text.contains(">VPC</text>"))
        // One cluster per tier and per stack within it, and the VPC's.
        #expect(text.components(separatedBy: "class=\"cluster\"").count - 1 == tiers.count + tiers.reduce(0) { $0 + $1.stacks.count } + 1)
        #expect(text.components(separatedBy: "class=\"edge\"").count - 1 == diagram.links.count)

        let converted = try await runProcess(URL(fileURLWithPath: "/usr/bin/rsvg-convert"), ["-o", png.path, svg.path])
        #expect(converted.status == 0, "rsvg-convert: \(converted.stderr)")
        let bytes = [UInt8](try Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG signature")
        // IHDR: width and height, big-endian, at bytes 16...23.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width > 200 && height > 100, "\(width)×\(height)")
        #expect(bytes.count > 10_000, "a drawing, not a blank page: \(bytes.count) bytes")
    }
}
