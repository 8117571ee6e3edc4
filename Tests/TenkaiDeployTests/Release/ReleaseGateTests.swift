@testable import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// An image release to production is a plan too, against moto behind the release proxy: CI
/// records the release plan in its own folder (nothing in it but the environment file: the
/// target comes from the deployed stacks' outputs), two approvers sign it from theirs, a release job in
/// a fourth folder runs exactly it, once. Every other way to release is refused.
@Suite("Gated releases to production across folders, against moto", .serialized)
struct ReleaseGateTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-release-gate-\(UUID().uuidString)")
    static let bucket = "tenkai-artifacts-123456789012-us-east-1"

    struct Role {
        var name: String
        var folder: URL
        var environment: [String: String]
        var arn: String { "arn:aws:iam::123456789012:user/\(name)" }
    }

    /// prod.yaml moved to the fixture's region with a canary strategy and the test's approver keys.
    func writeEnvironments(to folder: URL, keys: [String: Ed25519.PrivateKey]) throws {
        let directory = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"), encoding: .utf8)
        text = text.replacing(/region: [a-z0-9-]+/, with: "region: us-east-1").replacing(/release: [a-zA-Z]+[^\n]*/, with: "release: canary 10% for 5m")
        for (approver, key) in keys {
            let pattern = try Regex("(- name: \(approver)\\n    publicKey: )\"[^\"]*\"")
            text = text.replacing(pattern) { match in "\(match.output[1].substring ?? "")\"\((try? key.publicKeyBase64) ?? "")\"" }
        }
        try text.write(to: directory.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
    }

    func role(_ name: String, fixture: ReleaseFixture, keys: [String: Ed25519.PrivateKey]) async throws -> Role {
        let credentials = try await Self.addUser(name, session: fixture.session)
        let folder = root.appendingPathComponent(name)
        try writeEnvironments(to: folder, keys: keys)
        var environment = ReleaseCommandTests.environment(fixture)
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        return Role(name: name, folder: folder, environment: environment)
    }

    /// An IAM user allowed everything, created with the administrator's signed calls (the fixture's
    /// background agent uses up moto's window of unsigned calls that `MotoServer.addUser` relies on).
    static func addUser(_ name: String, session: AWSSession) async throws -> MotoServer.Credentials {
        struct User: Encodable { var userName: String }
        struct Policy: Encodable { var userName: String, policyName = "allow-all", policyDocument = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"# }
        struct Created: Decodable { struct Key: Decodable { var accessKeyId: String, secretAccessKey: String }; var accessKey: Key }
        _ = try await session.query(.iam, "CreateUser", User(userName: name), as: Nothing.self)
        _ = try await session.query(.iam, "PutUserPolicy", Policy(userName: name), as: Nothing.self)
        let key = try await session.query(.iam, "CreateAccessKey", User(userName: name), as: Created.self).accessKey
        return MotoServer.Credentials(accessKeyID: key.accessKeyId, secretAccessKey: key.secretAccessKey)
    }

    func tenkai(_ arguments: [String], as role: Role) async throws -> ProcessResult {
        try await runProcess(DeployCommandTests.tenkai, arguments, environment: role.environment, currentDirectory: role.folder)
    }

    func keyFile(_ key: Ed25519.PrivateKey, in role: Role) throws -> String {
        let file = role.folder.appendingPathComponent("key.pem")
        try key.pem.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func aReleasePlanIsApprovedAndRunOnceAndEveryOtherReleaseIsRefused() async throws {
        let fixture = try await ReleaseFixture.start(environment: "prod")
        defer { try? FileManager.default.removeItem(at: root) }
        let pdmKey = try Ed25519.PrivateKey.generate(), plKey = try Ed25519.PrivateKey.generate()
        let keys = ["pdm": pdmKey, "pl": plKey]
        let ci = try await role("ci", fixture: fixture, keys: keys)
        let pdm = try await role("pdm", fixture: fixture, keys: keys)
        let pl = try await role("pl", fixture: fixture, keys: keys)
        let releaser = try await role("releaser", fixture: fixture, keys: keys)

        // The administrator pins the gate (what `tenkai bootstrap --env prod` writes) and the bucket exists.
        let prod = try EnvironmentLoader.load(ci.folder.appendingPathComponent("Environments/prod.yaml"))
        struct PutParameter: Encodable {
            var name: String, value: String, type = "String"
            enum CodingKeys: String, CodingKey { case name = "Name", value = "Value", type = "Type" }
        }
        _ = try await fixture.session.json(.ssm, "PutParameter", PutParameter(name: GatePolicy.parameterName, value: GatePolicy(prod).json), as: Nothing.self)
        try await S3(fixture.session).createBucket(Self.bucket)

        let image = fixture.images[0]
        // Another image by digest (moto gives the fixture's two images one digest, so this one is made up: refused before any registry is asked).
        let otherImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "f", count: 64)
        let release = ["release", "--env", "prod", "--system", "fileshare", "--image", image, "--bake", "1s", "--json"]

        // Production never releases without a plan.
        let unplanned = try await tenkai(release, as: releaser)
        #expect(unplanned.status == 3, "\(unplanned.stderr)")
        #expect(unplanned.stderr.contains("releases only an approved release plan"), "\(unplanned.stderr)")

        // A release plan names the image by digest, never by a tag.
        let tagged = try await tenkai(["plan", "release", "--env", "prod", "--system", "fileshare", "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare:v1"], as: ci)
        #expect(tagged.status == 1, "\(tagged.stderr)")
        #expect(tagged.stderr.contains("by digest"), "\(tagged.stderr)")

        // CI records the release plan.
        let made = try await tenkai(["plan", "release", "--env", "prod", "--system", "fileshare", "--image", image, "--bake", "1s", "--json"], as: ci)
        #expect(made.status == 0, "\(made.stderr)")
        let document = try #require((try? JSONSerialization.jsonObject(with: Data(made.stdout.utf8))) as? [String: Any], "\(made.stdout)\(made.stderr)")
        #expect(document["author"] as? String == ci.arn)
        let planID = try #require(document["planId"] as? String)
        let gated = release + ["--plan", planID]

        let unapproved = try await tenkai(gated, as: releaser)
        #expect(unapproved.status == 3, "\(unapproved.stderr)")
        #expect(unapproved.stderr.contains("0 of 2"), "\(unapproved.stderr)")

        // The approvers read it from their own folders and approve it with the same command as a deploy plan.
        let shown = try await tenkai(["plan", "show", planID, "--env", "prod"], as: pdm)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("an image release") && shown.stdout.contains("image \(image)") && shown.stdout.contains("strategy canary 10% for 5m, every bake 1s"), "\(shown.stdout)")
        #expect(shown.stdout.contains("stack \(fixture.stackName): CREATE_COMPLETE"), "\(shown.stdout)")
        let selfApproval = try await tenkai(["approve", planID, "--env", "prod", "--key", try keyFile(plKey, in: ci), "--yes"], as: ci)
        #expect(selfApproval.status == 3 && selfApproval.stderr.contains("cannot approve it"), "\(selfApproval.stderr)")
        #expect(try await tenkai(["approve", planID, "--env", "prod", "--key", try keyFile(pdmKey, in: pdm), "--yes"], as: pdm).status == 0)
        let underApproved = try await tenkai(gated, as: releaser)
        #expect(underApproved.status == 3 && underApproved.stderr.contains("1 of 2"), "\(underApproved.stderr)")
        let second = try await tenkai(["approve", planID, "--env", "prod", "--key", try keyFile(plKey, in: pl), "--yes"], as: pl)
        #expect(second.status == 0 && second.stdout.contains("2 of 2"), "\(second.stderr)")
        // Each approval went to the file of its approver's name, the one path tenkai-approve-prod lets that approver write.
        let approvalKeys = try await S3(fixture.session).listObjectsV2(bucket: Self.bucket, prefix: "plans").contents.map(\.key)
            .filter { $0.hasPrefix("plans/\(planID)/approvals") }
        #expect(approvalKeys.sorted() == ["plans/\(planID)/approvals/pdm.json", "plans/\(planID)/approvals/pl.json"])

        // Approved, but not for this image, strategy or bake.
        let others: [(String, [String], String)] = [
            ("another image", ["release", "--env", "prod", "--system", "fileshare", "--image", otherImage, "--bake", "1s", "--json", "--plan", planID],
             "image \(otherImage), the plan releases \(image)"),
            ("another strategy", gated + ["--strategy", "allAtOnce"], "strategy allAtOnce, the plan's is canary 10% for 5m"),
            ("another bake", release.filter { $0 != "1s" && $0 != "--bake" } + ["--plan", planID], "bake override none, the plan's is 1s"),
        ]
        for (name, arguments, reason) in others {
            let refused = try await tenkai(arguments, as: releaser)
            #expect(refused.status == 1, "\(name): \(refused.stderr)")
            #expect(refused.stderr.contains("is not the one plan \(planID) approves") && refused.stderr.contains(reason), "\(name): \(refused.stderr)")
        }
        #expect(try await fixture.weights() == ["blue": 1], "nothing was released: the listener still forwards to blue alone")

        // Stored plans that are not this one: tampered, expired, a deploy plan.
        let store = BucketPlanStore(s3: S3(fixture.session), bucket: Self.bucket)
        let planned = try await store.plan(planID)
        let planKey = "plans/\(planID)/plan.json"
        let original = try await S3(fixture.session).getObject(bucket: Self.bucket, key: planKey).body
        try await S3(fixture.session).putObject(
            bucket: Self.bucket, key: planKey, body: .data(Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: image, with: otherImage).utf8)))
        let tampered = try await tenkai(gated, as: releaser)
        #expect(tampered.status == 1 && tampered.stderr.contains("was changed after it was made"), "\(tampered.stderr)")
        try await S3(fixture.session).putObject(bucket: Self.bucket, key: planKey, body: .data(original))

        var expired = planned
        expired.createdAt = Date().addingTimeInterval(-7200)
        expired.expiresAt = Date().addingTimeInterval(-60)
        try await store.put(expired, templates: [:])
        for (name, key) in keys {
            try await store.put(try PlanApproval.sign(
                planID: expired.id, environment: "prod", approver: name, principal: "arn:aws:iam::123456789012:user/\(name)", author: expired.author,
                expiresAt: Date().addingTimeInterval(600), key: key))
        }
        let late = try await tenkai(release + ["--plan", expired.id], as: releaser)
        #expect(late.status == 1 && late.stderr.contains("expired at"), "\(late.stderr)")

        let deployPlan = DeployPlan(system: "fileshare", environment: "prod", author: ci.arn, environmentSHA256: planned.environmentSHA256, stacks: [])
        try await store.put(deployPlan, templates: [:])
        let wrongKind = try await tenkai(release + ["--plan", deployPlan.id], as: releaser)
        #expect(wrongKind.status == 1 && wrongKind.stderr.contains("is a deploy of fileshare, not a release"), "\(wrongKind.stderr)")

        // A second plan (all at once), approved too, made against the stacks as they are now.
        let stale = try await tenkai(["plan", "release", "--env", "prod", "--system", "fileshare", "--image", image, "--strategy", "allAtOnce"], as: ci)
        let staleDocument = (try? JSONSerialization.jsonObject(with: Data(stale.stdout.utf8))) as? [String: Any]
        let staleID = try #require(staleDocument?["planId"] as? String, "\(stale.stdout)\(stale.stderr)")
        #expect(try await tenkai(["approve", staleID, "--env", "prod", "--key", try keyFile(pdmKey, in: pdm), "--yes"], as: pdm).status == 0)
        #expect(try await tenkai(["approve", staleID, "--env", "prod", "--key", try keyFile(plKey, in: pl), "--yes"], as: pl).status == 0)

        // The approved plan runs, from the release job's folder, exactly once.
        let released = try await tenkai(gated, as: releaser)
        #expect(released.status == 0, "\(released.stderr)")
        #expect(released.stdout.contains(#""event":"release-finished""#))
        #expect(try await fixture.weights() == ["blue": 100, "green": 0], "handed back to the stack's service")
        let replay = try await tenkai(gated, as: releaser)
        #expect(replay.status == 1 && replay.stderr.contains("was already used"), "\(replay.stderr)")

        // The release recorded its image in the stack, so the second plan no longer holds.
        let moved = try await tenkai(["release", "--env", "prod", "--system", "fileshare", "--image", image, "--strategy", "allAtOnce", "--json", "--plan", staleID], as: releaser)
        #expect(moved.status == 1 && moved.stderr.contains("the stack changed since the plan was made"), "\(moved.stderr)")

        // Every outcome is in the audit trail.
        let events = try await S3(fixture.session).listObjectsV2(bucket: Self.bucket, prefix: "audit").contents.map(\.key)
        for event in ["-plan-", "-approve-", "-execute-", "-refuse-"] {
            #expect(events.contains { $0.contains(event) }, "an audit record for \(event)")
        }
    }
}
