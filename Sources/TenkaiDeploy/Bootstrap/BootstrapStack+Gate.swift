import TenkaiCore

extension BootstrapStack {
    public static let gateParameterID = "GatePin"
    public static let plannerRoleID = "PlannerRole"
    public static let executorRoleID = "ExecutorRole"

    /// GitHub's OIDC provider, created once per account (outside this stack: an account has one).
    static let githubProvider: Value = .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com")

    /// The production gate, pinned where the roles that deploy cannot reach it:
    ///
    /// - `GatePin`: the SSM parameter ``GatePolicy/parameterName`` with the approvers, the
    ///   required count and the plans' validity. Written by this stack, so by whoever may update
    ///   `tenkai-bootstrap` (the administrator).
    /// - With a GitHub repository (`owner/name`): `PlannerRole` (`tenkai-planner-<env>`), assumable
    ///   from the repository's main branch, may create and read change sets and write plans and
    ///   audit records, but never execute; `ExecutorRole` (`tenkai-executor-<env>`), assumable only
    ///   by a job running in the GitHub environment named like the Tenkai environment (where
    ///   required reviewers hold it), is the one role here that may execute change sets. Neither may
    ///   touch the pin, this stack, the tenkai roles, or delete what the bucket holds.
    public static func gateResources(_ gate: GatePolicy, github: String?) -> [String: Resource] {
        var resources: [String: Resource] = [
            gateParameterID: Resource(
                type: "AWS::SSM::Parameter",
                properties: [
                    "Name": .string(GatePolicy.parameterName), "Type": "String", "Tier": gate.json.utf8.count > 4096 ? "Advanced" : "Standard",
                    "Value": .string(gate.json),
                    "Description": .string("Tenkai prod gate for \(gate.environment): approvers, required approvals, plan validity. Changed only by tenkai bootstrap."),
                ])
        ]
        guard let github else { return resources }
        resources[plannerRoleID] = role(
            name: "tenkai-planner-\(gate.environment)", subject: "repo:\(github):ref:refs/heads/main",
            description: "Makes prod plans from main: change sets and plan objects, never executes them",
            allow: [
                statement("ReadAndPlan", [
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DeleteChangeSet",
                    "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate",
                    "cloudformation:ListChangeSets",
                ], environmentStacks(gate.environment)),
                statement("WritePlansAndAudit", ["s3:GetObject", "s3:PutObject"], [bucketObjects("plans/*"), bucketObjects("audit/*")]),
                statement("ListBucket", ["s3:ListBucket"], [.getAtt(bucketID, "Arn")]),
                statement("ReadGate", ["ssm:GetParameter"], [pinARN]),
            ],
            denyExecution: true)
        var executor = role(
            name: "tenkai-executor-\(gate.environment)", subject: "repo:\(github):environment:\(gate.environment)",
            description: "Runs approved prod plans; assumable only by the reviewed GitHub environment's job",
            allow: [
                statement("ExecutePlannedChangeSets", [
                    "cloudformation:ExecuteChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStacks",
                    "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:UpdateTerminationProtection",
                ], environmentStacks(gate.environment)),
                statement("ManageRolesOfTheStacks", [
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PassRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                    "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
                    "iam:CreateServiceLinkedRole",
                ], [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*-\(gate.environment)-*")]),
            ],
            denyExecution: false)
        // The stacks' own resources are created with the executor's permissions (ExecuteChangeSet
        // runs as the caller); PowerUserAccess covers them, the denies keep the gate out of reach.
        executor.properties["ManagedPolicyArns"] = [.sub("arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess")]
        resources[executorRoleID] = executor
        return resources
    }

    static var pinARN: Value {
        .sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter\(GatePolicy.parameterName)")
    }

    static func environmentStacks(_ environment: String) -> [Value] {
        [.sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*-\(environment)-*/*")]
    }

    static func bucketObjects(_ pattern: String) -> Value {
        .join("", [.getAtt(bucketID, "Arn"), .string("/\(pattern)")])
    }

    static func statement(_ sid: String, _ actions: [String], _ resources: [Value], effect: String = "Allow") -> Value {
        ["Sid": .string(sid), "Effect": .string(effect), "Action": .list(actions.map(Value.string)), "Resource": .list(resources)]
    }

    /// What neither role may do, whatever else it is allowed.
    static func gateDenials(denyExecution: Bool) -> [Value] {
        var denials: [Value] = [
            statement("KeepThePinnedGate", ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:DeleteParameters", "ssm:LabelParameterVersion"], [pinARN], effect: "Deny"),
            statement("KeepTheBootstrapStack", ["cloudformation:*"], [
                .sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/\(stackName)/*"),
            ], effect: "Deny"),
            statement("KeepTheTenkaiRoles", ["iam:*"], [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tenkai-*")], effect: "Deny"),
            // Plans, approvals and audit records are never deleted; locks and release state are
            // (a deploy or release removes its own), so the deny names the first two prefixes only.
            statement("KeepPlansApprovalsAndAudit", ["s3:DeleteObject", "s3:DeleteObjectVersion"], [bucketObjects("plans/*"), bucketObjects("audit/*")], effect: "Deny"),
            statement("KeepTheBucket", [
                "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:DeleteBucket",
            ], [.getAtt(bucketID, "Arn")], effect: "Deny"),
        ]
        if denyExecution {
            denials.append(statement("NeverExecute", [
                "cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
            ], [.string("*")], effect: "Deny"))
        }
        return denials
    }

    /// `alsoTrusted`: further trust statements (the production pipeline's release role, ``pipelineTrust(_:)``).
    static func role(name: String, subject: String, description: String, allow: [Value], denyExecution: Bool, alsoTrusted: [Value] = []) -> Resource {
        var role = Resource(
            type: "AWS::IAM::Role",
            properties: [
                "RoleName": .string(name),
                "Description": .string(description),
                "MaxSessionDuration": 3600,
                "AssumeRolePolicyDocument": [
                    "Version": "2012-10-17",
                    "Statement": .list([
                        [
                            "Effect": "Allow", "Principal": ["Federated": githubProvider], "Action": "sts:AssumeRoleWithWebIdentity",
                            "Condition": [
                                "StringEquals": [
                                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                    "token.actions.githubusercontent.com:sub": .string(subject),
                                ]
                            ],
                        ]
                    ] + alsoTrusted),
                ],
                "Policies": [
                    [
                        "PolicyName": "tenkai-gate",
                        "PolicyDocument": ["Version": "2012-10-17", "Statement": .list(allow + gateDenials(denyExecution: denyExecution))],
                    ]
                ],
            ])
        role.metadata["tenkai:path"] = .string("tenkai/bootstrap/\(name)")
        return role
    }
}
