import TenkaiCore

extension BootstrapStack {
    public static let accessLogsBucketID = "AccessLogsBucket"
    /// Where the artifacts bucket's logs go inside the access-log bucket.
    public static let accessLogPrefix = "artifacts/"

    /// The access-log bucket's name: fixed per account and region, like the artifacts bucket's.
    public static func accessLogsBucketName(account: String, region: String) -> String {
        "tenkai-access-logs-\(account)-\(region)"
    }

    /// S3 server access logs of the artifacts bucket: every read of a plan and every write of an
    /// approval, by whom, whatever client made it (the audit records show only what went through
    /// tenkai). The bucket is private, encrypted with S3's keys (the only encryption log delivery
    /// supports), versioned, TLS only, written by the S3 logging service for this account's
    /// artifacts bucket alone, and keeps logs a year. It does not log itself: that would log its
    /// own log deliveries without end, which is why checkov's CKV_AWS_18 is skipped on it, with
    /// that reason in its metadata.
    static func accessLogResources() -> [String: Resource] {
        var bucket = Resource(
            type: "AWS::S3::Bucket",
            properties: [
                "BucketName": .sub("tenkai-access-logs-${AWS::AccountId}-${AWS::Region}"),
                "BucketEncryption": [
                    "ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]
                ],
                "VersioningConfiguration": ["Status": "Enabled"],
                "PublicAccessBlockConfiguration": [
                    "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
                ],
                "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
                "LifecycleConfiguration": [
                    "Rules": [
                        [
                            "Id": "keep-access-logs-a-year", "Status": "Enabled", "ExpirationInDays": 365,
                            "NoncurrentVersionExpiration": ["NoncurrentDays": 30],
                            "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": 1],
                        ]
                    ]
                ],
            ],
            deletionPolicy: .retain, updateReplacePolicy: .retain)
        bucket.metadata["tenkai:path"] = "tenkai/bootstrap/access-logs"
        bucket.metadata["checkov"] = [
            "skip": [["id": "CKV_AWS_18", "comment": "The access-log bucket itself: logging it would log its own log deliveries without end."]]
        ]
        let policy = Resource(
            type: "AWS::S3::BucketPolicy",
            properties: [
                "Bucket": .ref(accessLogsBucketID),
                "PolicyDocument": [
                    "Version": "2012-10-17",
                    "Statement": [
                        [
                            "Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                            "Resource": [.getAtt(accessLogsBucketID, "Arn"), .join("", [.getAtt(accessLogsBucketID, "Arn"), "/*"])],
                            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
                        ],
                        [
                            "Sid": "S3ServerAccessLogsOfTheArtifactsBucket", "Effect": "Allow",
                            "Principal": ["Service": "logging.s3.amazonaws.com"], "Action": "s3:PutObject",
                            "Resource": .join("", [.getAtt(accessLogsBucketID, "Arn"), .string("/\(accessLogPrefix)*")]),
                            "Condition": [
                                "ArnLike": ["aws:SourceArn": .getAtt(bucketID, "Arn")],
                                "StringEquals": ["aws:SourceAccount": .ref("AWS::AccountId")],
                            ],
                        ],
                    ],
                ],
            ])
        return [accessLogsBucketID: bucket, "AccessLogsBucketPolicy": policy]
    }

    /// The artifacts bucket's `LoggingConfiguration`.
    static var artifactsLogging: Value {
        ["DestinationBucketName": .ref(accessLogsBucketID), "LogFilePrefix": .string(accessLogPrefix)]
    }
}
