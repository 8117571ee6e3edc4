import TenkaiCore

extension BootstrapStack {
    public static let deployRoleID = "DeployRole"
    public static let approverPolicyID = "ApproverPolicy"

    /// The role the GitHub release workflow assumes for a development or staging environment
    /// (`tenkai-deploy-<env>`): assumable only through GitHub's OIDC provider by a job of the
    /// repository running in the GitHub environment named like the Tenkai environment. It deploys
    /// the environment's stacks (PowerUserAccess for their resources, IAM only on roles of stacks
    /// named `*-<env>-*`) and, like the production roles, may not touch this stack, the tenkai
    /// roles, or delete plans and audit records.
    /// `pipelineRole`: the production pipeline's release role (an IAM role ARN, another account),
    /// which may assume this role too (``pipelineTrust(_:)``).
    public static func deployRole(environment: String, github: String, pipelineRole: PipelineRole? = nil) -> Resource {
        var deploy = role(
            name: "tenkai-deploy-\(environment)", subject: "repo:\(github):environment:\(environment)",
            description: "Deploys \(environment) from the repository's GitHub environment \(environment) (OIDC)",
            allow: [
                statement("DeployTheEnvironmentsStacks", [
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
                    "cloudformation:DeleteChangeSet", "cloudformation:ListChangeSets", "cloudformation:DescribeStacks",
                    "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:UpdateTerminationProtection",
                    "cloudformation:DeleteStack",
                ], environmentStacks(environment)),
                statement("ManageRolesOfTheStacks", [
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PassRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                    "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
                ], [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*-\(environment)-*")]),
                [
                    "Sid": "ExecuteOnlyTheEnvironmentsStacks", "Effect": "Deny",
                    "Action": ["cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack"],
                    "NotResource": .list(environmentStacks(environment)),
                ],
            ],
            denyExecution: false, alsoTrusted: pipelineRole.map { [pipelineTrust($0)] } ?? [])
        deploy.properties["ManagedPolicyArns"] = [.sub("arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess")]
        return deploy
    }

    /// What the approvers of a production environment need, and no more, as the managed policy
    /// `tenkai-approve-<env>` for an administrator to attach to their users (or SSO permission
    /// set): read the pinned gate and the plans, write their approvals and the audit records
    /// `tenkai approve` adds; never execute a change set, change the pin, this stack, the tenkai
    /// roles, or delete plans and audit records. Each approver writes only the approval file of
    /// their own name (``approverTag`` on their IAM user or role names it), and only where none
    /// is yet (`s3:if-none-match`): no approver can take or overwrite another's.
    public static func approverPolicy(_ gate: GatePolicy) -> Resource {
        let allow = [
            statement("ReadGate", ["ssm:GetParameter"], [pinARN]),
            statement("ReadPlans", ["s3:GetObject"], [bucketObjects("plans/*")]),
            statement("ListBucket", ["s3:ListBucket"], [.getAtt(bucketID, "Arn")]),
            createOnly("WriteOwnApprovals", [bucketObjects(ownApprovals)]),
            createOnly("WriteAuditRecords", [bucketObjects("audit/*")]),
        ]
        var policy = Resource(
            type: "AWS::IAM::ManagedPolicy",
            properties: [
                "ManagedPolicyName": .string("tenkai-approve-\(gate.environment)"),
                "Description": .string("Tenkai approvers of \(gate.environment): read plans, write approvals; never execute change sets"),
                "PolicyDocument": ["Version": "2012-10-17", "Statement": .list(allow + gateDenials(denyExecution: true))],
            ])
        policy.metadata["tenkai:path"] = .string("tenkai/bootstrap/tenkai-approve-\(gate.environment)")
        return policy
    }

    /// The principal tag an administrator puts on each approver's IAM user or role, valued with
    /// their name in the environment file (`tenkai-approver=pdm`).
    public static let approverTag = "tenkai-approver"

    /// `plans/<id>/approvals/<name>.json` for the caller's own name only. A principal without the
    /// tag matches nothing (IAM leaves a statement whose variable is missing unmatched).
    static let ownApprovals = "plans/*/approvals/${aws:PrincipalTag/\(approverTag)}.json"

    /// `s3:PutObject` only for writes that create (`If-None-Match: *`, as tenkai sends them).
    static func createOnly(_ sid: String, _ resources: [Value]) -> Value {
        [
            "Sid": .string(sid), "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": .list(resources),
            "Condition": ["Null": ["s3:if-none-match": "false"]],
        ]
    }
}
