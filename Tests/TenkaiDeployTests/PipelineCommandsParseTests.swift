import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Every `tenkai` command the rendered pipelines run, run by the real binary with the values the
/// workflows put in their variables: none may be a usage error (an unknown flag, a missing
/// `--system`, a wrong subcommand). AWS is a closed loopback port, so each command gets as far as
/// its first call and fails there, after the command line was accepted.
@Suite("The commands in the rendered pipelines parse")
struct PipelineCommandsParseTests {
    /// What the workflows' variables hold when they run.
    static let values: [String: String] = [
        "TENKAI_SYSTEM": "fileshare", "TENKAI_SERVICE": "web", "TENKAI_ENV": "dev", "env": "dev",
        "TENKAI_IMAGE": "333333333333.dkr.ecr.ap-northeast-1.amazonaws.com/fileshare@sha256:" + String(repeating: "a", count: 64),
        "PLAN_ID": String(repeating: "0", count: 64), "TENKAI_PLAN_ID": String(repeating: "0", count: 64),
    ]

    /// ArgumentParser's exit code for a command line it rejects (EX_USAGE), which `tenkai` keeps.
    static let usage: Int32 = 64

    /// The `tenkai` invocations of a file: from `.build/release/tenkai` up to the first shell operator.
    static func commands(in text: String, folder: URL) throws -> [[String]] {
        var commands: [[String]] = []
        for line in text.split(separator: "\n") {
            guard let start = line.range(of: ".build/release/tenkai ") else { continue }
            var words: [String] = []
            for word in line[start.upperBound...].split(separator: " ") {
                if [">", ">>", "|", "&&", ";", ")"].contains(word) || word.hasPrefix(">") { break }
                let closes = word.hasSuffix(")")
                var text = String(closes ? word.dropLast() : word).replacingOccurrences(of: "\"", with: "")
                if text.hasPrefix("$") {
                    let name = String(text.dropFirst())
                    text = try #require(values[name] ?? buildSpecValues[name], "no value for $\(name) in: \(line)")
                }
                // Paths the runner writes to land in the test's folder.
                if text.hasPrefix("/tmp/") { text = folder.path + text.dropFirst(4) }
                words.append(text)
                if closes { break }
            }
            commands.append(words)
        }
        return commands
    }

    @Test func everyTenkaiCommandOfEveryPipelineIsAccepted() async throws {
        let environments = ProjectPaths.root.appendingPathComponent("Environments")
        let loaded = try EnvironmentLoader.loadAll(from: environments)
        // The GitHub workflows and buildspec.yml, and the AWS-native pipeline's CodeBuild buildspecs.
        let files = PipelineFiles.render(environments: loaded, systems: allSystems.map(\.name)).map { (path: $0.path, text: $0.text) }
            + (try Self.codePipelineBuildSpecs(environments: loaded))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-pipeline-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: environments, to: folder.appendingPathComponent("Environments"))
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
        environment["AWS_ACCESS_KEY_ID"] = "AKIAPIPELINECOMMANDS"
        environment["AWS_SECRET_ACCESS_KEY"] = "not-a-secret"
        environment["AWS_MAX_ATTEMPTS"] = "1"
        var seen: Set<String> = []
        for file in files {
            for command in try Self.commands(in: file.text, folder: folder) where seen.insert(command.joined(separator: " ")).inserted {
                // `cost` compares two assemblies synthesized on the runner; here the first is missing, which is not a usage error either.
                let result = try await runProcess(DeployCommandTests.tenkai, command, environment: environment, currentDirectory: folder)
                #expect(result.status != Self.usage, "\(file.path): tenkai \(command.joined(separator: " ")): \(result.stderr)")
                #expect(!result.stderr.contains("Usage: tenkai"), "\(file.path): tenkai \(command.joined(separator: " ")): \(result.stderr)")
            }
        }
        #expect(seen.contains { $0.hasPrefix("plan release --env prod") } && seen.contains { $0.hasPrefix("release --env prod") }, "\(seen)")
        // The CodePipeline's own: the release plan of the pushed digest and its release, by plan ID.
        let releaseImage = Self.buildSpecValues["RELEASE_IMAGE"]!, releasePlan = Self.buildSpecValues["RELEASE_PLAN_ID"]!
        #expect(seen.contains("plan release --env prod --system fileshare --image \(releaseImage)"), "\(seen)")
        #expect(seen.contains("release --env prod --system fileshare --image \(releaseImage) --plan \(releasePlan) --json"), "\(seen)")
        // The check can fail: a flag the CLI does not have is a usage error.
        let wrong = try await runProcess(
            DeployCommandTests.tenkai, ["release", "--env", "prod", "--system", "fileshare", "--images", "x"], environment: environment, currentDirectory: folder)
        #expect(wrong.status == Self.usage && wrong.stderr.contains("Usage: tenkai"), "\(wrong.stderr)")
    }
}
