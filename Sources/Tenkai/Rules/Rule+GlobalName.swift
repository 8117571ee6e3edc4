import TenkaiCore

extension Rule {
    /// S3 bucket names are one namespace across every AWS account: a fixed name such as
    /// `fileshare-prod-logs` is taken by whoever creates it first, so a deploy to a new account
    /// (or someone else's bucket of that name) fails with `BucketAlreadyExists`. A name must
    /// carry `${AWS::AccountId}`, or be left to CloudFormation (no `BucketName`).
    public static let globalName = Rule(
        .globalName, summary: "Globally unique names carry the account ID",
        hint: "name it with ${AWS::AccountId} (Bucket does: <system>-<env>-<name>-<account>-<region>) or leave the name to CloudFormation"
    ) { subject in
        guard subject.resource.type == "AWS::S3::Bucket", let name = subject.properties["BucketName"] else { return [] }
        switch name {
        case .string(let fixed):
            return ["\(subject.logicalID) has the fixed global name '\(fixed)'"]
        case .function("Fn::Sub", let argument):
            let template = argument.listValue?.first?.stringValue ?? argument.stringValue ?? ""
            return template.contains("${AWS::AccountId}") ? [] : ["\(subject.logicalID)'s name '\(template)' has no account ID"]
        default:
            return []
        }
    }
}
