import TenkaiCore

/// The account's security services for one environment: GuardDuty, Security Hub, AWS Config,
/// Inspector, and optionally CloudTrail.
///
/// Defaults: GuardDuty with S3, RDS login and ECS Fargate runtime monitoring; Security Hub with
/// the AWS Foundational Security Best Practices standard; AWS Config recording every supported
/// resource into a bucket of its own; Inspector scanning ECR images and Lambda functions
/// (enabled through a small custom resource, since CloudFormation has no resource for it, and
/// left enabled when the stack is deleted); a multi-region CloudTrail with log file validation
/// when ``cloudTrail(_:)`` is on, its files encrypted with a KMS key of its own and its bucket's
/// access logged. One baseline per account and region.
///
/// The GuardDuty detector, Security Hub and the Config recorder exist once per account and
/// region; ``accountSingletons(guardDuty:securityHub:configRecorder:)`` says which of them the
/// account already has (``AccountSingleton/existing``), and those are left out.
///
/// GuardDuty's Fargate runtime monitoring injects its agent as a sidecar whose image comes from
/// GuardDuty's ECR repository; the tasks' execution roles pull it (``Service`` allows that) and
/// private subnets reach ECR through their NAT gateway.
///
/// ```swift
/// SecurityBaseline("baseline")
///     .cloudTrail(settings.cloudTrail ?? false)
///     .accountSingletons(guardDuty: settings.guardDuty ?? .create)
/// ```
public struct SecurityBaseline: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Baseline" }
    public var guardDuty = true
    public var securityHub = true
    public var config = true
    public var inspector = true
    public var cloudTrail = false
    public var logRetentionDays = 365
    /// Where the baseline's audit buckets (Config, CloudTrail) send their S3 access logs; nil: a
    /// bucket of the baseline's own, so the security stack depends on no other stack.
    public var accessLogBucket: Reference?

    public init(_ name: String = "baseline") { self.name = name }

    /// Leaves out what the account already has (``AccountSingleton/existing``).
    public func accountSingletons(
        guardDuty: AccountSingleton = .create, securityHub: AccountSingleton = .create, configRecorder: AccountSingleton = .create
    ) -> SecurityBaseline {
        with {
            $0.guardDuty = $0.guardDuty && guardDuty == .create
            $0.securityHub = $0.securityHub && securityHub == .create
            $0.config = $0.config && configRecorder == .create
        }
    }
    public func guardDuty(_ on: Bool) -> SecurityBaseline { with { $0.guardDuty = on } }
    public func securityHub(_ on: Bool) -> SecurityBaseline { with { $0.securityHub = on } }
    public func config(_ on: Bool) -> SecurityBaseline { with { $0.config = on } }
    public func inspector(_ on: Bool) -> SecurityBaseline { with { $0.inspector = on } }
    public func cloudTrail(_ on: Bool) -> SecurityBaseline { with { $0.cloudTrail = on } }
    public func logRetention(days: Int) -> SecurityBaseline { with { $0.logRetentionDays = days } }
    /// Logs every read and write of the audit buckets to a bucket that accepts S3 access logs.
    public func accessLogs(to bucket: Reference) -> SecurityBaseline { with { $0.accessLogBucket = bucket } }

    public func translate(into stack: inout StackContext) {
        // Named after the baseline alone (no kind): `BaselineGuardDutyDetector`.
        let base = ResourceID(LogicalID.pascalCase(name), component: name)
        if guardDuty {
            stack.add(base.part("GuardDutyDetector"), Resource(type: "AWS::GuardDuty::Detector", properties: [
                "Enable": true, "FindingPublishingFrequency": "FIFTEEN_MINUTES",
                "Features": [
                    ["Name": "S3_DATA_EVENTS", "Status": "ENABLED"],
                    ["Name": "RDS_LOGIN_EVENTS", "Status": "ENABLED"],
                    [
                        "Name": "RUNTIME_MONITORING", "Status": "ENABLED",
                        "AdditionalConfiguration": [["Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "ENABLED"]],
                    ],
                ],
            ]))
        }
        if securityHub {
            let hub = base.part("SecurityHub")
            stack.add(hub, Resource(type: "AWS::SecurityHub::Hub", properties: [
                "EnableDefaultStandards": false, "ControlFindingGenerator": "SECURITY_CONTROL", "AutoEnableControls": true,
            ]))
            stack.add(base.part("FoundationalStandard"), Resource(type: "AWS::SecurityHub::Standard", properties: [
                "StandardsArn": .sub("arn:${AWS::Partition}:securityhub:${AWS::Region}::standards/aws-foundational-security-best-practices/v/1.0.0"),
            ], dependsOn: [hub.logicalID]))
        }
        if config || cloudTrail, accessLogBucket == nil {
            accessLogDestination.translate(into: &stack)
        }
        if config { addConfig(base, in: &stack) }
        if inspector, LogRetention.check(logRetentionDays, in: &stack) { addInspector(base, in: &stack) }
        if cloudTrail { addCloudTrail(base, in: &stack) }
    }

    private func addConfig(_ base: ResourceID, in stack: inout StackContext) {
        let role = base.part("ConfigRole")
        let bucket = auditBucket("\(name)-config").acceptingLogs(from: .config)
        bucket.translate(into: &stack)
        stack.add(role, IAMPolicy.role(
            for: "config.amazonaws.com", policyName: "deliver-configuration",
            statements: [
                IAMPolicy.allow(["s3:GetBucketAcl"], on: [bucket.arn.value]),
                IAMPolicy.allow(["s3:PutObject"], on: [IAMPolicy.suffixed(bucket.arn.value, "/AWSLogs/*")]),
            ],
            managedPolicies: ["service-role/AWS_ConfigRole"]))
        stack.add(base.part("ConfigRecorder"), Resource(type: "AWS::Config::ConfigurationRecorder", properties: [
            "Name": .string(stack.resourceName(name)),
            "RoleARN": role.arn,
            "RecordingGroup": ["AllSupported": true, "IncludeGlobalResourceTypes": true],
        ]))
        stack.add(base.part("ConfigDeliveryChannel"), Resource(type: "AWS::Config::DeliveryChannel", properties: [
            "Name": .string(stack.resourceName(name)),
            "S3BucketName": bucket.bucketName.value,
            "ConfigSnapshotDeliveryProperties": ["DeliveryFrequency": "TwentyFour_Hours"],
        ], dependsOn: [bucket.bucketPolicy.logicalID]))
    }

    private func addInspector(_ base: ResourceID, in stack: inout StackContext) {
        let enabler = base.part("InspectorEnabler")
        let logGroup = enabler.part("LogGroup")
        let role = enabler.part("Role")
        let function = stack.resourceName("\(name)-enable-inspector")
        stack.add(logGroup, LogRetention.logGroup([
            "LogGroupName": .string("/aws/lambda/\(function)"), "RetentionInDays": .int(logRetentionDays),
        ], in: stack))
        stack.add(role, IAMPolicy.role(
            for: "lambda.amazonaws.com", policyName: "enable-inspector",
            statements: [
                IAMPolicy.allow(["inspector2:Enable", "inspector2:BatchGetAccountStatus"], on: ["*"]),
                IAMPolicy.allow(
                    ["iam:CreateServiceLinkedRole"],
                    on: [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2")],
                    condition: ["StringEquals": ["iam:AWSServiceName": "inspector2.amazonaws.com"]]),
                IAMPolicy.allow(["logs:CreateLogStream", "logs:PutLogEvents"], on: [logGroup.arn]),
            ]))
        stack.add(enabler, Resource(type: "AWS::Lambda::Function", properties: [
            "FunctionName": .string(function),
            "Description": "Enables Amazon Inspector scanning; CloudFormation has no resource for it",
            "Runtime": "python3.12", "Handler": "index.handler", "Timeout": 120, "MemorySize": 128,
            "Role": role.arn,
            "LoggingConfig": ["LogGroup": logGroup.ref],
            "Code": ["ZipFile": .string(Self.enableInspectorSource)],
        ]))
        let runsOnce = "a CloudFormation custom resource: invoked synchronously by CloudFormation once per create or update"
        stack.argue(enabler.logicalID, [
            (.checkov("CKV_AWS_115"), runsOnce + ", so concurrency never exceeds one"),
            (.checkov("CKV_AWS_116"), runsOnce + "; it reports failure to CloudFormation, and a dead-letter queue only takes asynchronous events"),
            (.checkov("CKV_AWS_117"), "calls only the Inspector API and CloudFormation's response URL; the baseline has no VPC of its own"),
        ])
        stack.argue(role.logicalID, [
            (.cfripper("WildcardResourceRule"), "inspector2:Enable and inspector2:BatchGetAccountStatus have no resource-level permissions in IAM"),
        ])
        stack.add(base.part("Inspector"), Resource(type: "AWS::CloudFormation::CustomResource", properties: [
            "ServiceToken": enabler.arn,
            "ResourceTypes": ["ECR", "LAMBDA"],
        ]))
    }

    private func addCloudTrail(_ base: ResourceID, in stack: inout StackContext) {
        let bucket = auditBucket("\(name)-trail").acceptingLogs(from: .cloudTrail)
        bucket.translate(into: &stack)
        // The trail's files are encrypted with a key of their own (SSE-KMS), so reading them
        // takes kms:Decrypt as well as s3:GetObject; CloudTrail encrypts on this account's behalf.
        let key = EncryptionKey("\(name)-trail").usable(by: "cloudtrail.amazonaws.com")
        key.translate(into: &stack)
        stack.add(base.part("Trail"), Resource(type: "AWS::CloudTrail::Trail", properties: [
            "TrailName": .string(stack.resourceName(name)),
            "S3BucketName": bucket.bucketName.value,
            "KMSKeyId": key.arn.value,
            "IsLogging": true, "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
            "EnableLogFileValidation": true,
        ], dependsOn: [bucket.bucketPolicy.logicalID]))
    }

    /// A bucket of audit records: SSE-S3 (the delivering services write without a key grant),
    /// kept seven years, its own reads and writes logged where ``accessLogs(to:)`` says.
    private func auditBucket(_ bucketName: String) -> Bucket {
        Bucket(bucketName).encryption(.s3Managed).expireObjects(after: 2555)
            .accessLogs(to: accessLogBucket ?? accessLogDestination.bucketName)
    }

    /// The baseline's own destination of the audit buckets' access logs.
    private var accessLogDestination: Bucket {
        Bucket("\(name)-s3-logs").encryption(.s3Managed).versioned(false)
            .expireObjects(after: logRetentionDays).acceptingLogs(from: .s3ServerAccessLogs)
    }

    /// Enables Inspector on create and update; on delete it leaves scanning on, because turning
    /// security tooling off should be a decision, not a side effect of removing a stack.
    static let enableInspectorSource = """
        import boto3
        import cfnresponse

        def handler(event, context):
            try:
                if event["RequestType"] in ("Create", "Update"):
                    types = event["ResourceProperties"].get("ResourceTypes", ["ECR"])
                    boto3.client("inspector2").enable(resourceTypes=types)
                cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, "inspector2")
            except Exception as error:
                cfnresponse.send(event, context, cfnresponse.FAILED, {}, "inspector2", reason=str(error))
        """
}
