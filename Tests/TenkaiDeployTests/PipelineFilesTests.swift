import Foundation
import Tenkai
import TenkaiCore
import Testing
import TenkaiStacks
import TestSupport
@testable import TenkaiDeploy

/// `pipelines/` is generated from the environments: checked-in files must be the rendering, and
/// the rendering must pass GitHub's workflow schema and zizmor with no findings.
@Suite("The pipelines rendered from the environments")
struct PipelineFilesTests {
    let files: [PipelineFiles.File]

    init() throws {
        files = PipelineFiles.render(
            environments: try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments")), systems: allSystems.map(\.name))
    }

    @Test func theCheckedInFilesAreTheRendering() throws {
        #expect(files.map(\.path) == [
            "pipelines/github/ci.yml", "pipelines/github/release.yml", "pipelines/github/prod.yml", "pipelines/github/prod-release.yml",
            "pipelines/codebuild/buildspec.yml",
        ])
        for file in files {
            let checkedIn = try String(contentsOf: ProjectPaths.root.appendingPathComponent(file.path), encoding: .utf8)
            #expect(checkedIn == file.text, "\(file.path) differs from the rendering: run `tenkai pipelines render`")
        }
    }

    @Test func accountsApproversAndRolesComeFromTheEnvironments() throws {
        let prod = try #require(files.first { $0.path.hasSuffix("prod.yml") }).text
        #expect(prod.contains("arn:aws:iam::333333333333:role/tenkai-planner-prod"))
        #expect(prod.contains("arn:aws:iam::333333333333:role/tenkai-executor-prod"))
        #expect(prod.contains("(pdm, pl)"))
        #expect(prod.contains("PLAN_ID: ${{ needs.plan.outputs.plan-id }}"))
        #expect(prod.contains("          - fileshare\n") && prod.contains("--system \"$TENKAI_SYSTEM\""), "a plan covers one system, chosen when the run starts")
        let imageRelease = try #require(files.first { $0.path.hasSuffix("prod-release.yml") }).text
        #expect(imageRelease.contains("tenkai plan release --env prod") && imageRelease.contains("tenkai release --env prod"))
        #expect(imageRelease.contains("--plan \"$PLAN_ID\"") && imageRelease.contains("PLAN_ID: ${{ needs.plan.outputs.plan-id }}"))
        #expect(imageRelease.contains("    environment: prod\n"), "the release job waits for the approvers as GitHub's required reviewers")
        #expect(imageRelease.contains("role/tenkai-planner-prod") && imageRelease.contains("role/tenkai-executor-prod"))
        let release = try #require(files.first { $0.path.hasSuffix("/release.yml") }).text
        #expect(release.contains("role/tenkai-deploy-dev") && release.contains("role/tenkai-deploy-stg") && !release.contains("prod"))
        #expect(release.range(of: "  dev:")!.lowerBound < release.range(of: "  stg:")!.lowerBound)
        let ci = try #require(files.first { $0.path.hasSuffix("ci.yml") }).text
        #expect(!ci.contains("id-token"), "tests never get AWS credentials")
        for file in files where file.path.hasSuffix(".yml") && file.path.contains("github") {
            // No expression inside a shell script: values reach scripts through environment variables.
            let runLines = file.text.split(separator: "\n").filter { $0.contains("run:") || $0.hasPrefix("          ") }
            #expect(!runLines.contains { $0.contains("${{") && !$0.contains("PLAN_ID:") && !$0.contains("plan-id:") && !$0.contains("TENKAI_SYSTEM:")
                    && !$0.contains("TENKAI_SERVICE:") && !$0.contains("TENKAI_IMAGE:") }, "\(file.path)")
        }
    }

    /// Writes the rendering to a temporary folder, for the linters.
    func renderedFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipelines-\(UUID().uuidString)")
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func theWorkflowsPassGitHubsWorkflowSchema() async throws {
        let folder = try renderedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflows = files.filter { $0.path.hasPrefix("pipelines/github/") }.map { folder.appendingPathComponent($0.path).path }
        let result = try await runProcess(
            ProjectPaths.venvTool("check-jsonschema"), ["--builtin-schema", "vendor.github-workflows"] + workflows)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok -- validation done"))
    }

    @Test func zizmorFindsNothing() async throws {
        let folder = try renderedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflows = files.filter { $0.path.hasPrefix("pipelines/github/") }.map { folder.appendingPathComponent($0.path).path }
        let result = try await runProcess(ProjectPaths.venvTool("zizmor"), ["--offline", "--no-progress"] + workflows)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("No findings to report"), "\(result.stdout)")
    }

    @Test func zizmorStillCatchesATemplateInjection() async throws {
        // The check above means something only if zizmor, run the same way, sees what it should.
        let folder = try renderedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let prod = folder.appendingPathComponent("pipelines/github/prod.yml")
        let injected = try String(contentsOf: prod, encoding: .utf8).replacingOccurrences(of: "--plan \"$PLAN_ID\"", with: "--plan \"${{ needs.plan.outputs.plan-id }}\"")
        try injected.write(to: prod, atomically: true, encoding: .utf8)
        let result = try await runProcess(ProjectPaths.venvTool("zizmor"), ["--offline", "--no-progress", prod.path])
        #expect(result.status != 0)
        #expect(result.stdout.contains("template-injection"), "\(result.stdout)")
    }
}
