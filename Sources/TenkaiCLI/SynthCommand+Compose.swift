import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore

/// What `tenkai synth` renders.
enum SynthTarget: String, ExpressibleByArgument, CaseIterable {
    case cloudformation, compose, diagram
}

extension SynthCommand {
    /// `tenkai synth --target compose`: one compose file per system, built from the development
    /// environment (or the first `--env` given), each written atomically.
    func runCompose() throws {
        let rendered: [(system: String, file: ComposeFile, bytes: [UInt8])]
        do {
            rendered = try renderComposeFiles()
        } catch {
            throw error.report()
        }
        var rows: [[String]] = []
        do {
            for (system, file, bytes) in rendered {
                let folder = URL(fileURLWithPath: out).appendingPathComponent(system)
                    .appendingPathComponent(ComposeTranslator.environmentName)
                try AtomicDirectoryWriter.replace(folder, with: [("compose.yaml", bytes)])
                rows.append([system, String(file.services.count), String(bytes.count), folder.appendingPathComponent("compose.yaml").relativePath])
            }
        } catch {
            throw error.report()
        }
        Console.table(["SYSTEM", "SERVICES", "BYTES", "FILE"], rows, rightAligned: [1, 2], to: Console.error)
    }

    private func renderComposeFiles() throws(TenkaiError) -> [(system: String, file: ComposeFile, bytes: [UInt8])] {
        let selected = try project.project()
        let environments = selected.environments
        guard let base = project.environmentNames.isEmpty
            ? environments.first(where: { $0.tier == .development }) ?? environments.first : environments.first
        else {
            throw TenkaiError(.notFound, "there is no environment to base the compose files on", hint: "add Environments/dev.yaml")
        }
        var rendered: [(system: String, file: ComposeFile, bytes: [UInt8])] = []
        var problems: [Diagnostic] = []
        for system in selected.systems {
            do {
                let file = try ComposeTranslator.translate(
                    system, basedOn: base, projectRoot: projectRoot(selected.root, forComposeOf: system.name),
                    hostPortOffset: ComposeTranslator.hostPortOffset(of: system, among: SystemCatalog.systems))
                rendered.append((system.name, file, try ComposeRenderer.render(file)))
            } catch {
                problems += error.diagnostics.isEmpty ? [.error(error.message, componentPath: system.name, hint: error.hint)] : error.diagnostics
            }
        }
        guard problems.isEmpty else {
            throw TenkaiError(.diagnostics, "synth --target compose found errors; nothing was written", diagnostics: problems)
        }
        return rendered
    }

    /// The project root (`Project.root`: the folder holding the environments folder) as seen
    /// from `<out>/<system>/local/`; `--out` alone is relative to the working directory.
    private func projectRoot(_ root: URL?, forComposeOf system: String) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let outFolder = out.hasPrefix("/") ? URL(fileURLWithPath: out) : cwd.appendingPathComponent(out)
        let folder = outFolder.appendingPathComponent(system).appendingPathComponent(ComposeTranslator.environmentName)
        return ComposeTranslator.projectRoot(root ?? cwd, seenFrom: folder)
    }
}
