import TenkaiCore

extension Rule {
    /// Identity policies name their actions and resources.
    public static let iamWildcard = Rule(
        .iamWildcard, summary: "IAM policies allow no wildcard actions or resources",
        hint: "name the actions and the resource ARNs (a Grant does this for you)"
    ) { subject in
        let documents: [Value]
        switch subject.resource.type {
        case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
            documents = (subject.properties["Policies"]?.listValue ?? []).compactMap { $0[path: "PolicyDocument"] }
            let managed = subject.properties["ManagedPolicyArns"]?.listValue ?? []
            let administrator = managed.contains { value in
                var found = false
                value.forEach { if let text = $0.stringValue, text.hasSuffix(":policy/AdministratorAccess") { found = true } }
                return found
            }
            if administrator { return ["\(subject.logicalID) has the AdministratorAccess managed policy"] + wildcardProblems(documents, subject) }
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
            documents = subject.properties["PolicyDocument"].map { [$0] } ?? []
        default:
            return []
        }
        return wildcardProblems(documents, subject)
    }

    private static func wildcardProblems(_ documents: [Value], _ subject: RuleSubject) -> [String] {
        var problems: [String] = []
        for document in documents {
            for statement in document[path: "Statement"]?.stringsOfOneOrMany ?? [] {
                guard statement[path: "Effect"]?.stringValue == "Allow" else { continue }
                if statement[path: "NotAction"] != nil || statement[path: "NotResource"] != nil {
                    problems.append("\(subject.logicalID) allows NotAction/NotResource, which grants everything else")
                    continue
                }
                let actions = (statement[path: "Action"]?.stringsOfOneOrMany ?? []).compactMap(\.stringValue)
                for action in actions where action.contains("*") {
                    problems.append("\(subject.logicalID) allows the wildcard action '\(action)'")
                }
                let resources = statement[path: "Resource"]?.stringsOfOneOrMany ?? []
                let anyResource = resources.contains { $0.stringValue.map(isWildcardResource) == true }
                if anyResource, !actions.allSatisfy(unscopedActions.contains) {
                    let scoped = actions.filter { !unscopedActions.contains($0) }
                    problems.append("\(subject.logicalID) allows \(scoped.joined(separator: ", ")) on every resource ('*')")
                }
            }
        }
        return problems
    }

    private static func isWildcardResource(_ arn: String) -> Bool { arn == "*" }

    /// Actions that AWS does not scope to a resource: `Resource: "*"` is the only way to allow them.
    static let unscopedActions: Set<String> = [
        "ecr:GetAuthorizationToken",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
        "cloudwatch:PutMetricData", "logs:DescribeLogGroups", "ssm:DescribeParameters",
        "inspector2:Enable", "inspector2:Disable", "inspector2:BatchGetAccountStatus",
        "ec2:DescribeNetworkInterfaces", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
        "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetHealth",
    ]
}
