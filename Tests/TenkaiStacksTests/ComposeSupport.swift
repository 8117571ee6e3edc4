import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Renders compose files the way `tenkai synth --target compose` does, and runs the checks of
/// `Tests/Data/compose-spec/check_compose.py` (schema, dependencies, healthchecks, variables).
enum ComposeUnderTest {
    /// The compose file of `system`, built from the development environment.
    static func render(_ system: System) throws -> (file: ComposeFile, bytes: [UInt8]) {
        let file = try ComposeTranslator.translate(
            system, basedOn: try SystemUnderTest.environment("dev"), projectRoot: "../../..",
            hostPortOffset: ComposeTranslator.hostPortOffset(of: system, among: allSystems))
        return (file, try ComposeRenderer.render(file))
    }

    /// The checker's problems with `bytes`; `required` lists `service=VAR,VAR` that must be set.
    static func problems(_ bytes: [UInt8], required: [String] = []) async throws -> [String] {
        let python = ProjectPaths.venvTool("python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw MissingPython()
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runProcess(
            python,
            [
                ProjectPaths.testData("compose-spec/check_compose.py").path,
                ProjectPaths.testData("compose-spec/compose-spec.json").path, file.path,
            ] + required)
        guard result.status == 0 else { return ["check_compose.py failed (\(result.status)): \(result.stderr)"] }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    struct MissingPython: Error, CustomStringConvertible {
        var description: String { ".venv/bin/python is missing: run scripts/setup.sh to create .venv with jsonschema and PyYAML" }
    }

    /// The golden difference of `bytes` with `Golden/<system>/local/compose.yaml`.
    static func goldenDifference(_ bytes: [UInt8], system: String) -> String? {
        Golden.difference(
            bytes, golden: ProjectPaths.root.appendingPathComponent("Tests/TenkaiStacksTests/Golden/\(system)/local/compose.yaml"))
    }
}
