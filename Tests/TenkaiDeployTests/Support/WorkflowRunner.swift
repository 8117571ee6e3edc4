import Foundation
import TestSupport

/// Runs a GitHub workflow's jobs on this machine the way GitHub would, closely enough to catch a
/// wrong command: jobs in `needs:` order, each on a "runner" of its own (a fresh folder sharing
/// nothing with the others but the emulator and the uploaded artifacts), `run:` steps through
/// `bash -e` with the job's `env:` (its `${{ }}` expressions evaluated), `GITHUB_OUTPUT` read
/// back into step outputs and job outputs. What only GitHub has is stood in for, and nothing else:
/// `actions/checkout` copies the sources, upload/download-artifact copy files through a folder,
/// `make build` places the already built binary, and the OIDC token endpoint is a file.
final class WorkflowRunner {
    struct StepFailed: Error, CustomStringConvertible {
        var job: String
        var step: String
        var result: ProcessResult
        var description: String { "job \(job), step '\(step)' exited \(result.status):\n\(result.stdout)\n\(result.stderr)" }
    }

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    let root: URL
    /// What `actions/checkout` gives: the repository's files.
    let sources: URL
    /// What `make build` makes (`.build/release/tenkai`).
    let tenkai: URL
    /// `${{ inputs.… }}`
    let inputs: [String: String]
    /// The variables every runner starts with (PATH, the emulator's endpoint, …).
    let baseEnvironment: [String: String]
    /// Extra variables per job: its credentials.
    let jobEnvironment: (String) -> [String: String]
    /// Called before a job that waits in a GitHub environment, with that environment's name and
    /// the step summaries written so far: the required reviewers' turn.
    let beforeEnvironment: (String, [String]) async throws -> Void

    private(set) var jobOutputs: [String: [String: String]] = [:]
    private(set) var summaries: [String] = []
    /// The folder each job ran in.
    private(set) var runners: [String: URL] = [:]

    init(
        root: URL, sources: URL, tenkai: URL, inputs: [String: String], baseEnvironment: [String: String],
        jobEnvironment: @escaping (String) -> [String: String], beforeEnvironment: @escaping (String, [String]) async throws -> Void
    ) {
        self.root = root
        self.sources = sources
        self.tenkai = tenkai
        self.inputs = inputs
        self.baseEnvironment = baseEnvironment
        self.jobEnvironment = jobEnvironment
        self.beforeEnvironment = beforeEnvironment
    }

    private var artifacts: URL { root.appendingPathComponent("artifacts") }

    func run(_ workflow: GitHubWorkflow) async throws {
        for job in try workflow.orderedJobs() {
            if let environment = job.environment { try await beforeEnvironment(environment, summaries) }
            try await run(job)
        }
    }

    private func run(_ job: GitHubWorkflow.Job) async throws {
        let runner = root.appendingPathComponent("runner-\(job.id)")
        let temporary = runner.appendingPathComponent("tmp")
        let workspace = runner.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        runners[job.id] = workspace
        var stepOutputs: [String: [String: String]] = [:]
        var environment = baseEnvironment.merging(jobEnvironment(job.id)) { _, job in job }
        for (name, value) in job.env {
            // Each runner has a /tmp of its own.
            let evaluated = try evaluate(value, steps: [:], needs: job.needs)
            environment[name] = evaluated.hasPrefix("/tmp/") ? temporary.path + evaluated.dropFirst(4) : evaluated
        }
        let token = temporary.appendingPathComponent("oidc-answer.json")
        try #"{"count":1,"value":"header.payload.signature"}"#.write(to: token, atomically: true, encoding: .utf8)
        environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = token.absoluteString + "?api-version=2.0"
        environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "runtime-token"
        environment["RUNNER_TEMP"] = temporary.path

        for step in job.steps {
            if let action = step.uses {
                try act(action, with: step.with, in: workspace, job: job.id)
                continue
            }
            guard let script = step.run else { throw Unsupported(description: "job \(job.id): step '\(step.label)' neither uses nor runs") }
            // Values from outside reach scripts through env only (what the generator promises).
            guard !script.contains("${{") else { throw Unsupported(description: "job \(job.id): step '\(step.label)' has ${{ }} in its script") }
            if script == "make build" {
                try place(tenkai, at: workspace.appendingPathComponent(".build/release/tenkai"))
                continue
            }
            let output = temporary.appendingPathComponent("output-\(UUID().uuidString)")
            let summary = temporary.appendingPathComponent("summary-\(UUID().uuidString)")
            try Data().write(to: output)
            try Data().write(to: summary)
            environment["GITHUB_OUTPUT"] = output.path
            environment["GITHUB_STEP_SUMMARY"] = summary.path
            let result = try await runProcess(
                URL(fileURLWithPath: "/bin/bash"), ["--noprofile", "--norc", "-e", "-c", script], environment: environment,
                currentDirectory: workspace)
            guard result.status == 0 else {
                // What the step wrote to files (`--json > events.jsonl`) says why.
                var result = result
                for file in ["events.jsonl", "plan.json"] {
                    if let text = try? String(contentsOf: workspace.appendingPathComponent(file), encoding: .utf8) { result.stdout += "\n\(file):\n\(text.suffix(3000))" }
                }
                throw StepFailed(job: job.id, step: step.label, result: result)
            }
            if let id = step.id { stepOutputs[id] = try Self.outputs(in: output) }
            summaries.append(try String(contentsOf: summary, encoding: .utf8))
        }
        jobOutputs[job.id] = try job.outputs.mapValues { try evaluate($0, steps: stepOutputs, needs: job.needs) }
    }

    /// The actions the generated workflows use, done locally.
    private func act(_ action: String, with: [String: String], in workspace: URL, job: String) throws {
        let name = action.split(separator: "@")[0]
        switch name {
        case "actions/checkout":
            for item in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
                try FileManager.default.copyItem(at: sources.appendingPathComponent(item), to: workspace.appendingPathComponent(item))
            }
        case "actions/upload-artifact":
            let source = workspace.appendingPathComponent(try require("path", in: with, action))
            let folder = artifacts.appendingPathComponent(try require("name", in: with, action))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // A missing path fails the step unless it may (upload-artifact warns by default, which the runs after a failure rely on).
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw Unsupported(description: "job \(job): upload-artifact found nothing at \(source.lastPathComponent)")
            }
            // Like the real action: a folder's contents are the artifact's root, a file is one item in it.
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder)
            let items = isFolder.boolValue ? try FileManager.default.contentsOfDirectory(atPath: source.path).map { source.appendingPathComponent($0) } : [source]
            for item in items { try FileManager.default.copyItem(at: item, to: folder.appendingPathComponent(item.lastPathComponent)) }
        case "actions/download-artifact":
            let folder = artifacts.appendingPathComponent(try require("name", in: with, action))
            let target = workspace.appendingPathComponent(try require("path", in: with, action))
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for item in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                // Like the real action: files come back without their execute bit.
                let copy = target.appendingPathComponent(item)
                try FileManager.default.copyItem(at: folder.appendingPathComponent(item), to: copy)
                for file in [copy] + (FileManager.default.subpaths(atPath: copy.path) ?? []).map({ copy.appendingPathComponent($0) }) {
                    var isFolder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue {
                        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
                    }
                }
            }
        default:
            throw Unsupported(description: "job \(job): no local stand-in for the action \(action)")
        }
    }

    private func require(_ key: String, in with: [String: String], _ action: String) throws -> String {
        guard let value = with[key] else { throw Unsupported(description: "\(action) without with.\(key)") }
        return value
    }

    private func place(_ binary: URL, at target: URL) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: binary, to: target)
    }

    /// `${{ inputs.x }}`, `${{ steps.id.outputs.x }}`, `${{ needs.job.outputs.x }}`; a missing output,
    /// or one of a job not in `needs`, is the empty string, as on GitHub; any other expression is refused.
    func evaluate(_ text: String, steps: [String: [String: String]], needs: [String]) throws -> String {
        var result = "", rest = Substring(text)
        while let start = rest.range(of: "${{") {
            guard let end = rest[start.upperBound...].range(of: "}}") else { throw Unsupported(description: "unclosed ${{ in \(text)") }
            result += rest[..<start.lowerBound]
            let expression = rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
            let parts = expression.split(separator: ".").map(String.init)
            switch (parts.first, parts.count) {
            case ("inputs", 2):
                guard let value = inputs[parts[1]] else { throw Unsupported(description: "no input \(parts[1])") }
                result += value
            case ("steps", 4) where parts[2] == "outputs":
                result += steps[parts[1]]?[parts[3]] ?? ""
            case ("needs", 4) where parts[2] == "outputs":
                result += needs.contains(parts[1]) ? jobOutputs[parts[1]]?[parts[3]] ?? "" : ""
            default:
                throw Unsupported(description: "the test cannot evaluate ${{ \(expression) }}")
            }
            rest = rest[end.upperBound...]
        }
        return result + rest
    }

    /// `name=value` lines (the heredoc form `name<<EOF` is not used by the generated workflows, and refused).
    static func outputs(in file: URL) throws -> [String: String] {
        var outputs: [String: String] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line[..<equals].contains("<<") else {
                throw Unsupported(description: "GITHUB_OUTPUT line not understood: \(line)")
            }
            outputs[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return outputs
    }
}
