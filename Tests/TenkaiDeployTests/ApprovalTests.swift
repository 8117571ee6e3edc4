import Foundation
import TenkaiCore
import Testing
@testable import TenkaiDeploy

@Suite("Plans and Ed25519 approvals")
struct ApprovalTests {
    let pdm: Ed25519.PrivateKey
    let pl: Ed25519.PrivateKey
    let environment: EnvironmentConfig
    let plan: DeployPlan

    init() throws {
        pdm = try Ed25519.PrivateKey.generate()
        pl = try Ed25519.PrivateKey.generate()
        environment = try Self.production(approvers: ["pdm": try pdm.publicKeyBase64, "pl": try pl.publicKeyBase64])
        plan = DeployPlan(system: "fileshare", environment: "prod", author: Self.ci, stacks: [
            .init(stack: "data", stackName: "fileshare-prod-data", region: "ap-northeast-1", changeSetARN: "arn:cs/1", kind: "UPDATE",
                  templateSHA256: "abc", parameters: [:], tags: [:], changes: [PlannedChange(action: "Add", logicalResourceID: "B", resourceType: "AWS::S3::Bucket")]),
        ])
    }

    static let ci = "arn:aws:iam::123456789012:user/ci"
    static func principal(_ name: String) -> String { "arn:aws:iam::123456789012:user/\(name)" }

    /// A production environment file with these approvers, read by the real (strict) loader.
    static func production(approvers: [String: String]) throws -> EnvironmentConfig {
        let list = approvers.keys.sorted().map { "  - name: \($0)\n    publicKey: \"\(approvers[$0]!)\"" }.joined(separator: "\n")
        let yaml = """
            name: prod
            tier: production
            account: "333333333333"
            region: ap-northeast-1
            multiAZ: true
            domain: example.com
            approvers:
            \(list)
            requiredApprovals: 2
            """
        return try EnvironmentLoader.parse(Array(yaml.utf8), file: "prod.yaml", expectedName: "prod")
    }

    func approval(_ name: String, _ key: Ed25519.PrivateKey, plan: DeployPlan? = nil, expires: TimeInterval = 3600) throws -> PlanApproval {
        let plan = plan ?? self.plan
        return try PlanApproval.sign(
            planID: plan.id, environment: plan.environment, approver: name, principal: Self.principal(name), author: plan.author,
            expiresAt: Date().addingTimeInterval(expires), key: key)
    }

    @Test func signaturesVerifyWithTheMatchingPublicKeyOnly() throws {
        let message = Array("plan".utf8)
        let signature = try pdm.sign(message)
        #expect(signature.count == 64)
        #expect(Ed25519.verify(signature, of: message, publicKey: try pdm.publicKeyBase64))
        #expect(!Ed25519.verify(signature, of: message, publicKey: try pl.publicKeyBase64))
        #expect(!Ed25519.verify(signature, of: Array("plan!".utf8), publicKey: try pdm.publicKeyBase64))
        #expect(try pdm.publicKeyBase64.hasPrefix("MCowBQYDK2VwAyEA"))
    }

    @Test func aPrivateKeyReadsBackFromPEMAndNeverPrintsItself() throws {
        let again = try Ed25519.PrivateKey(pem: pdm.pem)
        #expect(try again.publicKeyBase64 == pdm.publicKeyBase64)
        let secret = pdm.pem.split(separator: "\n")[1]
        #expect(!"\(pdm)".contains(secret))
        #expect(throws: Ed25519.KeyError.self) { try Ed25519.PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----") }
    }

    @Test func theOpenSSLCommandLineKeyFormatIsAccepted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("key.pem")
        let generated = try runOpenSSL(["genpkey", "-algorithm", "ed25519", "-out", keyFile.path])
        #expect(generated == 0)
        let key = try Ed25519.PrivateKey(pem: String(contentsOf: keyFile, encoding: .utf8))
        let publicFile = folder.appendingPathComponent("public.der")
        #expect(try runOpenSSL(["pkey", "-in", keyFile.path, "-pubout", "-outform", "DER", "-out", publicFile.path]) == 0)
        #expect(try key.publicKeyBase64 == Data(contentsOf: publicFile).base64EncodedString())
    }

    private func runOpenSSL(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func twoDistinctValidApprovalsLetThePlanRun() throws {
        let accepted = try ApprovalCheck(environment: environment).check(plan, approvals: [approval("pdm", pdm), approval("pl", pl)])
        #expect(accepted == ["pdm", "pl"])
    }

    @Test func oneApprovalIsNotEnoughAndTheSameApproverTwiceCountsOnce() throws {
        let error = #expect(throws: DeployError.self) { try ApprovalCheck(environment: environment).check(plan, approvals: [approval("pdm", pdm), approval("pdm", pdm)]) }
        #expect(error?.code == .approvalRequired)
        #expect(error?.message.contains("1 of 2") == true)
    }

    @Test func expiredForgedAndOtherPlansApprovalsDoNotCount() throws {
        let otherPlan = DeployPlan(system: "fileshare", environment: "prod", author: Self.ci, stacks: [])
        let forged = try approval("pl", pdm)  // signed with pdm's key, claims to be pl
        let cases: [(PlanApproval, String)] = [
            (try approval("pl", pl, expires: -1), "expired"),
            (forged, "signature does not verify"),
            (try approval("pl", pl, plan: otherPlan), "approves another plan"),
        ]
        for (bad, reason) in cases {
            let error = #expect(throws: DeployError.self) { try ApprovalCheck(environment: environment).check(plan, approvals: [approval("pdm", pdm), bad]) }
            #expect(error?.message.contains(reason) == true, "\(reason)")
        }
    }

    @Test func theAuthorCannotApproveTheirOwnPlan() throws {
        let own = DeployPlan(system: "fileshare", environment: "prod", author: Self.principal("pdm"), stacks: plan.stacks)
        let approvals = [try approval("pdm", pdm, plan: own), try approval("pl", pl, plan: own)]
        let error = #expect(throws: DeployError.self) { try ApprovalCheck(environment: environment).check(own, approvals: approvals) }
        #expect(error?.message.contains("is the plan's author") == true)
    }

    @Test func thePlanIDCoversWhatRunsAndTheStoreRejectsAChangedPlan() throws {
        var changed = plan
        changed.stacks[0].parameters = ["X": "1"]
        #expect(changed.id != plan.id)
        var retimed = plan
        retimed.createdAt = Date(timeIntervalSince1970: 0)
        #expect(retimed.id == plan.id, "when it was made is not part of what runs")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = DeployPlanStore(folder: folder.path)
        let file = try store.save(plan)
        try store.save(approval("pdm", pdm))
        try store.save(approval("pl", pl))
        #expect(try store.approvedPlan(plan.id, environment: environment).id == plan.id)

        let tampered = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "arn:cs/1", with: "arn:cs/2")
        try tampered.write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: DeployError.self) { try store.approvedPlan(plan.id, environment: environment) }
        #expect(error?.code == .invalidPlan)
    }

    @Test func anApprovalFileThatIsNotAnApprovalIsAnErrorNotSkipped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = DeployPlanStore(folder: folder.path)
        _ = try store.save(plan)
        try store.save(approval("pdm", pdm))
        let garbled = folder.appendingPathComponent("\(plan.id)/approvals/pl.json")
        try Data("{\"approver\": ".utf8).write(to: garbled)
        let error = #expect(throws: DeployError.self) { try store.approvals(plan.id, approvers: ["pdm", "pl"]) }
        #expect(error?.code == .invalidPlan)
        #expect(error?.message.contains("pl.json is not an approval tenkai wrote") == true)
        try FileManager.default.removeItem(at: garbled)
        #expect(try store.approvals(plan.id, approvers: ["pdm", "pl"]).map(\.approver) == ["pdm"], "an absent approval is simply not there")
    }

    @Test func anApprovalInAnotherApproversFileIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = DeployPlanStore(folder: folder.path)
        _ = try store.save(plan)
        try store.save(approval("pdm", pdm))
        let pdmFile = folder.appendingPathComponent("\(plan.id)/approvals/pdm.json")
        #expect(FileManager.default.fileExists(atPath: pdmFile.path), "an approval is written to the file of its approver's name")
        try FileManager.default.copyItem(at: pdmFile, to: folder.appendingPathComponent("\(plan.id)/approvals/pl.json"))
        let error = #expect(throws: DeployError.self) { try store.approvals(plan.id, approvers: ["pdm", "pl"]) }
        #expect(error?.code == .invalidPlan)
        #expect(error?.message.contains("pl.json is pl's approval file but holds an approval signed as pdm") == true, "\(error?.message ?? "")")
    }
}
