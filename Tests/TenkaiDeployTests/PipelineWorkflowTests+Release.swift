@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The image release workflow (`prod-release.yml`), run job by job with the prod workflow's
/// runner: rendered by the real `tenkai` (its `fileshare` system) for a prod environment in the
/// release fixture's account and region, whose stacks `fileshare-prod-app` and
/// `fileshare-prod-monitoring` (``ReleaseFixture``) are what the release reads. The plan job records
/// the release plan, two approvers sign it on their own machines, the release job in a fresh folder
/// releases exactly that plan by its ID.
extension PipelineWorkflowTests {
    /// The repository's prod.yaml moved to the fixture's account and region, the test's approver
    /// keys, releasing all at once: the workflow passes no `--bake`, and every other strategy bakes
    /// five minutes at 100 %.
    func writeReleaseProject(to folder: URL, approvers: [String: Ed25519.PrivateKey]) throws {
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        var text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"), encoding: .utf8)
        text = text.replacing(/account: "[0-9]+"/, with: #"account: "123456789012""#).replacing(/region: [a-z0-9-]+/, with: "region: us-east-1")
            .replacing(/release: [^\n]*/, with: "release: allAtOnce")
        for (approver, key) in approvers {
            let pattern = try Regex("(- name: \(approver)\\n    publicKey: )\"[^\"]*\"")
            text = text.replacing(pattern) { match in "\(match.output[1].substring ?? "")\"\((try? key.publicKeyBase64) ?? "")\"" }
        }
        #expect(text.contains("release: allAtOnce") && text.contains("region: us-east-1"), "\(text)")
        try text.write(to: environments.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
    }

    /// The `app` container's image in the task definition of each live service the listener forwards
    /// traffic to, whichever slot (the CloudFormation service or a green one) that is.
    static func servingImages(_ fixture: ReleaseFixture) async throws -> [String] {
        let target = fixture.target
        let listener = try #require(try await ElasticLoadBalancingV2(fixture.session).describeListeners(listenerArns: [target.listenerArn]).first)
        let action = try #require(listener.defaultActions.first)
        let served = Set(
            action.forwardConfig?.targetGroups.filter { ($0.weight ?? 1) > 0 }.map(\.targetGroupArn) ?? [action.targetGroupArn].compactMap { $0 })
        let services = try await ECS(fixture.session).describeServices(cluster: target.cluster, services: [target.blue.serviceName, target.green.serviceName])
            .services.filter { service in
                service.status == "ACTIVE" && (service.desiredCount ?? 0) > 0
                    && (service.loadBalancers ?? []).contains { served.contains($0.targetGroupArn ?? "") }
            }
        var images: [String] = []
        for service in services {
            let definition = try await ECS(fixture.session).describeTaskDefinition(try #require(service.taskDefinition))
            guard case .object(let fields) = definition, case .array(let containers) = fields["containerDefinitions"] else { continue }
            for case .object(let container) in containers where container["name"] == .string("app") {
                if case .string(let image) = container["image"] { images.append(image) }
            }
        }
        return images
    }

    /// The release records `tenkai release` left in the bootstrap bucket, oldest first.
    static func releaseRecords(_ fixture: ReleaseFixture, bucket: String) async throws -> [ReleaseRecord] {
        // moto checks the signature of a prefix with "/" against the decoded query, so list by a prefix without one.
        let keys = try await S3(fixture.session).listObjectsV2(bucket: bucket, prefix: "releases").contents.map(\.key)
            .filter { $0.hasPrefix(fixture.target.keyPrefix + "records/") }
        var records: [ReleaseRecord] = []
        for key in keys.sorted() {
            records.append(try JSONDecoder().decode(ReleaseRecord.self, from: try await S3(fixture.session).getObject(bucket: bucket, key: key).body))
        }
        return records
    }

    @Test func theProdReleaseWorkflowPlansTheReleaseAndReleasesTheApprovedPlanAfterTwoApprovals() async throws {
        let fixture = try await ReleaseFixture.start(environment: "prod")
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = ["pdm": try Ed25519.PrivateKey.generate(), "pl": try Ed25519.PrivateKey.generate()]
        let sources = root.appendingPathComponent("repository")
        try writeReleaseProject(to: sources, approvers: keys)
        let tenkai = DeployCommandTests.tenkai
        let text = try await Self.render(sources, with: tenkai, workflow: "prod-release.yml")
        #expect(text.contains("- fileshare") && text.contains("AWS_REGION: us-east-1"), "rendered for the project, in the fixture's region")

        // The administrator bootstraps once, pinning the approvers (not a workflow step).
        let administrator = Self.credentials(try #require(fixture.moto.credentials))
        let administration = root.appendingPathComponent("administrator")
        try FileManager.default.createDirectory(at: administration, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sources.appendingPathComponent("Environments"), to: administration.appendingPathComponent("Environments"))
        var administratorEnvironment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
        administratorEnvironment["AWS_ENDPOINT_URL"] = fixture.proxy.url.absoluteString
        let bootstrap = try await runProcess(
            tenkai, ["bootstrap", "--env", "prod", "--system", "fileshare"], environment: administratorEnvironment.merging(administrator) { _, new in new },
            currentDirectory: administration)
        try #require(bootstrap.status == 0, "\(bootstrap.stderr)")
        let bucket = BootstrapStack.bucketName(account: "123456789012", region: "us-east-1")

        var users: [String: [String: String]] = [:]
        for name in ["plan", "release", "pdm", "pl"] {
            users[name] = Self.credentials(try await ReleaseGateTests.addUser("ci-\(name)", session: fixture.session))
        }
        for job in ["plan", "release"] { users[job]?["TENKAI_ACCOUNT_CHECK"] = "always" }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
        environment["AWS_ENDPOINT_URL"] = fixture.proxy.url.absoluteString
        let moto = Moto(server: fixture.moto, environment: environment, administrator: administrator)

        let image = fixture.images[0]
        #expect(try await Self.servingImages(fixture) != [image], "the fixture serves another image before the release")
        let inputs = ["system": "fileshare", "service": "web", "image": image]
        func run(_ text: String, attempt: String) async throws -> WorkflowRunner {
            try await runWorkflow(
                text, file: "prod-release.yml", tenkai: tenkai, inputs: inputs, sources: sources, moto: moto, users: users, keys: keys, attempt: attempt)
        }

        let runner = try await run(text, attempt: "release as rendered")
        let planID = try #require(runner.jobOutputs["plan"]?["plan-id"])
        #expect(planID.count == 64, "the plan job's output is the plan ID: '\(planID)'")
        let planRunner = try #require(runner.runners["plan"]), releaseRunner = try #require(runner.runners["release"])
        // The plan job's files (its JSON answer, its local copy of the plan) stay on its runner: the release job read the plan from the bucket.
        func files(_ folder: URL) -> [String] {
            (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".build") }
        }
        let planFiles = files(planRunner).filter { $0 == "plan.json" || $0.contains(planID) }
        #expect(planFiles.contains("plan.json") && planFiles.contains { $0.hasPrefix(DeployPlanStore.defaultFolder) }, "\(planFiles)")
        #expect(files(releaseRunner).filter { $0.hasSuffix("plan.json") || $0.contains(planID) }.isEmpty, "no plan file on the release runner: \(files(releaseRunner))")
        let events = try String(contentsOf: releaseRunner.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(events.contains(#""event":"release-finished""#), "\(events)")

        // The image serves: recorded in the stack, and in the task definition of the service the listener forwards to.
        #expect(try await fixture.imageParameter() == image)
        let serving = try await Self.servingImages(fixture)
        #expect(serving == [image], "\(serving)")
        let audit = try await S3(fixture.session).listObjectsV2(bucket: bucket, prefix: "audit").contents.map(\.key)
        var executions: [[String: String]] = []
        for key in audit where key.contains("-execute-") {
            let body = try await S3(fixture.session).getObject(bucket: bucket, key: key).body
            executions.append(((try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]).compactMapValues { $0 as? String })
        }
        #expect(
            executions.contains { $0["planID"] == planID && $0["result"] == "succeeded" && $0["actor"] == "arn:aws:iam::123456789012:user/ci-release" },
            "the audit trail records the release job running the approved plan: \(executions)")
        let records = try await Self.releaseRecords(fixture, bucket: bucket)
        #expect(records.map(\.result) == ["succeeded"] && records.first?.image == image, "\(records)")
        #expect(records.first?.who == "arn:aws:iam::123456789012:user/ci-release", "the release job's identity released it")

        // Broken workflows fail where they are broken, and release nothing.
        let broken: [(String, String, String, String)] = [
            ("the plan ID not carried", "plan-id: ${{ steps.plan.outputs.plan-id }}", "plan-id: ${{ steps.plan.outputs.planid }}", "release/Show the plan and its approvals"),
            ("the release job not waiting for the plan job", "    needs: plan\n", "", "release/Show the plan and its approvals"),
            ("a release without the plan", #" --plan "$PLAN_ID" --json"#, " --json", "release/Release exactly that plan"),
        ]
        for (name, original, replacement, failing) in broken {
            #expect(text.contains(original), "\(name): the workflow has \(original)")
            do {
                _ = try await run(text.replacingOccurrences(of: original, with: replacement), attempt: name)
                Issue.record("\(name): the workflow ran through")
            } catch let failure as WorkflowRunner.StepFailed {
                #expect("\(failure.job)/\(failure.step)" == failing, "\(name): \(failure)")
                if name == "a release without the plan" {
                    #expect(failure.result.status == 3 && failure.result.stderr.contains("releases only an approved release plan"), "\(failure)")
                }
            }
        }
        #expect(try await Self.releaseRecords(fixture, bucket: bucket).count == records.count, "no other release ran")
        #expect(try await Self.servingImages(fixture) == [image])
    }
}
