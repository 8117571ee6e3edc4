import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The IAM the bootstrap stack renders for the GitHub flow outside production (one deploy role
/// per environment, assumable only by that environment's jobs) and for production's approvers
/// (read plans, write approvals, never execute), read back from the rendered template.
@Suite("The bootstrap stack's deploy roles and approvers' policy")
struct BootstrapRolesTests {
    /// A rendered template read back as plain JSON.
    func rendered(_ template: Template) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(template.value))) as? [String: Any])
    }

    func resource(_ id: String, in template: Template) throws -> [String: Any] {
        let resources = try #require(try rendered(template)["Resources"] as? [String: Any])
        return try #require(resources[id] as? [String: Any], "no \(id)")
    }

    func statements(_ document: Any?) -> [[String: Any]] {
        (document as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
    }

    func strings(_ value: Any?) -> [String] {
        let list = value as? [Any] ?? value.map { [$0] } ?? []
        return list.map { item in ((item as? [String: Any])?["Fn::Sub"] as? String) ?? (item as? String) ?? "\(item)" }
    }

    @Test(arguments: ["dev", "stg"])
    func eachEarlierEnvironmentHasADeployRoleOnlyItsGitHubEnvironmentMayAssume(environment: String) throws {
        let template = BootstrapStack.template(github: "example/tenkai", environment: environment)
        let role = try resource(BootstrapStack.deployRoleID, in: template)
        let properties = try #require(role["Properties"] as? [String: Any])
        #expect(properties["RoleName"] as? String == "tenkai-deploy-\(environment)")
        let trust = statements(properties["AssumeRolePolicyDocument"])
        #expect(trust.count == 1)
        let condition = try #require((trust.first?["Condition"] as? [String: Any])?["StringEquals"] as? [String: String])
        #expect(condition == [
            "token.actions.githubusercontent.com:sub": "repo:example/tenkai:environment:\(environment)",
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        ], "only the repository's jobs in the GitHub environment \(environment), never a branch or another environment")
        #expect(trust.first?["Action"] as? String == "sts:AssumeRoleWithWebIdentity")

        let policy = statements((properties["Policies"] as? [[String: Any]])?.first?["PolicyDocument"])
        let iam = try #require(policy.first { $0["Sid"] as? String == "ManageRolesOfTheStacks" })
        #expect(strings(iam["Resource"]) == ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*-\(environment)-*"])
        let confine = try #require(policy.first { $0["Sid"] as? String == "ExecuteOnlyTheEnvironmentsStacks" })
        #expect(confine["Effect"] as? String == "Deny")
        #expect(strings(confine["NotResource"]) == ["arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*-\(environment)-*/*"])
        let denied = policy.filter { $0["Effect"] as? String == "Deny" }.map { $0["Sid"] as? String ?? "" }
        #expect(Set(denied).isSuperset(of: ["KeepTheBootstrapStack", "KeepTheTenkaiRoles", "KeepPlansApprovalsAndAudit", "KeepTheBucket"]))
        #expect(template.resources[BootstrapStack.gateParameterID] == nil && template.resources[BootstrapStack.approverPolicyID] == nil)
        #expect(BootstrapStack.template(environment: environment).resources[BootstrapStack.deployRoleID] == nil, "no repository, no role")
    }

    @Test func productionsApproversMayReadPlansAndWriteApprovalsButNeverExecute() throws {
        let gate = GatePolicy(environment: "prod", requiredApprovals: 2, approvers: [.init(name: "pdm", publicKey: "k")], planValidityHours: 24)
        let template = BootstrapStack.template(gate: gate, github: "example/tenkai", environment: "prod")
        #expect(template.resources[BootstrapStack.deployRoleID] == nil, "production deploys through the executor role only")
        let policy = try resource(BootstrapStack.approverPolicyID, in: template)
        #expect(policy["Type"] as? String == "AWS::IAM::ManagedPolicy")
        let properties = try #require(policy["Properties"] as? [String: Any])
        #expect(properties["ManagedPolicyName"] as? String == "tenkai-approve-prod")
        let all = statements(properties["PolicyDocument"])
        let allowed = all.filter { $0["Effect"] as? String == "Allow" }
        let actions = Set(allowed.flatMap { strings($0["Action"]) })
        #expect(actions == ["ssm:GetParameter", "s3:GetObject", "s3:ListBucket", "s3:PutObject"])
        // Each approver creates only the approval file of their own name (the principal tag) and audit records, never overwriting.
        let writes = allowed.filter { strings($0["Action"]) == ["s3:PutObject"] }
        #expect(writes.map { $0["Sid"] as? String ?? "" } == ["WriteOwnApprovals", "WriteAuditRecords"])
        for (write, path) in zip(writes, ["/plans/*/approvals/${aws:PrincipalTag/tenkai-approver}.json", "/audit/*"]) {
            let resource = try #require((write["Resource"] as? [Any])?.first as? [String: Any])
            let join = try #require(resource["Fn::Join"] as? [Any])
            let parts = try #require(join.last as? [Any])
            #expect(join.first as? String == "" && parts.count == 2 && parts.last as? String == path, "\(resource)")
            #expect((parts.first as? [String: Any])?["Fn::GetAtt"] as? [String] == [BootstrapStack.bucketID, "Arn"])
            let condition = try #require(write["Condition"] as? [String: [String: String]])
            #expect(condition == ["Null": ["s3:if-none-match": "false"]], "only writes that create")
        }
        let denied = all.filter { $0["Effect"] as? String == "Deny" }
        let never = try #require(denied.first { $0["Sid"] as? String == "NeverExecute" })
        #expect(strings(never["Action"]).contains("cloudformation:ExecuteChangeSet") && strings(never["Resource"]) == ["*"])
        #expect(denied.contains { $0["Sid"] as? String == "KeepThePinnedGate" })

        // IAM is global: another region's bootstrap stack pins the gate but holds no roles or policies.
        let elsewhere = BootstrapStack.template(gate: gate, github: "example/tenkai", environment: "prod", iam: false)
        #expect(elsewhere.resources[BootstrapStack.gateParameterID] != nil)
        #expect(!elsewhere.resources.values.contains { $0.type.hasPrefix("AWS::IAM::") })
        #expect(BootstrapStack.template(github: "example/tenkai", environment: "dev", iam: false).resources[BootstrapStack.deployRoleID] == nil)
    }

    @Test func theBootstrapStacksAreCFNLintClean() async throws {
        let gate = GatePolicy(environment: "prod", requiredApprovals: 2, approvers: [.init(name: "pdm", publicKey: "k")], planValidityHours: 24)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for (name, template) in [
            ("dev", BootstrapStack.template(github: "example/tenkai", environment: "dev")),
            ("stg", BootstrapStack.template(github: "example/tenkai", environment: "stg")),
            ("prod", BootstrapStack.template(gate: gate, github: "example/tenkai", environment: "prod")),
        ] {
            let file = folder.appendingPathComponent("bootstrap-\(name).template.json")
            try Data(JSONRenderer.render(template.value)).write(to: file)
            files.append(file)
        }
        #expect(try await CFNLint.findings(files) == [])
    }
}

extension BootstrapRolesTests {
    /// The three bootstrap templates as files for the scanners.
    static func templateFiles(in folder: URL) throws -> [URL] {
        let gate = GatePolicy(environment: "prod", requiredApprovals: 2, approvers: [.init(name: "pdm", publicKey: "k")], planValidityHours: 24)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try [
            ("dev", BootstrapStack.template(github: "example/tenkai", environment: "dev", pipelineRole: try BootstrapStack.PipelineRole(arn: pipelineRoleARN))),
            ("stg", BootstrapStack.template(github: "example/tenkai", environment: "stg")),
            ("prod", BootstrapStack.template(gate: gate, github: "example/tenkai", environment: "prod")),
        ].map { name, template in
            let file = folder.appendingPathComponent("bootstrap-\(name).template.json")
            try Data(JSONRenderer.render(template.value)).write(to: file)
            return file
        }
    }

    /// checkov finds nothing in the IAM (dev's deploy role trusting the production pipeline's role
    /// included). cfripper finds exactly one thing per template, by design:
    /// `PrivilegeEscalationRule` on the role that deploys (tenkai-deploy-<env>, or production's
    /// executor), which must create and change the stacks' own roles; its IAM actions are scoped to
    /// roles of the environment's stacks (`*-<env>-*`) and it is denied the `tenkai-*` roles.
    @Test func checkovFindsNothingAndCfripperOnlyTheDeployingRolesIAM() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bootstrap-scan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.templateFiles(in: folder)
        let dev = try String(contentsOf: try #require(files.first { $0.lastPathComponent.contains("dev") }), encoding: .utf8)
        #expect(dev.contains("ProductionPipelineRelease"), "the scanners see the production pipeline's cross-account trust")
        let checkov = try await runProcess(ProjectPaths.scannerTool("checkov"), ["-d", folder.path, "--framework", "cloudformation", "--compact", "-o", "json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(checkov.stdout.utf8))
        let report = try #require((parsed as? [[String: Any]])?.first ?? parsed as? [String: Any], "checkov: \(checkov.stderr)")
        let summary = try #require(report["summary"] as? [String: Any])
        let failed = ((report["results"] as? [String: Any])?["failed_checks"] as? [[String: Any]] ?? []).map {
            "\($0["check_id"] ?? "") \($0["file_path"] ?? "") \($0["resource"] ?? ""): \($0["check_name"] ?? "")"
        }
        // Nothing at all: the artifacts bucket logs to the access-log bucket, which skips CKV_AWS_18 (logging itself) with its reason.
        #expect(failed.isEmpty, "checkov failures:\n\(failed.joined(separator: "\n"))")
        #expect(summary["failed"] as? Int == 0)
        let skipped = ((report["results"] as? [String: Any])?["skipped_checks"] as? [[String: Any]] ?? []).map {
            "\($0["check_id"] ?? "") \($0["resource"] ?? "")"
        }
        #expect(Set(skipped) == ["CKV_AWS_18 AWS::S3::Bucket.AccessLogsBucket"], "the one suppression checkov sees: \(skipped)")
        #expect(files.count == 3)
        #expect((summary["passed"] as? Int ?? 0) > 10, "checkov saw the templates")
        for file in files {
            let cfripper = try await runProcess(ProjectPaths.scannerTool("cfripper"), [file.path, "--format", "txt", "--logging", "ERROR"])
            let issues = cfripper.stdout.split(separator: "\n").filter { $0.hasPrefix("\t- ") }
            let role = file.lastPathComponent.contains("prod") ? BootstrapStack.executorRoleID : BootstrapStack.deployRoleID
            #expect(issues.count == 1, "\(file.lastPathComponent):\n\(cfripper.stdout)\(cfripper.stderr)")
            #expect(issues.first?.hasPrefix("\t- PrivilegeEscalationRule: \(role) has blacklisted IAM actions") == true, "\(file.lastPathComponent):\n\(cfripper.stdout)")
        }
    }

    /// Every access to plans and approvals is logged by S3 itself, whoever made it: the artifacts
    /// bucket logs to the access-log bucket, which only S3's log delivery for that bucket may write.
    @Test func theArtifactsBucketLogsEveryAccessToTheAccessLogBucket() throws {
        let template = BootstrapStack.template()
        let artifacts = try #require(try resource(BootstrapStack.bucketID, in: template)["Properties"] as? [String: Any])
        let logging = try #require(artifacts["LoggingConfiguration"] as? [String: Any])
        #expect((logging["DestinationBucketName"] as? [String: String]) == ["Ref": BootstrapStack.accessLogsBucketID])
        #expect(logging["LogFilePrefix"] as? String == "artifacts/")
        let logs = try resource(BootstrapStack.accessLogsBucketID, in: template)
        let properties = try #require(logs["Properties"] as? [String: Any])
        #expect(properties["LoggingConfiguration"] == nil, "the log bucket does not log itself")
        #expect(strings(properties["BucketName"]) == ["tenkai-access-logs-${AWS::AccountId}-${AWS::Region}"])
        #expect(logs["DeletionPolicy"] as? String == "Retain")
        let skip = ((logs["Metadata"] as? [String: Any])?["checkov"] as? [String: Any])?["skip"] as? [[String: String]]
        #expect(skip?.map { $0["id"] } == ["CKV_AWS_18"] && skip?.first?["comment"]?.contains("its own log deliveries") == true)
        let policy = try #require(try resource("AccessLogsBucketPolicy", in: template)["Properties"] as? [String: Any])
        let delivery = try #require(statements(policy["PolicyDocument"]).first { $0["Sid"] as? String == "S3ServerAccessLogsOfTheArtifactsBucket" })
        #expect((delivery["Principal"] as? [String: String]) == ["Service": "logging.s3.amazonaws.com"])
        #expect(delivery["Action"] as? String == "s3:PutObject")
        let condition = try #require(delivery["Condition"] as? [String: [String: Any]])
        #expect((condition["ArnLike"]?["aws:SourceArn"] as? [String: [String]]) == ["Fn::GetAtt": [BootstrapStack.bucketID, "Arn"]])
        #expect((condition["StringEquals"]?["aws:SourceAccount"] as? [String: String]) == ["Ref": "AWS::AccountId"])
    }

    static let pipelineRoleARN = "arn:aws:iam::333333333333:role/fileshare-prod-pipeline-ReleasePipelineReleaseRole-1A2B3C"

    /// The production pipeline releases to dev and stg from the prod account: their deploy roles
    /// trust that account only for the one role named, besides the GitHub environment's jobs.
    @Test(arguments: ["dev", "stg"])
    func theProductionPipelinesReleaseRoleMayAssumeTheDeployRole(environment: String) throws {
        let role = try BootstrapStack.PipelineRole(arn: Self.pipelineRoleARN)
        let template = BootstrapStack.template(github: "example/tenkai", environment: environment, pipelineRole: role)
        let properties = try #require(try resource(BootstrapStack.deployRoleID, in: template)["Properties"] as? [String: Any])
        let trust = statements(properties["AssumeRolePolicyDocument"])
        #expect(trust.count == 2)
        #expect(trust.first?["Action"] as? String == "sts:AssumeRoleWithWebIdentity", "the GitHub environment's jobs still may")
        let pipeline = try #require(trust.last)
        #expect(pipeline["Sid"] as? String == "ProductionPipelineRelease" && pipeline["Effect"] as? String == "Allow")
        #expect(pipeline["Action"] as? String == "sts:AssumeRole")
        #expect(strings((pipeline["Principal"] as? [String: Any])?["AWS"]) == ["arn:${AWS::Partition}:iam::333333333333:root"])
        #expect((pipeline["Condition"] as? [String: [String: String]]) == ["ArnEquals": ["aws:PrincipalArn": Self.pipelineRoleARN]])
        let without = try #require(try resource(BootstrapStack.deployRoleID, in: BootstrapStack.template(github: "example/tenkai", environment: environment))["Properties"] as? [String: Any])
        #expect(statements(without["AssumeRolePolicyDocument"]).count == 1, "no pipeline named, no trust for it")
    }

    @Test(arguments: [
        "arn:aws:iam::333333333333:user/pipeline", "arn:aws:iam::33333333333:role/short-account", "arn:aws:iam::333333333333:role/*",
        "arn:aws:sts::333333333333:assumed-role/r/s", "333333333333", "arn:aws:iam::333333333333:role/",
    ])
    func onlyAnIAMRoleARNIsTrusted(arn: String) {
        let error = #expect(throws: TenkaiError.self) { try BootstrapStack.PipelineRole(arn: arn) }
        #expect(error?.message == "'\(arn)' is not an IAM role ARN")
    }
}
