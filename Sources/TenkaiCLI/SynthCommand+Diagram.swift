import FoundationEssentials
import Tenkai
import TenkaiCore

extension SynthCommand {
    /// `tenkai synth --target diagram`: a Mermaid drawing per system and environment, written to
    /// `<out>/<system>/diagram/<env>.mmd`; each system's folder is replaced at once.
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
            if let index = drawings.firstIndex(where: { $0.system == system.systemName }) {
                drawings[index].files.append((name, Array(MermaidRenderer.render(diagram).utf8)))
                drawings[index].rows.append(row)
            } else {
                drawings.append((system.systemName, [(name, Array(MermaidRenderer.render(diagram).utf8))], [row]))
            }
        }
        return drawings
    }
}
