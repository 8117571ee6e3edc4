import FoundationEssentials
import Tenkai
import TenkaiCore

extension SynthCommand {
    /// `tenkai synth --target diagram`: a Mermaid drawing per system and environment, written to
    /// `<out>/<system>/diagram/<env>.mmd`, with `<env>.dot` and, through Graphviz, `<env>.svg`;
    /// each system's folder is replaced at once.
    func runDiagram() throws {
        let drawings: [(system: String, files: [(path: String, bytes: [UInt8])], rows: [[String]])]
        do {
            drawings = try drawDiagrams()
        } catch {
            throw error.report()
        }
        do {
            for drawing in drawings {
                let folder = URL(fileURLWithPath: out).appendingPathComponent(drawing.system).appendingPathComponent("diagram")
                try AtomicDirectoryWriter.replace(folder, with: drawing.files)
            }
        } catch {
            throw error.report()
        }
        Console.table(
            ["SYSTEM", "ENV", "COMPONENTS", "LINKS", "FILE"], drawings.flatMap(\.rows), rightAligned: [2, 3], to: Console.error)
    }

    private func drawDiagrams() throws(TenkaiError) -> [(system: String, files: [(path: String, bytes: [UInt8])], rows: [[String]])] {
        let resolved = try project.project().resolveAll()
        var drawings: [(system: String, files: [(path: String, bytes: [UInt8])], rows: [[String]])] = []
        for system in resolved {
            let diagram = SystemDiagram(system)
            let name = "\(system.environment.name).mmd"
            let row = [
                system.systemName, system.environment.name, String(diagram.stacks.reduce(0) { $0 + $1.components.count }),
                String(diagram.links.count), "\(out)/\(system.systemName)/diagram/\(name)",
            ]
            var files: [(path: String, bytes: [UInt8])] = [(name, Array(MermaidRenderer.render(diagram).utf8))]
            let dot = DOTRenderer.render(diagram)
            files.append(("\(system.environment.name).dot", Array(dot.utf8)))
            if let svg = try GraphvizSVG.render(dot) {
                files.append(("\(system.environment.name).svg", svg))
            } else {
                Console.error("warning: Graphviz's dot is not on the PATH; no SVG for \(system.systemName) \(system.environment.name) (apt-get install graphviz)")
            }
            if let index = drawings.firstIndex(where: { $0.system == system.systemName }) {
                drawings[index].files += files
                drawings[index].rows.append(row)
            } else {
                drawings.append((system.systemName, files, [row]))
            }
        }
        return drawings
    }
}
