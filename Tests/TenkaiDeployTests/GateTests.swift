import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The prod gate as three roles live it, each in a working directory of its own that shares
/// nothing with the others but the emulator: an administrator bootstraps (pinning the approvers in
/// the account), CI plans, two approvers read and sign from their own folders with their own keys,
/// a deploy job in a fourth folder runs the plan. Every way to get around the gate is tried and refused.
@Suite("The prod gate across machines, against moto", .serialized)
struct GateTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-gate-\(UUID().uuidString)")

    /// One person or machine: its own folder, its own IAM user.
    struct Role {
        var folder: URL
        var environment: [String: String]
        var arn: String
    }

    func role(_ name: String, moto: MotoDeployment, keys: [String: Ed25519.PrivateKey], credentials: MotoServer.Credentials? = nil) async throws -> Role {
        let credentials = if let credentials { credentials } else { try await moto.moto.addUser(name) }
        let folder = root.appendingPathComponent(name)
        try TestEnvironments.write(to: folder.appendingPathComponent("Environments"), approvers: keys)
        var environment = moto.environment
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        return Role(folder: folder, environment: environment, arn: "arn:aws:iam::123456789012:user/\(name)")
    }

    func tenkai(_ arguments: [String], as role: Role) async throws -> ProcessResult {
        try await runProcess(DeployCommandTests.tenkai, arguments, environment: role.environment, currentDirectory: role.folder)
    }

    /// Runs tenkai with a terminal (util-linux `script` gives it a pseudo-terminal) and types `answer`.
    func tenkaiInTerminal(_ arguments: [String], as role: Role, answer: String) async throws -> ProcessResult {
        let command = ([DeployCommandTests.tenkai.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await runProcess(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], environment: role.environment, currentDirectory: role.folder,
            stdin: Data("\(answer)\n".utf8))
    }

    func keyFile(_ key: Ed25519.PrivateKey, in role: Role, named name: String = "key.pem") throws -> String {
        let file = role.folder.appendingPathComponent(name)
        try key.pem.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Puts bytes into the bucket with a plain, unconditional PutObject: what someone with write
    /// access to the bucket could do around Tenkai.
    func sneak(_ data: Data, key: String, moto: MotoDeployment) async throws {
        let s3 = S3(moto.aws.session("ap-northeast-1"))
        try await s3.putObject(bucket: "tenkai-artifacts-123456789012-ap-northeast-1", key: key, body: .data(data))
    }

    func encoded(_ approval: PlanApproval) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(approval)
    }

    @Test func planApproveAndDeployFromSeparateFoldersWithEveryBypassRefused() async throws {
        let moto = try await MotoDeployment.start(environment: "prod")
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: root) }
        let pdmKey = try Ed25519.PrivateKey.generate(), plKey = try Ed25519.PrivateKey.generate()
        let keys = ["pdm": pdmKey, "pl": plKey]
        let administrator = try #require(moto.moto.credentials)
        let admin = try await role("admin", moto: moto, keys: keys, credentials: administrator)
        let ci = try await role("ci", moto: moto, keys: keys)
        let pdm = try await role("pdm", moto: moto, keys: keys)
        let pl = try await role("pl", moto: moto, keys: keys)
        let deployer = try await role("deployer", moto: moto, keys: keys)
        let selection = ["--system", "fileshare"] + moto.targets.flatMap { ["--stack", $0.name] }
        #expect(!moto.targets.isEmpty)

        // Before the administrator pins the gate, production refuses to plan or deploy.
        let unpinned = try await tenkai(["plan", "--env", "prod", "--json"] + selection, as: ci)
        #expect(unpinned.status == 3, "\(unpinned.stderr)")
        #expect(unpinned.stderr.contains("no pinned gate"))

        let bootstrap = try await tenkai(["bootstrap", "--env", "prod", "--system", "fileshare"], as: admin)
        #expect(bootstrap.status == 0, "\(bootstrap.stderr)")

        // CI plans; the author is CI's AWS identity.
        func plan() async throws -> String {
            let made = try await tenkai(["plan", "--env", "prod", "--json"] + selection, as: ci)
            #expect(made.status == 0, "\(made.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any], "\(made.stdout)\(made.stderr)")
            #expect(document["author"] as? String == ci.arn)
            #expect((document["stored"] as? [String])?.contains("s3://tenkai-artifacts-123456789012-ap-northeast-1") == true)
            return try #require(document["planId"] as? String)
        }
        let planA = try await plan()
        let deploy = ["deploy", "--env", "prod", "--plan", planA] + selection

        // Unapproved.
        let unapproved = try await tenkai(deploy, as: deployer)
        #expect(unapproved.status == 3, "\(unapproved.stderr)")
        #expect(unapproved.stderr.contains("0 of 2"))

        // An approver reads the plan from their own folder: it came through the bucket.
        let shown = try await tenkai(["plan", "show", planA, "--env", "prod"], as: pdm)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("plan \(planA)") && shown.stdout.contains("made by \(ci.arn)"))
        #expect(shown.stdout.contains("security-relevant changes"))
        #expect(shown.stdout.contains("cloud assembly: manifest.json SHA-256 "), "the plan binds the assembly CI synthesized")
        #expect(shown.stdout.contains(" → "), "property values before and after")

        // Without a terminal, approving needs --yes.
        let pdmKeyFile = try keyFile(pdmKey, in: pdm)
        let unconfirmed = try await tenkai(["approve", planA, "--env", "prod", "--key", pdmKeyFile], as: pdm)
        #expect(unconfirmed.status != 0)
        #expect(unconfirmed.stderr.contains("--yes"))
        let pdmApproves = try await tenkai(["approve", planA, "--env", "prod", "--key", pdmKeyFile, "--yes"], as: pdm)
        #expect(pdmApproves.status == 0, "\(pdmApproves.stderr)")
        #expect(!pdmApproves.stdout.contains(pdmKey.pem.split(separator: "\n")[1]), "the key is never printed")

        // Same approver twice: refused at upload (nothing is overwritten).
        let twice = try await tenkai(["approve", planA, "--env", "prod", "--key", pdmKeyFile, "--yes"], as: pdm)
        #expect(twice.status == 3, "\(twice.stderr)")
        #expect(twice.stderr.contains("already approved"))
        let underApproved = try await tenkai(deploy, as: deployer)
        #expect(underApproved.status == 3, "\(underApproved.stderr)")
        #expect(underApproved.stderr.contains("1 of 2"))

        // Self-approval: CI holding an approver's key cannot approve its own plan.
        let selfApproval = try await tenkai(["approve", planA, "--env", "prod", "--key", try keyFile(plKey, in: ci), "--yes"], as: ci)
        #expect(selfApproval.status == 3, "\(selfApproval.stderr)")
        #expect(selfApproval.stderr.contains("cannot approve it"))

        // A key no approver holds.
        let stranger = try await tenkai(["approve", planA, "--env", "prod", "--key", try keyFile(try Ed25519.PrivateKey.generate(), in: pl, named: "other.pem"), "--yes"], as: pl)
        #expect(stranger.status == 3, "\(stranger.stderr)")
        #expect(stranger.stderr.contains("belongs to no approver"))

        // The second approver approves from their own folder, in a terminal: typing anything but
        // the environment's name approves nothing; typing it does, and plan A has its two approvals.
        let plKeyFile = try keyFile(plKey, in: pl)
        let declined = try await tenkaiInTerminal(["approve", planA, "--env", "prod", "--key", plKeyFile], as: pl, answer: "yes")
        #expect(declined.status != 0, "\(declined.stdout)")
        #expect(declined.stdout.contains("Type 'prod' to approve") && declined.stdout.contains("not approved"), "\(declined.stdout)")
        let plApproves = try await tenkaiInTerminal(["approve", planA, "--env", "prod", "--key", plKeyFile], as: pl, answer: "prod")
        #expect(plApproves.status == 0, "\(plApproves.stderr)")
        #expect(plApproves.stdout.contains("2 of 2"))

        // Approvals made around Tenkai and written over pl's with plain PutObject calls: each is named and not counted.
        let store = BucketPlanStore.forAccount(of: moto.aws.session("ap-northeast-1"), account: "123456789012")
        let planDocument = try await store.plan(planA)
        let approvals = try await store.approvals(planA, approvers: ["pdm", "pl"])
        let pdmApproval = try #require(approvals.first { $0.approver == "pdm" })
        let plApproval = try #require(approvals.first { $0.approver == "pl" })
        func signedByPL(environment: String = "prod", expires: TimeInterval = 3600, key: Ed25519.PrivateKey = plKey) throws -> PlanApproval {
            try PlanApproval.sign(
                planID: planA, environment: environment, approver: "pl", principal: pl.arn, author: planDocument.author,
                expiresAt: Date().addingTimeInterval(expires), key: key)
        }
        var tampered = plApproval
        tampered.expiresAt = tampered.expiresAt.addingTimeInterval(-600)
        let sneaked: [(String, PlanApproval, String)] = [
            ("wrong key", try signedByPL(key: pdmKey), "signature does not verify"),
            ("another environment", try signedByPL(environment: "stg"), "approves for environment stg"),
            ("expired", try signedByPL(expires: -60), "expired"),
            ("tampered", tampered, "signature does not verify"),
        ]
        let plApprovalKey = "plans/\(planA)/approvals/pl.json"
        for (name, approval, reason) in sneaked {
            try await sneak(try encoded(approval), key: plApprovalKey, moto: moto)
            let refused = try await tenkai(deploy, as: deployer)
            #expect(refused.status == 3, "\(name): \(refused.stderr)")
            #expect(refused.stderr.contains("1 of 2") && refused.stderr.contains(reason), "\(name): \(refused.stderr)")
        }
        // pdm's own approval in pl's file: the file of one approver holding another's is refused outright.
        try await sneak(try encoded(pdmApproval), key: plApprovalKey, moto: moto)
        let crossed = try await tenkai(deploy, as: deployer)
        #expect(crossed.status == 1, "\(crossed.stderr)")
        #expect(crossed.stderr.contains("approvals/pl.json is pl's approval file but holds an approval signed as pdm"), "\(crossed.stderr)")
        try await sneak(try encoded(plApproval), key: plApprovalKey, moto: moto)

        // A tampered plan (overwritten with a plain PutObject) no longer hashes to its ID.
        let planKey = "plans/\(planA)/plan.json"
        let original = try await S3(moto.aws.session("ap-northeast-1")).getObject(bucket: "tenkai-artifacts-123456789012-ap-northeast-1", key: planKey).body
        let changed = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"prod\"", with: "\"prod\" ", options: [], range: nil)
            .replacingOccurrences(of: "\"CREATE\"", with: "\"UPDATE\"")
        try await sneak(Data(changed.utf8), key: planKey, moto: moto)
        let tamperedPlan = try await tenkai(deploy, as: deployer)
        #expect(tamperedPlan.status == 1, "\(tamperedPlan.stderr)")
        #expect(tamperedPlan.stderr.contains("was changed after it was made"))
        try await sneak(original, key: planKey, moto: moto)

        // The environment file in the deploying folder is the deployer's to edit; the pinned gate is not.
        let edits: [(String, (String) -> String, [String], Int32, String)] = [
            ("no-required-approvals", { $0.replacingOccurrences(of: "requiredApprovals: 2\n", with: "") }, deploy, 1, "requiredApprovals"),
            ("one-approval", { $0.replacingOccurrences(of: "requiredApprovals: 2", with: "requiredApprovals: 1") }, deploy, 3, "requiredApprovals is 1 in the file, 2 pinned"),
            ("own-approvers", { $0.replacingOccurrences(of: "name: pdm", with: "name: mallory") }, deploy, 3, "the approvers (or their keys) differ"),
            ("not-production", {
                $0.replacingOccurrences(of: "tier: production", with: "tier: staging").replacingOccurrences(of: "requiredApprovals: 2\n", with: "")
            }, ["deploy", "--env", "prod"] + selection, 3, "the account is pinned as production"),
        ]
        for (name, edit, arguments, status, message) in edits {
            var copied = deployer
            copied.folder = root.appendingPathComponent("deployer-\(name)")
            try TestEnvironments.write(to: copied.folder.appendingPathComponent("Environments"), approvers: keys, edit: edit)
            let refused = try await tenkai(arguments, as: copied)
            #expect(refused.status == status, "\(name): \(refused.stderr)")
            #expect(refused.stderr.contains(message), "\(name): \(refused.stderr)")
        }

        // Plan A, approved twice, runs from the deploy job's folder; it cannot run twice.
        let deployed = try await tenkai(deploy, as: deployer)
        #expect(deployed.status == 0, "\(deployed.stdout)\(deployed.stderr)")
        let stackName = "fileshare-prod-\(moto.targets[0].name)"
        #expect(try await moto.aws.cloudFormation("ap-northeast-1").describeStack(named: stackName)?.status.rawValue == "CREATE_COMPLETE")
        let replay = try await tenkai(deploy, as: deployer)
        #expect(replay.status == 1, "\(replay.stderr)")
        #expect(replay.stderr.contains("the stack changed since the plan was made"), "\(replay.stderr)")

        // A stale change set: an update (a new tag) is planned and approved, then the stack changes
        // before it runs (here: deleted by someone else), so the plan no longer holds.
        let retagged: (String) -> String = { $0.replacingOccurrences(of: "cost-center: sales-platform", with: "cost-center: platform") }
        for role in [ci, deployer] {
            try TestEnvironments.write(to: role.folder.appendingPathComponent("Environments"), approvers: keys, edit: retagged)
        }
        let update = try await plan()
        #expect(try await tenkai(["plan", "show", update, "--env", "prod"], as: pdm).stdout.contains("update, "))
        #expect(try await tenkai(["approve", update, "--env", "prod", "--key", pdmKeyFile, "--yes"], as: pdm).status == 0)
        #expect(try await tenkai(["approve", update, "--env", "prod", "--key", try keyFile(plKey, in: pl), "--yes"], as: pl).status == 0)
        // A second plan of the same update, approved, whose change set someone deleted: refused with the reason.
        let deletedChangeSet = try await plan()
        #expect(try await tenkai(["approve", deletedChangeSet, "--env", "prod", "--key", pdmKeyFile, "--yes"], as: pdm).status == 0)
        #expect(try await tenkai(["approve", deletedChangeSet, "--env", "prod", "--key", try keyFile(plKey, in: pl), "--yes"], as: pl).status == 0)
        let changeSet = try #require(try await store.plan(deletedChangeSet).stacks.first)
        try await moto.aws.cloudFormation("ap-northeast-1").deleteChangeSet(changeSet.changeSetARN, stackName: changeSet.stackName)
        let gone = try await tenkai(["deploy", "--env", "prod", "--plan", deletedChangeSet] + selection, as: deployer)
        #expect(gone.status == 1, "\(gone.stderr)")
        #expect(gone.stderr.contains("cannot be read (deleted, or executed already)"), "\(gone.stderr)")

        try await moto.aws.cloudFormation("ap-northeast-1").deleteStack(named: stackName, clientRequestToken: "gate-test-\(UUID().uuidString)")
        let stale = try await tenkai(["deploy", "--env", "prod", "--plan", update] + selection, as: deployer)
        #expect(stale.status == 1, "\(stale.stderr)")
        #expect(stale.stderr.contains("the stack changed since the plan was made") && stale.stderr.contains("it is not deployed"), "\(stale.stderr)")

        // Every step left an audit record in the bucket, written once each.
        let audit = try await S3(moto.aws.session("ap-northeast-1")).listObjectsV2(bucket: "tenkai-artifacts-123456789012-ap-northeast-1", prefix: "audit")
        let events = audit.contents.map(\.key)
        for event in ["-plan-", "-approve-", "-execute-", "-refuse-"] {
            #expect(events.contains { $0.contains(event) }, "an audit record for \(event)")
        }
    }
}
