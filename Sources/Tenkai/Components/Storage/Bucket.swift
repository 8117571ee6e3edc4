import TenkaiCore

/// An S3 bucket, private and encrypted unless told otherwise.
///
/// Defaults: named `<system>-<env>-<name>-<account>-<region>` (bucket names are global across
/// every AWS account, so a name without the account would collide with anyone's); server-side encryption with SSE-S3, and in
/// production with a KMS key of its own (`<Name>BucketKey`, rotated yearly) unless another key
/// or SSE-S3 is chosen; every form of public access blocked; object ownership enforced (no
/// ACLs); versioning on; incomplete multipart uploads aborted after 7 days and old versions
/// expired after 90; a bucket policy that refuses plain HTTP; retained on delete in production.
///
/// ```swift
/// let files = Bucket("files")
///     .cors(allowedOrigins: ["https://\(env.domain)"])
///     .accessLogs(to: logs.bucketName)
/// let logs = Bucket("logs").encryption(.s3Managed).acceptingLogs(from: .s3ServerAccessLogs, .loadBalancer)
/// ```
public struct Bucket: EscapeHatching, Grantable {
    public enum Encryption: Sendable {
        /// SSE-S3 (AES-256 with keys S3 manages). Log deliveries (load balancers) need this.
        case s3Managed
        /// SSE-KMS with a key of the system.
        case kms(EncryptionKey)
        /// SSE-KMS with a key the bucket creates for itself.
        case ownKey
    }

    /// AWS services that deliver logs into a bucket, each needing its own bucket policy.
    public enum LogSource: Sendable, Hashable {
        /// S3 server access logs of other buckets.
        case s3ServerAccessLogs
        /// Application Load Balancer access logs (SSE-S3 buckets only).
        case loadBalancer
        /// CloudFront standard logs (these still write with ACLs, so the bucket allows them).
        case cloudFront
        /// AWS Config snapshots and history.
        case config
        /// CloudTrail trails.
        case cloudTrail
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Bucket" }
    /// nil follows the environment: its own KMS key in production, SSE-S3 elsewhere.
    public var encryption: Encryption?
    public var versioned = true
    public var abortIncompleteUploadsAfterDays = 7
    public var noncurrentVersionExpirationDays: Int? = 90
    public var expirationDays: Int?
    public var corsOrigins: [String] = []
    /// Where access logs go (a logging bucket's name); nil keeps none.
    public var accessLogBucket: Reference?
    public var logSources: [LogSource] = []
    /// Extra bucket policy statements (the TLS-only statement is always there).
    public var policyStatements: [Value] = []
    /// Retain on delete; nil follows the environment (retain in production).
    public var retain: Bool?

    public init(_ name: String) { self.name = name }

    // MARK: - References

    /// The bucket's name (`Ref`).
    public var bucketName: Reference { reference(.name) }
    public var arn: Reference { attribute("Arn", .arn) }
    /// The regional domain name, for CloudFront origins.
    public var regionalDomainName: Reference { attribute("RegionalDomainName", .hostname) }
    /// `<bucket>.s3.amazonaws.com`, what CloudFront logging wants.
    public var domainName: Reference { attribute("DomainName", .hostname) }

    // MARK: - Modifiers

    /// Encrypts with a customer-managed KMS key instead of SSE-S3.
    public func encrypted(with key: EncryptionKey) -> Bucket { with { $0.encryption = .kms(key) } }
    public func encryption(_ encryption: Encryption?) -> Bucket { with { $0.encryption = encryption } }
    /// Allows browsers on these origins to upload and download directly.
    public func cors(allowedOrigins: [String]) -> Bucket { with { $0.corsOrigins = allowedOrigins } }
    public func expireNoncurrentVersions(after days: Int?) -> Bucket { with { $0.noncurrentVersionExpirationDays = days } }
    /// Deletes objects `days` after they were written (for logs).
    public func expireObjects(after days: Int?) -> Bucket { with { $0.expirationDays = days } }
    public func abortIncompleteUploads(afterDays days: Int) -> Bucket { with { $0.abortIncompleteUploadsAfterDays = days } }
    /// Sends S3 server access logs to another bucket.
    public func accessLogs(to bucket: Reference) -> Bucket { with { $0.accessLogBucket = bucket } }
    /// Lets AWS services write their logs here.
    public func acceptingLogs(from sources: LogSource...) -> Bucket { with { $0.logSources += sources } }
    public func allowing(_ statement: Value) -> Bucket { with { $0.policyStatements.append(statement) } }
    public func retained(_ retain: Bool = true) -> Bucket { with { $0.retain = retain } }
    public func versioned(_ versioned: Bool) -> Bucket { with { $0.versioned = versioned } }

    // MARK: - Translation

    /// The globally unique name: the environment's name for the bucket, the account and the region.
    static func physicalName(_ base: String) -> String { base + "-${AWS::AccountId}-${AWS::Region}" }

    /// The longest a bucket name may be, and the longest an account ID and a region add.
    static let maximumNameLength = 63
    private static let suffixLength = 1 + 12 + 1 + "ap-southeast-10".count

    public func translate(into stack: inout StackContext) {
        let base = stack.resourceName(name)
        guard base.count + Self.suffixLength <= Self.maximumNameLength else {
            stack.report(.error(
                "bucket name '\(base)' with the account and region suffix may exceed S3's \(Self.maximumNameLength) characters",
                hint: "give the bucket a name of at most \(Self.maximumNameLength - Self.suffixLength - base.count + name.count) characters"))
            return
        }
        let encryption = effectiveEncryption(stack)
        if case .ownKey = encryption {
            EncryptionKey(name + "-bucket").translate(into: &stack)
        }
        let ownership = logSources.contains(.cloudFront) ? "BucketOwnerPreferred" : "BucketOwnerEnforced"
        var properties: Fields = [
            "BucketName": .sub(Self.physicalName(stack.resourceName(name))),
            "BucketEncryption": [
                "ServerSideEncryptionConfiguration": [
                    ["ServerSideEncryptionByDefault": defaultEncryption(encryption), "BucketKeyEnabled": true]
                ]
            ],
            "PublicAccessBlockConfiguration": [
                "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true,
                "RestrictPublicBuckets": true,
            ],
            "OwnershipControls": ["Rules": [["ObjectOwnership": .string(ownership)]]],
        ]
        if versioned { properties["VersioningConfiguration"] = ["Status": "Enabled"] }
        var rules: [Value] = [
            [
                "Id": "abort-incomplete-uploads", "Status": "Enabled",
                "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": .int(abortIncompleteUploadsAfterDays)],
            ]
        ]
        if versioned, let days = noncurrentVersionExpirationDays {
            rules.append(["Id": "expire-old-versions", "Status": "Enabled", "NoncurrentVersionExpiration": ["NoncurrentDays": .int(days)]])
        }
        if let days = expirationDays {
            rules.append(["Id": "expire-objects", "Status": "Enabled", "ExpirationInDays": .int(days)])
        }
        properties["LifecycleConfiguration"] = ["Rules": .list(rules)]
        if !corsOrigins.isEmpty {
            properties["CorsConfiguration"] = [
                "CorsRules": [
                    [
                        "AllowedOrigins": .list(corsOrigins.map(Value.string)),
                        "AllowedMethods": ["GET", "PUT", "POST", "HEAD"], "AllowedHeaders": ["*"],
                        "ExposedHeaders": ["ETag"], "MaxAge": 3000,
                    ]
                ]
            ]
        }
        if let accessLogBucket {
            properties["LoggingConfiguration"] = [
                "DestinationBucketName": accessLogBucket.value, "LogFilePrefix": .string("\(name)/"),
            ]
        }
        let policy: DeletionPolicy = (retain ?? stack.environment.isProduction) ? .retain : .delete
        stack.add(logicalID, Resource(type: "AWS::S3::Bucket", properties: properties, deletionPolicy: policy, updateReplacePolicy: policy))
        if logSources.contains(.s3ServerAccessLogs) && accessLogBucket == nil {
            stack.argue(logicalID, [ScannerReasons.logDestinationAccessLogs])
        }
        if !logSources.isEmpty && !versioned && expirationDays != nil {
            stack.argue(logicalID, [ScannerReasons.logDestinationVersioning, ScannerReasons.logDestinationVersioningCfripper])
        }

        let tlsOnly: Value = [
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn.value, objects],
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ]
        let statements = [tlsOnly] + logSources.compactMap { deliveryStatement($0, region: stack.region) } + policyStatements
        stack.add(
            bucketPolicy,
            Resource(
                type: "AWS::S3::BucketPolicy",
                properties: ["Bucket": resourceID.ref, "PolicyDocument": IAMPolicy.document(statements)]))
    }

    /// The bucket policy; what writes into the bucket from another component waits for it.
    var bucketPolicy: ResourceID { part("Policy") }

    private var objects: Value { IAMPolicy.suffixed(arn.value, "/*") }
    private var ownKeyArn: Value { .getAtt(LogicalID.make(name + "-bucket", kind: "Key"), "Arn") }

    private func effectiveEncryption(_ stack: StackContext) -> Encryption {
        encryption ?? (stack.environment.isProduction ? .ownKey : .s3Managed)
    }

    private func defaultEncryption(_ encryption: Encryption) -> Value {
        switch encryption {
        case .s3Managed: ["SSEAlgorithm": "AES256"]
        case .kms(let key): ["SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.arn.value]
        case .ownKey: ["SSEAlgorithm": "aws:kms", "KMSMasterKeyID": ownKeyArn]
        }
    }

    /// The policy statement a log delivery needs; CloudFront's legacy logs write with ACLs instead.
    private func deliveryStatement(_ source: LogSource, region: String) -> Value? {
        let sourceAccount: Value = ["StringEquals": ["aws:SourceAccount": .accountID]]
        switch source {
        case .s3ServerAccessLogs:
            return [
                "Sid": "AllowS3ServerAccessLogs", "Effect": "Allow", "Principal": ["Service": "logging.s3.amazonaws.com"],
                "Action": "s3:PutObject", "Resource": objects, "Condition": sourceAccount,
            ]
        case .loadBalancer:
            let principal: Value = LoadBalancerLogAccounts.account(in: region).map {
                ["AWS": .sub("arn:${AWS::Partition}:iam::\($0):root")]
            } ?? ["Service": "logdelivery.elasticloadbalancing.amazonaws.com"]
            return [
                "Sid": "AllowLoadBalancerAccessLogs", "Effect": "Allow", "Principal": principal,
                "Action": "s3:PutObject", "Resource": objects,
            ]
        case .cloudFront:
            return nil
        case .config:
            return [
                "Sid": "AllowConfigDelivery", "Effect": "Allow", "Principal": ["Service": "config.amazonaws.com"],
                "Action": ["s3:GetBucketAcl", "s3:ListBucket", "s3:PutObject"], "Resource": [arn.value, objects],
                "Condition": sourceAccount,
            ]
        case .cloudTrail:
            return [
                "Sid": "AllowCloudTrailDelivery", "Effect": "Allow", "Principal": ["Service": "cloudtrail.amazonaws.com"],
                "Action": ["s3:GetBucketAcl", "s3:PutObject"], "Resource": [arn.value, objects],
                "Condition": sourceAccount,
            ]
        }
    }

    // MARK: - Grants

    public func policyStatements(for access: Access, in stack: StackContext) -> [Value] {
        var objectActions: [String] = []
        if access != .write { objectActions += ["s3:GetObject", "s3:GetObjectVersion"] }
        if access != .read { objectActions += ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] }
        var statements = [
            IAMPolicy.allow(["s3:ListBucket", "s3:ListBucketMultipartUploads"], on: [arn.value]),
            IAMPolicy.allow(objectActions, on: [objects]),
        ]
        let keyArn: Value? =
            switch effectiveEncryption(stack) {
            case .s3Managed: nil
            case .kms(let key): key.arn.value
            case .ownKey: ownKeyArn
            }
        if let keyArn {
            let keyActions = access == .read ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"]
            statements.append(IAMPolicy.allow(keyActions, on: [keyArn]))
        }
        return statements
    }
}
