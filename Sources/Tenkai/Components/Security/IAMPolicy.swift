import TenkaiCore

/// Builders for IAM documents, so every component writes roles and statements the same way.
///
/// Statements name their actions and resources exactly; the `iam-wildcard` rule refuses
/// `*` everywhere except for the few actions AWS does not scope to a resource.
public enum IAMPolicy {
    /// An `Allow` statement for `actions` on `resources`.
    public static func allow(_ actions: [String], on resources: [Value], condition: Value? = nil) -> Value {
        var statement: Fields = [
            "Effect": "Allow",
            "Action": .list(actions.map(Value.string)),
            "Resource": .list(resources),
        ]
        if let condition { statement["Condition"] = condition }
        return .map(statement)
    }

    /// A policy document of `statements`.
    public static func document(_ statements: [Value]) -> Value {
        ["Version": "2012-10-17", "Statement": .list(statements)]
    }

    /// A trust policy letting one AWS service assume a role, only on behalf of this account.
    public static func trust(_ service: String) -> Value {
        document([
            [
                "Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole",
                "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
            ]
        ])
    }

    /// An `AWS::IAM::Role` for `service` with one inline policy of `statements` (none when empty).
    public static func role(
        for service: String, policyName: String, statements: [Value], managedPolicies: [String] = []
    ) -> Resource {
        var properties: Fields = ["AssumeRolePolicyDocument": trust(service)]
        if !statements.isEmpty {
            properties["Policies"] = [["PolicyName": .string(policyName), "PolicyDocument": document(statements)]]
        }
        if !managedPolicies.isEmpty {
            properties["ManagedPolicyArns"] = .list(managedPolicies.map(awsManaged))
        }
        return Resource(type: "AWS::IAM::Role", properties: properties)
    }

    /// `arn` followed by `suffix` (`/*` for the objects of a bucket).
    public static func suffixed(_ arn: Value, _ suffix: String) -> Value {
        .join("", [arn, .string(suffix)])
    }
}
