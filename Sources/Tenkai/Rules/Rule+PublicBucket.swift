import TenkaiCore

extension Rule {
    /// Buckets must not be public, neither through settings, ACLs nor policies.
    public static let publicBucket = Rule(
        .publicBucket, summary: "Buckets are not public",
        hint: "serve public content through CDN (CloudFront) instead of opening the bucket"
    ) { subject in
        switch subject.resource.type {
        case "AWS::S3::Bucket":
            var problems: [String] = []
            let block = subject.properties["PublicAccessBlockConfiguration"]
            let settings = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]
            let open = settings.filter { block?[path: $0]?.isTrue != true }
            if !open.isEmpty {
                problems.append("\(subject.logicalID) does not block public access (\(open.joined(separator: ", ")) not true)")
            }
            if let acl = subject.properties["AccessControl"]?.stringValue,
                ["PublicRead", "PublicReadWrite", "AuthenticatedRead"].contains(acl)
            {
                problems.append("\(subject.logicalID) has the public ACL \(acl)")
            }
            return problems
        case "AWS::S3::BucketPolicy":
            let statements = subject.properties["PolicyDocument"]?[path: "Statement"]?.stringsOfOneOrMany ?? []
            return statements.compactMap { statement -> String? in
                guard statement[path: "Effect"]?.stringValue == "Allow", statement[path: "Condition"] == nil,
                    let principal = statement[path: "Principal"], principal.isEveryone
                else { return nil }
                return "\(subject.logicalID) allows everyone (Principal *) without a condition"
            }
        default:
            return []
        }
    }
}

extension Value {
    /// `"*"` or `{"AWS": "*"}`: an IAM principal that is anyone at all.
    var isEveryone: Bool {
        if self == .string("*") { return true }
        return self[path: "AWS"]?.stringsOfOneOrMany.contains(.string("*")) == true
    }
}
