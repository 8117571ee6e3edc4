import Foundation

/// Runs the real cfn-lint (pinned, from the project's `.venv`) over template files.
public enum CFNLint {
    /// The findings of cfn-lint over `files`, one per line; empty when they are clean of errors
    /// and warnings. Throws when cfn-lint is not installed.
    public static func findings(_ files: [URL]) async throws -> [String] {
        let tool = ProjectPaths.venvTool("cfn-lint")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw MissingTool(name: "cfn-lint", hint: "run scripts/setup.sh (make test does) to create .venv")
        }
        let result = try await runProcess(tool, ["--format", "parseable", "--"] + files.map(\.path))
        if result.status != 0 && result.stdout.isEmpty {
            return ["cfn-lint failed with status \(result.status): \(result.stderr)"]
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

/// A tool the tests need is not installed; the message says how to install it.
public struct MissingTool: Error, CustomStringConvertible {
    public var name: String
    public var hint: String
    public var description: String { "\(name) is not installed: \(hint)" }
}
