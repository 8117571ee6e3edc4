import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// `release.yml`, the workflow every push to main runs, job by job with the prod workflow's
/// runner against moto: one synth, then dev, then stg deployed by the binary the synth job built
/// (an artifact, its execute bit lost on the way), each in its own runner and region.
extension PipelineWorkflowTests {
    /// dev and stg for moto's account, in two regions (the administrator bootstraps each once).
    static let stagedEnvironments = [("dev", "development", "ap-northeast-1"), ("stg", "staging", "us-west-2")]

    func writeStagedProject(to folder: URL) throws {
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        for (name, tier, region) in Self.stagedEnvironments {
            let text = """
                name: \(name)
                tier: \(tier)
                account: "123456789012"
                region: \(region)
                multiAZ: false
                availabilityZones: 2
                domain: \(name).notes.example.com
                alarms:
                  email: \(name)-alarms@example.com

                """
            try text.write(to: environments.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
    }

    @Test func theReleaseWorkflowSynthesizesOnceThenDeploysDevThenStg() async throws {
        let moto = try await startMoto()
        defer { moto.server.stop(); try? FileManager.default.removeItem(at: root) }
        let sources = root.appendingPathComponent("repository")
        try writeStagedProject(to: sources)
        let text = try await Self.render(sources, with: Self.fixture, workflow: "release.yml")

        // The administrator bootstraps each environment once (not a workflow step).
        let administrator = root.appendingPathComponent("administrator")
        try FileManager.default.createDirectory(at: administrator, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sources.appendingPathComponent("Environments"), to: administrator.appendingPathComponent("Environments"))
        for (name, _, _) in Self.stagedEnvironments {
            let bootstrap = try await runProcess(
                Self.fixture, ["bootstrap", "--env", name, "--system", "notes"],
                environment: moto.environment.merging(moto.administrator) { _, new in new }, currentDirectory: administrator)
            try #require(bootstrap.status == 0, "\(name): \(bootstrap.stderr)")
        }

        var users: [String: [String: String]] = [:]
        for job in ["synth", "dev", "stg"] {
            users[job] = Self.credentials(try await moto.server.addUser("ci-\(job)"))
            users[job]?["TENKAI_ACCOUNT_CHECK"] = "always"
        }
        // Only the synth job has no AWS access at all.
        users["synth"] = [:]
        var reached: [String] = []
        let runner = WorkflowRunner(
            root: root.appendingPathComponent("run"), sources: sources, tenkai: Self.fixture, inputs: [:], baseEnvironment: moto.environment,
            jobEnvironment: { job in users[job] ?? [:] },
            beforeEnvironment: { environment, _ in reached.append(environment) })
        try await runner.run(try GitHubWorkflow(Array(text.utf8), file: "release.yml"))
        #expect(reached == ["dev", "stg"], "dev, then stg, each in its GitHub environment")

        let assembly = root.appendingPathComponent("run/artifacts/cloud-assembly")
        for (name, _, _) in Self.stagedEnvironments {
            #expect(FileManager.default.fileExists(atPath: assembly.appendingPathComponent("notes/\(name)/manifest.json").path), "the synth job uploaded \(name)'s assembly")
        }
        for (name, _, region) in Self.stagedEnvironments {
            let workspace = try #require(runner.runners[name])
            let events = try String(contentsOf: workspace.appendingPathComponent("events.jsonl"), encoding: .utf8)
            #expect(events.contains("\"stack-finished\"") && events.contains("notes-\(name)-data"), "\(name): \(events)")
            let session = AWSSession(
                region: region,
                credentials: StaticCredentialProvider(
                    AWSCredentials(accessKeyID: moto.administrator["AWS_ACCESS_KEY_ID"]!, secretAccessKey: moto.administrator["AWS_SECRET_ACCESS_KEY"]!)),
                endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.server.endpoint.absoluteString]))
            let stack = try await AWSConnections(session).cloudFormation(region).describeStack(named: "notes-\(name)-data")
            #expect(stack?.status.rawValue == "CREATE_COMPLETE", "\(name): \(String(describing: stack?.status))")
        }

        // The binary comes back from the artifact store without its execute bit: without the chmod step, dev fails to start it.
        let chmod = "      - name: Make tenkai executable\n        run: chmod +x .build/release/tenkai\n"
        #expect(text.components(separatedBy: chmod).count == 3, "dev and stg each make the downloaded binary executable")
        let broken = WorkflowRunner(
            root: root.appendingPathComponent("run-without-chmod"), sources: sources, tenkai: Self.fixture, inputs: [:], baseEnvironment: moto.environment,
            jobEnvironment: { job in users[job] ?? [:] }, beforeEnvironment: { _, _ in })
        do {
            try await broken.run(try GitHubWorkflow(Array(text.replacingOccurrences(of: chmod, with: "").utf8), file: "release.yml"))
            Issue.record("the workflow ran through without making tenkai executable")
        } catch let failure as WorkflowRunner.StepFailed {
            #expect("\(failure.job)/\(failure.step)" == "dev/Deploy dev" && failure.result.status == 126, "\(failure)")
        }

        // dev deploys the synth job's assembly, not one of its own: a template changed in the artifact store is refused.
        let tampered = WorkflowRunner(
            root: root.appendingPathComponent("run-tampered"), sources: sources, tenkai: Self.fixture, inputs: [:], baseEnvironment: moto.environment,
            jobEnvironment: { job in users[job] ?? [:] },
            beforeEnvironment: { environment, _ in
                guard environment == "dev" else { return }
                let folder = root.appendingPathComponent("run-tampered/artifacts/cloud-assembly/notes/dev")
                let template = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".template.json") })
                let file = folder.appendingPathComponent(template)
                try (try String(contentsOf: file, encoding: .utf8) + " ").write(to: file, atomically: true, encoding: .utf8)
            })
        do {
            try await tampered.run(try GitHubWorkflow(Array(text.utf8), file: "release.yml"))
            Issue.record("dev deployed an assembly changed after the synth job")
        } catch let failure as WorkflowRunner.StepFailed {
            #expect("\(failure.job)/\(failure.step)" == "dev/Deploy dev" && failure.result.status != 0, "\(failure)")
            #expect(failure.result.stderr.contains("SHA-256") || failure.result.stdout.contains("SHA-256"), "\(failure)")
        }
    }
}
