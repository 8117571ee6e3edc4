import TenkaiCore

/// What each CodeBuild project of a ``Pipeline`` does, and exactly what its role may do.
enum PipelineBuild {
    /// `command` runs the tests with code coverage; `dockerfile` (relative to the repository root) builds the image.
    case test(command: String), image(dockerfile: String)
    case release(system: String)
    case plan(environment: String, system: String)
    case deploy(environment: String, system: String, stacks: [Pipeline.DeployedStack])
    /// `tenkai release --plan` of the approved release plan: the image the Image stage pushed.
    case releaseImage(environment: String, system: String, stacks: [Pipeline.DeployedStack])

    var description: String {
        switch self {
        case .test: "make test with code coverage (LCOV into the coverage report group)"
        case .image: "builds the service image and pushes it, tagged with the commit"
        case .release(let system): "tenkai deploy --system \(system) to TENKAI_ENV, through tenkai-deploy-<env> in that environment's account"
        case .plan(let environment, let system): "tenkai plan --env \(environment) --system \(system): change sets and a plan in the bootstrap bucket, never executed"
        case .deploy(let environment, let system, _): "tenkai deploy --env \(environment) --system \(system) --plan PLAN_ID: exactly the approved plan"
        case .releaseImage(let environment, let system, _):
            "tenkai release --env \(environment) --system \(system) --plan RELEASE_PLAN_ID: exactly the approved image release"
        }
    }

    var usesDocker: Bool { if case .image = self { true } else { false } }
    /// Only the production deploy executes change sets in this account.
    var mayExecute: Bool { if case .deploy = self { true } else { false } }
    var computeType: String { if case .test = self { "BUILD_GENERAL1_LARGE" } else { "BUILD_GENERAL1_MEDIUM" } }
    var timeoutMinutes: Int {
        switch self {
        case .deploy, .releaseImage: 120
        default: 60
        }
    }
    /// The image release may update its stacks' image parameter (previous template only), nothing else.
    var mayUpdateStacks: Bool { if case .releaseImage = self { true } else { false } }

    /// The stage's own permissions, beyond logs and pipeline artifacts.
    func statements(coverageReports: ResourceID, images: Repository) -> [Value] {
        let bucket: Value = .sub("arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}")
        let gate: Value = .sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tenkai/gate")
        let stacks: Value = .sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*")
        switch self {
        case .test:
            return [[
                "Effect": "Allow",
                "Action": ["codebuild:CreateReportGroup", "codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases", "codebuild:BatchPutCodeCoverages"],
                "Resource": [coverageReports.arn],
            ]]
        case .image:
            return [
                ["Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": "*"],
                ["Effect": "Allow", "Action": [
                    "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
                    "ecr:BatchGetImage",
                ], "Resource": [images.arn.value]],
            ]
        case .release:
            return [["Effect": "Allow", "Action": ["sts:AssumeRole"], "Resource": [.sub("arn:${AWS::Partition}:iam::*:role/tenkai-deploy-*")]]]
        case .plan:
            return [
                ["Effect": "Allow", "Action": [
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DeleteChangeSet",
                    "cloudformation:DescribeStacks", "cloudformation:GetTemplate", "cloudformation:ListChangeSets",
                ], "Resource": [stacks]],
                ["Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": [IAMPolicy.suffixed(bucket, "/plans/*"), IAMPolicy.suffixed(bucket, "/audit/*")]],
                ["Effect": "Allow", "Action": ["ssm:GetParameter"], "Resource": [gate]],
            ]
        case .releaseImage(let environment, let system, let deployed):
            return Self.releaseStatements(system: system, environment: environment, stacks: deployed, images: images)
        case .deploy(_, _, let deployed):
            // Creating the stacks' resources needs broad rights (PowerUserAccess, attached
            // separately); IAM for the stacks' own roles (CloudFormation names them
            // `<stack name>-<logical ID>-<suffix>`), change sets and execution are limited to the
            // system's stacks, by name.
            let roles: [Value] = deployed.map { .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/\($0.name)-*") }
            let stacks: [Value] = deployed.map { .sub("arn:${AWS::Partition}:cloudformation:\($0.region ?? "${AWS::Region}"):${AWS::AccountId}:stack/\($0.name)/*") }
            guard !deployed.isEmpty else { return [] }
            return [
                ["Sid": "ManageRolesOfTheSystemStacks", "Effect": "Allow", "Action": [
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PassRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                    "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
                ], "Resource": .list(roles)],
                ["Sid": "RunTheSystemStacks", "Effect": "Allow", "Action": [
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
                    "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate",
                    "cloudformation:UpdateTerminationProtection",
                ], "Resource": .list(stacks)],
                ["Sid": "ExecuteOnlyTheSystemStacks", "Effect": "Deny", "Action": [
                    "cloudformation:ExecuteChangeSet", "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
                ], "NotResource": .list(stacks)],
            ]
        }
    }

    /// What no stage may do: change the pinned gate or the bootstrap stack, touch the tenkai
    /// roles, delete plans, approvals or audit records; and, except the production deploy, execute.
    static func gateDenials(mayExecute: Bool, mayUpdateStacks: Bool = false) -> [Value] {
        var denials: [Value] = [
            ["Effect": "Deny", "Action": ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:DeleteParameters", "ssm:LabelParameterVersion"],
             "Resource": [.sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tenkai/gate")]],
            ["Effect": "Deny", "Action": ["cloudformation:*"], "Resource": [.sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/tenkai-bootstrap/*")]],
            ["Effect": "Deny", "Action": ["iam:*"], "Resource": [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tenkai-*")]],
            // Plans and audit records are never deleted; a deploy removes its own lock (locks/*).
            ["Effect": "Deny", "Action": ["s3:DeleteObject", "s3:DeleteObjectVersion"], "Resource": [
                .sub("arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}/plans/*"),
                .sub("arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}/audit/*"),
            ]],
            ["Effect": "Deny", "Action": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration"],
             "Resource": [.sub("arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}")]],
        ]
        if !mayExecute {
            let actions = ["cloudformation:ExecuteChangeSet", "cloudformation:CreateStack"]
                + (mayUpdateStacks ? [] : ["cloudformation:UpdateStack"]) + ["cloudformation:DeleteStack"]
            denials.append(["Effect": "Deny", "Action": .list(actions.map(Value.string)), "Resource": "*"])
        }
        return denials
    }
}
