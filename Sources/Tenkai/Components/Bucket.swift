import TenkaiCore

/// An S3 bucket, private and encrypted unless told otherwise.
///
/// Defaults: named `<system>-<env>-<name>`; server-side encryption (SSE-S3, or a KMS key when
/// one is given); every form of public access blocked; object ownership enforced (no ACLs);
/// versioning on; incomplete multipart uploads aborted after 7 days and old versions expired
/// after 90; a bucket policy that refuses plain HTTP; retained on delete in production.
///
/// ```swift
/// let files = Bucket("files")
///     .cors(allowedOrigins: ["https://\(env.domain)"])
///     .expireNoncurrentVersions(after: 30)
/// ```
public struct Bucket: Component {
    public enum Encryption: Sendable {
        case s3Managed
        case kms(Reference)
    }

    public let name: String
    public var kind: String { "Bucket" }
    public var encryption: Encryption = .s3Managed
    public var versioned = true
    public var abortIncompleteUploadsAfterDays = 7
    public var noncurrentVersionExpirationDays: Int? = 90
    public var corsOrigins: [String] = []
    /// Where access logs go (a logging bucket's name); nil keeps none.
    public var accessLogBucket: Reference?
    /// Extra bucket policy statements (the TLS-only statement is always there).
    public var policyStatements: [Value] = []
    /// Retain on delete; nil follows the environment (retain in production).
    public var retain: Bool?

    public init(_ name: String) { self.name = name }

    public func translate(into stack: inout StackContext) {
        var properties: Fields = [
            "BucketName": .string(stack.resourceName(name)),
            "BucketEncryption": [
                "ServerSideEncryptionConfiguration": [
                    ["ServerSideEncryptionByDefault": defaultEncryption, "BucketKeyEnabled": true]
                ]
            ],
            "PublicAccessBlockConfiguration": [
                "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true,
                "RestrictPublicBuckets": true,
            ],
            "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
        ]
        if versioned { properties["VersioningConfiguration"] = ["Status": "Enabled"] }
        var rule: Fields = [
            "Id": "abort-incomplete-uploads", "Status": "Enabled",
            "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": .int(abortIncompleteUploadsAfterDays)],
        ]
        var rules: [Value] = [.map(rule)]
        if versioned, let days = noncurrentVersionExpirationDays {
            rule = ["Id": "expire-old-versions", "Status": "Enabled", "NoncurrentVersionExpiration": ["NoncurrentDays": .int(days)]]
            rules.append(.map(rule))
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

        let tlsOnly: Value = [
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn.value, .sub("${\(logicalID).Arn}/*")],
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ]
        stack.add(
            logicalID + "Policy",
            Resource(
                type: "AWS::S3::BucketPolicy",
                properties: [
                    "Bucket": .ref(logicalID),
                    "PolicyDocument": ["Version": "2012-10-17", "Statement": .list([tlsOnly] + policyStatements)],
                ]))
    }

    private var defaultEncryption: Value {
        switch encryption {
        case .s3Managed: ["SSEAlgorithm": "AES256"]
        case .kms(let key): ["SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.value]
        }
    }

    // MARK: - References

    /// The bucket's name (`Ref`).
    public var bucketName: Reference { reference(.name) }
    public var arn: Reference { attribute("Arn", .arn) }
    /// The regional domain name, for CloudFront origins.
    public var regionalDomainName: Reference { attribute("RegionalDomainName", .hostname) }

    // MARK: - Modifiers

    /// Encrypts with a customer-managed KMS key instead of SSE-S3.
    public func encrypted(with key: Reference) -> Bucket { with { $0.encryption = .kms(key) } }
    /// Allows browsers on these origins to upload and download directly.
    public func cors(allowedOrigins: [String]) -> Bucket { with { $0.corsOrigins = allowedOrigins } }
    public func expireNoncurrentVersions(after days: Int?) -> Bucket { with { $0.noncurrentVersionExpirationDays = days } }
    public func abortIncompleteUploads(afterDays days: Int) -> Bucket { with { $0.abortIncompleteUploadsAfterDays = days } }
    /// Sends S3 server access logs to another bucket.
    public func accessLogs(to bucket: Reference) -> Bucket { with { $0.accessLogBucket = bucket } }
    public func allowing(_ statement: Value) -> Bucket { with { $0.policyStatements.append(statement) } }
    public func retained(_ retain: Bool = true) -> Bucket { with { $0.retain = retain } }
}
