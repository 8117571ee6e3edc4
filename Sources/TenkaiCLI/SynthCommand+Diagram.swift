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
        let systems = try project.systems()
        let environments = try project.environmentConfigs()
        var drawings: [(system: String, files: [(path: String, bytes: [UInt8])], rows: [[String]])] = []
        var problems: [Diagnostic] = []
        for system in systems {
            var files: [(path: String, bytes: [UInt8])] = []
            var rows: [[String]] = []
            for environment in environments {
                do {
                    let diagram = SystemDiagram(try Resolver.resolve(system, in: environment))
                    let name = "\(environment.name).mmd"
                    files.append((name, Array(MermaidRenderer.render(diagram).utf8)))
                    rows.append([
                        system.name, environment.name, String(diagram.stacks.reduce(0) { $0 + $1.components.count }),
                        String(diagram.links.count), "\(out)/\(system.name)/diagram/\(name)",
                    ])
                } catch {
                    problems += error.diagnostics
                }
            }
            drawings.append((system.name, files, rows))
        }
        guard problems.isEmpty else {
            throw TenkaiError(.diagnostics, "synth --target diagram found errors; nothing was written", diagnostics: problems)
        }
        return drawings
    }
}
