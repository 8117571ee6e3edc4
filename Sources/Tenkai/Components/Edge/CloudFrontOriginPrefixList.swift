/// The AWS-managed prefix list of CloudFront's origin-facing addresses, by region.
///
/// CloudFormation has no intrinsic that finds a managed prefix list by name, and the list's ID
/// differs per region (it is fixed once AWS creates it), so the IDs are kept here and the
/// template names the ID directly. A region missing here is a synth error that says how to look
/// the ID up. The list counts as 55 rules against a security group's inbound rules quota (60 by
/// default), so a group can admit it on one port only: HTTPS.
enum CloudFrontOriginPrefixList {
    static let name = "com.amazonaws.global.cloudfront.origin-facing"

    /// From `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`.
    static let ids: [String: String] = [
        "us-east-1": "pl-3b927c52", "us-east-2": "pl-b6a144df", "us-west-1": "pl-4ea04527", "us-west-2": "pl-82a045eb",
        "ap-northeast-1": "pl-58a04531", "ap-northeast-2": "pl-22a6434b", "ap-southeast-1": "pl-31a34658",
        "ap-southeast-2": "pl-b8a742d1", "ap-south-1": "pl-9aa247f3", "eu-west-1": "pl-4fa04526",
    ]

    static func id(in region: String) -> String? { ids[region] }
}
