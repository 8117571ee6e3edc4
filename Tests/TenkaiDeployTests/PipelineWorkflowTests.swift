import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The production workflow `tenkai pipelines render` writes, run command by command against moto:
/// rendered for a small project (the `tenkai` CLI built with one system moto deploys whole,
/// Tests/PipelineFixture), its jobs in `needs:` order on runners of their own, the approvers
/// signing from their own machines in between, exactly as the workflow's summary tells them.
/// A wrong command in the workflow (an unknown flag, a missing `--system`, a plan ID not carried
/// to the deploy job, a plan that never leaves the planning runner) fails it. The image release
/// workflow (`prod-release.yml`) runs the same way: PipelineWorkflowTests+Release.swift.
@Suite("The rendered prod workflows' commands, run in order against moto", .serialized)
struct PipelineWorkflowTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-workflow-\(UUID().uuidString)")

    /// `tenkai` with the fixture's one system (`notes`: one stack, one bucket).
    static var fixture: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("TenkaiPipelineFixture")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return ProjectPaths.root.appendingPathComponent(".build/debug/TenkaiPipelineFixture")
    }

    /// The project as checked out: a production environment for moto's account whose approvers hold the test's keys.
    func writeProject(to folder: URL, approvers: [String: Ed25519.PrivateKey]) throws {
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        let keys = try approvers.sorted { $0.key < $1.key }.map { "  - name: \($0.key)\n    publicKey: \"\(try $0.value.publicKeyBase64)\"" }
        let prod = """
            name: prod
            tier: production
            account: "123456789012"
            region: ap-northeast-1
            multiAZ: true
            availabilityZones: 3
            domain: notes.example.com
            alarms:
              email: prod-alarms@example.com
            approvers:
            \(keys.joined(separator: "\n"))
            requiredApprovals: 2
            planValidityHours: 24

            """
        try prod.write(to: environments.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
    }

    struct Moto {
        let server: MotoServer
        let environment: [String: String]
        let administrator: [String: String]
    }

    func startMoto() async throws -> Moto {
        let server = try await MotoServer.start(authentication: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
        environment["AWS_ENDPOINT_URL"] = server.endpoint.absoluteString
        environment["AWS_MAX_ATTEMPTS"] = "2"
        let keys = try #require(server.credentials)
        return Moto(server: server, environment: environment, administrator: Self.credentials(keys))
    }

    static func credentials(_ keys: MotoServer.Credentials) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": keys.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey]
    }

    /// The rendering, its prod workflow text, and the folder it was rendered in (the repository CI checks out).
    func render(approvers: [String: Ed25519.PrivateKey]) async throws -> (sources: URL, text: String) {
        let sources = root.appendingPathComponent("repository")
        try writeProject(to: sources, approvers: approvers)
        return (sources, try await Self.render(sources, with: Self.fixture, workflow: "prod.yml"))
    }

    /// `tenkai pipelines render` in `sources`; answers the text of `pipelines/github/<workflow>`.
    static func render(_ sources: URL, with tenkai: URL, workflow: String) async throws -> String {
        let rendered = try await runProcess(tenkai, ["pipelines", "render"], currentDirectory: sources)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        return try String(contentsOf: sources.appendingPathComponent("pipelines/github/\(workflow)"), encoding: .utf8)
    }

    /// Runs the workflow text (`file`, built as `tenkai`, dispatched with `inputs`); approvers sign
    /// when the gated job reaches its GitHub environment.
    func runWorkflow(
        _ text: String, file: String = "prod.yml", tenkai: URL = Self.fixture, inputs: [String: String] = ["system": "notes"], sources: URL, moto: Moto,
        users: [String: [String: String]], keys: [String: Ed25519.PrivateKey], attempt: String
    ) async throws -> WorkflowRunner {
        let workflow = try GitHubWorkflow(Array(text.utf8), file: file)
        let folder = root.appendingPathComponent(attempt.replacingOccurrences(of: " ", with: "-"))
        let approverCommands = try Self.approverCommands(in: text)
        let runner = WorkflowRunner(
            root: folder, sources: sources, tenkai: tenkai, inputs: inputs, baseEnvironment: moto.environment,
            jobEnvironment: { job in users[job] ?? [:] },
            beforeEnvironment: { environment, summaries in
                try await approve(
                    environment: environment, summaries: summaries, showCommand: approverCommands, tenkai: tenkai, sources: sources, folder: folder,
                    moto: moto, users: users, keys: keys)
            })
        try await runner.run(workflow)
        return runner
    }

    /// The reading command the workflow's header gives approvers (`tenkai plan show PLAN-ID --env prod`).
    static func approverCommands(in text: String) throws -> String {
        let match = try #require(text.firstMatch(of: /`(tenkai plan show PLAN-ID[^`]*)`/), "the workflow tells approvers how to read the plan")
        return String(match.output.1)
    }

    /// Each approver, on a machine of their own (own folder and checkout, own IAM user, own key),
    /// reads the plan and signs it with the command the plan job's summary gives.
    func approve(
        environment: String, summaries: [String], showCommand: String, tenkai binary: URL, sources: URL, folder: URL, moto: Moto,
        users: [String: [String: String]], keys: [String: Ed25519.PrivateKey]
    ) async throws {
        #expect(environment == "prod")
        let summary = summaries.joined(separator: "\n")
        let approve = try #require(summary.firstMatch(of: /`(tenkai approve [^`]*)`/), "the plan job's summary tells approvers what to run: \(summary)")
        let planID = try #require(summary.firstMatch(of: /Plan `([0-9a-f]{64})`/), "the summary names the plan: \(summary)").output.1
        for (name, key) in keys.sorted(by: { $0.key < $1.key }) {
            let machine = folder.appendingPathComponent("approver-\(name)")
            try FileManager.default.createDirectory(at: machine, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: sources.appendingPathComponent("Environments"), to: machine.appendingPathComponent("Environments"))
            let keyFile = machine.appendingPathComponent("\(name).pem")
            try key.pem.write(to: keyFile, atomically: true, encoding: .utf8)
            let environment = moto.environment.merging(users[name] ?? [:]) { _, user in user }
            func tenkai(_ command: String) async throws -> ProcessResult {
                var words = command.split(separator: " ").map(String.init)
                #expect(words.first == "tenkai")
                words.removeFirst()
                return try await runProcess(binary, words, environment: environment, currentDirectory: machine)
            }
            let shown = try await tenkai(showCommand.replacingOccurrences(of: "PLAN-ID", with: String(planID)))
            #expect(shown.status == 0, "\(name) reads the plan: \(shown.stderr)")
            #expect(shown.stdout.contains("plan \(planID)"), "\(shown.stdout)")
            // Without a terminal, approving needs --yes (the person types the environment's name instead).
            let signed = try await tenkai(approve.output.1.replacingOccurrences(of: "FILE", with: keyFile.path) + " --yes")
            #expect(signed.status == 0, "\(name) approves: \(signed.stderr)")
        }
    }

    @Test func theProdWorkflowPlansCarriesThePlanIDAndDeploysAfterTwoApprovals() async throws {
        let moto = try await startMoto()
        defer { moto.server.stop(); try? FileManager.default.removeItem(at: root) }
        let keys = ["pdm": try Ed25519.PrivateKey.generate(), "pl": try Ed25519.PrivateKey.generate()]
        let (sources, text) = try await render(approvers: keys)
        #expect(text.contains("- notes"), "the system choice is the project's")

        var users: [String: [String: String]] = [:]
        for name in ["plan", "deploy", "pdm", "pl"] {
            users[name] = Self.credentials(try await moto.server.addUser("ci-\(name)"))
        }

        // The administrator bootstraps once, pinning the approvers (not a workflow step).
        let administrator = root.appendingPathComponent("administrator")
        try FileManager.default.createDirectory(at: administrator, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sources.appendingPathComponent("Environments"), to: administrator.appendingPathComponent("Environments"))
        let bootstrap = try await runProcess(
            Self.fixture, ["bootstrap", "--env", "prod", "--system", "notes"], environment: moto.environment.merging(moto.administrator) { _, new in new },
            currentDirectory: administrator)
        try #require(bootstrap.status == 0, "\(bootstrap.stderr)")

        // The workflow as rendered: plan on one runner, approvals on two machines, deploy on another.
        // Each job reaches moto through a recording proxy, with the account check on (the file names moto's account).
        var proxies: [String: FaultProxy] = [:]
        var jobUsers = users
        for job in ["plan", "deploy"] {
            let proxy = try FaultProxy(upstreamPort: moto.server.port, faults: [], lifetime: .seconds(600))
            proxies[job] = proxy
            jobUsers[job]?["AWS_ENDPOINT_URL"] = proxy.url.absoluteString
            jobUsers[job]?["TENKAI_ACCOUNT_CHECK"] = "always"
        }
        defer { proxies.values.forEach { $0.stop() } }
        let runner = try await runWorkflow(text, sources: sources, moto: moto, users: jobUsers, keys: keys, attempt: "as-rendered")
        // STS is asked once per command: the account check, the gate and the deploy lock share the answer.
        func stsCalls(_ job: String) -> Int {
            proxies[job]?.requests.filter { String(decoding: $0.body, as: UTF8.self).contains("Action=GetCallerIdentity") }.count ?? -1
        }
        #expect(stsCalls("plan") == 1, "plan")
        #expect(stsCalls("deploy") == 2, "plan show, then deploy")
        let planID = try #require(runner.jobOutputs["plan"]?["plan-id"])
        #expect(planID.count == 64, "the plan job's output is the plan ID: '\(planID)'")
        let deployRunner = try #require(runner.runners["deploy"])
        #expect(!FileManager.default.fileExists(atPath: deployRunner.appendingPathComponent("plan.json").path), "the deploy runner never saw the plan file")
        let events = try String(contentsOf: deployRunner.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(events.contains("\"stack-finished\""), "\(events)")
        let session = AWSSession(
            region: "ap-northeast-1",
            credentials: StaticCredentialProvider(
                AWSCredentials(accessKeyID: moto.administrator["AWS_ACCESS_KEY_ID"]!, secretAccessKey: moto.administrator["AWS_SECRET_ACCESS_KEY"]!)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.server.endpoint.absoluteString]))
        let stack = try await AWSConnections(session).cloudFormation("ap-northeast-1").describeStack(named: "notes-prod-data")
        #expect(stack?.status.rawValue == "CREATE_COMPLETE")
        let audit = try await S3(session).listObjectsV2(bucket: BootstrapStack.bucketName(account: "123456789012", region: "ap-northeast-1"), prefix: "audit")
        #expect(audit.contents.contains { $0.key.contains("-execute-") }, "the deploy ran the approved plan")

        // Broken workflows fail where they are broken. (After the good run: moto leaves a new stack
        // in REVIEW_IN_PROGRESS when it executes one of several change sets made for it.)
        let broken: [(String, String, String, String)] = [
            ("plan without --system", #" --system "$TENKAI_SYSTEM" --json > plan.json"#, " --json > plan.json", "plan/Plan"),
            ("an unknown flag", "--json > plan.json", "--output-json > plan.json", "plan/Plan"),
            ("the plan ID not carried", "plan-id: ${{ steps.plan.outputs.plan-id }}", "plan-id: ${{ steps.plan.outputs.planid }}", "deploy/Show the plan and its approvals"),
            ("the deploy job not waiting for the plan job", "    needs: plan\n", "", "deploy/Show the plan and its approvals"),
        ]
        for (name, original, replacement, failing) in broken {
            #expect(text.contains(original), "\(name): the workflow has \(original)")
            do {
                _ = try await runWorkflow(
                    text.replacingOccurrences(of: original, with: replacement), sources: sources, moto: moto, users: users, keys: keys, attempt: name)
                Issue.record("\(name): the workflow ran through")
            } catch let failure as WorkflowRunner.StepFailed {
                #expect("\(failure.job)/\(failure.step)" == failing, "\(name): \(failure)")
            }
        }
    }
}
