import TenkaiCore

/// A service's AWS-native release pipeline, for the environment that hosts it (production):
/// CodePipeline (V2) from a GitHub repository through CodeConnections; a CodeBuild test stage
/// (`make test` with code coverage, exported as LCOV into a coverage report group); an image
/// build pushed to the service's repository; `tenkai deploy` to each earlier environment in
/// order; then the prod gate: `tenkai plan` of the stacks and `tenkai plan release` of the pushed
/// image by digest (`#{Image.IMAGE_DIGEST}`), a manual approval that only the approvers' roles may
/// give (announced through SNS and Slack), then `tenkai deploy --plan` and `tenkai release --plan`
/// of exactly those plans (their IDs travel as pipeline variables into environment variables). Every
/// stage's result goes to the environment's Slack channel through CodeStar notifications and
/// AWS Chatbot.
///
/// Least privilege per stage: each CodeBuild project has its own role; only the production
/// deploy may execute change sets, and no stage may change the pinned gate (`/tenkai/gate`).
/// Releases to earlier environments assume `tenkai-deploy-<env>` in their accounts (read from
/// `Environments/<env>.yaml` in the source at build time); those roles must trust this stack's
/// release build role (`ReleasePipelineReleaseRole` for a pipeline named `release`, the stack's
/// output `ReleasePipelineReleaseRoleArn`). The production image release's role
/// (`…ImageReleaseRole`) may touch only the system's own services, load balancers and alarms. Artifacts
/// are encrypted, private and TLS-only. The connection must be authorized once in the console
/// after the first deploy.
///
/// ```swift
/// Pipeline("release", repository: "example/fileshare", images: images, releasing: ["dev", "stg"])
/// ```
public struct Pipeline: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Pipeline" }
    /// `owner/name` on GitHub.
    public var repository: String
    public var branch = "main"
    public var images: Repository
    /// The environments released before production, in order.
    public var releases: [String]
    public var logRetentionDays = 365
    /// What the test stage runs, from the repository root, with code coverage on.
    public var testCommand = "swift test --enable-code-coverage"
    /// The Dockerfile the image stage builds, relative to the repository root (the build context).
    public var dockerfile = "Dockerfile"

    /// A stack the production deploy runs: by name (the system's name for it in ``deploying(_:region:)``,
    /// the CloudFormation stack name once translated), and its region when not the pipeline's.
    public struct DeployedStack: Sendable, Hashable {
        public var name: String
        public var region: String?
    }

    /// The system's stacks the production deploy runs (their names in the system, and a region
    /// where one is pinned elsewhere): its IAM and CloudFormation rights name exactly these.
    public var deployedStacks: [DeployedStack] = []

    public init(_ name: String, repository: String, images: Repository, releasing releases: [String]) {
        self.name = name
        self.repository = repository
        self.images = images
        self.releases = releases
    }

    public func branch(_ branch: String) -> Pipeline { with { $0.branch = branch } }
    public func logRetention(days: Int) -> Pipeline { with { $0.logRetentionDays = days } }
    /// The test stage's command (it must leave coverage where `llvm-cov export` finds it: `swift test --enable-code-coverage`).
    /// It runs inside `Fn::Sub`: write shell variables as `$NAME`, not `${NAME}`.
    public func testing(with command: String) -> Pipeline { with { $0.testCommand = command } }
    /// The Dockerfile the image stage builds the service's image from.
    public func buildingImages(from dockerfile: String) -> Pipeline { with { $0.dockerfile = dockerfile } }
    /// The system's stacks the production deploy may create, change and pass the roles of (by
    /// name in the system); `region` for stacks pinned outside the environment's region.
    public func deploying(_ stacks: [String], region: String? = nil) -> Pipeline {
        with { $0.deployedStacks += stacks.map { DeployedStack(name: $0, region: region) } }
    }

    /// The CodeBuild projects, by their part of the name.
    static let projectStages = ["Test", "Image", "Release", "Plan", "Deploy", "ImageRelease"]

    /// The image CodeBuild runs tenkai and the tests in (Debian with Swift), and the one with Docker for image builds.
    static let swiftImage = "public.ecr.aws/docker/library/swift:6.3-bookworm"
    static let dockerImage = "aws/codebuild/standard:7.0"

    public func translate(into stack: inout StackContext) {
        let id = logicalID
        let environment = stack.environment
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count != 2 || parts.contains(where: \.isEmpty) {
            stack.report(.error("a release pipeline needs a GitHub repository as owner/name, not '\(repository)'"))
        }
        addArtifacts(in: &stack)
        stack.add(self.parts.connection, Resource(type: "AWS::CodeConnections::Connection", properties: [
            "ConnectionName": .string(String(stack.resourceName(name).prefix(32))), "ProviderType": "GitHub",
        ]))
        stack.add(self.parts.coverageReports, Resource(type: "AWS::CodeBuild::ReportGroup", properties: [
            "Name": .string(stack.resourceName("\(name)-coverage")), "Type": "CODE_COVERAGE",
            "ExportConfig": ["ExportConfigType": "NO_EXPORT"], "DeleteReports": true,
        ]))
        let systemStacks = deployedStacks.map { deployed in DeployedStack(name: stack.resourceName(deployed.name), region: deployed.region) }
        let projects: [(String, PipelineBuild)] = [
            ("Test", .test(command: testCommand)), ("Image", .image(dockerfile: dockerfile)), ("Release", .release(system: stack.systemName)),
            ("Plan", .plan(environment: environment.name, system: stack.systemName)),
            ("Deploy", .deploy(environment: environment.name, system: stack.systemName, stacks: systemStacks)),
            ("ImageRelease", .releaseImage(environment: environment.name, system: stack.systemName, stacks: systemStacks)),
        ]
        for (suffix, build) in projects {
            addProject(suffix, build, in: &stack)
        }
        addApprovals(id, approvers: environment.config.approvers.map(\.name), in: &stack)
        addPipeline(id, environment: environment.name, in: &stack)
        addNotifications(id, slack: environment.alarms, in: &stack)
        stack.output(
            id + "ReleaseRoleArn", self.parts.projectRole("Release").arn,
            description: "The role releasing to earlier environments: trust it with tenkai bootstrap --env <env> --trust-pipeline-role ARN")
    }

    // MARK: - Artifacts

    private func addArtifacts(in stack: inout StackContext) {
        let bucket = parts.artifacts
        let policy: DeletionPolicy = stack.environment.isProduction ? .retain : .delete
        stack.add(bucket, Resource(type: "AWS::S3::Bucket", properties: [
            "BucketEncryption": ["ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]],
            "VersioningConfiguration": ["Status": "Enabled"],
            "PublicAccessBlockConfiguration": [
                "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
            ],
            "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
            "LifecycleConfiguration": ["Rules": [[
                "Id": "expire-artifacts", "Status": "Enabled", "ExpirationInDays": 90, "NoncurrentVersionExpiration": ["NoncurrentDays": 30],
                "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": 1],
            ]]],
        ], deletionPolicy: policy, updateReplacePolicy: policy))
        stack.add(parts.artifactsPolicy, Resource(type: "AWS::S3::BucketPolicy", properties: [
            "Bucket": bucket.ref,
            "PolicyDocument": IAMPolicy.document([[
                "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [bucket.arn, IAMPolicy.suffixed(bucket.arn, "/*")],
                "Condition": ["Bool": ["aws:SecureTransport": "false"]],
            ]]),
        ]))
    }

    // MARK: - Builds

    private func addProject(_ suffix: String, _ build: PipelineBuild, in stack: inout StackContext) {
        let project = parts.project(suffix)
        let logGroup = parts.projectLogs(suffix)
        stack.add(logGroup, LogRetention.logGroup([
            "LogGroupName": .string("/aws/codebuild/\(stack.resourceName("\(name)-\(suffix.lowercased())"))"),
            "RetentionInDays": .int(logRetentionDays),
        ], in: stack))
        var statements: [Value] = [
            ["Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": [IAMPolicy.suffixed(logGroup.arn, ":*")]],
            ["Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": [IAMPolicy.suffixed(parts.artifacts.arn, "/*")]],
        ]
        statements += build.statements(coverageReports: parts.coverageReports, images: images)
        var managed: [String] = []
        if case .deploy = build { managed = ["PowerUserAccess"] }
        var role = IAMPolicy.role(for: "codebuild.amazonaws.com", policyName: "build", statements: statements, managedPolicies: managed)
        role.properties["Policies"] = .list((role.properties["Policies"]?.listValue ?? []) + [[
            "PolicyName": "keep-the-gate",
            "PolicyDocument": IAMPolicy.document(PipelineBuild.gateDenials(mayExecute: build.mayExecute, mayUpdateStacks: build.mayUpdateStacks)),
        ]])
        if case .releaseImage = build {
            role.suppress(
                .cfripper("WildcardResourceRule"),
                reason: "ECS has no resource-level permissions for RegisterTaskDefinition, DescribeTaskDefinition and DeregisterTaskDefinition; every other action of the release is scoped to the system's resources")
        }
        stack.add(parts.projectRole(suffix), role)
        var environment: Fields = [
            "Type": "LINUX_CONTAINER", "ComputeType": .string(build.computeType),
            "Image": .string(build.usesDocker ? Self.dockerImage : Self.swiftImage),
            "ImagePullCredentialsType": "CODEBUILD", "PrivilegedMode": .bool(build.usesDocker),
        ]
        if case .image = build {
            environment["EnvironmentVariables"] = [["Name": "IMAGE_REPOSITORY", "Type": "PLAINTEXT", "Value": images.uri.value]]
        }
        if case .plan = build {
            environment["EnvironmentVariables"] = [["Name": "IMAGE_REPOSITORY", "Type": "PLAINTEXT", "Value": images.uri.value]]
        }
        stack.add(project, Resource(type: "AWS::CodeBuild::Project", properties: [
            "Name": .string(stack.resourceName("\(name)-\(suffix.lowercased())")),
            "Description": .string(build.description),
            "ServiceRole": parts.projectRole(suffix).arn,
            "Source": ["Type": "CODEPIPELINE", "BuildSpec": build.buildSpec(coverageReports: parts.coverageReports.arn)],
            "Artifacts": ["Type": "CODEPIPELINE"],
            "Environment": .map(environment),
            "TimeoutInMinutes": .int(build.timeoutMinutes),
            "LogsConfig": ["CloudWatchLogs": ["Status": "ENABLED", "GroupName": logGroup.ref]],
        ]))
    }

    // MARK: - Approval

    /// One role per approver in the environment file (`tenkai-approver-<name>`, assumable in this
    /// account with MFA): the only principals this stack lets approve the production release, and
    /// what `tenkai plan show` and `tenkai approve` need.
    private func addApprovals(_ id: String, approvers: [String], in stack: inout StackContext) {
        stack.add(parts.approvalTopic, Resource(type: "AWS::SNS::Topic", properties: [
            "TopicName": .string(stack.resourceName("\(name)-approvals")), "KmsMasterKeyId": "alias/aws/sns",
        ]))
        let approvalAction: Value = .sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:\(stack.resourceName(name))/Approve/Approve")
        let bucket: Value = .sub("arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}")
        for approver in approvers {
            stack.add(parts.approver(approver), Resource(type: "AWS::IAM::Role", properties: [
                "RoleName": .string("tenkai-approver-\(approver)"),
                "Description": .string("\(approver), an approver of \(stack.environment.name): approves the pipeline's release and signs plans"),
                "MaxSessionDuration": 3600,
                "AssumeRolePolicyDocument": IAMPolicy.document([[
                    "Effect": "Allow", "Principal": ["AWS": .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")], "Action": "sts:AssumeRole",
                    "Condition": ["Bool": ["aws:MultiFactorAuthPresent": "true"]],
                ]]),
                "Policies": [[
                    "PolicyName": "approve",
                    "PolicyDocument": IAMPolicy.document([
                        ["Effect": "Allow", "Action": ["codepipeline:PutApprovalResult"], "Resource": [approvalAction]],
                        ["Effect": "Allow", "Action": ["codepipeline:GetPipelineState", "codepipeline:GetPipelineExecution"], "Resource": [pipelineARN(id)]],
                        ["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [IAMPolicy.suffixed(bucket, "/plans/*")]],
                        ["Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [IAMPolicy.suffixed(bucket, "/plans/*/approvals/*"), IAMPolicy.suffixed(bucket, "/audit/*")]],
                        ["Effect": "Allow", "Action": ["ssm:GetParameter"], "Resource": [.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tenkai/gate")]],
                    ]),
                ]],
            ]))
        }
    }

    // MARK: - Pipeline

    private func addPipeline(_ id: String, environment: String, in stack: inout StackContext) {
        let artifacts = parts.artifacts
        stack.add(parts.role, IAMPolicy.role(for: "codepipeline.amazonaws.com", policyName: "pipeline", statements: [
            ["Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:GetBucketVersioning", "s3:GetObjectVersion"],
             "Resource": [artifacts.arn, IAMPolicy.suffixed(artifacts.arn, "/*")]],
            ["Effect": "Allow", "Action": ["codeconnections:UseConnection", "codestar-connections:UseConnection"], "Resource": [parts.connection.getAtt("ConnectionArn")]],
            ["Effect": "Allow", "Action": ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
             "Resource": .list(Self.projectStages.map { parts.project($0).arn })],
            ["Effect": "Allow", "Action": ["sns:Publish"], "Resource": [parts.approvalTopic.ref]],
        ]))
        func build(_ name: String, _ project: String, input: String = "Source", output: String? = nil, namespace: String? = nil, variables: [(String, String)] = [], order: Int = 1) -> Value {
            var configuration: Fields = ["ProjectName": parts.project(project).ref]
            if !variables.isEmpty {
                let list: [Value] = variables.map { ["name": .string($0.0), "value": .string($0.1), "type": "PLAINTEXT"] }
                configuration["EnvironmentVariables"] = .string(String(decoding: JSONRenderer.renderCompact(.list(list)), as: UTF8.self))
            }
            var action: Fields = [
                "Name": .string(name), "RunOrder": .int(order),
                "ActionTypeId": ["Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"],
                "InputArtifacts": [["Name": .string(input)]], "Configuration": .map(configuration),
            ]
            if let output { action["OutputArtifacts"] = [["Name": .string(output)]] }
            if let namespace { action["Namespace"] = .string(namespace) }
            return .map(action)
        }
        var stages: [Value] = [
            ["Name": "Source", "Actions": [[
                "Name": "Source",
                "ActionTypeId": ["Category": "Source", "Owner": "AWS", "Provider": "CodeStarSourceConnection", "Version": "1"],
                "Configuration": [
                    "ConnectionArn": parts.connection.getAtt("ConnectionArn"), "FullRepositoryId": .string(repository),
                    "BranchName": .string(branch), "OutputArtifactFormat": "CODE_ZIP",
                ],
                "OutputArtifacts": [["Name": "Source"]],
            ]]],
            ["Name": "Test", "Actions": [build("Test", "Test")]],
            ["Name": "Image", "Actions": [build("Image", "Image", namespace: "Image")]],
        ]
        for release in releases {
            stages.append(["Name": .string("Release-\(release)"), "Actions": [build("Release", "Release", variables: [("TENKAI_ENV", release), ("IMAGE_TAG", "#{Image.IMAGE_TAG}")])]])
        }
        stages.append(["Name": "Plan", "Actions": [build("Plan", "Plan", namespace: "Plan", variables: [("IMAGE_DIGEST", "#{Image.IMAGE_DIGEST}")])]])
        stages.append(["Name": "Approve", "Actions": [[
            "Name": "Approve",
            "ActionTypeId": ["Category": "Approval", "Owner": "AWS", "Provider": "Manual", "Version": "1"],
            "Configuration": [
                "NotificationArn": parts.approvalTopic.ref,
                "CustomData": .string(
                    "Stacks plan #{Plan.PLAN_ID} and release plan #{Plan.RELEASE_PLAN_ID} (#{Plan.RELEASE_IMAGE}): read each with `tenkai plan show ID --env \(environment)`, "
                        + "sign each with `tenkai approve ID --env \(environment) --key FILE`, then approve here."),
            ],
        ]]])
        // The stacks first, then the image. The release plan recorded the stacks' states: after a
        // deploy that changed a stack it is stale and the release refuses it (the stacks are
        // deployed; run the pipeline again for a release plan against them).
        stages.append(["Name": .string("Release-\(environment)"), "Actions": [
            build("Deploy", "Deploy", variables: [("PLAN_ID", "#{Plan.PLAN_ID}")]),
            build("ImageRelease", "ImageRelease", variables: [("RELEASE_PLAN_ID", "#{Plan.RELEASE_PLAN_ID}"), ("RELEASE_IMAGE", "#{Plan.RELEASE_IMAGE}")], order: 2),
        ]])
        stack.add(id, Resource(type: "AWS::CodePipeline::Pipeline", properties: [
            "Name": .string(stack.resourceName(name)), "PipelineType": "V2", "ExecutionMode": "QUEUED",
            "RoleArn": parts.role.arn,
            "ArtifactStore": ["Type": "S3", "Location": artifacts.ref],
            "Stages": .list(stages),
        ]))
    }

    /// A pipeline's ARN (CloudFormation gives its name only).
    private func pipelineARN(_ id: String) -> Value {
        .sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${\(id)}")
    }

    // MARK: - Notifications

    private func addNotifications(_ id: String, slack: EnvironmentConfig.AlarmTarget, in stack: inout StackContext) {
        guard let workspace = slack.slackWorkspaceID, let channel = slack.slackChannelID else { return }
        stack.add(parts.chatbotRole, IAMPolicy.role(for: "chatbot.amazonaws.com", policyName: "none", statements: []))
        stack.add(parts.slackChannel, Resource(type: "AWS::Chatbot::SlackChannelConfiguration", properties: [
            "ConfigurationName": .string(stack.resourceName("\(name)-releases")),
            "IamRoleArn": parts.chatbotRole.arn,
            "SlackWorkspaceId": .string(workspace), "SlackChannelId": .string(channel),
            "SnsTopicArns": [parts.approvalTopic.ref],
            "GuardrailPolicies": [.sub("arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess")],
            "LoggingLevel": "ERROR",
        ]))
        let events = [
            "started", "succeeded", "failed", "canceled", "superseded",
        ].map { "codepipeline-pipeline-pipeline-execution-\($0)" } + [
            "codepipeline-pipeline-stage-execution-succeeded", "codepipeline-pipeline-stage-execution-failed",
            "codepipeline-pipeline-manual-approval-needed", "codepipeline-pipeline-manual-approval-succeeded",
            "codepipeline-pipeline-manual-approval-failed",
        ]
        stack.add(parts.notifications, Resource(type: "AWS::CodeStarNotifications::NotificationRule", properties: [
            "Name": .string(stack.resourceName("\(name)-results")), "DetailType": "FULL", "Status": "ENABLED",
            "Resource": pipelineARN(id),
            "EventTypeIds": .list(events.map(Value.string)),
            "Targets": [["TargetType": "AWSChatbotSlack", "TargetAddress": parts.slackChannel.ref]],
        ]))
    }
}
