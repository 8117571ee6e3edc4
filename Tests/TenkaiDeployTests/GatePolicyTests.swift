import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The pieces of the gate that need no emulator: the pinned policy against the local file, the
/// loader's floor for production, plan expiry and the environment file's digest, the report an
/// approver reads, and the bootstrap stack that pins it all.
@Suite("The pinned gate, plan admission and the approver's report")
struct GatePolicyTests {
    let pdm: Ed25519.PrivateKey
    let pl: Ed25519.PrivateKey
    let environment: EnvironmentConfig

    init() throws {
        pdm = try Ed25519.PrivateKey.generate()
        pl = try Ed25519.PrivateKey.generate()
        environment = try ApprovalTests.production(approvers: ["pdm": try pdm.publicKeyBase64, "pl": try pl.publicKeyBase64])
    }

    @Test func aProductionEnvironmentWithoutApprovalsDoesNotLoad() throws {
        let yaml = """
            name: prod
            tier: production
            account: "333333333333"
            region: ap-northeast-1
            multiAZ: true
            domain: example.com
            """
        let error = #expect(throws: TenkaiError.self) { try EnvironmentLoader.parse(Array(yaml.utf8), file: "prod.yaml", expectedName: "prod") }
        #expect(error?.diagnostics.contains { $0.message.contains("at least 1") } == true)
    }

    @Test func thePinRoundTripsAndAgreesWithTheFileItWasMadeFrom() throws {
        let pinned = GatePolicy(environment)
        #expect(try GatePolicy(json: pinned.json) == pinned)
        try pinned.requireAgreement(with: environment)
    }

    @Test func everyDisagreementWithThePinIsNamed() throws {
        let pinned = GatePolicy(environment)
        var fewer = environment
        fewer.requiredApprovals = 1
        var swapped = environment
        swapped.approvers[1].publicKey = try Ed25519.PrivateKey.generate().publicKeyBase64
        var downgraded = environment
        downgraded.tier = .staging
        var longer = environment
        longer.planValidityHours = 168
        let cases: [(EnvironmentConfig, String)] = [
            (fewer, "requiredApprovals is 1 in the file, 2 pinned"),
            (swapped, "the approvers (or their keys) differ"),
            (downgraded, "the file's tier is staging"),
            (longer, "planValidityHours is 168 in the file, 24 pinned"),
        ]
        for (local, message) in cases {
            let error = #expect(throws: DeployError.self) { try pinned.requireAgreement(with: local) }
            #expect(error?.message.contains(message) == true, "\(message): \(error?.message ?? "")")
        }
    }

    func plan(expiresIn: TimeInterval = 3600, digest: String = "abc") -> DeployPlan {
        DeployPlan(
            system: "fileshare", environment: "prod", author: ApprovalTests.ci, createdAt: Date(), expiresAt: Date().addingTimeInterval(expiresIn),
            environmentSHA256: digest, stacks: [])
    }

    func approvals(_ plan: DeployPlan) throws -> [PlanApproval] {
        try [("pdm", pdm), ("pl", pl)].map { name, key in
            try PlanApproval.sign(
                planID: plan.id, environment: "prod", approver: name, principal: ApprovalTests.principal(name), author: plan.author,
                expiresAt: Date().addingTimeInterval(1800), key: key)
        }
    }

    @Test func anApprovedPlanIsAdmittedOnlyWithItsEnvironmentFileAndBeforeItExpires() throws {
        let gate = PlanGate(policy: GatePolicy(environment), environmentSHA256: "abc")
        let good = plan()
        #expect(try gate.admit(good, approvals: approvals(good)) == ["pdm", "pl"])

        let otherFile = plan(digest: "def")
        let fileError = #expect(throws: DeployError.self) { try gate.admit(otherFile, approvals: approvals(otherFile)) }
        #expect(fileError?.message.contains("different environment file") == true)

        let expired = plan(expiresIn: -1)
        let expiredError = #expect(throws: DeployError.self) { try gate.admit(expired, approvals: approvals(expired)) }
        #expect(expiredError?.message.contains("expired") == true)

        let tooLong = plan(expiresIn: 30 * 24 * 3600)
        let longError = #expect(throws: DeployError.self) { try gate.admit(tooLong, approvals: approvals(tooLong)) }
        #expect(longError?.message.contains("longer than the gate's 24 h") == true)
    }

    @Test func thePlanIDCoversAuthorEnvironmentFileAndExpiry() {
        let base = plan()
        var author = base
        author.author = ApprovalTests.principal("pdm")
        var file = base
        file.environmentSHA256 = "other"
        var expiry = base
        expiry.expiresAt = base.expiresAt.addingTimeInterval(3600)
        #expect(Set([base.id, author.id, file.id, expiry.id]).count == 4)
    }

    @Test func theReportShowsValuesBeforeAndAfterAndGathersSecurityRelevantChanges() throws {
        let deployed = #"{"Resources":{"Web":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"web","SecurityGroupIngress":[]}},"Old":{"Type":"AWS::S3::Bucket","Properties":{}}}}"#
        let planned = #"{"Resources":{"Web":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"web","SecurityGroupIngress":[{"CidrIp":"0.0.0.0/0","IpProtocol":"tcp","FromPort":22,"ToPort":22}]}},"Role":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"r"}}}}"#
        let entry = DeployPlan.Stack(
            stack: "app", stackName: "fileshare-prod-app", region: "ap-northeast-1", changeSetARN: "arn:cs", kind: "UPDATE", templateSHA256: "x",
            parameters: [:], tags: [:],
            changes: [
                PlannedChange(action: "Modify", logicalResourceID: "Web", resourceType: "AWS::EC2::SecurityGroup", replacement: "False"),
                PlannedChange(action: "Add", logicalResourceID: "Role", resourceType: "AWS::IAM::Role"),
                PlannedChange(action: "Remove", logicalResourceID: "Old", resourceType: "AWS::S3::Bucket"),
            ],
            state: StackSnapshot(status: "UPDATE_COMPLETE", lastChanged: 0))
        let plan = DeployPlan(system: "fileshare", environment: "prod", author: ApprovalTests.ci, stacks: [entry])
        let text = PlanReport(
            plan: plan, templates: .init(planned: ["fileshare-prod-app": Array(planned.utf8)], deployed: ["fileshare-prod-app": Array(deployed.utf8)])
        ).lines.joined(separator: "\n")
        #expect(text.contains(#"SecurityGroupIngress: [] → [{"CidrIp":"0.0.0.0/0","#))
        #expect(text.contains(#"RoleName: (none) → "r""#))
        #expect(text.contains("fileshare-prod-app/Web: network access"))
        #expect(text.contains("fileshare-prod-app/Web: public access"))
        #expect(text.contains("fileshare-prod-app/Role: permissions"))
        #expect(text.contains("fileshare-prod-app/Old: DELETION of AWS::S3::Bucket (holds data)"))
        #expect(text.contains("security-relevant changes (4)"))

        let tlsOnly = try JSONReader.read(Array(#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}"#.utf8))
        let open = try JSONReader.read(Array(#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject"}]}"#.utf8))
        #expect(!PlanReport.allowsAnyone(tlsOnly), "denying everyone is not public access")
        #expect(PlanReport.allowsAnyone(open))
    }

    @Test func valuesFromTheChangeSetComeFirst() {
        let change = PlannedChange(
            action: "Modify", logicalResourceID: "Files", resourceType: "AWS::S3::Bucket", replacement: "False",
            details: [ChangeDetail(attribute: "Properties", name: "VersioningConfiguration", beforeValue: #"{"Status":"Suspended"}"#, afterValue: #"{"Status":"Enabled"}"#)])
        let entry = DeployPlan.Stack(
            stack: "data", stackName: "fileshare-prod-data", region: "ap-northeast-1", changeSetARN: "arn:cs", kind: "UPDATE", templateSHA256: "x",
            parameters: [:], tags: [:], changes: [change])
        let plan = DeployPlan(system: "fileshare", environment: "prod", author: ApprovalTests.ci, stacks: [entry])
        let text = PlanReport(plan: plan, templates: .init()).lines.joined(separator: "\n")
        #expect(text.contains(#"VersioningConfiguration: {"Status":"Suspended"} → {"Status":"Enabled"}  (change set)"#))
        var withoutValues = plan
        withoutValues.stacks[0].changes[0].details[0].afterValue = nil
        #expect(withoutValues.id != plan.id, "the values are part of what approvers sign")
    }

    @Test func theProductionBootstrapStackPinsTheGateAndConfinesExecutionAndIsCFNLintClean() async throws {
        let policy = GatePolicy(environment)
        let template = BootstrapStack.template(gate: policy, github: "example/tenkai")
        let pin = try #require(template.resources[BootstrapStack.gateParameterID])
        #expect(pin.properties["Name"] == .string("/tenkai/gate"))
        #expect(pin.properties["Value"] == .string(policy.json))
        let planner = String(decoding: JSONRenderer.render(try #require(template.resources[BootstrapStack.plannerRoleID]).properties["Policies"]!), as: UTF8.self)
        #expect(planner.contains("NeverExecute") && planner.contains("cloudformation:ExecuteChangeSet"))
        let executor = String(decoding: JSONRenderer.render(try #require(template.resources[BootstrapStack.executorRoleID]).properties["AssumeRolePolicyDocument"]!), as: UTF8.self)
        #expect(executor.contains("repo:example/tenkai:environment:prod"))
        #expect(BootstrapStack.template().resources[BootstrapStack.gateParameterID] == nil, "no pin outside production")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bootstrap.template.json")
        try Data(JSONRenderer.render(template.value)).write(to: file)
        #expect(try await CFNLint.findings([file]) == [])
    }
}
