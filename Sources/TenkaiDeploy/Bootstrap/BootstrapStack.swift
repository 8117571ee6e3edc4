import TenkaiCore

/// The `tenkai-bootstrap` stack: one per account and region, holding the artifacts bucket that
/// large templates, plans, approvals and audit records go through; for a production environment
/// also the pinned gate (``GatePolicy``) and, given a GitHub repository, the roles that confine
/// change set execution to the gated deploy job (``gateResources(_:github:)``).
///
/// The bucket is encrypted, versioned, private, reachable only over TLS, forgets unfinished
/// uploads, and logs every access to a second bucket (``accessLogResources()``).
public enum BootstrapStack {
    public static let stackName = "tenkai-bootstrap"
    public static let bucketOutput = "ArtifactsBucketName"
    public static let bucketID = "ArtifactsBucket"

    /// The bucket's name: fixed per account and region, so it can be found without the stack's outputs.
    public static func bucketName(account: String, region: String) -> String {
        "tenkai-artifacts-\(account)-\(region)"
    }

    /// The bucket, its TLS-only policy, and the bucket name as an output.
    /// `environment`: the environment bootstrapped; outside production, with `github`, it names the
    /// deploy role (``deployRole(environment:github:)``). `iam`: whether this region's stack holds the
    /// account's IAM (roles and policies are global, so only the environment's own region has them).
    /// `pipelineRole`: the production pipeline's release role the deploy role also trusts.
    public static func template(
        gate: GatePolicy? = nil, github: String? = nil, environment: String? = nil, iam: Bool = true, pipelineRole: PipelineRole? = nil
    ) -> Template {
        var template = Template(description: "Tenkai bootstrap: the artifacts bucket for large templates and plans")
        var bucket = Resource(
            type: "AWS::S3::Bucket",
            properties: [
                "BucketName": .sub("tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"),
                "BucketEncryption": [
                    "ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]
                ],
                "VersioningConfiguration": ["Status": "Enabled"],
                "LoggingConfiguration": artifactsLogging,
                "PublicAccessBlockConfiguration": [
                    "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
                ],
                "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
                "LifecycleConfiguration": [
                    "Rules": [
                        [
                            "Id": "abort-unfinished-uploads", "Status": "Enabled",
                            "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": 1],
                        ]
                    ]
                ],
            ],
            deletionPolicy: .retain, updateReplacePolicy: .retain)
        bucket.metadata["tenkai:path"] = "tenkai/bootstrap/artifacts"
        template.resources[bucketID] = bucket
        for (id, resource) in accessLogResources() { template.resources[id] = resource }
        template.resources["ArtifactsBucketPolicy"] = Resource(
            type: "AWS::S3::BucketPolicy",
            properties: [
                "Bucket": .ref(bucketID),
                "PolicyDocument": [
                    "Version": "2012-10-17",
                    "Statement": [
                        [
                            "Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                            "Resource": [.getAtt(bucketID, "Arn"), .join("", [.getAtt(bucketID, "Arn"), "/*"])],
                            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
                        ]
                    ],
                ],
            ])
        template.outputs[bucketOutput] = Output(value: .ref(bucketID), description: "Where tenkai puts large templates and plans")
        if let gate {
            for (id, resource) in gateResources(gate, github: iam ? github : nil) { template.resources[id] = resource }
            if iam { template.resources[approverPolicyID] = approverPolicy(gate) }
        } else if iam, let github, let environment {
            template.resources[deployRoleID] = deployRole(environment: environment, github: github, pipelineRole: pipelineRole)
        }
        return template
    }

    public static func target(
        region: String, gate: GatePolicy? = nil, github: String? = nil, environment: String? = nil, iam: Bool = true, pipelineRole: PipelineRole? = nil
    ) -> DeployTarget {
        let template = self.template(gate: gate, github: github, environment: environment, iam: iam, pipelineRole: pipelineRole)
        return DeployTarget(
            name: "bootstrap", stackName: stackName, region: region, template: template,
            tags: ["managed-by": "tenkai", "tenkai:stack": "bootstrap"], templateBody: JSONRenderer.render(template.value))
    }
}
