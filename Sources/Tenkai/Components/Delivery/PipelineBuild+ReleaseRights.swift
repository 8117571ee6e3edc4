import TenkaiCore

extension PipelineBuild {
    /// What `tenkai release --plan` needs to release one system's service in production, and no
    /// more (the calls in TenkaiDeploy/Release and the gate): its resources are the ones whose
    /// names start with `<system>-<env>-` (cluster, services and their green twins, task
    /// definitions, load balancers, alarms) and the system's stacks by name.
    ///
    /// `stacks`: the system's stacks (CloudFormation names) and their regions where pinned elsewhere.
    static func releaseStatements(system: String, environment: String, stacks: [Pipeline.DeployedStack], images: Repository) -> [Value] {
        let names = "\(system)-\(environment)"
        let releases = "releases/\(system)/\(environment)/*"
        let region = "${AWS::Region}:${AWS::AccountId}"
        let bucket = "arn:${AWS::Partition}:s3:::tenkai-artifacts-${AWS::AccountId}-${AWS::Region}"
        let cluster = "arn:${AWS::Partition}:ecs:\(region):cluster/\(names)-*"
        // A release reads and updates only the stacks in the service's region (the pipeline's);
        // stacks pinned elsewhere (edge-global in us-east-1) publish nothing it needs.
        let localStacks: [Value] = stacks.filter { $0.region == nil }.map {
            .sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/\($0.name)/*")
        }
        let taskRoles: [Value] = stacks.filter { $0.region == nil }.map { .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/\($0.name)-*") }
        let statements: [Value] = [
            ["Sid": "ReadTheSystemStacks", "Effect": "Allow", "Action": ["cloudformation:DescribeStacks"], "Resource": .list(localStacks)],
            // Keeps the released image as the stack's parameter (previous template), so the next deploy keeps it.
            ["Sid": "RecordTheReleasedImage", "Effect": "Allow", "Action": ["cloudformation:UpdateStack"], "Resource": .list(localStacks)],
            ["Sid": "OnlyWithThePreviousTemplate", "Effect": "Deny", "Action": ["cloudformation:UpdateStack"], "Resource": "*",
             "Condition": ["Null": ["cloudformation:TemplateUrl": "false"]]],
            ["Sid": "RunTheServices", "Effect": "Allow", "Action": [
                "ecs:DescribeServices", "ecs:UpdateService", "ecs:CreateService", "ecs:DeleteService",
            ], "Resource": [.sub("arn:${AWS::Partition}:ecs:\(region):service/\(names)-*/\(names)-*")]],
            ["Sid": "RunTheMigrationTask", "Effect": "Allow", "Action": ["ecs:RunTask"],
             "Resource": [.sub("arn:${AWS::Partition}:ecs:\(region):task-definition/\(names)-*:*")],
             "Condition": ["ArnLike": ["ecs:cluster": .sub(cluster)]]],
            ["Sid": "WatchAndStopTheMigrationTask", "Effect": "Allow", "Action": ["ecs:DescribeTasks", "ecs:StopTask"],
             "Resource": [.sub("arn:${AWS::Partition}:ecs:\(region):task/\(names)-*/*")]],
            // ECS has no resource-level permissions for task definitions' register and describe.
            ["Sid": "RegisterTaskDefinitions", "Effect": "Allow", "Action": [
                "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
            ], "Resource": "*"],
            ["Sid": "PassOnlyTheTaskRoles", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": .list(taskRoles),
             "Condition": ["StringEquals": ["iam:PassedToService": "ecs-tasks.amazonaws.com"]]],
            ["Sid": "ShiftTraffic", "Effect": "Allow", "Action": ["elasticloadbalancing:ModifyRule", "elasticloadbalancing:ModifyListener"], "Resource": [
                .sub("arn:${AWS::Partition}:elasticloadbalancing:\(region):listener/app/\(names)-*/*"),
                .sub("arn:${AWS::Partition}:elasticloadbalancing:\(region):listener-rule/app/\(names)-*/*"),
            ]],
            // Elastic Load Balancing's Describe calls take no resource.
            ["Sid": "ReadTraffic", "Effect": "Allow", "Action": [
                "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetHealth",
            ], "Resource": "*"],
            ["Sid": "WatchTheAlarms", "Effect": "Allow", "Action": ["cloudwatch:DescribeAlarms"],
             "Resource": [.sub("arn:${AWS::Partition}:cloudwatch:\(region):alarm:\(names)-*")]],
            ["Sid": "CheckTheImage", "Effect": "Allow", "Action": ["ecr:DescribeImages"], "Resource": [images.arn.value]],
            ["Sid": "ReadTheGate", "Effect": "Allow", "Action": ["ssm:GetParameter"],
             "Resource": [.sub("arn:${AWS::Partition}:ssm:\(region):parameter/tenkai/gate")]],
            // A missing object answers 404 (not 403) only with ListBucket: `used.json`, the lock.
            ["Sid": "FindPlansAndLocks", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [.sub(bucket)]],
            ["Sid": "ReadPlansAndReleases", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [
                .sub(bucket + "/plans/*"), .sub(bucket + "/" + releases),
            ]],
            ["Sid": "ClaimPlansAndAudit", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [
                .sub(bucket + "/plans/*/used.json"), .sub(bucket + "/audit/*"), .sub(bucket + "/" + releases),
            ]],
            // The release's lock and in-flight state; records and plans stay (the gate's denials).
            ["Sid": "ReleaseTheLock", "Effect": "Allow", "Action": ["s3:DeleteObject"], "Resource": [.sub(bucket + "/" + releases)]],
        ]
        // A pipeline that names no stacks gets no rights on any stack or role (an empty Resource is invalid).
        return statements.filter { $0[path: "Resource"]?.listValue?.isEmpty != true }
    }

}
